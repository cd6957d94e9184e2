/**
 * Site suggestions (location–allocation) against a year's baseline, keeping existing facilities
 * fixed and counting only residents the baseline leaves uncovered within the threshold:
 *
 * - {@link suggestSites}, maximal covering: choose k of the candidate locations to maximise the
 *   (weighted) residents newly brought within the threshold. Lazy greedy (coverage is submodular,
 *   so a stale gain is an upper bound) followed by swap improvement (exchange a chosen site for an
 *   unchosen candidate while that raises the objective).
 * - {@link suggestMinimumSites}, set cover: the fewest candidates (greedy, then dropping picks the
 *   later ones made redundant) that bring the district's coverage share within the threshold to a
 *   target (e.g. 0.95).
 *
 * Each candidate's coverage set comes from one bounded search from it (bound = the threshold's
 * distance), looking only at residents currently uncovered; candidates with no uncovered unit
 * within that straight-line distance are skipped without a search.
 *
 * Weighting by unmet demand (`weighting: 'unmetDemand'`): an uncovered resident of township t
 * weighs f_t = (gap_t ÷ population_t) ÷ (Σ gap ÷ Σ population), its township's slot gap per
 * resident relative to the district average (gaps toward the year's slots-per-1,000 target, before
 * any suggested site). A township meeting its target weighs 0; residents in no township weigh 1.
 * When no township has a gap (or the year has no target) the weights fall back to population.
 * The objective is then "gap-weighted residents"; `newlyCoveredPopulation` is always plain residents.
 *
 * Both report, per township, the slots it still needs to meet the target after the suggested
 * sites' slots are added (`slotGapAfter`), and a `proposal` ready for evaluateProposal.
 */
import Flatbush from 'flatbush';
import { thresholdMeters } from '../coverage/index.js';
import { metresPerDegree, NodeHeap, targetsWithinReach } from '../network/index.js';
import { computeIndicators } from '../figures/index.js';
import type { BaselineState } from './baseline.js';
import type { ProposedSite } from './proposal.js';
import { locateTownship } from '../geo/index.js';
import type { Facility, LonLat } from '../../model/index.js';

/** Swap passes stop when a pass improves the objective by less than this share of it. */
const SWAP_RELATIVE_TOLERANCE = 1e-12;
/** Default cap on swap passes: each pass costs k × (total size of the coverage sets). */
const DEFAULT_SWAP_PASSES = 20;

/**
 * Coverage sets in compressed rows: candidate c covers elements element[start[c] … start[c + 1] − 1].
 * Elements are numbered 0 … elementCount − 1.
 */
export interface CoverageSets {
  candidateCount: number;
  elementCount: number;
  start: Uint32Array;
  element: Uint32Array;
}

export interface CoveringSolution {
  /** Chosen candidates in greedy order on the final set (each gain given the ones before it). */
  chosen: number[];
  /** Marginal weight each chosen candidate adds, same order; non-increasing. */
  gains: number[];
  /** Total weight covered by the chosen candidates. */
  objective: number;
}

/**
 * Greedy maximal covering of at most k sets (fewer when no set adds anything), then swap
 * improvement for up to `swapPasses` passes (0 disables it). Ties go to the heap's order, the same
 * for the same input.
 */
export function greedyMaximalCovering(
  sets: CoverageSets,
  weights: Float64Array,
  k: number,
  options: { swapPasses?: number } = {},
): CoveringSolution {
  const covered = new Uint8Array(sets.elementCount);
  const chosen = lazyGreedy(
    sets,
    weights,
    covered,
    (count) => count >= k,
    () => false,
  ).chosen;
  if ((options.swapPasses ?? DEFAULT_SWAP_PASSES) > 0 && chosen.length > 0) {
    improveBySwaps(sets, weights, chosen, options.swapPasses ?? DEFAULT_SWAP_PASSES);
  }
  return inGreedyOrder(sets, weights, chosen);
}

/**
 * Greedy set cover: adds the candidate with the largest marginal weight until the covered weight
 * reaches `targetWeight` (or nothing adds anything, or `maxSets` are chosen).
 */
export function greedySetCover(
  sets: CoverageSets,
  weights: Float64Array,
  targetWeight: number,
  maxSets = Infinity,
): CoveringSolution & { reached: boolean } {
  const covered = new Uint8Array(sets.elementCount);
  if (targetWeight <= 0) return { chosen: [], gains: [], objective: 0, reached: true };
  const greedy = lazyGreedy(
    sets,
    weights,
    covered,
    (count) => count >= maxSets,
    (objective) => objective >= targetWeight,
  );
  if (greedy.objective < targetWeight) return { ...greedy, reached: false };
  const kept = withoutRedundantSets(sets, weights, greedy.chosen, targetWeight);
  return { ...inGreedyOrder(sets, weights, kept), reached: true };
}

/**
 * Drops, earliest chosen first, every set whose removal keeps the covered weight at or above the
 * target: a big early pick is often made redundant by the smaller ones chosen after it.
 */
