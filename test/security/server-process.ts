/**
 * The real server (server/main.ts) as a child process, on a database of the test's own: PGlite in a
 * temporary folder, or a fresh schema of the PostgreSQL test database (TUOWEI_DB_SCHEMA). Used by the
 * crash and shutdown tests, which need to kill or signal the process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createToken, type Role } from '../../server/db/tokens.repository.js';
import { type DatabaseKind, testPostgresUrl } from '../helpers/databases.js';
import { ROOT } from './helpers.js';

const READY_TIMEOUT_MS = 90_000;

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
    return {
      kind,
      env: { TUOWEI_DB_DIR: path.join(dir, 'db'), DATABASE_URL: '' },
      use: async (work) => {
        const handle = await openDatabase({ dbDir: path.join(dir, 'db'), databaseUrl: '' });
        try {
          await migrateToLatest(handle.db);
          return await work(handle.db);
        } finally {
          await handle.close();
        }
      },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `t_srv_${randomBytes(5).toString('hex')}`;
  return {
    kind,
    // PGAPPNAME (read by pg) tells this server's connections apart in pg_stat_activity.
    env: { DATABASE_URL: testPostgresUrl, TUOWEI_DB_SCHEMA: schema, PGAPPNAME: `tuowei-${schema}` },
    use: async (work) => {
      const handle = await openDatabase({ databaseUrl: testPostgresUrl, schema });
      try {
        await migrateToLatest(handle.db);
        return await work(handle.db);
      } finally {
        await handle.close();
      }
    },
    drop: async () => {
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A token created directly in the database. */
export async function tokenFor(database: ServerDatabase, role: Role): Promise<string> {
  return database.use(async (db) => (await createToken(db, { name: `${role} (test)`, role })).token);
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
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${READY_TIMEOUT_MS / 1000} s:\n${output}`)), READY_TIMEOUT_MS);
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
