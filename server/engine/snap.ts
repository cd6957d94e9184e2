/**
 * Snapping points onto the walking graph (DATA_FORMAT.md, walking distance): a point goes to the
 * nearest position on the nearest walkable segment, whatever part of the network that segment
 * belongs to; farther than `maxSnapMeters` from every segment it is unreachable.
 *
 * Candidates come from a Flatbush R-tree over segment bounding boxes (degrees). The nearest
 * position is found in a local metric tangent plane centred on the point (the ellipsoid's radii
 * of curvature at its latitude), and the leg is then measured geodesically.
 * The segment is split only virtually: the result is (segment, fraction from segmentFrom).
 */
import Flatbush from 'flatbush';
import { geodesicDistanceCoordsM, metresPerDegree } from './geodesy.js';
import type { WalkGraph } from './graph.js';
import type { LonLat } from './types.js';

export interface SnappedPoint {
  /** Segment number in the graph. */
  segment: number;
  /** Position along the segment from segmentFrom (0) to segmentTo (1); length from segmentFrom is fraction × segmentLengthM. */
  fraction: number;
  /** Geodesic length in metres of the straight leg from the point to its snapped position. */
  legM: number;
  /** Snapped position (degrees). */
  lon: number;
  lat: number;
}

export interface SnapIndex {
  graph: WalkGraph;
  /** R-tree over segment bounding boxes in degrees; null for a graph without segments. */
  tree: Flatbush | null;
}

/** Flatbush's default fan-out; 4 and 8 measured no faster for these searches. */
const TREE_NODE_SIZE = 16;
/** First search radius in metres; most points in a city have a road this close. */
const FIRST_RADIUS_M = 40;
/** snapMany groups points into grid cells holding about this many points each, one tree search per cell. */
const POINTS_PER_CELL = 4;
/** Finest grid snapMany uses: 2^10 × 2^10 cells over the points' bounding box. */
const MAX_BITS_PER_AXIS = 10;

/** Indexes every segment of the graph. Cost O(segments · log segments); build once per network. */
export function createSnapIndex(graph: WalkGraph): SnapIndex {
  if (graph.segmentCount === 0) return { graph, tree: null };
  const tree = new Flatbush(graph.segmentCount, TREE_NODE_SIZE);
  const { segmentFrom, segmentTo, nodeLon, nodeLat } = graph;
  for (let s = 0; s < graph.segmentCount; s++) {
    const u = segmentFrom[s]!;
    const v = segmentTo[s]!;
    const lonU = nodeLon[u]!;
    const latU = nodeLat[u]!;
    const lonV = nodeLon[v]!;
    const latV = nodeLat[v]!;
    tree.add(Math.min(lonU, lonV), Math.min(latU, latV), Math.max(lonU, lonV), Math.max(latU, latV));
  }
  tree.finish();
  return { graph, tree };
}

/**
 * Nearest position on the nearest walkable segment, or null when it is farther than
 * `maxSnapMeters` (metres, compared with the geodesic leg).
 */
export function snapPoint(index: SnapIndex, point: LonLat, maxSnapMeters: number): SnappedPoint | null {
  const snapped = nearestUpTo(index, point[0], point[1], maxSnapMeters);
  return snapped !== null && snapped.legM <= maxSnapMeters ? snapped : null;
}

/**
 * Geodesic distance in metres from the point to the nearest walkable segment, searching up to
 * `searchLimitM`; null when there is no segment that close. Used to report the leg of points
 * that are unreachable because it exceeds maxSnapMeters.
 */
export function nearestRoadLegM(index: SnapIndex, point: LonLat, searchLimitM: number): number | null {
  const snapped = nearestUpTo(index, point[0], point[1], searchLimitM);
  return snapped !== null && snapped.legM <= searchLimitM ? snapped.legM : null;
}

/** Many points snapped at once, in typed arrays (one entry per point). */
export interface SnappedBatch {
  /** Segment number, −1 when the point is farther than maxSnapMeters from every segment. */
  segment: Int32Array;
  /** Position along the segment from segmentFrom (0) to segmentTo (1). */
  fraction: Float64Array;
  /** Geodesic leg in metres; for an unsnapped point the distance to the nearest road within reportLimitM, else NaN. */
  legM: Float64Array;
}

/**
 * Snaps every point (degrees) exactly like {@link snapPoint}, faster: points are grouped into
 * grid cells (Morton order) and each cell makes one tree search for the segments within
 * FIRST_RADIUS_M of any of its points; a point with no segment that close falls back to its own
 * growing search. Results are in input order.
 */
