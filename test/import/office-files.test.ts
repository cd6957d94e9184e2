/**
 * tiny-town as the files an office has (office-files.ts: GBK Shapefile in a Gauss-Krüger zone without
 * .cpg, Shapefile in UTM with Chinese values, GeoJSON in CGCS2000 and Web Mercator) must import to the
 * same data as the hand-made version-1 package and give tiny-town's expected answers (expected.json,
 * computed by the independent PostGIS + pgRouting oracle), on both databases.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection, LineString } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { getJurisdictionData } from '../../server/db/jurisdictions.repository.js';
import { readBuiltInProfiles } from '../../server/db/built-in-profiles.js';
import { computeCoverage } from '../../server/engine/coverage/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { importPackage, validatePackage } from '../../server/import/index.js';
import { previewImport } from '../../server/import/preview.js';
import { loadTinyTown, loadTinyTownExpected, TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { osmiumAvailable, osmPbfFromXml, osmXml, type OsmXmlWay } from '../fixtures/osm-xml.js';
import { databaseKinds, useTestDatabase } from '../helpers/databases.js';
import { tinyTownFiles } from './tiny-town-files.js';
import { facilityAlternatives, hasOgr2ogr, makeOfficeFiles, sourceFilesOf, tinyTownManifestV2 } from './office-files.js';

const profiles = await readBuiltInProfiles();
const reference = loadTinyTown();
const expected = loadTinyTownExpected();
const versionOneCheck = validatePackage(tinyTownFiles(), profiles);
const versionOne = versionOneCheck.ok
  ? versionOneCheck.pkg
  : (() => {
      throw new Error('tiny-town does not validate');
    })();
/** 1e-7 degrees is about a centimetre: positions come back through two projections and GDAL's text. */
const DEGREES = 1e-7;

if (!hasOgr2ogr()) console.warn('office-files.test: ogr2ogr (Debian gdal-bin) is not installed; the office-file fixtures cannot be made');

