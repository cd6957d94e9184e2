/**
 * Job type "county summaries" (issue #15): computes and stores the summary of every county below a
 * city or province (or of all counties), so that roll-ups read stored figures only. A plain function
 * of its payload, reporting progress, as server/jobs/README.md asks: a worker process runs it from the
 * queue; `npm run summaries` runs it directly.
 */
import type { AnalysisService } from '../analysis/analysis-service.js';

export interface CountySummariesPayload {
  /** A province, city or county id; absent: every county. */
  root?: string;
  /** The year; absent: each county's own analysis year. */
  year?: number;
}

export interface CountySummariesResult {
  /** Counties whose summary was computed (or already held in this process) and stored. */
  stored: string[];
  /** Counties that have no data of the year (outside their plan's years). */
  skipped: string[];
}

/** Progress as a fraction 0–1 and the county being computed. */
export type Progress = (fraction: number, stage: string) => void;

export async function fillCountySummaries(
  analysis: AnalysisService,
  payload: CountySummariesPayload,
  progress: Progress = () => undefined,
): Promise<CountySummariesResult> {
  const tree = await analysis.tree();
  const counties = payload.root
    ? tree.countiesUnder(payload.root)
    : tree
        .all()
        .filter((n) => n.level === 'county')
        .sort((a, b) => (a.id < b.id ? -1 : 1));
  const result: CountySummariesResult = { stored: [], skipped: [] };
  for (const [i, county] of counties.entries()) {
    progress(i / Math.max(1, counties.length), county.id);
    const loaded = await analysis.get(county.id);
    const year = payload.year ?? loaded?.data.year;
    if (!loaded || year === undefined || year < loaded.yearRange.first || year > loaded.yearRange.last) {
      result.skipped.push(county.id);
      continue;
    }
    await analysis.recordSummary(loaded, year);
    result.stored.push(county.id);
    // Let other work on this event loop run between counties.
    await new Promise((resolve) => setImmediate(resolve));
  }
  progress(1, 'done');
  return result;
}
