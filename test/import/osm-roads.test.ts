/**
 * The streaming OpenStreetMap PBF roads reader (server/import/osm/osm-roads.ts):
 * - Monaco: ../shared/data/raw/monaco_2016-03-05.osm.pbf must give the same walking network as
 *   monaco_highways.geojson (osmium export of the same file) filtered with DATA_FORMAT's walkable
 *   rule: the same way ids with the same coordinates, and through the project's graph builder the
 *   same nodes and segments. Skipped, saying so, when the shared data is absent.
 * - tiny-town: its roads.geojson written as OSM XML (one node per distinct position) and turned
 *   into .osm.pbf by osmium at test time gives the same graph and the same coverage figures as
 *   the GeoJSON. Skipped, saying so, when osmium is not installed.
 * - the keepNear filter, ways cut at the extract's edge, and files that are not PBF.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, LineString } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/engine/coverage/index.js';
import { buildWalkGraph, isWalkableHighway, prepareWalkNetwork, type WalkGraph } from '../../server/engine/network/index.js';
import { FileReadError } from '../../server/import/file-read-error.js';
import { readOsmRoads, type OsmRoad } from '../../server/import/osm/osm-roads.js';
import { osmPbfReader } from '../../server/import/readers/osm-pbf.js';
import type { Road } from '../../server/model/index.js';
import { osmiumAvailable, osmPbfFromXml, osmXml, type OsmXmlWay } from '../fixtures/osm-xml.js';
import { loadTinyTown, TINY_TOWN_DIR } from '../fixtures/tiny-town.js';

const RAW = `${process.env.TUOWEI_SHARED_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url))}/raw`;
const MONACO_PBF = join(RAW, 'monaco_2016-03-05.osm.pbf');
const MONACO_GEOJSON = join(RAW, 'monaco_highways.geojson');
const monacoAvailable = existsSync(MONACO_PBF) && existsSync(MONACO_GEOJSON);
const hasOsmium = osmiumAvailable();
if (!monacoAvailable) console.warn(`SKIPPED: Monaco PBF test — shared data not found at ${RAW} / 未找到共享数据，跳过 Monaco 测试`);
if (!hasOsmium) console.warn('SKIPPED: .osm.pbf fixtures need osmium-tool (Debian osmium-tool) / 未安装 osmium-tool，跳过 PBF 样例测试');

const work = mkdtempSync(join(tmpdir(), 'tuowei-osm-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const asRoads = (roads: readonly OsmRoad[]): Road[] =>
  roads.map((road) => ({ geometry: road.geometry, highway: road.properties.highway, foot: road.properties.foot ?? null, name: null }));

/** The graph as comparable sets: node positions, and segments as unordered position pairs. */
function graphSets(graph: WalkGraph): { nodes: string[]; segments: string[] } {
  const at = (n: number): string => `${graph.nodeLon[n]},${graph.nodeLat[n]}`;
  const nodes = Array.from({ length: graph.nodeCount }, (_, n) => at(n)).sort();
  const segments = Array.from({ length: graph.segmentCount }, (_, s) =>
    [at(graph.segmentFrom[s]!), at(graph.segmentTo[s]!)].sort().join(' '),
  ).sort();
  return { nodes, segments };
}

