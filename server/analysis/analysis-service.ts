/**
 * Keeps, per jurisdiction, the loaded data, its prepared walking network and the results computed
 * from them (indicators and coverage per year), keyed by the jurisdiction's data version: any import
 * or edit bumps the version and the next request recomputes. Loading is deduplicated so concurrent
 * requests share one load.
 *
 * Every table here is bounded (least recently used goes first), so no sequence of requests can grow the
 * heap without limit: years per jurisdiction, memoised results per jurisdiction, and jurisdictions.
 */
import type { MultiPolygon } from 'geojson';
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Database } from '../db/database.js';
import { type DataVersionSource, idsKeyOf } from '../db/data-version-listener.js';
import { getAllDataVersionsKey, getDataVersion, getJurisdictionData, listJurisdictionIds } from '../db/jurisdictions.repository.js';
import { computeCoverage, type CoverageResult } from '../engine/coverage/index.js';
import {
  computeIndicators,
  populationOfYear,
  townshipFiguresOfYear,
  type YearIndicators,
  type YearPopulationInfo,
} from '../engine/figures/index.js';
import type { Facility, JurisdictionData } from '../model/index.js';
import { listTreeNodes } from '../db/jurisdiction-tree.repository.js';
import { JurisdictionTree } from './jurisdiction-tree.js';
import { loadNeighbours, NO_NEIGHBOURS, type Neighbourhood } from './neighbours.js';
import { countySummaryRecord, type CountySummaryRecord } from './summary.js';
import { storeCountySummary } from '../db/county-summaries.repository.js';
import { prepareWalkNetwork, type WalkNetwork } from '../engine/network/index.js';
import type { ComputeContext, ComputePool } from '../jobs/compute/pool.js';
import {
  accessibilityOfYear,
  baselineOf,
  candidatesEvery,
  catchmentFeature,
  complianceChecks,
  scheduleOf,
  serviceAreaCollection,
  solverOrNull,
  trajectoryOutcome,
  type AccessibilityOutput,
  type CatchmentFeature,
  type ComplianceOutput,
  type GeneratedCandidates,
  type ScheduleInput,
  type ServiceAreaCollection,
  type TrajectoryOutcome,
} from '../jobs/compute/tasks.js';
import { snapOperatingFacilities, type ProjectInput } from '../engine/compliance/index.js';
import { dissolvedOutline } from '../engine/geo/index.js';
import type { BaselineState, OpeningSchedule, Proposal } from '../engine/whatif/index.js';

/** Years of indicators and of coverage kept per jurisdiction (a plan spans about ten). */
export const MAX_CACHED_YEARS = 16;
/** Memoised results kept per jurisdiction (service areas, catchments, candidate sets, baselines …). */
export const MAX_MEMOS = 64;
/** Point compliance checks answered on the event loop at once; a larger batch, or any footprint, goes to the compute pool. */
export const INLINE_COMPLIANCE_CHECKS = 4;
/** Jurisdictions whose loaded data and results are kept (default; TUOWEI_CACHED_JURISDICTIONS). */
export const DEFAULT_CACHED_JURISDICTIONS = 50;

export class JurisdictionAnalysis {
  private readonly indicatorsByYear = new LRUCache<number, YearIndicators>({ max: MAX_CACHED_YEARS });
  private readonly coverageByYear = new LRUCache<number, CoverageResult>({ max: MAX_CACHED_YEARS });
  private readonly dataByYear = new LRUCache<number, JurisdictionData>({ max: MAX_CACHED_YEARS });
  private networkCache: WalkNetwork | null = null;
  private yearRangeCache: { first: number; last: number } | null = null;
  private readonly memos = new LRUCache<string, { value: unknown }>({ max: MAX_MEMOS });
  private networkBuild: Promise<WalkNetwork> | null = null;
  private outlineCache: { value: MultiPolygon | null } | null = null;
  private outlineRun: Promise<MultiPolygon | null> | null = null;
  private readonly coverageRuns = new Map<number, Promise<CoverageResult>>();
  private readonly accessibilityRuns = new LRUCache<number, Promise<AccessibilityOutput>>({ max: MAX_CACHED_YEARS });

  /** Years whose summary record this process has stored (AnalysisService.recordSummary). */
  readonly storedSummaryYears = new Set<number>();

