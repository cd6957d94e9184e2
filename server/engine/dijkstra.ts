/**
 * Bounded Dijkstra over the walking graph, from one or many snapped sources at once.
 *
 * A source snapped at fraction f on segment (u → v) of length L seeds node u with leg + f·L and
 * node v with leg + (1 − f)·L (DATA_FORMAT.md: the source's own leg counts). One multi-source run
 * gives every node its distance to the nearest source and which source that is. Nodes farther
 * than maxDistanceM are never queued, so a run costs only what it reaches.
 *
 * Points between nodes (snapped targets, including one on a source's own segment) are evaluated
 * in walk-network.ts from these node distances.
 */
import type { WalkGraph } from './graph.js';
import { NodeHeap } from './heap.js';
import type { SnappedPoint } from './snap.js';

export interface NetworkDistances {
  /** Walking distance in metres from the nearest source to each node; Infinity if not reached within the bound. */
  distanceM: Float64Array;
  /** Index (into `sources`) of the nearest source of each node; −1 if not reached. */
  nearestSource: Int32Array;
  /** The nodes reached (finite distance), in no particular order. */
  reachedNodes: Int32Array;
}

/**
 * Reusable buffers for repeated runs on one graph (e.g. one facility's catchment after another).
 * Between runs only the nodes the previous run touched are reset, so a small catchment on a large
 * graph costs only its own size. Results returned with a workspace are views into it, valid until
 * its next run.
 */
export interface DijkstraWorkspace {
  graph: WalkGraph;
  distanceM: Float64Array;
  nearestSource: Int32Array;
  heap: NodeHeap;
  /** Nodes given a finite distance by the last run; first `touchedCount` entries are valid. */
  touched: Int32Array;
  touchedCount: number;
}

export function createDijkstraWorkspace(graph: WalkGraph): DijkstraWorkspace {
  return {
    graph,
    distanceM: new Float64Array(graph.nodeCount).fill(Infinity),
    nearestSource: new Int32Array(graph.nodeCount).fill(-1),
    heap: new NodeHeap(graph.nodeCount),
    touched: new Int32Array(graph.nodeCount),
    touchedCount: 0,
  };
}

/**
 * Walking distance in metres from the nearest source to every node, up to maxDistanceM
 * (inclusive). Unreached nodes hold Infinity and source −1. Null entries in `sources` (points
 * that could not be snapped) are skipped but keep their index, so `nearestSource` always indexes
 * the caller's array. Without `work` fresh arrays are returned; with it, views into `work`.
 */
export function boundedDistances(
  graph: WalkGraph,
  sources: readonly (SnappedPoint | null)[],
  maxDistanceM: number,
  work?: DijkstraWorkspace,
): NetworkDistances {
  const ws = work ?? createDijkstraWorkspace(graph);
  if (ws.graph !== graph) throw new Error('boundedDistances: the workspace belongs to another graph');
  const { distanceM, nearestSource, heap, touched } = ws;
  for (let i = 0; i < ws.touchedCount; i++) {
    const node = touched[i]!;
    distanceM[node] = Infinity;
    nearestSource[node] = -1;
  }
  heap.clear();
  let touchedCount = 0;

  const { segmentFrom, segmentTo, segmentLengthM, adjacencyStart, adjacencyNode, adjacencyLengthM } = graph;
  const seed = (node: number, d: number, source: number): void => {
    if (d > maxDistanceM || d >= distanceM[node]!) return;
    if (distanceM[node] === Infinity) touched[touchedCount++] = node;
    distanceM[node] = d;
    nearestSource[node] = source;
    heap.push(node, d);
  };
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i];
    if (source == null) continue;
    const lengthM = segmentLengthM[source.segment]!;
    seed(segmentFrom[source.segment]!, source.legM + source.fraction * lengthM, i);
    seed(segmentTo[source.segment]!, source.legM + (1 - source.fraction) * lengthM, i);
  }

  while (heap.size > 0) {
    const node = heap.pop();
    const d = distanceM[node]!;
    const source = nearestSource[node]!;
    const end = adjacencyStart[node + 1]!;
    for (let k = adjacencyStart[node]!; k < end; k++) {
      const nd = d + adjacencyLengthM[k]!;
      if (nd > maxDistanceM) continue;
      const next = adjacencyNode[k]!;
      const current = distanceM[next]!;
      if (nd >= current) continue;
      if (current === Infinity) touched[touchedCount++] = next;
      distanceM[next] = nd;
      nearestSource[next] = source;
      heap.push(next, nd);
    }
  }
  ws.touchedCount = touchedCount;
  // Every touched node was settled (its tentative distance was within the bound), so touched = reached.
  return { distanceM, nearestSource, reachedNodes: touched.subarray(0, touchedCount) };
}
