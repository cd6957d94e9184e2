/**
 * The CPU-heavy tasks the compute pool runs in worker threads (./pool.ts), as plain functions over
 * plain data: each calls the engine exactly as the request path did, so a result is the same whether
 * it was computed here or inline. A worker keeps the last few jurisdictions it was given (data and
 * network, keyed by jurisdiction id and data version) so that a second task on the same data does not
 * ship them again; a task naming a context the worker does not hold answers `{ missingContext: true }`
 * and the pool sends it once more with the context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Highs } from 'highs';
import { LRUCache } from 'lru-cache';
import type { ImportPreview } from '../../import/preview.js';
import type { SourceFile } from '../../import/readers/index.js';
import type { IndicatorWorkbookInput } from '../../reports/index.js';
import { readLanguageFrom } from '../../model/messages.js';
import { assessProject, snapOperatingFacilities, type ProjectAssessment, type ProjectInput } from '../../engine/compliance/index.js';
import { computeCoverage, DEFAULT_SEARCH_LIMIT_FACTOR, thresholdMeters, type CoverageResult } from '../../engine/coverage/index.js';
import {
  computeIndicators,
  isOperatingIn,
  populationOfYear,
  under3Demand,
  type DemandSummary,
  type YearIndicators,
} from '../../engine/figures/index.js';
import { dissolvedOutline, footprintSelfIntersection } from '../../engine/geo/index.js';
import type { SnappedTargets } from '../../engine/network/index.js';
import {
  facilityCatchment,
  facilityServiceArea,
  prepareWalkNetwork,
  unionServiceArea,
  type WalkNetwork,
} from '../../engine/network/index.js';
import { loadMipSolver } from '../../engine/allocation/index.js';
import {
  assembleBaseline,
  computeAccessibility,
  createBaseline,
  evaluateTrajectory,
  generateCandidates,
  ProposalError,
  scheduleOpenings,
  type AccessibilityResult,
  type BaselineParts,
  type BaselineState,
  type Candidate,
  type OpeningSchedule,
  type Proposal,
  type ScheduleOptions,
  type TrajectoryResult,
} from '../../engine/whatif/index.js';
import type {
  Bilingual,
  Facility,
  JurisdictionData,
  Language,
  LonLat,
  PlanningParameters,
  PolicyProfile,
  Road,
  Township,
} from '../../model/index.js';
import type { SuggestionRequest } from '../../schemas/whatif.js';
import { JobFailure } from '../job-kind.js';
import { suggestionBody, type ResolvedCandidates, type SuggestionBody } from '../kinds/suggestion-body.js';
import { packNetwork, unpackNetwork } from './packed-network.js';

/** Jurisdictions one worker thread keeps (data and network), least recently used out first. */
const CONTEXTS_PER_WORKER = 4;

/**
 * The data of a jurisdiction a task works on, named by `key` (id@dataVersion, and the neighbours' versions
 * when its coverage counts facilities across the border).
 */
export interface ContextRef {
  key: string;
  /**
   * Sent when the worker does not hold the context: the data without roads, the packed network (with the
   * neighbours' roads in the border buffer, if any), and the neighbours' facilities in that buffer.
   */
  supply?: { data: JurisdictionData; network: ArrayBuffer; borderFacilities?: Facility[] };
}

/** The year's E2SFCA accessibility with children under 3 as demand, and which demand that was. */
export type AccessibilityOutput = AccessibilityResult & { demandSummary: DemandSummary };

/** One compliance check of a batch: the assessment, or where a footprint's outline crosses itself. */
export type ComplianceOutput = { assessment: ProjectAssessment } | { crossing: LonLat };

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

/** An import preview: the upload's files (on this host's disk, or in memory) read with a manifest (server/import). */
export interface ImportPreviewTask {
  kind: 'importPreview';
  files: SourceFile[];
  manifest: unknown;
  profiles: PolicyProfile[];
  /** The reader's language: the preview's problems and notes are written in it. */
  language: Language;
}

