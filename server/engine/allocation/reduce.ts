/**
 * Reduction of a covering instance before it goes to the exact solver, without changing its optimum:
 *
 * 1. Elements covered by a forced (fixed) site are covered whatever else is chosen: they leave the
 *    problem and their weight becomes a constant.
 * 2. Elements no candidate covers leave the problem.
 * 3. Elements covered by exactly the same candidates are merged into one group (weights summed).
 * 4. A candidate whose groups are a subset of another candidate's is dominated (with equal sets the
 *    lower index stays): any solution using it is no better than the same one using the dominating
 *    candidate, so it is removed. Candidates covering nothing go too.
 */
import type { CoverageSets } from './heuristic.js';

export interface ReducedCovering {
  /** Over kept candidates (0 … kept − 1) and groups (0 … groups − 1). */
  sets: CoverageSets;
  /** Weight of each group. */
  weights: Float64Array;
  /** Original index of each kept candidate. */
  candidate: Uint32Array;
  /** Weight of the elements the forced candidates already cover. */
  forcedWeight: number;
}

/** The reduced instance (see the module comment); forced candidates are not among the kept ones. */
export function reduceCovering(sets: CoverageSets, weights: Float64Array, forced: readonly number[] = []): ReducedCovering {
  const isForced = new Uint8Array(sets.candidateCount);
  for (const c of forced) isForced[c] = 1;
  const coveredByForced = new Uint8Array(sets.elementCount);
  let forcedWeight = 0;
  for (const c of forced) {
    for (let k = sets.start[c]!; k < sets.start[c + 1]!; k++) {
      const e = sets.element[k]!;
      if (coveredByForced[e] === 0) {
        coveredByForced[e] = 1;
        forcedWeight += weights[e]!;
      }
    }
  }

  // Element → candidates covering it (ascending), as the merge key.
  const coveringOf: number[][] = Array.from({ length: sets.elementCount }, () => []);
  for (let c = 0; c < sets.candidateCount; c++) {
    if (isForced[c] === 1) continue;
    for (let k = sets.start[c]!; k < sets.start[c + 1]!; k++) {
      const e = sets.element[k]!;
      if (coveredByForced[e] === 0 && weights[e]! > 0) {
        const list = coveringOf[e]!;
        if (list[list.length - 1] !== c) list.push(c);
      }
    }
  }
  const groupOfKey = new Map<string, number>();
  const groupWeights: number[] = [];
  const groupCandidates: number[][] = [];
  for (let e = 0; e < sets.elementCount; e++) {
    const list = coveringOf[e]!;
    if (list.length === 0) continue;
    const key = list.join(',');
    let g = groupOfKey.get(key);
    if (g === undefined) {
      g = groupWeights.length;
      groupOfKey.set(key, g);
      groupWeights.push(0);
      groupCandidates.push(list);
    }
    groupWeights[g]! += weights[e]!;
  }

  // Candidate → groups.
  const groupsOf: number[][] = Array.from({ length: sets.candidateCount }, () => []);
  groupCandidates.forEach((list, g) => {
    for (const c of list) groupsOf[c]!.push(g);
  });

  // Dominance: test c against the candidates of its group with the fewest candidates.
  const dominated = new Uint8Array(sets.candidateCount);
  const mark = new Int32Array(groupWeights.length).fill(-1);
  for (let c = 0; c < sets.candidateCount; c++) {
    const own = groupsOf[c]!;
    if (own.length === 0) {
      dominated[c] = 1;
      continue;
    }
    let rarest = own[0]!;
    for (const g of own) if (groupCandidates[g]!.length < groupCandidates[rarest]!.length) rarest = g;
    for (const g of own) mark[g] = c;
    for (const other of groupCandidates[rarest]!) {
      if (other === c || dominated[other] === 1) continue;
      const theirs = groupsOf[other]!;
      if (theirs.length < own.length || (theirs.length === own.length && other > c)) continue;
      let inside = 0;
      for (const g of theirs) if (mark[g] === c) inside++;
      if (inside === own.length) {
        dominated[c] = 1;
        break;
      }
    }
  }

  const kept: number[] = [];
  for (let c = 0; c < sets.candidateCount; c++) if (isForced[c] === 0 && dominated[c] === 0) kept.push(c);
  const start = new Uint32Array(kept.length + 1);
  const element: number[] = [];
  kept.forEach((c, i) => {
    for (const g of groupsOf[c]!) element.push(g);
    start[i + 1] = element.length;
  });
  return {
    sets: { candidateCount: kept.length, elementCount: groupWeights.length, start, element: Uint32Array.from(element) },
    weights: Float64Array.from(groupWeights),
    candidate: Uint32Array.from(kept),
    forcedWeight,
  };
}
