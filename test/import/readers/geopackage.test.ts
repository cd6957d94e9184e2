import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import wkx from 'wkx';
import { geoPackageReader, parseGeoPackageGeometry } from '../../../server/import/readers/geopackage.js';
import { ReadProblem, readerFor } from '../../../server/import/readers/index.js';
import { fileMap, ogr2ogr, scratch, sourceFile, tinyTownFeatures, tinyTownPath } from './fixtures.js';

const folder = scratch();
afterAll(() => folder.dispose());

/** tiny-town's townships with Chinese column names in CGCS2000, and its facilities in a second table. */
beforeAll(() => {
  ogr2ogr(
    '-f',
    'GPKG',
    folder.at('两表.gpkg'),
    tinyTownPath('townships'),
    '-nln',
    '乡镇',
    '-t_srs',
    'EPSG:4490',
    '-sql',
    'SELECT code AS "乡镇代码", name AS "乡镇名称", population AS "常住人口" FROM townships',
  );
  ogr2ogr('-update', '-f', 'GPKG', folder.at('两表.gpkg'), tinyTownPath('facilities'), '-nln', '机构');
  ogr2ogr('-f', 'GPKG', folder.at('乡镇.gpkg'), tinyTownPath('townships'), '-nln', '乡镇', '-t_srs', 'EPSG:4490');
  // A Gauss-Krüger zone on a meridian no EPSG code has: the file can only give its WKT definition.
  ogr2ogr(
    '-f',
    'GPKG',
    folder.at('自定义.gpkg'),
    tinyTownPath('facilities'),
    '-nln',
    'facilities',
    '-t_srs',
    '+proj=tmerc +lat_0=0 +lon_0=120.5 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  );
  // A table without geometry (population by year) is an 'attributes' table.
  writeFileSync(folder.at('人口.csv'), 'code,year,population\nT1,2025,4700\nT2,2025,5000\n');
  ogr2ogr('-f', 'GPKG', folder.at('人口表.gpkg'), folder.at('人口.csv'), '-nln', '人口');
}, 60_000);

const read = (name: string, layer?: string) => {
  const file = sourceFile(folder.at(name));
  return geoPackageReader.readLayer(file, fileMap(file), { layer });
};

describe('GeoPackage reader', () => {
  it('is the reader for .gpkg', () => {
    expect(readerFor('县/人口.GPKG')).toBe(geoPackageReader);
  });

  it('reads the only table with its EPSG code, column order and every feature as tiny-town has it', async () => {
    const layer = await read('乡镇.gpkg');
    const source = tinyTownFeatures('townships');
    expect(layer).toMatchObject({
      format: 'GeoPackage',
      layer: '乡镇',
      layers: ['乡镇'],
      crs: { kind: 'epsg', code: 4490 },
      encoding: null,
    });
    expect(layer.fields).toEqual(['code', 'name', 'population']);
    expect(layer.features.map((f) => f.properties)).toEqual(source.map((f) => f.properties));
    layer.features.forEach((f, i) => expect(f.geometry).toEqual(source[i]!.geometry));
  });

  it('reads Chinese column names, and asks which table when there are several', async () => {
    const problem = await read('两表.gpkg').catch((e: unknown) => e);
    expect(problem).toBeInstanceOf(ReadProblem);
    expect(problem).toMatchObject({ file: '两表.gpkg', code: 'layer_required' });
    expect((problem as ReadProblem).text.zh).toContain('“乡镇”、“机构”');
    expect((problem as ReadProblem).text.en).toContain('"乡镇", "机构"');

    const townships = await read('两表.gpkg', '乡镇');
    expect(townships.layers).toEqual(['乡镇', '机构']);
    expect(townships.fields).toEqual(['乡镇代码', '乡镇名称', '常住人口']);
    expect(townships.features.map((f) => f.properties)).toEqual(
      tinyTownFeatures('townships').map(({ properties: p }) => ({ 乡镇代码: p!.code, 乡镇名称: p!.name, 常住人口: p!.population })),
    );

    const facilities = await read('两表.gpkg', '机构');
    expect(facilities.crs).toEqual({ kind: 'epsg', code: 4326 });
    expect(facilities.features).toHaveLength(5);
    facilities.features.forEach((f, i) => {
      const expected = tinyTownFeatures('facilities')[i]!;
      // ogr2ogr writes every column for every row: a property absent in GeoJSON is NULL.
      for (const [key, value] of Object.entries(f.properties)) expect(value).toEqual(expected.properties![key] ?? null);
      expect(f.geometry).toEqual(expected.geometry);
    });

    await expect(read('两表.gpkg', '道路')).rejects.toMatchObject({ code: 'unknown_layer' });
  });

  it('gives the WKT of a CRS no EPSG code names', async () => {
    const layer = await read('自定义.gpkg');
    expect(layer.crs?.kind).toBe('definition');
    expect(layer.crs?.kind === 'definition' && layer.crs.wkt).toMatch(/120\.5/);
    expect((layer.features[0]!.geometry as { coordinates: number[] }).coordinates[0]).toBeCloseTo(515_000, -4);
  });

  it('reads an attributes table as rows without geometry or CRS', async () => {
    const layer = await read('人口表.gpkg');
    expect(layer).toMatchObject({ layer: '人口', crs: null, fields: ['code', 'year', 'population'] });
    expect(layer.features).toEqual([
      { type: 'Feature', geometry: null, properties: { code: 'T1', year: '2025', population: '4700' } },
      { type: 'Feature', geometry: null, properties: { code: 'T2', year: '2025', population: '5000' } },
    ]);
  });

  it('refuses a file that is not a GeoPackage, naming it', async () => {
    const file = { name: '人口.gpkg', bytes: new TextEncoder().encode('not sqlite at all, just text') };
    await expect(geoPackageReader.readLayer(file, fileMap(file), {})).rejects.toMatchObject({ file: '人口.gpkg' });
  });
});

describe('GeoPackage geometry blobs', () => {
  const wkb = new Uint8Array(wkx.Geometry.parse('POINT Z (120.65 28 12)').toWkb());

  /** A blob with the given flags and envelope bytes, in little- or big-endian header order. */
  function blob(flags: number, envelopeBytes: number): Uint8Array {
    const header = new Uint8Array(8 + envelopeBytes);
    header.set([0x47, 0x50, 0, flags]);
    new DataView(header.buffer).setInt32(4, 4326, (flags & 1) === 1);
    return new Uint8Array([...header, ...wkb]);
  }

  it.each([
    [0, 0],
    [1, 0],
    [0b011, 32],
    [0b101, 48],
    [0b111, 48],
    [0b1001, 64],
  ])('skips the envelope of flags %i (%i bytes) and drops Z', (flags, envelope) => {
    expect(parseGeoPackageGeometry(blob(flags, envelope))).toEqual({ type: 'Point', coordinates: [120.65, 28] });
  });

  it('gives null for an empty geometry and refuses invalid headers', () => {
    expect(parseGeoPackageGeometry(blob(0b1_0001, 0))).toBeNull();
    expect(() => parseGeoPackageGeometry(blob(0b1011, 0))).toThrow(/envelope/);
    expect(() => parseGeoPackageGeometry(blob(0b10_0001, 0))).toThrow(/extended/);
    expect(() => parseGeoPackageGeometry(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toThrow(/magic/);
  });
});
