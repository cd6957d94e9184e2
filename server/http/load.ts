/** Shared steps of routes that work on one jurisdiction's analysis. */
import type { JurisdictionAnalysis } from '../analysis/analysis-service.js';
import type { AppDeps } from './deps.js';
import { badRequest, bilingual, notFound } from './errors.js';

/** The jurisdiction's cached analysis; 404 naming the jurisdiction when there is none. */
export async function requireAnalysis(deps: AppDeps, jurisdictionId: string): Promise<JurisdictionAnalysis> {
  const analysis = await deps.analysis.get(jurisdictionId);
  if (!analysis) throw notFound(bilingual(`辖区“${jurisdictionId}”`, `jurisdiction "${jurisdictionId}"`));
  return analysis;
}

/**
 * The jurisdiction's analysis (404 when unknown), its coverage of the year prepared, and the year a request asks for, or the analysis year
 * when it names none: the first step of every route that answers for one year. The route's schema has
 * checked the year's form; here it must also be one the jurisdiction speaks of (400 naming `path`,
 * `query.year` or `body.year`, and the years available).
 */
export async function requireAnalysisOfYear(
  deps: AppDeps,
  jurisdictionId: string,
  year: number | undefined,
  path = 'query.year',
): Promise<{ analysis: JurisdictionAnalysis; year: number }> {
  const analysis = await requireAnalysis(deps, jurisdictionId);
  const resolved = resolveYear(analysis, year, path);
  // Most routes of a year read its coverage: computed in the compute pool (once per year and data
  // version), not on the event loop when a route first asks for it.
  await analysis.prepareCoverage(resolved);
  return { analysis, year: resolved };
}

/** The requested year (400 naming `path` when the jurisdiction has no such year), or the analysis year. */
export function resolveYear(analysis: JurisdictionAnalysis, year: number | undefined, path = 'body.year'): number {
  if (year === undefined) return analysis.data.year;
  const { first, last } = analysis.yearRange;
  if (year < first || year > last) {
    throw badRequest(
      bilingual(
        `${year} 年不在该辖区的规划与数据年份内（${first}–${last} 年）`,
        `${year} is not a year of this jurisdiction's plan or data (${first}–${last})`,
      ),
      [{ path, message: bilingual(`应在 ${first}–${last} 年之间`, `must be between ${first} and ${last}`) }],
    );
  }
  return year;
}

/**
 * A walking threshold that the profile computes coverage for (default: the largest); any other → 400
 * naming `path`, where the request gave it (`query.minutes`, or `body.minutes`).
 */
export function resolveMinutes(analysis: JurisdictionAnalysis, minutes: number | undefined, path = 'query.minutes'): number {
  const thresholds = analysis.data.profile.parameters.thresholdsMin;
  const chosen = minutes ?? Math.max(...thresholds);
  if (!thresholds.includes(chosen)) {
    throw badRequest(bilingual('minutes 不是该辖区规划参数中的步行时间阈值', 'minutes is not a threshold of this jurisdiction’s profile'), [
      { path, message: bilingual(`应为 ${thresholds.join('、')} 之一（分钟）`, `must be one of ${thresholds.join(', ')}`) },
    ]);
  }
  return chosen;
}