export type ComputeTask =
  | { kind: 'warm' }
  | { kind: 'network'; roads: Road[]; parameters: PlanningParameters }
  | { kind: 'outline'; areas: (Polygon | MultiPolygon)[] }
  | { kind: 'coverage'; context: ContextRef; year: number }
  | { kind: 'accessibility'; context: ContextRef; year: number }
  | { kind: 'compliance'; context: ContextRef; year: number; projects: ProjectInput[]; refuseCrossing: boolean }
  | { kind: 'suggestion'; context: ContextRef; input: SuggestionInput }
  | { kind: 'baseline'; context: ContextRef; year: number }
  | { kind: 'serviceAreas'; context: ContextRef; year: number; minutes: number }
  | { kind: 'catchment'; context: ContextRef; facilityId: string; minutes: number }
  | { kind: 'candidates'; context: ContextRef; spacingM: number; limit: number }
  | { kind: 'trajectory'; context: ContextRef; years: number[]; proposals: Proposal[] }
  | { kind: 'schedule'; context: ContextRef; input: ScheduleInput }
  | ImportPreviewTask
  | { kind: 'indicatorWorkbook'; input: IndicatorWorkbookInput };

/** A RangeError of the engine's own argument checks, carried back as data (errors lose their class between threads). */
export interface EngineRangeError {
  rangeError: string;
}

export type TaskAnswer<T> = { missingContext: true } | { value: T } | EngineRangeError | CarriedFailure;

/**
 * An answer whose typed arrays are handed over to the calling thread rather than copied
 * (./worker-entry.mjs moves `buffers`): made only of arrays this thread keeps no reference to.
 */
export class Handover<T> {
  readonly buffers: ArrayBuffer[];

  /** `arrays`: the typed arrays of `answer` whose buffers are moved (each its own buffer, as `slice` and `from` give). */
  constructor(
    readonly answer: TaskAnswer<T>,
    arrays: ArrayBufferView[],
  ) {
    this.buffers = arrays.map((array) => array.buffer as ArrayBuffer);
  }
}

/**
 * The what-if baseline of a year, as GET /summary bounds its search: DEFAULT_SEARCH_LIMIT_FACTOR × the
 * largest threshold (shared with server/http/routes/proposals.ts, so both give the same baseline).
 */
export function baselineOf(data: JurisdictionData, network: WalkNetwork, year: number, parts?: BaselineParts): BaselineState {
  const { walkSpeedKmh, thresholdsMin } = data.profile.parameters;
  const largestM = Math.max(0, ...thresholdsMin.map((t) => thresholdMeters(walkSpeedKmh, t)));
  const options = { searchLimitM: DEFAULT_SEARCH_LIMIT_FACTOR * largestM };
  // With `parts` made in a worker (the same arguments there), only the cheap rest is done here.
  return parts ? assembleBaseline(data, network, year, options, parts) : createBaseline(data, network, year, options);
}

/**
 * GET /service-areas of a year and threshold: each operating facility's walking service area and their
 * union (display only), as the route answers it.
 */
export function serviceAreaCollection(data: JurisdictionData, network: WalkNetwork, year: number, minutes: number) {
  const distanceM = thresholdMeters(network.parameters.walkSpeedKmh, minutes);
  const operating = data.facilities.filter((f) => isOperatingIn(f, year));
  const common = { minutes, distanceM, approximate: network.approximate };
  const features = [];
  for (const facility of operating) {
    const geometry = facilityServiceArea(network, [facility.lon, facility.lat], distanceM);
    if (geometry) {
      features.push({
        type: 'Feature',
        properties: { kind: 'facility', facilityId: facility.id, facilityName: facility.name, ...common },
        geometry,
      });
    }
  }
  const union = unionServiceArea(
    network,
    operating.map((f): LonLat => [f.lon, f.lat]),
    distanceM,
  );
  if (union)
    features.push({
      type: 'Feature',
      properties: { kind: 'union', facilityId: null, facilityName: null, ...common },
      geometry: union,
    });
  return { type: 'FeatureCollection', features };
}

export type ServiceAreaCollection = ReturnType<typeof serviceAreaCollection>;

/** GET /facilities/{fid}/catchment: the facility's walking service area and the residents within the threshold. */
export function catchmentFeature(data: JurisdictionData, network: WalkNetwork, facility: Facility, minutes: number) {
  const distanceM = thresholdMeters(network.parameters.walkSpeedKmh, minutes);
  const at: LonLat = [facility.lon, facility.lat];
  const reached = facilityCatchment(network, at, distanceM, data.populationUnits);
  return {
    type: 'Feature',
    geometry: facilityServiceArea(network, at, distanceM),
    properties: {
      facilityId: facility.id,
      facilityName: facility.name,
      minutes,
      distanceM,
      population: reached.population,
      populationUnits: reached.unitIndexes.length,
      approximate: reached.approximate,
    },
  };
}

