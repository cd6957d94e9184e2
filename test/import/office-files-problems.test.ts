/**
 * Bad office files: each gives a clear problem naming the file (and the row and column where there is
 * one), in the reader's language, and no package (nothing can be written).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBuiltInProfiles } from '../../server/db/built-in-profiles.js';
import { readLanguageFrom } from '../../server/model/index.js';
import { previewImport } from '../../server/import/preview.js';
import { loadSourceSync, type SourceFile } from '../../server/import/readers/index.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { hasOgr2ogr, makeOfficeFiles, ogr2ogr, sourceFilesOf, tinyTownManifestV2 } from './office-files.js';

const profiles = await readBuiltInProfiles();
const json = (name: string, value: unknown): SourceFile => ({ name, bytes: new TextEncoder().encode(JSON.stringify(value)) });

/** A point table without geometry: rows whose positions are columns (as a spreadsheet exported to GeoJSON). */
function table(rows: Record<string, unknown>[], crs?: string) {
  return {
    type: 'FeatureCollection',
    ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}),
    features: rows.map((properties) => ({ type: 'Feature', geometry: null, properties })),
  };
}

describe.skipIf(!hasOgr2ogr())('problems with office files', async () => {
  const dir = await makeOfficeFiles();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = () => sourceFilesOf(dir);
  const preview = (upload: SourceFile[], layers: Record<string, unknown> = {}) =>
    previewImport(upload, tinyTownManifestV2(layers), { profiles });

  it('a .shp without its .dbf', async () => {
    const result = await preview(files().filter((f) => f.name !== '乡镇界.dbf'));
    expect(result.package).toBeNull();
    expect(result.problems).toEqual([
      expect.objectContaining({ file: '乡镇界.shp', code: 'missing_dbf', message: expect.stringContaining('乡镇界.dbf') }),
    ]);
  });

  it('a .prj the service cannot place (Xi’an 1980 without a datum shift)', async () => {
    const prj = path.join(dir, '乡镇界.prj');
    const original = readFileSync(prj, 'utf8');
    writeFileSync(
      prj,
      'PROJCS["Xian_1980_3_Degree_GK_CM_120E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
    );
    try {
      const result = await preview(files());
      expect(result.package).toBeNull();
      expect(result.problems).toEqual([expect.objectContaining({ file: '乡镇界.shp', code: 'unknown_crs' })]);
      expect(result.problems[0]!.message).toContain('Xian_1980');
    } finally {
      writeFileSync(prj, original);
    }
  });

  it('text that is neither UTF-8 nor GBK/GB18030, without .cpg', async () => {
    const upload = files().map((f): SourceFile => {
      if (f.name !== '乡镇界.dbf') return f;
      const bytes = new Uint8Array(loadSourceSync(f).bytes);
      const headerLength = bytes[8]! | (bytes[9]! << 8);
      bytes[headerLength + 2] = 0xff; // 0xFF begins no character in UTF-8 or GB18030
      return { name: f.name, bytes };
    });
    const result = await preview(upload);
    expect(result.package).toBeNull();
    expect(result.problems).toEqual([expect.objectContaining({ file: '乡镇界.dbf', code: 'undecidable_encoding' })]);
    // …and decided once the manifest names it.
    const named = await preview(upload, { townships: { file: '乡镇界.shp', encoding: 'GBK' } });
    expect(named.problems.filter((p) => p.code === 'undecidable_encoding')).toEqual([]);
  });

  it('a mapped column the file does not have', async () => {
    const result = await preview(files(), { townships: { file: '乡镇界.shp', fields: { population: '人口数' } } });
    expect(result.package).toBeNull();
    expect(result.problems).toEqual([expect.objectContaining({ file: '乡镇界.shp', column: '人口数', code: 'missing_column' })]);
  });

  it('a coordinate column holding text, and a number column holding text, by row and column', async () => {
    const facilities = table([
      { 编号: 'F1', 机构名称: '甲', 托位数: '４０', 普惠托位: '1,0', 类型: '社区', 状态: '正常运营', 经度: 120.6478, 纬度: 27.9988 },
      { 编号: 'F2', 机构名称: '乙', 托位数: '二十', 普惠托位: 0, 类型: '社区', 状态: '正常运营', 经度: '东经120度', 纬度: 27.9988 },
    ]);
    const upload = [...files().filter((f) => !f.name.startsWith('托育机构')), json('托育机构.geojson', facilities)];
    const result = await preview(upload);
    expect(result.package).toBeNull();
    expect(result.problems.map(({ file, row, column, code }) => ({ file, row, column, code }))).toEqual([
      { file: '托育机构.geojson', row: 0, column: '普惠托位', code: 'not_a_number' },
      { file: '托育机构.geojson', row: 1, column: '托位数', code: 'not_a_number' },
      { file: '托育机构.geojson', row: 1, column: '经度', code: 'coordinate_not_a_number' },
    ]);
  });

  it('a point table whose coordinates fall outside its CRS (degrees in a table said to be in EPSG:4549)', async () => {
    const facilities = table(
      [{ id: 'F1', name: '甲', slots: 40, inclusiveSlots: 0, type: 'community', status: 'operating', x: 120.6478, y: 27.9988 }],
      'urn:ogc:def:crs:EPSG::4549',
    );
    const upload = [...files().filter((f) => !f.name.startsWith('托育机构')), json('托育机构.geojson', facilities)];
    const result = await preview(upload);
    expect(result.package).toBeNull();
    expect(result.problems).toEqual([expect.objectContaining({ file: '托育机构.geojson', row: 0, code: 'outside_crs_area' })]);
  });

  it('a GeoPackage with two tables and none named', async () => {
    const gpkg = path.join(dir, '人口.gpkg');
    ogr2ogr(['-update', '-nln', '人口2020', gpkg, path.join(TINY_TOWN_DIR, 'population.geojson')]);
    try {
      const result = await preview(files());
      expect(result.package).toBeNull();
      expect(result.problems).toEqual([expect.objectContaining({ file: '人口.gpkg', code: 'layer_required' })]);
      expect(result.problems[0]!.message).toContain('人口2020');
      const named = await preview(files(), { population: { file: '人口.gpkg', layer: '人口' } });
      expect(named.problems.filter((p) => p.file === '人口.gpkg')).toEqual([]);
    } finally {
      ogr2ogr(['-overwrite', '-f', 'GPKG', '-t_srs', 'EPSG:4490', '-nln', '人口', gpkg, path.join(TINY_TOWN_DIR, 'population.geojson')]);
    }
  });

  it('speaks the reader’s language', async () => {
    readLanguageFrom(() => 'en');
    try {
      const result = await preview(files().filter((f) => f.name !== '乡镇界.dbf'));
      expect(result.problems[0]!.message).toMatch(/^乡镇界\.dbf is missing/);
    } finally {
      readLanguageFrom(() => 'zh');
    }
  });
});
