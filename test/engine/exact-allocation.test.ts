import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Highs } from 'highs';
import {
  greedyMaximalCovering,
  iteratedMaximalCovering,
  loadMipSolver,
  reduceCovering,
  solveMaximalCovering,
  solveSetCover,
  coveredWeight,
  type CoverageSets,
} from '../../server/engine/allocation/index.js';
import { seededRandom } from '../fixtures/synthetic-city.js';

let solver: Highs;
beforeAll(async () => {
  solver = await loadMipSolver();
});

function setsOf(lists: number[][], elementCount: number): CoverageSets {
  const start = new Uint32Array(lists.length + 1);
  lists.forEach((list, c) => (start[c + 1] = start[c]! + list.length));
  return { candidateCount: lists.length, elementCount, start, element: Uint32Array.from(lists.flat()) };
}

/** Every k-subset of 0 … n − 1. */
function* subsets(n: number, k: number, from = 0, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === k) {
    yield prefix;
    return;
  }
  for (let c = from; c < n; c++) yield* subsets(n, k, c + 1, [...prefix, c]);
}

function bestOfSize(sets: CoverageSets, weights: Float64Array, k: number, forced: number[] = []): number {
  let best = 0;
  const free = Array.from({ length: sets.candidateCount }, (_, c) => c).filter((c) => !forced.includes(c));
  for (const s of subsets(free.length, Math.min(k, free.length)))
    best = Math.max(best, coveredWeight(sets, weights, [...forced, ...s.map((i) => free[i]!)]));
  return best;
}

function randomInstance(seed: number, candidates: number, elements: number): { sets: CoverageSets; weights: Float64Array } {
  const random = seededRandom(seed);
  const lists = Array.from({ length: candidates }, () => {
    const list: number[] = [];
    for (let e = 0; e < elements; e++) if (random() < 0.25) list.push(e);
    return list;
  });
  return { sets: setsOf(lists, elements), weights: Float64Array.from({ length: elements }, () => Math.floor(random() * 100)) };
}

describe('reduceCovering', () => {
  it('merges elements with the same candidates, drops dominated candidates and what fixed sites cover', () => {
    // c0 {0,1}, c1 {0,1,2}, c2 {3}, c3 {3} (equal to c2: the lower index stays), c4 {4} forced, c5 {4,5}.
    const sets = setsOf([[0, 1], [0, 1, 2], [3], [3], [4], [4, 5]], 7);
    const reduced = reduceCovering(sets, Float64Array.from([1, 2, 3, 4, 5, 6, 7]), [4]);
    expect([...reduced.candidate]).toEqual([1, 2, 5]);
    expect(reduced.forcedWeight).toBe(5);
    // Groups: {0,1} by c0,c1 (3); {2} by c1 (3); {3} by c2,c3 (4); {5} by c5 (6); element 6 is covered by nobody.
    expect([...reduced.weights].sort((a, b) => a - b)).toEqual([3, 3, 4, 6]);
  });
});

describe('solveMaximalCovering against every k-subset', () => {
  it('is proven optimal and equals the brute-force optimum on 30 seeded instances', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { sets, weights } = randomInstance(seed, 10, 25);
      for (const k of [1, 2, 3, 4]) {
        const answer = solveMaximalCovering(sets, weights, k, { solver });
        expect(answer.quality).toMatchObject({ method: 'mip', optimal: true, gap: 0 });
        expect(answer.chosen.length).toBeLessThanOrEqual(k);
        expect(answer.objective).toBe(bestOfSize(sets, weights, k));
        expect(coveredWeight(sets, weights, answer.chosen)).toBe(answer.objective);
      }
    }
  });

  it('keeps fixed sites open outside k and counts what they cover', () => {
    const { sets, weights } = randomInstance(99, 9, 20);
    const answer = solveMaximalCovering(sets, weights, 2, { solver, forced: [0, 1] });
    expect(answer.chosen).not.toContain(0);
    expect(answer.chosen.length).toBeLessThanOrEqual(2);
    expect(answer.objective).toBe(bestOfSize(sets, weights, 2, [0, 1]));
  });

  it('without a solver answers by the heuristic and says it is not proven', () => {
    const { sets, weights } = randomInstance(5, 10, 25);
    const answer = solveMaximalCovering(sets, weights, 3);
    expect(answer.quality).toMatchObject({ method: 'heuristic', optimal: false, bound: null });
    expect(answer.quality.note?.en).toMatch(/not proven/);
  });

  it('falls back to the heuristic, saying why, above the size limit', () => {
    const { sets, weights } = randomInstance(6, 10, 25);
    const answer = solveMaximalCovering(sets, weights, 3, { solver, maxNonzeros: 10 });
    expect(answer.quality.method).toBe('heuristic');
    expect(answer.quality.note?.en).toMatch(/too large/);
  });

  it('property: the exact answer is never worse than greedy + swaps or the iterated local search', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 6 }), (seed, k) => {
        const { sets, weights } = randomInstance(seed, 14, 30);
        const exact = solveMaximalCovering(sets, weights, k, { solver });
        return (
          exact.objective >= greedyMaximalCovering(sets, weights, k).objective &&
          exact.objective >= iteratedMaximalCovering(sets, weights, k).objective
        );
      }),
      { numRuns: 40, seed: 16 },
    );
  });
});

describe('solveSetCover against every subset', () => {
  it('finds the fewest sites reaching the needed weight on 20 seeded instances', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { sets, weights } = randomInstance(100 + seed, 9, 20);
      const coverable = coveredWeight(
        sets,
        weights,
        Array.from({ length: 9 }, (_, c) => c),
      );
      const needed = Math.floor(coverable * 0.9);
      let fewest = Infinity;
      for (let k = 0; k <= 9 && fewest === Infinity; k++) if (bestOfSize(sets, weights, k) >= needed) fewest = k;
      const answer = solveSetCover(sets, weights, needed, { solver });
      expect(answer.reached).toBe(true);
      expect(answer.quality.optimal).toBe(true);
      expect(answer.chosen.length).toBe(fewest);
      expect(answer.objective).toBeGreaterThanOrEqual(needed);
    }
  });

  it('says when maxSites cannot reach the target', () => {
    const sets = setsOf([[0], [1], [2]], 3);
    const answer = solveSetCover(sets, Float64Array.from([1, 1, 1]), 3, { solver, maxSites: 2 });
    expect(answer.reached).toBe(false);
    expect(answer.quality.note?.en).toMatch(/cannot be reached/);
  });
});
