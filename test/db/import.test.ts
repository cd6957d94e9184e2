/**
 * Importing data packages into both databases: tiny-town (../shared/examples/tiny-town), re-import,
 * rejected packages, a forced failure half-way, GCJ-02 coordinates, batching, the population grid.
 */
import type { Kysely } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.js';
import { listFacilities } from '../../server/db/facilities.repository.js';
import { listImports } from '../../server/db/import-log.repository.js';
import { getDataVersion, getJurisdictionData, isDatabaseEmpty, listJurisdictions } from '../../server/db/jurisdictions.repository.js';
import { listTownshipFeatures } from '../../server/db/townships.repository.js';
import { fromWgs84, toWgs84 } from '../../server/engine/geo/index.js';
import type { LonLat } from '../../server/model/index.js';
import {
  importPackage,
  importPackageFiles,
  importPackageFromFolder,
  PackageValidationError,
  validatePackage,
  type ValidatedPackage,
} from '../../server/import/index.js';
import { listProfiles } from '../../server/db/profiles.repository.js';
import { type ChecksumScope, tableChecksums } from '../helpers/checksums.js';
import { databaseKinds, useTestDatabase } from '../helpers/databases.js';
import { readLanguageFrom } from '../../server/model/messages.js';
import { tinyTownDir, tinyTownFiles } from '../import/tiny-town-files.js';

// Problems and warnings are asserted in English (validate-package.test.ts checks the Chinese wording).
readLanguageFrom(() => 'en');

/** The tables a rejected import must leave unchanged: those a package fills, the import log and the tokens. */
const IMPORT_TABLES: ChecksumScope = {
  tables: [
    'policy_profiles',
    'jurisdictions',
    'townships',
    'facilities',
    'population_units',
    'roads',
    'residential_projects',
    'health_institutions',
    'import_log',
    'api_tokens',
  ],
};

async function validated(db: Kysely<Database>, files = tinyTownFiles()): Promise<ValidatedPackage> {
  const result = validatePackage(files, await listProfiles(db));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.pkg;
}

const meta = { importedBy: 'test', packageName: 'tiny-town' };

