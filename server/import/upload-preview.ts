/**
 * The preview of an upload as stored for the import wizard: its files (zips already unpacked to disk,
 * see expand-uploads.ts) read by previewImport with the manifest the user confirmed so far, and every
 * problem of it in one list, so an answer (and a refused commit) names all of them at once.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { listProfiles } from '../db/profiles.repository.js';
// From assemble.js, not preview.js: entering that module cycle at preview.js reads LAYER_NAMES before
// preview.js has defined it (manifest-v2.ts uses it at load).
import { previewImport } from './assemble.js';
import type { ImportPreview, ImportProblem } from './preview.js';

export { previewImport };
import type { SourceFile } from './readers/index.js';

export type { ImportPreview, ImportProblem };

/** Reads the uploaded files with `manifest` (undefined or null: the manifest among the files) against the stored profiles. */
export async function previewUpload(db: Kysely<Database>, files: SourceFile[], manifest: unknown): Promise<ImportPreview> {
  return previewImport(files, manifest ?? undefined, { profiles: await listProfiles(db) });
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
