/**
 * The walkable roads of an OpenStreetMap extract (`.osm.pbf`), read as a stream so that a whole
 * province (hundreds of MB) never sits in memory (DATA_FORMAT.md, "Roads from OpenStreetMap").
 *
 * The PBF blocks are decoded by osm-pbf-parser-node (a maintained streaming parser over the
 * official OSM-binary .proto, compiled with Mapbox's pbf). A way lists node ids and the nodes come
 * before it in the file, so the file is read twice:
 * 1. the walkable ways: their ids, tags (highway, foot, name) and node ids, in growable typed arrays
 *    (8 bytes a node reference), then the distinct node ids they use, sorted, and each reference
 *    turned into a 4-byte index into them;
 * 2. the coordinates of just those nodes (16 bytes each), found by binary search; the pass stops as
 *    soon as all are found, which in a file sorted nodes-then-ways (what osmium and Geofabrik write)
 *    is where the ways begin.
 * Memory thus grows with the walkable ways of the extract (at most about 12 bytes per way node and
 * 24 per distinct node), not with the file: every other node, every building and relation only passes by.
 *
 * Ways connect where they share a node; two ways through one node get the very same coordinates,
 * which is how the graph builder (engine/network/graph.ts) connects them. Consecutive repeats of a
 * position are dropped (as osmium export does); they would add no segment anyway.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { basename } from 'node:path';
import type { Feature, LineString } from 'geojson';
import { OSMTransform } from 'osm-pbf-parser-node';
import { boxesMeet, isWalkableHighway, widenBoxByMetres, type LonLatBox } from '../../engine/network/index.js';
import { bilingual } from '../../model/index.js';
import { FileReadError } from '../file-read-error.js';
import { GrowableFloat64Array, GrowableUint32Array } from './growable.js';

/** Where the extract comes from: a file path, or a function that opens its bytes afresh (it is read twice). */
export type OsmSource = string | (() => AsyncIterable<Uint8Array>);

export interface OsmRoadProperties {
  highway: string;
  /** The way's `foot` tag when it has one (never "no": such ways are not walkable). */
  foot?: string;
  /** The way's `name` tag when it has one. */
  name?: string;
  /** The OpenStreetMap way id. */
  osmId: number;
}

export type OsmRoad = Feature<LineString, OsmRoadProperties>;

export interface ReadOsmRoadsOptions {
  /**
   * Keep only the ways that come within `marginM` metres of at least one of `boxes`
   * ([west, south, east, north], WGS84 degrees; the townships' bounding boxes): DATA_FORMAT allows
   * leaving out ways farther than the largest threshold's walking distance plus maxSnapMeters.
   * The test is the way's own bounding box against each widened box, so a way that passes near a
   * box between two far vertices is kept. Default: every walkable way is kept.
   */
  keepNear?: { boxes: readonly LonLatBox[]; marginM: number };
  /** Name of the file in messages; default the path's base name, or "roads.osm.pbf". */
  fileName?: string;
  /** Called after every chunk read, with the pass (1: ways, 2: node coordinates) and the bytes read in it. */
  onProgress?: (pass: 1 | 2, bytesRead: number) => void;
}

export interface OsmRoadsStats {
  /** Ways with a `highway` tag, walkable or not. */
  highwayWays: number;
  /** Ways that pass the walkable rule (before `keepNear`). */
  walkableWays: number;
  /** Closed ways tagged `area=yes` (pedestrian squares and the like), not counted as ways: see isAreaHighway. */
  areaWays: number;
  /** Walkable ways some of whose nodes are missing from the extract (cut at its edge); their present stretches are kept. */
  incompleteWays: number;
  /** Walkable ways with fewer than two distinct positions (no segment to walk). */
  degenerateWays: number;
  /** Walkable ways left out by `keepNear`. */
  farWays: number;
  /** Distinct nodes the walkable ways use. */
  nodesNeeded: number;
  /** Bytes of the typed arrays that index ways and nodes between the passes (the reader's own memory beyond its output). */
  indexBytes: number;
  /** Bytes read in each pass. */
  bytesRead: [number, number];
}

export interface OsmRoads {
  /** The walkable ways (one feature per stretch with all its nodes present), in file order. */
  roads: OsmRoad[];
  stats: OsmRoadsStats;
}

interface ParsedWay {
  type: 'way';
  id: number;
  refs: number[];
  tags?: Record<string, string>;
}
interface ParsedNode {
  type: 'node';
  id: number;
  lon: number;
  lat: number;
}
type ParsedItem = ParsedWay | ParsedNode | { type?: undefined | 'relation' };

/**
 * Reads the walkable roads of an OpenStreetMap PBF extract, streamed twice (see the module comment).
 * Throws FileReadError (naming the file, in both languages) when the bytes are not an OSM PBF file.
 */
