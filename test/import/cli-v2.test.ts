/**
 * `npm run import` with a version-2 package (issue #13): the manifest.json the import wizard downloads,
 * beside the office's files. The CLI prints each layer as the wizard previews it and every problem in
 * its language, writes nothing when there is any, and imports the package otherwise. An embedded
 * database in a temporary folder.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { isDatabaseEmpty, listJurisdictions } from '../../server/db/jurisdictions.repository.js';
import { tinyTownDir } from './tiny-town-files.js';

const root = path.resolve(__dirname, '../..');
/** Each test starts the CLI two or three times (tsx, PGlite, migrations): generous on a loaded machine. */
const CLI_TEST_TIMEOUT_MS = 300_000;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'tuowei-cli-v2-'));
const dbDir = path.join(scratch, 'db');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(args: string[], language = 'en'): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, TUOWEI_DB_DIR: dbDir, DATABASE_URL: '', TUOWEI_LANG: language };
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'server/cli/import.ts'), ...args],
      {
        cwd: root,
        env,
      },
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

/** A folder of Tiny Town's files with the facilities' slots column named CAP_X and a version-2 manifest. */
function packageFolder(name: string, mapSlots: boolean): string {
  const folder = path.join(scratch, name);
  mkdirSync(folder);
  for (const file of ['profile.json', 'townships.geojson', 'population.geojson', 'roads.geojson', 'projects.geojson']) {
    copyFileSync(path.join(tinyTownDir, file), path.join(folder, file));
  }
  const facilities = JSON.parse(readFileSync(path.join(tinyTownDir, 'facilities.geojson'), 'utf8'));
  for (const feature of facilities.features) {
    feature.properties.CAP_X = feature.properties.slots;
    delete feature.properties.slots;
  }
  writeFileSync(path.join(folder, 'facilities.geojson'), JSON.stringify(facilities));
  const manifest = JSON.parse(readFileSync(path.join(tinyTownDir, 'manifest.json'), 'utf8'));
  writeFileSync(
    path.join(folder, 'manifest.json'),
    JSON.stringify({
      ...manifest,
      version: 2,
      id: 'tiny-two',
      layers: { facilities: { file: 'facilities.geojson', ...(mapSlots ? { fields: { slots: 'CAP_X' } } : {}) } },
    }),
  );
  return folder;
}

describe('import CLI, version 2', () => {
  it(
    'prints the layers and every problem in the CLI language, exits 1 and writes nothing',
    async () => {
      const folder = packageFolder('unmapped', false);
      const en = await run([folder]);
      expect(en.code).toBe(1);
      expect(en.stdout).toMatch(/facilities ← facilities\.geojson \(GeoJSON, CRS [^)]*\): 5 feature\(s\)/);
      expect(en.stderr).toMatch(/the data package has \d+ problem\(s\); nothing was imported:/);
      expect(en.stderr).toMatch(/\n {2}facilities\.geojson[#.]/);
      const zh = await run([folder], 'zh_CN.UTF-8');
      expect(zh.code).toBe(1);
      expect(zh.stderr).toMatch(/数据包有 \d+ 处问题，未导入任何数据/);
      expect(await withDatabase(isDatabaseEmpty)).toBe(true);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'imports a package whose manifest maps the column, from a folder or a zip',
    async () => {
      const folder = packageFolder('mapped', true);
      const result = await run([folder, '--by', 'cli v2']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('slots = CAP_X');
      expect(result.stdout).toContain('imported tiny-two (data version 1)');
      expect(result.stdout).toMatch(/townships: 3\n\s+facilities: 5\n\s+populationUnits: 32\n\s+roads: \d+\n\s+projects: 4/);

      const entries: Record<string, Uint8Array> = {};
      for (const file of [
        'manifest.json',
        'profile.json',
        'townships.geojson',
        'facilities.geojson',
        'population.geojson',
        'roads.geojson',
        'projects.geojson',
      ]) {
        entries[`mapped/${file}`] = readFileSync(path.join(folder, file));
      }
      const zip = path.join(scratch, 'mapped.zip');
      writeFileSync(zip, zipSync(entries));
      const again = await run([zip]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('imported tiny-two (data version 2)');
      expect(await withDatabase(listJurisdictions)).toMatchObject([{ id: 'tiny-two', dataVersion: 2 }]);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
