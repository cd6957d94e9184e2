/**
 * Import benchmark (`npm run bench`, or alone: `npx tsx test/bench/import.bench.ts [--osm-mb 300] [--county-scale 1]`).
 * Prints figures and ratios measured in this run only, and a Markdown summary for RESULTS.md.
 *
 * 1. A province-sized OpenStreetMap extract (synthetic-osm.ts, ≈ 300 MB of .osm.pbf, seeded, cached):
 *    the streaming roads reader (server/import/osm/osm-roads.ts) reads every walkable way, then only
 *    those near a county of 25 townships (keepNear, 1,500 m); seconds, MB/s and peak memory (RSS
 *    high-water mark of a child process that does only that read). Reference, where GDAL is
 *    installed: `ogr2ogr -f GeoJSON` of the same file's `lines` layer (GDAL's OSM driver, which also
 *    makes two passes with a node index), its seconds and peak memory (GNU time's %M).
 * 2. A county's Shapefile set (synthetic-county.ts: 25 townships, 20,000 facilities and population
 *    units, 200,344 road segments, EPSG:4549, GBK without .cpg): read with the version-2 Shapefile
 *    reader (server/import/readers/shapefile.ts: .dbf encoding decided, every feature as GeoJSON in
 *    the file's coordinates); reference: `ogr2ogr -f GeoJSON` of each Shapefile (four processes).
 * Both sides of a ratio run one after the other on the same machine; every run is a fresh process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { syntheticCounty } from './synthetic-county.js';
import { syntheticExtract } from './synthetic-osm.js';

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const OSM_MB = argument('osm-mb', 300);
const COUNTY_SCALE = argument('county-scale', 1);
const SEED = 2026;
const MARGIN_M = 1500; // 15 min at 4 km/h + maxSnapMeters 500

const summary: [string, string][] = [];
const record = (label: string, value: string): void => {
  summary.push([label, value]);
  console.log(`${label}: ${value}`);
};
const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
const s = (seconds: number): string => `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const child = join(import.meta.dirname, 'import-child.ts');

interface ChildResult {
  seconds: number;
  peakRssMb: number;
  baselineRssMb: number;
  [key: string]: unknown;
}
function runChild(...args: string[]): ChildResult {
  const output = execFileSync(tsx, [child, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(output.trim().split('\n').pop()!) as ChildResult;
}

const hasGdal = spawnSync('ogr2ogr', ['--version'], { stdio: 'ignore' }).status === 0;
const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;
/** Seconds and peak RSS (MB) of one ogr2ogr run, or null without GDAL or GNU time. */
function ogr2ogr(args: string[]): { seconds: number; peakRssMb: number } | null {
  if (!hasGdal || !hasTime) return null;
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', 'ogr2ogr', ...args], { encoding: 'utf8' });
  const line = /TIME ([\d.]+) (\d+)/.exec(result.stderr);
  if (result.status !== 0 || !line) throw new Error(`ogr2ogr failed: ${result.stderr.slice(-500)}`);
  return { seconds: Number(line[1]), peakRssMb: Number(line[2]) / 1024 };
}

