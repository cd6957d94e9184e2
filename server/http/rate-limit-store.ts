/**
 * express-rate-limit's Store over PostgreSQL (issue #15), so that the per-client limits hold across
 * replicas: two replicas still allow 60 compliance checks per minute per client, not 120.
 *
 * Why not a package: the maintained PostgreSQL store (@acpr/rate-limit-postgresql) creates and migrates
 * its own schema (`rate_limit`) with its own migration tool and connection pool. That puts one table
 * outside our migrations/ and outside TUOWEI_DB_SCHEMA, shared by every Tuowei (and every test schema) on
 * the server, and opens a second pool per process. The Store interface is four small methods; here they
 * are one UNLOGGED table of our own migration and one upsert per request through the app's pool.
 */
import type { Kysely } from 'kysely';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Database } from '../db/database.js';
import { countRateLimitHit, deleteStaleRateLimits, resetRateLimitKey, uncountRateLimitHit } from '../db/rate-limits.repository.js';

/** How often one process deletes counters of windows long gone, ms. */
const SWEEP_MS = 5 * 60_000;

export class PostgresRateLimitStore implements Store {
  private windowMs = 60_000;
  private sweeper: NodeJS.Timeout | null = null;
  /** Keys of different limiters never meet: each has its own prefix (the route). */
  readonly prefix: string;
  readonly localKeys = false;

  constructor(
    private readonly db: Kysely<Database>,
    prefix: string,
  ) {
    this.prefix = `${prefix}|`;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
    this.sweeper = setInterval(() => {
      deleteStaleRateLimits(this.db, Date.now() - 2 * this.windowMs).catch(() => undefined);
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  private windowStart(now = Date.now()): number {
    return Math.floor(now / this.windowMs) * this.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const start = this.windowStart();
    const totalHits = await countRateLimitHit(this.db, this.prefix + key, start);
    return { totalHits, resetTime: new Date(start + this.windowMs) };
  }

  async decrement(key: string): Promise<void> {
    await uncountRateLimitHit(this.db, this.prefix + key, this.windowStart());
  }

  async resetKey(key: string): Promise<void> {
    await resetRateLimitKey(this.db, this.prefix + key);
  }

  shutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }
}

/** A store of the limiter named `name` (e.g. "post /api/compliance/check") in the shared database. */
export function sharedRateLimitStore(db: Kysely<Database>, name: string): Store {
  return new PostgresRateLimitStore(db, name);
}
