/**
 * Maximal covering and (partial) set cover solved exactly by a MIP on the reduced instance
 * (reduce.ts), with the heuristics (heuristic.ts) as the incumbent to beat and as the fallback
 * where the instance is too large for the solver or no solver is given.
 *
 * Maximal covering:  max Σ_g W_g y_g   s.t.  y_g ≤ Σ_{c ∋ g} x_c,  Σ_c x_c ≤ k,  x ∈ {0,1}, y ∈ [0,1].
 * Set cover:         min Σ_c x_c       s.t.  y_g ≤ Σ_{c ∋ g} x_c,  Σ_g W_g y_g ≥ needed,  Σ_c x_c ≤ maxSites.
 */
import type { Highs } from 'highs';
import { bilingual, type Bilingual } from '../../model/bilingual.js';
import { coveredWeight, greedySetCover, inGreedyOrder, iteratedMaximalCovering, type CoverageSets } from './heuristic.js';
import { MipBuilder, solveMip } from './mip.js';
import { reduceCovering, type ReducedCovering } from './reduce.js';

/** Default and largest solver time per request, seconds. */
export const DEFAULT_TIME_LIMIT_S = 10;
export const MAX_TIME_LIMIT_S = 30;
/** Above this many matrix nonzeros the instance goes to the heuristic (HiGHS in WebAssembly has a 2–4 GB heap). */
export const MAX_MIP_NONZEROS = 400_000;

export type SolveMethod = 'mip' | 'heuristic';

/** How an answer was found and how good it is known to be. */
export interface SolveQuality {
  method: SolveMethod;
  /** True only when the solver proved the optimum. */
  optimal: boolean;
  /** Best proven bound on the optimum (objective units); null when nothing was proven (heuristic only). */
  bound: number | null;
  /** Relative gap between objective and bound (0 = optimal); null without a bound. */
  gap: number | null;
  /** Why the answer is not proven optimal, for the planner; null when it is. */
  note: Bilingual | null;
  seconds: number;
  /** Size of the instance the solver saw after reduction. */
  reduced: { candidates: number; demandGroups: number; nonzeros: number };
}

export interface ExactOptions {
  /** Loaded HiGHS runtime (loadMipSolver()); without it the heuristic answers. */
  solver?: Highs | null;
  /** Solver time limit, seconds; default {@link DEFAULT_TIME_LIMIT_S}, capped at {@link MAX_TIME_LIMIT_S}. */
  timeLimitS?: number;
  /** Candidates that stay open whatever is chosen (not counted in k). */
  forced?: readonly number[];
  maxNonzeros?: number;
}

export interface CoveringAnswer {
  /** Chosen candidates (original indexes, forced ones excluded), in greedy order among themselves. */
  chosen: number[];
  /** Weight covered by forced and chosen candidates together. */
  objective: number;
  quality: SolveQuality;
}

export const NO_SOLVER_NOTE = bilingual(
  '未加载精确求解器，结果为启发式解，未证明最优',
  'no exact solver was loaded: a heuristic answer, not proven optimal',
);
export function tooLargeNote(nonzeros: number, limit: number): Bilingual {
  return bilingual(
    `实例过大（约简后 ${nonzeros} 个非零系数，上限 ${limit}），改用启发式（迭代局部搜索），未证明最优`,
    `instance too large for the exact solver (${nonzeros} nonzeros after reduction, limit ${limit}): iterated local search, not proven optimal`,
  );
}
export function timeLimitNote(seconds: number, gap: number): Bilingual {
  const percent = (gap * 100).toFixed(2);
  return bilingual(
    `求解在 ${seconds} 秒时限内未完成证明，给出已知最优解，与上界相差至多 ${percent}%`,
    `the solver reached its ${seconds} s limit before proving the optimum: best solution found, within ${percent} % of the bound`,
  );
}

export function timeLimitOf(options: { timeLimitS?: number }): number {
  return Math.min(MAX_TIME_LIMIT_S, Math.max(0.1, options.timeLimitS ?? DEFAULT_TIME_LIMIT_S));
}

