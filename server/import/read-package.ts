/**
 * Reading a data package from a folder or a zip into PackageFiles (file name → what its format's reader
 * made of it, see readers/). A file that cannot be parsed becomes an UnreadableFile, so validation
 * reports it together with every other problem instead of stopping at the first.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { bilingual, type Bilingual } from '../model/index.js';
import { readJsonFile, type LoadedSourceFile } from './readers/index.js';
import { readCsvRows } from './readers/csv-rows.js';
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

/**
 * A zip whose directory does not match what its entries hold: entries that overlap (one stretch of bytes
 * listed as many files, so a few kilobytes inflate many times over) or that the directory names twice.
 */
export class OverlappingEntriesError extends Error {
  readonly text = bilingual(
    '压缩包的目录与内容不符（条目重叠或重复），拒绝读取',
    'the archive’s directory does not match its contents (overlapping or repeated entries); refused',
  );
  constructor() {
    super('the archive’s directory does not match its contents (overlapping or repeated entries); refused');
    this.name = 'OverlappingEntriesError';
  }
}

/** Why a zip cannot be read, in both languages (fflate's own messages are English). */
export function zipProblem(error: unknown): Bilingual {
  if (error instanceof ArchiveTooLargeError || error instanceof OverlappingEntriesError) return error.text;
  return bilingual('文件已损坏或不是 zip 格式', `not a readable zip archive: ${(error as Error).message}`);
}

/** A version-1 package's files: JSON and GeoJSON, and the population-by-year table as CSV. */
const isJsonName = (name: string) => /\.(json|geojson)$/i.test(name) || isCsvTable(name);
const isCsvTable = (name: string) => /^townshipPopulation\.csv$/i.test(name);
/** A version-1 file's content: parsed JSON, or the rows of the CSV table. */
const readVersionOneFile = (file: { name: string; bytes: Uint8Array }) => (isCsvTable(file.name) ? readCsvRows(file) : readJsonFile(file));

/** Reads every *.json and *.geojson file directly in `dir`. Throws when `dir` cannot be read. */
export async function readPackageFolder(dir: string): Promise<PackageFiles> {
  const files: PackageFiles = {};
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !isJsonName(entry.name)) continue;
    files[entry.name] = readVersionOneFile({ name: entry.name, bytes: await readFile(path.join(dir, entry.name)) });
  }
  return files;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const gb18030Strict = new TextDecoder('gb18030', { fatal: true });

/**
 * An entry's name as its maker wrote it. A zip without the UTF-8 flag (Windows' own zipper, and most
 * Chinese tools) stores names in the local code page, which fflate reads byte for byte (Latin-1): such
 * a name is read again as UTF-8 when it is valid UTF-8, else as GB18030 (GBK), the encoding rule of
 * DATA_FORMAT.md, so 乡镇.geojson is not reported as "Ïç Õò.geojson".
 */
export function entryName(name: string): string {
  // Only a name read byte for byte (every character below U+0100) with some byte above ASCII is re-read.
  if (![...name].some((c) => c.charCodeAt(0) >= 0x80) || [...name].some((c) => c.charCodeAt(0) > 0xff)) return name;
  const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
  for (const decoder of [utf8Strict, gb18030Strict]) {
    try {
      return decoder.decode(bytes);
    } catch {
      // not this encoding: try the next
    }
  }
  return name;
}

function concatenate(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}

/**
 * The files of a zip as SourceFiles, names relative to the archive's one common top folder when it has
 * one (zipping a folder does that; files in deeper folders keep their `folder/name`); macOS resource
 * forks (__MACOSX/, ._name) are skipped. The directory is checked before anything is inflated (declared
 * sizes against `maxUnzippedBytes`, repeated or overlapping entries), then what is actually inflated is
 * counted. Throws ArchiveTooLargeError, OverlappingEntriesError, or fflate's error for bytes that are no zip.
 */
export function unzipSourceFiles(zip: Uint8Array, maxUnzippedBytes = Infinity): LoadedSourceFile[] {
  const tooLarge = () => new ArchiveTooLargeError(Math.round(maxUnzippedBytes / 1048576));
  const wanted = (name: string) => !name.endsWith('/') && !name.startsWith('__MACOSX/') && !path.posix.basename(name).startsWith('._');
  // 1. The sizes the archive's directory declares are checked before anything is inflated: a small
  //    "zip bomb" must not unpack gigabytes into memory. Nothing is inflated here (the filter says no).
  let declaredBytes = 0;
  const listed: string[] = [];
  unzipSync(zip, {
    filter: (file) => {
      listed.push(file.name);
      if (wanted(file.name)) declaredBytes += file.originalSize;
      if (declaredBytes > maxUnzippedBytes) throw tooLarge();
      return false;
    },
  });
  if (new Set(listed).size !== listed.length) throw new OverlappingEntriesError();
  // 2. The entries are inflated one after the other from their own bytes, counting what is actually
  //    inflated (a declared size can lie), and stopping at the limit.
  const entries: Record<string, Uint8Array> = {};
  const streamed: string[] = [];
  let inflatedBytes = 0;
  const unzipper = new Unzip((file) => {
    streamed.push(file.name);
    if (!wanted(file.name)) return;
    const chunks: Uint8Array[] = [];
    file.ondata = (error, chunk, final) => {
      if (error) throw error;
      inflatedBytes += chunk.length;
      if (inflatedBytes > maxUnzippedBytes) throw tooLarge();
      chunks.push(chunk);
      if (final) entries[entryName(file.name)] = concatenate(chunks);
    };
    file.start();
  });
  unzipper.register(UnzipInflate);
  unzipper.push(zip, true);
  // 3. Every listed entry must have come from its own bytes: overlapping entries (many directory records
  //    pointing into one stretch of data) are read only once in order, so the lists then differ.
  const [inDirectory, inData] = [[...listed].sort(), [...streamed].sort()];
  if (inData.length !== inDirectory.length || inData.some((name, i) => name !== inDirectory[i])) throw new OverlappingEntriesError();
  const names = Object.keys(entries);
  const folders = new Set(names.map((name) => (name.includes('/') ? name.slice(0, name.indexOf('/') + 1) : '')));
  // One common top folder (and no loose files beside it): strip it.
  const prefix = folders.size === 1 && !folders.has('') ? [...folders][0]! : '';
  return names.map((name) => ({ name: name.slice(prefix.length), bytes: entries[name]! }));
}

/**
 * Reads a zipped package (see unzipSourceFiles): the files at its top (or in its one top folder) that a
 * reader takes. Throws when the bytes are not a zip archive, or when its files unpack to more than `maxUnzippedBytes`.
 */
export function readPackageZip(zip: Uint8Array, maxUnzippedBytes = Infinity): PackageFiles {
  const files: PackageFiles = {};
  for (const file of unzipSourceFiles(zip, maxUnzippedBytes)) {
    if (file.name.includes('/') || !isJsonName(file.name)) continue;
    files[file.name] = readVersionOneFile(file);
  }
  return files;
}
