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
import {
  computeIndicators,
  populationOfYear,
  townshipFiguresOfYear,
  type YearIndicators,
  type YearPopulationInfo,
} from '../engine/figures/index.js';
import type { JurisdictionData } from '../model/index.js';
import { prepareWalkNetwork, type WalkNetwork } from '../engine/network/index.js';

/** Years of indicators and of coverage kept per jurisdiction (a plan spans about ten). */
export const MAX_CACHED_YEARS = 16;
/** Memoised results kept per jurisdiction (service areas, catchments, candidate sets, baselines …). */
export const MAX_MEMOS = 64;
/** Jurisdictions whose loaded data and results are kept (default; TUOWEI_CACHED_JURISDICTIONS). */
export const DEFAULT_CACHED_JURISDICTIONS = 50;

export class JurisdictionAnalysis {
  private readonly indicatorsByYear = new LRUCache<number, YearIndicators>({ max: MAX_CACHED_YEARS });
  private readonly coverageByYear = new LRUCache<number, CoverageResult>({ max: MAX_CACHED_YEARS });
  private readonly dataByYear = new LRUCache<number, JurisdictionData>({ max: MAX_CACHED_YEARS });
  private networkCache: WalkNetwork | null = null;
  private yearRangeCache: { first: number; last: number } | null = null;
  private readonly memos = new LRUCache<string, { value: unknown }>({ max: MAX_MEMOS });

  constructor(readonly data: JurisdictionData) {}

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

  /** How many memoised results are kept now (≤ MAX_MEMOS). */
  get memoCount(): number {
    return this.memos.size;
  }

  coverage(year: number): CoverageResult {
    let result = this.coverageByYear.get(year);
    if (!result) {
      result = computeCoverage(this.dataOf(year), this.network, year);
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

  constructor(
    private readonly db: Kysely<Database>,
    maxJurisdictions = DEFAULT_CACHED_JURISDICTIONS,
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
    const loading = getJurisdictionData(this.db, jurisdictionId).then((data) => (data ? new JurisdictionAnalysis(data) : null));
    this.cache.set(jurisdictionId, loading);
    loading.catch(() => this.cache.delete(jurisdictionId));
    return loading;
  }

  /** Forget a jurisdiction (after an import or edit, so memory is released early). */
  invalidate(jurisdictionId: string): void {
    this.cache.delete(jurisdictionId);
  }
}