function coverageModel(reduced: ReducedCovering, sense: 'maximize' | 'minimize') {
  const builder = new MipBuilder(sense);
  const { sets, weights } = reduced;
  const x = Array.from({ length: sets.candidateCount }, () => builder.variable('binary', sense === 'minimize' ? 1 : 0));
  const y = Array.from({ length: sets.elementCount }, (_, g) =>
    builder.variable('continuous', sense === 'maximize' ? weights[g]! : 0, 0, 1),
  );
  const covering: number[][] = Array.from({ length: sets.elementCount }, () => []);
  for (let c = 0; c < sets.candidateCount; c++)
    for (let k = sets.start[c]!; k < sets.start[c + 1]!; k++) covering[sets.element[k]!]!.push(c);
  covering.forEach((list, g) => {
    // y_g − Σ x_c ≤ 0
    builder.row([y[g]!, ...list.map((c) => x[c]!)], [1, ...list.map(() => -1)], -Infinity, 0);
  });
  return { builder, x, y };
}

function sizeOf(reduced: ReducedCovering): SolveQuality['reduced'] {
  return {
    candidates: reduced.sets.candidateCount,
    demandGroups: reduced.sets.elementCount,
    nonzeros: 2 * reduced.sets.element.length + reduced.sets.elementCount + reduced.sets.candidateCount,
  };
}

/** Maximal covering of at most k candidates, exact where the solver can take it (see the module comment). */
export function solveMaximalCovering(sets: CoverageSets, weights: Float64Array, k: number, options: ExactOptions = {}): CoveringAnswer {
  const started = performance.now();
  const reduced = reduceCovering(sets, weights, options.forced ?? []);
  const size = sizeOf(reduced);
  const finish = (local: number[], quality: Omit<SolveQuality, 'seconds' | 'reduced'>): CoveringAnswer => {
    const ordered = inGreedyOrder(reduced.sets, reduced.weights, local);
    const chosen = ordered.chosen.map((c) => reduced.candidate[c]!);
    const objective = coveredWeight(sets, weights, [...(options.forced ?? []), ...chosen]);
    const offset = reduced.forcedWeight;
    return {
      chosen,
      objective,
      quality: {
        ...quality,
        // A proven optimum reports its own objective as the bound (no rounding noise in the gap).
        bound: quality.optimal ? objective : quality.bound === null ? null : quality.bound + offset,
        gap: quality.optimal
          ? 0
          : quality.bound === null
            ? null
            : Math.max(0, quality.bound + offset - objective) / Math.max(objective, 1e-9),
        seconds: (performance.now() - started) / 1000,
        reduced: size,
      },
    };
  };
  // Every remaining candidate fits: choosing them all is optimal.
  if (reduced.sets.candidateCount <= k) {
    return finish(
      Array.from({ length: reduced.sets.candidateCount }, (_, c) => c),
      { method: 'mip', optimal: true, bound: reduced.weights.reduce((a, b) => a + b, 0), gap: 0, note: null },
    );
  }
  const heuristic = iteratedMaximalCovering(reduced.sets, reduced.weights, k);
  const limit = options.maxNonzeros ?? MAX_MIP_NONZEROS;
  if (!options.solver)
    return finish(heuristic.chosen, { method: 'heuristic', optimal: false, bound: null, gap: null, note: NO_SOLVER_NOTE });
  if (size.nonzeros > limit) {
    return finish(heuristic.chosen, {
      method: 'heuristic',
      optimal: false,
      bound: null,
      gap: null,
      note: tooLargeNote(size.nonzeros, limit),
    });
  }
  const { builder, x } = coverageModel(reduced, 'maximize');
  builder.row(
    x,
    x.map(() => 1),
    -Infinity,
    k,
  );
  const timeLimitS = timeLimitOf(options);
  const result = solveMip(options.solver, builder.model, { timeLimitS });
  const fromMip = result.x ? x.filter((j) => result.x![j]! > 0.5).map((j) => j) : [];
  const useMip = result.x !== null && result.objective >= heuristic.objective - 1e-9 * Math.max(1, heuristic.objective);
  const local = useMip ? fromMip : heuristic.chosen;
  const localObjective = useMip ? result.objective : heuristic.objective;
  const bound = Number.isFinite(result.bound) ? result.bound : null;
  return finish(local, {
    method: 'mip',
    optimal: result.optimal,
    bound,
    gap: null,
    note: result.optimal
      ? null
      : timeLimitNote(timeLimitS, bound === null ? 1 : Math.max(0, bound - localObjective) / Math.max(localObjective, 1e-9)),
  });
}

