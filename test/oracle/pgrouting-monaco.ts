/**
 * The independent side of the Monaco oracle: DATA_FORMAT.md's walking distance computed in
 * PostgreSQL with PostGIS and pgRouting, from the raw ways, without any engine code.
 *
 * - edges: consecutive vertex pairs of every walkable way (ST_DumpPoints + lead()), pairs of
 *   identical vertices dropped; nodes are distinct exact (x, y) coordinates; cost = ST_Length of
 *   the pair as geography (geodesic on the WGS84 spheroid);
 * - snapping: the nearest edge by geography distance (spheroid) within maxSnapMeters, ties to the
 *   lower edge id; leg = ST_Distance(geography); the fraction along the edge by ST_LineLocatePoint
 *   in UTM zone 32N (EPSG:32632, conformal, so the perpendicular foot is the metric one — in
 *   planar degrees the foot would be skewed by cos(latitude), which breaks the tolerance here);
 * - network part: pgr_withPointsCost between the snapped points (undirected, both sides), to
 *   which both legs are added here.
 */
import type pg from 'pg';
import type { LonLat } from '../../server/model/index.js';
import { MOTOR_ONLY_WITHOUT_FOOT_TAG, type MonacoWay } from './monaco-roads.js';

export interface SqlSnap {
  edgeId: number;
  fraction: number;
  legM: number;
}

export interface SqlNetworkFigures {
  walkableWays: number;
  edges: number;
  vertices: number;
}

/** Loads the ways and builds the edge table in the connected database (PostGIS, pgRouting installed). */
export async function buildSqlNetwork(client: pg.Client, ways: readonly MonacoWay[]): Promise<SqlNetworkFigures> {
  await client.query(`CREATE TABLE ways (id int PRIMARY KEY, highway text, foot text, geom geometry(LineString, 4326))`);
  await client.query(
    `INSERT INTO ways
     SELECT id, highway, foot, ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326)
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS w(id, highway, foot, geometry)`,
    [ways.map((_, i) => i + 1), ways.map((w) => w.highway), ways.map((w) => w.foot), ways.map((w) => JSON.stringify(w.geometry))],
  );
  await client.query(
    `CREATE TABLE walkable AS
     SELECT * FROM ways
     WHERE foot IS DISTINCT FROM 'no' AND NOT (foot IS NULL AND highway = ANY($1::text[]))`,
    [MOTOR_ONLY_WITHOUT_FOOT_TAG],
  );
  await client.query(
    `CREATE TABLE pairs AS
     SELECT way, k, ST_X(a) AS ax, ST_Y(a) AS ay, ST_X(b) AS bx, ST_Y(b) AS by
     FROM (
       SELECT w.id AS way, (d).path[1] AS k, (d).geom AS a,
              lead((d).geom) OVER (PARTITION BY w.id ORDER BY (d).path[1]) AS b
       FROM (SELECT id, ST_DumpPoints(geom) AS d FROM walkable) w
     ) p
     WHERE b IS NOT NULL AND NOT (ST_X(a) = ST_X(b) AND ST_Y(a) = ST_Y(b))`,
  );
  await client.query(
    `CREATE TABLE vertices AS
     SELECT row_number() OVER (ORDER BY x, y)::int AS id, x, y
     FROM (SELECT ax AS x, ay AS y FROM pairs UNION SELECT bx, by FROM pairs) v`,
  );
  await client.query(`CREATE UNIQUE INDEX ON vertices (x, y)`);
  await client.query(
    `CREATE TABLE edges AS
     SELECT row_number() OVER (ORDER BY p.way, p.k)::int AS id, va.id AS source, vb.id AS target,
            ST_SetSRID(ST_MakeLine(ST_MakePoint(p.ax, p.ay), ST_MakePoint(p.bx, p.by)), 4326) AS geom
     FROM pairs p
     JOIN vertices va ON va.x = p.ax AND va.y = p.ay
     JOIN vertices vb ON vb.x = p.bx AND vb.y = p.by`,
  );
  await client.query(`ALTER TABLE edges ADD COLUMN geog geography, ADD COLUMN cost float8`);
  await client.query(`UPDATE edges SET geog = geom::geography, cost = ST_Length(geom::geography, true)`);
  await client.query(`CREATE INDEX ON edges USING gist (geog)`);
  await client.query(`ANALYZE edges`);
  const figures = await client.query<{ ways: string; edges: string; vertices: string }>(
    `SELECT (SELECT count(*) FROM walkable) AS ways, (SELECT count(*) FROM edges) AS edges,
            (SELECT count(*) FROM vertices) AS vertices`,
  );
  const row = figures.rows[0]!;
  return { walkableWays: Number(row.ways), edges: Number(row.edges), vertices: Number(row.vertices) };
}

