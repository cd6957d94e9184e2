/**
 * Reading a data package from a folder or a zip into PackageFiles (file name → parsed JSON). A file
 * that cannot be parsed becomes an UnreadableFile, so validation reports it together with every other
 * problem instead of stopping at the first.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { bilingual, type Bilingual } from '../model/index.js';
import { say } from '../schemas/messages.js';
import { type PackageFiles, UnreadableFile } from './validate-package.js';

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

/** Only these extensions are read; a package folder may hold notes, licences or an expected.json. */
const PACKAGE_FILE = /\.(json|geojson)$/i;

function parseJson(text: string): unknown {
  let value: unknown;
  try {
    // Strip a UTF-8 byte order mark: Windows tools write one and JSON.parse rejects it.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = (error as Error).message;
    const position = /position (\d+)/.exec(reason)?.[1];
    return new UnreadableFile(say(bilingual(`不是有效的 JSON${position !== undefined ? `（第 ${position} 个字符处有语法错误）` : ''}`, `not valid JSON: ${reason}`)));
  }
  // PostgreSQL text cannot hold U+0000; only the escape \u0000 can put one in parsed JSON.
  if (/\\u0000/.test(text) && containsNul(value)) return new UnreadableFile(say(bilingual('含有 NUL 字符（\\u0000），文本中不允许出现', 'holds the NUL character (\\u0000), which text may not contain')));
  return value;
}

/** Whether some string or key inside a parsed JSON value holds U+0000 (iterative: no stack overflow). */
function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return true;
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, element] of Object.entries(item)) {
        if (key.includes('\u0000')) return true;
        stack.push(element);
      }
    }
  }
  return false;
}

/** Reads every *.json and *.geojson file directly in `dir`. Throws when `dir` cannot be read. */
export async function readPackageFolder(dir: string): Promise<PackageFiles> {
  const files: PackageFiles = {};
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !PACKAGE_FILE.test(entry.name)) continue;
    files[entry.name] = parseJson(await readFile(path.join(dir, entry.name), 'utf8'));
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
  const decoder = new TextDecoder('utf-8');
  const files: PackageFiles = {};
  for (const name of names) {
    const relative = name.slice(prefix.length);
    if (relative.includes('/') || !PACKAGE_FILE.test(relative)) continue;
    files[relative] = parseJson(decoder.decode(entries[name]));
  }
  return files;
}
