/**
 * A county's data as its GIS desk would send it, for the import benchmark: Shapefiles in CGCS2000
 * 3° Gauss-Krüger (EPSG:4549) with GBK text and no .cpg (ArcGIS's habit) — 25 townships, 5,000
 * facilities and 15,000 population units (20,000 points), 200,344 road segments, one feature each
 * (how road centre lines are delivered, not OSM's long ways). Made from the seeded synthetic city
 * (test/fixtures/synthetic-city.ts) as GeoJSON, then converted by GDAL's ogr2ogr; cached by its
 * parameters in the system's temp folder. `scale` shrinks every count for a quick check.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticCity } from '../fixtures/synthetic-city.js';

const LAYOUT_VERSION = 1;

export interface SyntheticCounty {
  /** Folder of the GeoJSON files (WGS84, UTF-8). */
  geojsonDir: string;
  /** Folder of the Shapefiles (EPSG:4549, GBK, no .cpg). */
  shapefileDir: string;
  counts: { townships: number; facilities: number; populationUnits: number; roadSegments: number };
  cached: boolean;
}

export function syntheticCounty(seed: number, scale = 1): SyntheticCounty {
  const root = join(tmpdir(), 'tuowei-bench-cache', `county-v${LAYOUT_VERSION}-s${seed}-x${scale}`);
  const geojsonDir = join(root, 'geojson');
  const shapefileDir = join(root, 'shapefile');
  const gridSide = Math.max(3, Math.round(317 * Math.sqrt(scale)));
  const city = syntheticCity({
    seed,
    gridSide,
    blockM: 100,
    jitterM: 20,
    diagonals: 0,
    populationUnits: Math.round(15_000 * scale),
    facilities: Math.round(5_000 * scale),
    townshipsPerSide: 5,
    origin: [120.45, 27.85],
  }).data;
  const counts = {
    townships: city.townships.length,
    facilities: city.facilities.length,
    populationUnits: city.populationUnits.length,
    roadSegments: city.roads.reduce((sum, road) => sum + (road.geometry.coordinates.length - 1), 0),
  };
  if (existsSync(shapefileDir)) return { geojsonDir, shapefileDir, counts, cached: true };

  rmSync(root, { recursive: true, force: true });
  mkdirSync(geojsonDir, { recursive: true });
  const collection = (features: unknown[]): string => JSON.stringify({ type: 'FeatureCollection', features });
  writeFileSync(
    join(geojsonDir, 'townships.geojson'),
    collection(
      city.townships.map((t, k) => ({
        type: 'Feature',
        properties: { XZQDM: t.code, 乡镇名称: `乡镇${k + 1}`, 常住人口: t.population },
        geometry: t.geometry,
      })),
    ),
  );
  writeFileSync(
    join(geojsonDir, 'facilities.geojson'),
    collection(
      city.facilities.map((f, k) => ({
        type: 'Feature',
        properties: { 机构编号: f.id, 机构名称: `托育机构${k + 1}`, 托位数: f.slots, 普惠托位: f.inclusiveSlots, 状态: '正常运营' },
        geometry: { type: 'Point', coordinates: [f.lon, f.lat] },
      })),
    ),
  );
  writeFileSync(
    join(geojsonDir, 'population.geojson'),
    collection(
      city.populationUnits.map((u) => ({
        type: 'Feature',
        properties: { 编号: u.id, 人口: u.population },
        geometry: { type: 'Point', coordinates: [u.lon, u.lat] },
      })),
    ),
  );
  const segments: unknown[] = [];
  for (const [w, road] of city.roads.entries()) {
    const line = road.geometry.coordinates as number[][];
    for (let k = 1; k < line.length; k++)
      segments.push({
        type: 'Feature',
        properties: { 道路名称: `道路${w + 1}`, highway: 'residential' },
        geometry: { type: 'LineString', coordinates: [line[k - 1], line[k]] },
      });
  }
  writeFileSync(join(geojsonDir, 'roads.geojson'), collection(segments));

  const partial = `${shapefileDir}.partial`;
  mkdirSync(partial, { recursive: true });
  for (const name of ['townships', 'facilities', 'population', 'roads']) {
    execFileSync(
      'ogr2ogr',
      [
        '-f',
        'ESRI Shapefile',
        '-t_srs',
        'EPSG:4549',
        '-lco',
        'ENCODING=GBK',
        join(partial, `${name}.shp`),
        join(geojsonDir, `${name}.geojson`),
      ],
      {
        stdio: 'pipe',
      },
    );
  }
  // ArcGIS writes no .cpg: the reader must find GBK itself.
  for (const name of readdirSync(partial)) if (name.endsWith('.cpg')) rmSync(join(partial, name));
  renameSync(partial, shapefileDir);
  return { geojsonDir, shapefileDir, counts, cached: false };
}
