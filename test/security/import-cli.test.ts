/**
 * Bad input to the import CLI (`npm run import -- <folder or zip>`), property-based: folders of junk
 * files — malformed JSON, wrong types, Unicode-heavy and injection-like text, bad geometry, binary
 * bytes — a junk zip, a missing path, and an otherwise valid package with a NUL character. Every run
 * must end with exit code 1 and a message naming the problem, never a stack trace, and leave the
 * database byte-for-byte unchanged, on both databases (PGlite in a folder; PostgreSQL in a database
 * of its own, since the CLI reads DATABASE_URL).
 *
 * Each run starts a process (~3 s), so runs are few: TUOWEI_FUZZ_CLI_RUNS (default 4) per database.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { importPackageFromFolder } from '../../server/import/index.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { tinyTownFiles } from '../import/tiny-town-files.js';
import { tableChecksums } from '../helpers/checksums.js';
import { type DatabaseKind, databaseKinds, testPostgresUrl } from '../helpers/databases.js';
import { EXCEPT_SIGN_IN_STATE, ROOT } from './helpers.js';

const RUNS = Number(process.env.TUOWEI_FUZZ_CLI_RUNS ?? 4);
const CLI_TIMEOUT_MS = 60_000;

const PACKAGE_NAMES = [
  'manifest.json',
  'profile.json',
  'townships.geojson',
  'facilities.geojson',
  'population.geojson',
  'roads.geojson',
  'projects.geojson',
  'health.geojson',
];
const junkText = fc.oneof(
  fc.constantFrom(
    "'; drop table townships; --",
    '<script>alert(1)</script>',
    '托位🏠\u202E',
    '\uD800',
    '${jndi:x}',
    '',
    'x'.repeat(10_000),
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const junkJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({
    format: fc.constantFrom('tuowei-data-package', 'x'),
    version: fc.constantFrom(1, 2, '1'),
    id: junkText,
    name: junkText,
    year: fc.oneof(fc.integer(), junkText),
  }),
  fc.record({
    type: fc.constantFrom('FeatureCollection', 'Feature', 'x'),
    features: fc.array(
      fc.record({
        type: fc.constantFrom('Feature', 'feature'),
        properties: fc.dictionary(
          fc.constantFrom('id', 'code', 'name', 'slots', 'population', 'status', 'type'),
          fc.oneof(junkText, fc.integer(), fc.double()),
        ),
        geometry: fc.oneof(
          fc.constant(null),
          fc.constant({
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 1],
                [1, 0],
                [0, 1],
                [0, 0],
              ],
            ],
          }),
          fc.constant({
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 1],
                [1, 0],
              ],
            ],
          }),
          fc.constant({ type: 'Point', coordinates: [181, -91] }),
          fc.constant({ type: 'Point', coordinates: [] }),
          fc.constant({ type: 'MultiPolygon', coordinates: [] }),
          fc.record({ type: junkText, coordinates: fc.jsonValue({ maxDepth: 3 }) }),
        ),
      }),
      { maxLength: 5 },
    ),
  }),
);
/** A file's bytes: JSON of junk, malformed JSON, or binary. */
const junkFile = fc.oneof(
  { weight: 4, arbitrary: junkJson.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
  { weight: 1, arbitrary: fc.constantFrom('{"a":', '\uFEFF', '', '[1,2', 'null', '{"x": "\\u0000"}').map((t) => Buffer.from(t)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
);
const junkFolder = fc.dictionary(
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...PACKAGE_NAMES) },
    { weight: 1, arbitrary: fc.constantFrom('notes.json', 'a b.geojson', '托位.json', '.hidden.json') },
  ),
  junkFile,
  { minKeys: 1, maxKeys: 6 },
);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function runImport(target: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'server/cli/import.ts'), target],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        timeout: CLI_TIMEOUT_MS,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The CLI refused the input cleanly: exit 1, a message, no stack trace, nothing imported. */
function expectCleanRefusal(result: CliResult, what: string): void {
  const shown = `${what}: exit ${result.code}\n${result.stdout}\n${result.stderr}`.slice(0, 2000);
  expect(result.code, shown).toBe(1);
  expect(result.stderr, shown).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(result.stderr, shown).toMatch(/problem|cannot read/);
  expect(result.stdout, shown).not.toMatch(/imported/);
}

/** A database the CLI can open from its environment, holding tiny-town. */
async function prepareDatabase(
  kind: DatabaseKind,
  scratch: string,
): Promise<{ env: NodeJS.ProcessEnv; checksums(): Promise<Record<string, string>>; drop(): Promise<void> }> {
  let env: NodeJS.ProcessEnv;
  let drop = async () => {};
  if (kind === 'pglite') {
    env = { TUOWEI_DB_DIR: path.join(scratch, 'db'), DATABASE_URL: '' };
  } else {
    const name = `tw_cli_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(testPostgresUrl);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
    drop = async () => {
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  const open = () => openDatabase(kind === 'pglite' ? { dbDir: env.TUOWEI_DB_DIR!, databaseUrl: '' } : { databaseUrl: env.DATABASE_URL! });
  const handle = await open();
  await migrateToLatest(handle.db);
  await importPackageFromFolder(handle.db, TINY_TOWN_DIR, { importedBy: 'test', packageName: 'tiny-town' });
  await handle.close();
  return {
    env,
    drop,
    // PGlite in a folder admits one process at a time: open, sum, close.
    checksums: async () => {
      const h = await open();
      try {
        return await tableChecksums(h.db, EXCEPT_SIGN_IN_STATE);
      } finally {
        await h.close();
      }
    },
  };
}

describe.each(databaseKinds)('import CLI with bad input on %s', (kind) => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tuowei-cli-fuzz-'));
  let database: Awaited<ReturnType<typeof prepareDatabase>>;
  let before: Record<string, string>;
  beforeAll(async () => {
    database = await prepareDatabase(kind, scratch);
    before = await database.checksums();
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses folders of junk files with exit 1 and the problems listed', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(junkFolder, async (files) => {
        const dir = path.join(scratch, `junk-${n++}`);
        mkdirSync(dir);
        for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
        expectCleanRefusal(await runImport(dir, database.env), `folder ${JSON.stringify(Object.keys(files))}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a junk zip, a missing path and a NUL character in an otherwise valid package', async () => {
    const zip = path.join(scratch, 'junk.zip');
    writeFileSync(zip, randomBytes(300));
    expectCleanRefusal(await runImport(zip, database.env), 'junk zip');
    expectCleanRefusal(await runImport(path.join(scratch, 'no-such-folder'), database.env), 'missing path');

    const dir = path.join(scratch, 'nul');
    mkdirSync(dir);
    const files = tinyTownFiles();
    files['facilities.geojson'].features[0].properties.name = 'F1\u0000; drop table facilities';
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(content));
    const nul = await runImport(dir, database.env);
    expectCleanRefusal(nul, 'NUL character');
    expect(nul.stderr).toContain('facilities.geojson: holds the NUL character (\\u0000), which text may not contain');
  });

  it('left the database byte-for-byte unchanged', async () => {
    expect(await database.checksums()).toEqual(before);
  });
});
