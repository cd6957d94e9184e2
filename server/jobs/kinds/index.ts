/**
 * The registry of job kinds: every kind a worker can run, by name. A route submits one with
 * `deps.jobs.submit({ kind, jurisdictionId, owner, payload })`.
 *
 * Adding a kind: write `defineJobKind({ kind, payload, run })` in this folder and list it below.
 *
 * Registration point for imports (issue #15, with the import API's `commitImport(deps, id, onProgress)`
 * of server/import/commit-import.ts): once that module is on this branch, an import is the kind
 *
 *   defineJobKind({ kind: 'import', payload: z.object({ importId: z.string() }),
 *     run: ({ deps, payload, progress }) => commitImport(deps, payload.importId, (fraction, stage) => progress(fraction, stage)) })
 *
 * listed here; nothing else changes (its writes are one transaction already; a retried attempt after a
 * dead worker starts over and finds either nothing written or the import committed).
 */
import type { AnyJobKind } from '../job-kind.js';
import { suggestionsJob } from './suggestions.js';

export const JOB_KINDS: readonly AnyJobKind[] = [suggestionsJob];

/** The kinds by name, plus `extra` ones (tests register their own). */
export function jobKindRegistry(extra: readonly AnyJobKind[] = []): ReadonlyMap<string, AnyJobKind> {
  return new Map([...JOB_KINDS, ...extra].map((kind) => [kind.kind, kind]));
}