describe.each(databaseKinds)('import on %s', (kind) => {
  const database = useTestDatabase(kind);
  beforeEach(async () => {
    await database.db.deleteFrom('jurisdictions').execute();
    await database.db.deleteFrom('import_log').execute();
  });

  it('imports tiny-town: counts, profile from profile.json, resolved townships', async () => {
    expect(await isDatabaseEmpty(database.db)).toBe(true);
    const result = await importPackageFromFolder(database.db, tinyTownDir, meta);
    expect(result).toMatchObject({
      jurisdictionId: 'tiny-town',
      dataVersion: 1,
      counts: { townships: 3, facilities: 5, populationUnits: 32, roads: 16, projects: 4, health: 0 },
    });
    expect(await isDatabaseEmpty(database.db)).toBe(false);
    expect(await listJurisdictions(database.db)).toEqual([
      {
        id: 'tiny-town',
        name: 'Tiny Town 小镇 (made-up example)',
        year: 2025,
        profileId: 'tiny-town',
        dataVersion: 1,
        parentId: null,
        level: 'county',
      },
    ]);
    const data = (await getJurisdictionData(database.db, 'tiny-town'))!;
    expect(data.profile.id).toBe('tiny-town');
    expect(data.profile.parameters.maxSnapMeters).toBe(300);
    expect(data.profile.targets.slots_per_1000).toEqual({ '2024': 5.2, '2025': 5.5 });
    expect(Object.fromEntries(data.facilities.map((f) => [f.id, f.township]))).toEqual({
      F1: 'T1',
      F3: 'T2',
      F5: 'T2',
      F2: 'T3',
      F4: 'T1',
    });
    // The built-in profiles are untouched by a package's own profile.
    expect((await listProfiles(database.db)).map((p) => p.id)).toEqual(['ouhai', 'shengzhou']);
  });

  it('round-trips the engine data unchanged through the database', async () => {
    const pkg = await validated(database.db);
    await importPackage(database.db, pkg, meta);
    const data = (await getJurisdictionData(database.db, 'tiny-town'))!;
    expect(data.id).toBe('tiny-town');
    expect(data.name).toBe(pkg.name);
    expect(data.year).toBe(2025);
    expect(data.dataVersion).toBe(1);
    expect(data.profile).toEqual(pkg.profile);
    expect(data.townships).toEqual(pkg.townships);
    expect(data.facilities).toEqual(pkg.facilities);
    expect(data.populationUnits).toEqual(pkg.populationUnits.map(({ geometry: _geometry, ...unit }) => unit));
    expect(data.roads).toEqual(pkg.roads);
    expect(data.projects).toEqual(pkg.projects);
    expect(data.health).toEqual([]);
    // Spot checks against the files: F3 closed in 2026 with 20 (8) slots; J2 500 households × 3.1.
    expect(data.facilities.find((f) => f.id === 'F3')).toMatchObject({
      status: 'closed',
      closedYear: 2026,
      slots: 20,
      inclusiveSlots: 8,
      lon: 120.6478676,
      lat: 27.99883,
    });
    expect(data.projects.find((p) => p.id === 'J2')).toMatchObject({
      households: 500,
      personsPerHousehold: 3.1,
      plannedSlots: 20,
      population: null,
      township: 'T3',
    });
    expect(data.populationUnits[16]).toMatchObject({ id: 'P17', index: 16, population: 260, township: 'T1', approximate: false });
    expect(data.roads.filter((r) => r.foot === 'no')).toHaveLength(1);
    expect(await getJurisdictionData(database.db, 'nowhere')).toBeNull();
    expect(await getDataVersion(database.db, 'nowhere')).toBeNull();
  });

  it('re-import replaces the rows, bumps data_version and logs each import', async () => {
    await importPackageFromFolder(database.db, tinyTownDir, { importedBy: 'alice', packageName: 'first' });
    const files = tinyTownFiles();
    files['manifest.json'].name = 'Tiny Town, second delivery';
    files['facilities.geojson'].features.splice(1, 1); // drop F2
    files['facilities.geojson'].features[0].properties.slots = 45;
    delete files['roads.geojson'];
    const second = await importPackageFiles(database.db, files, { importedBy: 'bob', packageName: 'second' });
    expect(second.dataVersion).toBe(2);
    expect(second.counts).toEqual({ townships: 3, facilities: 4, populationUnits: 32, roads: 0, projects: 4, health: 0 });
    expect(await getDataVersion(database.db, 'tiny-town')).toBe(2);

    const data = (await getJurisdictionData(database.db, 'tiny-town'))!;
    expect(data.name).toBe('Tiny Town, second delivery');
    expect(data.facilities.map((f) => [f.id, f.slots])).toEqual([
      ['F1', 45],
      ['F3', 20],
      ['F4', 30],
      ['F5', 30],
    ]);
    expect(data.roads).toEqual([]);
    expect(data.townships).toHaveLength(3);
    expect(data.populationUnits).toHaveLength(32);

    const log = await listImports(database.db, 'tiny-town');
    expect(log.map((e) => [e.importedBy, e.packageName, e.counts.facilities, e.counts.roads])).toEqual([
      ['bob', 'second', 4, 0],
      ['alice', 'first', 5, 16],
    ]);
    expect(Number.isNaN(Date.parse(log[0]!.importedAt))).toBe(false);
    expect(log[0]!.id).toBeGreaterThan(log[1]!.id);
    expect(await listImports(database.db, 'other')).toEqual([]);
    expect(await listImports(database.db)).toHaveLength(2);
  });

  it('writes nothing for a package broken in several files, and reports every problem', async () => {
    await importPackageFromFolder(database.db, tinyTownDir, meta);
    const before = await tableChecksums(database.db, IMPORT_TABLES);
    const files = tinyTownFiles();
    files['manifest.json'].year = 'next year';
    files['townships.geojson'].features[1].properties.population = 12.5;
    files['facilities.geojson'].features[2].properties.status = 'open';
    files['facilities.geojson'].features[4].geometry.coordinates = [200, 28];
    files['projects.geojson'].features[3].properties.plannedSlots = -1;
    const error = await importPackageFiles(database.db, files, meta).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PackageValidationError);
    expect((error as PackageValidationError).errors).toEqual([
      { file: 'manifest.json', property: 'year', problem: 'must be a year such as 2025' },
      { file: 'townships.geojson', feature: 1, property: 'population', problem: 'must be a whole number' },
      { file: 'facilities.geojson', feature: 2, property: 'status', problem: 'must be one of operating, planned, closed' },
      { file: 'facilities.geojson', feature: 4, property: 'geometry.coordinates.0', problem: 'longitude must be ≤ 180' },
      { file: 'projects.geojson', feature: 3, property: 'plannedSlots', problem: 'must be ≥ 0' },
    ]);
    expect(await tableChecksums(database.db, IMPORT_TABLES)).toEqual(before);
  });

  it('leaves the database unchanged when a write fails half-way (forced primary-key violation)', async () => {
    await importPackageFromFolder(database.db, tinyTownDir, meta);
    const before = await tableChecksums(database.db, IMPORT_TABLES);
    const pkg = await validated(database.db);
    // Townships are written before facilities; a duplicate facility id fails inside the transaction
    // after the jurisdiction row was updated and the old rows deleted.
    const broken: ValidatedPackage = { ...pkg, name: 'half-way', facilities: [...pkg.facilities, pkg.facilities[0]!] };
    await expect(importPackage(database.db, broken, meta)).rejects.toThrow(/duplicate key|unique/i);
    expect(await tableChecksums(database.db, IMPORT_TABLES)).toEqual(before);
    expect(await getDataVersion(database.db, 'tiny-town')).toBe(1);
    expect(await listImports(database.db)).toHaveLength(1);
    // The database is still usable after the rollback.
    expect((await importPackage(database.db, pkg, meta)).dataVersion).toBe(2);
  });

  it('stores a GCJ-02 package in WGS84', async () => {
    const files = tinyTownFiles();
    files['manifest.json'].crs = 'GCJ-02';
    const convert = (c: any): any => (typeof c[0] === 'number' ? fromWgs84(c as LonLat, 'GCJ-02') : c.map(convert));
    for (const name of ['townships.geojson', 'facilities.geojson', 'population.geojson', 'roads.geojson', 'projects.geojson']) {
      for (const f of files[name].features) f.geometry.coordinates = convert(f.geometry.coordinates);
    }
    await importPackageFiles(database.db, files, meta);
    const stored = await listFacilities(database.db, 'tiny-town');
    const original = tinyTownFiles()['facilities.geojson'].features;
    stored.forEach((f, i) => {
      const given = files['facilities.geojson'].features[i].geometry.coordinates as LonLat;
      const wgs = toWgs84(given, 'GCJ-02');
      expect(f.lon).toBe(wgs[0]);
      expect(f.lat).toBe(wgs[1]);
      // GCJ-02 shifts Wenzhou by ~540 m; back in WGS84 the facility is where the WGS84 file has it.
      expect(f.lon).toBeCloseTo(original[i].geometry.coordinates[0], 9);
      expect(f.lat).toBeCloseTo(original[i].geometry.coordinates[1], 9);
    });
    const row = await database.db.selectFrom('jurisdictions').select('source_crs').executeTakeFirstOrThrow();
    expect(row.source_crs).toBe('GCJ-02');
    const township = (await listTownshipFeatures(database.db, 'tiny-town'))[0]!;
    const corner = (township.geometry.coordinates[0] as LonLat[])[0]!;
    expect(corner[0]).toBeCloseTo(120.649045, 9);
    expect(corner[1]).toBeCloseTo(27.99514, 9);
  });

  it('answers window queries on the bounding-box columns', async () => {
    await importPackageFromFolder(database.db, tinyTownDir, meta);
    // Around F1 (120.6523945, 27.998056) only.
    expect((await listFacilities(database.db, 'tiny-town', [120.652, 27.9978, 120.6527, 27.9983])).map((f) => f.id)).toEqual(['F1']);
    expect((await listFacilities(database.db, 'tiny-town')).map((f) => f.id)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5']);
    expect(await listFacilities(database.db, 'tiny-town', [0, 0, 1, 1])).toEqual([]);
    // North of lat 28.005 only T3 (28.0009…28.009) reaches.
    expect((await listTownshipFeatures(database.db, 'tiny-town', [120.64, 28.005, 120.66, 28.02])).map((t) => t.code)).toEqual(['T3']);
    // A box straddling the T1/T2 boundary (lon 120.649045) in the south meets both.
    expect((await listTownshipFeatures(database.db, 'tiny-town', [120.648, 27.996, 120.65, 27.997])).map((t) => t.code)).toEqual([
      'T1',
      'T2',
    ]);
    const all = await listTownshipFeatures(database.db, 'tiny-town');
    expect(all.map((t) => [t.code, t.name, t.population, t.geometry.type])).toEqual([
      ['T1', '东街道', 4700, 'Polygon'],
      ['T2', '西街道', 5000, 'Polygon'],
      ['T3', '北镇', 3480, 'Polygon'],
    ]);
  });

  it('inserts large layers in batches (1,234 population points, 1,001 roads)', async () => {
    const files = tinyTownFiles();
    files['population.geojson'].features = Array.from({ length: 1234 }, (_, i) => ({
      type: 'Feature',
      properties: { id: `Q${i}`, population: 10 },
      geometry: { type: 'Point', coordinates: [120.646 + (i % 40) * 0.0002, 27.9964 + Math.floor(i / 40) * 0.0002] },
    }));
    files['roads.geojson'].features = Array.from({ length: 1001 }, (_, i) => ({
      type: 'Feature',
      properties: { highway: 'footway' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [120.646, 27.99 + i * 1e-5],
          [120.647, 27.99 + i * 1e-5],
        ],
      },
    }));
    const result = await importPackageFiles(database.db, files, meta);
    expect(result.counts.populationUnits).toBe(1234);
    expect(result.counts.roads).toBe(1001);
    const data = (await getJurisdictionData(database.db, 'tiny-town'))!;
    expect(data.populationUnits).toHaveLength(1234);
    expect(data.populationUnits[1233]).toMatchObject({ id: 'Q1233', index: 1233, population: 10 });
    expect(data.roads).toHaveLength(1001);
    expect((data.roads[1000]!.geometry.coordinates[0] as LonLat)[1]).toBeCloseTo(27.99 + 1000 * 1e-5, 12);
  });

  it('refers to a built-in profile when the package has no profile.json, and keeps two jurisdictions apart', async () => {
    await importPackageFromFolder(database.db, tinyTownDir, meta);
    const files = tinyTownFiles();
    delete files['profile.json'];
    files['manifest.json'].id = 'tiny-town-ouhai';
    files['manifest.json'].profile = 'ouhai';
    await importPackageFiles(database.db, files, meta);
    expect((await listJurisdictions(database.db)).map((j) => [j.id, j.profileId, j.dataVersion])).toEqual([
      ['tiny-town', 'tiny-town', 1],
      ['tiny-town-ouhai', 'ouhai', 1],
    ]);
    const data = (await getJurisdictionData(database.db, 'tiny-town-ouhai'))!;
    expect(data.profile.id).toBe('ouhai');
    expect(data.profile.targets.slots_per_1000?.['2025']).toBe(5.5);
    expect(data.profile.parameters.maxSnapMeters).toBe(500);
    expect((await getJurisdictionData(database.db, 'tiny-town'))!.profile.parameters.maxSnapMeters).toBe(300);
  });

  // The population-grid path relies on the engine's spreadPopulationOverGrid; kept last.
  it('spreads township populations over a grid when population.geojson is absent', async () => {
    const files = tinyTownFiles();
    delete files['population.geojson'];
    const result = await importPackageFiles(database.db, files, meta);
    expect(result.warnings).toEqual([
      "population.geojson is absent: each township's population was spread over a 200 m grid, so coverage results are approximate",
    ]);
    const data = (await getJurisdictionData(database.db, 'tiny-town'))!;
    expect(data.populationUnits.length).toBe(result.counts.populationUnits);
    expect(data.populationUnits.every((u) => u.approximate)).toBe(true);
    const total = (code: string) => data.populationUnits.filter((u) => u.township === code).reduce((s, u) => s + u.population, 0);
    expect([total('T1'), total('T2'), total('T3')]).toEqual([4700, 5000, 3480]);
  });

  it("caps the grid of a huge township at the profile's maxPopulationGridPoints and says so", async () => {
    const files = tinyTownFiles();
    delete files['population.geojson'];
    // T1 becomes one degree by one degree (≈ 100 km × 110 km): 272,000 points at 200 m without a cap.
    const [lon, lat] = [120.6, 28.0];
    files['townships.geojson'].features[0].geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + 1, lat],
          [lon + 1, lat + 1],
          [lon, lat + 1],
          [lon, lat],
        ],
      ],
    };
    files['profile.json'].parameters = { ...files['profile.json'].parameters, maxPopulationGridPoints: 1000 };
    const started = performance.now();
    const result = await importPackageFiles(database.db, files, meta);
    expect(performance.now() - started).toBeLessThan(20_000);
    const widened = result.warnings.find((w) => w.startsWith('township T1: the grid was widened to'));
    expect(widened).toMatch(/widened to \d+ m to stay within 1000 points/);
    const data = (await getJurisdictionData(database.db, 'tiny-town'))!;
    const t1 = data.populationUnits.filter((u) => u.township === 'T1');
    expect(t1.length).toBeLessThanOrEqual(1000);
    expect(t1.length).toBeGreaterThan(500); // a square township fills most of its bounding box
    expect(t1.reduce((s, u) => s + u.population, 0)).toBe(4700);
  });
});
