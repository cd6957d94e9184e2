/**
 * Site suggestions (location–allocation) against a year's baseline, keeping existing facilities
 * fixed and counting only residents the baseline leaves uncovered within the threshold:
 *
 * - {@link suggestSites}, maximal covering: choose k of the candidate locations to maximise the
 *   (weighted) childcare demand newly brought within the threshold: children under 3 by the rule
 *   accessibility (E2SFCA) uses (engine/figures under3Demand, the baseline's `unitDemand`). Lazy greedy (coverage is submodular,
 *   so a stale gain is an upper bound) followed by swap improvement (exchange a chosen site for an
 *   unchosen candidate while that raises the objective).
 * - {@link suggestMinimumSites}, set cover: the fewest candidates (greedy, then dropping picks the
 *   later ones made redundant) that bring the district's coverage share within the threshold to a
 *   target (e.g. 0.95). The share is of residents, as POLICY.md defines the 15-minute service circle.
 *
 * Each candidate's coverage set comes from one bounded search from it (bound = the threshold's
 * distance), looking only at residents currently uncovered; candidates with no uncovered unit
 * within that straight-line distance are skipped without a search.
 *
 * Weighting by unmet demand (`weighting: 'unmetDemand'`): the demand of an uncovered unit of township t
 * is multiplied by f_t = (gap_t ÷ population_t) ÷ (Σ gap ÷ Σ population), its township's slot gap per
 * resident relative to the district average (gaps toward the year's slots-per-1,000 target, before
 * any suggested site). A township meeting its target weighs 0; residents in no township weigh 1.
 * When no township has a gap (or the year has no target) the weights fall back to population.
 * The objective is then gap-weighted demand; `newlyCoveredPopulation` is always plain residents.
 *
 * Both report, per township, the slots it still needs to meet the target after the suggested
 * sites' slots are added (`slotGapAfter`), and a `proposal` ready for evaluateProposal.
 */
import Flatbush from 'flatbush';
import type { Highs } from 'highs';
import {
  greedyMaximalCovering,
  greedySetCover,
  inGreedyOrder,
  solveMaximalCovering,
  solveSetCover,
  type CoverageSets,
  type CoveringSolution,
  type SolveQuality,
} from '../allocation/index.js';
import { bilingual } from '../../model/bilingual.js';

export { greedyMaximalCovering, greedySetCover, type CoverageSets, type CoveringSolution };
import { thresholdMeters } from '../coverage/index.js';
import { metresPerDegree, targetsWithinReach } from '../network/index.js';
import { computeIndicators, type DemandSummary } from '../figures/index.js';
import type { BaselineState } from './baseline.js';
import type { ProposedSite } from './proposal.js';
import { locateTownship } from '../geo/index.js';
import type { Facility, LonLat } from '../../model/index.js';

export type DemandWeighting = 'population' | 'unmetDemand';

export interface CoveringOptions {
  /** Candidate locations (WGS84 degrees): the planner's list, or generateCandidates(…). */
  candidates: readonly { lon: number; lat: number }[];
  /** Walking threshold in minutes; default the largest of the profile (15). */
  thresholdMin?: number;
  /** Proposed sites that stay whatever is chosen (not counted in k); existing operating facilities always stay. */
  fixedSites?: readonly { lon: number; lat: number; slots: number }[];
  /** Loaded HiGHS runtime (allocation/loadMipSolver); without it the heuristic answers and says so. */
  solver?: Highs | null;
  /** Solver time limit in seconds (default 10, at most 30). */
  timeLimitS?: number;
  /** false: the old greedy + swaps only (for comparison); default exact where possible. */
  exact?: boolean;
}

export interface SuggestSitesOptions extends CoveringOptions {
  /** Number of new sites k. */
  sites: number;
  /** Slots of each new site; or give `totalSlots` to split a budget evenly (the first sites get the remainder). */
  slotsPerSite?: number;
  totalSlots?: number;
  /** Default 'population'. */
  weighting?: DemandWeighting;
  /** Swap-improvement passes after the greedy (default 20; 0 = greedy only). */
  swapPasses?: number;
}