export interface SetCoverAnswer extends CoveringAnswer {
  /** Whether the chosen sites reach the needed weight. */
  reached: boolean;
}

/**
 * The fewest candidates (at most maxSites) whose coverage, with the forced ones, reaches
 * `neededWeight`; exact where the solver can take it. When the target cannot be reached the
 * answer is the greedy's best effort (reached: false).
 */
export function solveSetCover(
  sets: CoverageSets,
  weights: Float64Array,
  neededWeight: number,
  options: ExactOptions & { maxSites?: number } = {},
): SetCoverAnswer {
  const started = performance.now();
  const reduced = reduceCovering(sets, weights, options.forced ?? []);
  const size = sizeOf(reduced);
  const needed = neededWeight - reduced.forcedWeight;
  const maxSites = options.maxSites ?? Infinity;
  const finish = (local: number[], reached: boolean, quality: Omit<SolveQuality, 'seconds' | 'reduced'>): SetCoverAnswer => {
    const ordered = inGreedyOrder(reduced.sets, reduced.weights, local);
    const chosen = ordered.chosen.map((c) => reduced.candidate[c]!);
    return {
      chosen,
      reached,
      objective: coveredWeight(sets, weights, [...(options.forced ?? []), ...chosen]),
      quality: {
        ...quality,
        bound: quality.optimal && reached ? chosen.length : quality.bound,
        gap:
          quality.optimal && reached
            ? 0
            : quality.bound === null
              ? null
              : Math.max(0, chosen.length - quality.bound) / Math.max(chosen.length, 1),
        seconds: (performance.now() - started) / 1000,
        reduced: size,
      },
    };
  };
  if (needed <= 1e-9) return finish([], true, { method: 'mip', optimal: true, bound: 0, gap: 0, note: null });
  const greedy = greedySetCover(reduced.sets, reduced.weights, needed, maxSites);
  if (!greedy.reached) {
    // The greedy stops only when nothing adds weight or maxSites is hit; with all candidates it
    // covers everything coverable, so an unreached target within maxSites = ∞ is infeasible.
    if (maxSites === Infinity) return finish(greedy.chosen, false, { method: 'mip', optimal: true, bound: null, gap: null, note: null });
  }
  const limit = options.maxNonzeros ?? MAX_MIP_NONZEROS;
  if (!options.solver || size.nonzeros > limit) {
    const note = options.solver ? tooLargeNote(size.nonzeros, limit) : NO_SOLVER_NOTE;
    return finish(greedy.chosen, greedy.reached, { method: 'heuristic', optimal: false, bound: null, gap: null, note });
  }
  const { builder, x, y } = coverageModel(reduced, 'minimize');
  // Σ W_g y_g ≥ needed, less a hair against rounding of summed weights.
  builder.row(y, Array.from(reduced.weights), needed - 1e-7 * Math.max(1, needed), Infinity);
  if (Number.isFinite(maxSites))
    builder.row(
      x,
      x.map(() => 1),
      -Infinity,
      maxSites,
    );
  const timeLimitS = timeLimitOf(options);
  const result = solveMip(options.solver, builder.model, { timeLimitS });
  if (result.status === 'infeasible') {
    return finish(greedy.chosen, false, {
      method: 'mip',
      optimal: true,
      bound: null,
      gap: null,
      note: bilingual(
        `在至多 ${maxSites} 个点位内无法达到目标覆盖率`,
        `the target coverage cannot be reached with at most ${maxSites} sites`,
      ),
    });
  }
  const fromMip = result.x ? x.filter((j) => result.x![j]! > 0.5) : null;
  const local = fromMip !== null && (!greedy.reached || fromMip.length <= greedy.chosen.length) ? fromMip : greedy.chosen;
  const bound = Number.isFinite(result.bound) ? Math.ceil(result.bound - 1e-6) : null;
  return finish(local, true, {
    method: 'mip',
    optimal: result.optimal,
    bound,
    gap: null,
    note: result.optimal
      ? null
      : timeLimitNote(timeLimitS, bound === null ? 1 : Math.max(0, local.length - bound) / Math.max(local.length, 1)),
  });
}
