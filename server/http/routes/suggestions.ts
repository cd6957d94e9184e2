/**
 * Site suggestions (location–allocation, engine/allocation.ts) against the year's what-if baseline,
 * existing facilities fixed: the k candidate sites that bring the most uncovered residents within the
 * threshold (maximal covering, optionally weighted by each township's unmet slot demand), or the
 * fewest sites that reach a coverage share (minimum sites), with the slots each township still needs.
 * Candidates are the planner's list or generated on the walkable roads at a spacing. Public,
 * read-only, rate-limited (a suggestion costs up to a few seconds on a district).
 */
import {
  baselineWithProposal,
  generateCandidates,
  ProposalError,
  townshipGapReductions,
  type BaselineState,
  suggestCapacitatedCovering,
  suggestMinimumSites,
  suggestPMedian,
  suggestSites,
  suggestTargetGap,
  type LocationAllocationSuggestion,
  type MinimumSitesSuggestion,
  type SiteSuggestion,
} from '../../engine/whatif/index.js';
import { loadMipSolver } from '../../engine/allocation/index.js';
import type { Highs } from 'highs';
import { toWgs84 } from '../../engine/geo/index.js';
import { jurisdictionParams } from '../../schemas/common.js';
import { MAX_CANDIDATES, suggestionRequestSchema, suggestionSchema, type SuggestionRequest } from '../../schemas/whatif.js';
import { bilingual, unprocessable } from '../errors.js';
import { requireAnalysisOfYear, resolveMinutes } from '../load.js';
import { defineRoute } from '../route.js';
import type { JurisdictionAnalysis } from '../../analysis/analysis-service.js';
import { partsInWgs84, whatIfBaseline } from './proposals.js';

/** Suggestions per minute per client before 429. */
const SUGGESTIONS_PER_MINUTE = 30;
/** 20,000 candidate positions as JSON are about 1 MB. */
const SUGGESTION_MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * The request's candidates in WGS84: the planner's list converted from its `crs`, or generated on the
 * walkable roads every `spacingM` (memoised per spacing; 422 naming `body.candidates.spacingM` when
 * the spacing gives more than MAX_CANDIDATES).
 */
export function resolveCandidates(
  analysis: JurisdictionAnalysis,
  requested: SuggestionRequest['candidates'],
  crs: SuggestionRequest['crs'],
): { candidates: { lon: number; lat: number }[]; given: boolean; spacingM: number | null } {
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
  // A candidate set the request is refused for (too many) is not kept: a client cycling through
  // spacings must not fill the memory with sets nobody can use.
  const candidates = analysis.memo(
    `candidates:${spacing}`,
    () => generateCandidates(analysis.network, analysis.data.townships, spacing),
    (set) => set.length <= MAX_CANDIDATES,
  );
  if (candidates.length > MAX_CANDIDATES) {
    throw unprocessable(
      bilingual(
        `按 ${spacing} 米间距生成 ${candidates.length} 个候选点，超过上限 ${MAX_CANDIDATES} 个`,
        `every ${spacing} m gives ${candidates.length} candidates, more than ${MAX_CANDIDATES}`,
      ),
      [
        {
          path: 'body.candidates.spacingM',
          message: bilingual(
            `对该辖区而言间距过小：生成 ${candidates.length} 个候选点（最多 ${MAX_CANDIDATES} 个），请加大间距`,
            `too small for this jurisdiction: gives ${candidates.length} candidates (at most ${MAX_CANDIDATES}); choose a larger spacing`,
          ),
        },
      ],
    );
  }
  return { candidates, given: false, spacingM: spacing };
}

/** The HiGHS runtime, or null when it cannot be loaded (the answers then say they are heuristic). */
export async function solverOrNull(): Promise<Highs | null> {
  try {
    return await loadMipSolver();
  } catch {
    return null;
  }
}

