/**
 * Benchmark (not a test) of a compliance footprint's geometry on the Ouhai demo's townships: the largest
 * simple footprint the public limits allow (MAX_FOOTPRINT_VERTICES vertices over a third of the district),
 * through the self-intersection check and the bounding-box-prefiltered township overlap, against the
 * reference of the same run: intersecting it with every township without the prefilter (the code before
 * issue #14). Target: < 200 ms for the worst footprint.
 *
 *   npx tsx test/bench/footprint.bench.ts
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { area, feature, featureCollection, intersect } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { footprintSelfIntersection, townshipsOfFootprint } from '../../server/engine/geo/index.js';
import type { Township } from '../../server/model/index.js';
import { MAX_FOOTPRINT_VERTICES } from '../../server/schemas/compliance.js';

const townships: Township[] = (
  JSON.parse(readFileSync(new URL('../../data/ouhai-demo/townships.geojson', import.meta.url), 'utf8')) as {
    features: { properties: { code: string; name: string; population: number }; geometry: Polygon | MultiPolygon }[];
  }
).features.map((f) => ({
  code: f.properties.code,
  name: f.properties.name,
  population: f.properties.population,
  populationUnder3: null,
  district: null,
  geometry: f.geometry,
}));

const [cx, cy, r] = [120.6, 28.02, 0.09];
const ring: [number, number][] = [];
for (let i = 0; i < MAX_FOOTPRINT_VERTICES - 1; i++) {
  const angle = (i * 2 * Math.PI) / (MAX_FOOTPRINT_VERTICES - 1);
  const radius = r * (0.85 + 0.15 * Math.sin(i / 7));
  ring.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
}
ring.push(ring[0]!);
const footprint: Polygon = { type: 'Polygon', coordinates: [ring] };

function median(run: () => void, times = 15): number {
  run();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

const kinksOnly = median(() => footprintSelfIntersection(footprint));
console.log(`  of which the self-intersection check: ${kinksOnly.toFixed(1)} ms`);
const now = median(() => {
  if (footprintSelfIntersection(footprint)) throw new Error('the benchmark footprint must be simple');
  townshipsOfFootprint(townships, footprint);
});
const before = median(() => {
  const f = feature(footprint);
  for (const t of townships) {
    const overlap = intersect(featureCollection([f, feature(t.geometry)]));
    if (overlap) area(overlap);
  }
});
console.log(
  `footprint of ${MAX_FOOTPRINT_VERTICES} vertices over ${townships.length} townships: ${now.toFixed(1)} ms (target 200 ms: ratio ${(now / 200).toFixed(2)})`,
);
console.log(
  `  without the bounding-box prefilter (reference, same run): ${before.toFixed(1)} ms; now / reference = ${(now / before).toFixed(2)}`,
);