  /**
   * @param neighbours What lies across the border within reach (none: an empty neighbourhood).
   * @param neighbourKey The neighbours' versions it was loaded at (AnalysisService checks it on every read).
   * @param compute the worker-thread pool that builds the network and runs coverage off the event loop
   *   (null: inline, as the engine tests and CLIs do).
   */
  constructor(
    readonly data: JurisdictionData,
    readonly neighbours: Neighbourhood = NO_NEIGHBOURS,
    readonly neighbourKey = '',
    readonly compute: ComputePool | null = null,
  ) {}

  /** What its answers depend on: its data version and its neighbours'. */
  get key(): string {
    return `${this.data.id}@${this.data.dataVersion}|${this.neighbourKey}`;
  }

  get dataVersion(): number {
    return this.data.dataVersion;
  }

  /**
   * The years this jurisdiction can answer for: from the earliest to the latest year its plan or data
   * speak of (the profile's target years, the analysis year, facilities' opening and closing years,
   * residential projects' years). A year outside is no data year, and a request for it is refused.
   */
  get yearRange(): { first: number; last: number } {
    // Every request for a year asks; the data of this version never change, so it is computed once.
    this.yearRangeCache ??= yearRangeOf(this.data);
    return this.yearRangeCache;
  }

  /**
   * The county's outline for roll-up maps: its townships dissolved and simplified (engine/geo/outline.ts),
   * computed on first use, once per data version (it does not depend on the year).
   */
  get outline(): MultiPolygon | null {
    this.outlineCache ??= { value: dissolvedOutline(this.data.townships.map((t) => t.geometry)) };
    return this.outlineCache.value;
  }

  /**
   * The outline, computed in the compute pool when there is one (concurrent callers share one run; a
   * failed run is not kept); afterwards `outline` returns it at once.
   */
  async prepareOutline(): Promise<MultiPolygon | null> {
    if (this.outlineCache) return this.outlineCache.value;
    if (!this.compute) return this.outline;
    const compute = this.compute;
    this.outlineRun ??= compute.outline(this.data.townships.map((t) => t.geometry)).then(
      (value) => {
        this.outlineCache ??= { value };
        return this.outlineCache.value;
      },
      (error: unknown) => {
        this.outlineRun = null;
        throw error;
      },
    );
    return this.outlineRun;
  }

  /** The walking network, prepared on first use (graph construction and snap index). */
  get network(): WalkNetwork {
    // Roads across the border carry walks to the facilities there.
    const roads = this.neighbours.roads.length > 0 ? [...this.data.roads, ...this.neighbours.roads] : this.data.roads;
    this.networkCache ??= prepareWalkNetwork(roads, this.data.profile.parameters);
    return this.networkCache;
  }

  /**
   * The walking network, built in the compute pool when there is one (deduplicated: concurrent callers
   * share one build); afterwards `network` returns it at once. It carries the neighbours' roads within the
   * border buffer, if any.
   */
  async prepareNetwork(): Promise<WalkNetwork> {
    if (this.networkCache) return this.networkCache;
    if (!this.compute) return this.network;
    const roads = this.neighbours.roads.length > 0 ? [...this.data.roads, ...this.neighbours.roads] : this.data.roads;
    this.networkBuild ??= this.compute.buildNetwork(roads, this.data.profile.parameters).then((network) => {
      this.networkCache ??= network;
      return this.networkCache;
    });
    return this.networkBuild;
  }

  /** What the compute pool's tasks need of this analysis (the network prepared), named by `key`. */
  private async computeContext(): Promise<ComputeContext> {
    const network = await this.prepareNetwork();
    return { data: this.data, network, borderFacilities: this.neighbours.facilities, key: this.key };
  }

  /**
   * Coverage of the years, computed in the compute pool when there is one (one run per year however many
   * requests ask at once); afterwards `coverage(year)` returns it at once. The workers compute it as
   * `coverage` does: the year's population (population-by-year table) and the facilities across the border.
   */
  async prepareCoverage(...years: number[]): Promise<void> {
    if (!this.compute) return;
    const compute = this.compute;
    await Promise.all(
      years.map(async (year) => {
        if (this.coverageByYear.has(year)) return;
        let run = this.coverageRuns.get(year);
        if (!run) {
          run = this.computeContext().then((context) => compute.coverage(context, year));
          this.coverageRuns.set(year, run);
          void run.finally(() => this.coverageRuns.delete(year)).catch(() => undefined);
        }
        const result = await run;
        if (!this.coverageByYear.has(year)) this.coverageByYear.set(year, result);
      }),
    );
  }

