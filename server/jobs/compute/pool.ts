/**
 * The compute pool: CPU-heavy engine work (building a walking network, a full coverage run, site
 * suggestions with their MIP solve, a county's outline) runs in worker threads of a piscina pool, so
 * the event loop that answers `/api/health` and cheap reads is never held by it. Tasks and results are
 * plain data; the network crosses as one transferred buffer (./packed-network.ts). Each jurisdiction's
 * data reach a worker once per data version (./tasks.ts keeps a few).
 *
 * One pool per process, made on first use: the server's requests and its jobs share it, and so do the
 * many test apps of one test file.
 */
import { availableParallelism } from 'node:os';
import type { MultiPolygon, Polygon } from 'geojson';
import { Piscina } from 'piscina';
import type { CoverageResult } from '../../engine/coverage/index.js';
import type { WalkNetwork } from '../../engine/network/index.js';
import type { ProjectInput } from '../../engine/compliance/index.js';
import type { ImportPreview } from '../../import/preview.js';
import type { SourceFile } from '../../import/readers/index.js';
import type { IndicatorWorkbookInput } from '../../reports/index.js';
import type { Facility, JurisdictionData, Language, PlanningParameters, PolicyProfile, Road } from '../../model/index.js';
import { packNetwork, unpackNetwork } from './packed-network.js';
import { JobFailure } from '../job-kind.js';
import type { SuggestionBody } from '../kinds/suggestion-body.js';
import type { BaselineParts, OpeningSchedule, Proposal } from '../../engine/whatif/index.js';
import {
  unpackCandidates,
  type AccessibilityOutput,
  type CatchmentFeature,
  type ComplianceOutput,
  type ComputeTask,
  type ContextRef,
  type GeneratedCandidates,
  type PackedCandidates,
  type ScheduleInput,
  type ServiceAreaCollection,
  type SuggestionInput,
  type TaskAnswer,
  type TrajectoryOutcome,
} from './tasks.js';

/** What a task needs of a jurisdiction: its data and prepared network at one data version. */
export interface ComputeContext {
  data: JurisdictionData;
  network: WalkNetwork;
  /** Neighbours' facilities within the border buffer (their roads are in `network`); none by default. */
  borderFacilities?: Facility[];
  /**
   * What names this context in the workers (default `id@dataVersion`): JurisdictionAnalysis.key, which also
   * names the neighbours' versions, when the network or the border facilities depend on them.
   */
  key?: string;
}

/** An engine argument check that failed in a worker (the engine's RangeError, by message). */
export class ComputeRangeError extends RangeError {}

export interface ComputePoolOptions {
  /** Worker threads (default: the cores less one, at least 1; TUOWEI_COMPUTE_THREADS). */
  threads?: number;
}

export class ComputePool {
  private readonly pool: Piscina;

  constructor(options: ComputePoolOptions = {}) {
    const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
    this.pool = new Piscina({
      filename: new URL('./worker-entry.mjs', import.meta.url).href,
      minThreads: 0,
      maxThreads: threads,
      // A thread holds jurisdictions' data: let an idle one go after a while, releasing them.
      idleTimeout: 60_000,
      // An object, never undefined: the `web-worker` package (loaded by geotiff, which import previews
      // use) reads `workerData.mod` at load in any worker thread and would throw on undefined.
      workerData: {},
    });
  }

  /**
   * Starts a worker thread and loads the engine in it (a few seconds), so that the first request does
   * not wait for that. The server calls it at start.
   */
  async warm(): Promise<void> {
    await this.pool.run({ kind: 'warm' } satisfies ComputeTask);
  }

  /** Graph and snap index of the roads, built in a worker (same result as prepareWalkNetwork). */
  async buildNetwork(roads: Road[], parameters: PlanningParameters): Promise<WalkNetwork> {
    const packed = (await this.pool.run({ kind: 'network', roads, parameters } satisfies ComputeTask)) as ArrayBuffer;
    return unpackNetwork(packed);
  }

  /** A county's outline for roll-up maps: its townships' polygons dissolved and simplified (engine dissolvedOutline), in a worker. */
  async outline(areas: (Polygon | MultiPolygon)[]): Promise<MultiPolygon | null> {
    const answer = (await this.pool.run({ kind: 'outline', areas } satisfies ComputeTask)) as TaskAnswer<MultiPolygon | null>;
    if ('value' in answer) return answer.value;
    throw new Error('compute worker could not outline the county');
  }

  /** computeCoverage(the data of the year, network, year, border facilities), in a worker. */
  coverage(context: ComputeContext, year: number): Promise<CoverageResult> {
    return this.withContext(context, (ref) => ({ kind: 'coverage', context: ref, year }));
  }

  /** E2SFCA accessibility of the year, children under 3 as demand (./tasks.ts accessibilityOfYear), in a worker. */
  accessibility(context: ComputeContext, year: number): Promise<AccessibilityOutput> {
    return this.withContext(context, (ref) => ({ kind: 'accessibility', context: ref, year }));
  }

  /** Compliance checks of projects in `year` (./tasks.ts complianceChecks), in a worker, in the order given. */
  compliance(context: ComputeContext, year: number, projects: ProjectInput[], refuseCrossing: boolean): Promise<ComplianceOutput[]> {
    return this.withContext(context, (ref) => ({ kind: 'compliance', context: ref, year, projects, refuseCrossing }));
  }

