/**
 * Routing oracle on a real network: walking distances of our engine on the OpenStreetMap ways of
 * Monaco against an independent PostGIS + pgRouting computation of DATA_FORMAT.md's definition
 * (see pgrouting-monaco.ts), for 6 facilities and 300 seeded random points.
 *
 * Agreement: every facility–point pair within the bound (1,000 m and 3,000 m) on either side is
 * within the bound on the other and differs by at most max(1 m, 0.1 %); points off the network
 * (> maxSnapMeters) are the same on both sides.
 *
 * Skipped, with the reason printed, only when PostGIS/pgRouting are not available on the server
 * (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test) or the shared data is missing.
 * Runs in its own database with a random suffix, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWalkGraph,
  snapPoint,
  distancesToSnappedTargets,
  prepareWalkNetwork,
  snapTargets,
  type SnappedTargets,
  type WalkNetwork,
} from '../../server/engine/network/index.js';
import type { LonLat, PlanningParameters } from '../../server/model/index.js';
import { randomPoints, seededRandom } from '../fixtures/synthetic-city.js';
import { monacoDataAvailable, monacoRoads, readMonacoWays, type MonacoWay } from './monaco-roads.js';
import { buildSqlNetwork, snapInSql, walkingDistancesInSql, type SqlSnap } from './pgrouting-monaco.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MAX_SNAP_M = 500;
const BOUNDS_M = [1000, 3000];
const TOLERANCE_M = 1;
const TOLERANCE_SHARE = 0.001;
/** The SQL side searches past the largest bound, so that pairs just beyond it are still measured. */
const SQL_SEARCH_M = 3100;

/** Six facilities spread over Monaco, each a little off its street. */
const FACILITIES: LonLat[] = [
  [7.42305, 43.73105], // Monaco-Ville, near the palace
  [7.41605, 43.72905], // Fontvieille
  [7.42005, 43.73555], // La Condamine
  [7.42805, 43.73955], // Monte-Carlo, near the casino
  [7.43405, 43.74655], // Larvotto
  [7.41205, 43.73205], // Jardin Exotique
];
/** 300 points over central Monaco and its neighbours, some out at sea beyond maxSnapMeters. */
const TARGETS: LonLat[] = randomPoints(seededRandom(20_240_615), 300, [7.402, 43.722, 7.442, 43.754]);

const parameters: PlanningParameters = {
  walkSpeedKmh: 4,
  thresholdsMin: [5, 10, 15],
  detourFactor: 1.3,
  maxSnapMeters: MAX_SNAP_M,
  personsPerHousehold: 2.8,
  newCommunitySlotsPer1000: 10,
  healthCenterMinPopulation: 20000,
  populationGridSpacingM: 200,
  maxPopulationGridPoints: 5000,
};

/** Why the oracle cannot run here, or null when it can. */
async function skipReason(): Promise<string | null> {
  if (!monacoDataAvailable()) return 'the shared Monaco extract (monaco_highways.geojson) is missing';
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const available = await client.query<{ name: string }>(
      `SELECT name FROM pg_available_extensions WHERE name IN ('postgis', 'pgrouting')`,
    );
    const names = new Set(available.rows.map((r) => r.name));
    const missing = ['postgis', 'pgrouting'].filter((n) => !names.has(n));
    return missing.length > 0 ? `PostgreSQL extension(s) not installed: ${missing.join(', ')}` : null;
  } finally {
    await client.end();
  }
}

const reason = await skipReason();
if (reason !== null) console.warn(`monaco-pgrouting oracle SKIPPED: ${reason}`);

function withinTolerance(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(TOLERANCE_M, TOLERANCE_SHARE * Math.max(a, b));
}