export type CatchmentFeature = ReturnType<typeof catchmentFeature>;

/**
 * Candidate sites every `spacingM` on the walkable roads (generateCandidates): all of them, or, when they
 * are more than `limit` (a set the request is refused for), only how many.
 */
export interface GeneratedCandidates {
  count: number;
  candidates: Candidate[] | null;
}

export function candidatesEvery(
  network: WalkNetwork,
  townships: readonly Township[],
  spacingM: number,
  limit: number,
): GeneratedCandidates {
  const candidates = generateCandidates(network, townships, spacingM);
  return { count: candidates.length, candidates: candidates.length <= limit ? candidates : null };
}

/** Candidates as they cross threads: positions, and the index of each one's township in the data's townships. */
export interface PackedCandidates {
  count: number;
  lon: Float64Array;
  lat: Float64Array;
  township: Int32Array;
}

export function packCandidates(generated: GeneratedCandidates, townships: readonly Township[]): PackedCandidates {
  const list = generated.candidates ?? [];
  const indexOf = new Map(townships.map((t, i) => [t.code, i]));
  return {
    count: generated.count,
    lon: Float64Array.from(list, (c) => c.lon),
    lat: Float64Array.from(list, (c) => c.lat),
    township: Int32Array.from(list, (c) => indexOf.get(c.township)!),
  };
}

export function unpackCandidates(packed: PackedCandidates, townships: readonly Township[]): GeneratedCandidates {
  if (packed.lon.length !== packed.count) return { count: packed.count, candidates: null };
  const candidates = Array.from(packed.lon, (lon, i): Candidate => ({
    lon,
    lat: packed.lat[i]!,
    township: townships[packed.township[i]!]!.code,
  }));
  return { count: packed.count, candidates };
}

/**
 * A scenario's trajectory over `years` (evaluateTrajectory), or the change the data cannot take: the
 * engine's complaint and the year whose changes it was evaluating (null: before any).
 */
export type TrajectoryOutcome = { result: TrajectoryResult } | { refused: { path: string; text: Bilingual; year: number | null } };

export function trajectoryOutcome(
  network: WalkNetwork,
  years: readonly number[],
  dataOf: (year: number) => JurisdictionData,
  proposalOf: (year: number) => Proposal,
): TrajectoryOutcome {
  let asked: number | null = null;
  try {
    const result = evaluateTrajectory(network, {
      years,
      dataOf,
      proposalOf: (year) => {
        asked = year;
        return proposalOf(year);
      },
    });
    return { result };
  } catch (error) {
    if (error instanceof ProposalError) return { refused: { path: error.path, text: error.text, year: asked } };
    throw error;
  }
}

/**
 * POST /plans/schedule's options as they cross threads: the candidates' positions packed as
 * [lon₀, lat₀, lon₁, …] (one copy of a typed array rather than thousands of objects), without a solver
 * (each thread loads its own).
 */
export type ScheduleInput = Omit<ScheduleOptions, 'candidates' | 'solver' | 'populationOf'> & { positions: Float64Array };

export function packPositions(points: readonly { lon: number; lat: number }[]): Float64Array {
  const positions = new Float64Array(points.length * 2);
  points.forEach((p, i) => positions.set([p.lon, p.lat], i * 2));
  return positions;
}

/** The least-cost schedule of openings (scheduleOpenings) of `input`, with `solver` (null: the heuristic says so). */
export function scheduleOf(data: JurisdictionData, { positions, ...options }: ScheduleInput, solver: Highs | null): OpeningSchedule {
  const candidates = Array.from({ length: positions.length / 2 }, (_, i) => ({ lon: positions[i * 2]!, lat: positions[i * 2 + 1]! }));
  return scheduleOpenings(data, { ...options, candidates, solver });
}

interface HeldContext {
  data: JurisdictionData;
  network: WalkNetwork;
  borderFacilities: Facility[];
  baselines: Map<number, BaselineState>;
  /** The data as seen in a year (populationOfYear) and the year's operating facilities snapped, a few years each. */
  dataByYear: Map<number, JurisdictionData>;
  snappedByYear: Map<number, SnappedTargets>;
}

