/**
 * Keeps, per jurisdiction, the loaded data, its prepared walking network and the results computed
 * from them (indicators and coverage per year), keyed by the jurisdiction's data version: any import
 * or edit bumps the version and the next request recomputes. Loading is deduplicated so concurrent
 * requests share one load.
 *
 * Every table here is bounded (least recently used goes first), so no sequence of requests can grow the
 * heap without limit: years per jurisdiction, memoised results per jurisdiction, and jurisdictions.
 */
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Database } from '../db/database.js';
import { getDataVersion, getJurisdictionData } from '../db/jurisdictions.repository.js';
import { computeCoverage, type CoverageResult } from '../engine/coverage/index.js';
import { computeIndicators, type YearIndicators } from '../engine/figures/index.js';
import type { JurisdictionData } from '../model/index.js';
import { prepareWalkNetwork, type WalkNetwork } from '../engine/network/index.js';
import type { ComputePool } from '../jobs/compute/pool.js';

/** Years of indicators and of coverage kept per jurisdiction (a plan spans about ten). */
export const MAX_CACHED_YEARS = 16;
/** Memoised results kept per jurisdiction (service areas, catchments, candidate sets, baselines …). */
export const MAX_MEMOS = 64;
/** Jurisdictions whose loaded data and results are kept (default; TUOWEI_CACHED_JURISDICTIONS). */
export const DEFAULT_CACHED_JURISDICTIONS = 50;

export class JurisdictionAnalysis {
  private readonly indicatorsByYear = new LRUCache<number, YearIndicators>({ max: MAX_CACHED_YEARS });
  private readonly coverageByYear = new LRUCache<number, CoverageResult>({ max: MAX_CACHED_YEARS });
  private networkCache: WalkNetwork | null = null;
  private yearRangeCache: { first: number; last: number } | null = null;
  private readonly memos = new LRUCache<string, { value: unknown }>({ max: MAX_MEMOS });
  private networkBuild: Promise<WalkNetwork> | null = null;
  private readonly coverageRuns = new Map<number, Promise<CoverageResult>>();

  /**
   * @param compute the worker-thread pool that builds the network and runs coverage off the event loop
   *   (null: inline, as the engine tests and CLIs do).
   */
  constructor(
    readonly data: JurisdictionData,
    readonly compute: ComputePool | null = null,
  ) {}

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

  /** The walking network, prepared on first use (graph construction and snap index). */
  get network(): WalkNetwork {
    this.networkCache ??= prepareWalkNetwork(this.data.roads, this.data.profile.parameters);
    return this.networkCache;
  }

  /**
   * The walking network, built in the compute pool when there is one (deduplicated: concurrent callers
   * share one build); afterwards `network` returns it at once.
   */
  async prepareNetwork(): Promise<WalkNetwork> {
    if (this.networkCache) return this.networkCache;
    if (!this.compute) return this.network;
    this.networkBuild ??= this.compute.buildNetwork(this.data.roads, this.data.profile.parameters).then((network) => {
      this.networkCache ??= network;
      return this.networkCache;
    });
    return this.networkBuild;
  }

  /**
   * Coverage of the years, computed in the compute pool when there is one (one run per year however many
   * requests ask at once); afterwards `coverage(year)` returns it at once.
   */
  async prepareCoverage(...years: number[]): Promise<void> {
    if (!this.compute) return;
    const compute = this.compute;
    await Promise.all(
      years.map(async (year) => {
        if (this.coverageByYear.has(year)) return;
        let run = this.coverageRuns.get(year);
        if (!run) {
          run = this.prepareNetwork().then((network) => compute.coverage({ data: this.data, network }, year));
          this.coverageRuns.set(year, run);
          void run.finally(() => this.coverageRuns.delete(year)).catch(() => undefined);
        }
        const result = await run;
        if (!this.coverageByYear.has(year)) this.coverageByYear.set(year, result);
      }),
    );
  }

  indicators(year: number): YearIndicators {
    let result = this.indicatorsByYear.get(year);
    if (!result) {
      result = computeIndicators(this.data, year);
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

  /** How many memoised results are kept now (≤ MAX_MEMOS). */
  get memoCount(): number {
    return this.memos.size;
  }

  coverage(year: number): CoverageResult {
    let result = this.coverageByYear.get(year);
    if (!result) {
      result = computeCoverage(this.data, this.network, year);
      this.coverageByYear.set(year, result);
    }
    return result;
  }
}

function yearRangeOf({ profile, year, facilities, projects }: JurisdictionData): { first: number; last: number } {
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
  return { first, last };
}

export class AnalysisService {
  private readonly cache: LRUCache<string, Promise<JurisdictionAnalysis | null>>;

  /**
   * @param compute the worker-thread pool for networks, coverage and suggestions (null: compute inline).
   */
  constructor(
    private readonly db: Kysely<Database>,
    maxJurisdictions = DEFAULT_CACHED_JURISDICTIONS,
    readonly compute: ComputePool | null = null,
  ) {
    this.cache = new LRUCache({ max: maxJurisdictions });
  }

  /** The analysis of a jurisdiction at its current data version, or null when it does not exist. */
  async get(jurisdictionId: string): Promise<JurisdictionAnalysis | null> {
    const version = await getDataVersion(this.db, jurisdictionId);
    if (version === null) {
      this.cache.delete(jurisdictionId);
      return null;
    }
    const cached = this.cache.get(jurisdictionId);
    if (cached) {
      const analysis = await cached;
      if (analysis && analysis.dataVersion === version) return analysis;
    }
    // With a compute pool the network is built there before the analysis is handed out, so no request
    // builds it on the event loop.
    const loading = getJurisdictionData(this.db, jurisdictionId).then(async (data) => {
      if (!data) return null;
      const analysis = new JurisdictionAnalysis(data, this.compute);
      if (this.compute) await analysis.prepareNetwork();
      return analysis;
    });
    this.cache.set(jurisdictionId, loading);
    loading.catch(() => this.cache.delete(jurisdictionId));
    return loading;
  }

  /** Forget a jurisdiction (after an import or edit, so memory is released early). */
  invalidate(jurisdictionId: string): void {
    this.cache.delete(jurisdictionId);
  }
}
