/**
 * Request counters shared by every replica (migrations/0017, table rate_limit_hits): one row per client
 * and route, holding the current fixed window and its count. Windows are aligned to the epoch, so every
 * replica agrees which window a request falls in without talking to the others.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';

/** Counts `hits` requests of `key` in the window starting at `windowStart` (ms); returns the window's count. */
export async function countRateLimitHits(db: Kysely<Database>, key: string, windowStart: number, hits: number): Promise<number> {
  // One statement: a new window restarts the count, the current one adds to it — atomic under concurrency.
  const row = await db
    .insertInto('rate_limit_hits')
    .values({ key, window_start: windowStart, hits })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limit_hits.window_start = excluded.window_start then rate_limit_hits.hits + excluded.hits else excluded.hits end`,
        window_start: sql<number>`excluded.window_start`,
      }),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  return row.hits;
}

/** Takes one request of `key` back (express-rate-limit's skipSuccessfulRequests and the like). */
export async function uncountRateLimitHit(db: Kysely<Database>, key: string, windowStart: number): Promise<void> {
  await db
    .updateTable('rate_limit_hits')
    .set({ hits: sql<number>`greatest(hits - 1, 0)` })
    .where('key', '=', key)
    .where('window_start', '=', String(windowStart))
    .execute();
}

export async function resetRateLimitKey(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('rate_limit_hits').where('key', '=', key).execute();
}

/** Deletes counters of windows that ended before `before` (ms): clients that stopped calling. */
export async function deleteStaleRateLimits(db: Kysely<Database>, before: number): Promise<void> {
  await db.deleteFrom('rate_limit_hits').where('window_start', '<', String(before)).execute();
}
