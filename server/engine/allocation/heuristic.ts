/**
 * Heuristics for maximal covering and set cover on coverage sets in compressed rows: lazy greedy
 * (coverage is submodular, so a stale gain is an upper bound), best-improvement swaps
 * (1-exchange), and a GRASP (randomised greedy starts, each improved by swaps and by 2-exchange
 * moves) for instances too large for the exact solver. Pure functions over typed arrays.
 */
import { NodeHeap } from '../network/index.js';

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
export function lazyGreedy(
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
export function improveBySwaps(sets: CoverageSets, weights: Float64Array, chosen: number[], maxPasses: number): void {
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
export function inGreedyOrder(sets: CoverageSets, weights: Float64Array, chosen: readonly number[]): CoveringSolution {
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

/** Total weight covered by `chosen`. */
export function coveredWeight(sets: CoverageSets, weights: Float64Array, chosen: Iterable<number>): number {
  const covered = new Uint8Array(sets.elementCount);
  let total = 0;
  for (const c of chosen) {
    for (let k = sets.start[c]!; k < sets.start[c + 1]!; k++) {
      const e = sets.element[k]!;
      if (covered[e] === 0) {
        covered[e] = 1;
        total += weights[e]!;
      }
    }
  }
  return total;
}

/**
 * Iterated local search for maximal covering, used where the exact solver cannot take the instance:
 * greedy + swaps, then `iterations` times a kick (replace ⌈k/5⌉ random chosen sites by random
 * candidates with something to cover) followed by swaps, keeping the best solution. The random
 * sequence is seeded, so the same input gives the same answer.
 */
export function iteratedMaximalCovering(
  sets: CoverageSets,
  weights: Float64Array,
  k: number,
  options: { iterations?: number; seed?: number; swapPasses?: number } = {},
): CoveringSolution {
  const passes = options.swapPasses ?? DEFAULT_SWAP_PASSES;
  const first = greedyMaximalCovering(sets, weights, k, { swapPasses: passes });
  let best = first.chosen.slice();
  let bestObjective = first.objective;
  const useful: number[] = [];
  for (let c = 0; c < sets.candidateCount; c++) if (sets.start[c + 1]! > sets.start[c]!) useful.push(c);
  if (best.length < k || useful.length <= best.length) return first;
  let state = (options.seed ?? 1) >>> 0 || 1;
  const random = (n: number): number => {
    // xorshift32: small, fast and reproducible.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  const kick = Math.max(1, Math.ceil(best.length / 5));
  for (let iteration = 0; iteration < (options.iterations ?? 30); iteration++) {
    const current = best.slice();
    const inCurrent = new Set(current);
    for (let r = 0; r < kick; r++) {
      const position = random(current.length);
      let replacement = useful[random(useful.length)]!;
      for (let tries = 0; inCurrent.has(replacement) && tries < 10; tries++) replacement = useful[random(useful.length)]!;
      if (inCurrent.has(replacement)) continue;
      inCurrent.delete(current[position]!);
      inCurrent.add(replacement);
      current[position] = replacement;
    }
    improveBySwaps(sets, weights, current, passes);
    const objective = coveredWeight(sets, weights, current);
    if (objective > bestObjective + SWAP_RELATIVE_TOLERANCE * bestObjective) {
      best = current;
      bestObjective = objective;
    }
  }
  return inGreedyOrder(sets, weights, best);
}
