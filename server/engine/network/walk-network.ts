/**
 * A walking network prepared once per jurisdiction data version (graph + snap index, optionally
 * the population units already snapped), and the walking distances of DATA_FORMAT.md over it:
 *
 *   walking distance = leg(source → its snapped position) + network path + leg(target → its snapped position)
 *
 * where the network path between two snapped positions is the shortest of: via either end node
 * of the target's segment, or — when source and target lie on the same segment — directly along
 * it (|f_source − f_target| × length). Without walkable roads the distance is the geodesic
 * straight line × `detourFactor`, and every result says `approximate: true`.
 * All distances are metres.
 */
import Flatbush from 'flatbush';
import { boundedDistances, createDijkstraWorkspace, type DijkstraWorkspace, type NetworkDistances } from './dijkstra.js';
import { geodesicDistanceCoordsM, metresPerDegree } from './geodesy.js';
import { buildWalkGraph, type WalkGraph } from './graph.js';
import { createSnapIndex, snapMany, snapPoint, type SnapIndex, type SnappedPoint } from './snap.js';
import type { LonLat, PlanningParameters, PopulationUnit, Road } from '../../model/index.js';

/** The leg of an unreachable point is still reported when a road lies within this many × maxSnapMeters. */
const REPORTED_LEG_SEARCH_FACTOR = 10;
/** Up to this many sources, same-segment sources are found by a scan instead of a per-segment table. */
const FEW_SOURCES = 8;

export interface WalkNetwork {
  /** Null when no walkable road is loaded. */
  graph: WalkGraph | null;
  snapIndex: SnapIndex | null;
  parameters: PlanningParameters;
  /** True when there is no walkable road: distances are straight line × detourFactor. */
  approximate: boolean;
  /** Buffers reused by single-source runs (catchments, project distances); created on first use. */
  workspace: DijkstraWorkspace | null;
  /** Population units snapped once (see {@link snapPopulationUnits}); null until then. */
  populationSnap: SnappedTargets | null;
}

/**
 * Target points snapped onto the network, in typed arrays (one entry per point).
 * `segment` is −1 for a point farther than maxSnapMeters from every walkable segment (unreachable).
 */
export interface SnappedTargets {
  count: number;
  /** Original coordinates in degrees. */
  lon: Float64Array;
  lat: Float64Array;
  segment: Int32Array;
  /** Position along the segment from segmentFrom (0) to segmentTo (1). */
  fraction: Float64Array;
  /**
   * Geodesic leg in metres to the nearest walkable segment. For an unreachable point it is the
   * distance to the nearest road if one lies within 10 × maxSnapMeters, else NaN; NaN throughout
   * in approximate mode.
   */
  legM: Float64Array;
}

export interface WalkingDistances {
  /** Metres; Infinity when unreachable or beyond maxDistanceM. */
  distanceM: Float64Array;
  /** Index into the sources of the nearest one; −1 when none within reach. */
  nearestSource: Int32Array;
  /** Leg of each target to its snapped position in metres (see {@link SnappedTargets.legM}). */
  snapLegM: Float64Array;
  approximate: boolean;
}

/**
 * Builds the graph and snap index of the roads (ways tagged foot=no excluded). With
 * `populationUnits` they are snapped now and kept in the network for every later coverage run.
 */
export function prepareWalkNetwork(
  roads: Road[],
  parameters: PlanningParameters,
  populationUnits?: readonly PopulationUnit[],
): WalkNetwork {
  const graph = buildWalkGraph(roads);
  const walkable = graph.segmentCount > 0;
  const network: WalkNetwork = {
    graph: walkable ? graph : null,
    snapIndex: walkable ? createSnapIndex(graph) : null,
    parameters,
    approximate: !walkable,
    workspace: null,
    populationSnap: null,
  };
  if (populationUnits) snapPopulationUnits(network, populationUnits);
  return network;
}

/** Snaps points given as [lon, lat]. */
export function snapTargets(network: WalkNetwork, targets: readonly LonLat[]): SnappedTargets {
  const lon = new Float64Array(targets.length);
  const lat = new Float64Array(targets.length);
  for (let i = 0; i < targets.length; i++) {
    lon[i] = targets[i]![0];
    lat[i] = targets[i]![1];
  }
  return snapCoordinates(network, lon, lat);
}

