/**
 * A facility's catchment on the walking network, and service-area polygons for the map.
 *
 * The polygons are for display only: a concave hull (concaveman) of everything the walk reaches —
 * the facility, its snapped position, every reached node and the partial ends of edges walked only
 * part of the way. The numbers (who is covered) always come from network distances, never from
 * these shapes. Without roads the area is a circle of radius maxDistanceM ÷ detourFactor.
 */
import { buffer, circle, featureCollection, lineString, point, polygon, union } from '@turf/turf';
import concaveman from 'concaveman';
import type { MultiPolygon, Polygon } from 'geojson';
import { boundedDistances } from './dijkstra.js';
import type { LonLat, PopulationUnit } from '../../model/index.js';
import { networkWorkspace, snapPopulationUnits, snapSources, targetsWithinReach, type WalkNetwork } from './walk-network.js';

/** Hull detail: 1 follows the streets closely, Infinity is the convex hull. */
const HULL_CONCAVITY = 2;
/** Radius in metres around reached points when they are too few or in a line to span a hull. */
const SMALL_AREA_BUFFER_M = 15;

/**
 * Population units a facility reaches within maxDistanceM (metres, inclusive): their indexes
 * into `units` in increasing order, their walking distances in metres (`distanceM[k]` belongs to
 * `unitIndexes[k]`), and their total population. Costs the size of the catchment, not of the
 * jurisdiction, once the units are snapped (they are kept in the network).
 */
export function facilityCatchment(
  network: WalkNetwork,
  facility: LonLat,
  maxDistanceM: number,
  units: readonly PopulationUnit[],
): { unitIndexes: number[]; population: number; distanceM: Float64Array; approximate: boolean } {
  const targets = snapPopulationUnits(network, units);
  const reach = targetsWithinReach(network, facility, targets, maxDistanceM);
  const unitIndexes = Array.from(reach.targetIndexes);
  let population = 0;
  for (const i of unitIndexes) population += units[i]!.population;
  return { unitIndexes, population, distanceM: reach.distanceM, approximate: reach.approximate };
}

/**
 * Area reached on foot from the facility within maxDistanceM metres, for display; null when the
 * facility is off the network (farther than maxSnapMeters from every walkable road).
 */
export function facilityServiceArea(network: WalkNetwork, facility: LonLat, maxDistanceM: number): Polygon | MultiPolygon | null {
  const graph = network.graph;
  if (graph === null) {
    const radiusKm = maxDistanceM / network.parameters.detourFactor / 1000;
    return radiusKm > 0 ? circle(facility, radiusKm, { steps: 64, units: 'kilometers' }).geometry : null;
  }
  const [source] = snapSources(network, [facility]);
  if (source == null || source.legM > maxDistanceM) return null;
  const nodes = boundedDistances(graph, [source], maxDistanceM, networkWorkspace(network) ?? undefined);

  const { nodeLon, nodeLat, segmentFrom, segmentTo, segmentLengthM, adjacencyStart, adjacencyNode, adjacencySegment } = graph;
  const points: number[][] = [
    [facility[0], facility[1]],
    [source.lon, source.lat],
  ];
  const pointAlong = (from: number, to: number, fraction: number): void => {
    points.push([nodeLon[from]! + fraction * (nodeLon[to]! - nodeLon[from]!), nodeLat[from]! + fraction * (nodeLat[to]! - nodeLat[from]!)]);
  };
  // The facility's own segment, walked from the snapped position towards both ends.
  const remainingM = maxDistanceM - source.legM;
  const ownLengthM = segmentLengthM[source.segment]!;
  const ownFrom = segmentFrom[source.segment]!;
  const ownTo = segmentTo[source.segment]!;
  if (ownLengthM > 0) {
    pointAlong(ownFrom, ownTo, Math.max(0, source.fraction - remainingM / ownLengthM));
    pointAlong(ownFrom, ownTo, Math.min(1, source.fraction + remainingM / ownLengthM));
  }
  for (const node of nodes.reachedNodes) {
    const d = nodes.distanceM(node);
    points.push([nodeLon[node]!, nodeLat[node]!]);
    const end = adjacencyStart[node + 1]!;
    for (let k = adjacencyStart[node]!; k < end; k++) {
      const lengthM = segmentLengthM[adjacencySegment[k]!]!;
      if (d + lengthM > maxDistanceM) pointAlong(node, adjacencyNode[k]!, (maxDistanceM - d) / lengthM);
    }
  }
  return hullOf(points);
}

/** Union of the service areas of all facilities, for display; null when none reaches anything. */
export function unionServiceArea(network: WalkNetwork, facilities: readonly LonLat[], maxDistanceM: number): Polygon | MultiPolygon | null {
  const areas = facilities.map((f) => facilityServiceArea(network, f, maxDistanceM)).filter((a): a is Polygon | MultiPolygon => a !== null);
  if (areas.length === 0) return null;
  if (areas.length === 1) return areas[0]!;
  const merged = union(featureCollection(areas.map((geometry) => ({ type: 'Feature' as const, properties: {}, geometry }))));
  return merged?.geometry ?? null;
}

function hullOf(points: number[][]): Polygon | MultiPolygon | null {
  const distinct = [...new Map(points.map((p) => [`${p[0]},${p[1]}`, p])).values()];
  if (distinct.length >= 3) {
    const ring = concaveman(distinct, HULL_CONCAVITY);
    const first = ring[0];
    const last = ring.at(-1);
    const closed = first && last && (first[0] !== last[0] || first[1] !== last[1]) ? [...ring, first] : ring;
    if (closed.length >= 4 && ringAreaSign(closed) !== 0) return polygon([closed]).geometry;
  }
  // One point, or all on one line (a single street): a thin buffer along it still shows where it is.
  distinct.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  const shape = distinct.length === 1 ? point(distinct[0]!) : lineString(distinct);
  return buffer(shape, SMALL_AREA_BUFFER_M, { units: 'meters' })?.geometry ?? null;
}

/** Sign of the shoelace area (0 for a degenerate ring); relative to the first vertex to keep precision. */
function ringAreaSign(ring: number[][]): number {
  const x0 = ring[0]![0]!;
  const y0 = ring[0]![1]!;
  let twiceArea = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const xa = ring[i]![0]! - x0;
    const ya = ring[i]![1]! - y0;
    const xb = ring[i + 1]![0]! - x0;
    const yb = ring[i + 1]![1]! - y0;
    twiceArea += xa * yb - xb * ya;
  }
  return Math.sign(twiceArea);
}