/**
 * Snaps the points (pid = position + 1) in SQL; stores them in table `points` and returns one
 * entry per point, null when no edge lies within maxSnapMeters.
 */
export async function snapInSql(client: pg.Client, points: readonly LonLat[], maxSnapMeters: number): Promise<(SqlSnap | null)[]> {
  await client.query(
    `CREATE TABLE points AS
     SELECT p.pid, e.id AS edge_id,
            ST_LineLocatePoint(ST_Transform(e.geom, 32632), ST_Transform(p.geom, 32632)) AS fraction,
            ST_Distance(e.geog, p.geog, true) AS leg
     FROM (
       SELECT pid, geom, geom::geography AS geog
       FROM (SELECT ordinality::int AS pid, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geom
             FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS q(lon, lat)) q
     ) p
     CROSS JOIN LATERAL (
       SELECT id, geom, geog FROM edges
       WHERE ST_DWithin(geog, p.geog, $3, true)
       ORDER BY ST_Distance(geog, p.geog, true), id
       LIMIT 1
     ) e`,
    [points.map((p) => p[0]), points.map((p) => p[1]), maxSnapMeters],
  );
  const result = await client.query<{ pid: number; edge_id: number; fraction: number; leg: number }>(
    `SELECT pid, edge_id, fraction, leg FROM points`,
  );
  const snaps: (SqlSnap | null)[] = points.map(() => null);
  for (const row of result.rows) snaps[row.pid - 1] = { edgeId: row.edge_id, fraction: row.fraction, legM: row.leg };
  return snaps;
}

/**
 * Walking distance in metres from each facility to each target (pids as in {@link snapInSql}),
 * map key `${facilityPid}:${targetPid}`; pairs without a path within searchM are absent.
 *
 * pgr_drivingDistance runs from both end vertices of the facility's edge (up to searchM); a node's
 * distance is the smaller of leg + f·L + d(source, node) and leg + (1 − f)·L + d(target, node). A
 * target at fraction g on edge (c, d) of length L' is reached at its leg + the smallest of
 * node(c) + g·L', node(d) + (1 − g)·L' and, on the facility's own edge, the facility's leg + |f − g|·L.
 * (pgr_withPoints* would do this arithmetic itself, but pgRouting 3.4 misroutes when any point has
 * fraction 0 or 1 — issues #2253, #2966 — and a quarter of these points snap onto a vertex.)
 */
export async function walkingDistancesInSql(
  client: pg.Client,
  facilityPids: readonly number[],
  targetPids: readonly number[],
  searchM: number,
): Promise<Map<string, number>> {
  // The single-start form: its node and agg_cost columns are named alike in pgRouting 3.4 to 3.8.
  const edgesSql = 'SELECT id, source, target, cost, cost AS reverse_cost FROM edges';
  await client.query(
    `CREATE TABLE facility_nodes AS
     SELECT facility, node, min(distance) AS distance
     FROM (
       SELECT f.pid AS facility, dd.node, f.leg + f.fraction * e.cost + dd.agg_cost AS distance
       FROM points f JOIN edges e ON e.id = f.edge_id
       CROSS JOIN LATERAL pgr_drivingDistance($1, e.source, $3, directed => false) dd
       WHERE f.pid = ANY($2::int[])
       UNION ALL
       SELECT f.pid, dd.node, f.leg + (1 - f.fraction) * e.cost + dd.agg_cost
       FROM points f JOIN edges e ON e.id = f.edge_id
       CROSS JOIN LATERAL pgr_drivingDistance($1, e.target, $3, directed => false) dd
       WHERE f.pid = ANY($2::int[])
     ) reached
     GROUP BY facility, node`,
    [edgesSql, facilityPids, searchM],
  );
  await client.query(`CREATE UNIQUE INDEX ON facility_nodes (facility, node)`);
  const result = await client.query<{ facility: number; target: number; distance: number }>(
    `SELECT facility, target, distance FROM (
       SELECT f.pid AS facility, t.pid AS target,
              t.leg + LEAST(
                (SELECT n.distance FROM facility_nodes n WHERE n.facility = f.pid AND n.node = e.source) + t.fraction * e.cost,
                (SELECT n.distance FROM facility_nodes n WHERE n.facility = f.pid AND n.node = e.target) + (1 - t.fraction) * e.cost,
                CASE WHEN f.edge_id = t.edge_id THEN f.leg + abs(f.fraction - t.fraction) * e.cost END
              ) AS distance
       FROM points f CROSS JOIN points t JOIN edges e ON e.id = t.edge_id
       WHERE f.pid = ANY($1::int[]) AND t.pid = ANY($2::int[])
     ) pairs
     WHERE distance IS NOT NULL`,
    [facilityPids, targetPids],
  );
  const distances = new Map<string, number>();
  for (const row of result.rows) distances.set(`${row.facility}:${row.target}`, row.distance);
  return distances;
}
