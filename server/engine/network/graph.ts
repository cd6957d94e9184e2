/**
 * The walking graph built from the roads layer (DATA_FORMAT.md, roads.geojson):
 * - a node at every distinct vertex; ways connect only where vertices have identical coordinates,
 *   as in OpenStreetMap;
 * - one undirected segment per consecutive vertex pair of every LineString / MultiLineString part;
 * - ways tagged `foot = "no"` are left out;
 * - segment lengths are geodesic metres on the WGS84 ellipsoid.
 * Adjacency is compressed sparse rows (CSR) over typed arrays: the neighbours of node n are
 * `adjacencyNode[adjacencyStart[n] … adjacencyStart[n + 1] − 1]`, reached over the segments in
 * `adjacencySegment` at the same positions. Each segment appears twice (once per direction).
 * The Dijkstra search reads the same adjacency from `searchRecords`, laid out for it.
 *
 * Nodes are numbered along a Hilbert curve over their coordinates, so that nodes near each other
 * on the ground sit near each other in every per-node array: a catchment then reads a few compact
 * stretches of memory instead of one cache line per node (measured 2–3× faster on a cold cache).
 * Segments are numbered in the order of their lower node, for the same reason; each keeps the
 * direction of its way (segmentFrom → segmentTo).
 */
import { geodesicDistanceCoordsM } from './geodesy.js';
import type { Road } from '../../model/index.js';

export interface WalkGraph {
  nodeCount: number;
  /** Node longitude in degrees (WGS84). */
  nodeLon: Float64Array;
  /** Node latitude in degrees (WGS84). */
  nodeLat: Float64Array;
  segmentCount: number;
  segmentFrom: Uint32Array;
  segmentTo: Uint32Array;
  /**
   * Each segment's place in the roads layer (ways in file order, then their vertex pairs in order):
   * snapping breaks an exact tie between two segments by it, so the choice does not depend on how
   * segments are numbered here.
   */
  segmentRoadOrder: Uint32Array;
  /** Geodesic length of each segment in metres. */
  segmentLengthM: Float64Array;
  /** nodeCount + 1 offsets into adjacencyNode / adjacencySegment. */
  adjacencyStart: Uint32Array;
  adjacencyNode: Uint32Array;
  adjacencySegment: Uint32Array;
  /** Median segment length in metres (of at most MEDIAN_SAMPLE evenly spaced segments; 0 without segments). */
  medianSegmentM: number;
  /** Length of the longest segment in metres (0 without segments). */
  longestSegmentM: number;
  /** Word (8-byte) offset of each node's search record in `searchRecords`; nodeCount + 1 entries. */
  searchRecordStart: Uint32Array;
  /**
   * The adjacency once more, laid out for the Dijkstra search (dijkstra.ts), which works on a copy:
   * one record per node, in node order, of
   * `[distance f64 = Infinity][node u32, degree u32][length f64 × degree][neighbour's record offset u32 × degree, padded to 8 bytes]`.
   * A search keeps each node's tentative distance at the head of its record, so reading a
   * neighbour's distance also brings that neighbour's edges into the CPU cache, ready for when it
   * is settled: a catchment on a cold cache waits for memory about a third less than with separate
   * arrays (test/bench/RESULTS.md).
   */
  searchRecords: ArrayBuffer;
}