export function snapMany(
  index: SnapIndex,
  lon: Float64Array,
  lat: Float64Array,
  maxSnapMeters: number,
  reportLimitM: number,
): SnappedBatch {
  const count = lon.length;
  const segment = new Int32Array(count).fill(-1);
  const fraction = new Float64Array(count);
  const legM = new Float64Array(count).fill(NaN);
  const { tree, graph } = index;
  if (tree === null) return { segment, fraction, legM };
  const limitM = Math.max(maxSnapMeters, reportLimitM);
  const firstRadiusM = Math.min(FIRST_RADIUS_M, limitM);
  const record = (i: number, snapped: SnappedPoint | null): void => {
    if (snapped === null) return;
    if (snapped.legM <= maxSnapMeters) {
      segment[i] = snapped.segment;
      fraction[i] = snapped.fraction;
      legM[i] = snapped.legM;
    } else if (snapped.legM <= reportLimitM) {
      legM[i] = snapped.legM;
    }
  };

  const { order, cellStarts } = cellOrder(lon, lat);
  for (let c = 0; c + 1 < cellStarts.length; c++) {
    const first = cellStarts[c]!;
    const end = cellStarts[c + 1]!;
    if (first === end) continue;
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    for (let k = first; k < end; k++) {
      const i = order[k]!;
      minLon = Math.min(minLon, lon[i]!);
      maxLon = Math.max(maxLon, lon[i]!);
      minLat = Math.min(minLat, lat[i]!);
      maxLat = Math.max(maxLat, lat[i]!);
    }
    // Degrees of longitude per metre are largest at the latitude farthest from the equator.
    const scale = metresPerDegree(Math.max(Math.abs(minLat), Math.abs(maxLat)));
    const dLon = (firstRadiusM / scale.lonM) * 1.01 + 1e-9;
    const dLat = (firstRadiusM / metresPerDegree(0).latM) * 1.01 + 1e-9;
    const candidates = tree.search(minLon - dLon, minLat - dLat, maxLon + dLon, maxLat + dLat);
    for (let k = first; k < end; k++) {
      const i = order[k]!;
      beginSearch(graph, lon[i]!, lat[i]!);
      for (const s of candidates) search.visit(s);
      const snapped = endSearch();
      // The cell's box holds the box of firstRadiusM around each of its points.
      record(i, snapped !== null && snapped.legM <= firstRadiusM ? snapped : nearestUpTo(index, lon[i]!, lat[i]!, limitM));
    }
  }
  return { segment, fraction, legM };
}

/**
 * Point indexes grouped by cell of a grid over the points' bounding box, cells in Morton
 * (Z-order) so that neighbouring cells search neighbouring parts of the tree. Counting sort:
 * linear time. Points of cell c are order[cellStarts[c] … cellStarts[c + 1] − 1].
 */
function cellOrder(lon: Float64Array, lat: Float64Array): { order: Uint32Array; cellStarts: Uint32Array } {
  const count = lon.length;
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (let i = 0; i < count; i++) {
    const x = lon[i]!;
    const y = lat[i]!;
    if (x < minLon) minLon = x;
    if (x > maxLon) maxLon = x;
    if (y < minLat) minLat = y;
    if (y > maxLat) maxLat = y;
  }
  const bitsPerAxis = Math.max(
    0,
    Math.min(MAX_BITS_PER_AXIS, Math.round(Math.log2(Math.sqrt(count / POINTS_PER_CELL)))),
  );
  const cellsPerSide = 1 << bitsPerAxis;
  // Just under cellsPerSide so that the maximum lands in the last cell.
  const scaleLon = maxLon > minLon ? (cellsPerSide * 0.999999) / (maxLon - minLon) : 0;
  const scaleLat = maxLat > minLat ? (cellsPerSide * 0.999999) / (maxLat - minLat) : 0;
  const codes = new Uint32Array(count);
  const cellStarts = new Uint32Array(cellsPerSide * cellsPerSide + 1);
  for (let i = 0; i < count; i++) {
    const code = interleave((lon[i]! - minLon) * scaleLon) | (interleave((lat[i]! - minLat) * scaleLat) << 1);
    codes[i] = code;
    cellStarts[code + 1]!++;
  }
  for (let c = 1; c < cellStarts.length; c++) cellStarts[c]! += cellStarts[c - 1]!;
  const next = cellStarts.slice(0, -1);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[next[codes[i]!]!++] = i;
  return { order, cellStarts };
}