export async function readOsmRoads(source: OsmSource, options: ReadOsmRoadsOptions = {}): Promise<OsmRoads> {
  const fileName = options.fileName ?? (typeof source === 'string' ? basename(source) : 'roads.osm.pbf');
  const open = typeof source === 'string' ? () => createReadStream(source, { highWaterMark: 1 << 20 }) : source;

  // Pass 1: walkable ways.
  const wayIds = new GrowableFloat64Array();
  const wayRefEnd = new GrowableUint32Array();
  const wayTags = new GrowableUint32Array(); // per way: highway, foot, name, as TextTable ids (0: none)
  const refs = new GrowableFloat64Array();
  const texts = new TextTable();
  let highwayWays = 0;
  let areaWays = 0;
  const bytesRead: [number, number] = [0, 0];
  for await (const batch of parse(open, fileName, WAY_TAGS, (bytes) => {
    bytesRead[0] = bytes;
    options.onProgress?.(1, bytes);
  })) {
    for (const item of batch) {
      if (item.type !== 'way') continue;
      const tags = item.tags;
      const highway = tags?.highway;
      if (highway === undefined) continue;
      highwayWays++;
      if (!isWalkableHighway(highway, tags?.foot)) continue;
      if (isAreaHighway(item)) {
        areaWays++;
        continue;
      }
      wayIds.push(item.id);
      for (const ref of item.refs) refs.push(ref);
      wayRefEnd.push(refs.length);
      wayTags.push(texts.id(highway));
      wayTags.push(tags?.foot === undefined ? 0 : texts.id(tags.foot));
      wayTags.push(tags?.name === undefined ? 0 : texts.id(tags.name));
    }
  }

  // The distinct node ids the ways use, sorted for binary search.
  const nodeIds = distinctSorted(refs.view());
  // Each reference as its node's position in nodeIds (4 bytes instead of the 8 of an id); the ids are dropped.
  const refNode = Uint32Array.from(refs.view(), (ref) => indexOf(nodeIds, ref));
  const refIdBytes = refs.byteLength;
  refs.clear();
  const nodeLon = new Float64Array(nodeIds.length).fill(NaN);
  const nodeLat = new Float64Array(nodeIds.length).fill(NaN);
  const indexBytes =
    wayIds.byteLength +
    wayRefEnd.byteLength +
    wayTags.byteLength +
    Math.max(refIdBytes, refNode.byteLength + nodeIds.byteLength) +
    3 * nodeIds.byteLength;

  // Pass 2: their coordinates, until all are found.
  let found = 0;
  if (nodeIds.length > 0) {
    pass2: for await (const batch of parse(open, fileName, false, (bytes) => {
      bytesRead[1] = bytes;
      options.onProgress?.(2, bytes);
    })) {
      for (const item of batch) {
        if (item.type !== 'node') continue;
        const k = indexOf(nodeIds, item.id);
        if (k < 0 || !Number.isNaN(nodeLon[k])) continue;
        nodeLon[k] = item.lon;
        nodeLat[k] = item.lat;
        if (++found === nodeIds.length) break pass2;
      }
    }
  }

  // The ways' geometries, split where a node is missing, and the keepNear filter.
  const near = options.keepNear?.boxes.map((box) => widenBoxByMetres(box, options.keepNear!.marginM));
  const roads: OsmRoad[] = [];
  let incompleteWays = 0;
  let degenerateWays = 0;
  let farWays = 0;
  const ends = wayRefEnd.view();
  const tagIds = wayTags.view();
  const ids = wayIds.view();
  for (let w = 0; w < ids.length; w++) {
    const stretches: [number, number][][] = [];
    let current: [number, number][] = [];
    let missing = false;
    for (let r = w === 0 ? 0 : ends[w - 1]!; r < ends[w]!; r++) {
      const k = refNode[r]!;
      const lon = nodeLon[k]!;
      if (Number.isNaN(lon)) {
        missing = true;
        if (current.length > 0) stretches.push(current);
        current = [];
        continue;
      }
      const lat = nodeLat[k]!;
      const last = current[current.length - 1];
      if (last === undefined || last[0] !== lon || last[1] !== lat) current.push([lon, lat]);
    }
    if (current.length > 0) stretches.push(current);
    if (missing) incompleteWays++;
    const lines = stretches.filter((line) => line.length >= 2);
    if (lines.length === 0) {
      degenerateWays++;
      continue;
    }
    if (near !== undefined && !lines.some((line) => near.some((box) => boxesMeet(box, boxOf(line))))) {
      farWays++;
      continue;
    }
    const foot = tagIds[3 * w + 1]!;
    const name = tagIds[3 * w + 2]!;
    const properties: OsmRoadProperties = { highway: texts.text(tagIds[3 * w]!), osmId: ids[w]! };
    if (foot !== 0) properties.foot = texts.text(foot);
    if (name !== 0) properties.name = texts.text(name);
    for (const coordinates of lines)
      roads.push({ type: 'Feature', properties: { ...properties }, geometry: { type: 'LineString', coordinates } });
  }

  return {
    roads,
    stats: {
      highwayWays,
      walkableWays: ids.length,
      areaWays,
      incompleteWays,
      degenerateWays,
      farWays,
      nodesNeeded: nodeIds.length,
      indexBytes,
      bytesRead,
    },
  };
}

