import { describe, expect, it } from 'vitest';
import {
  greedyMaximalCovering,
  greedySetCover,
  suggestMinimumSites,
  suggestSites,
  type CoverageSets,
  createBaseline,
  evaluateProposal,
} from '../../server/engine/whatif/index.js';
import type { Facility, JurisdictionData, LonLat, PopulationUnit, Road, Township } from '../../server/model/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { at, parameters, road } from '../fixtures/equator.js';
import { seededRandom } from '../fixtures/synthetic-city.js';

/** Coverage sets from lists of element numbers. */
function setsOf(lists: number[][], elementCount: number): CoverageSets {
  const start = new Uint32Array(lists.length + 1);
  lists.forEach((list, c) => (start[c + 1] = start[c]! + list.length));
  return { candidateCount: lists.length, elementCount, start, element: Uint32Array.from(lists.flat()) };
}

function coveredWeight(lists: number[][], weights: Float64Array, chosen: readonly number[]): number {
  const covered = new Set(chosen.flatMap((c) => lists[c]!));
  return [...covered].reduce((sum, e) => sum + weights[e]!, 0);
}

/** Best objective over all subsets of size k (k ≤ candidates). */
function exhaustiveBest(lists: number[][], weights: Float64Array, k: number): number {
  let best = 0;
  const choose = (from: number, chosen: number[]): void => {
    if (chosen.length === k) {
      best = Math.max(best, coveredWeight(lists, weights, chosen));
      return;
    }
    for (let c = from; c < lists.length; c++) choose(c + 1, [...chosen, c]);
  };
  choose(0, []);
  return best;
}

describe('greedyMaximalCovering', () => {
  /*
   * Elements 1, 2, 3, 4 weigh 1, 2, 2, 1 (element 0 weighs nothing). A = {1, 2}, B = {3, 4}, C = {2, 3}.
   * Greedy takes C (4), then A or B (+1) = 5; the optimum A + B = 6, which one swap (C → B or A) finds.
   */
  const lists = [
    [1, 2],
    [3, 4],
    [2, 3],
  ];
  const weights = Float64Array.from([0, 1, 2, 2, 1]);
  const sets = setsOf(lists, 5);

  it('greedy alone stops at 5 of the optimum 6 with k = 2', () => {
    const greedy = greedyMaximalCovering(sets, weights, 2, { swapPasses: 0 });
    expect(greedy.chosen[0]).toBe(2);
    expect(greedy.gains).toEqual([4, 1]);
    expect(greedy.objective).toBe(5);
  });

  it('swap improvement reaches 6 and reports marginal gains that add up (3 + 3)', () => {
    const improved = greedyMaximalCovering(sets, weights, 2);
    expect([...improved.chosen].sort()).toEqual([0, 1]);
    expect(improved.gains).toEqual([3, 3]);
    expect(improved.objective).toBe(6);
  });

  it('chooses fewer than k when nothing more can be gained (3 of 5: every set is in)', () => {
    const result = greedyMaximalCovering(sets, weights, 5);
    expect(result.objective).toBe(6);
    expect(result.gains).toEqual([4, 1, 1]);
    expect(greedyMaximalCovering(setsOf([[], [0]], 1), weights, 2).chosen).toEqual([]);
  });

  it('stays within 95 % of the exhaustive optimum on 300 random instances (seeded)', () => {
    const random = seededRandom(31);
    let worst = 1;
    let greedyWorst = 1;
    for (let n = 0; n < 300; n++) {
      const candidateCount = 6 + Math.floor(random() * 9);
      const elementCount = 10 + Math.floor(random() * 40);
      const k = 2 + Math.floor(random() * 3);
      const density = 0.05 + random() * 0.25;
      const lists = Array.from({ length: candidateCount }, () =>
        Array.from({ length: elementCount }, (_, e) => e).filter(() => random() < density),
      );
      const weights = Float64Array.from({ length: elementCount }, () => Math.floor(random() * 1000));
      const best = exhaustiveBest(lists, weights, k);
      const sets = setsOf(lists, elementCount);
      const found = greedyMaximalCovering(sets, weights, k);
      expect(found.objective).toBeCloseTo(coveredWeight(lists, weights, found.chosen), 6);
      if (best > 0) {
        worst = Math.min(worst, found.objective / best);
        greedyWorst = Math.min(greedyWorst, greedyMaximalCovering(sets, weights, k, { swapPasses: 0 }).objective / best);
      }
    }
    expect(worst).toBeGreaterThanOrEqual(0.95);
    // Not vacuous: greedy alone does fall short on some instance.
    expect(greedyWorst).toBeLessThan(worst);
  });
});