/**
 * The population units snapped onto the network, reusing `network.populationSnap` when it holds
 * exactly these coordinates (and storing a fresh snap there otherwise). The cache only saves time:
 * the result is the same either way.
 */
export function snapPopulationUnits(network: WalkNetwork, units: readonly PopulationUnit[]): SnappedTargets {
  const cached = network.populationSnap;
  // The same array as last time (inputs are never mutated): no need to compare coordinates.
  if (cached !== null && snappedUnitsOf.get(network) === units) return cached;
  if (cached !== null && cached.count === units.length) {
    let same = true;
    for (let i = 0; i < units.length && same; i++) {
      same = cached.lon[i] === units[i]!.lon && cached.lat[i] === units[i]!.lat;
    }
    if (same) {
      snappedUnitsOf.set(network, units);
      return cached;
    }
  }
  const lon = new Float64Array(units.length);
  const lat = new Float64Array(units.length);
  for (let i = 0; i < units.length; i++) {
    lon[i] = units[i]!.lon;
    lat[i] = units[i]!.lat;
  }
  const snapped = snapCoordinates(network, lon, lat);
  network.populationSnap = snapped;
  snappedUnitsOf.set(network, units);
  return snapped;
}

/** The units array whose coordinates `network.populationSnap` was last checked against. */
const snappedUnitsOf = new WeakMap<WalkNetwork, readonly PopulationUnit[]>();

function snapCoordinates(network: WalkNetwork, lon: Float64Array, lat: Float64Array): SnappedTargets {
  const count = lon.length;
  if (network.snapIndex === null) {
    return {
      count,
      lon,
      lat,
      segment: new Int32Array(count).fill(-1),
      fraction: new Float64Array(count),
      legM: new Float64Array(count).fill(NaN),
    };
  }
  const { maxSnapMeters } = network.parameters;
  const snapped = snapMany(network.snapIndex, lon, lat, maxSnapMeters, maxSnapMeters * REPORTED_LEG_SEARCH_FACTOR);
  return { count, lon, lat, ...snapped };
}

/** Walking distance from the nearest of `sources` to each target (Infinity when unreachable/beyond maxDistanceM), and the index of that source. */
export function walkingDistancesToNearest(
  network: WalkNetwork,
  sources: LonLat[],
  targets: LonLat[],
  maxDistanceM: number,
): { distanceM: Float64Array; nearestSource: Int32Array; snapLegM: Float64Array; approximate: boolean } {
  return distancesToSnappedTargets(network, sources, snapTargets(network, targets), maxDistanceM);
}

/** Walking distances from one origin to each target (e.g. a project to every facility). */
export function walkingDistancesFrom(
  network: WalkNetwork,
  origin: LonLat,
  targets: LonLat[],
  maxDistanceM: number,
): { distanceM: Float64Array; approximate: boolean } {
  const result = distancesToSnappedTargets(network, [origin], snapTargets(network, targets), maxDistanceM);
  return { distanceM: result.distanceM, approximate: result.approximate };
}

/** The network's reusable Dijkstra buffers (null without a graph). */
export function networkWorkspace(network: WalkNetwork): DijkstraWorkspace | null {
  if (network.graph === null) return null;
  network.workspace ??= createDijkstraWorkspace(network.graph);
  return network.workspace;
}

/**
 * Walking distance from the nearest source to each already snapped target, up to maxDistanceM
 * (inclusive). Runs in the network's shared Dijkstra workspace, whose node distances are read
 * here before anything else can run in it.
 */
export function distancesToSnappedTargets(
  network: WalkNetwork,
  sources: readonly LonLat[],
  targets: SnappedTargets,
  maxDistanceM: number,
): WalkingDistances {
  if (network.graph === null) return straightLineDistances(network.parameters.detourFactor, sources, targets, maxDistanceM);
  const graph = network.graph;
  const snappedSources = snapSources(network, sources);
  const nodes = boundedDistances(graph, snappedSources, maxDistanceM, networkWorkspace(network) ?? undefined);
  return evaluateTargets(graph, nodes, snappedSources, targets, maxDistanceM);
}