describe.skipIf(!hasOgr2ogr())('tiny-town from office files', async () => {
  const dir = await makeOfficeFiles();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // The register is in GCJ-02 (Amap), which no file format records: the manifest says so.
  const preview = previewImport(sourceFilesOf(dir), tinyTownManifestV2({ facilities: { file: '托育机构名录.xlsx', crs: 'GCJ-02' } }), {
    profiles,
  });

  it('finds each layer, its format, CRS and encoding, and maps the Chinese headers and values', async () => {
    const { layers, problems } = await preview;
    expect(problems).toEqual([]);
    const summary = Object.fromEntries(layers.map((l) => [l.layer, [l.file, l.format, l.crs, l.encoding, l.features]]));
    expect(summary).toEqual({
      townships: ['乡镇界.shp', 'Shapefile', 'EPSG:4549', 'GB18030', 3],
      facilities: ['托育机构名录.xlsx', 'XLSX', 'GCJ-02', null, 5],
      population: ['人口.gpkg', 'GeoPackage', 'EPSG:4490', null, 32],
      roads: ['道路.geojson', 'GeoJSON', 'EPSG:3857', null, 16],
      projects: ['项目.kml', 'KML', 'EPSG:4326', null, 4],
    });
    const townships = layers.find((l) => l.layer === 'townships')!;
    expect(townships.mapping).toEqual({ code: '乡镇代码', name: '乡镇名称', population: '常住人口' });
    expect(townships.sample[0]).toEqual({ 乡镇代码: 'T1', 乡镇名称: '东街道', 常住人口: 4700 });
    const facilities = layers.find((l) => l.layer === 'facilities')!;
    expect(facilities.mapping).toMatchObject({
      id: '机构编号',
      name: '机构名称',
      slots: '托位数',
      inclusiveSlots: '普惠托位',
      lon: '经度',
      lat: '纬度',
    });
    expect(facilities.values.status).toEqual({ 正常运营: 'operating', 已停办: 'closed', 规划: 'planned' });
    expect(facilities.sample[0]).toMatchObject({ 托位数: '４０' });
  });

  it('assembles the same data as the version-1 package', async () => {
    const result = validatePackage((await preview).package!, profiles);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const pkg = result.pkg;
    expect(pkg.townships.map((t) => [t.code, t.name, t.population])).toEqual(
      reference.townships.map((t) => [t.code, t.name, t.population]),
    );
    // A Shapefile stores outer rings clockwise, so the ring may come back reversed or rotated: compare the vertices.
    const vertices = (g: { coordinates: unknown }) =>
      (g.coordinates as number[][][])[0]!
        .slice(1)
        .map(([lon, lat]) => [Math.round(lon! / DEGREES), Math.round(lat! / DEGREES)].join())
        .sort();
    pkg.townships.forEach((township, i) => expect(vertices(township.geometry)).toEqual(vertices(reference.townships[i]!.geometry)));
    const facility = (f: (typeof pkg.facilities)[number]) => [
      f.id,
      f.name,
      f.slots,
      f.inclusiveSlots,
      f.type,
      f.status,
      f.openedYear,
      f.closedYear,
      f.township,
    ];
    expect(pkg.facilities.map(facility)).toEqual(reference.facilities.map(facility));
    pkg.facilities.forEach((f, i) => {
      expect(Math.abs(f.lon - reference.facilities[i]!.lon)).toBeLessThan(DEGREES);
      expect(Math.abs(f.lat - reference.facilities[i]!.lat)).toBeLessThan(DEGREES);
    });
    expect(pkg.populationUnits.map((u) => [u.id, u.population, u.township])).toEqual(
      reference.populationUnits.map((u) => [u.id, u.population, u.township]),
    );
    expect(pkg.projects.map((p) => [p.id, p.plannedSlots, p.township])).toEqual(
      versionOne.projects.map((p) => [p.id, p.plannedSlots, p.township]),
    );
    // The foot=no ramp is left out by the walking rule instead of being stored and skipped: the same walkable ways.
    expect(pkg.roads).toHaveLength(reference.roads.filter((r) => r.foot !== 'no').length);
  });

  describe.each(databaseKinds)('imported on %s', (kind) => {
    const database = useTestDatabase(kind);

    it('gives tiny-town’s expected coverage: every unit’s distance, every township’s share', async () => {
      const result = validatePackage((await preview).package!, profiles);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      await importPackage(database.db, result.pkg, { importedBy: 'test', packageName: 'office files' });
      const data = (await getJurisdictionData(database.db, 'tiny-town'))!;
      const network = prepareWalkNetwork(data.roads, data.profile.parameters, data.populationUnits);
      for (const year of ['2024', '2025']) {
        const got = computeCoverage(data, network, Number(year));
        const want = expected.years[year]!;
        for (const point of want.populationPoints) {
          const unit = got.units[point.index]!;
          expect(unit.id).toBe(point.id);
          expect(unit.nearestFacilityId, point.id).toBe(point.nearestFacility);
          if (point.walkingDistance === null) expect(unit.distanceM, point.id).toBeNull();
          else
            expect(Math.abs(unit.distanceM! - point.walkingDistance), point.id).toBeLessThanOrEqual(
              Math.max(0.005 * point.walkingDistance, 1),
            );
        }
        for (const key of ['5', '10', '15'])
          expect(got.district.coveredPopulation[key], `${year} ${key} min`).toBe(want.district.coveredPopulation[key]);
      }
    });
  });
});