function withoutRedundantSets(sets: CoverageSets, weights: Float64Array, chosen: readonly number[], targetWeight: number): number[] {
  const count = new Uint32Array(sets.elementCount);
  for (const c of chosen) for (let k = sets.start[c]!; k < sets.start[c + 1]!; k++) count[sets.element[k]!]!++;
  let objective = 0;
  for (let e = 0; e < sets.elementCount; e++) if (count[e]! > 0) objective += weights[e]!;
  const kept: number[] = [];
  for (const c of chosen) {
    let loss = 0;
    for (let k = sets.start[c]!; k < sets.start[c + 1]!; k++) if (count[sets.element[k]!] === 1) loss += weights[sets.element[k]!]!;
    if (objective - loss >= targetWeight) {
      for (let k = sets.start[c]!; k < sets.start[c + 1]!; k++) count[sets.element[k]!]!--;
      objective -= loss;
    } else {
      kept.push(c);
    }
  }
  return kept;
}

/** Lazy greedy: a popped candidate whose recomputed gain still tops the heap is the true best. */
function lazyGreedy(
  sets: CoverageSets,
  weights: Float64Array,
  covered: Uint8Array,
  enoughSets: (count: number) => boolean,
  enoughWeight: (objective: number) => boolean,
): CoveringSolution {
  const heap = new NodeHeap(Math.max(1, sets.candidateCount));
  for (let c = 0; c < sets.candidateCount; c++) {
    const gain = gainOf(sets, weights, covered, c);
    if (gain > 0) heap.push(c, -gain);
  }
  const chosen: number[] = [];
  const gains: number[] = [];
  let objective = 0;
  while (heap.size > 0 && !enoughSets(chosen.length) && !enoughWeight(objective)) {
    const c = heap.pop();
    const gain = gainOf(sets, weights, covered, c);
    if (gain <= 0) continue;
    if (heap.size > 0 && gain < -heap.peekKey()) {
      heap.push(c, -gain);
      continue;
    }
    chosen.push(c);
    gains.push(gain);
    objective += gain;
    for (let k = sets.start[c]!; k < sets.start[c + 1]!; k++) covered[sets.element[k]!] = 1;
  }
  return { chosen, gains, objective };
}

function gainOf(sets: CoverageSets, weights: Float64Array, covered: Uint8Array, c: number): number {
  let gain = 0;
  for (let k = sets.start[c]!; k < sets.start[c + 1]!; k++) {
    const e = sets.element[k]!;
    if (covered[e] === 0) gain += weights[e]!;
  }
  return gain;
}

/**
 * Best-improvement swaps: for each chosen site s in turn, the unchosen candidate c that most
 * raises the objective when it replaces s (gain of c without s − what only s covers), applied when
 * positive. Passes repeat until one makes no swap. Mutates `chosen`.
 */
function improveBySwaps(sets: CoverageSets, weights: Float64Array, chosen: number[], maxPasses: number): void {
  const count = new Uint32Array(sets.elementCount);
  const isChosen = new Uint8Array(sets.candidateCount);
  const inRemoved = new Uint8Array(sets.elementCount);
  for (const c of chosen) {
    isChosen[c] = 1;
    for (let k = sets.start[c]!; k < sets.start[c + 1]!; k++) count[sets.element[k]!]!++;
  }
  let objective = 0;
  for (let e = 0; e < sets.elementCount; e++) if (count[e]! > 0) objective += weights[e]!;

  for (let pass = 0; pass < maxPasses; pass++) {
    let swapped = false;
    for (let position = 0; position < chosen.length; position++) {
      const s = chosen[position]!;
      let loss = 0;
      for (let k = sets.start[s]!; k < sets.start[s + 1]!; k++) {
        const e = sets.element[k]!;
        inRemoved[e] = 1;
        if (count[e] === 1) loss += weights[e]!;
      }
      let bestCandidate = -1;
      let bestDelta = SWAP_RELATIVE_TOLERANCE * objective;
      for (let c = 0; c < sets.candidateCount; c++) {
        if (isChosen[c] === 1) continue;
        let gain = 0;
        for (let k = sets.start[c]!; k < sets.start[c + 1]!; k++) {
          const e = sets.element[k]!;
          const n = count[e]!;
          if (n === 0 || (n === 1 && inRemoved[e] === 1)) gain += weights[e]!;
        }
        if (gain - loss > bestDelta) {
          bestDelta = gain - loss;
          bestCandidate = c;
        }
      }
      for (let k = sets.start[s]!; k < sets.start[s + 1]!; k++) inRemoved[sets.element[k]!] = 0;
      if (bestCandidate === -1) continue;
      for (let k = sets.start[s]!; k < sets.start[s + 1]!; k++) count[sets.element[k]!]!--;
      for (let k = sets.start[bestCandidate]!; k < sets.start[bestCandidate + 1]!; k++) count[sets.element[k]!]!++;
      isChosen[s] = 0;
      isChosen[bestCandidate] = 1;
      chosen[position] = bestCandidate;
      objective += bestDelta;
      swapped = true;
    }
    if (!swapped) return;
  }
}