/** Each source snapped with the profile's maxSnapMeters; null when it is off the network. */
export function snapSources(network: WalkNetwork, sources: readonly LonLat[]): (SnappedPoint | null)[] {
  const index = network.snapIndex;
  if (index === null) return sources.map(() => null);
  return sources.map((source) => snapPoint(index, source, network.parameters.maxSnapMeters));
}

/**
 * Distances of snapped targets from node distances: leg + min(dist[u] + g·L, dist[v] + (1 − g)·L,
 * and for each source on the same segment its leg + |f − g|·L).
 */
export function evaluateTargets(
  graph: WalkGraph,
  nodes: NetworkDistances,
  sources: readonly (SnappedPoint | null)[],
  targets: SnappedTargets,
  maxDistanceM: number,
): WalkingDistances {
  const { segmentFrom, segmentTo, segmentLengthM } = graph;
  // Sources grouped by segment as linked lists, for the same-segment direct path. With few
  // sources (a single catchment) a per-segment array would cost more than it saves.
  const fewSources = sources.length <= FEW_SOURCES;
  const firstSourceOnSegment = fewSources ? null : new Int32Array(graph.segmentCount).fill(-1);
  const nextSourceOnSegment = new Int32Array(sources.length).fill(-1);
  let firstSource = -1;
  for (let i = sources.length - 1; i >= 0; i--) {
    const source = sources[i];
    if (source == null) continue;
    if (firstSourceOnSegment === null) {
      nextSourceOnSegment[i] = firstSource;
      firstSource = i;
    } else {
      nextSourceOnSegment[i] = firstSourceOnSegment[source.segment]!;
      firstSourceOnSegment[source.segment] = i;
    }
  }

  const distanceM = new Float64Array(targets.count).fill(Infinity);
  const nearestSource = new Int32Array(targets.count).fill(-1);

  for (let t = 0; t < targets.count; t++) {
    const segment = targets.segment[t]!;
    if (segment < 0) continue;
    const g = targets.fraction[t]!;
    const lengthM = segmentLengthM[segment]!;
    const u = segmentFrom[segment]!;
    const v = segmentTo[segment]!;
    let best = nodes.distanceM(u) + g * lengthM;
    let bestSource = nodes.nearestSource(u);
    const viaV = nodes.distanceM(v) + (1 - g) * lengthM;
    // Exact ties go to the lower source index, as in boundedDistances.
    if (viaV < best || (viaV === best && viaV !== Infinity && nodes.nearestSource(v) < bestSource)) {
      best = viaV;
      bestSource = nodes.nearestSource(v);
    }
    const first = firstSourceOnSegment === null ? firstSource : firstSourceOnSegment[segment]!;
    for (let k = first; k !== -1; k = nextSourceOnSegment[k]!) {
      const source = sources[k]!;
      if (source.segment !== segment) continue;
      const direct = source.legM + Math.abs(source.fraction - g) * lengthM;
      if (direct < best || (direct === best && k < bestSource)) {
        best = direct;
        bestSource = k;
      }
    }
    const total = targets.legM[t]! + best;
    if (total <= maxDistanceM) {
      distanceM[t] = total;
      nearestSource[t] = bestSource;
    }
  }
  return { distanceM, nearestSource, snapLegM: targets.legM.slice(), approximate: false };
}

/**
 * Targets grouped by segment (CSR): targets on segment s are targetIndex[start[s] … start[s + 1] − 1],
 * their fractions and legs copied alongside so that a catchment reads them contiguously.
 */
export interface TargetsBySegment {
  start: Uint32Array;
  targetIndex: Uint32Array;
  fraction: Float64Array;
  legM: Float64Array;
}

const bySegmentCache = new WeakMap<SnappedTargets, TargetsBySegment>();