describe.skipIf(!monacoAvailable)('Monaco extract: .osm.pbf against osmium export GeoJSON', async () => {
  const { roads, stats } = monacoAvailable ? await readOsmRoads(MONACO_PBF) : { roads: [], stats: null };
  const collection = monacoAvailable
    ? (JSON.parse(readFileSync(MONACO_GEOJSON, 'utf8')) as FeatureCollection<LineString>)
    : { features: [] };
  const walkable = collection.features.filter((f) =>
    isWalkableHighway(f.properties?.highway as string | undefined, f.properties?.foot as string | undefined),
  );

  it('finds every highway way, and leaves out what the rule and the GeoJSON export leave out', () => {
    // osmium fileinfo: 2,927 ways carry highway; the export holds 2,903 (21 closed area=yes squares
    // became polygons, 3 one-node ways no line at all).
    expect(stats!.highwayWays).toBe(2927);
    expect(stats!.areaWays).toBe(21);
    expect(stats!.degenerateWays).toBe(3);
    expect(stats!.incompleteWays).toBe(0);
    expect(collection.features).toHaveLength(2903);
    // Motorways, trunks and foot=no really are in the file, so the rule is exercised.
    expect(walkable.length).toBeLessThan(collection.features.length);
  });

  it('gives the same walkable ways, with the same tags and the very same coordinates', () => {
    const fromGeoJson = new Map(walkable.map((f) => [Number(f.properties!['@id']), f]));
    expect(roads).toHaveLength(walkable.length);
    expect(new Set(roads.map((r) => r.properties.osmId)).size).toBe(roads.length);
    for (const road of roads) {
      const feature = fromGeoJson.get(road.properties.osmId);
      expect(feature, `way ${road.properties.osmId}`).toBeDefined();
      expect(road.properties.highway).toBe(feature!.properties!.highway);
      expect(road.properties.foot).toBe(feature!.properties!.foot);
      expect(road.properties.name).toBe(feature!.properties!.name);
      expect(road.geometry.coordinates, `way ${road.properties.osmId}`).toEqual(feature!.geometry.coordinates);
    }
  });

  it('builds the same walking graph: nodes, segments and lengths', () => {
    const fromPbf = buildWalkGraph(asRoads(roads));
    const fromGeoJson = buildWalkGraph(
      walkable.map((f) => ({
        geometry: f.geometry,
        highway: String(f.properties!.highway),
        foot: (f.properties!.foot as string) ?? null,
        name: null,
      })),
    );
    expect(fromPbf.nodeCount).toBe(fromGeoJson.nodeCount);
    expect(fromPbf.segmentCount).toBe(fromGeoJson.segmentCount);
    expect(fromPbf.nodeCount).toBeGreaterThan(20_000);
    const a = graphSets(fromPbf);
    const b = graphSets(fromGeoJson);
    expect(a.nodes).toEqual(b.nodes);
    expect(a.segments).toEqual(b.segments);
    const total = (g: WalkGraph): number => g.segmentLengthM.reduce((sum, m) => sum + m, 0);
    expect(total(fromPbf)).toBe(total(fromGeoJson));
  });

  it('keeps only the ways near a box when asked, and every way that comes within the margin', async () => {
    // Monte-Carlo casino square, 1,000 m + 500 m margin (15 min at 4 km/h plus maxSnapMeters).
    const box: [number, number, number, number] = [7.427, 43.738, 7.43, 43.74];
    const near = await readOsmRoads(MONACO_PBF, { keepNear: { boxes: [box], marginM: 1500 } });
    expect(near.stats.farWays).toBeGreaterThan(0);
    expect(near.roads.length + near.stats.farWays).toBe(roads.length);
    const kept = new Set(near.roads.map((r) => r.properties.osmId));
    // Every way with a vertex within 1,500 m of the box (measured on the ground) is kept.
    const metresFromBox = ([lon, lat]: number[]): number => {
      const dLon = Math.max(box[0] - lon!, 0, lon! - box[2]) * 111_320 * Math.cos((lat! * Math.PI) / 180);
      const dLat = Math.max(box[1] - lat!, 0, lat! - box[3]) * 110_574;
      return Math.hypot(dLon, dLat);
    };
    for (const road of roads) {
      const nearest = Math.min(...road.geometry.coordinates.map(metresFromBox));
      if (nearest <= 1490) expect(kept.has(road.properties.osmId), `way ${road.properties.osmId} at ${nearest.toFixed(0)} m`).toBe(true);
      // A way may be kept somewhat beyond the margin (its bounding box meets the widened box, corners
      // included), never when it lies beyond the margin east–west or north–south alone.
      const xs = road.geometry.coordinates.map((p) => p[0]!);
      const ys = road.geometry.coordinates.map((p) => p[1]!);
      const gapEastWestM = Math.max(box[0] - Math.max(...xs), 0, Math.min(...xs) - box[2]) * 111_320 * Math.cos((43.74 * Math.PI) / 180);
      const gapNorthSouthM = Math.max(box[1] - Math.max(...ys), 0, Math.min(...ys) - box[3]) * 110_574;
      if (Math.max(gapEastWestM, gapNorthSouthM) > 1600)
        expect(kept.has(road.properties.osmId), `way ${road.properties.osmId}`).toBe(false);
    }
  });
});