describe('greedySetCover', () => {
  it('reaches the target, then drops the early pick the later ones made redundant', () => {
    // Target 6 of 6: greedy C (4), A (+1), B (+1); C is then redundant, leaving A + B.
    const result = greedySetCover(
      setsOf(
        [
          [1, 2],
          [3, 4],
          [2, 3],
        ],
        5,
      ),
      Float64Array.from([0, 1, 2, 2, 1]),
      6,
    );
    expect(result.reached).toBe(true);
    expect([...result.chosen].sort()).toEqual([0, 1]);
    expect(result.objective).toBe(6);
  });

  it('says when the target cannot be reached, and needs nothing for a target already met', () => {
    const sets = setsOf([[0], [1]], 3);
    const weights = Float64Array.from([1, 1, 5]);
    expect(greedySetCover(sets, weights, 3)).toMatchObject({ reached: false, objective: 2 });
    expect(greedySetCover(sets, weights, 0)).toEqual({ chosen: [], gains: [], objective: 0, reached: true });
  });
});

function unit(index: number, population: number, township: string, [lon, lat]: LonLat): PopulationUnit {
  return { id: `u${index}`, index, population, under3: null, township, lon, lat, approximate: false };
}

function rectangle(code: string, population: number, west: number, east: number): Township {
  const ring = [at(west, -500), at(east, -500), at(east, 500), at(west, 500), at(west, -500)];
  return { code, name: code, population, populationUnder3: null, district: null, geometry: { type: 'Polygon', coordinates: [ring] } };
}

/**
 * A street x = 0 … 3,000 m (vertex every 100 m), 4 km/h: 5 min = 333.3 m. F1 (10 slots) at x = 0.
 * Units: u0 x = 200 (100 people, covered by F1), u1 1200 (100), u2 1500 (200) in T1 (x < 1600);
 * u3 2000 (200), u4 2300 (100) in T2. Target 20 per 1,000: T1 needs ⌈8⌉ and has 10 (gap 0); T2 needs 6 (gap 6).
 * Candidates (5-min sets): A x = 1350 {u1, u2} = 300; B x = 2150 {u3, u4} = 300; C x = 1750 {u2, u3} = 400;
 * D x = 100 {u0}, already covered = nothing.
 */
function streetTown(): JurisdictionData {
  const facility: Facility = {
    id: 'F1',
    name: 'F1',
    slots: 10,
    inclusiveSlots: 0,
    type: 'community',
    status: 'operating',
    openedYear: null,
    closedYear: null,
    grade: null,
    staff: null,
    certifiedStaff: null,
    township: 'T1',
    lon: 0,
    lat: 0,
  };
  return {
    id: 's',
    name: 's',
    year: 2025,
    profile: { id: 'p', name: 'p', targets: { slots_per_1000: { '2025': 20 } }, parameters: parameters() },
    townships: [rectangle('T1', 400, -100, 1600), rectangle('T2', 300, 1600, 3100)],
    facilities: [facility],
    populationUnits: [
      unit(0, 100, 'T1', at(200, 0)),
      unit(1, 100, 'T1', at(1200, 0)),
      unit(2, 200, 'T1', at(1500, 0)),
      unit(3, 200, 'T2', at(2000, 0)),
      unit(4, 100, 'T2', at(2300, 0)),
    ],
    roads: [road(Array.from({ length: 31 }, (_, i): [number, number] => [i * 100, 0]))],
    projects: [],
    health: [],
    dataVersion: 1,
  };
}

