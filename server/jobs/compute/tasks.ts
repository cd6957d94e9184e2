/**
 * The CPU-heavy tasks the compute pool runs in worker threads (./pool.ts), as plain functions over
 * plain data: each calls the engine exactly as the request path did, so a result is the same whether
 * it was computed here or inline. A worker keeps the last few jurisdictions it was given (data and
 * network, keyed by jurisdiction id and data version) so that a second task on the same data does not
 * ship them again; a task naming a context the worker does not hold answers `{ missingContext: true }`
 * and the pool sends it once more with the context.
 */
import { LRUCache } from 'lru-cache';
import { computeCoverage, DEFAULT_SEARCH_LIMIT_FACTOR, thresholdMeters, type CoverageResult } from '../../engine/coverage/index.js';
import { prepareWalkNetwork, type WalkNetwork } from '../../engine/network/index.js';
import { loadMipSolver } from '../../engine/allocation/index.js';
import { populationOfYear } from '../../engine/figures/index.js';
import { createBaseline, type BaselineState } from '../../engine/whatif/index.js';
import type { Bilingual, JurisdictionData, PlanningParameters, Road } from '../../model/index.js';
import type { SuggestionRequest } from '../../schemas/whatif.js';
import { JobFailure } from '../job-kind.js';
import { suggestionBody, type ResolvedCandidates, type SuggestionBody } from '../kinds/suggestion-body.js';
import { packNetwork, unpackNetwork } from './packed-network.js';

/** Jurisdictions one worker thread keeps (data and network), least recently used out first. */
const CONTEXTS_PER_WORKER = 4;

/** The data of a jurisdiction a task works on, named by `key` (id@dataVersion). */
export interface ContextRef {
  key: string;
  /** Sent when the worker does not hold the context: the data without roads, and the packed network. */
  supply?: { data: JurisdictionData; network: ArrayBuffer };
}

/** One site suggestion: the checked request, its year and minutes, and its candidates resolved to WGS84. */
export interface SuggestionInput {
  request: SuggestionRequest;
  year: number;
  minutes: number;
  resolved: ResolvedCandidates;
}

/** A JobFailure thrown in a worker, carried back as data (errors lose their class between threads). */
export interface CarriedFailure {
  failure: { status: number; code: string; text: Bilingual; issues: { path: string; message: Bilingual }[] };
}

export type ComputeTask =
  | { kind: 'warm' }
  | { kind: 'network'; roads: Road[]; parameters: PlanningParameters }
  | { kind: 'coverage'; context: ContextRef; year: number }
  | { kind: 'suggestion'; context: ContextRef; input: SuggestionInput };

/** A RangeError of the engine's own argument checks, carried back as data (errors lose their class between threads). */
export interface EngineRangeError {
  rangeError: string;
}

export type TaskAnswer<T> = { missingContext: true } | { value: T } | EngineRangeError | CarriedFailure;

/**
 * The what-if baseline of a year, as GET /summary bounds its search: DEFAULT_SEARCH_LIMIT_FACTOR × the
 * largest threshold (shared with server/http/routes/proposals.ts, so both give the same baseline).
 */
export function baselineOf(data: JurisdictionData, network: WalkNetwork, year: number): BaselineState {
  const { walkSpeedKmh, thresholdsMin } = data.profile.parameters;
  const largestM = Math.max(0, ...thresholdsMin.map((t) => thresholdMeters(walkSpeedKmh, t)));
  return createBaseline(data, network, year, { searchLimitM: DEFAULT_SEARCH_LIMIT_FACTOR * largestM });
}

interface HeldContext {
  data: JurisdictionData;
  network: WalkNetwork;
  baselines: Map<number, BaselineState>;
}

const held = new LRUCache<string, HeldContext>({ max: CONTEXTS_PER_WORKER });

function contextOf(ref: ContextRef): HeldContext | null {
  if (ref.supply) {
    const context = { data: ref.supply.data, network: unpackNetwork(ref.supply.network), baselines: new Map<number, BaselineState>() };
    held.set(ref.key, context);
    return context;
  }
  return held.get(ref.key) ?? null;
}

/** The year's what-if baseline of a held context (the year's population, as JurisdictionAnalysis.dataOf gives it). */
function baselineOfYear(context: HeldContext, year: number): BaselineState {
  let base = context.baselines.get(year);
  if (!base) {
    base = baselineOf(populationOfYear(context.data, year), context.network, year);
    // Plans span about ten years; keep the baselines of a few.
    if (context.baselines.size >= 4) context.baselines.clear();
    context.baselines.set(year, base);
  }
  return base;
}

/** The HiGHS runtime of this thread, or null when it cannot be loaded (the answers then say they are heuristic). */
async function solverOrNull() {
  try {
    return await loadMipSolver();
  } catch {
    return null;
  }
}

/** Runs one task in this thread; the network comes back packed (see ./pool.ts for the transfer). */
export async function runTask(task: ComputeTask): Promise<TaskAnswer<unknown> | ArrayBuffer> {
  // The engine is loaded by now (this module imports it): nothing else to do.
  if (task.kind === 'warm') return { value: null };
  if (task.kind === 'network') return packNetwork(prepareWalkNetwork(task.roads, task.parameters));
  const context = contextOf(task.context);
  if (context === null) return { missingContext: true };
  try {
    if (task.kind === 'coverage') return { value: computeCoverage(context.data, context.network, task.year) satisfies CoverageResult };
    const { request, year, minutes, resolved } = task.input;
    const solver = await solverOrNull();
    return { value: suggestionBody(baselineOfYear(context, year), request, year, minutes, resolved, solver) satisfies SuggestionBody };
  } catch (error) {
    if (error instanceof JobFailure) {
      return { failure: { status: error.status, code: error.code, text: error.text, issues: error.issues } };
    }
    if (error instanceof RangeError) return { rangeError: error.message };
    throw error;
  }
}
