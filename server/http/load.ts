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
 * The jurisdiction's analysis (404 when unknown) and the year a request asks for, or the analysis year
 * when it names none: the first step of every route that answers for one year. The year itself is
 * checked by the route's schema (`yearQuery`, a body's `year`), before the handler runs.
 */
export async function requireAnalysisOfYear(
  deps: AppDeps,
  jurisdictionId: string,
  year: number | undefined,
): Promise<{ analysis: JurisdictionAnalysis; year: number }> {
  const analysis = await requireAnalysis(deps, jurisdictionId);
  return { analysis, year: resolveYear(analysis, year) };
}

/** The requested year, or the jurisdiction's analysis year. */
export function resolveYear(analysis: JurisdictionAnalysis, year: number | undefined): number {
  return year ?? analysis.data.year;
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