/** Plans span about ten years; a worker keeps what it derived for a few of them. */
const YEARS_PER_CONTEXT = 4;

function perYear<T>(table: Map<number, T>, year: number, make: () => T): T {
  let value = table.get(year);
  if (value === undefined) {
    value = make();
    if (table.size >= YEARS_PER_CONTEXT) table.clear();
    table.set(year, value);
  }
  return value;
}

/** The data of `year` as JurisdictionAnalysis.dataOf gives it: the year's populations when the package has them. */
function dataOfYear(context: HeldContext, year: number): JurisdictionData {
  return perYear(context.dataByYear, year, () => populationOfYear(context.data, year));
}

/** E2SFCA of the year with children under 3 as demand (as GET /accessibility answers it). */
export function accessibilityOfYear(data: JurisdictionData, network: WalkNetwork, year: number): AccessibilityOutput {
  const { demand, summary } = under3Demand(data);
  return { ...computeAccessibility(data, network, year, { demand }), demandSummary: summary };
}

/**
 * Compliance checks of `year` (as POST /compliance, GET /projects and the dashboard's rules make them).
 * With `refuseCrossing` (a developer's check), a footprint whose outline crosses itself is not assessed:
 * the answer says where it crosses (O(vertices²) to find; callers bound the vertices).
 */
export function complianceChecks(
  data: JurisdictionData,
  network: WalkNetwork,
  year: number,
  projects: readonly ProjectInput[],
  refuseCrossing: boolean,
  snapped: () => SnappedTargets,
  yearIndicators?: YearIndicators,
): ComplianceOutput[] {
  // The year's township indicators are the same for every check of the batch: computed once.
  let indicators = yearIndicators;
  return projects.map((project) => {
    const crossing = !refuseCrossing || Array.isArray(project.location) ? null : footprintSelfIntersection(project.location);
    if (crossing) return { crossing };
    indicators ??= computeIndicators(data, year);
    return { assessment: assessProject(data, network, project, year, snapped(), indicators) };
  });
}

const held = new LRUCache<string, HeldContext>({ max: CONTEXTS_PER_WORKER });

function contextOf(ref: ContextRef): HeldContext | null {
  if (ref.supply) {
    const context: HeldContext = {
      data: ref.supply.data,
      network: unpackNetwork(ref.supply.network),
      borderFacilities: ref.supply.borderFacilities ?? [],
      baselines: new Map(),
      dataByYear: new Map(),
      snappedByYear: new Map(),
    };
    held.set(ref.key, context);
    return context;
  }
  return held.get(ref.key) ?? null;
}

const taskLanguage = new AsyncLocalStorage<Language>();

/** An import preview in this thread, its messages in the task's language. */
async function runImportPreview(task: ImportPreviewTask): Promise<TaskAnswer<ImportPreview>> {
  readLanguageFrom(() => taskLanguage.getStore() ?? 'zh');
  // Loaded on the first preview only: the readers (exceljs, sql.js, geotiff, proj4 …) are not needed by
  // threads that only compute coverage. From assemble.js, not preview.js: see ../../import/upload-preview.ts.
  const { previewImport } = await import('../../import/assemble.js');
  return { value: await taskLanguage.run(task.language, () => previewImport(task.files, task.manifest, { profiles: task.profiles })) };
}

/** The year's what-if baseline of a held context (the year's population, as JurisdictionAnalysis.dataOf gives it). */
function baselineOfYear(context: HeldContext, year: number): BaselineState {
  let base = context.baselines.get(year);
  if (!base) {
    base = baselineOf(dataOfYear(context, year), context.network, year);
    // Plans span about ten years; keep the baselines of a few.
    if (context.baselines.size >= 4) context.baselines.clear();
    context.baselines.set(year, base);
  }
  return base;
}

/**
 * The costly parts of a baseline this thread keeps (for suggestions), copied so that the copies can be
 * handed over: the calling thread assembles the same baseline from them (baselineOf with `parts`).
 */
