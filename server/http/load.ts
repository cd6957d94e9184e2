/** Shared steps of routes that work on one jurisdiction's analysis. */
import type { JurisdictionAnalysis } from '../analysis/analysis-service.js';
import type { AppDeps } from './deps.js';
import { badRequest, notFound } from './errors.js';

export async function requireAnalysis(deps: AppDeps, jurisdictionId: string): Promise<JurisdictionAnalysis> {
  const analysis = await deps.analysis.get(jurisdictionId);
  if (!analysis) throw notFound(`jurisdiction "${jurisdictionId}"`);
  return analysis;
}

/** The requested year, or the jurisdiction's analysis year. */
export function resolveYear(analysis: JurisdictionAnalysis, year: number | undefined): number {
  return year ?? analysis.data.year;
}

/** A walking threshold that the profile computes coverage for (default: the largest). */
export function resolveMinutes(analysis: JurisdictionAnalysis, minutes: number | undefined): number {
  const thresholds = analysis.data.profile.parameters.thresholdsMin;
  const chosen = minutes ?? Math.max(...thresholds);
  if (!thresholds.includes(chosen)) {
    throw badRequest('minutes is not a threshold of this jurisdiction’s profile', [
      { path: 'query.minutes', message: `must be one of ${thresholds.join(', ')}` },
    ]);
  }
  return chosen;
}
