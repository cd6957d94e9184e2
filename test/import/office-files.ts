/**
 * tiny-town (../shared/examples/tiny-town) converted to the files planning offices actually have, made
 * at test time by GDAL's ogr2ogr (Debian gdal-bin; the service itself never needs GDAL). Each layer is
 * in another format, CRS, encoding and language of headers, so one import exercises them all:
 *
 * - 乡镇界.shp: townships, Shapefile in CGCS2000 3° Gauss-Krüger CM 120°E (EPSG:4549), GBK text, no .cpg,
 *   Chinese headers (乡镇代码, 乡镇名称, 常住人口);
 * - 托育机构.shp: facilities, Shapefile in UTM 51N (EPSG:32651), UTF-8 with .cpg, Chinese headers and
 *   Chinese status/type values (正常运营, 社区 …);
 * - 人口.geojson: population in CGCS2000 geographic (EPSG:4490) with the old `crs` member;
 * - 道路.geojson: roads in Web Mercator (EPSG:3857) with the old `crs` member;
 * - projects.geojson: projects as they are (WGS84), read from the version-1 file name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SourceFile } from '../../server/import/readers/index.js';
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

/** Writes the office files of tiny-town into a new temporary folder and returns it. */
export function makeOfficeFiles(): string {
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
    `SELECT id AS "机构编号", name AS "机构名称", slots AS "托位数", inclusiveSlots AS "普惠托位",
       CASE type WHEN 'community' THEN '社区' WHEN 'private' THEN '民办' WHEN 'employer' THEN '单位办托' ELSE type END AS "类型",
       CASE status WHEN 'operating' THEN '正常运营' WHEN 'closed' THEN '已停办' WHEN 'planned' THEN '规划' ELSE status END AS "状态",
       openedYear AS "开办年份", closedYear AS "停办年份", geometry FROM facilities`,
    path.join(dir, '托育机构.shp'),
    source('facilities.geojson'),
  ]);
  ogr2ogr(['-f', 'GeoJSON', '-t_srs', 'EPSG:4490', '-lco', 'RFC7946=NO', path.join(dir, '人口.geojson'), source('population.geojson')]);
  ogr2ogr(['-f', 'GeoJSON', '-t_srs', 'EPSG:3857', '-lco', 'RFC7946=NO', path.join(dir, '道路.geojson'), source('roads.geojson')]);
  writeFileSync(path.join(dir, 'projects.geojson'), readFileSync(source('projects.geojson')));
  writeFileSync(path.join(dir, 'profile.json'), readFileSync(source('profile.json')));
  return dir;
}

/** Every file of a folder as SourceFiles (what an upload gives the preview). */
export function sourceFilesOf(dir: string): SourceFile[] {
  return readdirSync(dir).map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(dir, name))) }));
}

/** tiny-town's manifest as version 2, with nothing said about the layers (the service detects them). */
export function tinyTownManifestV2(layers: Record<string, unknown> = {}): Record<string, unknown> {
  const v1 = JSON.parse(readFileSync(source('manifest.json'), 'utf8')) as Record<string, unknown>;
  return { ...v1, version: 2, layers };
}
