/**
 * A prepared walking network as ONE ArrayBuffer, so it crosses between threads by transfer (no copy,
 * no serialisation of objects): the graph's typed arrays, the snap index's orientation and its R-tree
 * (Flatbush's own buffer), after a small JSON header naming each array's place. Unpacking makes views
 * into the buffer; the result is the same WalkNetwork `prepareWalkNetwork` would have built.
 */
import Flatbush from 'flatbush';
import type { WalkGraph, WalkNetwork } from '../../engine/network/index.js';
import type { PlanningParameters } from '../../model/index.js';

type ArrayName =
  | 'nodeLon'
  | 'nodeLat'
  | 'segmentFrom'
  | 'segmentTo'
  | 'segmentRoadOrder'
  | 'segmentLengthM'
  | 'adjacencyStart'
  | 'adjacencyNode'
  | 'adjacencySegment'
  | 'searchRecordStart';

const ARRAYS: readonly ArrayName[] = [
  'nodeLon',
  'nodeLat',
  'segmentFrom',
  'segmentTo',
  'segmentRoadOrder',
  'segmentLengthM',
  'adjacencyStart',
  'adjacencyNode',
  'adjacencySegment',
  'searchRecordStart',
];

interface Part {
  /** Byte offset in the packed buffer (a multiple of 8). */
  offset: number;
  byteLength: number;
}

interface Header {
  parameters: PlanningParameters;
  graph: null | {
    nodeCount: number;
    segmentCount: number;
    medianSegmentM: number;
    longestSegmentM: number;
    arrays: Record<ArrayName, Part>;
    searchRecords: Part;
    orientation: Part;
    tree: Part | null;
  };
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** The network in one buffer (population snaps and search workspaces are left out: each side makes its own). */
export function packNetwork(network: WalkNetwork): ArrayBuffer {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const place = (bytes: Uint8Array): Part => {
    const part = { offset, byteLength: bytes.byteLength };
    chunks.push(bytes);
    offset = align8(offset + bytes.byteLength);
    return part;
  };
  const bytesOf = (view: ArrayBufferView | ArrayBufferLike): Uint8Array =>
    ArrayBuffer.isView(view) ? new Uint8Array(view.buffer, view.byteOffset, view.byteLength) : new Uint8Array(view);
  let graphHeader: Header['graph'] = null;
  const graph = network.graph;
  if (graph !== null) {
    const arrays = {} as Record<ArrayName, Part>;
    for (const name of ARRAYS) arrays[name] = place(bytesOf(graph[name]));
    const searchRecords = place(bytesOf(graph.searchRecords));
    const orientation = place(bytesOf(network.snapIndex!.orientation));
    const tree = network.snapIndex!.tree ? place(bytesOf(network.snapIndex!.tree.data)) : null;
    graphHeader = {
      nodeCount: graph.nodeCount,
      segmentCount: graph.segmentCount,
      medianSegmentM: graph.medianSegmentM,
      longestSegmentM: graph.longestSegmentM,
      arrays,
      searchRecords,
      orientation,
      tree,
    };
  }
  const header = new TextEncoder().encode(JSON.stringify({ parameters: network.parameters, graph: graphHeader } satisfies Header));
  const bodyStart = align8(4 + header.byteLength);
  const buffer = new ArrayBuffer(bodyStart + offset);
  new DataView(buffer).setUint32(0, header.byteLength, true);
  new Uint8Array(buffer, 4, header.byteLength).set(header);
  let at = bodyStart;
  for (const chunk of chunks) {
    new Uint8Array(buffer, at, chunk.byteLength).set(chunk);
    at = align8(at + chunk.byteLength);
  }
  return buffer;
}

/** The WalkNetwork of a packed buffer: views into it, plus copies where the engine expects a buffer of its own. */
export function unpackNetwork(buffer: ArrayBuffer): WalkNetwork {
  const headerLength = new DataView(buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, headerLength))) as Header;
  const bodyStart = align8(4 + headerLength);
  const g = header.graph;
  if (g === null) {
    return { graph: null, snapIndex: null, parameters: header.parameters, approximate: true, workspace: null, populationSnap: null };
  }
  const at = (part: Part): number => bodyStart + part.offset;
  const f64 = (part: Part) => new Float64Array(buffer, at(part), part.byteLength / 8);
  const u32 = (part: Part) => new Uint32Array(buffer, at(part), part.byteLength / 4);
  const graph: WalkGraph = {
    nodeCount: g.nodeCount,
    nodeLon: f64(g.arrays.nodeLon),
    nodeLat: f64(g.arrays.nodeLat),
    segmentCount: g.segmentCount,
    segmentFrom: u32(g.arrays.segmentFrom),
    segmentTo: u32(g.arrays.segmentTo),
    segmentRoadOrder: u32(g.arrays.segmentRoadOrder),
    segmentLengthM: f64(g.arrays.segmentLengthM),
    adjacencyStart: u32(g.arrays.adjacencyStart),
    adjacencyNode: u32(g.arrays.adjacencyNode),
    adjacencySegment: u32(g.arrays.adjacencySegment),
    medianSegmentM: g.medianSegmentM,
    longestSegmentM: g.longestSegmentM,
    searchRecordStart: u32(g.arrays.searchRecordStart),
    // Every search copies it (dijkstra.ts), so a copy of its own costs nothing extra later.
    searchRecords: buffer.slice(at(g.searchRecords), at(g.searchRecords) + g.searchRecords.byteLength),
  };
  const orientation = new Uint8Array(buffer, at(g.orientation), g.orientation.byteLength);
  const tree = g.tree === null ? null : Flatbush.from(buffer.slice(at(g.tree), at(g.tree) + g.tree.byteLength));
  return {
    graph,
    snapIndex: { graph, tree, orientation },
    parameters: header.parameters,
    approximate: false,
    workspace: null,
    populationSnap: null,
  };
}
