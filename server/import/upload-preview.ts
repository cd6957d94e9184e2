/**
 * The preview of an upload as stored for the import wizard: its files (zips unpacked, see
 * expand-uploads.ts) read by previewImport with the manifest the user confirmed so far, and every
 * problem of it in one list, so an answer (and a refused commit) names all of them at once.
 */
import { expandUploads } from './expand-uploads.js';
import { previewImport, type ImportPreview, type ImportProblem } from './preview.js';

export { previewImport };
import type { SourceFile } from './readers/index.js';

export type { ImportPreview, ImportProblem };

/** Reads the uploaded files with `manifest` (undefined or null: the manifest among the files). Throws UploadedFileError. */
export async function previewUpload(files: readonly SourceFile[], manifest: unknown, maxUnzippedBytes: number): Promise<ImportPreview> {
  const expanded = expandUploads(files, maxUnzippedBytes);
  return previewImport(expanded, manifest === null ? undefined : manifest);
}

/** Every problem of a preview: the upload's and each layer's, each once. */
export function allProblems(preview: Pick<ImportPreview, 'problems' | 'layers'>): ImportProblem[] {
  const seen = new Set<string>();
  const all: ImportProblem[] = [];
  for (const problem of [...preview.problems, ...preview.layers.flatMap((layer) => layer.problems)]) {
    const key = JSON.stringify([problem.file, problem.row ?? null, problem.column ?? null, problem.code, problem.message.en]);
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(problem);
  }
  return all;
}