describe.skipIf(!hasOsmium)('tiny-town roads as .osm.pbf (made with osmium at test time)', async () => {
  const collection = JSON.parse(readFileSync(join(TINY_TOWN_DIR, 'roads.geojson'), 'utf8')) as FeatureCollection<LineString>;
  const ways: OsmXmlWay[] = collection.features.map((f) => ({
    tags: Object.fromEntries(Object.entries(f.properties ?? {}).map(([k, v]) => [k, String(v)])),
    coordinates: f.geometry.coordinates,
  }));
  const pbf = hasOsmium ? osmPbfFromXml(osmXml(ways), work, 'tiny-town-roads') : '';
  const { roads, stats } = hasOsmium ? await readOsmRoads(pbf) : { roads: [], stats: null };
  const data = loadTinyTown();

  it('shares a node wherever two roads meet, as OpenStreetMap does', () => {
    // 16 roads; the trunk_link ramp is tagged foot=no and is not walkable by either rule.
    expect(stats!.highwayWays).toBe(16);
    expect(roads).toHaveLength(15);
    expect(roads.map((r) => r.properties.osmId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16]);
    expect(roads.map((r) => r.properties.name)).toEqual(data.roads.filter((r) => r.foot !== 'no').map((r) => r.name));
  });

  it('gives the same graph as the GeoJSON roads', () => {
    const fromPbf = buildWalkGraph(asRoads(roads));
    const fromGeoJson = buildWalkGraph(data.roads);
    expect(fromPbf.nodeCount).toBe(30);
    expect(fromPbf.segmentCount).toBe(44);
    expect(graphSets(fromPbf)).toEqual(graphSets(fromGeoJson));
  });

  it('gives the same coverage figures as the GeoJSON roads', () => {
    const parameters = data.profile.parameters;
    const withGeoJson = computeCoverage(data, prepareWalkNetwork(data.roads, parameters, data.populationUnits), 2025);
    const pbfData = { ...data, roads: asRoads(roads) };
    const withPbf = computeCoverage(pbfData, prepareWalkNetwork(pbfData.roads, parameters, data.populationUnits), 2025);
    expect(withPbf.district).toEqual(withGeoJson.district);
    expect(withPbf.units.map((u) => u.distanceM)).toEqual(withGeoJson.units.map((u) => u.distanceM));
    expect(withGeoJson.units.some((u) => u.distanceM !== null)).toBe(true);
  });

  it('also reads the extract from a stream of chunks (the bytes of an upload)', async () => {
    const bytes = readFileSync(pbf);
    // An upload in 100-byte pieces, opened afresh for each pass.
    const pieces = Array.from({ length: Math.ceil(bytes.length / 100) }, (_, k) => new Uint8Array(bytes.subarray(k * 100, k * 100 + 100)));
    const chunks = (): AsyncIterable<Uint8Array> => Readable.from(pieces);
    const streamed = await readOsmRoads(chunks, { fileName: '道路.osm.pbf' });
    expect(streamed.roads).toEqual(roads);
  });

  it('gives the layer shape of the version-2 reader interface from an upload', async () => {
    expect(osmPbfReader.accepts('浙江省.OSM.PBF')).toBe(true);
    expect(osmPbfReader.accepts('roads.geojson')).toBe(false);
    const layer = await osmPbfReader.readLayer({ name: 'roads.osm.pbf', bytes: new Uint8Array(readFileSync(pbf)) }, new Map(), {});
    expect(layer).toMatchObject({
      file: 'roads.osm.pbf',
      format: 'OpenStreetMap PBF',
      crs: { kind: 'epsg', code: 4326 },
      fields: ['osmId', 'highway', 'foot', 'name'],
    });
    expect(layer.features.map((f) => f.geometry)).toEqual(roads.map((r) => r.geometry));
    expect(layer.features[0]!.properties).toEqual({ osmId: 1, highway: 'residential', foot: null, name: '南环路' });
  });
});

