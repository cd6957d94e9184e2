/**
 * The command-line tools on an embedded database in a temporary folder: a bad package prints every
 * problem and exits 1 without writing; a good one prints its counts; a token is printed once.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { isDatabaseEmpty, listJurisdictions } from '../../server/db/jurisdictions.repository.js';
import { verifyToken } from '../../server/db/tokens.repository.js';
import { tinyTownDir, tinyTownFiles } from './tiny-town-files.js';

const root = path.resolve(__dirname, '../..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'tuowei-cli-'));
const dbDir = path.join(scratch, 'db');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, TUOWEI_DB_DIR: dbDir, DATABASE_URL: '', TUOWEI_LANG: 'en' };
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'server/cli', script), ...args],
      { cwd: root, env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function withDatabase<T>(use: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ dbDir, databaseUrl: '' });
  try {
    return await use(handle.db);
  } finally {
    await handle.close();
  }
}

describe('CLI', () => {
  it('import: a bad package prints every problem as file#feature.property and exits 1, writing nothing', async () => {
    const broken = path.join(scratch, 'broken');
    mkdirSync(broken);
    const files = tinyTownFiles();
    files['facilities.geojson'].features[0].properties.slots = -3;
    files['population.geojson'].features[2].properties.township = 'T7';
    files['manifest.json'].crs = 'UTM';
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(broken, name), JSON.stringify(content));

    const result = await run('import.ts', [broken]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the data package has 4 problem(s); nothing was imported');
    expect(result.stderr).toContain('  manifest.json.crs: must be "WGS84", "GCJ-02" or "BD-09"');
    expect(result.stderr).toContain('  facilities.geojson#0.slots: must be ≥ 0');
    // slots −3 also makes inclusiveSlots 26 exceed it.
    expect(result.stderr).toContain('  facilities.geojson#0.inclusiveSlots: must not exceed slots (26 > -3)');
    expect(result.stderr).toContain('  population.geojson#2.township: unknown township code "T7" (not in townships.geojson)');
    expect(await withDatabase(isDatabaseEmpty)).toBe(true);
  });

  it('import: a good package prints its counts', async () => {
    const result = await run('import.ts', [tinyTownDir, '--by', 'cli test']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('imported tiny-town (data version 1)');
    expect(result.stdout).toMatch(/townships: 3\n\s+facilities: 5\n\s+populationUnits: 32\n\s+roads: 16\n\s+projects: 4\n\s+health: 0/);
    expect(await withDatabase(listJurisdictions)).toMatchObject([{ id: 'tiny-town', dataVersion: 1 }]);
    const log = await withDatabase((db) => db.selectFrom('import_log').select(['imported_by', 'package_name']).execute());
    expect(log).toEqual([{ imported_by: 'cli test', package_name: 'tiny-town' }]);
  });

  it('token: prints a working token once', async () => {
    const result = await run('token.ts', [
      '--role',
      'bureau',
      '--name',
      'cli bureau',
      '--jurisdiction',
      'tiny-town',
      '--jurisdiction',
      'ouhai-demo',
      '--expires-days',
      '30',
    ]);
    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^tw_[A-Za-z0-9_-]{43}$/);
    expect(await withDatabase((db) => verifyToken(db, token))).toMatchObject({
      name: 'cli bureau',
      role: 'bureau',
      jurisdictions: ['ouhai-demo', 'tiny-town'],
    });
    expect((await run('token.ts', ['--role', 'visitor', '--name', 'x'])).code).toBe(2);
    // Only an admin token may be unscoped.
    const unscoped = await run('token.ts', ['--role', 'bureau', '--name', 'everywhere']);
    expect(unscoped.code).toBe(2);
    expect(unscoped.stderr).toContain('--jurisdiction');
  });

  it('migrate: reports an up-to-date schema', async () => {
    const result = await run('migrate.ts', []);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('schema is up to date');
    expect(result.stdout).toMatch(/migrations: [1-9]\d* applied, 0 pending \(pglite\)/);
  });
});
