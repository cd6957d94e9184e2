/**
 * Location–allocation problem types beyond covering, against a year's baseline (existing operating
 * facilities stay; `fixedSites` stay too and do not count in k), each solved exactly by a MIP where
 * the instance allows (engine/allocation) and by a local search otherwise, saying which. Demand is
 * childcare demand, children under 3, by the rule accessibility (E2SFCA) uses (engine/figures
 * under3Demand, held by the baseline as `unitDemand`; residents only where the data give no under-3
 * figure and the profile no census share, which the result's `demand` says):
 *
 * - {@link suggestPMedian} (ArcGIS "minimize impedance"): k sites minimising the total
 *   demand-weighted walking distance to the nearest facility, each child's distance capped at
 *   `cutoffMin` (children farther than the cutoff from every facility count at the cutoff, so that
 *   bringing them within it always helps). Objective in child-metres.
 *   max Σ_g Σ_c s_gc z_gc  s.t. Σ_c z_gc ≤ 1, z_gc ≤ x_c, Σ x_c ≤ k, where s_gc = W_g (e_g − d_gc) is the
 *   saving of serving demand group g from candidate c instead of its current (capped) distance e_g.
 * - {@link suggestCapacitatedCovering}: k sites of `slotsPerSite` maximising the demand served
 *   within the threshold when every facility (existing, fixed, new) serves at most its slots, one
 *   slot serving one child. The allocation (who is served by which site) is returned.
 *   max Σ a_fg  s.t. Σ_f a_fg ≤ D_g, Σ_g a_fg ≤ slots_f x_f, a_fg ≤ D_g x_f, Σ x ≤ k.
 * - {@link suggestTargetGap}: k sites of `slotsPerSite` minimising the sum over townships of the
 *   slot gap to the year's target, a site's slots counting in the township it stands in; among
 *   equally good answers the one covering the most uncovered residents within the threshold, and,
 *   when `targetShare` is given, the coverage within the threshold must reach it (side constraint).
 *   Targets are slots per 1,000 residents and the 15-minute circle a share of residents (POLICY.md),
 *   so this mode counts residents, not children.
 *
 * Distances are the project's walking distances (network when roads are loaded, else straight line ×
 * detour factor), from one bounded search per candidate, as for covering.
 */
import type { Highs } from 'highs';
import { thresholdMeters } from '../coverage/index.js';
import { targetsWithinReach } from '../network/index.js';
import { locateTownship } from '../geo/index.js';
import { bilingual, type Bilingual } from '../../model/bilingual.js';
import type { LonLat } from '../../model/index.js';
import {
  inGreedyOrder,
  MAX_MIP_NONZEROS,
  MipBuilder,
  NO_SOLVER_NOTE,
  solveMip,
  timeLimitNote,
  timeLimitOf,
  tooLargeNote,
  type SolveQuality,
} from '../allocation/index.js';
import type { BaselineState } from './baseline.js';
import { checkSlots, coveringProblem, describeSolution, withFixedSites, type CoveringOptions, type SiteSuggestion } from './allocation.js';

export interface LocationAllocationOptions extends CoveringOptions {
  /** Number of new sites k. */
  sites: number;
  /** Slots of each new site. */
  slotsPerSite: number;
  /** Solver limit on matrix nonzeros before the local search answers (tests lower it). */
  maxNonzeros?: number;
}

/** What one site serves in the capacitated answer (children under 3, one slot each). */
export interface SiteAllocation {
  /** Position in the result's `sites`. */
  site: number;
  served: number;
  units: { unitId: string; served: number }[];
}

export interface LocationAllocationSuggestion extends Omit<SiteSuggestion, 'weighting' | 'weightingUsed'> {
  /** Objective without the new and fixed sites, same units as `objective`. */
  objectiveBefore: number;
  /** person_m/child_m: (demand-weighted) metres; children/residents: demand served; slots: township gaps. */
  objectiveUnit: 'person_m' | 'child_m' | 'children' | 'residents' | 'slots';
  /** Capacitated covering only: what each new or fixed site serves; null otherwise. */
  allocation: SiteAllocation[] | null;
  /** Capacitated covering only: demand served by the existing facilities in the answer. */
  servedByExisting: number | null;
}

/** Per site (CSR): the units within `radiusM` and their walking distances. */
interface Reach {
  start: Uint32Array;
  unit: Uint32Array;
  distanceM: Float64Array;
}