function baselineHandover(base: BaselineState): Handover<BaselineParts> {
  const { units, tally } = base;
  const parts: BaselineParts = {
    approximate: base.approximate,
    units: {
      count: units.count,
      lon: units.lon.slice(),
      lat: units.lat.slice(),
      segment: units.segment.slice(),
      fraction: units.fraction.slice(),
      legM: units.legM.slice(),
    },
    unitDistanceM: base.unitDistanceM.slice(),
    unitNearest: base.unitNearest.slice(),
    unitTownship: base.unitTownship.slice(),
    unitsByNearest: { start: base.unitsByNearest.start.slice(), unit: base.unitsByNearest.unit.slice() },
    tally: {
      units: tally.units.slice(),
      unreachableUnits: tally.unreachableUnits.slice(),
      population: tally.population.slice(),
      covered: tally.covered.slice(),
    },
    unitDemand: base.unitDemand.slice(),
    demand: base.demand,
  };
  const { units: copied, unitsByNearest: byNearest, tally: tallied } = parts;
  return new Handover({ value: parts }, [
    ...[copied.lon, copied.lat, copied.segment, copied.fraction, copied.legM],
    ...[parts.unitDistanceM, parts.unitNearest, parts.unitTownship, byNearest.start, byNearest.unit, parts.unitDemand],
    ...[tallied.units, tallied.unreachableUnits, tallied.population, tallied.covered],
  ]);
}

/** The HiGHS runtime of this thread, or null when it cannot be loaded (the answers then say they are heuristic). */
export async function solverOrNull(): Promise<Highs | null> {
  try {
    return await loadMipSolver();
  } catch {
    return null;
  }
}

/** Runs one task in this thread; the network comes back packed (see ./pool.ts for the transfer). */
export async function runTask(task: ComputeTask): Promise<TaskAnswer<unknown> | Handover<unknown> | ArrayBuffer> {
  // The engine is loaded by now (this module imports it): nothing else to do.
  if (task.kind === 'warm') return { value: null };
  if (task.kind === 'network') return packNetwork(prepareWalkNetwork(task.roads, task.parameters));
  if (task.kind === 'outline') return { value: dissolvedOutline(task.areas) };
  if (task.kind === 'importPreview') return runImportPreview(task);
  if (task.kind === 'indicatorWorkbook') {
    // exceljs is loaded on the first report only, as the import readers are.
    const { buildIndicatorWorkbook } = await import('../../reports/indicator-workbook.js');
    const bytes = await buildIndicatorWorkbook(task.input);
    return new Handover({ value: bytes }, [bytes]);
  }
  const context = contextOf(task.context);
  if (context === null) return { missingContext: true };
  try {
    if (task.kind === 'coverage') {
      const data = dataOfYear(context, task.year);
      const options = { borderFacilities: context.borderFacilities };
      return { value: computeCoverage(data, context.network, task.year, options) satisfies CoverageResult };
    }
    if (task.kind === 'accessibility') return { value: accessibilityOfYear(dataOfYear(context, task.year), context.network, task.year) };
    if (task.kind === 'compliance') {
      const { year } = task;
      const snapped = () => perYear(context.snappedByYear, year, () => snapOperatingFacilities(context.data, context.network, year));
      return { value: complianceChecks(dataOfYear(context, year), context.network, year, task.projects, task.refuseCrossing, snapped) };
    }
    if (task.kind === 'baseline') return baselineHandover(baselineOfYear(context, task.year));
    if (task.kind === 'serviceAreas') return { value: serviceAreaCollection(context.data, context.network, task.year, task.minutes) };
    if (task.kind === 'catchment') {
      const facility = context.data.facilities.find((f) => f.id === task.facilityId);
      if (!facility) throw new RangeError(`no facility "${task.facilityId}"`);
      return { value: catchmentFeature(context.data, context.network, facility, task.minutes) };
    }
    if (task.kind === 'candidates') {
      const { townships } = context.data;
      const packed = packCandidates(candidatesEvery(context.network, townships, task.spacingM, task.limit), townships);
      return new Handover({ value: packed }, [packed.lon, packed.lat, packed.township]);
    }
    if (task.kind === 'trajectory') {
      const { years, proposals } = task;
      const dataOf = (year: number) => dataOfYear(context, year);
      return { value: trajectoryOutcome(context.network, years, dataOf, (year) => proposals[years.indexOf(year)]!) };
    }
    if (task.kind === 'schedule') return { value: scheduleOf(context.data, task.input, await solverOrNull()) };
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