/** Builds the walking graph. Zero-length pairs (a vertex repeated) add no segment. Inputs are not mutated. */
export function buildWalkGraph(roads: Road[]): WalkGraph {
  const nodes = new CoordinateIndex();
  const from: number[] = [];
  const to: number[] = [];
  for (const road of roads) {
    if (road.foot === 'no') continue;
    const parts = road.geometry.type === 'LineString' ? [road.geometry.coordinates] : road.geometry.coordinates;
    for (const part of parts) {
      let previous = -1;
      for (const position of part) {
        const node = nodes.intern(position[0]!, position[1]!);
        if (previous !== -1 && previous !== node) {
          from.push(previous);
          to.push(node);
        }
        previous = node;
      }
    }
  }

  const nodeCount = nodes.count;
  const byCurve = hilbertOrder(nodes.lon, nodes.lat, nodeCount);
  const nodeLon = new Float64Array(nodeCount);
  const nodeLat = new Float64Array(nodeCount);
  const renumbered = new Uint32Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) {
    const first = byCurve[n]!;
    nodeLon[n] = nodes.lon[first]!;
    nodeLat[n] = nodes.lat[first]!;
    renumbered[first] = n;
  }
  const segmentCount = from.length;
  // Segments in the order of their lower node (stable counting sort), so that the segments of a
  // catchment, and everything indexed by segment, are close in memory too.
  const segmentsBefore = new Uint32Array(nodeCount + 1);
  for (let s = 0; s < segmentCount; s++) segmentsBefore[Math.min(renumbered[from[s]!]!, renumbered[to[s]!]!) + 1]!++;
  for (let n = 0; n < nodeCount; n++) segmentsBefore[n + 1]! += segmentsBefore[n]!;
  const segmentFrom = new Uint32Array(segmentCount);
  const segmentTo = new Uint32Array(segmentCount);
  const segmentRoadOrder = new Uint32Array(segmentCount);
  for (let s = 0; s < segmentCount; s++) {
    const u = renumbered[from[s]!]!;
    const v = renumbered[to[s]!]!;
    const slot = segmentsBefore[Math.min(u, v)]!++;
    segmentFrom[slot] = u;
    segmentTo[slot] = v;
    segmentRoadOrder[slot] = s;
  }
  const segmentLengthM = new Float64Array(segmentCount);
  const degree = new Uint32Array(nodeCount + 1);
  for (let s = 0; s < segmentCount; s++) {
    const u = segmentFrom[s]!;
    const v = segmentTo[s]!;
    segmentLengthM[s] = geodesicDistanceCoordsM(nodeLon[u]!, nodeLat[u]!, nodeLon[v]!, nodeLat[v]!);
    degree[u]!++;
    degree[v]!++;
  }

  const adjacencyStart = new Uint32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) adjacencyStart[n + 1] = adjacencyStart[n]! + degree[n]!;
  const fill = adjacencyStart.slice(0, nodeCount);
  const adjacencyNode = new Uint32Array(2 * segmentCount);
  const adjacencySegment = new Uint32Array(2 * segmentCount);
  let longestSegmentM = 0;
  for (let s = 0; s < segmentCount; s++) {
    const u = segmentFrom[s]!;
    const v = segmentTo[s]!;
    longestSegmentM = Math.max(longestSegmentM, segmentLengthM[s]!);
    const iu = fill[u]!++;
    adjacencyNode[iu] = v;
    adjacencySegment[iu] = s;
    const iv = fill[v]!++;
    adjacencyNode[iv] = u;
    adjacencySegment[iv] = s;
  }

  const { searchRecordStart, searchRecords } = buildSearchRecords(
    nodeCount,
    adjacencyStart,
    adjacencyNode,
    adjacencySegment,
    segmentLengthM,
  );
  return {
    nodeCount,
    nodeLon,
    nodeLat,
    segmentCount,
    segmentFrom,
    segmentTo,
    segmentRoadOrder,
    segmentLengthM,
    adjacencyStart,
    adjacencyNode,
    adjacencySegment,
    medianSegmentM: sampledMedian(segmentLengthM),
    longestSegmentM,
    searchRecordStart,
    searchRecords,
  };
}

/** Segments sampled for WalkGraph.medianSegmentM: enough for a stable figure, cheap on any network. */
const MEDIAN_SAMPLE = 10_000;

/** Median of up to MEDIAN_SAMPLE evenly spaced values (all of them when there are fewer); 0 when empty. */
function sampledMedian(values: Float64Array): number {
  if (values.length === 0) return 0;
  const step = Math.max(1, Math.floor(values.length / MEDIAN_SAMPLE));
  const sample = new Float64Array(Math.ceil(values.length / step));
  for (let i = 0; i < sample.length; i++) sample[i] = values[i * step]!;
  sample.sort();
  return sample[sample.length >> 1]!;
}

/** Words (8 bytes) in a node's search record: distance, node and degree, lengths, neighbour offsets (two per word). */
function searchRecordWords(degree: number): number {
  return 2 + degree + Math.ceil(degree / 2);
}

/** The search records of WalkGraph.searchRecords, from the CSR adjacency. */
function buildSearchRecords(
  nodeCount: number,
  adjacencyStart: Uint32Array,
  adjacencyNode: Uint32Array,
  adjacencySegment: Uint32Array,
  segmentLengthM: Float64Array,
): { searchRecordStart: Uint32Array; searchRecords: ArrayBuffer } {
  const searchRecordStart = new Uint32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) {
    searchRecordStart[n + 1] = searchRecordStart[n]! + searchRecordWords(adjacencyStart[n + 1]! - adjacencyStart[n]!);
  }
  const totalWords = searchRecordStart[nodeCount]!;
  if (totalWords > 0xffffffff) throw new Error('walking graph too large for 32-bit search record offsets');
  const searchRecords = new ArrayBuffer(totalWords * 8);
  const words = new Float64Array(searchRecords);
  const halves = new Uint32Array(searchRecords);
  for (let n = 0; n < nodeCount; n++) {
    const record = searchRecordStart[n]!;
    const first = adjacencyStart[n]!;
    const degree = adjacencyStart[n + 1]! - first;
    words[record] = Infinity;
    halves[2 * record + 2] = n;
    halves[2 * record + 3] = degree;
    const neighbours = 2 * (record + 2 + degree);
    for (let j = 0; j < degree; j++) {
      words[record + 2 + j] = segmentLengthM[adjacencySegment[first + j]!]!;
      halves[neighbours + j] = searchRecordStart[adjacencyNode[first + j]!]!;
    }
  }
  return { searchRecordStart, searchRecords };
}