function reachOf(base: BaselineState, points: readonly { lon: number; lat: number }[], radiusM: number): Reach {
  const start = new Uint32Array(points.length + 1);
  const unit: number[] = [];
  const distanceM: number[] = [];
  points.forEach((p, i) => {
    if (!Number.isFinite(p.lon) || !Number.isFinite(p.lat)) throw new RangeError(`candidates[${i}]: lon and lat must be finite`);
    const reach = targetsWithinReach(base.network, [p.lon, p.lat], base.units, radiusM);
    reach.targetIndexes.forEach((u, k) => {
      unit.push(u);
      distanceM.push(reach.distanceM[k]!);
    });
    start[i + 1] = unit.length;
  });
  return { start, unit: Uint32Array.from(unit), distanceM: Float64Array.from(distanceM) };
}

function checkCount(sites: number): void {
  if (!Number.isInteger(sites) || sites < 0) throw new RangeError('sites must be an integer ≥ 0');
}

/** Threshold (minutes, metres) as covering resolves it. */
function thresholdOf(base: BaselineState, thresholdMin: number | undefined): { thresholdMin: number; thresholdM: number } {
  const minutes = thresholdMin ?? Math.max(0, ...base.thresholdsMin);
  const metres = thresholdMeters(base.network.parameters.walkSpeedKmh, minutes);
  if (!(metres > 0) || metres > base.searchLimitM) {
    throw new RangeError(`threshold ${minutes} min must be positive and within the baseline's search bound`);
  }
  return { thresholdMin: minutes, thresholdM: metres };
}

/** Quality of an answer given the MIP result (or none) and the objective reached (model sense). */
function qualityOf(
  method: 'mip' | 'heuristic',
  result: { optimal: boolean; bound: number } | null,
  note: Bilingual | null,
  objective: number,
  started: number,
  reduced: SolveQuality['reduced'],
  timeLimitS: number,
  toReported: (modelValue: number) => number,
): SolveQuality {
  const seconds = (performance.now() - started) / 1000;
  if (method === 'heuristic' || result === null) return { method, optimal: false, bound: null, gap: null, note, seconds, reduced };
  const reported = toReported(objective);
  if (result.optimal) return { method, optimal: true, bound: reported, gap: 0, note: null, seconds, reduced };
  const bound = Number.isFinite(result.bound) ? toReported(result.bound) : null;
  const gap = bound === null ? null : Math.abs(bound - reported) / Math.max(Math.abs(reported), 1e-9);
  return { method, optimal: false, bound, gap, note: timeLimitNote(timeLimitS, gap ?? 1), seconds, reduced };
}

/** The common part of a result: sites in the order chosen, coverage figures and the proposal. */
function describe(
  base: BaselineState,
  options: LocationAllocationOptions,
  candidates: { lon: number; lat: number }[],
  chosen: number[],
): Omit<SiteSuggestion, 'year' | 'weighting' | 'weightingUsed' | keyof SolveQuality> {
  const problem = coveringProblem(base, { ...options, candidates });
  const solution = inGreedyOrder(problem.sets, problem.population, chosen);
  const slots = solution.chosen.map((c) =>
    c >= options.candidates.length ? options.fixedSites![c - options.candidates.length]!.slots : options.slotsPerSite,
  );
  return describeSolution(base, problem, candidates, solution, slots, options.candidates.length);
}

// ---- p-median -------------------------------------------------------------------------------

export interface PMedianOptions extends LocationAllocationOptions {
  /** Distances are capped at this many minutes' walk (default the threshold); at most the baseline's search bound. */
  cutoffMin?: number;
}

