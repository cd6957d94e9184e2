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

/** Indexes every segment of the graph. Cost O(segments · log segments); build once per network. */
export function createSnapIndex(graph: WalkGraph): SnapIndex {
  if (graph.segmentCount === 0) return { graph, tree: null };
  const tree = new Flatbush(graph.segmentCount);
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
  const snapped = nearestWithin(index, point[0], point[1], maxSnapMeters);
  return snapped !== null && snapped.legM <= maxSnapMeters ? snapped : null;
}

/**
 * Geodesic distance in metres from the point to the nearest walkable segment, searching up to
 * `searchLimitM`; null when there is no segment that close. Used to report the leg of points
 * that are unreachable because it exceeds maxSnapMeters.
 */
export function nearestRoadLegM(index: SnapIndex, point: LonLat, searchLimitM: number): number | null {
  let radiusM = Math.min(searchLimitM, 500);
  for (;;) {
    const snapped = nearestWithin(index, point[0], point[1], radiusM);
    // Anything nearer than radiusM lies in the searched box, so a hit within radiusM is the nearest.
    if (snapped !== null && snapped.legM <= radiusM) return snapped.legM;
    if (radiusM >= searchLimitM) return snapped !== null && snapped.legM <= searchLimitM ? snapped.legM : null;
    radiusM = Math.min(radiusM * 4, searchLimitM);
  }
}

/**
 * Nearest position among segments whose bounding box meets the box of `radiusM` around the
 * point. Every segment within radiusM is a candidate; farther ones may be too (the result can
 * lie beyond radiusM).
 */
function nearestWithin(index: SnapIndex, lon: number, lat: number, radiusM: number): SnappedPoint | null {
  const { tree, graph } = index;
  if (tree === null) return null;
  const scale = metresPerDegree(lat);
  // 1 % margin: the scale changes a little across the box; this keeps the box a superset.
  const dLon = (radiusM / scale.lonM) * 1.01 + 1e-9;
  const dLat = (radiusM / scale.latM) * 1.01 + 1e-9;
  const { segmentFrom, segmentTo, nodeLon, nodeLat } = graph;
  let bestSegment = -1;
  let bestT = 0;
  let bestSquaredM = Infinity;
  tree.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat, (s) => {
    const u = segmentFrom[s]!;
    const v = segmentTo[s]!;
    // Tangent-plane coordinates in metres relative to the point.
    const ax = (nodeLon[u]! - lon) * scale.lonM;
    const ay = (nodeLat[u]! - lat) * scale.latM;
    const dx = (nodeLon[v]! - lon) * scale.lonM - ax;
    const dy = (nodeLat[v]! - lat) * scale.latM - ay;
    const lengthSquared = dx * dx + dy * dy;
    let t = lengthSquared > 0 ? -(ax * dx + ay * dy) / lengthSquared : 0;
    if (t < 0) t = 0;
    else if (t > 1) t = 1;
    const px = ax + t * dx;
    const py = ay + t * dy;
    const squaredM = px * px + py * py;
    if (squaredM < bestSquaredM || (squaredM === bestSquaredM && s < bestSegment)) {
      bestSquaredM = squaredM;
      bestSegment = s;
      bestT = t;
    }
    return false;
  });
  if (bestSegment === -1) return null;
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
