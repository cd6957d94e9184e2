/**
 * The preview of an upload as stored for the import wizard: its files (zips already unpacked to disk,
 * see expand-uploads.ts) read by previewImport with the manifest the user confirmed so far, and every
 * problem of it in one list, so an answer (and a refused commit) names all of them at once.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { readerLanguage, type Language, type PolicyProfile } from '../model/index.js';
import { listProfiles } from '../db/profiles.repository.js';
// From assemble.js, not preview.js: entering that module cycle at preview.js reads LAYER_NAMES before
// preview.js has defined it (manifest-v2.ts uses it at load).
import { previewImport } from './assemble.js';
import type { ImportPreview, ImportProblem } from './preview.js';

export { previewImport };
import type { SourceFile } from './readers/index.js';

export type { ImportPreview, ImportProblem };

/**
 * Where a preview is computed: in a worker thread (the server's compute pool, server/jobs/compute), so
 * that reading and checking a county's files never holds the event loop.
 */
export interface PreviewWorkers {
  importPreview(files: SourceFile[], manifest: unknown, profiles: PolicyProfile[], language: Language): Promise<ImportPreview>;
}

/**
 * Reads the uploaded files with `manifest` (undefined or null: the manifest among the files) against the
 * stored profiles: in `workers` when given (messages in the current reader's language), else here.
 */
export async function previewUpload(
  db: Kysely<Database>,
  files: SourceFile[],
  manifest: unknown,
  workers: PreviewWorkers | null = null,
): Promise<ImportPreview> {
  const profiles = await listProfiles(db);
  if (workers) return workers.importPreview(files, manifest ?? undefined, profiles, readerLanguage());
  return previewImport(files, manifest ?? undefined, { profiles });
}

/** Every problem of a preview: the upload's and each layer's, each once. */
export function allProblems(preview: Pick<ImportPreview, 'problems' | 'layers'>): ImportProblem[] {
  const seen = new Set<string>();
  const all: ImportProblem[] = [];
  for (const problem of [...preview.problems, ...preview.layers.flatMap((layer) => layer.problems)]) {
    const key = JSON.stringify([problem.file, problem.row ?? null, problem.column ?? null, problem.code, problem.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(problem);
  }
  return all;
}