/** p-median with a cutoff (see the module comment). */
export function suggestPMedian(base: BaselineState, options: PMedianOptions): LocationAllocationSuggestion {
  const started = performance.now();
  checkCount(options.sites);
  checkSlots(options.slotsPerSite, 'slotsPerSite');
  const { candidates, forced } = withFixedSites(options);
  const cutoff = thresholdOf(base, options.cutoffMin ?? options.thresholdMin);
  const units = base.data.populationUnits;
  const weight = base.unitDemand;
  const reach = reachOf(base, candidates, cutoff.thresholdM);

  // e_u: capped distance now; then with the fixed sites.
  const current = Float64Array.from(units, (_, u) => Math.min(base.unitDistanceM[u]!, cutoff.thresholdM));
  let before = 0;
  units.forEach((_, u) => (before += weight[u]! * current[u]!));
  for (const c of forced) {
    for (let k = reach.start[c]!; k < reach.start[c + 1]!; k++)
      current[reach.unit[k]!] = Math.min(current[reach.unit[k]!]!, reach.distanceM[k]!);
  }
  let withFixed = 0;
  units.forEach((_, u) => (withFixed += weight[u]! * current[u]!));

  // Pairs (candidate, unit, saving > 0), demand merged over units with the same list of (candidate, distance).
  const free = Array.from({ length: options.candidates.length }, (_, c) => c);
  const pairsOfUnit = new Map<number, { c: number; d: number }[]>();
  for (const c of free) {
    for (let k = reach.start[c]!; k < reach.start[c + 1]!; k++) {
      const u = reach.unit[k]!;
      const d = reach.distanceM[k]!;
      if (weight[u]! > 0 && d < current[u]!) {
        let list = pairsOfUnit.get(u);
        if (!list) pairsOfUnit.set(u, (list = []));
        list.push({ c, d });
      }
    }
  }
  const groupOfKey = new Map<string, number>();
  const groups: { weight: number; e: number; pairs: { c: number; d: number }[] }[] = [];
  for (const [u, pairs] of pairsOfUnit) {
    const key = `${current[u]}|${pairs.map((p) => `${p.c}:${p.d}`).join(',')}`;
    let g = groupOfKey.get(key);
    if (g === undefined) {
      g = groups.length;
      groupOfKey.set(key, g);
      groups.push({ weight: 0, e: current[u]!, pairs });
    }
    groups[g]!.weight += weight[u]!;
  }
  // Candidate → (group, saving), useful candidates only.
  const savingsOf = new Map<number, { g: number; s: number }[]>();
  groups.forEach((group, g) => {
    for (const { c, d } of group.pairs) {
      let list = savingsOf.get(c);
      if (!list) savingsOf.set(c, (list = []));
      list.push({ g, s: group.weight * (group.e - d) });
    }
  });
  const kept = [...savingsOf.keys()].sort((a, b) => a - b);
  const pairCount = kept.reduce((n, c) => n + savingsOf.get(c)!.length, 0);
  const reduced = { candidates: kept.length, demandGroups: groups.length, nonzeros: 2 * pairCount + pairCount + kept.length };

  const heuristic = pMedianLocalSearch(kept, savingsOf, groups.length, options.sites);
  let chosenLocal = heuristic.chosen;
  let saving = heuristic.saving;
  let method: 'mip' | 'heuristic' = 'heuristic';
  let result: { optimal: boolean; bound: number } | null = null;
  let note: Bilingual | null = options.solver ? null : NO_SOLVER_NOTE;
  const limit = options.maxNonzeros ?? MAX_MIP_NONZEROS;
  const timeLimitS = timeLimitOf(options);
  if (kept.length <= options.sites) {
    // Every useful candidate fits: taking them all is optimal.
    chosenLocal = kept.map((_, i) => i);
    saving = totalSaving(kept, savingsOf, groups.length, chosenLocal);
    method = 'mip';
    result = { optimal: true, bound: saving };
  } else if (options.solver && reduced.nonzeros > limit) {
    note = tooLargeNote(reduced.nonzeros, limit);
  } else if (options.solver) {
    const builder = new MipBuilder('maximize');
    const x = kept.map(() => builder.variable('binary', 0));
    const assigned: number[][] = groups.map(() => []);
    kept.forEach((c, i) => {
      for (const { g, s } of savingsOf.get(c)!) {
        const z = builder.variable('continuous', s, 0, 1);
        builder.row([z, x[i]!], [1, -1], -Infinity, 0);
        assigned[g]!.push(z);
      }
    });
    for (const list of assigned)
      builder.row(
        list,
        list.map(() => 1),
        -Infinity,
        1,
      );
    builder.row(
      x,
      x.map(() => 1),
      -Infinity,
      options.sites,
    );
    const mip = solveMip(options.solver, builder.model, { timeLimitS });
    method = 'mip';
    result = mip;
    if (mip.x && mip.objective >= saving - 1e-9 * Math.max(1, saving)) {
      chosenLocal = x.map((j, i) => (mip.x![j]! > 0.5 ? i : -1)).filter((i) => i >= 0);
      saving = totalSaving(kept, savingsOf, groups.length, chosenLocal);
    }
  }
  const chosen = chosenLocal.map((i) => kept[i]!);
  const objective = withFixed - saving;
  const quality = qualityOf(method, result, note, saving, started, reduced, timeLimitS, (s) => withFixed - s);
  const described = describe(base, options, candidates, [...forced, ...chosen]);
  return {
    year: base.year,
    ...quality,
    ...described,
    objective,
    objectiveBefore: before,
    objectiveUnit: base.demand.method === 'residents' ? 'person_m' : 'child_m',
    allocation: null,
    servedByExisting: null,
  };
}

