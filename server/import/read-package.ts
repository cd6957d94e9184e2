/**
 * Reading a data package from a folder or a zip into PackageFiles (file name → what its format's reader
 * made of it, see readers/). A file that cannot be parsed becomes an UnreadableFile, so validation
 * reports it together with every other problem instead of stopping at the first.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { bilingual, type Bilingual } from '../model/index.js';
import { readerFor } from './readers/index.js';
import { type PackageFiles } from './validate-package.js';

/** A zip whose files unpack to more than the server accepts (a "zip bomb" is refused before it inflates). */
export class ArchiveTooLargeError extends Error {
  readonly text: Bilingual;
  constructor(readonly maxMegabytes: number) {
    super(`the archive unpacks to more than ${maxMegabytes} MB`);
    this.text = bilingual(`压缩包解压后超过 ${maxMegabytes} MB`, this.message);
    this.name = 'ArchiveTooLargeError';
  }
}

/** Why a zip cannot be read, in both languages (fflate's own messages are English). */
export function zipProblem(error: unknown): Bilingual {
  if (error instanceof ArchiveTooLargeError) return error.text;
  return bilingual('文件已损坏或不是 zip 格式', `not a readable zip archive: ${(error as Error).message}`);
}


/** Reads every *.json and *.geojson file directly in `dir`. Throws when `dir` cannot be read. */
export async function readPackageFolder(dir: string): Promise<PackageFiles> {
  const files: PackageFiles = {};
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const reader = entry.isFile() ? readerFor(entry.name) : undefined;
    if (!reader) continue;
    files[entry.name] = reader.read({ name: entry.name, bytes: await readFile(path.join(dir, entry.name)) });
  }
  return files;
}

/**
 * Reads a zipped package. The files may sit at the top of the archive or in one folder inside it
 * (zipping a folder does that); macOS resource forks (__MACOSX/, ._name) are skipped.
 * Throws when the bytes are not a zip archive, or when its files unpack to more than `maxUnzippedBytes`.
 */
export function readPackageZip(zip: Uint8Array, maxUnzippedBytes = Infinity): PackageFiles {
  // The sizes in the archive's directory are checked before anything is inflated: a small "zip bomb"
  // must not unpack gigabytes into memory.
  let unzippedBytes = 0;
  const entries = unzipSync(zip, {
    filter: (file) => {
      const wanted = !file.name.endsWith('/') && !file.name.startsWith('__MACOSX/') && !path.posix.basename(file.name).startsWith('._');
      if (wanted) unzippedBytes += file.originalSize;
      if (unzippedBytes > maxUnzippedBytes) throw new ArchiveTooLargeError(Math.round(maxUnzippedBytes / 1048576));
      return wanted;
    },
  });
  const names = Object.keys(entries);
  const folders = new Set(names.map((name) => (name.includes('/') ? name.slice(0, name.indexOf('/') + 1) : '')));
  // One common top folder (and no loose files beside it): strip it.
  const prefix = folders.size === 1 && !folders.has('') ? [...folders][0]! : '';
  const files: PackageFiles = {};
  for (const name of names) {
    const relative = name.slice(prefix.length);
    const reader = relative.includes('/') ? undefined : readerFor(relative);
    if (!reader) continue;
    files[relative] = reader.read({ name: relative, bytes: entries[name]! });
  }
  return files;
}
