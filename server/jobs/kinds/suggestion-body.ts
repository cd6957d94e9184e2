/**
 * The response body of a site suggestion (POST /api/jurisdictions/{id}/suggestions and the job kind
 * `suggestions`) from the year's what-if baseline: pure engine work with no jurisdiction service, so
 * that it runs in a compute-pool worker thread (../compute/tasks.ts) — the MIP solve takes up to the
 * request's time limit and must not hold the event loop — or inline where there is no pool. The same
 * body either way. Problems a person must fix are JobFailures (status, code, bilingual text, issues).
 */
import type { Highs } from 'highs';
import { toWgs84 } from '../../engine/geo/index.js';
import {
  baselineWithProposal,
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
import { demandJson, type SuggestionRequest } from '../../schemas/whatif.js';
import { JobFailure } from '../job-kind.js';

/** The request's candidates resolved to WGS84 (./suggestion-answer.ts resolveCandidates). */
export interface ResolvedCandidates {
  candidates: { lon: number; lat: number }[];
  given: boolean;
  spacingM: number | null;
}

export const unprocessable = (text: Bilingual, issues: { path: string; message: Bilingual }[]) =>
  new JobFailure(422, 'unprocessable', text, issues);

function partsInWgs84<T extends { lon: number; lat: number }>(items: readonly T[], crs: SuggestionRequest['crs']): T[] {
  if (crs === 'WGS84') return [...items];
  return items.map((item) => {
    const [lon, lat] = toWgs84([item.lon, item.lat], crs);
    return { ...item, lon, lat };
  });
}

type ObjectiveUnit = 'residents' | 'weighted_residents' | 'children' | 'weighted_children' | 'slots' | 'person_m' | 'child_m';

/** The engine's answer in the response's shape: notes in both languages, defaults for the other modes' fields. */
function answer(result: SiteSuggestion | MinimumSitesSuggestion | LocationAllocationSuggestion, objectiveUnit: ObjectiveUnit) {
  const { note, seconds, demand, ...rest } = result;
  return {
    objectiveBefore: null,
    allocation: null,
    servedByExisting: null,
    ...rest,
    demand: demandJson(demand),
    sites: withReasons(rest.sites, rest.townships),
    objectiveUnit,
    note: note?.en ?? null,
    noteZh: note?.zh ?? null,
    solveSeconds: seconds,
  };
}

/**
 * The suggestion's response body for a checked request whose candidates are resolved, on `base` (the
 * year's what-if baseline). `solver` null: the heuristic answers and says so. Throws JobFailure for what
 * the request asks that the data cannot give (422).
 */
export function suggestionBody(
  baseOfYear: BaselineState,
  request: SuggestionRequest,
  year: number,
  minutes: number,
  { candidates, given, spacingM }: ResolvedCandidates,
  solver: Highs | null,
) {
  const base = startingPoint(baseOfYear, request.startFrom, request.crs);
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
  const shared = { candidates, fixedSites, thresholdMin: minutes, solver, timeLimitS: request.timeLimitSeconds, exact: request.exact };
  const asResidents = base.demand.method === 'residents';
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
      const weighted = result.weightingUsed !== 'population';
      const unit = asResidents ? (weighted ? 'weighted_residents' : 'residents') : weighted ? 'weighted_children' : 'children';
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

export type SuggestionBody = ReturnType<typeof suggestionBody>;

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