/** Spreads the 16 low bits of a cell coordinate over the even bits of a 32-bit word. */
function interleave(value: number): number {
  let x = value & 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x;
}

/**
 * The nearest position if one lies within limitM (else possibly a farther one, or null).
 * Searches growing boxes so that a dense network costs a handful of candidates per point,
 * not every segment within limitM.
 */
function nearestUpTo(index: SnapIndex, lon: number, lat: number, limitM: number): SnappedPoint | null {
  const tree = index.tree;
  if (tree === null) return null;
  let radiusM = Math.min(FIRST_RADIUS_M, limitM);
  for (;;) {
    const scale = metresPerDegree(lat);
    // 1 % margin: the scale changes a little across the box; this keeps the box a superset.
    const dLon = (radiusM / scale.lonM) * 1.01 + 1e-9;
    const dLat = (radiusM / scale.latM) * 1.01 + 1e-9;
    beginSearch(index.graph, lon, lat);
    tree.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat, search.visit);
    const snapped = endSearch();
    // Anything nearer than radiusM lies in the searched box, so a hit within radiusM is the nearest.
    if ((snapped !== null && snapped.legM <= radiusM) || radiusM >= limitM) return snapped;
    radiusM = Math.min(radiusM * 4, limitM);
  }
}

/**
 * State of the search in progress: the point, its tangent-plane scale and the best candidate so
 * far. One shared `visit` callback (instead of a closure per search) keeps half a million
 * searches free of allocations.
 */
const search = {
  graph: null as WalkGraph | null,
  lon: 0,
  lat: 0,
  lonM: 0,
  latM: 0,
  bestSegment: -1,
  bestT: 0,
  bestSquaredM: Infinity,
  /** Offers segment s; always returns false so that Flatbush collects nothing. */
  visit(s: number): boolean {
    const { segmentFrom, segmentTo, nodeLon, nodeLat } = search.graph!;
    const u = segmentFrom[s]!;
    const v = segmentTo[s]!;
    // Tangent-plane coordinates in metres relative to the point.
    const ax = (nodeLon[u]! - search.lon) * search.lonM;
    const ay = (nodeLat[u]! - search.lat) * search.latM;
    const dx = (nodeLon[v]! - search.lon) * search.lonM - ax;
    const dy = (nodeLat[v]! - search.lat) * search.latM - ay;
    const lengthSquared = dx * dx + dy * dy;
    let t = lengthSquared > 0 ? -(ax * dx + ay * dy) / lengthSquared : 0;
    if (t < 0) t = 0;
    else if (t > 1) t = 1;
    const px = ax + t * dx;
    const py = ay + t * dy;
    const squaredM = px * px + py * py;
    // Ties go to the lower segment number, whatever order candidates arrive in.
    if (squaredM < search.bestSquaredM || (squaredM === search.bestSquaredM && s < search.bestSegment)) {
      search.bestSquaredM = squaredM;
      search.bestSegment = s;
      search.bestT = t;
    }
    return false;
  },
};

function beginSearch(graph: WalkGraph, lon: number, lat: number): void {
  const scale = metresPerDegree(lat);
  search.graph = graph;
  search.lon = lon;
  search.lat = lat;
  search.lonM = scale.lonM;
  search.latM = scale.latM;
  search.bestSegment = -1;
  search.bestT = 0;
  search.bestSquaredM = Infinity;
}

/** The best candidate offered since beginSearch, as a snapped point with its geodesic leg. */
function endSearch(): SnappedPoint | null {
  const graph = search.graph!;
  search.graph = null;
  const { bestSegment, bestT, lon, lat } = search;
  if (bestSegment === -1) return null;
  const { segmentFrom, segmentTo, nodeLon, nodeLat } = graph;
  const u = segmentFrom[bestSegment]!;
  const v = segmentTo[bestSegment]!;
  // Exact vertex coordinates at the ends, so a point on a vertex gets a leg of exactly 0.
  const snappedLon = bestT === 0 ? nodeLon[u]! : bestT === 1 ? nodeLon[v]! : nodeLon[u]! + bestT * (nodeLon[v]! - nodeLon[u]!);
  const snappedLat = bestT === 0 ? nodeLat[u]! : bestT === 1 ? nodeLat[v]! : nodeLat[u]! + bestT * (nodeLat[v]! - nodeLat[u]!);
  return {
    segment: bestSegment,
    fraction: bestT,
    legM: geodesicDistanceCoordsM(lon, lat, snappedLon, snappedLat),
    lon: snappedLon,
    lat: snappedLat,
  };
}
