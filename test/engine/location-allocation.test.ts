/**
 * The location–allocation modes against brute force on hand-drawn street towns: every k-subset of
 * the candidates is evaluated through evaluateProposal (the same path as POST …/proposals/evaluate)
 * and the exact answer must equal the best of them, and its own evaluation must equal what it reports.
 * Demand is children under 3 (issue #16): a third of the units carry their own under-3 count, the
 * others are residents × the profile's census share, so demand is not proportional to residents and a
 * mode weighing residents would choose differently.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { loadMipSolver } from '../../server/engine/allocation/index.js';
import {
  createBaseline,
  evaluateProposal,
  suggestCapacitatedCovering,
  suggestMinimumSites,
  suggestPMedian,
  suggestSites,
  suggestTargetGap,
  type BaselineState,
} from '../../server/engine/whatif/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { under3Demand } from '../../server/engine/figures/index.js';
import type { Facility, JurisdictionData, PopulationUnit, Township } from '../../server/model/index.js';
import { at, parameters, road } from '../fixtures/equator.js';
import { seededRandom } from '../fixtures/synthetic-city.js';

let solver: Highs;
beforeAll(async () => {
  solver = await loadMipSolver();
});

function* subsets(n: number, k: number, from = 0, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === k) {
    yield prefix;
    return;
  }
  for (let c = from; c < n; c++) yield* subsets(n, k, c + 1, [...prefix, c]);
}

function rectangle(code: string, population: number, west: number, east: number): Township {
  const ring = [at(west, -600), at(east, -600), at(east, 600), at(west, 600), at(west, -600)];
  return { code, name: code, population, populationUnder3: null, district: null, geometry: { type: 'Polygon', coordinates: [ring] } };
}

/**
 * Two parallel streets y = 0 and y = 400 from x = 0 to 3,000 m joined every 600 m; one facility (F1,
 * 20 slots) at x = 0; 14 units at seeded positions along the streets; townships T1 (x < 1500) and T2.
 */
function town(seed: number): { data: JurisdictionData; candidates: { lon: number; lat: number }[] } {
  const random = seededRandom(seed);
  const facility: Facility = {
    id: 'F1',
    name: 'F1',
    slots: 20,
    inclusiveSlots: 0,
    type: 'community',
    status: 'operating',
    openedYear: null,
    closedYear: null,
    grade: null,
    staff: null,
    certifiedStaff: null,
    township: 'T1',
    lon: at(0, 0)[0],
    lat: at(0, 0)[1],
  };
  const units: PopulationUnit[] = Array.from({ length: 14 }, (_, i) => {
    const x = Math.round(random() * 3000);
    const y = random() < 0.5 ? 0 : 400;
    const [lon, lat] = at(x, y);
    const population = 50 + Math.floor(random() * 400);
    const under3 = i % 3 === 0 ? Math.floor(random() * population * 0.1) : null;
    return {
      id: `u${i}`,
      index: i,
      population,
      under3,
      township: x < 1500 ? 'T1' : 'T2',
      lon,
      lat,
      approximate: false,
    };
  });
  const population = (code: string) => units.filter((u) => u.township === code).reduce((a, u) => a + u.population, 0);
  const roads = [
    road(Array.from({ length: 31 }, (_, i): [number, number] => [i * 100, 0])),
    road(Array.from({ length: 31 }, (_, i): [number, number] => [i * 100, 400])),
    ...[0, 600, 1200, 1800, 2400, 3000].map((x) =>
      road([
        [x, 0],
        [x, 200],
        [x, 400],
      ]),
    ),
  ];
  const candidates = Array.from({ length: 8 }, () => {
    const [lon, lat] = at(Math.round(random() * 3000), random() < 0.5 ? 0 : 400);
    return { lon, lat };
  });
  return {
    data: {
      id: 't',
      name: 't',
      year: 2025,
      profile: {
        id: 'p',
        name: 'p',
        targets: { slots_per_1000: { '2025': 20 } },
        parameters: parameters(),
        demand: { under3Share: 0.03, source: 'test share' },
      },
      townships: [rectangle('T1', population('T1'), -100, 1500), rectangle('T2', population('T2'), 1500, 3100)],
      facilities: [facility],
      populationUnits: units,
      roads,
      projects: [],
      health: [],
      dataVersion: 1,
    },
    candidates,
  };
}

