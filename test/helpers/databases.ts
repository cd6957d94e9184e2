/**
 * Test databases: every database test runs against embedded PGlite and against PostgreSQL.
 *
 *   describe.each(databaseKinds)('… on %s', (kind) => { … openTestDatabase(kind) … })
 *
 * Each call gives a fresh, migrated, isolated database: PGlite in memory, or a new schema `t_<random>`
 * on the PostgreSQL server (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test) that
 * `close()` drops. When PostgreSQL is unreachable the postgres variant FAILS — CI has it, and a
 * skipped half of the suite would hide storage bugs.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';

export type DatabaseKind = 'pglite' | 'postgres';

export const databaseKinds: DatabaseKind[] = ['pglite', 'postgres'];

export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Closes the connection and, for PostgreSQL, drops the test schema. */
  close(): Promise<void>;
}

export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ inMemory: true });
    await migrateToLatest(handle.db);
    return { db: handle.db, kind, close: () => handle.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ databaseUrl: testPostgresUrl, schema });
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    await dropSchema(schema);
    throw error;
  }
  return {
    db: handle.db,
    kind,
    close: async () => {
      await handle.close();
      await dropSchema(schema);
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
