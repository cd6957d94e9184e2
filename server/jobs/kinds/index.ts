/**
 * The registry of job kinds: every kind a worker can run, by name. A route submits one with
 * `deps.jobs.submit({ kind, jurisdictionId, owner, payload })`.
 *
 * Adding a kind: write `defineJobKind({ kind, payload, run })` in this folder and list it below.
 *
 * `import` commits an import preview (POST /api/imports/{id}/commit with `Prefer: respond-async`).
 * `county summaries` (POST /api/jurisdictions/{id}/rollup/refresh) submits a `county summary` job per
 * county below a city or province that has no current stored summary; an import submits one too.
 */
import type { AnyJobKind } from '../job-kind.js';
import { countySummariesJob, countySummaryJob } from './county-summaries.js';
import { importJob } from './import.js';
import { suggestionsJob } from './suggestions.js';

export const JOB_KINDS: readonly AnyJobKind[] = [suggestionsJob, importJob, countySummaryJob, countySummariesJob];

/** The kinds by name, plus `extra` ones (tests register their own). */
export function jobKindRegistry(extra: readonly AnyJobKind[] = []): ReadonlyMap<string, AnyJobKind> {
  return new Map([...JOB_KINDS, ...extra].map((kind) => [kind.kind, kind]));
}