function baseOf(data: JurisdictionData): BaselineState {
  return createBaseline(data, prepareWalkNetwork(data.roads, data.profile.parameters), 2025);
}

const SLOTS = 15;
const sitesAt = (candidates: { lon: number; lat: number }[], chosen: number[]) => chosen.map((c) => ({ ...candidates[c]!, slots: SLOTS }));

/** Σ under-3 demand × min(distance after, cutoff) through evaluateProposal. */
function totalDistance(base: BaselineState, sites: { lon: number; lat: number; slots: number }[], cutoffM: number): number {
  const after = base.data.populationUnits.map((_, u) => base.unitDistanceM[u]!);
  for (const changed of evaluateProposal(base, { sites }).changedUnits) after[changed.index] = changed.afterDistanceM ?? Infinity;
  const demand = under3Demand(base.data).demand;
  return base.data.populationUnits.reduce((sum, _, u) => sum + demand[u]! * Math.min(after[u]!, cutoffM), 0);
}

const totalGapAfter = (base: BaselineState, sites: { lon: number; lat: number; slots: number }[]) =>
  evaluateProposal(base, { sites }).townships.reduce((sum, t) => sum + (t.after.slotGap ?? 0), 0);

describe.each([1, 2, 3, 4])('street town %i', (seed) => {
  const { data, candidates } = town(seed);
  const base = baseOf(data);
  const minutes = 10; // 4 km/h → 666.7 m
  const cutoffM = (4 * 1000 * minutes) / 60;

  it('weighs children under 3: the units’ own counts, else residents × the census share, and says so', () => {
    expect(base.demand).toMatchObject({ method: 'mixed', units: { under3: 5, census_share: 9 }, under3Share: 0.03, source: 'test share' });
    data.populationUnits.forEach((unit, u) => expect(base.unitDemand[u]).toBeCloseTo(unit.under3 ?? unit.population * 0.03, 12));
    const found = suggestSites(base, { candidates, sites: 1, slotsPerSite: SLOTS, thresholdMin: minutes, solver });
    expect(found.demand).toBe(base.demand);
    expect(found.demand.note.en).toMatch(/2020-census share of children aged 0–2, 3\.00 %/);
    expect(found.demand.note.zh).toMatch(/0–2 岁占比 3\.00%/);
  });

  it.each([1, 2, 3])('maximal_covering with k = %i equals the best k-subset of children under 3 and its evaluation', (k) => {
    const found = suggestSites(base, { candidates, sites: k, slotsPerSite: SLOTS, thresholdMin: minutes, solver });
    expect(found.optimal).toBe(true);
    let best = 0;
    for (const s of subsets(candidates.length, k))
      best = Math.max(best, evaluateProposal(base, { sites: sitesAt(candidates, s) }).newlyCoveredDemand['10']!);
    expect(found.objective).toBeCloseTo(best, 9);
    expect(best).toBeGreaterThan(0);
    expect(evaluateProposal(base, found.proposal).newlyCoveredDemand['10']).toBeCloseTo(found.objective, 9);
  });

  it('minimum_sites is the smallest subset reaching the share, and its evaluation reaches it', () => {
    const all = evaluateProposal(base, {
      sites: sitesAt(
        candidates,
        candidates.map((_, c) => c),
      ),
    });
    const share = Math.max(0.01, all.after.coverage['10']! - 0.05);
    const found = suggestMinimumSites(base, { candidates, targetShare: share, slotsPerSite: SLOTS, thresholdMin: minutes, solver });
    expect(found.reached).toBe(true);
    expect(found.optimal).toBe(true);
    let fewest = Infinity;
    for (let k = 0; k <= candidates.length && fewest === Infinity; k++) {
      for (const s of subsets(candidates.length, k)) {
        if (evaluateProposal(base, { sites: sitesAt(candidates, s) }).after.coverage['10']! >= share - 1e-12) {
          fewest = k;
          break;
        }
      }
    }
    expect(found.sites.length).toBe(fewest);
    expect(evaluateProposal(base, found.proposal).after.coverage['10']).toBeGreaterThanOrEqual(share - 1e-12);
  });

  it.each([1, 2, 3])('p_median with k = %i equals the best k-subset and its evaluation', (k) => {
    const found = suggestPMedian(base, { candidates, sites: k, slotsPerSite: SLOTS, thresholdMin: minutes, solver });
    expect(found.optimal).toBe(true);
    let best = Infinity;
    for (const s of subsets(candidates.length, k)) best = Math.min(best, totalDistance(base, sitesAt(candidates, s), cutoffM));
    expect(found.objective).toBeCloseTo(best, 3);
    expect(found.objective).toBeLessThan(found.objectiveBefore);
    expect(totalDistance(base, found.proposal.sites, cutoffM)).toBeCloseTo(found.objective, 3);
    expect(found.objectiveBefore).toBeCloseTo(totalDistance(base, [], cutoffM), 3);
  });

  it.each([1, 2])('capacitated_covering with k = %i equals the best k-subset, and the allocation respects slots and demand', (k) => {
    const found = suggestCapacitatedCovering(base, { candidates, sites: k, slotsPerSite: SLOTS, thresholdMin: minutes, solver });
    expect(found.optimal).toBe(true);
    let best = 0;
    for (const s of subsets(candidates.length, k)) {
      const fixed = suggestCapacitatedCovering(base, {
        candidates: [],
        fixedSites: sitesAt(candidates, s),
        sites: 0,
        slotsPerSite: SLOTS,
        thresholdMin: minutes,
        solver,
      });
      best = Math.max(best, fixed.objective);
    }
    expect(found.objective).toBeCloseTo(best, 6);
    expect(found.objective).toBeGreaterThan(0);
    expect(found.objective).toBeGreaterThanOrEqual(found.objectiveBefore - 1e-9);
    for (const a of found.allocation!) expect(a.served).toBeLessThanOrEqual(found.sites[a.site]!.slots + 1e-6);
    const served = found.allocation!.reduce((sum, a) => sum + a.served, 0) + found.servedByExisting!;
    expect(served).toBeCloseTo(found.objective, 6);
    // One slot serves one child under 3: no unit is served beyond its demand.
    const servedOfUnit = new Map<string, number>();
    for (const a of found.allocation!) for (const x of a.units) servedOfUnit.set(x.unitId, (servedOfUnit.get(x.unitId) ?? 0) + x.served);
    data.populationUnits.forEach((unit, u) => expect(servedOfUnit.get(unit.id) ?? 0).toBeLessThanOrEqual(base.unitDemand[u]! + 1e-6));
    expect(found.objectiveUnit).toBe('children');
  });

  it.each([1, 2, 3])('target_gap with k = %i equals the best k-subset and its evaluation', (k) => {
    const found = suggestTargetGap(base, { candidates, sites: k, slotsPerSite: SLOTS, thresholdMin: minutes, solver });
    expect(found.optimal).toBe(true);
    let best = Infinity;
    for (const s of subsets(candidates.length, k)) best = Math.min(best, totalGapAfter(base, sitesAt(candidates, s)));
    expect(found.objective).toBe(best);
    expect(found.objectiveBefore).toBeGreaterThan(found.objective);
    expect(totalGapAfter(base, found.proposal.sites)).toBe(found.objective);
  });
});

