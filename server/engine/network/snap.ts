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
import type { LonLat } from '../../model/index.js';

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
  /**
   * Per segment, which corner of its box segmentFrom is: FROM_EAST when it has the larger
   * longitude, FROM_NORTH the larger latitude. With the box a search reports, this gives the
   * segment's end coordinates without looking up its nodes.
   */
  orientation: Uint8Array;
}

const FROM_EAST = 1;
const FROM_NORTH = 2;

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
  if (graph.segmentCount === 0) return { graph, tree: null, orientation: new Uint8Array(0) };
  const tree = new Flatbush(graph.segmentCount, TREE_NODE_SIZE);
  const orientation = new Uint8Array(graph.segmentCount);
  const { segmentFrom, segmentTo, nodeLon, nodeLat } = graph;
  for (let s = 0; s < graph.segmentCount; s++) {
    const u = segmentFrom[s]!;
    const v = segmentTo[s]!;
    const lonU = nodeLon[u]!;
    const latU = nodeLat[u]!;
    const lonV = nodeLon[v]!;
    const latV = nodeLat[v]!;
    tree.add(Math.min(lonU, lonV), Math.min(latU, latV), Math.max(lonU, lonV), Math.max(latU, latV));
    orientation[s] = (lonU > lonV ? FROM_EAST : 0) | (latU > latV ? FROM_NORTH : 0);
  }
  tree.finish();
  return { graph, tree, orientation };
}

/**
 * Nearest position on the nearest walkable segment, or null when it is farther than
 * `maxSnapMeters` (metres, compared with the geodesic leg).
 */
export function snapPoint(index: SnapIndex, point: LonLat, maxSnapMeters: number): SnappedPoint | null {
  const snapped = nearestPointUpTo(index, point[0], point[1], maxSnapMeters);
  return snapped !== null && snapped.legM <= maxSnapMeters ? snapped : null;
}

/**
 * Geodesic distance in metres from the point to the nearest walkable segment, searching up to
 * `searchLimitM`; null when there is no segment that close. Used to report the leg of points
 * that are unreachable because it exceeds maxSnapMeters.
 */
export function nearestRoadLegM(index: SnapIndex, point: LonLat, searchLimitM: number): number | null {
  if (!nearestUpTo(index, point[0], point[1], searchLimitM)) return null;
  return best.legM <= searchLimitM ? best.legM : null;
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
  const latDegPerM = (1 / metresPerDegree(0).latM) * 1.01;
  const cell = cellCandidates.of(index);

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
      const x = lon[i]!;
      const y = lat[i]!;
      if (x < minLon) minLon = x;
      if (x > maxLon) maxLon = x;
      if (y < minLat) minLat = y;
      if (y > maxLat) maxLat = y;
    }
    // Degrees of longitude per metre are largest at the latitude farthest from the equator.
    const dLon = (firstRadiusM / metresPerDegree(Math.max(Math.abs(minLat), Math.abs(maxLat))).lonM) * 1.01 + 1e-9;
    const dLat = firstRadiusM * latDegPerM + 1e-9;
    cell.count = 0;
    tree.search(minLon - dLon, minLat - dLat, maxLon + dLon, maxLat + dLat, cell.add);
    for (let k = first; k < end; k++) {
      const i = order[k]!;
      const x = lon[i]!;
      const y = lat[i]!;
      nearestCandidate(cell, x, y);
      let found = best.segment !== -1;
      if (found) finishSnap(graph, x, y);
      // The cell's box holds the box of firstRadiusM around each of its points, so a hit that
      // close is the nearest; otherwise the point searches on its own with growing boxes.
      if (!found || best.legM > firstRadiusM) found = nearestUpTo(index, x, y, limitM);
      if (!found) continue;
      if (best.legM <= maxSnapMeters) {
        segment[i] = best.segment;
        fraction[i] = best.t;
        legM[i] = best.legM;
      } else if (best.legM <= reportLimitM) {
        legM[i] = best.legM;
      }
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
  const bitsPerAxis = Math.max(0, Math.min(MAX_BITS_PER_AXIS, Math.round(Math.log2(Math.sqrt(count / POINTS_PER_CELL)))));
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
 * Leaves in {@link best} the nearest position if one lies within limitM (else possibly a farther
 * one); returns false when no segment was found at all. Searches growing boxes so that a dense
 * network costs a handful of candidates per point, not every segment within limitM.
 */
function nearestUpTo(index: SnapIndex, lon: number, lat: number, limitM: number): boolean {
  const tree = index.tree;
  if (tree === null) return false;
  const candidates = pointCandidates.of(index);
  let radiusM = Math.min(FIRST_RADIUS_M, limitM);
  for (;;) {
    const scale = metresPerDegree(lat);
    // 1 % margin: the scale changes a little across the box; this keeps the box a superset.
    const dLon = (radiusM / scale.lonM) * 1.01 + 1e-9;
    const dLat = (radiusM / scale.latM) * 1.01 + 1e-9;
    candidates.count = 0;
    tree.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat, candidates.add);
    nearestCandidate(candidates, lon, lat);
    if (best.segment !== -1) finishSnap(index.graph, lon, lat);
    // Anything nearer than radiusM lies in the searched box, so a hit within radiusM is the nearest.
    if ((best.segment !== -1 && best.legM <= radiusM) || radiusM >= limitM) return best.segment !== -1;
    radiusM = Math.min(radiusM * 4, limitM);
  }
}

