/**
 * The real server (server/main.ts) as a child process, on a database of the test's own: PGlite in a
 * temporary folder, or a fresh schema of the PostgreSQL test database (TUOWEI_DB_SCHEMA). Used by the
 * crash and shutdown tests, which need to kill or signal the process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase, type OpenDatabaseOptions } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createToken, type Role } from '../../server/db/tokens.repository.js';
import { type DatabaseKind, dropTestSchema, TEST_JURISDICTIONS, testPostgresUrl } from '../helpers/databases.js';
import { tinyTownFiles } from '../import/tiny-town-files.js';
import { ROOT } from './helpers.js';

const READY_TIMEOUT_MS = 90_000;
/** PGlite writes its log in 16 MB segments; one more segment means a large write is under way. */
const WAL_SEGMENT_BYTES = 16 * 1024 * 1024;
const POLL_MS = 20;
const TRANSACTION_DEADLINE_MS = 120_000;

/** A database the server process and the test open in turn (PGlite admits one process at a time). */
export interface ServerDatabase {
  kind: DatabaseKind;
  /** Environment that points server/main.ts at this database. */
  env: NodeJS.ProcessEnv;
  /** Opens it in this process (migrated); close before starting the server on a PGlite folder. */
  use<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Removes the folder or schema. */
  drop(): Promise<void>;
}

export function serverDatabase(kind: DatabaseKind): ServerDatabase {
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tuowei-server-'));
    const dbDir = path.join(dir, 'db');
    return {
      kind,
      env: { TUOWEI_DB_DIR: dbDir, DATABASE_URL: '' },
      use: (work) => useMigrated({ dbDir, databaseUrl: '' }, work),
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const schema = `t_srv_${randomBytes(5).toString('hex')}`;
  return {
    kind,
    // PGAPPNAME (read by pg) tells this server's connections apart in pg_stat_activity.
    env: { DATABASE_URL: testPostgresUrl, TUOWEI_DB_SCHEMA: schema, PGAPPNAME: `tuowei-${schema}` },
    use: (work) => useMigrated({ databaseUrl: testPostgresUrl, schema }, work),
    drop: () => dropTestSchema(schema),
  };
}

/** Opens the database of `options` in this process, migrates it, runs `work` on it and closes it. */
async function useMigrated<T>(options: OpenDatabaseOptions, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const handle = await openDatabase(options);
  try {
    await migrateToLatest(handle.db);
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

/** A token created directly in the database. */
export async function tokenFor(database: ServerDatabase, role: Role): Promise<string> {
  return database.use(
    async (db) =>
      (await createToken(db, { name: `${role} (test)`, role, jurisdictions: role === 'admin' ? null : TEST_JURISDICTIONS })).token,
  );
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far. */
  output(): string;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts server/main.ts on a free port of 127.0.0.1 and resolves once it listens. */
export async function startServer(database: ServerDatabase, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      TUOWEI_DEMO_DIR: '',
      TUOWEI_CLIENT_DIR: '/nonexistent',
      LOG_LEVEL: 'warn',
      ...database.env,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within ${READY_TIMEOUT_MS / 1000} s:\n${output}`)),
      READY_TIMEOUT_MS,
    );
    const poll = setInterval(() => {
      const match = /listening on (http:\/\/[^\s)"]+)/.exec(output);
      if (match?.[1]) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]);
      }
    }, 20);
    void exited.then(({ code, signal }) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${output}`));
    });
  });
  return { url, child, output: () => output, exited };
}

/** SIGTERM, waiting for the exit (SIGKILL after `graceMs`). */
export async function stopServer(server: ServerProcess, graceMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  const result = await server.exited;
  clearTimeout(timer);
  return result;
}

/** tiny-town with `points` population points instead of its 32, as a JSON import body. */
export function largePackage(points: number): string {
  const files = tinyTownFiles();
  files['population.geojson'].features = Array.from({ length: points }, (_, i) => ({
    type: 'Feature',
    properties: { id: `P${i}`, population: 1 },
    geometry: { type: 'Point', coordinates: [120.646 + (i % 400) * 0.00002, 27.9964 + Math.floor(i / 400) * 0.00001] },
  }));
  return JSON.stringify({ files });
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : statSync(full).size;
  }
  return total;
}

/**
 * Resolves, with the evidence, once a write's transaction is observably running on the server's
 * database: on PostgreSQL a backend of the server (PGAPPNAME) inside a transaction inserting into
 * `table`; on PGlite the write-ahead log grown by a segment since `walBefore` (see `walBytes`).
 */
export async function transactionRunning(database: ServerDatabase, table: string, walBefore: number): Promise<string> {
  const deadline = Date.now() + TRANSACTION_DEADLINE_MS;
  if (database.kind === 'pglite') {
    const wal = path.join(database.env.TUOWEI_DB_DIR!, 'pg_wal');
    while (Date.now() < deadline) {
      const grown = folderBytes(wal) - walBefore;
      if (grown >= WAL_SEGMENT_BYTES) return `write-ahead log grew by ${(grown / 1048576).toFixed(0)} MB`;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } else {
    const client = new pg.Client({ connectionString: testPostgresUrl });
    await client.connect();
    try {
      while (Date.now() < deadline) {
        const { rows } = await client.query(
          `select state, left(query, 60) as query from pg_stat_activity
           where application_name = $1 and xact_start is not null and query ilike $2`,
          [database.env.PGAPPNAME, `insert into "${table}"%`],
        );
        if (rows.length > 0) return `backend ${rows[0].state}: ${rows[0].query}`;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } finally {
      await client.end();
    }
  }
  throw new Error('the transaction was never seen running');
}

/** Bytes in PGlite's write-ahead log folder (0 on PostgreSQL). */
export function walBytes(database: ServerDatabase): number {
  return database.kind === 'pglite' ? folderBytes(path.join(database.env.TUOWEI_DB_DIR!, 'pg_wal')) : 0;
}
