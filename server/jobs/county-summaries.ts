/**
 * County summaries for roll-ups (issue #15): a county's figures of a year stored at its data version,
 * so that city and province roll-ups read stored figures only. One county at a time is what the
 * `county summary` job does (kinds/county-summaries.ts: a city's or province's counties are spread as
 * one job each over every worker process); `npm run summaries` goes through them in turn, here.
 */
import type { AnalysisService } from '../analysis/analysis-service.js';
import type { JurisdictionTree } from '../analysis/jurisdiction-tree.js';
import type { Database } from '../db/database.js';
import { listCountySummaries } from '../db/county-summaries.repository.js';
import type { TreeNode } from '../db/jurisdiction-tree.repository.js';
import type { Kysely } from 'kysely';

export interface CountySummariesPayload {
  /** A province, city or county id; absent: every county. */
  root?: string;
  /** The year; absent: each county's own analysis year. */
  year?: number;
}

export interface CountySummariesResult {
  /** Counties whose summary was computed (or already held in this process) and stored. */
  stored: string[];
  /** Counties that have no data of the year (outside their plan's years), or no townships to add up. */
  skipped: string[];
}

/** What became of one county: its summary stored; nothing to store; or a current one was stored already. */
export type CountyOutcome = 'stored' | 'skipped' | 'current';

/** Progress as a fraction 0–1 and the county being computed. */
export type Progress = (fraction: number, stage: string) => void;

/** The counties below `root` (a province, city or county itself), or every county; by id. */
export function countiesOf(tree: JurisdictionTree, root?: string): TreeNode[] {
  return root
    ? tree.countiesUnder(root)
    : tree
        .all()
        .filter((n) => n.level === 'county')
        .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Computes and stores the summary of county `id` of `year` (absent: its analysis year), its coverage
 * computed in the compute pool when the service has one. `skipped` when the county has no data of
 * that year or no townships. With `db`, a county whose summary of that year at its current data
 * version is stored already is left alone (`current`).
 */
export async function summarizeCounty(
  analysis: AnalysisService,
  id: string,
  year?: number,
  db?: Kysely<Database>,
): Promise<{ outcome: CountyOutcome; year: number | null }> {
  // A county loaded for its summary alone is let go afterwards: a recompute passes every county once.
  const held = analysis.holds(id);
  try {
    const loaded = await analysis.get(id);
    const resolved = year ?? loaded?.data.year ?? null;
    if (!loaded || resolved === null || resolved < loaded.yearRange.first || resolved > loaded.yearRange.last)
      return { outcome: 'skipped', year: resolved };
    if (loaded.data.townships.length === 0) return { outcome: 'skipped', year: resolved };
    if (db && (await listCountySummaries(db, [{ id, dataVersion: loaded.dataVersion }], resolved)).length > 0)
      return { outcome: 'current', year: resolved };
    await analysis.storeSummary(loaded, resolved);
    return { outcome: 'stored', year: resolved };
  } finally {
    if (!held) analysis.release(id);
  }
}

/** Computes and stores the summary of every county below `payload.root` (or of all), one after another. */
export async function fillCountySummaries(
  analysis: AnalysisService,
  payload: CountySummariesPayload,
  progress: Progress = () => undefined,
): Promise<CountySummariesResult> {
  const counties = countiesOf(await analysis.tree(), payload.root);
  const result: CountySummariesResult = { stored: [], skipped: [] };
  for (const [i, county] of counties.entries()) {
    progress(i / Math.max(1, counties.length), county.id);
    const { outcome } = await summarizeCounty(analysis, county.id, payload.year);
    (outcome === 'stored' ? result.stored : result.skipped).push(county.id);
    // Let other work on this event loop run between counties.
    await new Promise((resolve) => setImmediate(resolve));
  }
  progress(1, 'done');
  return result;
}