  /**
   * A site suggestion's response body (jobs/kinds/suggestion-body.ts) against the year's what-if
   * baseline, in a worker: the baseline's coverage run and the MIP solve leave the event loop free.
   * Rejects with the JobFailure the body would have thrown inline.
   */
  suggestion(context: ComputeContext, input: SuggestionInput): Promise<SuggestionBody> {
    return this.withContext(context, (ref) => ({ kind: 'suggestion', context: ref, input }));
  }

  /**
   * The costly parts of the year's what-if baseline (./tasks.ts baselineOf), in a worker — the units
   * snapped, their walks to the nearest operating facility, the tallies — handed over as typed arrays;
   * baselineOf with them gives the baseline computed inline. The worker keeps its baseline for suggestions.
   */
  baselineParts(context: ComputeContext, year: number): Promise<BaselineParts> {
    return this.withContext(context, (ref) => ({ kind: 'baseline', context: ref, year }));
  }

  /** GET /service-areas of a year and threshold (./tasks.ts serviceAreaCollection), in a worker. */
  serviceAreas(context: ComputeContext, year: number, minutes: number): Promise<ServiceAreaCollection> {
    return this.withContext(context, (ref) => ({ kind: 'serviceAreas', context: ref, year, minutes }));
  }

  /** A facility's catchment (./tasks.ts catchmentFeature), in a worker. */
  catchment(context: ComputeContext, facilityId: string, minutes: number): Promise<CatchmentFeature> {
    return this.withContext(context, (ref) => ({ kind: 'catchment', context: ref, facilityId, minutes }));
  }

  /** Candidate sites every `spacingM` (./tasks.ts candidatesEvery), in a worker; handed over packed. */
  async candidates(context: ComputeContext, spacingM: number, limit: number): Promise<GeneratedCandidates> {
    const packed = await this.withContext<PackedCandidates>(context, (ref) => ({ kind: 'candidates', context: ref, spacingM, limit }));
    return unpackCandidates(packed, context.data.townships);
  }

  /** A scenario's trajectory (./tasks.ts trajectoryOutcome), in a worker: `proposals[i]` acts in `years[i]`. */
  trajectory(context: ComputeContext, years: number[], proposals: Proposal[]): Promise<TrajectoryOutcome> {
    return this.withContext(context, (ref) => ({ kind: 'trajectory', context: ref, years, proposals }));
  }

  /** The least-cost schedule of openings (./tasks.ts scheduleOf), in a worker: its MIP solve takes up to the time limit. */
  schedule(context: ComputeContext, input: ScheduleInput): Promise<OpeningSchedule> {
    return this.withContext(context, (ref) => ({ kind: 'schedule', context: ref, input }));
  }

  /**
   * An import preview (server/import previewImport) in a worker: reading and checking a county's files
   * takes seconds to minutes. Files on disk cross as paths; the problems come back in `language`.
   */
  async importPreview(files: SourceFile[], manifest: unknown, profiles: PolicyProfile[], language: Language): Promise<ImportPreview> {
    const task: ComputeTask = { kind: 'importPreview', files, manifest, profiles, language };
    const answer = (await this.pool.run(task)) as TaskAnswer<ImportPreview>;
    if ('value' in answer) return answer.value;
    throw new Error('compute worker could not preview the import');
  }

  /** The annual report's Excel workbook (server/reports), built in a worker: tens of ms of CPU per county. */
  async indicatorWorkbook(input: IndicatorWorkbookInput): Promise<Uint8Array> {
    const answer = (await this.pool.run({ kind: 'indicatorWorkbook', input } satisfies ComputeTask)) as TaskAnswer<Uint8Array>;
    if ('value' in answer) return answer.value;
    throw new Error('compute worker could not build the workbook');
  }

  /** Ends the worker threads (the process exits without waiting for idle ones anyway). */
  async close(): Promise<void> {
    await this.pool.close({ force: true });
  }

  /** Runs a task naming the context; sends the context along when the worker that took it lacks it. */
  private async withContext<T>(context: ComputeContext, task: (ref: ContextRef) => ComputeTask): Promise<T> {
    const key = context.key ?? `${context.data.id}@${context.data.dataVersion}`;
    let answer = (await this.pool.run(task({ key }))) as TaskAnswer<T>;
    if ('missingContext' in answer) {
      // Roads are the network's input only; the worker gets the network itself.
      const network = packNetwork(context.network);
      const supply = {
        data: { ...context.data, roads: [] },
        network,
        ...(context.borderFacilities?.length ? { borderFacilities: context.borderFacilities } : {}),
      };
      answer = (await this.pool.run(task({ key, supply }), { transferList: [network] })) as TaskAnswer<T>;
    }
    if ('rangeError' in answer) throw new ComputeRangeError(answer.rangeError);
    if ('failure' in answer) {
      const { status, code, text, issues } = answer.failure;
      throw new JobFailure(status, code, text, issues);
    }
    if ('missingContext' in answer) throw new Error('compute worker lost the context it was just given');
    return answer.value;
  }
}

let shared: ComputePool | null = null;

/** The process's compute pool, made on first use with `threads` (later calls return the same pool). */
export function sharedComputePool(threads?: number): ComputePool {
  shared ??= new ComputePool(threads !== undefined ? { threads } : {});
  return shared;
}