  /**
   * The data as seen in `year`: townships' populations and the population units are the year's
   * (DATA_FORMAT.md "Population by year"); the same object as `data` when the package has no
   * townshipPopulation table. Every figure of a year is computed from this.
   */
  dataOf(year: number): JurisdictionData {
    let result = this.dataByYear.get(year);
    if (!result) {
      result = populationOfYear(this.data, year);
      this.dataByYear.set(year, result);
    }
    return result;
  }

  /** Where each township's population of `year` comes from, and whether the year is projected. */
  populationInfo(year: number): YearPopulationInfo {
    return townshipFiguresOfYear(this.data, year);
  }

  indicators(year: number): YearIndicators {
    let result = this.indicatorsByYear.get(year);
    if (!result) {
      result = computeIndicators(this.dataOf(year), year);
      this.indicatorsByYear.set(year, result);
    }
    return result;
  }

  /**
   * Any other result derived from this data version (service areas, catchments), computed once per key
   * while it stays among the MAX_MEMOS most recently used. A result `keep` rejects (one the request is
   * then refused for) is returned but not kept.
   */
  memo<T>(key: string, compute: () => T, keep: (value: T) => boolean = () => true): T {
    const hit = this.memos.get(key);
    if (hit) return hit.value as T;
    const value = compute();
    if (keep(value)) this.memos.set(key, { value });
    return value;
  }

  /**
   * `memo` for a result computed asynchronously (in the compute pool): concurrent callers of one key
   * share one run, which counts among the MAX_MEMOS from its start. A run that fails, or whose result
   * `keep` rejects, is not kept (its callers get its outcome; the next caller starts afresh).
   */
  memoAsync<T>(key: string, compute: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
    const hit = this.memos.get(key);
    if (hit) return hit.value as Promise<T>;
    const run = (async () => compute())();
    const entry = { value: run };
    this.memos.set(key, entry);
    const forget = () => {
      if (this.memos.peek(key) === entry) this.memos.delete(key);
    };
    run.then((value) => {
      if (!keep(value)) forget();
    }, forget);
    return run;
  }

  /** A memoised result kept under `key`, if any (without computing it). */
  memoPeek<T>(key: string): T | undefined {
    return this.memos.get(key)?.value as T | undefined;
  }

  /** How many memoised results are kept now (≤ MAX_MEMOS). */
  get memoCount(): number {
    return this.memos.size;
  }

  /**
   * E2SFCA accessibility of the year with children under 3 as demand, computed once per year (in the
   * compute pool when there is one; concurrent requests share the run, a failed run is not kept).
   */
  accessibility(year: number): Promise<AccessibilityOutput> {
    let run = this.accessibilityRuns.get(year);
    if (!run) {
      const compute = this.compute;
      run = compute
        ? this.computeContext().then((context) => compute.accessibility(context, year))
        : Promise.resolve().then(() => accessibilityOfYear(this.dataOf(year), this.network, year));
      const started = run;
      this.accessibilityRuns.set(year, started);
      started.catch(() => {
        if (this.accessibilityRuns.get(year) === started) this.accessibilityRuns.delete(year);
      });
    }
    return run;
  }

  /**
   * A result memoised under `key` (memoAsync), computed by `inPool` in the compute pool when there is
   * one, else by `inline` on this thread (engine tests and CLIs).
   */
  private pooled<T>(
    key: string,
    inPool: (compute: ComputePool, context: ComputeContext) => Promise<T>,
    inline: () => T,
    keep?: (value: T) => boolean,
  ): Promise<T> {
    return this.memoAsync(
      key,
      async () => {
        const compute = this.compute;
        return compute ? inPool(compute, await this.computeContext()) : inline();
      },
      keep,
    );
  }