describe.skipIf(reason !== null)('Monaco walking distances: engine vs PostGIS + pgRouting', () => {
  const databaseName = `tuowei_oracle_${randomBytes(4).toString('hex')}`;
  let admin: pg.Client;
  let client: pg.Client;
  let ways: MonacoWay[];
  let network: WalkNetwork;
  let engineTargets: SnappedTargets;
  let sqlFacilities: (SqlSnap | null)[];
  let sqlTargets: (SqlSnap | null)[];
  /** SQL walking distance for `${facilityPid}:${targetPid}`. */
  let sqlDistances: Map<string, number>;
  let sqlFigures: Awaited<ReturnType<typeof buildSqlNetwork>>;

  beforeAll(async () => {
    ways = readMonacoWays();
    network = prepareWalkNetwork(monacoRoads(ways), parameters);
    engineTargets = snapTargets(network, TARGETS);

    admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    const url = new URL(DATABASE_URL);
    url.pathname = `/${databaseName}`;
    client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await client.query('CREATE EXTENSION IF NOT EXISTS pgrouting');
    sqlFigures = await buildSqlNetwork(client, ways);
    // pids 1…6 are the facilities, 7…306 the targets.
    const snaps = await snapInSql(client, [...FACILITIES, ...TARGETS], MAX_SNAP_M);
    sqlFacilities = snaps.slice(0, FACILITIES.length);
    sqlTargets = snaps.slice(FACILITIES.length);
    const facilityPids = FACILITIES.map((_, i) => i + 1);
    const targetPids = TARGETS.map((_, i) => FACILITIES.length + i + 1).filter((pid) => snaps[pid - 1] !== null);
    sqlDistances = await walkingDistancesInSql(client, facilityPids, targetPids, SQL_SEARCH_M);
  });

  afterAll(async () => {
    await client?.end();
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await admin.end();
    }
  });

  /** SQL walking distance from facility f to target t (indexes), Infinity when unreachable. */
  function sqlDistanceM(f: number, t: number): number {
    return sqlDistances.get(`${f + 1}:${FACILITIES.length + t + 1}`) ?? Infinity;
  }

  it('builds the same graph from the same ways (foot=no and untagged motorways/trunks left out)', () => {
    const graph = buildWalkGraph(monacoRoads(ways));
    expect(sqlFigures.walkableWays).toBeLessThan(ways.length);
    expect(graph.segmentCount).toBe(sqlFigures.edges);
    expect(graph.nodeCount).toBe(sqlFigures.vertices);
  });

  it('snaps the same points within maxSnapMeters, with legs equal to 1 cm', () => {
    for (let f = 0; f < FACILITIES.length; f++) {
      const engine = snapPoint(network.snapIndex!, FACILITIES[f]!, MAX_SNAP_M);
      expect(engine, `facility ${f}`).not.toBeNull();
      expect(sqlFacilities[f], `facility ${f}`).not.toBeNull();
      expect(Math.abs(engine!.legM - sqlFacilities[f]!.legM), `facility ${f} leg`).toBeLessThanOrEqual(0.01);
    }
    let unsnapped = 0;
    for (let t = 0; t < TARGETS.length; t++) {
      const engineSnapped = engineTargets.segment[t]! >= 0;
      expect(engineSnapped, `point ${t} snapped`).toBe(sqlTargets[t] !== null);
      if (!engineSnapped) unsnapped++;
      else expect(Math.abs(engineTargets.legM[t]! - sqlTargets[t]!.legM), `point ${t} leg`).toBeLessThanOrEqual(0.01);
    }
    // Some points lie out at sea, farther than maxSnapMeters from any way; most do not.
    expect(unsnapped).toBeGreaterThan(0);
    expect(unsnapped).toBeLessThan(TARGETS.length / 4);
  });

  for (const boundM of BOUNDS_M) {
    it(`agrees on every facility–point pair within ${boundM} m: same reachability, distances to max(1 m, 0.1 %)`, () => {
      // Searched a little past the bound so that a pair just inside it on one side is measured, not cut off.
      const searchM = boundM * (1 + TOLERANCE_SHARE) + TOLERANCE_M;
      let inside = 0;
      let outside = 0;
      for (let f = 0; f < FACILITIES.length; f++) {
        const engine = distancesToSnappedTargets(network, [FACILITIES[f]!], engineTargets, searchM);
        for (let t = 0; t < TARGETS.length; t++) {
          const engineM = engine.distanceM[t]!;
          const sqlM = sqlDistanceM(f, t);
          if (Math.min(engineM, sqlM) > boundM) {
            outside++;
            continue;
          }
          inside++;
          expect(withinTolerance(engineM, sqlM), `facility ${f} → point ${t}: engine ${engineM} m, SQL ${sqlM} m`).toBe(true);
        }
      }
      // Both kinds of pair occur in numbers, so neither half of the check is vacuous.
      expect(inside).toBeGreaterThan(100);
      expect(outside).toBeGreaterThan(100);
    });
  }

  it('multi-source: each point gets the distance of its nearest facility on both sides', () => {
    const boundM = BOUNDS_M[BOUNDS_M.length - 1]!;
    const searchM = boundM * (1 + TOLERANCE_SHARE) + TOLERANCE_M;
    const engine = distancesToSnappedTargets(network, FACILITIES, engineTargets, searchM);
    let reached = 0;
    for (let t = 0; t < TARGETS.length; t++) {
      const sqlByFacility = FACILITIES.map((_, f) => sqlDistanceM(f, t));
      const sqlM = Math.min(...sqlByFacility);
      const engineM = engine.distanceM[t]!;
      if (Math.min(engineM, sqlM) > boundM) continue;
      reached++;
      const label = `point ${t}: engine ${engineM} m, SQL ${sqlM} m`;
      expect(withinTolerance(engineM, sqlM), label).toBe(true);
      // The nearest facility must be one the SQL side finds equally near (ties within tolerance).
      expect(withinTolerance(sqlByFacility[engine.nearestSource[t]!]!, sqlM), label).toBe(true);
    }
    expect(reached).toBeGreaterThan(200);
  });
});