function totalSaving(kept: number[], savingsOf: Map<number, { g: number; s: number }[]>, groupCount: number, chosen: number[]): number {
  const best = new Float64Array(groupCount);
  for (const i of chosen) for (const { g, s } of savingsOf.get(kept[i]!)!) if (s > best[g]!) best[g] = s;
  return best.reduce((a, b) => a + b, 0);
}

/** Greedy by saving, then best-improvement swaps (at most 10 passes); positions into `kept`. */
function pMedianLocalSearch(
  kept: number[],
  savingsOf: Map<number, { g: number; s: number }[]>,
  groupCount: number,
  k: number,
): { chosen: number[]; saving: number } {
  const lists = kept.map((c) => savingsOf.get(c)!);
  const best = new Float64Array(groupCount);
  const chosen: number[] = [];
  const isChosen = new Uint8Array(kept.length);
  const gainOf = (i: number, against: Float64Array): number => {
    let gain = 0;
    for (const { g, s } of lists[i]!) if (s > against[g]!) gain += s - against[g]!;
    return gain;
  };
  while (chosen.length < k) {
    let pick = -1;
    let pickGain = 0;
    for (let i = 0; i < kept.length; i++) {
      if (isChosen[i] === 1) continue;
      const gain = gainOf(i, best);
      if (gain > pickGain) {
        pickGain = gain;
        pick = i;
      }
    }
    if (pick < 0) break;
    chosen.push(pick);
    isChosen[pick] = 1;
    for (const { g, s } of lists[pick]!) if (s > best[g]!) best[g] = s;
  }
  const without = new Float64Array(groupCount);
  let total = best.reduce((a, b) => a + b, 0);
  for (let pass = 0; pass < 10; pass++) {
    let swapped = false;
    for (let position = 0; position < chosen.length; position++) {
      without.fill(0);
      chosen.forEach((i, p) => {
        if (p !== position) for (const { g, s } of lists[i]!) if (s > without[g]!) without[g] = s;
      });
      const base = without.reduce((a, b) => a + b, 0);
      let bestI = -1;
      let bestTotal = total * (1 + 1e-12);
      for (let i = 0; i < kept.length; i++) {
        if (isChosen[i] === 1) continue;
        const t = base + gainOf(i, without);
        if (t > bestTotal) {
          bestTotal = t;
          bestI = i;
        }
      }
      if (bestI < 0) continue;
      isChosen[chosen[position]!] = 0;
      isChosen[bestI] = 1;
      chosen[position] = bestI;
      total = bestTotal;
      swapped = true;
    }
    if (!swapped) break;
  }
  return { chosen, saving: totalSaving(kept, savingsOf, groupCount, chosen) };
}

// ---- capacitated covering ---------------------------------------------------------------------

