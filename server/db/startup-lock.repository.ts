/**
 * A lock every replica of one database (and schema) takes for the work of its start that must happen
 * once: importing the demo into an empty database. Without it, two replicas started together both find
 * the database empty and both import the demo, leaving two data versions and two import log entries.
 *
 * A session-level PostgreSQL advisory lock on one pooled connection, keyed by the schema, so services
 * in other schemas of the same database (tests, benches) do not wait for each other. PGlite has one
 * connection and one process: the lock is taken and released at once.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';

/** Runs `work` while holding the startup lock of this schema, on the connection that holds it. */
export async function withStartupLock<T>(db: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('tuowei startup ' || current_schema()))`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`select pg_advisory_unlock(hashtext('tuowei startup ' || current_schema()))`.execute(connection);
    }
  });
}
