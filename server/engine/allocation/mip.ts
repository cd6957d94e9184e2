/**
 * A small mixed-integer programme in plain arrays, and its solution by HiGHS (the `highs` npm
 * package: the HiGHS solver of the University of Edinburgh compiled to WebAssembly, so no native
 * build and no child process). Models are built row by row (CSR) by the location–allocation
 * modules; a solve is a pure function of the model and a time limit, so it can run in a worker.
 *
 * The WebAssembly runtime is loaded once per process ({@link loadMipSolver}) and each solve uses a
 * fresh native instance that is disposed afterwards (HiGHS keeps no state between solves).
 */
import highsLoader, { type Highs } from 'highs';

/** Variable kinds. */
export type VariableKind = 'binary' | 'integer' | 'continuous';

/** A MIP in row form: rows are `lower ≤ Σ coefficient × x ≤ upper`. */
export interface MipModel {
  sense: 'maximize' | 'minimize';
  /** Objective coefficient of each variable. */
  cost: number[];
  lower: number[];
  upper: number[];
  kind: VariableKind[];
  rowLower: number[];
  rowUpper: number[];
  /** CSR: row r holds columns index[start[r] … start[r + 1] − 1] with coefficients value[…]. */
  rowStart: number[];
  index: number[];
  value: number[];
  /** Constant added to the objective. */
  offset?: number;
}

/** Builds a {@link MipModel} one variable and one row at a time. */
export class MipBuilder {
  readonly model: MipModel;
  constructor(sense: 'maximize' | 'minimize') {
    this.model = { sense, cost: [], lower: [], upper: [], kind: [], rowLower: [], rowUpper: [], rowStart: [0], index: [], value: [] };
  }
  /** Adds a variable; returns its index. */
  variable(kind: VariableKind, cost: number, lower = 0, upper = kind === 'binary' ? 1 : Infinity): number {
    const m = this.model;
    m.cost.push(cost);
    m.lower.push(lower);
    m.upper.push(upper);
    m.kind.push(kind);
    return m.cost.length - 1;
  }
  /** Adds `lower ≤ Σ coefficients[i] × x[columns[i]] ≤ upper` (columns distinct). */
  row(columns: readonly number[], coefficients: readonly number[], lower: number, upper: number): void {
    const m = this.model;
    for (let i = 0; i < columns.length; i++) {
      if (coefficients[i] === 0) continue;
      m.index.push(columns[i]!);
      m.value.push(coefficients[i]!);
    }
    m.rowStart.push(m.index.length);
    m.rowLower.push(lower);
    m.rowUpper.push(upper);
  }
  get nonzeros(): number {
    return this.model.index.length;
  }
}

export interface MipResult {
  /** 'optimal': proven; 'time_limit': stopped with the best solution found (x) or none (x null); 'infeasible'. */
  status: 'optimal' | 'time_limit' | 'infeasible' | 'error';
  optimal: boolean;
  /** Variable values (integers rounded) or null without a feasible solution. */
  x: Float64Array | null;
  /** Objective of x (model units, offset included); NaN without x. */
  objective: number;
  /** Best proven bound on the optimum (the dual bound), model units. */
  bound: number;
  /** Relative gap |objective − bound| ÷ max(|objective|, tiny); 0 when optimal. */
  gap: number;
  seconds: number;
}

let solverPromise: Promise<Highs> | null = null;

/** The HiGHS runtime, loaded once (reads its .wasm beside the package). */
export function loadMipSolver(): Promise<Highs> {
  solverPromise ??= highsLoader().catch((error: unknown) => {
    solverPromise = null;
    throw error;
  });
  return solverPromise;
}

/**
 * Solves `model` within `timeLimitS` seconds (synchronous: the caller decides whether that runs on
 * a worker). `relativeGap` is HiGHS's mip_rel_gap (default 1e-9, i.e. prove the optimum).
 */
export function solveMip(highs: Highs, model: MipModel, options: { timeLimitS: number; relativeGap?: number }): MipResult {
  const n = model.cost.length;
  const started = performance.now();
  if (n === 0) {
    // Nothing to decide (e.g. no demand within anyone's reach): HiGHS reports an empty model without a
    // solution, but the empty assignment is optimal when every row admits 0.
    const feasible = model.rowLower.every((lower, r) => lower <= 0 && model.rowUpper[r]! >= 0);
    const objective = model.offset ?? 0;
    return feasible
      ? { status: 'optimal', optimal: true, x: new Float64Array(0), objective, bound: objective, gap: 0, seconds: 0 }
      : { status: 'infeasible', optimal: false, x: null, objective: NaN, bound: NaN, gap: Infinity, seconds: 0 };
  }
  const inf = highs.infinity;
  const finite = (v: number) => (v === Infinity ? inf : v === -Infinity ? -inf : v);
  return highs.withModel((m): MipResult => {
    m.options.set({
      output_flag: false,
      time_limit: Math.max(0.01, options.timeLimitS),
      mip_rel_gap: options.relativeGap ?? 1e-9,
    });
    m.passModel({
      numCols: n,
      numRows: model.rowLower.length,
      sense: model.sense === 'maximize' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      offset: model.offset ?? 0,
      colCost: model.cost,
      colLower: model.lower.map(finite),
      colUpper: model.upper.map(finite),
      rowLower: model.rowLower.map(finite),
      rowUpper: model.rowUpper.map(finite),
      matrix: {
        format: 'csr',
        numRows: model.rowLower.length,
        numCols: n,
        starts: model.rowStart,
        indices: model.index,
        values: model.value,
      },
      integrality: model.kind.map((k) => (k === 'continuous' ? 0 : 1)),
    });
    m.run();
    const codes = highs.constants.modelStatus;
    const status = m.getModelStatus();
    const seconds = (performance.now() - started) / 1000;
    const hasPrimal = Number(m.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const isMip = model.kind.some((k) => k !== 'continuous');
    const bound = isMip ? Number(m.info.get('mip_dual_bound')) : m.getObjectiveValue();
    if (status === codes.infeasible)
      return { status: 'infeasible', optimal: false, x: null, objective: NaN, bound, gap: Infinity, seconds };
    if (!hasPrimal)
      return {
        status: status === codes.optimal ? 'error' : 'time_limit',
        optimal: false,
        x: null,
        objective: NaN,
        bound,
        gap: Infinity,
        seconds,
      };
    const raw = m.getSolution().colValue;
    const x = Float64Array.from(raw, (v, j) => (model.kind[j] === 'continuous' ? v : Math.round(v)));
    const objective = m.getObjectiveValue();
    const optimal = status === codes.optimal;
    const gap = optimal ? 0 : Math.abs(objective - bound) / Math.max(Math.abs(objective), 1e-9);
    return { status: optimal ? 'optimal' : 'time_limit', optimal, x, objective, bound: optimal ? objective : bound, gap, seconds };
  });
}