export interface MinimumSitesOptions extends CoveringOptions {
  /** Coverage share of the district's unit population to reach within the threshold (0..1], e.g. 0.95. */
  targetShare: number;
  slotsPerSite: number;
  /** Stop after this many sites even if the share is not reached (default: no limit). */
  maxSites?: number;
}

export interface SuggestedSite {
  /** Position in options.candidates; for a fixed site, candidates.length + its position in fixedSites. */
  candidateIndex: number;
  /** A fixed site (given, kept whatever is chosen). */
  fixed: boolean;
  lon: number;
  lat: number;
  /** Township containing the site; null outside every township. */
  township: string | null;
  slots: number;
  /** Marginal objective given the sites listed before it (weighted residents). */
  marginalGain: number;
  /** Marginal residents newly within the threshold given the sites before it. */
  marginalPopulation: number;
}

export interface TownshipNeed {
  code: string;
  name: string;
  /** Slots the township still needs to meet the year's target after the suggested sites' slots; null without a target. */
  slotGapBefore: number | null;
  slotGapAfter: number | null;
}

export interface CoveringBaselineFigures {
  thresholdMin: number;
  thresholdM: number;
  unitPopulation: number;
  coveredPopulation: number;
  uncoveredPopulation: number;
  /** Covered ÷ unit population (0..1). */
  coverage: number;
}

export interface SiteSuggestion extends SolveQuality {
  year: number;
  weighting: DemandWeighting;
  /** What the weights actually were ('population' when unmet-demand weights were asked for but no township has a gap). */
  weightingUsed: DemandWeighting;
  sites: SuggestedSite[];
  /** Σ marginal gains: (weighted) childcare demand newly covered. */
  objective: number;
  /** The childcare demand the weights are (children under 3, or residents where the data give no share). */
  demand: DemandSummary;
  newlyCoveredPopulation: number;
  baseline: CoveringBaselineFigures;
  /** Coverage share within the threshold with the suggested sites. */
  coverageAfter: number;
  /** Candidates with at least one uncovered resident within reach. */
  usefulCandidates: number;
  townships: TownshipNeed[];
  /** Ready for evaluateProposal(base, proposal) to get the full before/after. */
  proposal: { sites: ProposedSite[] };
}

export interface MinimumSitesSuggestion extends Omit<SiteSuggestion, 'weighting' | 'weightingUsed'> {
  targetShare: number;
  /** False when the candidates cannot reach the target share (or maxSites stopped the search). */
  reached: boolean;
}

/** Maximal covering: the k candidate sites that bring the most (weighted) uncovered residents within the threshold. */
export function suggestSites(base: BaselineState, options: SuggestSitesOptions): SiteSuggestion {
  if (!Number.isInteger(options.sites) || options.sites < 0) throw new RangeError('suggestSites: sites must be an integer ≥ 0');
  const { candidates, forced } = withFixedSites(options);
  const problem = coveringProblem(base, { ...options, candidates });
  const { weights, weightingUsed } = elementWeights(base, problem, options.weighting ?? 'population');
  let solution: CoveringSolution;
  let quality: SolveQuality;
  if (options.exact === false) {
    solution = greedyMaximalCovering(problem.sets, weights, options.sites, { swapPasses: options.swapPasses });
    quality = heuristicQuality(problem);
  } else {
    const answer = solveMaximalCovering(problem.sets, weights, options.sites, {
      solver: options.solver,
      timeLimitS: options.timeLimitS,
      forced,
    });
    solution = inGreedyOrder(problem.sets, weights, [...forced, ...answer.chosen]);
    quality = answer.quality;
  }
  const slots = solution.chosen.map((c) =>
    c >= options.candidates.length ? options.fixedSites![c - options.candidates.length]!.slots : 0,
  );
  const free = splitSlots(options, solution.chosen.filter((c) => c < options.candidates.length).length);
  let next = 0;
  solution.chosen.forEach((c, i) => {
    if (c < options.candidates.length) slots[i] = free[next++]!;
  });
  return {
    year: base.year,
    weighting: options.weighting ?? 'population',
    weightingUsed,
    ...quality,
    ...describeSolution(base, problem, candidates, solution, slots, options.candidates.length),
  };
}

