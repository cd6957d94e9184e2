/**
 * The import wizard's calls to `/api/imports` (types generated from the server's OpenAPI document).
 * Writes carry the session's CSRF token through requestJson.
 */
import type { Answer } from '../api/types';
import { isAcceptedJob, waitForJob, type AcceptedJob, type Job } from '../panels/job-progress';
import { requestJson } from '../auth/session';

export type ImportPreview = Answer<'/api/imports', 'post'>;
export type LayerPreview = ImportPreview['layers'][number];
export type ImportProblem = ImportPreview['problems'][number];
export type CommitResult = Answer<'/api/imports/{id}/commit', 'post'>;

/** A manifest as the wizard edits it (DATA_FORMAT.md version 2). */
export interface Manifest {
  format?: string;
  version?: number;
  id?: string;
  name?: string;
  year?: number;
  profile?: string;
  crs?: string;
  layers?: Record<string, ManifestLayer>;
  [key: string]: unknown;
}

export interface ManifestLayer {
  file?: string;
  layer?: string;
  crs?: string;
  encoding?: string;
  fields?: Record<string, string>;
  values?: Record<string, Record<string, string>>;
  [key: string]: unknown;
}

/** Uploads the files (and a manifest, when one is given apart) for a preview; nothing is imported. */
export function uploadFiles(files: readonly File[], manifest?: Manifest): Promise<ImportPreview> {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  if (manifest) form.append('manifest', JSON.stringify(manifest));
  return requestJson<ImportPreview>('POST', '/imports', { form });
}

/** Previews again with a changed manifest. */
export function updateManifest(id: string, manifest: Manifest): Promise<ImportPreview> {
  return requestJson<ImportPreview>('PUT', `/imports/${encodeURIComponent(id)}`, { body: { manifest } });
}

/**
 * Imports the preview as a job (`Prefer: respond-async`), telling `onProgress` each state the server
 * reports (the stage running, 0–1). Rejects with a RequestError: 422 with `details.problems` when the
 * server answered directly, or with the problems as `issues` (`file#row.column`) when the job failed.
 */
export async function commitImport(id: string, onProgress: (job: Job) => void = () => {}): Promise<CommitResult> {
  const answer = await requestJson<CommitResult | AcceptedJob>('POST', `/imports/${encodeURIComponent(id)}/commit`, {
    headers: { Prefer: 'respond-async' },
  });
  if (!isAcceptedJob(answer)) return answer;
  return waitForJob<CommitResult>(answer.job.id, { onProgress });
}

/** Where the confirmed manifest.json downloads from. */
export function manifestUrl(id: string): string {
  return `api/imports/${encodeURIComponent(id)}/manifest`;
}