/** The targets of each segment, built once per SnappedTargets (and graph). */
export function targetsBySegment(graph: WalkGraph, targets: SnappedTargets): TargetsBySegment {
  const cached = bySegmentCache.get(targets);
  if (cached && cached.start.length === graph.segmentCount + 1) return cached;
  const start = new Uint32Array(graph.segmentCount + 1);
  for (let t = 0; t < targets.count; t++) {
    const segment = targets.segment[t]!;
    if (segment >= 0) start[segment + 1]!++;
  }
  for (let s = 0; s < graph.segmentCount; s++) start[s + 1]! += start[s]!;
  const fill = start.slice(0, graph.segmentCount);
  const grouped = start[graph.segmentCount]!;
  const targetIndex = new Uint32Array(grouped);
  const fraction = new Float64Array(grouped);
  const legM = new Float64Array(grouped);
  for (let t = 0; t < targets.count; t++) {
    const segment = targets.segment[t]!;
    if (segment < 0) continue;
    const k = fill[segment]!++;
    targetIndex[k] = t;
    fraction[k] = targets.fraction[t]!;
    legM[k] = targets.legM[t]!;
  }
  const result = { start, targetIndex, fraction, legM };
  bySegmentCache.set(targets, result);
  return result;
}

/**
 * The targets one origin reaches within maxDistanceM (inclusive), looking only at segments the
 * walk touches, so a catchment costs its own size rather than the whole population.
 * Returns target indexes in increasing order and their distances in metres (same positions).
 */
export function targetsWithinReach(
  network: WalkNetwork,
  origin: LonLat,
  targets: SnappedTargets,
  maxDistanceM: number,
): { targetIndexes: Uint32Array; distanceM: Float64Array; approximate: boolean } {
  const graph = network.graph;
  if (graph === null) {
    const walk = distancesToSnappedTargets(network, [origin], targets, maxDistanceM);
    const targetIndexes: number[] = [];
    for (let t = 0; t < targets.count; t++) if (walk.distanceM[t]! <= maxDistanceM) targetIndexes.push(t);
    return {
      targetIndexes: Uint32Array.from(targetIndexes),
      distanceM: Float64Array.from(targetIndexes, (t) => walk.distanceM[t]!),
      approximate: true,
    };
  }
  const source = snapSources(network, [origin])[0] ?? null;
  if (source === null) return { targetIndexes: new Uint32Array(0), distanceM: new Float64Array(0), approximate: false };
  const nodes = boundedDistances(graph, [source], maxDistanceM, networkWorkspace(network) ?? undefined);
  const grouped = targetsBySegment(graph, targets);
  const { start, targetIndex, fraction, legM } = grouped;
  const { segmentFrom, segmentTo, segmentLengthM, adjacencyStart, adjacencySegment } = graph;
  const found: number[] = [];
  const foundDistanceM: number[] = [];
  const visitSegment = (segment: number): void => {
    const lengthM = segmentLengthM[segment]!;
    const dFrom = nodes.distanceM(segmentFrom[segment]!);
    const dTo = nodes.distanceM(segmentTo[segment]!);
    const own = segment === source.segment;
    for (let k = start[segment]!; k < start[segment + 1]!; k++) {
      const g = fraction[k]!;
      let best = Math.min(dFrom + g * lengthM, dTo + (1 - g) * lengthM);
      if (own) best = Math.min(best, source.legM + Math.abs(source.fraction - g) * lengthM);
      const total = legM[k]! + best;
      if (total <= maxDistanceM) {
        found.push(targetIndex[k]!);
        foundDistanceM.push(total);
      }
    }
  };
  // Each segment once: from its segmentFrom end if that was reached, else from segmentTo.
  for (const node of nodes.reachedNodes) {
    for (let k = adjacencyStart[node]!; k < adjacencyStart[node + 1]!; k++) {
      const segment = adjacencySegment[k]!;
      if (segment === source.segment) continue;
      if (segmentFrom[segment] === node || nodes.distanceM(segmentFrom[segment]!) === Infinity) visitSegment(segment);
    }
  }
  // The origin's own segment, whose targets may be reached directly even when neither end is.
  visitSegment(source.segment);
  return { ...byTargetIndex(found, foundDistanceM), approximate: false };
}

/** Positions below this fit beside a 32-bit target index in one exactly represented sort key. */
const POSITION_KEY_SPAN = 2 ** 21;

