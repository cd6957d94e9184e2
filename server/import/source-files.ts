/**
 * A package folder as SourceFiles for previewImport: every file in it and in its sub-folders (a
 * version-2 manifest names files by their path inside the package, e.g. `gis/乡镇界.shp`), names with
 * `/` whatever the system's separator. Hidden files and macOS resource forks are left out. Nothing is
 * read here: each reader reads its file from disk when it needs it (a province's OSM extract streamed).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DiskSourceFile } from './readers/index.js';

export async function readSourceFolder(dir: string): Promise<DiskSourceFile[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files: DiskSourceFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const relative = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (relative.split('/').some((part) => part.startsWith('.') || part === '__MACOSX')) continue;
    const at = path.join(dir, relative);
    files.push({ name: relative, path: at, size: (await stat(at)).size });
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}