/** Cells per side of the grid the Hilbert curve runs through (2^16). */
const CURVE_BITS = 16;

/**
 * The first `count` points in the order of a Hilbert curve through a 2^16 × 2^16 grid over their
 * bounding box: result[k] is the point visited k-th. Ties keep their input order. Linear time
 * (radix sort on the 32-bit curve positions).
 */
function hilbertOrder(lon: Float64Array, lat: Float64Array, count: number): Uint32Array {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (let i = 0; i < count; i++) {
    minLon = Math.min(minLon, lon[i]!);
    maxLon = Math.max(maxLon, lon[i]!);
    minLat = Math.min(minLat, lat[i]!);
    maxLat = Math.max(maxLat, lat[i]!);
  }
  const side = 1 << CURVE_BITS;
  // Just under `side` so that the maximum lands in the last cell.
  const scaleLon = maxLon > minLon ? (side * 0.999999) / (maxLon - minLon) : 0;
  const scaleLat = maxLat > minLat ? (side * 0.999999) / (maxLat - minLat) : 0;
  const keys = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    keys[i] = hilbertPosition(Math.floor((lon[i]! - minLon) * scaleLon), Math.floor((lat[i]! - minLat) * scaleLat));
  }
  // Least significant 16 bits first, then the most significant: two stable counting sorts.
  let order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let next = new Uint32Array(count);
  for (const shift of [0, 16]) {
    const starts = new Uint32Array(side + 1);
    for (let i = 0; i < count; i++) starts[((keys[order[i]!]! >>> shift) & 0xffff) + 1]!++;
    for (let b = 0; b < side; b++) starts[b + 1]! += starts[b]!;
    for (let i = 0; i < count; i++) {
      const point = order[i]!;
      next[starts[(keys[point]! >>> shift) & 0xffff]!++] = point;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** Position along the Hilbert curve of cell (x, y) of the 2^16 grid (the classic xy → d walk). */
function hilbertPosition(x: number, y: number): number {
  let position = 0;
  for (let s = 1 << (CURVE_BITS - 1); s > 0; s >>>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    position += s * s * ((3 * rx) ^ ry);
    // Rotate the quadrant so that the curve inside it has the standard orientation.
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      const swap = x;
      x = y;
      y = swap;
    }
  }
  return position;
}

/**
 * Open-addressing hash from exact coordinates to node numbers. Keys are compared bit for bit
 * (−0 and 0 are the same vertex), so only identical coordinates share a node.
 */
class CoordinateIndex {
  lon = new Float64Array(1024);
  lat = new Float64Array(1024);
  count = 0;
  private slots = new Int32Array(2048).fill(-1);
  private readonly bits = new Float64Array(2);
  private readonly words = new Uint32Array(this.bits.buffer);

  intern(lon: number, lat: number): number {
    // Normalise −0 so that it hashes like 0.
    lon += 0;
    lat += 0;
    const mask = this.slots.length - 1;
    let slot = this.hash(lon, lat) & mask;
    for (;;) {
      const node = this.slots[slot]!;
      if (node === -1) break;
      if (this.lon[node] === lon && this.lat[node] === lat) return node;
      slot = (slot + 1) & mask;
    }
    const node = this.count++;
    if (node === this.lon.length) this.growStorage();
    this.lon[node] = lon;
    this.lat[node] = lat;
    this.slots[slot] = node;
    if (this.count * 2 > this.slots.length) this.rehash();
    return node;
  }

  private hash(lon: number, lat: number): number {
    this.bits[0] = lon;
    this.bits[1] = lat;
    const w = this.words;
    let h = Math.imul(w[0]! ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ w[1]! ^ (h >>> 15), 0xc2b2ae35);
    h = Math.imul(h ^ w[2]! ^ (h >>> 13), 0x85ebca6b);
    h = Math.imul(h ^ w[3]! ^ (h >>> 16), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  private growStorage(): void {
    const lon = new Float64Array(this.lon.length * 2);
    lon.set(this.lon);
    this.lon = lon;
    const lat = new Float64Array(this.lat.length * 2);
    lat.set(this.lat);
    this.lat = lat;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let node = 0; node < this.count; node++) {
      let slot = this.hash(this.lon[node]!, this.lat[node]!) & mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
      this.slots[slot] = node;
    }
  }
}