describe.skipIf(!hasOgr2ogr())('tiny-town’s facilities as a Shapefile and as a GBK CSV, both in UTM 51N', async () => {
  const dir = await makeOfficeFiles();
  const alternatives = facilityAlternatives();
  afterAll(() => [dir, alternatives].forEach((d) => rmSync(d, { recursive: true, force: true })));
  const withFacilities = (format: RegExp) => [
    ...sourceFilesOf(dir).filter((f) => !f.name.startsWith('托育机构')),
    ...sourceFilesOf(alternatives).filter((f) => format.test(f.name)),
  ];
  const facility = (f: { id: string; slots: number; status: string; type: string; township: string | null; lon: number; lat: number }) => [
    f.id,
    f.slots,
    f.status,
    f.type,
    f.township,
    Math.round(f.lon / DEGREES),
    Math.round(f.lat / DEGREES),
  ];

  it('a Shapefile whose .dbf cut the Chinese headers (机构编号 → 机构编) gives the same facilities', async () => {
    const preview = await previewImport(withFacilities(/\.(shp|shx|dbf|prj|cpg)$/), tinyTownManifestV2(), { profiles });
    expect(preview.problems).toEqual([]);
    const layer = preview.layers.find((l) => l.layer === 'facilities')!;
    expect([layer.format, layer.crs, layer.encoding]).toEqual(['Shapefile', 'EPSG:32651', 'UTF-8']);
    expect(layer.mapping).toMatchObject({ id: '机构编', name: '机构名', inclusiveSlots: '普惠托' });
    const result = validatePackage(preview.package!, profiles);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.pkg.facilities.map(facility)).toEqual(versionOne.facilities.map(facility));
  });

  it('a GBK CSV with X坐标/Y坐标, its CRS named in the manifest, gives the same facilities', async () => {
    const manifest = tinyTownManifestV2({ facilities: { file: '托育机构.csv', crs: 'EPSG:32651' } });
    const preview = await previewImport(withFacilities(/\.csv$/), manifest, { profiles });
    expect(preview.problems).toEqual([]);
    const layer = preview.layers.find((l) => l.layer === 'facilities')!;
    expect([layer.format, layer.crs, layer.encoding]).toEqual(['CSV', 'EPSG:32651', 'GB18030']);
    expect(layer.mapping).toMatchObject({ x: 'X坐标', y: 'Y坐标' });
    const result = validatePackage(preview.package!, profiles);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.pkg.facilities.map(facility)).toEqual(versionOne.facilities.map(facility));
  });
});

describe.skipIf(!hasOgr2ogr() || !osmiumAvailable())('tiny-town with its roads as an OpenStreetMap extract', async () => {
  const dir = await makeOfficeFiles();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const collection = JSON.parse(readFileSync(path.join(TINY_TOWN_DIR, 'roads.geojson'), 'utf8')) as FeatureCollection<LineString>;
  const ways: OsmXmlWay[] = collection.features.map((f) => ({
    tags: Object.fromEntries(Object.entries(f.properties ?? {}).map(([k, v]) => [k, String(v)])),
    coordinates: f.geometry.coordinates,
  }));
  rmSync(path.join(dir, '道路.geojson'));
  osmPbfFromXml(osmXml(ways), dir, '道路');

  it('reads the .osm.pbf near the townships and gives the expected coverage', async () => {
    const preview = await previewImport(
      sourceFilesOf(dir),
      tinyTownManifestV2({ facilities: { file: '托育机构名录.xlsx', crs: 'GCJ-02' } }),
      {
        profiles,
      },
    );
    expect(preview.problems).toEqual([]);
    expect(preview.layers.find((l) => l.layer === 'roads')).toMatchObject({
      file: '道路.osm.pbf',
      format: 'OpenStreetMap PBF',
      crs: 'EPSG:4326',
    });
    const result = validatePackage(preview.package!, profiles);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { pkg } = result;
    const data = {
      ...reference,
      roads: pkg.roads,
      facilities: pkg.facilities,
      populationUnits: pkg.populationUnits,
      townships: pkg.townships,
    };
    const network = prepareWalkNetwork(data.roads, data.profile.parameters, data.populationUnits);
    const got = computeCoverage(data, network, 2025);
    for (const key of ['5', '10', '15'])
      expect(got.district.coveredPopulation[key]).toBe(expected.years['2025']!.district.coveredPopulation[key]);
  });
});
