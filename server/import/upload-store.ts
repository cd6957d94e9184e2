/**
 * Where import previews keep their files: one folder per preview, `<importDir>/<preview id>/`, on the
 * disk of the server that received the upload (TUOWEI_IMPORT_DIR, default the system's temp folder).
 * The upload is streamed into it part by part (http/multipart.ts), zips are unpacked into it entry by
 * entry (expand-uploads.ts), and the preview row in the database lists the files by their path inside
 * the folder. The folder is removed when the upload fails, when the preview is committed, and when it
 * expires (the sweep below also removes folders left by a server stopped in the middle of an upload).
 *
 * Several replicas: a preview's files are on one host. Either give every replica and worker the same
 * TUOWEI_IMPORT_DIR on a shared volume, or route a preview's requests to the replica that made it
 * (docs/scaling.md); a replica that does not find the folder answers that the files are elsewhere
 * (ImportFilesMissingError), and a commit job runs in the process that has the files (job-service.ts
 * `submitHere`).
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { StoredImportFile } from '../db/imports.repository.js';
import type { DiskSourceFile } from './readers/index.js';

/** The folder of preview `id`. */
export function importFolder(importDir: string, id: string): string {
  // Ids are UUIDs made by the server; anything else would be a programming error, never a path.
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not an import id: ${id}`);
  return path.join(importDir, id);
}

/** Makes the (empty) folder of a new preview. */
export async function makeImportFolder(importDir: string, id: string): Promise<string> {
  const folder = importFolder(importDir, id);
  await mkdir(folder, { recursive: true });
  return folder;
}

/** Removes a preview's folder and everything in it (nothing when it is not on this host). */
export async function removeImportFolder(importDir: string, id: string): Promise<void> {
  await rm(importFolder(importDir, id), { recursive: true, force: true });
}

/** The preview's files are not on this server's disk (another replica received the upload). */
export class ImportFilesMissingError extends Error {
  constructor(readonly id: string) {
    super(`the files of import ${id} are not on this server`);
    this.name = 'ImportFilesMissingError';
  }
}

/** The stored files of preview `id` as source files on this host's disk; throws ImportFilesMissingError. */
export async function importSourceFiles(importDir: string, id: string, files: readonly StoredImportFile[]): Promise<DiskSourceFile[]> {
  const folder = importFolder(importDir, id);
  const onDisk: DiskSourceFile[] = [];
  for (const file of files) {
    const at = path.join(folder, file.path);
    try {
      await stat(at);
    } catch {
      throw new ImportFilesMissingError(id);
    }
    onDisk.push({ name: file.name, path: at, size: file.size });
  }
  return onDisk;
}

/** A preview's files as its row lists them: their path relative to its folder. */
export function storedFiles(importDir: string, id: string, files: readonly DiskSourceFile[]): StoredImportFile[] {
  const folder = importFolder(importDir, id);
  return files.map((file) => ({ name: file.name, path: path.relative(folder, file.path), size: file.size }));
}

/**
 * Removes the folders of the previews `ids` (expired), and every folder in `importDir` untouched for
 * longer than `maxAgeMs` (a preview's files are written once, when it is made: such a folder belongs
 * to an expired preview, or to an upload a stopped server never finished).
 */
export async function sweepImportFolders(importDir: string, ids: readonly string[], maxAgeMs: number, now = Date.now()): Promise<void> {
  for (const id of ids) await removeImportFolder(importDir, id);
  let names: string[];
  try {
    names = await readdir(importDir);
  } catch {
    return; // no folder yet: nothing to sweep
  }
  for (const name of names) {
    const folder = path.join(importDir, name);
    try {
      if (now - (await stat(folder)).mtimeMs > maxAgeMs) await rm(folder, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another request
    }
  }
}
