/**
 * Site suggestions (location–allocation) as one computation, answered directly by
 * POST /api/jurisdictions/{id}/suggestions or run as the job kind `suggestions` (./suggestions.ts) when
 * there are many candidates: the same body either way (./suggestion-body.ts), computed in the compute
 * pool's worker threads when the jurisdiction has one (the MIP solve takes up to its time limit, the
 * baseline a full coverage run), so the event loop keeps answering meanwhile. Problems a person must fix
 * are JobFailures (status, code, bilingual text, issues), which the route turns into the HTTP error of
 * the same shape.
 */
import type { JurisdictionAnalysis } from '../../analysis/analysis-service.js';
import { toWgs84 } from '../../engine/geo/index.js';
import { bilingual } from '../../model/index.js';
import { MAX_CANDIDATES, type SuggestionRequest } from '../../schemas/whatif.js';
import { solverOrNull } from '../compute/tasks.js';
import { suggestionBody, unprocessable, type ResolvedCandidates, type SuggestionBody } from './suggestion-body.js';

/**
 * The request's candidates in WGS84: the planner's list converted from its `crs`, or generated on the
 * walkable roads every `spacingM` (in the compute pool, memoised per spacing; 422 naming
 * `body.candidates.spacingM` when the spacing gives more than MAX_CANDIDATES).
 */
export async function resolveCandidates(
  analysis: JurisdictionAnalysis,
  requested: SuggestionRequest['candidates'],
  crs: SuggestionRequest['crs'],
): Promise<ResolvedCandidates> {
  if (Array.isArray(requested)) {
    return {
      candidates: requested.map(([lon, lat]) => {
        const [x, y] = toWgs84([lon, lat], crs);
        return { lon: x, lat: y };
      }),
      given: true,
      spacingM: null,
    };
  }
  const spacing = requested.spacingM;
  // A candidate set the request is refused for (too many) is counted but not kept: a client cycling
  // through spacings must not fill the memory with sets nobody can use.
  const { count, candidates } = await analysis.candidates(spacing, MAX_CANDIDATES);
  if (candidates === null) {
    throw unprocessable(
      bilingual(
        `按 ${spacing} 米间距生成 ${count} 个候选点，超过上限 ${MAX_CANDIDATES} 个`,
        `every ${spacing} m gives ${count} candidates, more than ${MAX_CANDIDATES}`,
      ),
      [
        {
          path: 'body.candidates.spacingM',
          message: bilingual(
            `对该辖区而言间距过小：生成 ${count} 个候选点（最多 ${MAX_CANDIDATES} 个），请加大间距`,
            `too small for this jurisdiction: gives ${count} candidates (at most ${MAX_CANDIDATES}); choose a larger spacing`,
          ),
        },
      ],
    );
  }
  return { candidates, given: false, spacingM: spacing };
}

/**
 * The suggestion's response body for a checked request whose candidates are resolved: in the compute
 * pool when the jurisdiction has one, else inline. Throws JobFailure for what the request asks that the
 * data cannot give (422).
 */
export async function computeSuggestion(
  analysis: JurisdictionAnalysis,
  request: SuggestionRequest,
  year: number,
  minutes: number,
  resolved: ResolvedCandidates,
): Promise<SuggestionBody> {
  if (analysis.compute) {
    const network = await analysis.prepareNetwork();
    return analysis.compute.suggestion({ key: analysis.key, data: analysis.data, network }, { request, year, minutes, resolved });
  }
  return suggestionBody(await analysis.whatIfBaseline(year), request, year, minutes, resolved, await solverOrNull());
}
