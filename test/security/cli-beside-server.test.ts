/**
 * The CLIs beside a running server (issue #14). On the embedded database they must not write into a copy
 * the server never sees: they exit with status 2 and say to stop the server or use the admin API. On
 * PostgreSQL they run beside it, in the schema TUOWEI_DB_SCHEMA names.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { ROOT } from './helpers.js';
import { serverDatabase, startServer, stopServer, type ServerDatabase, type ServerProcess } from './server-process.js';

const PASSWORD = 'a long enough password';

async function cli(database: ServerDatabase, script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'server/cli', script), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, ...database.env, TUOWEI_PASSWORD: PASSWORD, LOG_LEVEL: 'silent' },
        timeout: 120_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('CLIs beside a running server on the embedded database', () => {
  const database = serverDatabase('pglite');
  let server: ServerProcess | null = null;
  afterAll(async () => {
    if (server) await stopServer(server);
    await database.drop();
  });

  it('refuse with status 2 and a way out while the server holds it; work once it stopped, and the server then sees their writes', async () => {
    server = await startServer(database);
    const runs = await Promise.all([
      cli(database, 'user.ts', ['--role', 'admin', '--name', 'late-admin']),
      cli(database, 'token.ts', ['--role', 'bureau', '--name', 'late-token', '--jurisdiction', 'tiny-town']),
      cli(database, 'import.ts', [TINY_TOWN_DIR]),
      cli(database, 'migrate.ts', []),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/in use by a running Tuowei server \(pid \d+/);
      expect(run.stderr).toContain('/api/admin/users');
    }
    // Nothing was written behind the server's back: the user cannot sign in.
    const refused = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'late-admin', password: PASSWORD }),
    });
    expect(refused.status).toBe(401);

    await stopServer(server);
    const created = await cli(database, 'user.ts', ['--role', 'admin', '--name', 'late-admin']);
    expect(created.code, created.stderr).toBe(0);
    server = await startServer(database);
    const signedIn = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'late-admin', password: PASSWORD }),
    });
    expect(signedIn.status).toBe(200);
  });

  it('take over the lock a killed server left behind', async () => {
    server ??= await startServer(database);
    server.child.kill('SIGKILL');
    await server.exited;
    server = null;
    const run = await cli(database, 'user.ts', ['--list']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('late-admin');
  });
});

describe('CLIs on PostgreSQL honour TUOWEI_DB_SCHEMA', () => {
  const database = serverDatabase('postgres');
  afterAll(() => database.drop());

  it('create users and tokens in the schema the server uses, beside a running server', async () => {
    const server = await startServer(database);
    try {
      expect((await cli(database, 'user.ts', ['--role', 'planner', '--name', 'schema-user', '--jurisdiction', 'tiny-town'])).code).toBe(0);
      expect((await cli(database, 'token.ts', ['--role', 'bureau', '--name', 'schema-token', '--jurisdiction', 'tiny-town'])).code).toBe(0);
      const signedIn = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'schema-user', password: PASSWORD }),
      });
      expect(signedIn.status).toBe(200);
    } finally {
      await stopServer(server);
    }
    const schema = database.env.TUOWEI_DB_SCHEMA!;
    await database.use(async (db) => {
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.id(schema, 'api_tokens')} where name = 'schema-token'`.execute(db);
      expect(rows[0]!.n).toBe(1);
    });
  });
});