/** The snapped point {@link nearestUpTo} left in {@link best}, or null. */
function nearestPointUpTo(index: SnapIndex, lon: number, lat: number, limitM: number): SnappedPoint | null {
  if (!nearestUpTo(index, lon, lat, limitM)) return null;
  return { segment: best.segment, fraction: best.t, legM: best.legM, lon: best.lon, lat: best.lat };
}

/**
 * Segments offered by a tree search, with their end coordinates copied side by side (degrees),
 * so that every point of a cell scans contiguous memory. Allocated once and grown as needed:
 * half a million searches allocate nothing.
 */
class CandidateList {
  count = 0;
  segment = new Int32Array(64);
  lonU = new Float64Array(64);
  latU = new Float64Array(64);
  lonV = new Float64Array(64);
  latV = new Float64Array(64);
  private orientation: Uint8Array = new Uint8Array(0);
  /** The graph's segmentRoadOrder, for ties. */
  roadOrder: Uint32Array = new Uint32Array(0);

  of(index: SnapIndex): this {
    this.orientation = index.orientation;
    this.roadOrder = index.graph.segmentRoadOrder;
    this.count = 0;
    return this;
  }

  /**
   * Flatbush filter: records segment s from its box (exactly its end coordinates, ordered by the
   * orientation flags) and returns false so that Flatbush collects nothing.
   */
  readonly add = (s: number, minLon: number, minLat: number, maxLon: number, maxLat: number): boolean => {
    if (this.count === this.segment.length) this.grow();
    const k = this.count++;
    const flags = this.orientation[s]!;
    this.segment[k] = s;
    if (flags & FROM_EAST) {
      this.lonU[k] = maxLon;
      this.lonV[k] = minLon;
    } else {
      this.lonU[k] = minLon;
      this.lonV[k] = maxLon;
    }
    if (flags & FROM_NORTH) {
      this.latU[k] = maxLat;
      this.latV[k] = minLat;
    } else {
      this.latU[k] = minLat;
      this.latV[k] = maxLat;
    }
    return false;
  };

  private grow(): void {
    const size = this.segment.length * 2;
    const widen = <T extends Int32Array | Float64Array>(old: T, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.segment = widen(this.segment, new Int32Array(size));
    this.lonU = widen(this.lonU, new Float64Array(size));
    this.latU = widen(this.latU, new Float64Array(size));
    this.lonV = widen(this.lonV, new Float64Array(size));
    this.latV = widen(this.latV, new Float64Array(size));
  }
}

/** The candidates of snapMany's current cell, and those of one point's own search (used as a fallback inside a cell). */
const cellCandidates = new CandidateList();
const pointCandidates = new CandidateList();

/** The nearest candidate of the last search, and its snapped position once {@link finishSnap} ran. */
const best = { segment: -1, t: 0, squaredM: Infinity, lon: 0, lat: 0, legM: Infinity };

/**
 * The nearest of the candidates to the point, in the tangent plane at the point (metres, the
 * ellipsoid's radii of curvature at its latitude). Ties go to the segment that comes first in the
 * roads layer (WalkGraph.segmentRoadOrder), whatever order candidates arrive in. Leaves segment −1
 * when there are none.
 */
function nearestCandidate(candidates: CandidateList, lon: number, lat: number): void {
  const scale = metresPerDegree(lat);
  const lonM = scale.lonM;
  const latM = scale.latM;
  const { segment, lonU, latU, lonV, latV, roadOrder } = candidates;
  let bestSegment = -1;
  let bestT = 0;
  let bestSquaredM = Infinity;
  for (let k = 0; k < candidates.count; k++) {
    // Tangent-plane coordinates in metres relative to the point.
    const ax = (lonU[k]! - lon) * lonM;
    const ay = (latU[k]! - lat) * latM;
    const dx = (lonV[k]! - lon) * lonM - ax;
    const dy = (latV[k]! - lat) * latM - ay;
    const lengthSquared = dx * dx + dy * dy;
    let t = lengthSquared > 0 ? -(ax * dx + ay * dy) / lengthSquared : 0;
    if (t < 0) t = 0;
    else if (t > 1) t = 1;
    const px = ax + t * dx;
    const py = ay + t * dy;
    const squaredM = px * px + py * py;
    const s = segment[k]!;
    if (squaredM < bestSquaredM || (squaredM === bestSquaredM && roadOrder[s]! < roadOrder[bestSegment]!)) {
      bestSquaredM = squaredM;
      bestSegment = s;
      bestT = t;
    }
  }
  best.segment = bestSegment;
  best.t = bestT;
  best.squaredM = bestSquaredM;
}

/** Fills in {@link best}'s snapped position (degrees) and its geodesic leg from the point (metres). */
function finishSnap(graph: WalkGraph, lon: number, lat: number): void {
  const { segmentFrom, segmentTo, nodeLon, nodeLat } = graph;
  const u = segmentFrom[best.segment]!;
  const v = segmentTo[best.segment]!;
  const t = best.t;
  // Exact vertex coordinates at the ends, so a point on a vertex gets a leg of exactly 0.
  const snappedLon = t === 0 ? nodeLon[u]! : t === 1 ? nodeLon[v]! : nodeLon[u]! + t * (nodeLon[v]! - nodeLon[u]!);
  const snappedLat = t === 0 ? nodeLat[u]! : t === 1 ? nodeLat[v]! : nodeLat[u]! + t * (nodeLat[v]! - nodeLat[u]!);
  best.lon = snappedLon;
  best.lat = snappedLat;
  best.legM = geodesicDistanceCoordsM(lon, lat, snappedLon, snappedLat);
}
