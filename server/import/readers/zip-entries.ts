/**
 * Zip archives inside a package (a KMZ, an .xlsx workbook) are checked before they are inflated: a few
 * kilobytes of deflate can stand for gigabytes (a zip bomb). Uses fflate, which reads the central
 * directory without inflating anything and inflates as a stream, so the check itself holds little memory.
 */
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { bilingual } from '../../model/index.js';
import { ReadProblem, type LoadedSourceFile } from './reader.js';

/** Largest content inflated from one archive (a KMZ's KML, a workbook's parts), in bytes: 200 MB. */
export const MAX_INFLATED_BYTES = 200 * 1024 * 1024;

export interface ZipEntry {
  name: string;
  /** The uncompressed size the archive declares, in bytes (a forged archive may lie). */
  originalSize: number;
}

const MB = 1024 * 1024;

/** The entries of the archive `file` from its central directory, nothing inflated; a ReadProblem when it is not a zip. */
export function zipEntries(file: LoadedSourceFile, kind: { zh: string; en: string }): ZipEntry[] {
  const entries: ZipEntry[] = [];
  try {
    unzipSync(file.bytes, { filter: ({ name, originalSize }) => (entries.push({ name, originalSize }), false) });
  } catch (error) {
    const reason = (error as Error).message;
    throw new ReadProblem(
      file.name,
      bilingual(`${kind.zh}不是有效的 zip 压缩包：${reason}`, `the ${kind.en} is not a valid zip archive: ${reason}`),
      'bad_archive',
    );
  }
  return entries;
}

/** A ReadProblem: `what` (an entry or the whole archive) inflates to `bytes`, more than `cap`. */
export function tooLarge(file: string, what: string, bytes: number, cap = MAX_INFLATED_BYTES): ReadProblem {
  return new ReadProblem(
    file,
    bilingual(
      `${what} 解压后超过 ${Math.ceil(bytes / MB)} MB，超过上限 ${cap / MB} MB`,
      `${what} inflates to more than ${Math.ceil(bytes / MB)} MB, past the limit of ${cap / MB} MB`,
    ),
    'too_large',
  );
}

/**
 * Throws a ReadProblem unless the whole archive inflates to at most `cap` bytes: first by the sizes it
 * declares, then by inflating it as a stream and counting (chunks are dropped at once), so an archive that
 * lies about its sizes is stopped before a library that trusts them (exceljs's JSZip) inflates it.
 */
export function assertInflatesWithin(file: LoadedSourceFile, kind: { zh: string; en: string }, cap = MAX_INFLATED_BYTES): void {
  const declared = zipEntries(file, kind).reduce((sum, e) => sum + e.originalSize, 0);
  if (declared > cap) throw tooLarge(file.name, file.name, declared, cap);
  let inflated = 0;
  const unzip = new Unzip((entry) => {
    entry.ondata = (error, chunk) => {
      if (error) throw error;
      inflated += chunk.length;
      if (inflated > cap) throw tooLarge(file.name, file.name, inflated, cap);
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(file.bytes, true);
  } catch (error) {
    if (error instanceof ReadProblem) throw error;
    const reason = (error as Error).message;
    throw new ReadProblem(
      file.name,
      bilingual(`${kind.zh}无法解压（文件已损坏？）：${reason}`, `the ${kind.en} cannot be inflated (damaged?): ${reason}`),
      'bad_archive',
    );
  }
}