/** Set cover: the fewest candidate sites that bring the district's coverage within the threshold to `targetShare`. */
export function suggestMinimumSites(base: BaselineState, options: MinimumSitesOptions): MinimumSitesSuggestion {
  if (!(options.targetShare > 0 && options.targetShare <= 1)) throw new RangeError('suggestMinimumSites: targetShare must be in (0, 1]');
  const slotsPerSite = checkSlots(options.slotsPerSite, 'slotsPerSite');
  const { candidates, forced } = withFixedSites(options);
  const problem = coveringProblem(base, { ...options, candidates });
  const neededPopulation = options.targetShare * problem.baseline.unitPopulation - problem.baseline.coveredPopulation;
  let solution: CoveringSolution;
  let reached: boolean;
  let quality: SolveQuality;
  if (options.exact === false) {
    const greedy = greedySetCover(problem.sets, problem.population, neededPopulation, options.maxSites ?? Infinity);
    solution = greedy;
    reached = greedy.reached;
    quality = heuristicQuality(problem);
  } else {
    const answer = solveSetCover(problem.sets, problem.population, neededPopulation, {
      solver: options.solver,
      timeLimitS: options.timeLimitS,
      forced,
      ...(options.maxSites !== undefined ? { maxSites: options.maxSites } : {}),
    });
    solution = inGreedyOrder(problem.sets, problem.population, [...forced, ...answer.chosen]);
    reached = answer.reached;
    quality = answer.quality;
  }
  const slots = solution.chosen.map((c) =>
    c >= options.candidates.length ? options.fixedSites![c - options.candidates.length]!.slots : slotsPerSite,
  );
  return {
    year: base.year,
    targetShare: options.targetShare,
    reached,
    ...quality,
    ...describeSolution(base, problem, candidates, solution, slots, options.candidates.length),
  };
}

/** The candidates with the fixed sites appended (forced open, not counted in k). */
export function withFixedSites(options: CoveringOptions): { candidates: { lon: number; lat: number }[]; forced: number[] } {
  const fixed = options.fixedSites ?? [];
  return {
    candidates: [...options.candidates, ...fixed],
    forced: fixed.map((_, i) => options.candidates.length + i),
  };
}

function heuristicQuality(problem: CoveringProblem): SolveQuality {
  return {
    method: 'heuristic',
    optimal: false,
    bound: null,
    gap: null,
    note: bilingual('按要求仅用启发式（贪心 + 交换），未证明最优', 'heuristic only (greedy + swaps) as asked: not proven optimal'),
    seconds: 0,
    reduced: { candidates: problem.sets.candidateCount, demandGroups: problem.sets.elementCount, nonzeros: problem.sets.element.length },
  };
}

export interface CoveringProblem {
  thresholdMin: number;
  thresholdM: number;
  sets: CoverageSets;
  /** Unit index (into data.populationUnits) of each element. */
  elementUnit: Uint32Array;
  /** Residents of each element. */
  population: Float64Array;
  /** Childcare demand of each element (base.unitDemand). */
  demand: Float64Array;
  baseline: CoveringBaselineFigures;
  usefulCandidates: number;
}