const candidateAt = (xM: number): { lon: number; lat: number } => ({ lon: at(xM, 0)[0], lat: at(xM, 0)[1] });

describe('suggestSites on a street (5-minute circle)', () => {
  const data = streetTown();
  const base = createBaseline(data, prepareWalkNetwork(data.roads, data.profile.parameters), 2025);
  const candidates = [1350, 2150, 1750, 100].map(candidateAt);

  it('k = 1 takes C (400 people); k = 2 swaps to A + B (600 people, everyone covered)', () => {
    const one = suggestSites(base, { candidates, sites: 1, slotsPerSite: 10, thresholdMin: 5 });
    expect(one.sites.map((s) => s.candidateIndex)).toEqual([2]);
    expect(one.usefulCandidates).toBe(3);
    expect(one.baseline).toMatchObject({ unitPopulation: 700, coveredPopulation: 100, uncoveredPopulation: 600 });

    const two = suggestSites(base, { candidates, sites: 2, totalSlots: 25, thresholdMin: 5 });
    expect(two.sites.map((s) => [s.candidateIndex, s.township, s.slots, s.marginalPopulation])).toEqual([
      [0, 'T1', 13, 300],
      [1, 'T2', 12, 300],
    ]);
    expect(two.objective).toBe(600);
    expect(two.newlyCoveredPopulation).toBe(600);
    expect(two.coverageAfter).toBe(1);
    // T2 gets 12 slots ≥ its 6-slot gap.
    expect(two.townships).toEqual([
      { code: 'T1', name: 'T1', slotGapBefore: 0, slotGapAfter: 0 },
      { code: 'T2', name: 'T2', slotGapBefore: 6, slotGapAfter: 0 },
    ]);
  });

  it('the suggested proposal, evaluated, covers the same 600 people within 5 minutes', () => {
    const two = suggestSites(base, { candidates, sites: 2, slotsPerSite: 5, thresholdMin: 5 });
    expect(evaluateProposal(base, two.proposal).newlyCoveredPopulation['5']).toBe(600);
  });

  it('weighting by unmet demand prefers T2 (gap 6 for 300 people; T1 has none): B instead of C', () => {
    // Factors: T1 0, T2 (6 / 300) ÷ (6 / 700) = 7/3. A 0, B 300 × 7/3 = 700, C 200 × 7/3 = 466.7.
    const weighted = suggestSites(base, { candidates, sites: 1, slotsPerSite: 10, thresholdMin: 5, weighting: 'unmetDemand' });
    expect(weighted.weightingUsed).toBe('unmetDemand');
    expect(weighted.sites.map((s) => s.candidateIndex)).toEqual([1]);
    expect(weighted.objective).toBeCloseTo(700, 9);
    expect(weighted.newlyCoveredPopulation).toBe(300);
  });

  it('falls back to population weights when there is no gap to weigh by (no target for the year)', () => {
    const met = { ...data, profile: { ...data.profile, targets: {} } };
    const metBase = createBaseline(met, prepareWalkNetwork(met.roads, met.profile.parameters), 2025);
    const result = suggestSites(metBase, { candidates, sites: 1, slotsPerSite: 10, thresholdMin: 5, weighting: 'unmetDemand' });
    expect(result.weightingUsed).toBe('population');
    expect(result.sites.map((s) => s.candidateIndex)).toEqual([2]);
  });

  it('rejects a request without a slot rule or with both', () => {
    expect(() => suggestSites(base, { candidates, sites: 1 })).toThrow(RangeError);
    expect(() => suggestSites(base, { candidates, sites: 1, slotsPerSite: 1, totalSlots: 2 })).toThrow(RangeError);
  });
});

