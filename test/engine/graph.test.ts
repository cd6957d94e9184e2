import { describe, expect, it } from 'vitest';
import { buildWalkGraph, type WalkGraph } from '../../server/engine/network/index.js';
import type { Road } from '../../server/model/index.js';
import { at, road } from '../fixtures/equator.js';

/** Node number of the vertex at (xM, yM) metres. */
function nodeAt(graph: WalkGraph, xM: number, yM: number): number {
  const [lon, lat] = at(xM, yM);
  for (let n = 0; n < graph.nodeCount; n++) if (graph.nodeLon[n] === lon && graph.nodeLat[n] === lat) return n;
  return -1;
}

function neighbours(graph: WalkGraph, node: number): number[] {
  const out: number[] = [];
  for (let k = graph.adjacencyStart[node]!; k < graph.adjacencyStart[node + 1]!; k++) out.push(graph.adjacencyNode[k]!);
  return out.sort((a, b) => a - b);
}

describe('buildWalkGraph', () => {
  /*
   *   E(0,50) ==========foot=no========== F(200,50)
   *                              X(150,50)
   *                                 |        (crosses B–C without a shared vertex)
   *   A(0,0) ---100m--- B(100,0) ---+---100m--- C(200,0)
   *                        |        |
   *                      100 m   X'(150,-50)
   *                        |
   *                     D(100,-100)
   */
  const roads: Road[] = [
    road([
      [0, 0],
      [100, 0],
      [200, 0],
    ]),
    road([
      [100, 0],
      [100, -100],
    ]),
    road(
      [
        [0, 50],
        [200, 50],
      ],
      'no',
    ),
    road([
      [150, 50],
      [150, -50],
    ]),
  ];
  const graph = buildWalkGraph(roads);
  const [A, B, C, D] = [nodeAt(graph, 0, 0), nodeAt(graph, 100, 0), nodeAt(graph, 200, 0), nodeAt(graph, 100, -100)];
  const [X, X2] = [nodeAt(graph, 150, 50), nodeAt(graph, 150, -50)];

  it('makes a node per distinct vertex and a segment per consecutive pair; the foot=no way is left out', () => {
    expect(graph.nodeCount).toBe(6); // A B C D X X'
    expect(graph.segmentCount).toBe(4); // A–B, B–C, B–D, X–X'
    expect(nodeAt(graph, 0, 50)).toBe(-1);
    expect(nodeAt(graph, 200, 50)).toBe(-1);
  });

  it('joins ways only at identical vertices: B has A, C and D; the crossing way stays apart', () => {
    expect(neighbours(graph, B)).toEqual([A, C, D].sort((a, b) => a - b));
    expect(neighbours(graph, X)).toEqual([X2]);
    expect(neighbours(graph, A)).toEqual([B]);
  });

  it('measures segments geodesically: 100 m each, X–X′ 100 m', () => {
    for (let s = 0; s < graph.segmentCount; s++) expect(graph.segmentLengthM[s]).toBeCloseTo(100, 6);
  });

  it('stores each segment once and twice in the CSR adjacency, with the segment number beside the node', () => {
    expect(graph.adjacencyStart[graph.nodeCount]).toBe(8);
    for (let n = 0; n < graph.nodeCount; n++) {
      for (let k = graph.adjacencyStart[n]!; k < graph.adjacencyStart[n + 1]!; k++) {
        const s = graph.adjacencySegment[k]!;
        const ends = [graph.segmentFrom[s], graph.segmentTo[s]];
        expect(ends).toContain(n);
        expect(ends).toContain(graph.adjacencyNode[k]);
      }
    }
  });

  it('lays the adjacency out again as one search record per node: distance, node, degree, lengths, neighbour records', () => {
    const words = new Float64Array(graph.searchRecords);
    const halves = new Uint32Array(graph.searchRecords);
    expect(graph.searchRecordStart[graph.nodeCount]).toBe(words.length);
    for (let n = 0; n < graph.nodeCount; n++) {
      const record = graph.searchRecordStart[n]!;
      const degree = graph.adjacencyStart[n + 1]! - graph.adjacencyStart[n]!;
      expect(graph.searchRecordStart[n + 1]! - record).toBe(2 + degree + Math.ceil(degree / 2));
      expect(words[record]).toBe(Infinity);
      expect(halves[2 * record + 2]).toBe(n);
      expect(halves[2 * record + 3]).toBe(degree);
      for (let j = 0; j < degree; j++) {
        const k = graph.adjacencyStart[n]! + j;
        expect(words[record + 2 + j]).toBe(graph.segmentLengthM[graph.adjacencySegment[k]!]);
        expect(halves[2 * (record + 2 + degree) + j]).toBe(graph.searchRecordStart[graph.adjacencyNode[k]!]);
      }
    }
    expect(graph.medianSegmentM).toBeCloseTo(100, 6);
    expect(graph.longestSegmentM).toBeCloseTo(100, 6);
  });

  it('reads every MultiLineString part and skips a repeated vertex', () => {
    const multi: Road = {
      geometry: {
        type: 'MultiLineString',
        coordinates: [
          [at(0, 0), at(0, 0), at(0, 100)],
          [at(500, 0), at(600, 0)],
        ],
      },
      highway: 'footway',
      foot: null,
      name: null,
    };
    const g = buildWalkGraph([multi]);
    expect(g.nodeCount).toBe(4);
    expect(g.segmentCount).toBe(2);
    expect(g.segmentLengthM[0]).toBeCloseTo(100, 6);
    expect(g.segmentLengthM[1]).toBeCloseTo(100, 6);
  });

  it('is empty without walkable roads', () => {
    const g = buildWalkGraph([
      road(
        [
          [0, 0],
          [100, 0],
        ],
        'no',
      ),
    ]);
    expect(g.nodeCount).toBe(0);
    expect(g.segmentCount).toBe(0);
    expect(g.adjacencyStart).toEqual(new Uint32Array([0]));
  });
});