  /**
   * The year's what-if baseline (POST /proposals/evaluate, scenarios, suggestions without a pool), once per
   * year. Its costly parts — the units snapped, a full coverage run, per-unit tallies: 50 ms on the Ouhai
   * demo, 120 ms on a county of 60,000 population units — are made in the compute pool; what is added
   * here takes 0.1 ms.
   */
  whatIfBaseline(year: number): Promise<BaselineState> {
    return this.pooled(
      `whatif-baseline:${year}`,
      async (compute, context) => baselineOf(this.dataOf(year), context.network, year, await compute.baselineParts(context, year)),
      () => baselineOf(this.dataOf(year), this.network, year),
    );
  }

  /**
   * GET /service-areas of a year and threshold, once per both, in the compute pool: a bounded walk and a
   * polygon per facility take 130 to 270 ms on the Ouhai demo (5 to 15 minutes), seconds on a large county.
   */
  serviceAreas(year: number, minutes: number): Promise<ServiceAreaCollection> {
    return this.pooled(
      `service-areas:${year}:${minutes}`,
      (compute, context) => compute.serviceAreas(context, year, minutes),
      () => serviceAreaCollection(this.data, this.network, year, minutes),
    );
  }

  /**
   * A facility's catchment at a threshold, once per both, in the compute pool: 0.3 ms (median, Ouhai demo)
   * once the population units are snapped onto the network, but the first one snaps them all (27 ms on the
   * demo, 72 ms for 60,000 units), which only the workers have done (coverage runs there).
   */
  catchment(facility: Facility, minutes: number): Promise<CatchmentFeature> {
    return this.pooled(
      `catchment:${facility.id}:${minutes}`,
      (compute, context) => compute.catchment(context, facility.id, minutes),
      () => catchmentFeature(this.data, this.network, facility, minutes),
    );
  }

  /**
   * Candidate sites every `spacingM` on the walkable roads, in the compute pool (7 ms every 200 m on the
   * Ouhai demo, 18 ms every 100 m); a set larger than `limit` is counted, not kept.
   */
  candidates(spacingM: number, limit: number): Promise<GeneratedCandidates> {
    return this.pooled(
      `candidates:${spacingM}`,
      (compute, context) => compute.candidates(context, spacingM, limit),
      () => candidatesEvery(this.network, this.data.townships, spacingM, limit),
      (generated) => generated.candidates !== null,
    );
  }

  /**
   * A scenario's trajectory over `years` (`proposals[i]` acting in `years[i]`), once per `scenarioKey`
   * (what names the scenario's changes) and span of years, in the compute pool (6 to 12 ms for 2022–2027
   * on the Ouhai demo: a walking search per set of facility positions); a refused one is not kept.
   */
  trajectory(scenarioKey: string, years: number[], proposals: Proposal[]): Promise<TrajectoryOutcome> {
    return this.pooled(
      `trajectory:${scenarioKey}:${years[0]}-${years.at(-1)}`,
      (compute, context) => compute.trajectory(context, years, proposals),
      () =>
        trajectoryOutcome(
          this.network,
          years,
          (year) => this.dataOf(year),
          (year) => proposals[years.indexOf(year)]!,
        ),
      (outcome) => 'result' in outcome,
    );
  }

  /**
   * The least-cost schedule of openings (POST /plans/schedule), in the compute pool when there is one: its
   * MIP solve takes up to the request's time limit. Not memoised: each request asks its own.
   */
  async schedule(input: ScheduleInput): Promise<OpeningSchedule> {
    if (this.compute) return this.compute.schedule(await this.computeContext(), input);
    return scheduleOf(this.data, input, await solverOrNull());
  }

  /**
   * Compliance checks of projects in `year`, in the order given (`refuseCrossing`: see complianceChecks).
   * A batch holding a footprint, or more than INLINE_COMPLIANCE_CHECKS projects, runs in the compute pool
   * when there is one. Measured on the demo district: a point check takes 0.04 ms (median), so a few stay
   * on the event loop, where a round trip to a worker would cost more than the check; a footprint costs
   * from 0.05 ms inside one township to 11 ms (128 vertices across townships) and 200 ms (the 500 vertices
   * the public limits allow), depending on the townships it overlaps — not known before the work is done.
   */
  async checkProjects(year: number, projects: ProjectInput[], refuseCrossing = false): Promise<ComplianceOutput[]> {
    const heavy = projects.length > INLINE_COMPLIANCE_CHECKS || projects.some((p) => !Array.isArray(p.location));
    if (this.compute && heavy) return this.compute.compliance(await this.computeContext(), year, projects, refuseCrossing);
    const snapped = () => this.memo(`snapped-operating:${year}`, () => snapOperatingFacilities(this.data, this.network, year));
    return complianceChecks(this.dataOf(year), this.network, year, projects, refuseCrossing, snapped, this.indicators(year));
  }