/** The found targets in increasing index order with their distances (a native sort of packed keys). */
function byTargetIndex(found: number[], foundDistanceM: number[]): { targetIndexes: Uint32Array; distanceM: Float64Array } {
  const count = found.length;
  const targetIndexes = new Uint32Array(count);
  const distanceM = new Float64Array(count);
  // Explicit loops: TypedArray.from with a mapping function is many times slower in V8.
  if (count < POSITION_KEY_SPAN) {
    // target × 2^21 + position < 2^53: exact in a double, and distinct targets sort by index alone.
    const keys = new Float64Array(count);
    for (let k = 0; k < count; k++) keys[k] = found[k]! * POSITION_KEY_SPAN + k;
    keys.sort();
    for (let j = 0; j < count; j++) {
      const k = keys[j]! % POSITION_KEY_SPAN;
      targetIndexes[j] = found[k]!;
      distanceM[j] = foundDistanceM[k]!;
    }
  } else {
    const order = found.map((_, k) => k).sort((a, b) => found[a]! - found[b]!);
    for (let j = 0; j < count; j++) {
      targetIndexes[j] = found[order[j]!]!;
      distanceM[j] = foundDistanceM[order[j]!]!;
    }
  }
  return { targetIndexes, distanceM };
}

/**
 * Without roads: geodesic straight line × detourFactor to the nearest source. Sources are indexed
 * so that each target only looks at those within maxDistanceM / detourFactor.
 */
function straightLineDistances(
  detourFactor: number,
  sources: readonly LonLat[],
  targets: SnappedTargets,
  maxDistanceM: number,
): WalkingDistances {
  const distanceM = new Float64Array(targets.count).fill(Infinity);
  const nearestSource = new Int32Array(targets.count).fill(-1);
  const snapLegM = new Float64Array(targets.count).fill(NaN);
  const straightLimitM = maxDistanceM / detourFactor;
  const useIndex = sources.length > 16 && Number.isFinite(straightLimitM);
  let tree: Flatbush | null = null;
  if (useIndex) {
    tree = new Flatbush(sources.length);
    for (const [lon, lat] of sources) tree.add(lon, lat, lon, lat);
    tree.finish();
  }
  for (let t = 0; t < targets.count; t++) {
    const lon = targets.lon[t]!;
    const lat = targets.lat[t]!;
    let best = Infinity;
    let bestSource = -1;
    const consider = (i: number): boolean => {
      const source = sources[i]!;
      const d = geodesicDistanceCoordsM(source[0], source[1], lon, lat) * detourFactor;
      if (d < best || (d === best && i < bestSource)) {
        best = d;
        bestSource = i;
      }
      return false;
    };
    if (tree !== null) {
      const scale = metresPerDegree(lat);
      const dLon = (straightLimitM / scale.lonM) * 1.01 + 1e-9;
      const dLat = (straightLimitM / scale.latM) * 1.01 + 1e-9;
      tree.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat, consider);
    } else {
      for (let i = 0; i < sources.length; i++) consider(i);
    }
    if (best <= maxDistanceM) {
      distanceM[t] = best;
      nearestSource[t] = bestSource;
    }
  }
  return { distanceM, nearestSource, snapLegM, approximate: true };
}

/** Reusable output buffers of {@link targetsWithinReachInto}; they grow as needed and are overwritten by each call. */
export interface ReachBuffers {
  targetIndexes: Uint32Array;
  distanceM: Float64Array;
  /** Sort keys (target × 2^21 + position). */
  keys: Float64Array;
  /** Unsorted scratch of the same length. */
  foundTarget: Uint32Array;
  foundDistanceM: Float64Array;
}

export function createReachBuffers(capacity = 1024): ReachBuffers {
  return {
    targetIndexes: new Uint32Array(capacity),
    distanceM: new Float64Array(capacity),
    keys: new Float64Array(capacity),
    foundTarget: new Uint32Array(capacity),
    foundDistanceM: new Float64Array(capacity),
  };
}

function growReachBuffers(buffers: ReachBuffers, needed: number): void {
  let capacity = buffers.foundTarget.length;
  while (capacity < needed) capacity *= 2;
  const target = new Uint32Array(capacity);
  target.set(buffers.foundTarget);
  const distance = new Float64Array(capacity);
  distance.set(buffers.foundDistanceM);
  buffers.foundTarget = target;
  buffers.foundDistanceM = distance;
  buffers.targetIndexes = new Uint32Array(capacity);
  buffers.distanceM = new Float64Array(capacity);
  buffers.keys = new Float64Array(capacity);
}

