/**
 * express-rate-limit's Store over PostgreSQL (issue #15), so that the per-client limits hold across
 * replicas: two replicas still allow 60 compliance checks per minute per client, not 120.
 *
 * Why not a package: the maintained PostgreSQL store (@acpr/rate-limit-postgresql) creates and migrates
 * its own schema (`rate_limit`) with its own migration tool and connection pool. That puts one table
 * outside our migrations/ and outside TUOWEI_DB_SCHEMA, shared by every Tuowei (and every test schema) on
 * the server, and opens a second pool per process; and it writes every request, which a high limit does
 * not need. Here: one UNLOGGED table of our own migration, through the app's pool.
 *
 * Exact where it matters, cheap where it does not: a request is written to the database at once when the
 * limit is small (≤ 200 per window: every compliance check, sign-in, evaluation), and otherwise in
 * batches of limit ÷ 200 requests (and every second), so a limit of 600 reads per minute costs one write
 * per 3 reads. Two replicas may then let through at most 2 × (limit ÷ 200 − 1) requests more than the
 * limit in a window (0.5 % per replica); a limit of 200 or less is never exceeded.
 */
import type { Kysely } from 'kysely';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Database } from '../db/database.js';
import { countRateLimitHits, deleteStaleRateLimits, resetRateLimitKey, uncountRateLimitHit } from '../db/rate-limits.repository.js';

/** How often counts not yet written are written, ms (other replicas see them then). */
const FLUSH_MS = 1000;
/** Limits up to this many per window are counted exactly; above, in batches of limit ÷ this. */
const EXACT_UP_TO = 200;

interface LocalCount {
  windowStart: number;
  /** The window's count in the database when last written (all replicas). */
  base: number;
  /** Requests counted here and not yet written. */
  pending: number;
}

export class PostgresRateLimitStore implements Store {
  private windowMs = 60_000;
  private batch = 1;
  private timer: NodeJS.Timeout | null = null;
  private readonly local = new Map<string, LocalCount>();
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
    const limit = typeof options.limit === 'number' ? options.limit : 0;
    this.batch = limit > EXACT_UP_TO ? Math.floor(limit / EXACT_UP_TO) : 1;
    this.timer = setInterval(() => void this.flushAll(), FLUSH_MS);
    this.timer.unref();
  }

  private windowStart(now = Date.now()): number {
    return Math.floor(now / this.windowMs) * this.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const start = this.windowStart();
    let count = this.local.get(key);
    if (!count || count.windowStart !== start) {
      count = { windowStart: start, base: 0, pending: 0 };
      this.local.set(key, count);
    }
    count.pending++;
    if (count.pending >= this.batch) await this.flush(key, count);
    return { totalHits: count.base + count.pending, resetTime: new Date(start + this.windowMs) };
  }

  private async flush(key: string, count: LocalCount): Promise<void> {
    const hits = count.pending;
    if (hits === 0) return;
    count.pending -= hits;
    try {
      const total = await countRateLimitHits(this.db, this.prefix + key, count.windowStart, hits);
      count.base = Math.max(count.base, total);
    } catch (error) {
      count.pending += hits;
      throw error;
    }
  }

  private async flushAll(): Promise<void> {
    const current = this.windowStart();
    for (const [key, count] of this.local) {
      if (count.pending > 0) await this.flush(key, count).catch(() => undefined);
      if (count.windowStart < current) this.local.delete(key);
    }
    // Rows of clients that stopped calling; every replica may do it, it is idempotent.
    if (Math.random() < FLUSH_MS / 300_000) await deleteStaleRateLimits(this.db, current - this.windowMs).catch(() => undefined);
  }

  async decrement(key: string): Promise<void> {
    const count = this.local.get(key);
    if (count && count.pending > 0) count.pending--;
    else await uncountRateLimitHit(this.db, this.prefix + key, this.windowStart());
  }

  async resetKey(key: string): Promise<void> {
    this.local.delete(key);
    await resetRateLimitKey(this.db, this.prefix + key);
  }

  shutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/** A store of the limiter named `name` (e.g. "post /api/compliance/check") in the shared database. */
export function sharedRateLimitStore(db: Kysely<Database>, name: string): Store {
  return new PostgresRateLimitStore(db, name);
}