/** The uncovered units as elements, and each candidate's set of them within the threshold. */
export function coveringProblem(base: BaselineState, options: CoveringOptions): CoveringProblem {
  const { network, data } = base;
  const thresholdMin = options.thresholdMin ?? Math.max(0, ...base.thresholdsMin);
  const thresholdM = thresholdMeters(network.parameters.walkSpeedKmh, thresholdMin);
  if (!(thresholdM > 0) || thresholdM > base.searchLimitM) {
    throw new RangeError(`threshold ${thresholdMin} min must be positive and within the baseline's search bound`);
  }

  const units = data.populationUnits;
  const elementOfUnit = new Int32Array(units.length).fill(-1);
  const elementUnits: number[] = [];
  let unitPopulation = 0;
  let coveredPopulation = 0;
  units.forEach((unit, u) => {
    unitPopulation += unit.population;
    if (base.unitDistanceM[u]! <= thresholdM) coveredPopulation += unit.population;
    else if (unit.population > 0) {
      elementOfUnit[u] = elementUnits.length;
      elementUnits.push(u);
    }
  });
  const elementUnit = Uint32Array.from(elementUnits);
  const population = Float64Array.from(elementUnits, (u) => units[u]!.population);
  const demand = Float64Array.from(elementUnits, (u) => base.unitDemand[u]!);

  // Uncovered units indexed by position: a candidate with none within the threshold's straight-line
  // distance (walking is never shorter, see proposals.ts) covers nothing and needs no search.
  const straightLimitM = thresholdM / (base.approximate ? Math.min(1, network.parameters.detourFactor) : 1);
  const tree = elementUnit.length > 0 ? new Flatbush(elementUnit.length) : null;
  if (tree) {
    for (const u of elementUnit) tree.add(units[u]!.lon, units[u]!.lat, units[u]!.lon, units[u]!.lat);
    tree.finish();
  }

  const start = new Uint32Array(options.candidates.length + 1);
  const element: number[] = [];
  let usefulCandidates = 0;
  options.candidates.forEach((candidate, c) => {
    if (!Number.isFinite(candidate.lon) || !Number.isFinite(candidate.lat)) {
      throw new RangeError(`candidates[${c}]: lon and lat must be finite`);
    }
    if (tree && anyWithin(tree, candidate, straightLimitM * 1.01)) {
      const reach = targetsWithinReach(network, [candidate.lon, candidate.lat], base.units, thresholdM);
      const before = element.length;
      for (const u of reach.targetIndexes) {
        const e = elementOfUnit[u]!;
        if (e >= 0) element.push(e);
      }
      if (element.length > before) usefulCandidates++;
    }
    start[c + 1] = element.length;
  });

  return {
    thresholdMin,
    thresholdM,
    sets: { candidateCount: options.candidates.length, elementCount: elementUnit.length, start, element: Uint32Array.from(element) },
    elementUnit,
    population,
    demand,
    baseline: {
      thresholdMin,
      thresholdM,
      unitPopulation,
      coveredPopulation,
      uncoveredPopulation: unitPopulation - coveredPopulation,
      coverage: unitPopulation > 0 ? coveredPopulation / unitPopulation : 0,
    },
    usefulCandidates,
  };
}

function anyWithin(tree: Flatbush, point: { lon: number; lat: number }, radiusM: number): boolean {
  const scale = metresPerDegree(point.lat);
  const dLon = radiusM / scale.lonM;
  const dLat = radiusM / scale.latM;
  let found = false;
  tree.search(point.lon - dLon, point.lat - dLat, point.lon + dLon, point.lat + dLat, () => {
    found = true;
    return true;
  });
  return found;
}

/** Element weights (see the module comment for unmet-demand weights). */
function elementWeights(
  base: BaselineState,
  problem: CoveringProblem,
  weighting: DemandWeighting,
): { weights: Float64Array; weightingUsed: DemandWeighting } {
  if (weighting === 'population') return { weights: problem.demand, weightingUsed: 'population' };
  const townships = base.indicators.townships;
  let totalGap = 0;
  let totalPopulation = 0;
  for (const t of townships) {
    if (t.slotGap === null || t.population <= 0) continue;
    totalGap += t.slotGap;
    totalPopulation += t.population;
  }
  if (totalGap <= 0) return { weights: problem.demand, weightingUsed: 'population' };
  const districtGapPerResident = totalGap / totalPopulation;
  const factor = townships.map((t) => (t.slotGap === null || t.population <= 0 ? 0 : t.slotGap / t.population / districtGapPerResident));
  const weights = Float64Array.from(problem.elementUnit, (u, e) => {
    const ti = base.unitTownship[u]!;
    return problem.demand[e]! * (ti >= 0 ? factor[ti]! : 1);
  });
  return { weights, weightingUsed: 'unmetDemand' };
}