/** The engine's answer in the response's shape: the quality note in both languages, defaults for the other modes' fields. */
function answer(
  result: SiteSuggestion | MinimumSitesSuggestion | LocationAllocationSuggestion,
  objectiveUnit: 'residents' | 'weighted_residents' | 'slots' | 'person_m',
) {
  const { note, seconds, ...rest } = result;
  return {
    objectiveBefore: null,
    allocation: null,
    servedByExisting: null,
    ...rest,
    sites: withReasons(rest.sites, rest.townships),
    objectiveUnit,
    note: note?.en ?? null,
    noteZh: note?.zh ?? null,
    solveSeconds: seconds,
  };
}

export const suggestionRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/jurisdictions/{id}/suggestions',
    summary:
      'Suggest sites for new facilities: maximal covering, minimum sites, capacitated covering, p-median or township target gap, proven optimal where the solver can',
    description:
      'Keeps the year’s operating facilities and the request’s `fixed` sites. `maximal_covering`: k sites with `slotsPerSite` or a `totalSlots` budget bringing the most residents the year leaves uncovered within `minutes` (default the largest threshold) within it. `minimum_sites`: the fewest sites to reach `targetCoverage`, at most k when given. `capacitated_covering`: k sites maximising the slot demand served within `minutes` when each facility serves at most its slots; the allocation is returned. `p_median`: k sites minimising Σ residents × walking distance (capped at `cutoffMinutes`). `target_gap`: k sites minimising Σ township slot gaps to the year’s target, then maximising coverage (≥ `targetCoverage` when given). Each is solved as a MIP by HiGHS on the reduced instance (same-site demand merged, dominated candidates dropped) within `timeLimitSeconds` (at most 15 s): `optimal: true` when proven, else the best solution with `bound` and `gap`; too large an instance goes to a local search (`method: heuristic`, `note` says why). Posting `proposal` to /proposals/evaluate reproduces `objective`. Every mode reports per township the slots still needed to meet the year’s target. Candidates: `[[lon, lat], …]` (GCJ-02/BD-09 converted), or `{spacingM}` generated on walkable roads inside the townships. Note: on this public route the request body is also held to the server’s public GeoJSON limits (TUOWEI_MAX_PUBLIC_VERTICES positions).',
    tags: ['what-if'],
    access: 'public',
    params: jurisdictionParams,
    body: suggestionRequestSchema,
    maxBodyBytes: SUGGESTION_MAX_BODY_BYTES,
    rateLimitPerMinute: SUGGESTIONS_PER_MINUTE,
    maxPositions: MAX_CANDIDATES,
    response: suggestionSchema,
    errors: [404, 413, 422, 429],
    handler: async ({ deps, params, body }) => {
      const request = body;
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, request.year, 'body.year');
      const minutes = resolveMinutes(analysis, request.minutes, 'body.minutes');

      const { candidates, given, spacingM } = resolveCandidates(analysis, request.candidates, request.crs);

      const base = startingPoint(whatIfBaseline(analysis, year), request.startFrom, request.crs);
      const fixedSites = request.fixed.map(([lon, lat, slots]) => {
        const [x, y] = toWgs84([lon, lat], request.crs);
        return { lon: x, lat: y, slots };
      });
      const common = {
        year,
        minutes,
        candidateSource: given ? ('given' as const) : ('generated' as const),
        candidateCount: candidates.length,
        spacingM,
      };
      const solver = await solverOrNull();
      const shared = { candidates, fixedSites, thresholdMin: minutes, solver, timeLimitS: request.timeLimitSeconds, exact: request.exact };
      try {
        if (request.mode === 'minimum_sites') {
          const result = suggestMinimumSites(base, {
            ...shared,
            targetShare: request.targetCoverage!,
            slotsPerSite: request.slotsPerSite!,
            ...(request.k !== undefined ? { maxSites: request.k } : {}),
          });
          return {
            mode: request.mode,
            ...common,
            weighting: null,
            weightingUsed: null,
            ...answer(result, 'residents'),
            targetCoverage: result.targetShare,
            reached: result.reached,
          };
        }
        if (request.mode === 'maximal_covering') {
          const result = suggestSites(base, {
            ...shared,
            sites: request.k!,
            ...(request.slotsPerSite !== undefined ? { slotsPerSite: request.slotsPerSite } : { totalSlots: request.totalSlots! }),
            weighting: request.weightByUnmetDemand ? 'unmetDemand' : 'population',
          });
          const unit = result.weightingUsed === 'population' ? 'residents' : 'weighted_residents';
          return { mode: request.mode, ...common, ...answer(result, unit), targetCoverage: null, reached: null };
        }
        const options = { ...shared, sites: request.k!, slotsPerSite: request.slotsPerSite! };
        const result =
          request.mode === 'p_median'
            ? suggestPMedian(base, { ...options, cutoffMin: request.cutoffMinutes ?? minutes })
            : request.mode === 'capacitated_covering'
              ? suggestCapacitatedCovering(base, options)
              : suggestTargetGap(base, {
                  ...options,
                  ...(request.targetCoverage !== undefined ? { targetShare: request.targetCoverage } : {}),
                });
        return {
          mode: request.mode,
          ...common,
          weighting: null,
          weightingUsed: null,
          ...answer(result, result.objectiveUnit),
          targetCoverage: request.targetCoverage ?? null,
          reached: null,
        };
      } catch (error) {
        // The engine's own argument checks (the schema already enforces them; kept for the message).
        if (error instanceof RangeError) {
          const message = bilingual('选址参数不被计算引擎接受', error.message);
          throw unprocessable(message, [{ path: 'body', message: bilingual('参数超出计算引擎允许的范围', error.message) }]);
        }
        throw error;
      }
    },
  }),
];