/** Capacitated covering with its allocation (see the module comment). */
export function suggestCapacitatedCovering(base: BaselineState, options: LocationAllocationOptions): LocationAllocationSuggestion {
  const started = performance.now();
  checkCount(options.sites);
  checkSlots(options.slotsPerSite, 'slotsPerSite');
  const { candidates, forced } = withFixedSites(options);
  const threshold = thresholdOf(base, options.thresholdMin);
  const demand = base.unitDemand;
  if (!demand.some((d) => d > 0)) throw new RangeError(`the year ${base.year} has no childcare demand to serve`);
  const units = base.data.populationUnits;

  // Sites: existing operating facilities (always open), then candidates (free), then fixed sites (forced).
  const existing = base.operating.map((f) => ({ lon: f.lon, lat: f.lat }));
  const all = [...existing, ...candidates];
  const capacity = [
    ...base.operating.map((f) => f.slots),
    ...candidates.map((_, c) =>
      c >= options.candidates.length ? options.fixedSites![c - options.candidates.length]!.slots : options.slotsPerSite,
    ),
  ];
  const open = (s: number): 'always' | 'free' => (s < existing.length || forced.includes(s - existing.length) ? 'always' : 'free');
  const reach = reachOf(base, all, threshold.thresholdM);

  // Demand groups: units reached by the same sites (demand summed; flows split freely within a group).
  const sitesOfUnit: number[][] = units.map(() => []);
  for (let s = 0; s < all.length; s++) {
    if (capacity[s]! <= 0) continue;
    for (let k = reach.start[s]!; k < reach.start[s + 1]!; k++) if (demand[reach.unit[k]!]! > 0) sitesOfUnit[reach.unit[k]!]!.push(s);
  }
  const groupOfKey = new Map<string, number>();
  const groupDemand: number[] = [];
  const groupSites: number[][] = [];
  const groupUnits: number[][] = [];
  sitesOfUnit.forEach((list, u) => {
    if (list.length === 0) return;
    const key = list.join(',');
    let g = groupOfKey.get(key);
    if (g === undefined) {
      g = groupDemand.length;
      groupOfKey.set(key, g);
      groupDemand.push(0);
      groupSites.push(list);
      groupUnits.push([]);
    }
    groupDemand[g]! += demand[u]!;
    groupUnits[g]!.push(u);
  });
  const groupsOfSite: number[][] = all.map(() => []);
  groupSites.forEach((list, g) => list.forEach((s) => groupsOfSite[s]!.push(g)));
  const freeSites = all.map((_, s) => s).filter((s) => open(s) === 'free' && groupsOfSite[s]!.length > 0);
  const pairCount = groupsOfSite.reduce((n, list) => n + list.length, 0);
  const reduced = { candidates: freeSites.length, demandGroups: groupDemand.length, nonzeros: 3 * pairCount + freeSites.length };

  const build = (k: number, fixedOpen: readonly number[] | null) => {
    const builder = new MipBuilder('maximize');
    const x = new Map<number, number>();
    for (const s of freeSites) {
      const isFixed = fixedOpen !== null;
      const on = isFixed && fixedOpen.includes(s) ? 1 : 0;
      x.set(s, builder.variable(isFixed ? 'continuous' : 'binary', 0, on, isFixed ? on : 1));
    }
    const flow = new Map<string, number>();
    const bySite: number[][] = all.map(() => []);
    const byGroup: number[][] = groupDemand.map(() => []);
    groupSites.forEach((list, g) => {
      for (const s of list) {
        if (open(s) === 'free' && !x.has(s)) continue;
        const a = builder.variable('continuous', 1, 0, groupDemand[g]);
        flow.set(`${s}:${g}`, a);
        bySite[s]!.push(a);
        byGroup[g]!.push(a);
        const xs = x.get(s);
        if (xs !== undefined) builder.row([a, xs], [1, -groupDemand[g]!], -Infinity, 0);
      }
    });
    byGroup.forEach((list, g) =>
      builder.row(
        list,
        list.map(() => 1),
        -Infinity,
        groupDemand[g]!,
      ),
    );
    bySite.forEach((list, s) => {
      if (list.length === 0) return;
      const xs = x.get(s);
      if (xs === undefined)
        builder.row(
          list,
          list.map(() => 1),
          -Infinity,
          capacity[s]!,
        );
      else builder.row([...list, xs], [...list.map(() => 1), -capacity[s]!], -Infinity, 0);
    });
    if (x.size > 0)
      builder.row(
        [...x.values()],
        [...x.values()].map(() => 1),
        -Infinity,
        k,
      );
    return { builder, x, flow };
  };

  const limit = options.maxNonzeros ?? MAX_MIP_NONZEROS;
  const timeLimitS = timeLimitOf(options);
  if (!options.solver) throw new RangeError('capacitated_covering needs the exact solver (an allocation is a linear programme)');
  if (reduced.nonzeros > limit) {
    throw new RangeError(
      `capacitated_covering: the instance is too large (${reduced.nonzeros} nonzeros, limit ${limit}); use fewer candidates`,
    );
  }
  const solver: Highs = options.solver;
  const serve = (k: number, fixedOpen: readonly number[] | null) => {
    const model = build(k, fixedOpen);
    return { model, result: solveMip(solver, model.builder.model, { timeLimitS }) };
  };
  const beforeRun = serve(0, []);
  const objectiveBefore = beforeRun.result.x ? beforeRun.result.objective : 0;
  // A bound of its own: the existing and fixed facilities serve at most what they serve alone (an LP,
  // objectiveBefore), each new site at most its slots. Reaching it proves an answer optimal whoever found
  // it; it is often far tighter than the solver's bound when the solver stops at its time limit.
  const slotsBound = beforeRun.result.optimal
    ? objectiveBefore + Math.min(options.sites, freeSites.length) * options.slotsPerSite
    : Infinity;
  const atBound = (value: number) => value >= slotsBound - 1e-9 * Math.max(1, slotsBound);

  // The greedy first: the k sites with the most demand the existing facilities leave unserved within
  // their reach (capped at their slots), allocated exactly (an LP). When it fills every new slot it is
  // optimal and the MIP is not needed.
  const greedyRun = () => {
    const unserved = groupDemand.map((d) => d);
    if (beforeRun.result.x) {
      for (const [key, a] of beforeRun.model.flow) unserved[Number(key.split(':')[1])]! -= beforeRun.result.x[a]!;
    }
    const picked: number[] = [];
    for (let i = 0; i < options.sites; i++) {
      let best = -1;
      let bestGain = 0;
      for (const site of freeSites) {
        if (picked.includes(site)) continue;
        const gain = Math.min(
          capacity[site]!,
          groupsOfSite[site]!.reduce((a, g) => a + Math.max(0, unserved[g]!), 0),
        );
        if (gain > bestGain) {
          bestGain = gain;
          best = site;
        }
      }
      if (best < 0) break;
      picked.push(best);
      let left = capacity[best]!;
      for (const g of groupsOfSite[best]!) {
        const take = Math.min(left, Math.max(0, unserved[g]!));
        unserved[g]! -= take;
        left -= take;
      }
    }
    return serve(picked.length, picked);
  };
  const allFit = freeSites.length <= options.sites;
  const greedy = allFit ? null : greedyRun();
  const greedyProven = greedy !== null && greedy.result.x !== null && atBound(greedy.result.objective);
  const exactRun = greedyProven ? null : allFit ? serve(freeSites.length, freeSites) : serve(options.sites, null);
  let method: 'mip' | 'heuristic' = 'mip';
  let note: Bilingual | null = null;
  let run = exactRun ?? greedy!;
  if (greedy?.result.x && (!run.result.x || greedy.result.objective > run.result.objective + 1e-9)) run = greedy;
  const { model, result } = run;
  if (!result.x) throw new RangeError('capacitated_covering: the solver found no allocation within the time limit');
  if (exactRun !== null && !exactRun.result.x) {
    method = 'heuristic';
    note = bilingual(
      `${timeLimitS} 秒内未找到整数解：按未满足需求贪心选址，再精确分配，未证明最优`,
      `no integer solution within ${timeLimitS} s: sites chosen greedily by unserved demand, then allocated exactly; not proven optimal`,
    );
  }
  const chosenSites = freeSites.filter((s) => result.x![model.x.get(s)!]! > 0.5);
  const chosen = chosenSites.map((s) => s - existing.length);
  const proof = allFit
    ? { optimal: result.optimal, bound: result.objective }
    : atBound(result.objective)
      ? { optimal: true, bound: result.objective }
      : { optimal: exactRun?.result.optimal ?? false, bound: Math.min(slotsBound, exactRun?.result.bound ?? Infinity) };
  if (proof.optimal) {
    method = 'mip';
    note = null;
  }
  const quality = qualityOf(method, proof, note, result.objective, started, reduced, timeLimitS, (v) => v);
  const described = describe(base, options, candidates, [...forced, ...chosen]);

  // Allocation per listed site, group flows split over the group's units by their demand.
  const servedBySite = (s: number): SiteAllocation['units'] => {
    const out: SiteAllocation['units'] = [];
    for (const g of groupsOfSite[s]!) {
      const a = model.flow.get(`${s}:${g}`);
      const amount = a === undefined ? 0 : result.x![a]!;
      if (amount <= 1e-9) continue;
      for (const u of groupUnits[g]!) out.push({ unitId: units[u]!.id, served: (amount * demand[u]!) / groupDemand[g]! });
    }
    return out;
  };
  const allocation = described.sites.map((site, i): SiteAllocation => {
    const listed = servedBySite(existing.length + site.candidateIndex);
    return { site: i, served: listed.reduce((a, b) => a + b.served, 0), units: listed };
  });
  let servedByExisting = 0;
  for (let s = 0; s < existing.length; s++) servedByExisting += servedBySite(s).reduce((a, b) => a + b.served, 0);
  return {
    year: base.year,
    ...quality,
    ...described,
    objective: result.objective,
    objectiveBefore,
    objectiveUnit: base.demand.method === 'residents' ? 'residents' : 'children',
    allocation,
    servedByExisting,
  };
}

