/**
 * Test databases: every database test runs against embedded PGlite and against PostgreSQL.
 *
 *   describe.each(databaseKinds)('… on %s', (kind) => {
 *     const database = useTestDatabase(kind);
 *     it('…', async () => { … database.db … });
 *   });
 *
 * openTestDatabase gives a fresh, migrated, isolated database: PGlite in memory, or a new schema
 * `t_<random>` on the PostgreSQL server (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
 * that `close()` drops; useTestDatabase opens one for a describe block and closes it after. When PostgreSQL is unreachable the postgres variant FAILS — CI has it, and a
 * skipped half of the suite would hide storage bugs.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
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

/** A fresh, migrated, isolated database of `kind`; the caller closes it. */
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
    await dropTestSchema(schema);
    throw error;
  }
  return {
    db: handle.db,
    kind,
    close: async () => {
      await handle.close();
      await dropTestSchema(schema);
    },
  };
}

/**
 * The fresh database of `kind` that the tests of the enclosing describe block share: opened before
 * them, closed (its PostgreSQL schema dropped) after them. Read its fields inside tests and hooks.
 */
export function useTestDatabase(kind: DatabaseKind): TestDatabase {
  return sharedByBlock(() => openTestDatabase(kind));
}

/**
 * Calls `open` in the enclosing describe block's beforeAll (with the hook time limit `timeout` in ms,
 * if given) and closes what it opened in afterAll. Returns at once, while the block is being defined,
 * a stand-in whose fields are those of the opened value, so tests read them without `let` variables;
 * reading a field before beforeAll has run throws.
 */
export function sharedByBlock<T extends { close(): Promise<void> }>(open: () => Promise<T>, timeout?: number): T {
  let opened: T | undefined;
  beforeAll(async () => {
    opened = await open();
  }, timeout);
  afterAll(async () => opened?.close());
  return new Proxy({} as T, {
    get(_target, field) {
      if (!opened) throw new Error(`.${String(field)} is read before beforeAll opened it (or opening failed)`);
      return opened[field as keyof T];
    },
  });
}

/** Drops a test schema `t_…` and everything in it from the PostgreSQL test server. */
export async function dropTestSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/**
 * The jurisdictions the tests' planner and bureau credentials may work on: every id a test package is
 * imported as. A credential's scope is fixed when it is created (issue #14), so the shared test
 * credentials name them all; test/security/scopes.test.ts checks narrow scopes on their own.
 */
export const TEST_JURISDICTIONS: readonly string[] = [
  'tiny-town',
  'tiny-two',
  'tiny-town-ouhai',
  'tiny-town-north',
  'indicator-town',
  'ouhai-demo',
  'edge-town',
  'formula-town',
  'surrogate-town',
  'welfare-town',
  'welfare-copy',
  'welfare-bad',
  'plain-town',
  'memo-a',
  'memo-b',
  'memo-c',
  'tiny-years',
];
