/**
 * One import read of the import benchmark (import.bench.ts), in its own process so that its peak
 * memory (the kernel's RSS high-water mark, process.resourceUsage().maxRSS) is the read's alone.
 * Prints one JSON line: seconds, peak RSS and the RSS high-water mark before reading (the runtime's
 * own), and what was read.
 *
 *   tsx test/bench/import-child.ts osm <file.osm.pbf> [keepNear JSON]
 *   tsx test/bench/import-child.ts shapefile <folder>   (every .shp in it, through the Shapefile reader)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOsmRoads, type ReadOsmRoadsOptions } from '../../server/import/osm/osm-roads.js';
import { shapefileReader } from '../../server/import/readers/shapefile.js';

const [kind, target, extra] = process.argv.slice(2);
const baselineKb = process.resourceUsage().maxRSS;
const started = performance.now();
let read: Record<string, unknown>;

if (kind === 'osm') {
  const keepNear = extra ? (JSON.parse(extra) as ReadOsmRoadsOptions['keepNear']) : undefined;
  const { roads, stats } = await readOsmRoads(target!, { keepNear });
  const vertices = roads.reduce((sum, road) => sum + road.geometry.coordinates.length, 0);
  read = { roads: roads.length, vertices, ...stats };
} else if (kind === 'shapefile') {
  const files = new Map(readdirSync(target!).map((name) => [name, { name, bytes: new Uint8Array(readFileSync(join(target!, name))) }]));
  const features: Record<string, number> = {};
  for (const [name, file] of files) {
    if (!name.endsWith('.shp')) continue;
    const layer = await shapefileReader.readLayer(file, files, {});
    features[name] = layer.features.length;
  }
  read = { features };
} else {
  throw new Error(`unknown kind ${kind}`);
}

const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, baselineRssMb: baselineKb / 1024, ...read }));