describe('suggestMinimumSites on the street', () => {
  const data = streetTown();
  const base = createBaseline(data, prepareWalkNetwork(data.roads, data.profile.parameters), 2025);
  const candidates = [1350, 2150, 1750, 100].map(candidateAt);

  it('95 % of 700 = 665 needs A + B (greedy takes C, A, B; C turns out redundant)', () => {
    const result = suggestMinimumSites(base, { candidates, targetShare: 0.95, slotsPerSite: 4, thresholdMin: 5 });
    expect(result.reached).toBe(true);
    expect(result.sites.map((s) => s.candidateIndex).sort()).toEqual([0, 1]);
    expect(result.coverageAfter).toBe(1);
    // T2 had a gap of 6; one 4-slot site leaves 2.
    expect(result.townships.find((t) => t.code === 'T2')!.slotGapAfter).toBe(2);
  });

  it('80 % (560, i.e. 460 more) needs C then A or B; a target already met needs none; an unreachable one says so', () => {
    const eighty = suggestMinimumSites(base, { candidates, targetShare: 0.8, slotsPerSite: 4, thresholdMin: 5 });
    expect(eighty.sites.map((s) => s.marginalPopulation)).toEqual([400, 100]);
    expect(eighty.sites[0]!.candidateIndex).toBe(2);
    expect(suggestMinimumSites(base, { candidates, targetShare: 0.1, slotsPerSite: 4, thresholdMin: 5 }).sites).toEqual([]);
    const unreachable = suggestMinimumSites(base, { candidates: [candidateAt(100)], targetShare: 0.9, slotsPerSite: 4, thresholdMin: 5 });
    expect(unreachable.reached).toBe(false);
    expect(unreachable.sites).toEqual([]);
  });
});

describe('suggestSites against exhaustive search on random street grids (seeded)', () => {
  it('each of 12 instances is within 95 % of the best k-subset of 10 candidates', () => {
    const random = seededRandom(41);
    for (let n = 0; n < 12; n++) {
      const roads: Road[] = [];
      for (let i = 0; i <= 12; i++) {
        roads.push(
          road([
            [i * 150, 0],
            [i * 150, 1800],
          ]),
        );
        roads.push(
          road([
            [0, i * 150],
            [1800, i * 150],
          ]),
        );
      }
      const units = Array.from({ length: 60 }, (_, i) =>
        unit(i, 1 + Math.floor(random() * 300), 'T1', at(random() * 1800, random() * 1800)),
      );
      const data: JurisdictionData = {
        id: 'g',
        name: 'g',
        year: 2025,
        profile: { id: 'p', name: 'p', targets: {}, parameters: parameters() },
        townships: [
          {
            ...rectangle('T1', 0, -100, 1900),
            geometry: { type: 'Polygon', coordinates: [[at(-100, -100), at(1900, -100), at(1900, 1900), at(-100, 1900), at(-100, -100)]] },
          },
        ],
        facilities: [],
        populationUnits: units,
        roads,
        projects: [],
        health: [],
        dataVersion: 1,
      };
      const base = createBaseline(data, prepareWalkNetwork(roads, data.profile.parameters), 2025);
      const candidates = Array.from({ length: 10 }, () => candidateAt(0)).map(() => {
        const [lon, lat] = at(random() * 1800, random() * 1800);
        return { lon, lat };
      });
      const k = 3;
      const found = suggestSites(base, { candidates, sites: k, slotsPerSite: 10, thresholdMin: 5 });
      // Exhaustive: evaluate every 3-subset with the proposal engine (independent of the coverage sets).
      let best = 0;
      for (let a = 0; a < 10; a++)
        for (let b = a + 1; b < 10; b++)
          for (let c = b + 1; c < 10; c++) {
            const sites = [a, b, c].map((i) => ({ ...candidates[i]!, slots: 1 }));
            best = Math.max(best, evaluateProposal(base, { sites }).newlyCoveredPopulation['5']!);
          }
      expect(found.objective).toBeGreaterThanOrEqual(0.95 * best);
      expect(found.objective).toBeLessThanOrEqual(best);
      expect(evaluateProposal(base, found.proposal).newlyCoveredPopulation['5']).toBe(found.objective);
    }
  });
});