describe('honest fallbacks', () => {
  const { data, candidates } = town(7);
  const base = baseOf(data);
  it('p_median above the size limit answers by local search and says so', () => {
    const found = suggestPMedian(base, { candidates, sites: 2, slotsPerSite: SLOTS, thresholdMin: 10, solver, maxNonzeros: 1 });
    expect(found).toMatchObject({ method: 'heuristic', optimal: false, bound: null });
    expect(found.note?.zh).toMatch(/启发式/);
  });
  it('capacitated_covering that fills every new slot is proven optimal by its own bound', () => {
    // Existing facilities serve at most what they serve alone, a new site at most its slots: reaching that sum is optimal.
    const found = suggestCapacitatedCovering(base, { candidates, sites: 2, slotsPerSite: 1, thresholdMin: 10, solver });
    expect(found.objective).toBeCloseTo(found.objectiveBefore + 2, 9);
    expect(found).toMatchObject({ method: 'mip', optimal: true, gap: 0, note: null });
  });
  it('target_gap without a solver answers by greedy and says so', () => {
    const found = suggestTargetGap(base, { candidates, sites: 2, slotsPerSite: SLOTS, thresholdMin: 10 });
    expect(found).toMatchObject({ method: 'heuristic', optimal: false });
    expect(totalGapAfter(base, found.proposal.sites)).toBe(found.objective);
  });
});
