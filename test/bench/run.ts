/**
 * Benchmarks of the walking engine (`npm run bench`). Prints figures and ratios measured in this
 * run only — no stored baselines, no timed assertions — and a Markdown summary for RESULTS.md.
 *
 * City: test/fixtures/synthetic-city.ts BENCHMARK_CITY (500,000 segments = 1,000,000 directed
 * edges, 500,000 population units, 2,000 facilities).
 * 1. Construction: walking graph and snap index (reported, not part of the coverage figure).
 * 2. Full coverage: computeCoverage for all 2,000 facilities and 500,000 units, snapping the units
 *    afresh each time (the network's cached snap is dropped): target < 1 s.
 * 3. Memory after those runs: RSS, V8 heap and peak RSS: target < 1.5 GB resident.
 * 4. One facility's 15-minute catchment (1,000 m at 4 km/h) on the same graph, target ≥ 30× faster
 *    than pgRouting:
 *    - engine: snapping the facility and the bounded Dijkstra — the nodes within reach and their
 *      distances, which is what pgr_drivingDistance returns; also the whole facilityCatchment
 *      (plus the population units reached), reported beside it;
 *    - pgRouting: pgr_drivingDistance over the edges whose GiST-indexed box meets the facility's
 *      1,000 m box, from the vertex nearest the facility (KNN, in the same statement), its rows
 *      returned to the client. Skipped with the reason printed when PostgreSQL, PostGIS or
 *      pgRouting is unavailable.
 *    Both sides first answer the same 200 warm-up facilities (V8 optimises the engine only after
 *    some calls; a running service is warm), then 5 rounds of 40 facilities each: in every round
 *    the engine, then facilityCatchment, then pgRouting answer the same 40, so that both sides see
 *    the same machine. Every facility is used once only, so no measured catchment finds its part
 *    of the graph in the CPU cache from an earlier one. Medians over the 200; the ratio of each
 *    round is printed too.
 *
 * Wall-clock times on a shared machine include waiting for the CPU; the process CPU time of the
 * coverage runs is printed beside them to show how much.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { computeCoverage, thresholdMeters } from '../../server/engine/coverage/index.js';
import {
  buildWalkGraph,
  type WalkGraph,
  facilityCatchment,
  boundedDistances,
  snapPoint,
  networkWorkspace,
  prepareWalkNetwork,
  snapPopulationUnits,
} from '../../server/engine/network/index.js';
import type { LonLat } from '../../server/model/index.js';
import { BENCHMARK_CITY, seededRandom, syntheticCity } from '../fixtures/synthetic-city.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const COVERAGE_RUNS = 7;
const CATCHMENT_ROUNDS = 5;
const CATCHMENTS_PER_ROUND = 40;
const WARM_UP_CATCHMENTS = 200;
const COVERAGE_TARGET_MS = 1000;
const CATCHMENT_TARGET_RATIO = 30;
const RSS_TARGET_BYTES = 1.5 * 1024 ** 3;

const summary: [string, string][] = [];
const record = (label: string, value: string): void => {
  summary.push([label, value]);
  console.log(`${label}: ${value}`);
};
const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const us = (valueMs: number): string => `${(valueMs * 1000).toFixed(0)} µs`;
const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
function timed<T>(run: () => T): { result: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = run();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { result, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function machine(): string {
  const cpuModel = /model name\s*:\s*(.+)/.exec(safeRead('/proc/cpuinfo'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.availableParallelism()} × ${cpuModel}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}
function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

console.log(`Tuowei walking-engine benchmark, ${new Date().toISOString()}`);
record('machine', machine());
record(
  'load average at start (1/5/15 min)',
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / '),
);

// City and construction.
const generated = timed(() => syntheticCity(BENCHMARK_CITY));
const { data } = generated.result;
const parameters = data.profile.parameters;
console.log(`synthetic city generated in ${ms(generated.wallMs)}`);
// The graph alone once, then the whole walking network (graph + snap index) that the runs use.
const graphOnlyMs = timed(() => buildWalkGraph(data.roads)).wallMs;
const prepared = timed(() => prepareWalkNetwork(data.roads, parameters));
const network = prepared.result;
const graph = network.graph!;
record(
  'city',
  `${graph.segmentCount.toLocaleString('en')} segments (${(2 * graph.segmentCount).toLocaleString('en')} directed edges), ` +
    `${graph.nodeCount.toLocaleString('en')} nodes, ${data.populationUnits.length.toLocaleString('en')} population units, ` +
    `${data.facilities.length.toLocaleString('en')} facilities`,
);
record('construction: walking graph + snap index (prepareWalkNetwork)', `${ms(prepared.wallMs)} (graph alone ${ms(graphOnlyMs)})`);

// Full coverage, snapping included.
const coverageWallMs: number[] = [];
const coverageCpuMs: number[] = [];
let coveredShare = 0;
for (let run = 0; run < COVERAGE_RUNS; run++) {
  network.populationSnap = null;
  const coverage = timed(() => computeCoverage(data, network, data.year));
  coverageWallMs.push(coverage.wallMs);
  coverageCpuMs.push(coverage.cpuMs);
  coveredShare = coverage.result.district.coverage['15']!;
}
const coverageMedianMs = median(coverageWallMs);
record(
  'full coverage (2,000 facilities, 500,000 units, snapping included)',
  `median ${ms(coverageMedianMs)} (min ${ms(Math.min(...coverageWallMs))}, max ${ms(Math.max(...coverageWallMs))}; ` +
    `process CPU median ${ms(median(coverageCpuMs))}) over ${COVERAGE_RUNS} runs`,
);
record(
  'full coverage vs the 1 s target',
  `median ${(coverageMedianMs / COVERAGE_TARGET_MS).toFixed(2)} of the target (${coverageMedianMs < COVERAGE_TARGET_MS ? 'met' : 'NOT met'}), ` +
    `best run ${(Math.min(...coverageWallMs) / COVERAGE_TARGET_MS).toFixed(2)}, process CPU ${(median(coverageCpuMs) / COVERAGE_TARGET_MS).toFixed(2)}`,
);
console.log(`  (15-minute coverage of the synthetic district: ${(coveredShare * 100).toFixed(1)} %)`);

const memory = process.memoryUsage();
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
record(
  'memory after the coverage runs',
  `RSS ${mb(memory.rss)}, V8 heap used ${mb(memory.heapUsed)}, typed arrays ${mb(memory.arrayBuffers)}`,
);
record('peak RSS of the whole run so far', `${mb(peakRssBytes)} (${peakRssBytes < RSS_TARGET_BYTES ? 'under' : 'OVER'} the 1.5 GB target)`);

// One facility's catchment: engine vs pgRouting, in the same rounds so that both sides see the
// same machine (other processes on a shared machine change both at once).
const catchmentM = thresholdMeters(parameters.walkSpeedKmh, 15);
const random = seededRandom(7);
// Distinct facilities throughout: no measured catchment finds its part of the graph already in the
// CPU cache from the warm-up or from an earlier round.
const catchmentFacilities: LonLat[] = distinctSample(
  data.facilities.length,
  WARM_UP_CATCHMENTS + CATCHMENT_ROUNDS * CATCHMENTS_PER_ROUND,
  random,
).map((k) => {
  const f = data.facilities[k]!;
  return [f.lon, f.lat];
});
snapPopulationUnits(network, data.populationUnits);
const workspace = networkWorkspace(network)!;
/** What pgr_drivingDistance computes: the facility's start on the network and every node within reach. */
const engineReach = (facility: LonLat): number => {
  const start = snapPoint(network.snapIndex!, facility, parameters.maxSnapMeters);
  return start === null ? 0 : boundedDistances(graph, [start], catchmentM, workspace).reachedNodes.length;
};
/** The engine's whole catchment: the same walk, then the population units it reaches. */
const engineCatchment = (facility: LonLat): number =>
  facilityCatchment(network, facility, catchmentM, data.populationUnits).unitIndexes.length;