  coverage(year: number): CoverageResult {
    let result = this.coverageByYear.get(year);
    if (!result) {
      result = computeCoverage(this.dataOf(year), this.network, year, { borderFacilities: this.neighbours.facilities });
      this.coverageByYear.set(year, result);
    }
    return result;
  }
}

function yearRangeOf(data: JurisdictionData): { first: number; last: number } {
  const { profile, year, facilities, projects } = data;
  let [first, last] = [year, year];
  const include = (y: number | null) => {
    if (y === null || !Number.isInteger(y)) return;
    first = Math.min(first, y);
    last = Math.max(last, y);
  };
  for (const byYear of Object.values(profile.targets)) for (const key of Object.keys(byYear ?? {})) include(Number(key));
  for (const f of facilities) {
    include(f.openedYear);
    include(f.closedYear);
  }
  for (const p of projects) include(p.year);
  for (const row of data.townshipPopulation ?? []) include(row.year);
  return { first, last };
}

export class AnalysisService {
  private readonly cache: LRUCache<string, Promise<JurisdictionAnalysis | null>>;

  /**
   * @param versions In server mode, the data versions kept current by LISTEN/NOTIFY
   *   (db/data-version-listener.ts): reads of unchanged data then ask the database nothing. Without it
   *   (the embedded mode) every read asks for the one version with one small indexed query.
   * @param compute the worker-thread pool for networks, coverage and suggestions (null: compute inline).
   */
  constructor(
    private readonly db: Kysely<Database>,
    maxJurisdictions = DEFAULT_CACHED_JURISDICTIONS,
    private readonly versions: DataVersionSource | null = null,
    readonly compute: ComputePool | null = null,
  ) {
    this.cache = new LRUCache({ max: maxJurisdictions });
  }

  /** The jurisdiction's current data version (null: it does not exist), from memory when the listener knows it. */
  async currentVersion(jurisdictionId: string): Promise<number | null> {
    const known = this.versions?.version(jurisdictionId);
    if (known !== undefined) return known;
    const version = await getDataVersion(this.db, jurisdictionId);
    this.versions?.observe(jurisdictionId, version);
    return version;
  }

  /**
   * What a jurisdiction's answers depend on, as one string (null: it does not exist): its data version,
   * and its neighbours' when its coverage counts facilities across the border. Keys the serialised
   * answers and their ETags (http/response-cache.ts).
   */
  async versionKey(jurisdictionId: string): Promise<string | null> {
    return (await this.get(jurisdictionId))?.key ?? null;
  }

  /** The set of jurisdiction ids (a new county may be a neighbour), from memory when the listener knows it. */
  private async idsKey(): Promise<string> {
    return this.versions?.idsKey() ?? idsKeyOf(await listJurisdictionIds(this.db));
  }

  /**
   * What the cached analysis's cross-border coverage depends on now: the set of jurisdictions and the
   * versions of the neighbours it used ('' for a jurisdiction whose extent reaches no other).
   */
  private async neighbourKey(neighbourIds: readonly string[]): Promise<string> {
    const parts = [await this.idsKey()];
    for (const id of neighbourIds) parts.push(`${id}:${await this.currentVersion(id)}`);
    return parts.join('|');
  }

  /** One string naming every jurisdiction's data version, the same on every replica (keys the list's cache). */
  async allVersionsKey(): Promise<string> {
    return this.versions?.allVersionsKey() ?? (await getAllDataVersionsKey(this.db));
  }

  /** The tree of jurisdictions, rebuilt when any jurisdiction's data version changed. */
  async tree(): Promise<JurisdictionTree> {
    const key = await this.allVersionsKey();
    if (this.treeCache?.key !== key) {
      const building = listTreeNodes(this.db).then((nodes) => new JurisdictionTree(nodes));
      this.treeCache = { key, tree: building };
      building.catch(() => {
        if (this.treeCache?.tree === building) this.treeCache = null;
      });
    }
    return this.treeCache.tree;
  }

  private treeCache: { key: string; tree: Promise<JurisdictionTree> } | null = null;