/**
 * The same answer as {@link targetsWithinReach} (targets in increasing index order, the same distances,
 * bit for bit) written into reusable typed buffers: `buffers.targetIndexes[0 … count − 1]` and
 * `buffers.distanceM[…]`. For loops over many origins (E2SFCA runs one per facility), where the
 * per-call arrays of targetsWithinReach cost more than the search. Returns the count; −1 without roads
 * (the caller then uses targetsWithinReach's straight-line path). With `ordered` false the targets come in
 * the order the walk found them (no sort: the same set and distances, at about half the cost).
 */
export function targetsWithinReachInto(
  network: WalkNetwork,
  origin: LonLat,
  targets: SnappedTargets,
  maxDistanceM: number,
  buffers: ReachBuffers,
  ordered = true,
): number {
  const graph = network.graph;
  if (graph === null) return -1;
  const source = snapSources(network, [origin])[0] ?? null;
  if (source === null) return 0;
  const nodes = boundedDistances(graph, [source], maxDistanceM, networkWorkspace(network) ?? undefined);
  const { start, targetIndex, fraction, legM } = targetsBySegment(graph, targets);
  const { segmentFrom, segmentTo, segmentLengthM, adjacencyStart, adjacencySegment } = graph;
  let count = 0;
  const visitSegment = (segment: number): void => {
    const first = start[segment]!;
    const end = start[segment + 1]!;
    if (first === end) return;
    const lengthM = segmentLengthM[segment]!;
    const dFrom = nodes.distanceM(segmentFrom[segment]!);
    const dTo = nodes.distanceM(segmentTo[segment]!);
    const own = segment === source.segment;
    if (count + (end - first) > buffers.foundTarget.length) growReachBuffers(buffers, count + (end - first));
    const foundTarget = buffers.foundTarget;
    const foundDistanceM = buffers.foundDistanceM;
    for (let k = first; k < end; k++) {
      const g = fraction[k]!;
      let best = Math.min(dFrom + g * lengthM, dTo + (1 - g) * lengthM);
      if (own) best = Math.min(best, source.legM + Math.abs(source.fraction - g) * lengthM);
      const total = legM[k]! + best;
      if (total <= maxDistanceM) {
        foundTarget[count] = targetIndex[k]!;
        foundDistanceM[count] = total;
        count++;
      }
    }
  };
  for (const node of nodes.reachedNodes) {
    for (let k = adjacencyStart[node]!; k < adjacencyStart[node + 1]!; k++) {
      const segment = adjacencySegment[k]!;
      if (segment === source.segment) continue;
      if (segmentFrom[segment] === node || nodes.distanceM(segmentFrom[segment]!) === Infinity) visitSegment(segment);
    }
  }
  visitSegment(source.segment);
  const { foundTarget, foundDistanceM, targetIndexes, distanceM } = buffers;
  if (!ordered) {
    targetIndexes.set(foundTarget.subarray(0, count));
    distanceM.set(foundDistanceM.subarray(0, count));
    return count;
  }
  // In increasing target order, as targetsWithinReach (byTargetIndex) returns them.
  if (count < POSITION_KEY_SPAN) {
    const keys = buffers.keys.subarray(0, count);
    for (let k = 0; k < count; k++) keys[k] = foundTarget[k]! * POSITION_KEY_SPAN + k;
    keys.sort();
    for (let j = 0; j < count; j++) {
      const k = keys[j]! % POSITION_KEY_SPAN;
      targetIndexes[j] = foundTarget[k]!;
      distanceM[j] = foundDistanceM[k]!;
    }
  } else {
    const order = Array.from({ length: count }, (_, k) => k).sort((a, b) => foundTarget[a]! - foundTarget[b]!);
    for (let j = 0; j < count; j++) {
      targetIndexes[j] = foundTarget[order[j]!]!;
      distanceM[j] = foundDistanceM[order[j]!]!;
    }
  }
  return count;
}