// ---- target gap -------------------------------------------------------------------------------

export interface TargetGapOptions extends LocationAllocationOptions {
  /** Coverage share within the threshold the answer must reach (0..1]; optional side constraint. */
  targetShare?: number;
}

/** Township slot gaps minimised with k sites (see the module comment). */
export function suggestTargetGap(base: BaselineState, options: TargetGapOptions): LocationAllocationSuggestion {
  const started = performance.now();
  checkCount(options.sites);
  const slotsPerSite = checkSlots(options.slotsPerSite, 'slotsPerSite');
  const { candidates, forced } = withFixedSites(options);
  const problem = coveringProblem(base, { ...options, candidates });
  const townships = base.indicators.townships;
  if (!townships.some((t) => t.slotGap !== null))
    throw new RangeError(`the year ${base.year} has no slots-per-1,000 target: no gap to close`);
  const townshipOf = candidates.map((p) => locateTownship(base.townshipLocator, [p.lon, p.lat] as LonLat));
  const slotsOf = (c: number) =>
    c >= options.candidates.length ? options.fixedSites![c - options.candidates.length]!.slots : slotsPerSite;
  const gapBefore = townships.map((t) => t.slotGap ?? 0);
  const objectiveBefore = gapBefore.reduce((a, b) => a + b, 0);
  const residual = gapBefore.slice();
  for (const c of forced) if (townshipOf[c]! >= 0) residual[townshipOf[c]!] = residual[townshipOf[c]!]! - slotsOf(c);

  const free = Array.from({ length: options.candidates.length }, (_, c) => c);
  const { sets, population } = problem;
  const coverable = population.reduce((a, b) => a + b, 0);
  // One resident of coverage is worth less than one slot of gap in total: lexicographic order.
  const epsilon = 1 / (coverable + 1);
  const needed =
    options.targetShare === undefined ? null : options.targetShare * problem.baseline.unitPopulation - problem.baseline.coveredPopulation;
  const nonzeros = 2 * sets.element.length + free.length * 2 + townships.length;
  const reduced = { candidates: free.length, demandGroups: sets.elementCount, nonzeros };
  const limit = options.maxNonzeros ?? MAX_MIP_NONZEROS;
  const timeLimitS = timeLimitOf(options);
  const greedyAnswer = (note: Bilingual): LocationAllocationSuggestion => {
    const chosen = targetGapGreedy(free, townshipOf, residual, slotsPerSite, options.sites);
    const described = describe(base, options, candidates, [...forced, ...chosen]);
    const objective = described.townships.reduce((a, t) => a + (t.slotGapAfter ?? 0), 0);
    return {
      year: base.year,
      ...qualityOf('heuristic', null, note, 0, started, reduced, timeLimitS, (v) => v),
      ...described,
      objective,
      objectiveBefore,
      objectiveUnit: 'slots',
      allocation: null,
      servedByExisting: null,
    };
  };
  if (!options.solver || nonzeros > limit) return greedyAnswer(options.solver ? tooLargeNote(nonzeros, limit) : NO_SOLVER_NOTE);
  const builder = new MipBuilder('minimize');
  const x = free.map(() => builder.variable('binary', 0));
  const y = Array.from({ length: sets.elementCount }, (_, e) => builder.variable('continuous', -epsilon * population[e]!, 0, 1));
  const isForced = new Uint8Array(candidates.length);
  for (const c of forced) isForced[c] = 1;
  const covering: number[][] = Array.from({ length: sets.elementCount }, () => []);
  const forcedCovers = new Uint8Array(sets.elementCount);
  for (let c = 0; c < candidates.length; c++) {
    for (let k = sets.start[c]!; k < sets.start[c + 1]!; k++) {
      if (isForced[c] === 1) forcedCovers[sets.element[k]!] = 1;
      else covering[sets.element[k]!]!.push(c);
    }
  }
  covering.forEach((list, e) => {
    if (forcedCovers[e] === 1) builder.row([y[e]!], [1], -Infinity, 1);
    else builder.row([y[e]!, ...list.map((c) => x[c]!)], [1, ...list.map(() => -1)], -Infinity, 0);
  });
  townships.forEach((t, ti) => {
    if (t.slotGap === null) return;
    // g_t ≥ residual_t − slots × Σ_{c in t} x_c, g_t ≥ 0
    const g = builder.variable('continuous', 1, 0, Infinity);
    const inside = free.filter((c) => townshipOf[c] === ti);
    builder.row([g, ...inside.map((c) => x[c]!)], [1, ...inside.map(() => slotsPerSite)], residual[ti]!, Infinity);
  });
  builder.row(
    x,
    x.map(() => 1),
    -Infinity,
    options.sites,
  );
  if (needed !== null && needed > 0) builder.row(y, Array.from(population), needed - 1e-7 * Math.max(1, needed), Infinity);
  const result = solveMip(options.solver, builder.model, { timeLimitS });
  if (result.status === 'infeasible') {
    throw new RangeError(`target_gap: no ${options.sites} sites reach the coverage share ${options.targetShare}`);
  }
  if (!result.x) {
    if (needed !== null && needed > 0) throw new RangeError('target_gap: the solver found no solution within the time limit');
    // Without the coverage side constraint the greedy answer is feasible: give it, saying so.
    return greedyAnswer(
      bilingual(
        `${timeLimitS} 秒内未找到整数解：按缺口贪心选址，未证明最优`,
        `no integer solution within ${timeLimitS} s: sites chosen greedily by township gap; not proven optimal`,
      ),
    );
  }
  let described = describe(base, options, candidates, [...forced, ...free.filter((c) => result.x![x[c]!]! > 0.5)]);
  let objective = described.townships.reduce((a, t) => a + (t.slotGapAfter ?? 0), 0);
  if (!result.optimal && needed === null) {
    // Not proven within the limit: the greedy answer may close more of the gap than the incumbent.
    const greedy = targetGapGreedy(free, townshipOf, residual, slotsPerSite, options.sites);
    const greedyDescribed = describe(base, options, candidates, [...forced, ...greedy]);
    const greedyObjective = greedyDescribed.townships.reduce((a, t) => a + (t.slotGapAfter ?? 0), 0);
    if (greedyObjective < objective) [described, objective] = [greedyDescribed, greedyObjective];
  }
  // Report the gap part of the bound: the coverage term is below one slot in total, so ⌈bound⌉ holds.
  const quality = qualityOf(
    'mip',
    // A gap sum at the bound (0 at least) is optimal, whether the solver or the greedy reached it.
    {
      optimal: result.optimal || objective <= Math.max(0, Math.ceil(result.bound - 1e-6)),
      bound: Math.max(0, Math.ceil(result.bound - 1e-6)),
    },
    null,
    objective,
    started,
    reduced,
    timeLimitS,
    (v) => v,
  );
  return {
    year: base.year,
    ...quality,
    ...described,
    objective,
    objectiveBefore,
    objectiveUnit: 'slots',
    allocation: null,
    servedByExisting: null,
  };
}

/** Greedy for the fallback: each site where it closes the most remaining gap. */
function targetGapGreedy(free: number[], townshipOf: number[], residual: number[], slots: number, k: number): number[] {
  const left = residual.slice();
  const chosen: number[] = [];
  const used = new Set<number>();
  for (let i = 0; i < k; i++) {
    let pick = -1;
    let pickGain = 0;
    for (const c of free) {
      const t = townshipOf[c]!;
      if (used.has(c) || t < 0) continue;
      const gain = Math.min(slots, Math.max(0, left[t]!));
      if (gain > pickGain) {
        pickGain = gain;
        pick = c;
      }
    }
    if (pick < 0) break;
    chosen.push(pick);
    used.add(pick);
    left[townshipOf[pick]!]! -= slots;
  }
  return chosen;
}
