/**
 * tiny-town (../shared/examples/tiny-town) converted to the files planning offices actually have, made
 * at test time by GDAL's ogr2ogr (Debian gdal-bin) and exceljs (the service itself never needs GDAL).
 * Each layer is in another format, CRS, encoding and language of headers, so one import exercises them all:
 *
 * - 乡镇界.shp: townships, Shapefile in CGCS2000 3° Gauss-Krüger CM 120°E (EPSG:4549), GBK text, no .cpg,
 *   Chinese headers (乡镇代码, 乡镇名称, 常住人口);
 * - 托育机构名录.xlsx: facilities, an Excel register with Chinese headers and values, in Amap's GCJ-02
 *   (经度/纬度), one number typed full-width (４０) and one with a thousands separator;
 * - 人口.gpkg: population, GeoPackage in CGCS2000 geographic (EPSG:4490);
 * - 项目.kml: residential projects, KML (WGS84) with their attributes as ExtendedData;
 * - 道路.geojson: roads in Web Mercator (EPSG:3857) with the old `crs` member.
 *
 * facilityAlternatives() writes the facilities two other ways: a UTF-8 Shapefile in UTM 51N whose
 * .dbf cut the Chinese headers to 10 bytes, and a GBK CSV in UTM 51N with X坐标/Y坐标.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Feature, Point } from 'geojson';
import { fromWgs84 } from '../../server/engine/geo/index.js';
import type { DiskSourceFile } from '../../server/import/readers/index.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';

/** Whether ogr2ogr is on this machine (CI installs gdal-bin). */
export function hasOgr2ogr(): boolean {
  try {
    execFileSync('ogr2ogr', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function ogr2ogr(args: string[]): void {
  execFileSync('ogr2ogr', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

const source = (name: string) => path.join(TINY_TOWN_DIR, name);

const FACILITY_TYPE: Record<string, string> = { community: '社区', private: '民办', employer: '单位办托' };
const FACILITY_STATUS: Record<string, string> = { operating: '正常运营', closed: '已停办', planned: '规划' };
const FACILITY_SQL = `SELECT id AS "机构编号", name AS "机构名称", slots AS "托位数", inclusiveSlots AS "普惠托位",
  CASE type WHEN 'community' THEN '社区' WHEN 'private' THEN '民办' WHEN 'employer' THEN '单位办托' ELSE type END AS "类型",
  CASE status WHEN 'operating' THEN '正常运营' WHEN 'closed' THEN '已停办' WHEN 'planned' THEN '规划' ELSE status END AS "状态",
  openedYear AS "开办年份", closedYear AS "停办年份", geometry FROM facilities`;

/** The facility register as an office keeps it in Excel: Chinese headers and values, GCJ-02 positions. */
async function facilityWorkbook(file: string): Promise<void> {
  const collection = JSON.parse(readFileSync(source('facilities.geojson'), 'utf8')) as { features: Feature<Point>[] };
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('托育机构');
  sheet.addRow(['机构编号', '机构名称', '托位数', '普惠托位', '类型', '状态', '开办年份', '停办年份', '经度', '纬度']);
  collection.features.forEach((f, i) => {
    const p = f.properties as Record<string, string | number | null | undefined>;
    const [lon, lat] = fromWgs84(f.geometry.coordinates as [number, number], 'GCJ-02');
    // Numbers as people type them: full-width digits in one row, text in another.
    const slots =
      i === 0 ? String(p.slots).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)) : i === 1 ? String(p.slots) : p.slots;
    sheet.addRow([
      p.id,
      p.name,
      slots,
      p.inclusiveSlots,
      FACILITY_TYPE[String(p.type)] ?? p.type,
      FACILITY_STATUS[String(p.status)] ?? p.status,
      p.openedYear ?? null,
      p.closedYear ?? null,
      lon,
      lat,
    ]);
  });
  await workbook.xlsx.writeFile(file);
}

/** Writes the office files of tiny-town into a new temporary folder and returns it. */
export async function makeOfficeFiles(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tuowei-office-'));
  ogr2ogr([
    '-f',
    'ESRI Shapefile',
    '-lco',
    'ENCODING=GBK',
    '-t_srs',
    'EPSG:4549',
    '-dialect',
    'SQLite',
    '-sql',
    'SELECT code AS "乡镇代码", name AS "乡镇名称", population AS "常住人口", geometry FROM townships',
    path.join(dir, '乡镇界.shp'),
    source('townships.geojson'),
  ]);
  rmSync(path.join(dir, '乡镇界.cpg'), { force: true });
  await facilityWorkbook(path.join(dir, '托育机构名录.xlsx'));
  ogr2ogr(['-f', 'GPKG', '-t_srs', 'EPSG:4490', '-nln', '人口', path.join(dir, '人口.gpkg'), source('population.geojson')]);
  ogr2ogr(['-f', 'KML', path.join(dir, '项目.kml'), source('projects.geojson')]);
  ogr2ogr(['-f', 'GeoJSON', '-t_srs', 'EPSG:3857', '-lco', 'RFC7946=NO', path.join(dir, '道路.geojson'), source('roads.geojson')]);
  writeFileSync(path.join(dir, 'profile.json'), readFileSync(source('profile.json')));
  return dir;
}

/**
 * The facilities two other ways, in a new folder: 托育机构.shp (UTF-8 with .cpg, UTM 51N, headers cut
 * to 10 bytes by the .dbf) and 托育机构.csv (GBK, UTM 51N in X坐标/Y坐标, no CRS in the file).
 */
export function facilityAlternatives(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tuowei-office-alt-'));
  ogr2ogr([
    '-f',
    'ESRI Shapefile',
    '-lco',
    'ENCODING=UTF-8',
    '-t_srs',
    'EPSG:32651',
    '-dialect',
    'SQLite',
    '-sql',
    FACILITY_SQL,
    path.join(dir, '托育机构.shp'),
    source('facilities.geojson'),
  ]);
  const utf8Csv = path.join(dir, 'utf8.csv');
  ogr2ogr([
    '-f',
    'CSV',
    '-t_srs',
    'EPSG:32651',
    '-dialect',
    'SQLite',
    '-sql',
    FACILITY_SQL,
    '-lco',
    'GEOMETRY=AS_XY',
    utf8Csv,
    source('facilities.geojson'),
  ]);
  const text = readFileSync(utf8Csv, 'utf8').replace(/^X,Y,/, 'X坐标,Y坐标,');
  writeFileSync(path.join(dir, '托育机构.csv'), execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: text }));
  rmSync(utf8Csv);
  return dir;
}

/** Every file of a folder as SourceFiles on disk (what an upload gives the preview: each read by its reader when needed). */
export function sourceFilesOf(dir: string): DiskSourceFile[] {
  return readdirSync(dir).map((name) => ({ name, path: path.join(dir, name), size: statSync(path.join(dir, name)).size }));
}

/** tiny-town's manifest as version 2, with nothing said about the layers (the service detects them). */
export function tinyTownManifestV2(layers: Record<string, unknown> = {}): Record<string, unknown> {
  const v1 = JSON.parse(readFileSync(source('manifest.json'), 'utf8')) as Record<string, unknown>;
  return { ...v1, version: 2, layers };
}
