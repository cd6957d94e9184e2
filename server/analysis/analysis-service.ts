/**
 * Keeps, per jurisdiction, the loaded data, its prepared walking network and the results computed
 * from them (indicators and coverage per year), keyed by the jurisdiction's data version: any import
 * or edit bumps the version and the next request recomputes. Loading is deduplicated so concurrent
 * requests share one load.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { getDataVersion, getJurisdictionData } from '../db/jurisdictions.repository.js';
import { computeCoverage, type CoverageResult } from '../engine/coverage/index.js';
import { computeIndicators, type YearIndicators } from '../engine/figures/index.js';
import type { JurisdictionData } from '../model/index.js';
import { prepareWalkNetwork, type WalkNetwork } from '../engine/network/index.js';

export class JurisdictionAnalysis {
  private readonly indicatorsByYear = new Map<number, YearIndicators>();
  private readonly coverageByYear = new Map<number, CoverageResult>();
  private networkCache: WalkNetwork | null = null;
  private readonly memos = new Map<string, unknown>();

  constructor(readonly data: JurisdictionData) {}

  get dataVersion(): number {
    return this.data.dataVersion;
  }

  /** The walking network, prepared on first use (graph construction and snap index). */
  get network(): WalkNetwork {
    this.networkCache ??= prepareWalkNetwork(this.data.roads, this.data.profile.parameters);
    return this.networkCache;
  }

  indicators(year: number): YearIndicators {
    let result = this.indicatorsByYear.get(year);
    if (!result) {
      result = computeIndicators(this.data, year);
      this.indicatorsByYear.set(year, result);
    }
    return result;
  }

  /** Any other result derived from this data version (service areas, catchments), computed once per key. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
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

export class AnalysisService {
  private readonly cache = new Map<string, Promise<JurisdictionAnalysis | null>>();

  constructor(private readonly db: Kysely<Database>) {}

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
