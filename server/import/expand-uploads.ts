/**
 * The files of an upload as the preview reads them, on disk: loose files as they are, and every
 * uploaded zip replaced by the files inside it (a zipped package, or a zipped Shapefile beside other
 * loose files), written to the preview's folder entry by entry as they inflate, so no file of the
 * upload is ever whole in memory. Each zip's directory is read from the end of the file and checked
 * before anything is inflated (declared sizes, repeated names); then what actually inflates is counted,
 * and all zips of one upload together may unpack to at most `maxUnzippedBytes`. Entries are stored
 * under numbered names in the folder (their names inside the package are kept beside, never used as
 * paths), so an entry named `../../x` cannot write outside it.
 */
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Unzip, UnzipInflate } from 'fflate';
import { bilingual, type Bilingual } from '../model/index.js';
import { ArchiveTooLargeError, entryName, OverlappingEntriesError, zipProblem } from './read-package.js';
import type { DiskSourceFile } from './readers/index.js';

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

export const isZip = (name: string) => /\.zip$/i.test(name);

/** Gives the next free path in the folder an upload's files are written to. */
export type NextPath = () => string;

/** Numbered paths in `folder` (`<prefix>0`, `<prefix>1`, …). */
export function numberedPaths(folder: string, prefix = 'f'): NextPath {
  let next = 0;
  return () => path.join(folder, `${prefix}${next++}`);
}

/**
 * Loose files plus the contents of every zip (the zips' own files are left where they are: the
 * caller removes an upload's, the CLI keeps the user's); throws UploadedFileError. Entries are written
 * with `nextPath`.
 */