describe.skipIf(!hasOsmium)('edge cases of an extract', () => {
  it('keeps the present stretches of a way cut at the edge of the extract, and says so', async () => {
    const pbf = osmPbfFromXml(
      osmXml([
        {
          id: 7,
          tags: { highway: 'residential' },
          coordinates: [
            [120.1, 30.1],
            [120.101, 30.1],
            [0, 0],
            [120.103, 30.1],
            [120.104, 30.1],
            [120.105, 30.1],
          ],
          missingNodeIds: { 2: 999 },
        },
        {
          id: 8,
          tags: { highway: 'footway' },
          coordinates: [
            [120.2, 30.2],
            [0, 0],
            [120.21, 30.2],
          ],
          missingNodeIds: { 1: 998 },
        },
      ]),
      work,
      'cut',
    );
    const { roads, stats } = await readOsmRoads(pbf);
    expect(stats.incompleteWays).toBe(2);
    expect(stats.degenerateWays).toBe(1);
    expect(roads.map((r) => [r.properties.osmId, r.geometry.coordinates.length])).toEqual([
      [7, 2],
      [7, 3],
    ]);
  });

  it('keeps a way passing near a box between two far vertices, and drops one beyond the margin', async () => {
    const box: [number, number, number, number] = [120.0, 30.0, 120.01, 30.01];
    const pbf = osmPbfFromXml(
      osmXml([
        // Crosses the box, its vertices 10 km either side.
        {
          id: 1,
          tags: { highway: 'primary' },
          coordinates: [
            [119.9, 30.005],
            [120.11, 30.005],
          ],
        },
        // 900 m north of the box: within a 1,000 m margin.
        {
          id: 2,
          tags: { highway: 'residential' },
          coordinates: [
            [120.0, 30.0181],
            [120.005, 30.0181],
          ],
        },
        // 1,200 m north: beyond it.
        {
          id: 3,
          tags: { highway: 'residential' },
          coordinates: [
            [120.0, 30.0208],
            [120.005, 30.0208],
          ],
        },
        // Within, but a motorway: never walkable.
        {
          id: 4,
          tags: { highway: 'motorway' },
          coordinates: [
            [120.001, 30.001],
            [120.002, 30.002],
          ],
        },
      ]),
      work,
      'near',
    );
    const { roads, stats } = await readOsmRoads(pbf, { keepNear: { boxes: [box], marginM: 1000 } });
    expect(roads.map((r) => r.properties.osmId)).toEqual([1, 2]);
    expect(stats.farWays).toBe(1);
    expect(stats.walkableWays).toBe(3);
  });

  it('applies the walkable rule: access is not read, foot=no and the motor and unbuilt classes are left out', async () => {
    const classes = [
      'residential',
      'service',
      'footway',
      'steps',
      'motorway',
      'motorway_link',
      'trunk',
      'trunk_link',
      'construction',
      'proposed',
    ];
    const extra = ['abandoned', 'raceway', 'escape', 'bus_guideway', 'busway'];
    const ways: OsmXmlWay[] = [...classes, ...extra].map((highway, k) => ({
      id: k + 1,
      tags: { highway },
      coordinates: [
        [120 + k * 0.001, 30],
        [120 + k * 0.001, 30.001],
      ],
    }));
    ways.push({
      id: 100,
      tags: { highway: 'service', access: 'private' },
      coordinates: [
        [121, 30],
        [121.001, 30],
      ],
    });
    ways.push({
      id: 101,
      tags: { highway: 'residential', foot: 'no' },
      coordinates: [
        [121, 30.1],
        [121.001, 30.1],
      ],
    });
    ways.push({
      id: 102,
      tags: { highway: 'trunk', foot: 'yes' },
      coordinates: [
        [121, 30.2],
        [121.001, 30.2],
      ],
    });
    ways.push({
      id: 103,
      tags: { building: 'yes' },
      coordinates: [
        [121, 30.3],
        [121.001, 30.3],
        [121.001, 30.301],
        [121, 30.3],
      ],
    });
    const { roads } = await readOsmRoads(osmPbfFromXml(osmXml(ways), work, 'rule'));
    expect(roads.map((r) => r.properties.highway + (r.properties.osmId === 100 ? '+private' : ''))).toEqual([
      'residential',
      'service',
      'footway',
      'steps',
      'service+private',
    ]);
  });
});

describe('files that are not OpenStreetMap PBF', () => {
  it('names the file and says why, in both languages, for a GeoJSON renamed .osm.pbf', async () => {
    const path = join(work, 'roads.osm.pbf');
    writeFileSync(path, '{"type":"FeatureCollection","features":[]}');
    const error = await readOsmRoads(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileReadError);
    expect((error as FileReadError).text.zh).toMatch(/^roads\.osm\.pbf：不是 OpenStreetMap PBF 文件/);
    expect((error as FileReadError).text.en).toMatch(/^roads\.osm\.pbf: not an OpenStreetMap PBF file/);
  });

  it('names the file for an empty file and for a PBF cut short', async () => {
    const empty = join(work, 'empty.osm.pbf');
    writeFileSync(empty, '');
    await expect(readOsmRoads(empty)).rejects.toThrow(/empty\.osm\.pbf: not an OpenStreetMap PBF file/);
    if (!monacoAvailable) return;
    const cut = join(work, 'cut-short.osm.pbf');
    writeFileSync(cut, readFileSync(MONACO_PBF).subarray(0, 500_000));
    const error = await readOsmRoads(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileReadError);
    expect((error as FileReadError).text.en).toMatch(/^cut-short\.osm\.pbf: not a valid OpenStreetMap PBF file, or the file is cut short/);
    expect((error as FileReadError).text.zh).toMatch(/^cut-short\.osm\.pbf：不是有效的 OpenStreetMap PBF 文件/);
  });
});