/**
 * A closed way tagged `area=yes` (a pedestrian square, a rest area) is an area in OpenStreetMap's
 * data model, not a path along its outline: osmium export and GDAL's OSM driver both give it as a
 * polygon, never as a line, so a GeoJSON roads layer made with them does not hold it. Leaving it
 * out here keeps the `.osm.pbf` and the GeoJSON of one extract the same walking network.
 */
export function isAreaHighway(way: { refs: readonly number[]; tags?: Record<string, string> }): boolean {
  return way.tags?.area === 'yes' && way.refs.length > 2 && way.refs[0] === way.refs[way.refs.length - 1];
}

/** The tags pass 1 needs; the parser drops every other tag before it builds an object. */
const WAY_TAGS = { node: false, way: ['highway', 'foot', 'area', 'name'], relation: false };

/** Largest BlobHeader the PBF format allows (64 KiB): a larger first length means the bytes are not PBF. */
const MAX_BLOB_HEADER_BYTES = 64 * 1024;

/**
 * The parser's batches of nodes, ways and relations, in file order. `withTags` false skips every
 * tag. Parser errors (a truncated or corrupt file) become a FileReadError naming the file.
 */
async function* parse(
  open: () => AsyncIterable<Uint8Array>,
  fileName: string,
  withTags: false | typeof WAY_TAGS,
  onBytes: (bytesRead: number) => void,
): AsyncGenerator<ParsedItem[]> {
  const transform = new OSMTransform({ withTags, withInfo: false });
  pipeline(checkedBytes(open(), fileName, onBytes), transform, () => {
    // Errors reach the consumer through the transform, which pipeline destroys with them.
  });
  try {
    for await (const batch of transform as AsyncIterable<ParsedItem[]>) yield batch;
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw new FileReadError(
      fileName,
      bilingual(
        `不是有效的 OpenStreetMap PBF 文件，或文件不完整（${(error as Error).message}）`,
        `not a valid OpenStreetMap PBF file, or the file is cut short (${(error as Error).message})`,
      ),
    );
  }
}

/**
 * The source's bytes as Buffers, counted, after checking that they start as a PBF file does: the
 * parser would otherwise wait for a "header" as long as the first four bytes say, holding up to
 * the whole file in memory before failing.
 */
async function* checkedBytes(chunks: AsyncIterable<Uint8Array>, fileName: string, onBytes: (bytesRead: number) => void) {
  let total = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (total < 4) {
      head = Buffer.concat([head, buffer.subarray(0, 4 - total)]);
      if (head.length === 4) {
        const headerLength = head.readUInt32BE(0);
        if (headerLength === 0 || headerLength > MAX_BLOB_HEADER_BYTES) throw notPbf(fileName);
      }
    }
    total += buffer.length;
    onBytes(total);
    yield buffer;
  }
  if (total < 4) throw notPbf(fileName);
}

function notPbf(fileName: string): FileReadError {
  return new FileReadError(
    fileName,
    bilingual(
      '不是 OpenStreetMap PBF 文件（开头不是 PBF 数据块），请提供 .osm.pbf 格式的道路数据',
      'not an OpenStreetMap PBF file (it does not begin with a PBF block); give the roads as .osm.pbf',
    ),
  );
}

/** The distinct values of `values`, sorted ascending (a new array). */
function distinctSorted(values: Float64Array): Float64Array {
  const sorted = Float64Array.from(values).sort();
  let count = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[count - 1]) sorted[count++] = sorted[k]!;
  return sorted.slice(0, count);
}

/** Position of `id` in the ascending `ids`, or −1. */
function indexOf(ids: Float64Array, id: number): number {
  let low = 0;
  let high = ids.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = ids[middle]!;
    if (value < id) low = middle + 1;
    else if (value > id) high = middle - 1;
    else return middle;
  }
  return -1;
}

function boxOf(line: readonly [number, number][]): LonLatBox {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const [lon, lat] of line) {
    if (lon < west) west = lon;
    if (lon > east) east = lon;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  }
  return [west, south, east, north];
}

/** Tag values stored once each (few distinct highway and foot values; street names repeat along a street), by integer id ≥ 1. */
class TextTable {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [''];
  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    return id;
  }
  text(id: number): string {
    return this.texts[id]!;
  }
}