  /** The analysis of a jurisdiction at its current data version, or null when it does not exist. */
  async get(jurisdictionId: string): Promise<JurisdictionAnalysis | null> {
    const version = await this.currentVersion(jurisdictionId);
    if (version === null) {
      this.cache.delete(jurisdictionId);
      return null;
    }
    const cached = this.cache.get(jurisdictionId);
    if (cached) {
      const analysis = await cached;
      if (analysis && analysis.dataVersion === version && analysis.neighbourKey === (await this.neighbourKey(analysis.neighbours.ids)))
        return analysis;
    }
    const loading = this.load(jurisdictionId);
    this.cache.set(jurisdictionId, loading);
    loading.catch(() => this.cache.delete(jurisdictionId));
    return loading;
  }

  /**
   * The county's summary record of `year` (computed once per data version), stored for roll-ups the first
   * time this process computes it, with the county's outline for their maps (computed here too, in the
   * compute pool). A failed outline or write only means a roll-up lists the county as not yet computed;
   * the answer of the request that computed it does not depend on it.
   */
  async recordSummary(analysis: JurisdictionAnalysis, year: number): Promise<CountySummaryRecord> {
    const record = await this.summaryRecord(analysis, year);
    if (analysis.data.townships.length > 0 && !analysis.storedSummaryYears.has(year))
      await this.storeSummary(analysis, year).catch(() => undefined);
    return record;
  }

  /**
   * Stores the county's summary record of `year` for roll-ups now, with its outline (computed in the
   * compute pool), and returns it; a failed outline or write rejects (the `county summary` job fails
   * and says so). A county without townships has nothing to add up: call it only for one that has some.
   */
  async storeSummary(analysis: JurisdictionAnalysis, year: number): Promise<CountySummaryRecord> {
    const record = await this.summaryRecord(analysis, year);
    analysis.storedSummaryYears.add(year);
    try {
      const outline = await analysis.prepareOutline();
      await storeCountySummary(this.db, {
        jurisdictionId: analysis.data.id,
        dataVersion: analysis.dataVersion,
        year,
        neighbourKey: analysis.neighbourKey,
        record,
        outline,
      });
    } catch (error) {
      analysis.storedSummaryYears.delete(year);
      throw error;
    }
    return record;
  }

  /** The county's summary record of `year`, once per data version. */
  private async summaryRecord(analysis: JurisdictionAnalysis, year: number): Promise<CountySummaryRecord> {
    // The record reads the year's coverage: computed in the compute pool first (the roll-up job asks for
    // years no route has prepared). The record itself stays here: with the coverage ready it takes
    // 0.2 ms on the Ouhai demo (1.3 ms when the year's indicators are computed too), less than a round
    // trip to a worker.
    await analysis.prepareCoverage(year);
    return analysis.memo(`summary-record:${year}`, () => countySummaryRecord(analysis, year));
  }

  private async load(jurisdictionId: string): Promise<JurisdictionAnalysis | null> {
    const data = await getJurisdictionData(this.db, jurisdictionId);
    if (!data) return null;
    const neighbours = await loadNeighbours(this.db, data);
    const analysis = new JurisdictionAnalysis(data, neighbours, await this.neighbourKey(neighbours.ids), this.compute);
    // With a compute pool the network is built there before the analysis is handed out, so no request
    // builds it on the event loop.
    if (this.compute) await analysis.prepareNetwork();
    return analysis;
  }

  /** Whether this process holds the jurisdiction's analysis (or is loading it) now. */
  holds(jurisdictionId: string): boolean {
    return this.cache.has(jurisdictionId);
  }

  /**
   * Let go of a jurisdiction's analysis that was loaded for one piece of work only (a county's summary in a
   * province's recompute): a worker taking 90 counties would otherwise keep the last 50 of them, each
   * with its network, in memory (4 GB measured), for nothing. Unlike `invalidate`, its data version is not
   * marked stale.
   */
  release(jurisdictionId: string): void {
    this.cache.delete(jurisdictionId);
  }

  /** Forget a jurisdiction (after an import or edit, so memory is released early). */
  invalidate(jurisdictionId: string): void {
    this.cache.delete(jurisdictionId);
    // This replica's own write is read back at once, before its notification arrives.
    this.versions?.markStale(jurisdictionId);
  }
}