/** The chosen candidates reordered greedily among themselves, with their marginal gains. */
function inGreedyOrder(sets: CoverageSets, weights: Float64Array, chosen: readonly number[]): CoveringSolution {
  const sub: CoverageSets = {
    candidateCount: chosen.length,
    elementCount: sets.elementCount,
    start: new Uint32Array(chosen.length + 1),
    element: new Uint32Array(chosen.reduce((n, c) => n + sets.start[c + 1]! - sets.start[c]!, 0)),
  };
  chosen.forEach((c, i) => {
    sub.element.set(sets.element.subarray(sets.start[c], sets.start[c + 1]), sub.start[i]);
    sub.start[i + 1] = sub.start[i]! + sets.start[c + 1]! - sets.start[c]!;
  });
  const ordered = lazyGreedy(
    sub,
    weights,
    new Uint8Array(sets.elementCount),
    () => false,
    () => false,
  );
  // A chosen site that adds nothing once the others are in stays at the end with gain 0.
  const used = new Set(ordered.chosen);
  const rest = chosen.map((_, i) => i).filter((i) => !used.has(i));
  return {
    chosen: [...ordered.chosen, ...rest].map((i) => chosen[i]!),
    gains: [...ordered.gains, ...rest.map(() => 0)],
    objective: ordered.objective,
  };
}

export type DemandWeighting = 'population' | 'unmetDemand';

export interface CoveringOptions {
  /** Candidate locations (WGS84 degrees): the planner's list, or generateCandidates(…). */
  candidates: readonly { lon: number; lat: number }[];
  /** Walking threshold in minutes; default the largest of the profile (15). */
  thresholdMin?: number;
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
  /** Position in options.candidates. */
  candidateIndex: number;
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

export interface SiteSuggestion {
  year: number;
  weighting: DemandWeighting;
  /** What the weights actually were ('population' when unmet-demand weights were asked for but no township has a gap). */
  weightingUsed: DemandWeighting;
  sites: SuggestedSite[];
  /** Σ marginal gains: weighted residents newly covered. */
  objective: number;
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
  const problem = coveringProblem(base, options);
  const { weights, weightingUsed } = elementWeights(base, problem, options.weighting ?? 'population');
  const solution = greedyMaximalCovering(problem.sets, weights, options.sites, { swapPasses: options.swapPasses });
  const slots = splitSlots(options, solution.chosen.length);
  return {
    year: base.year,
    weighting: options.weighting ?? 'population',
    weightingUsed,
    ...describeSolution(base, problem, options.candidates, solution, slots),
  };
}

/** Set cover: the fewest candidate sites (greedy) that bring the district's coverage within the threshold to `targetShare`. */
export function suggestMinimumSites(base: BaselineState, options: MinimumSitesOptions): MinimumSitesSuggestion {
  if (!(options.targetShare > 0 && options.targetShare <= 1)) throw new RangeError('suggestMinimumSites: targetShare must be in (0, 1]');
  const slotsPerSite = checkSlots(options.slotsPerSite, 'slotsPerSite');
  const problem = coveringProblem(base, options);
  const neededPopulation = options.targetShare * problem.baseline.unitPopulation - problem.baseline.coveredPopulation;
  const solution = greedySetCover(problem.sets, problem.population, neededPopulation, options.maxSites ?? Infinity);
  const slots = solution.chosen.map(() => slotsPerSite);
  return {
    year: base.year,
    targetShare: options.targetShare,
    reached: solution.reached,
    ...describeSolution(base, problem, options.candidates, solution, slots),
  };
}

interface CoveringProblem {
  thresholdMin: number;
  thresholdM: number;
  sets: CoverageSets;
  /** Unit index (into data.populationUnits) of each element. */
  elementUnit: Uint32Array;
  /** Residents of each element. */
  population: Float64Array;
  baseline: CoveringBaselineFigures;
  usefulCandidates: number;
}

/** The uncovered units as elements, and each candidate's set of them within the threshold. */
function coveringProblem(base: BaselineState, options: CoveringOptions): CoveringProblem {
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
  if (weighting === 'population') return { weights: problem.population, weightingUsed: 'population' };
  const townships = base.indicators.townships;
  let totalGap = 0;
  let totalPopulation = 0;
  for (const t of townships) {
    if (t.slotGap === null || t.population <= 0) continue;
    totalGap += t.slotGap;
    totalPopulation += t.population;
  }
  if (totalGap <= 0) return { weights: problem.population, weightingUsed: 'population' };
  const districtGapPerResident = totalGap / totalPopulation;
  const factor = townships.map((t) => (t.slotGap === null || t.population <= 0 ? 0 : t.slotGap / t.population / districtGapPerResident));
  const weights = Float64Array.from(problem.elementUnit, (u, e) => {
    const ti = base.unitTownship[u]!;
    return problem.population[e]! * (ti >= 0 ? factor[ti]! : 1);
  });
  return { weights, weightingUsed: 'unmetDemand' };
}

function checkSlots(slots: number | undefined, name: string): number {
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

function describeSolution(
  base: BaselineState,
  problem: CoveringProblem,
  candidates: readonly { lon: number; lat: number }[],
  solution: CoveringSolution,
  slots: number[],
): Omit<SiteSuggestion, 'year' | 'weighting' | 'weightingUsed'> {
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
