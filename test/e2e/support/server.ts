/**
 * The real server for the browser tests: builds the client when dist/client lacks what a test needs,
 * creates users with the CLI, and runs `server/main.ts` as a child process on a free port with a fresh
 * embedded database (PGlite in a temporary TUOWEI_DB_DIR, never DATABASE_URL).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../../server/db/tokens.repository.js';
import { TEST_JURISDICTIONS } from '../../helpers/databases.js';

/** The project root (where package.json is). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVER_READY_TIMEOUT_MS = 90_000;
const CREATE_USER_TIMEOUT_MS = 120_000;
/** After SIGTERM, how long the server gets before SIGKILL. */
const STOP_GRACE_MS = 5_000;

/** A user created with `server/cli/user.ts` before the server starts. */
export interface TestUser {
  role: Role;
  name: string;
  password: string;
  /** The jurisdictions the user may work on; default: every test jurisdiction (none for an admin). */
  jurisdictions?: readonly string[];
}

/** A running server; `stop()` ends it and removes its database directory. */
export interface TestServer {
  /** e.g. `http://127.0.0.1:41234`, without a trailing slash. */
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Builds the client with Vite unless dist/client already holds `page` (default index.html) and, when
 * `containing` is given, a JavaScript asset with that text (a marker of the panel under test, so an
 * older build is replaced).
 */
export async function ensureClientBuilt(options: { page?: string; containing?: string } = {}): Promise<void> {
  if (isClientBuilt(options.page ?? 'index.html', options.containing)) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

function isClientBuilt(page: string, containing: string | undefined): boolean {
  if (!existsSync(join(ROOT, 'dist/client', page))) return false;
  if (containing === undefined) return true;
  const assets = join(ROOT, 'dist/client/assets');
  if (!existsSync(assets)) return false;
  return readdirSync(assets).some((file) => file.endsWith('.js') && readFileSync(join(assets, file), 'utf8').includes(containing));
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** This process's environment pointed at the PGlite database in `dbDir` (PostgreSQL settings removed). */
function serverEnv(dbDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TUOWEI_DB_DIR: dbDir, ...extra };
  delete env.DATABASE_URL;
  delete env.TUOWEI_DB_SCHEMA;
  return env;
}

/** `npm run user` in `dbDir`; only before the server starts, as the embedded database is held by one process at a time. */
export function createUser(dbDir: string, user: TestUser): void {
  const scope = (user.jurisdictions ?? (user.role === 'admin' ? [] : TEST_JURISDICTIONS)).flatMap((id) => ['--jurisdiction', id]);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'server/cli/user.ts', '--role', user.role, '--name', user.name, ...scope],
    {
      cwd: ROOT,
      env: serverEnv(dbDir, { TUOWEI_PASSWORD: user.password }),
      encoding: 'utf8',
      timeout: CREATE_USER_TIMEOUT_MS,
    },
  );
  if (result.status !== 0) throw new Error(`creating the ${user.role} user failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/**
 * Starts `server/main.ts` on a free port with a fresh database in a temporary directory named after
 * `name`, after creating `users` in it and running `seed`, and resolves once the server prints "listening on http://".
 * When it fails to start, the server is stopped and the directory removed before the error is thrown.
 */
export async function startTestServer(options: {
  name: string;
  users?: TestUser[];
  /** Fills the fresh database folder before the server starts (which then imports no demo into it). */
  seed?: (dbDir: string) => Promise<void>;
}): Promise<TestServer> {
  const dbDir = mkdtempSync(join(tmpdir(), `tuowei-e2e-${options.name}-db-`));
  let stopChild: () => Promise<void> = async () => {};
  const stop = async (): Promise<void> => {
    await stopChild();
    rmSync(dbDir, { recursive: true, force: true });
  };
  try {
    for (const user of options.users ?? []) createUser(dbDir, user);
    await options.seed?.(dbDir);
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: serverEnv(dbDir, { PORT: String(port), HOST: '127.0.0.1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stopChild = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(killTimer);
    };
    const baseUrl = await new Promise<string>((resolveUrl, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`server did not print "listening on http://" within ${SERVER_READY_TIMEOUT_MS / 1000} s:\n${output}`)),
        SERVER_READY_TIMEOUT_MS,
      );
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /listening on (http:\/\/[^\s)]+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolveUrl(match[1].replace(/\/$/, ''));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${output}`));
      });
    });
    return { baseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