/** Part 1: the OpenStreetMap extract, read all and near a county, against ogr2ogr. */
async function osmBenchmark(): Promise<void> {
  const generating = performance.now();
  const extract = await syntheticExtract(OSM_MB * 1024 ** 2, SEED);
  console.log(
    `extract ${extract.path}: ${mb(extract.bytes)}, ${extract.tiles} tiles, ${extract.cached ? 'from the cache' : `generated in ${s((performance.now() - generating) / 1000)}`}`,
  );
  record('OSM extract (synthetic, seeded)', `${mb(extract.bytes)} .osm.pbf, ${extract.tiles.toLocaleString('en')} tiles of 0.01°`);
  const all = runChild('osm', extract.path);
  const fileMb = extract.bytes / 1024 ** 2;
  record(
    'OSM read, every walkable way',
    `${s(all.seconds)} (${(fileMb / all.seconds).toFixed(1)} MB/s of file; pass 2 read ${mb((all.bytesRead as number[])[1]!)}), ` +
      `peak RSS ${all.peakRssMb.toFixed(0)} MB (runtime alone ${all.baselineRssMb.toFixed(0)} MB), ` +
      `${(all.roads as number).toLocaleString('en')} ways, ${(all.nodesNeeded as number).toLocaleString('en')} nodes, index ${mb(all.indexBytes as number)}`,
  );
  // A county of 5 × 5 townships of 8 km in the middle of the extract.
  const [west, south, east, north] = extract.box;
  const middle: [number, number] = [(west + east) / 2, (south + north) / 2];
  const townshipDeg = 0.08;
  const boxes = Array.from({ length: 25 }, (_, k) => {
    const lon = middle[0] + ((k % 5) - 2.5) * townshipDeg;
    const lat = middle[1] + (Math.floor(k / 5) - 2.5) * townshipDeg;
    return [lon, lat, lon + townshipDeg, lat + townshipDeg];
  });
  const near = runChild('osm', extract.path, JSON.stringify({ boxes, marginM: MARGIN_M }));
  record(
    'OSM read, ways near a county (25 townships, 1,500 m)',
    `${s(near.seconds)} (${(fileMb / near.seconds).toFixed(1)} MB/s), peak RSS ${near.peakRssMb.toFixed(0)} MB, ` +
      `${(near.roads as number).toLocaleString('en')} ways kept, ${(near.farWays as number).toLocaleString('en')} left out`,
  );
  const gdal = ogr2ogr(['-f', 'GeoJSON', join(work, 'lines.geojson'), extract.path, 'lines']);
  if (gdal === null) record('OSM reference ogr2ogr -f GeoJSON (lines)', 'not measured: GDAL (ogr2ogr) or GNU time not installed');
  else {
    record(
      'OSM reference ogr2ogr -f GeoJSON (lines layer)',
      `${s(gdal.seconds)} (${(fileMb / gdal.seconds).toFixed(1)} MB/s), peak RSS ${gdal.peakRssMb.toFixed(0)} MB`,
    );
    record(
      'OSM ratio reader ÷ ogr2ogr (time; peak memory)',
      `every way: ${(all.seconds / gdal.seconds).toFixed(2)}× the time, ${(all.peakRssMb / gdal.peakRssMb).toFixed(2)}× the peak memory; ` +
        `county: ${(near.seconds / gdal.seconds).toFixed(2)}× the time, ${(near.peakRssMb / gdal.peakRssMb).toFixed(2)}× the peak memory`,
    );
    rmSync(join(work, 'lines.geojson'), { force: true });
  }
}

console.log(`Tuowei import benchmark, ${new Date().toISOString()}`);
record(
  'machine',
  `${os.availableParallelism()} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}`,
);
record(
  'load average at start (1/5/15 min)',
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / '),
);
const work = mkdtempSync(join(os.tmpdir(), 'tuowei-bench-import-'));

try {
  // 1. OpenStreetMap extract.
  if (spawnSync('osmium', ['--version'], { stdio: 'ignore' }).status !== 0)
    record('OSM extract', 'not measured: osmium-tool is needed to make it');
  else await osmBenchmark();

  // 2. County Shapefile set.
  if (!hasGdal) record('county Shapefile set', 'not measured: GDAL (ogr2ogr) is needed to make it');
  else {
    const county = syntheticCounty(SEED, COUNTY_SCALE);
    const { counts } = county;
    record(
      'county set (synthetic, seeded; EPSG:4549, GBK, no .cpg)',
      `${counts.townships} townships, ${(counts.facilities + counts.populationUnits).toLocaleString('en')} facilities + population units, ${counts.roadSegments.toLocaleString('en')} road segments`,
    );
    const shapefileBytes = ['townships', 'facilities', 'population', 'roads'].reduce(
      (sum, name) => sum + ['.shp', '.dbf', '.shx'].reduce((bytes, ext) => bytes + statSync(join(county.shapefileDir, name + ext)).size, 0),
      0,
    );
    const ours = runChild('shapefile', county.shapefileDir);
    record(
      'county read: version-2 Shapefile reader',
      `${s(ours.seconds)} (${(shapefileBytes / 1024 ** 2 / ours.seconds).toFixed(1)} MB/s of Shapefile), peak RSS ${ours.peakRssMb.toFixed(0)} MB (runtime alone ${ours.baselineRssMb.toFixed(0)} MB)`,
    );
    let seconds = 0;
    let peak = 0;
    for (const name of ['townships', 'facilities', 'population', 'roads']) {
      const run = ogr2ogr(['-f', 'GeoJSON', join(work, `${name}.geojson`), join(county.shapefileDir, `${name}.shp`)]);
      if (run === null) break;
      seconds += run.seconds;
      peak = Math.max(peak, run.peakRssMb);
    }
    if (seconds > 0) {
      record('county reference ogr2ogr -f GeoJSON (4 Shapefiles)', `${s(seconds)}, peak RSS ${peak.toFixed(0)} MB`);
      record(
        'county ratio ours ÷ ogr2ogr (time; peak memory)',
        `${(ours.seconds / seconds).toFixed(2)}× the time, ${(ours.peakRssMb / peak).toFixed(2)}× the peak memory`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
record(
  'load average at end (1/5/15 min)',
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / '),
);

console.log('\nMarkdown for test/bench/RESULTS.md:\n');
console.log(`| measure | value |\n|---|---|`);
for (const [label, value] of summary) console.log(`| ${label} | ${value} |`);