export async function expandUploads(
  files: readonly DiskSourceFile[],
  maxUnzippedBytes: number,
  nextPath: NextPath,
): Promise<DiskSourceFile[]> {
  const expanded: DiskSourceFile[] = [];
  let budget = maxUnzippedBytes;
  for (const file of files) {
    if (!isZip(file.name)) {
      expanded.push(file);
      continue;
    }
    let inside: DiskSourceFile[];
    try {
      inside = await unzipToDisk(file.path, budget, nextPath);
    } catch (error) {
      // The budget left after earlier zips is what this one was held to; name the whole limit.
      const text =
        error instanceof ArchiveTooLargeError ? new ArchiveTooLargeError(Math.round(maxUnzippedBytes / 1048576)).text : zipProblem(error);
      throw new UploadedFileError(file.name, text, error instanceof ArchiveTooLargeError);
    }
    budget -= inside.reduce((n, f) => n + f.size, 0);
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

/** An entry of a zip's central directory: its name as fflate reads it, and the size it declares. */
interface DirectoryEntry {
  name: string;
  originalSize: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL_HEADER = 0x02014b50;

/** Reads `length` bytes at `position` of an open file. */
async function readAt(handle: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  const { bytesRead } = await handle.read(bytes, 0, length, position);
  return bytes.subarray(0, bytesRead);
}

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const utf8 = new TextDecoder();

/**
 * The central directory of the zip at `zipPath`, read from the end of the file without inflating
 * anything (what fflate's unzipSync does with a filter, but without the whole archive in memory).
 * Throws for a file that is not a zip.
 */
export async function readZipDirectory(zipPath: string): Promise<DirectoryEntry[]> {
  const handle = await open(zipPath, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = await readAt(handle, size - tailLength, tailLength);
    const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    let at = tail.length - 22;
    while (at >= 0 && view.getUint32(at, true) !== EOCD) at--;
    if (at < 0) throw new Error('invalid zip data');
    let count = view.getUint16(at + 10, true);
    let directorySize = view.getUint32(at + 12, true);
    let directoryOffset = view.getUint32(at + 16, true);
    if ((directoryOffset === 0xffffffff || count === 0xffff) && at >= 20 && view.getUint32(at - 20, true) === ZIP64_LOCATOR) {
      const record = await readAt(handle, Number(view.getBigUint64(at - 12, true)), 56);
      const record64 = new DataView(record.buffer, record.byteOffset, record.byteLength);
      count = Number(record64.getBigUint64(32, true));
      directorySize = Number(record64.getBigUint64(40, true));
      directoryOffset = Number(record64.getBigUint64(48, true));
    }
    if (directoryOffset + directorySize > size) throw new Error('invalid zip data');
    const directory = await readAt(handle, directoryOffset, directorySize);
    const dv = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
    const entries: DirectoryEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > directory.length || dv.getUint32(p, true) !== CENTRAL_HEADER) throw new Error('invalid zip data');
      const flags = dv.getUint16(p + 8, true);
      let originalSize = dv.getUint32(p + 24, true);
      const nameLength = dv.getUint16(p + 28, true);
      const extraLength = dv.getUint16(p + 30, true);
      const commentLength = dv.getUint16(p + 32, true);
      const nameBytes = directory.subarray(p + 46, p + 46 + nameLength);
      // fflate reads a name as UTF-8 only when the entry's UTF-8 flag is set, else byte for byte.
      const name = flags & 0x800 ? utf8.decode(nameBytes) : latin1(nameBytes);
      if (originalSize === 0xffffffff) {
        // ZIP64: the real size is in the extra field 0x0001 (uncompressed size first).
        for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength;) {
          const id = dv.getUint16(e, true);
          const length = dv.getUint16(e + 2, true);
          if (id === 0x0001 && length >= 8) originalSize = Number(dv.getBigUint64(e + 4, true));
          e += 4 + length;
        }
      }
      entries.push({ name, originalSize });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/**
 * The files of the zip at `zipPath`, written to disk with `nextPath`, named relative to the archive's
 * one common top folder when it has one (zipping a folder does that; files in deeper folders keep their
 * `folder/name`); macOS resource forks (__MACOSX/, ._name) are skipped. The directory is checked before
 * anything is inflated (declared sizes against `maxUnzippedBytes`, repeated entries), then what is
 * actually inflated is counted while the archive streams from disk. Throws ArchiveTooLargeError,
 * OverlappingEntriesError, or an error for bytes that are no zip; files already written are removed.
 */
export async function unzipToDisk(zipPath: string, maxUnzippedBytes: number, nextPath: NextPath): Promise<DiskSourceFile[]> {
  const tooLarge = () => new ArchiveTooLargeError(Math.round(maxUnzippedBytes / 1048576));
  const wanted = (name: string) => !name.endsWith('/') && !name.startsWith('__MACOSX/') && !path.posix.basename(name).startsWith('._');
  // 1. The sizes the archive's directory declares are checked before anything is inflated: a small
  //    "zip bomb" must not unpack gigabytes onto the disk.
  const directory = await readZipDirectory(zipPath);
  const listed = directory.map((entry) => entry.name);
  const declaredBytes = directory.filter((entry) => wanted(entry.name)).reduce((sum, entry) => sum + entry.originalSize, 0);
  if (declaredBytes > maxUnzippedBytes) throw tooLarge();
  if (new Set(listed).size !== listed.length) throw new OverlappingEntriesError();
  // 2. The entries are inflated one after the other as the archive streams from disk, each written to
  //    its own file, counting what is actually inflated (a declared size can lie) and stopping at the limit.
  const written: DiskSourceFile[] = [];
  const streamed: string[] = [];
  const open = new Set<number>();
  let inflatedBytes = 0;
  const unzipper = new Unzip((file) => {
    streamed.push(file.name);
    if (!wanted(file.name)) return;
    const target = nextPath();
    const fd = openSync(target, 'w');
    open.add(fd);
    const entry: DiskSourceFile = { name: entryName(file.name), path: target, size: 0 };
    written.push(entry);
    file.ondata = (error, chunk, final) => {
      if (error) throw error;
      inflatedBytes += chunk.length;
      if (inflatedBytes > maxUnzippedBytes) throw tooLarge();
      writeSync(fd, chunk);
      entry.size += chunk.length;
      if (final) {
        closeSync(fd);
        open.delete(fd);
      }
    };
    file.start();
  });
  unzipper.register(UnzipInflate);
  try {
    for await (const chunk of createReadStream(zipPath, { highWaterMark: 1 << 20 })) unzipper.push(chunk as Uint8Array, false);
    unzipper.push(new Uint8Array(0), true);
    // 3. Every listed entry must have come from its own bytes: overlapping entries (many directory records
    //    pointing into one stretch of data) are read only once in order, so the lists then differ.
    const [inDirectory, inData] = [[...listed].sort(), [...streamed].sort()];
    if (inData.length !== inDirectory.length || inData.some((name, i) => name !== inDirectory[i])) throw new OverlappingEntriesError();
    if (open.size > 0) throw new Error('invalid zip data: an entry ends early');
  } catch (error) {
    for (const fd of open) closeSync(fd);
    await Promise.all(written.map((file) => rm(file.path, { force: true })));
    throw error;
  }
  const folders = new Set(written.map(({ name }) => (name.includes('/') ? name.slice(0, name.indexOf('/') + 1) : '')));
  // One common top folder (and no loose files beside it): strip it.
  const prefix = folders.size === 1 && !folders.has('') ? [...folders][0]! : '';
  return written.map((file) => ({ ...file, name: file.name.slice(prefix.length) }));
}

/** A loose file on disk as a source file (its size read from the disk). */
export async function diskFile(name: string, filePath: string): Promise<DiskSourceFile> {
  return { name, path: filePath, size: (await stat(filePath)).size };
}
