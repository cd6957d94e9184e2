/**
 * Site suggestions (location–allocation) as one computation, answered directly by
 * POST /api/jurisdictions/{id}/suggestions or run as the job kind `suggestions` (./suggestions.ts) when
 * there are many candidates: the same body either way. Problems a person must fix are JobFailures
 * (status, code, bilingual text, issues), which the route turns into the HTTP error of the same shape.
 */
import type { Highs } from 'highs';
import type { JurisdictionAnalysis } from '../../analysis/analysis-service.js';
import { loadMipSolver } from '../../engine/allocation/index.js';
import { toWgs84 } from '../../engine/geo/index.js';
import {
  baselineWithProposal,
  generateCandidates,
  ProposalError,
  suggestCapacitatedCovering,
  suggestMinimumSites,
  suggestPMedian,
  suggestSites,
  suggestTargetGap,
  townshipGapReductions,
  type BaselineState,
  type LocationAllocationSuggestion,
  type MinimumSitesSuggestion,
  type SiteSuggestion,
} from '../../engine/whatif/index.js';
import { bilingual, type Bilingual } from '../../model/index.js';
import { MAX_CANDIDATES, type SuggestionRequest } from '../../schemas/whatif.js';
import { baselineOf } from '../compute/tasks.js';
import { JobFailure } from '../job-kind.js';

const unprocessable = (text: Bilingual, issues: { path: string; message: Bilingual }[]) =>
  new JobFailure(422, 'unprocessable', text, issues);

/** The year's what-if baseline, once per data version and year (the memo /proposals/evaluate shares). */
function whatIfBaseline(analysis: JurisdictionAnalysis, year: number): BaselineState {
  return analysis.memo(`whatif-baseline:${year}`, () => baselineOf(analysis.dataOf(year), analysis.network, year));
}

function partsInWgs84<T extends { lon: number; lat: number }>(items: readonly T[], crs: SuggestionRequest['crs']): T[] {
  if (crs === 'WGS84') return [...items];
  return items.map((item) => {
    const [lon, lat] = toWgs84([item.lon, item.lat], crs);
    return { ...item, lon, lat };
  });
}

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

/**
 * The suggestion's response body for a checked request whose candidates are resolved. Throws JobFailure
 * for what the request asks that the data cannot give (422).
 */
export async function computeSuggestion(
  analysis: JurisdictionAnalysis,
  request: SuggestionRequest,
  year: number,
  minutes: number,
  { candidates, given, spacingM }: { candidates: { lon: number; lat: number }[]; given: boolean; spacingM: number | null },
) {
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
      throw unprocessable(bilingual('选址参数不被计算引擎接受', error.message), [
        { path: 'body', message: bilingual('参数超出计算引擎允许的范围', error.message) },
      ]);
    }
    throw error;
  }
}

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