const reason = await pgRoutingUnavailable();
const pgRouting = reason === null ? await loadPgRouting(graph) : null;
if (pgRouting !== null) record('PostgreSQL load of the same graph (nodes, edges, GiST indexes)', ms(pgRouting.loadMs));
try {
  // Warm-up, as a running service is warm: V8 compiles the engine's loops only after some calls,
  // and PostgreSQL plans and caches as it goes. Its facilities are not measured.
  const warmUp = catchmentFacilities.slice(0, WARM_UP_CATCHMENTS);
  for (const facility of warmUp) {
    engineReach(facility);
    engineCatchment(facility);
    if (pgRouting !== null) await pgRouting.catchment(facility, catchmentM);
  }
  const engineReachMs: number[] = [];
  const engineCatchmentMs: number[] = [];
  const pgrMs: number[] = [];
  const roundRatios: string[] = [];
  let engineReachedNodes = 0;
  let engineReachedUnits = 0;
  let pgrReachedNodes = 0;
  for (let round = 0; round < CATCHMENT_ROUNDS; round++) {
    const first = WARM_UP_CATCHMENTS + round * CATCHMENTS_PER_ROUND;
    const facilities = catchmentFacilities.slice(first, first + CATCHMENTS_PER_ROUND);
    const roundReachMs: number[] = [];
    for (const facility of facilities) {
      const reach = timed(() => engineReach(facility));
      roundReachMs.push(reach.wallMs);
      engineReachedNodes += reach.result;
    }
    for (const facility of facilities) {
      const catchment = timed(() => engineCatchment(facility));
      engineCatchmentMs.push(catchment.wallMs);
      engineReachedUnits += catchment.result;
    }
    engineReachMs.push(...roundReachMs);
    if (pgRouting === null) continue;
    const roundPgrMs: number[] = [];
    for (const facility of facilities) {
      const started = performance.now();
      pgrReachedNodes += await pgRouting.catchment(facility, catchmentM);
      roundPgrMs.push(performance.now() - started);
    }
    pgrMs.push(...roundPgrMs);
    roundRatios.push(`${(median(roundPgrMs) / median(roundReachMs)).toFixed(0)}×`);
  }
  const measured = CATCHMENT_ROUNDS * CATCHMENTS_PER_ROUND;
  const engineReachMedianMs = median(engineReachMs);
  const engineCatchmentMedianMs = median(engineCatchmentMs);
  record(
    'catchment 1,000 m, engine: snap + nodes within reach (what pgr_drivingDistance returns)',
    `median ${us(engineReachMedianMs)} over ${measured} facilities, ~${Math.round(engineReachedNodes / measured)} nodes reached`,
  );
  record(
    'catchment 1,000 m, engine: facilityCatchment (the same + population units reached)',
    `median ${us(engineCatchmentMedianMs)}, ~${Math.round(engineReachedUnits / measured)} units reached`,
  );
  if (pgRouting === null) {
    record('catchment 1,000 m, pgr_drivingDistance', `not measured: ${reason}`);
  } else {
    const pgrMedianMs = median(pgrMs);
    record(
      'catchment 1,000 m, pgr_drivingDistance (bbox-filtered edges, KNN start vertex, rows returned)',
      `median ${us(pgrMedianMs)} over ${measured} facilities, ~${Math.round(pgrReachedNodes / measured)} nodes reached`,
    );
    const ratio = pgrMedianMs / engineReachMedianMs;
    record(
      'catchment ratio pgRouting ÷ engine (same output: nodes within reach)',
      `${ratio.toFixed(0)}× (${ratio >= CATCHMENT_TARGET_RATIO ? 'meets' : 'DOES NOT meet'} the ≥ 30× target); ` +
        `per round of ${CATCHMENTS_PER_ROUND}: ${roundRatios.join(', ')}`,
    );
    record(
      'catchment ratio pgRouting ÷ engine facilityCatchment (engine also finds the units)',
      `${(pgrMedianMs / engineCatchmentMedianMs).toFixed(0)}×`,
    );
  }
} finally {
  await pgRouting?.close();
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

/** `count` distinct integers from 0…n−1 in random order (partial Fisher–Yates). */
function distinctSample(n: number, count: number, random: () => number): number[] {
  const pool = Array.from({ length: n }, (_, k) => k);
  for (let k = 0; k < count; k++) {
    const pick = k + Math.floor(random() * (n - k));
    [pool[k], pool[pick]] = [pool[pick]!, pool[k]!];
  }
  return pool.slice(0, count);
}

/** Why the pgRouting half cannot run, or null. */
async function pgRoutingUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  try {
    await client.connect();
    const available = await client.query<{ name: string }>(
      `SELECT name FROM pg_available_extensions WHERE name IN ('postgis', 'pgrouting')`,
    );
    const names = new Set(available.rows.map((r) => r.name));
    const missing = ['postgis', 'pgrouting'].filter((n) => !names.has(n));
    return missing.length > 0 ? `PostgreSQL extension(s) not installed: ${missing.join(', ')}` : null;
  } catch (error) {
    return `PostgreSQL not reachable at ${DATABASE_URL} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface PgRoutingBench {
  loadMs: number;
  /** One pgr_drivingDistance catchment; resolves to the number of nodes reached. */
  catchment(facility: LonLat, distanceM: number): Promise<number>;
  /** Drops the database. */
  close(): Promise<void>;
}

/**
 * Loads the graph into a fresh database (random suffix, dropped by close()). Node ids are engine
 * node + 1, edge ids segment + 1, cost the engine's segment length, so both sides walk the same graph.
 */
async function loadPgRouting(walkGraph: WalkGraph): Promise<PgRoutingBench> {
  const databaseName = `tuowei_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${databaseName}`;
  const client = new pg.Client({ connectionString: url.toString() });
  const dropDatabase = async (): Promise<void> => {
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  };
  try {
    await client.connect();
    const loadStart = performance.now();
    await client.query('CREATE EXTENSION postgis');
    await client.query('CREATE EXTENSION pgrouting');
    await client.query('CREATE TABLE nodes (id int PRIMARY KEY, geom geometry(Point, 4326))');
    await client.query('CREATE TABLE edges (id int PRIMARY KEY, source int, target int, cost float8, geom geometry(LineString, 4326))');
    const { nodeLon, nodeLat, segmentFrom, segmentTo, segmentLengthM } = walkGraph;
    const chunk = 50_000;
    for (let first = 0; first < walkGraph.nodeCount; first += chunk) {
      const ids = Array.from({ length: Math.min(chunk, walkGraph.nodeCount - first) }, (_, k) => first + k);
      await client.query(
        `INSERT INTO nodes SELECT id + 1, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
         FROM unnest($1::int[], $2::float8[], $3::float8[]) AS n(id, lon, lat)`,
        [ids, ids.map((n) => nodeLon[n]!), ids.map((n) => nodeLat[n]!)],
      );
    }
    for (let first = 0; first < walkGraph.segmentCount; first += chunk) {
      const ids = Array.from({ length: Math.min(chunk, walkGraph.segmentCount - first) }, (_, k) => first + k);
      const from = ids.map((s) => segmentFrom[s]!);
      const to = ids.map((s) => segmentTo[s]!);
      await client.query(
        `INSERT INTO edges
         SELECT id + 1, source + 1, target + 1, cost,
                ST_SetSRID(ST_MakeLine(ST_MakePoint(x1, y1), ST_MakePoint(x2, y2)), 4326)
         FROM unnest($1::int[], $2::int[], $3::int[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[])
           AS e(id, source, target, cost, x1, y1, x2, y2)`,
        [
          ids,
          from,
          to,
          ids.map((s) => segmentLengthM[s]!),
          from.map((n) => nodeLon[n]!),
          from.map((n) => nodeLat[n]!),
          to.map((n) => nodeLon[n]!),
          to.map((n) => nodeLat[n]!),
        ],
      );
    }
    await client.query('CREATE INDEX ON edges USING gist (geom)');
    await client.query('CREATE INDEX ON nodes USING gist (geom)');
    await client.query('ANALYZE nodes');
    await client.query('ANALYZE edges');
    const loadMs = performance.now() - loadStart;
    return {
      loadMs,
      async catchment([lon, lat], distanceM) {
        // Nothing beyond distanceM in a straight line can be reached within distanceM on foot.
        const dLat = (distanceM / 110_574) * 1.01;
        const dLon = (distanceM / (111_320 * Math.cos((lat * Math.PI) / 180))) * 1.01;
        const edgesSql =
          'SELECT id, source, target, cost, cost AS reverse_cost FROM edges ' +
          `WHERE geom && ST_MakeEnvelope(${lon - dLon}, ${lat - dLat}, ${lon + dLon}, ${lat + dLat}, 4326)`;
        // The reached nodes and their distances come back to the caller, as the engine's do.
        const result = await client.query<{ node: string; agg_cost: number }>(
          `SELECT node, agg_cost FROM pgr_drivingDistance($1,
             (SELECT id FROM nodes ORDER BY geom <-> ST_SetSRID(ST_MakePoint($2, $3), 4326) LIMIT 1),
             $4, directed => false)`,
          [edgesSql, lon, lat, distanceM],
        );
        return result.rows.length;
      },
      async close() {
        await client.end().catch(() => undefined);
        await dropDatabase();
      },
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    await dropDatabase();
    throw error;
  }
}