/**
 * The year's baseline with the planner's current proposal applied (placed sites, resizes, removals), or
 * the baseline itself without one. A change the data cannot take (unknown facility id) → 422 at its field.
 */
function startingPoint(base: BaselineState, startFrom: SuggestionRequest['startFrom'], crs: SuggestionRequest['crs']): BaselineState {
  if (!startFrom || startFrom.sites.length + startFrom.remove.length + startFrom.resize.length === 0) return base;
  try {
    return baselineWithProposal(base, {
      sites: partsInWgs84(startFrom.sites, crs).map((site) => ({
        lon: site.lon,
        lat: site.lat,
        slots: site.slots,
        ...(site.inclusiveSlots !== undefined ? { inclusiveSlots: site.inclusiveSlots } : {}),
        ...(site.type !== undefined ? { type: site.type } : {}),
        ...(site.name !== undefined ? { name: site.name } : {}),
      })),
      remove: startFrom.remove,
      resize: startFrom.resize.map((r) => ({
        id: r.id,
        slots: r.slots,
        ...(r.inclusiveSlots !== undefined ? { inclusiveSlots: r.inclusiveSlots } : {}),
      })),
    });
  } catch (error) {
    if (error instanceof ProposalError) {
      // Engine paths are "remove[0]", "sites[2].slots": the request's are body.startFrom.remove.0, ….
      const path = `body.startFrom.${error.path.replace(/\[(\d+)\]/g, '.$1')}`;
      throw unprocessable(
        bilingual(`当前方案无法应用于数据：${error.text.zh}`, `the current proposal cannot be applied to this data: ${error.text.en}`),
        [{ path, message: error.text }],
      );
    }
    throw error;
  }
}

/** Each site with why it is suggested: residents newly covered (marginalPopulation) and its township's gap reduced. */
function withReasons<S extends { township: string | null; slots: number }>(
  sites: S[],
  townships: { code: string; slotGapBefore: number | null }[],
): (S & { townshipGapReduced: number })[] {
  const reduced = townshipGapReductions(sites, new Map(townships.map((t) => [t.code, t.slotGapBefore])));
  return sites.map((site, i) => ({ ...site, townshipGapReduced: reduced[i] ?? 0 }));
}
