/**
 * The files of an upload as the preview reads them: loose files as they are, and every uploaded zip
 * replaced by the files inside it (a zipped package, or a zipped Shapefile beside other loose files).
 * Each zip's directory is checked before anything is inflated (unzipSourceFiles), and all zips of one
 * upload together may unpack to at most `maxUnzippedBytes`.
 */
import { bilingual, type Bilingual } from '../model/index.js';
import { ArchiveTooLargeError, unzipSourceFiles, zipProblem } from './read-package.js';
import type { SourceFile } from './readers/index.js';

/** An uploaded file that cannot be used: a zip that is broken, a bomb, or a name given twice. */
export class UploadedFileError extends Error {
  constructor(
    readonly file: string,
    readonly text: Bilingual,
    /** True when the problem is size (a zip that unpacks to more than the server accepts): HTTP 413. */
    readonly tooLarge: boolean,
  ) {
    super(`${file}: ${text.en}`);
    this.name = 'UploadedFileError';
  }
}

const isZip = (name: string) => /\.zip$/i.test(name);

/** Loose files plus the contents of every zip; throws UploadedFileError. */
export function expandUploads(files: readonly SourceFile[], maxUnzippedBytes: number): SourceFile[] {
  const expanded: SourceFile[] = [];
  let budget = maxUnzippedBytes;
  for (const file of files) {
    if (!isZip(file.name)) {
      expanded.push(file);
      continue;
    }
    let inside: SourceFile[];
    try {
      inside = unzipSourceFiles(file.bytes, budget);
    } catch (error) {
      // The budget left after earlier zips is what this one was held to; name the whole limit.
      const text =
        error instanceof ArchiveTooLargeError ? new ArchiveTooLargeError(Math.round(maxUnzippedBytes / 1048576)).text : zipProblem(error);
      throw new UploadedFileError(file.name, text, error instanceof ArchiveTooLargeError);
    }
    budget -= inside.reduce((n, f) => n + f.bytes.length, 0);
    expanded.push(...inside);
  }
  const seen = new Set<string>();
  for (const file of expanded) {
    const key = file.name.toLowerCase();
    if (seen.has(key)) {
      throw new UploadedFileError(
        file.name,
        bilingual(
          '同名文件上传了两次（或在压缩包内外各有一份）',
          'a file of this name was uploaded twice (or is both inside and outside a zip)',
        ),
        false,
      );
    }
    seen.add(key);
  }
  return expanded;
}