export function checkSlots(slots: number | undefined, name: string): number {
  if (slots === undefined || !Number.isInteger(slots) || slots < 0) throw new RangeError(`${name} must be an integer ≥ 0`);
  return slots;
}

/** Slots per chosen site: slotsPerSite each, or totalSlots split evenly (remainder to the first sites). */
function splitSlots(options: SuggestSitesOptions, count: number): number[] {
  if ((options.slotsPerSite === undefined) === (options.totalSlots === undefined)) {
    throw new RangeError('give exactly one of slotsPerSite and totalSlots');
  }
  if (options.slotsPerSite !== undefined) {
    const slots = checkSlots(options.slotsPerSite, 'slotsPerSite');
    return Array.from({ length: count }, () => slots);
  }
  const total = checkSlots(options.totalSlots, 'totalSlots');
  if (count === 0) return [];
  const each = Math.floor(total / count);
  return Array.from({ length: count }, (_, i) => each + (i < total - each * count ? 1 : 0));
}

export function describeSolution(
  base: BaselineState,
  problem: CoveringProblem,
  candidates: readonly { lon: number; lat: number }[],
  solution: CoveringSolution,
  slots: number[],
  fixedFrom: number,
): Omit<SiteSuggestion, 'year' | 'weighting' | 'weightingUsed' | keyof SolveQuality> {
  const { data } = base;
  // Plain residents each site adds, in the same order as the weighted gains.
  const covered = new Uint8Array(problem.sets.elementCount);
  const marginalPopulation = solution.chosen.map((c) => {
    let added = 0;
    for (let k = problem.sets.start[c]!; k < problem.sets.start[c + 1]!; k++) {
      const e = problem.sets.element[k]!;
      if (covered[e] === 0) {
        covered[e] = 1;
        added += problem.population[e]!;
      }
    }
    return added;
  });
  const sites: SuggestedSite[] = solution.chosen.map((c, i) => {
    const { lon, lat } = candidates[c]!;
    const t = locateTownship(base.townshipLocator, [lon, lat] as LonLat);
    return {
      candidateIndex: c,
      fixed: c >= fixedFrom,
      lon,
      lat,
      township: t >= 0 ? data.townships[t]!.code : null,
      slots: slots[i]!,
      marginalGain: solution.gains[i]!,
      marginalPopulation: marginalPopulation[i]!,
    };
  });
  const newlyCoveredPopulation = marginalPopulation.reduce((a, b) => a + b, 0);

  const added: Facility[] = sites.map((site, i) => ({
    id: `suggested-site-${i + 1}`,
    name: `suggested-site-${i + 1}`,
    slots: site.slots,
    inclusiveSlots: 0,
    type: 'community',
    status: 'operating',
    openedYear: null,
    closedYear: null,
    grade: null,
    staff: null,
    certifiedStaff: null,
    township: site.township,
    lon: site.lon,
    lat: site.lat,
  }));
  const after = computeIndicators({ ...data, facilities: [...data.facilities, ...added] }, base.year);
  const { unitPopulation, coveredPopulation } = problem.baseline;

  return {
    sites,
    objective: solution.objective,
    demand: base.demand,
    newlyCoveredPopulation,
    baseline: problem.baseline,
    coverageAfter: unitPopulation > 0 ? (coveredPopulation + newlyCoveredPopulation) / unitPopulation : 0,
    usefulCandidates: problem.usefulCandidates,
    townships: data.townships.map((t, i) => ({
      code: t.code,
      name: t.name,
      slotGapBefore: base.indicators.townships[i]!.slotGap,
      slotGapAfter: after.townships[i]!.slotGap,
    })),
    proposal: { sites: sites.map((site) => ({ lon: site.lon, lat: site.lat, slots: site.slots })) },
  };
}
