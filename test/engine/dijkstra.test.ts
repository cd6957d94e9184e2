import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundedDistances,
  createDijkstraWorkspace,
  buildWalkGraph,
  type WalkGraph,
  NodeHeap,
  createSnapIndex,
  snapPoint,
  type SnappedPoint,
  prepareWalkNetwork,
  walkingDistancesFrom,
  walkingDistancesToNearest,
} from '../../server/engine/network/index.js';
import type { LonLat } from '../../server/model/index.js';
import { at, parameters, road } from '../fixtures/equator.js';

/*
 *   A(0,0) --100m-- B(100,0) --100m-- C(200,0) --100m-- D(300,0)        E(1000,0) --100m-- F(1100,0)
 *                      |                                                (a second component)
 *                    100 m
 *                      |
 *                   G(100,-100)
 */
const roads = [
  road([
    [0, 0],
    [100, 0],
    [200, 0],
    [300, 0],
  ]),
  road([
    [100, 0],
    [100, -100],
  ]),
  road([
    [1000, 0],
    [1100, 0],
  ]),
];
const graph = buildWalkGraph(roads);
const index = createSnapIndex(graph);
const network = prepareWalkNetwork(roads, parameters({ maxSnapMeters: 50 }));

function node(g: WalkGraph, xM: number, yM: number): number {
  const [lon, lat] = at(xM, yM);
  for (let n = 0; n < g.nodeCount; n++) if (g.nodeLon[n] === lon && g.nodeLat[n] === lat) return n;
  throw new Error(`no node at ${xM},${yM}`);
}
const [A, B, C, D, G, E, F] = [
  [0, 0],
  [100, 0],
  [200, 0],
  [300, 0],
  [100, -100],
  [1000, 0],
  [1100, 0],
].map(([x, y]) => node(graph, x!, y!)) as [number, number, number, number, number, number, number];

describe('NodeHeap', () => {
  it('pops in key order, lowering a queued key instead of adding a second entry', () => {
    const heap = new NodeHeap(6);
    [
      [0, 50],
      [1, 10],
      [2, 40],
      [3, 30],
      [4, 20],
      [5, 60],
    ].forEach(([n, k]) => heap.push(n!, k!));
    heap.push(5, 5); // lowered: now first
    heap.push(1, 99); // higher: ignored
    expect(heap.size).toBe(6);
    const order: number[] = [];
    while (heap.size > 0) order.push(heap.pop());
    expect(order).toEqual([5, 1, 4, 3, 2, 0]);
    expect(heap.pop()).toBe(-1);
  });
});

describe('boundedDistances', () => {
  // The facility f(150,20) snaps to the middle of B–C with a 20 m leg: B and C start at 20 + 50 = 70 m.
  const f = snapPoint(index, at(150, 20), 50)!;

  it('seeds both ends of the snapped segment with leg + fraction × length', () => {
    const run = boundedDistances(graph, [f], Infinity);
    expect(run.distanceM(B)).toBeCloseTo(70, 6);
    expect(run.distanceM(C)).toBeCloseTo(70, 6);
    expect(run.distanceM(A)).toBeCloseTo(170, 6);
    expect(run.distanceM(D)).toBeCloseTo(170, 6);
    expect(run.distanceM(G)).toBeCloseTo(170, 6);
    expect(run.nearestSource(G)).toBe(0);
  });

  it('never reaches another component: E and F stay Infinity / −1', () => {
    const run = boundedDistances(graph, [f], Infinity);
    expect(run.distanceM(E)).toBe(Infinity);
    expect(run.distanceM(F)).toBe(Infinity);
    expect(run.nearestSource(E)).toBe(-1);
    expect([...run.reachedNodes].sort()).toEqual([A, B, C, D, G].sort());
  });

  it('gives each node its nearest source in one multi-source pass; null sources keep their index', () => {
    const atD = snapPoint(index, at(300, 0), 50)!; // on D, leg 0
    const run = boundedDistances(graph, [f, null, atD], Infinity);
    expect(run.distanceM(D)).toBeCloseTo(0, 9);
    expect(run.nearestSource(D)).toBe(2);
    expect(run.distanceM(C)).toBeCloseTo(70, 6); // 70 from f beats 100 from D
    expect(run.nearestSource(C)).toBe(0);
    expect(run.nearestSource(A)).toBe(0);
  });

  it('between sources exactly as near, gives a node the one with the lower index, whatever the settling order', () => {
    // P(−200,0) — Q(−100,0) — R(0,0) — S(100,0) — T(200,0), mirrored about R so that both ways to R
    // add the same lengths bit for bit: sources on P and on T, R exactly as far from each.
    const line = buildWalkGraph([
      road([
        [-200, 0],
        [-100, 0],
        [0, 0],
        [100, 0],
        [200, 0],
      ]),
    ]);
    const lineIndex = createSnapIndex(line);
    const [onP, onT] = [snapPoint(lineIndex, at(-200, 0), 50)!, snapPoint(lineIndex, at(200, 0), 50)!];
    const R = node(line, 0, 0);
    for (const sources of [
      [onP, onT],
      [onT, onP],
    ]) {
      const run = boundedDistances(line, sources, Infinity);
      expect(run.distanceM(R)).toBeCloseTo(200, 6);
      expect(run.nearestSource(R)).toBe(0);
    }
    // A point beside R likewise, whichever of R's two segments it snaps to.
    const lineNetwork = prepareWalkNetwork(
      [
        road([
          [-200, 0],
          [-100, 0],
          [0, 0],
          [100, 0],
          [200, 0],
        ]),
      ],
      parameters({ maxSnapMeters: 50 }),
    );
    for (const sources of [
      [at(-200, 0), at(200, 0)],
      [at(200, 0), at(-200, 0)],
    ]) {
      expect(walkingDistancesToNearest(lineNetwork, sources, [at(0, 10)], Infinity).nearestSource[0]).toBe(0);
    }
  });

  it('stops at maxDistanceM, which is inclusive', () => {
    const bounded = boundedDistances(graph, [f], 150);
    expect(bounded.distanceM(B)).toBeCloseTo(70, 6);
    expect(bounded.distanceM(A)).toBe(Infinity); // 170 > 150
    const toA = boundedDistances(graph, [f], Infinity).distanceM(A);
    expect(boundedDistances(graph, [f], toA).distanceM(A)).toBe(toA);
  });

  it('a reused workspace resets what the previous run touched and gives the same answers', () => {
    const work = createDijkstraWorkspace(graph);
    boundedDistances(graph, [f], Infinity, work);
    const onE = snapPoint(index, at(1000, 0), 50)!;
    const second = boundedDistances(graph, [onE], Infinity, work);
    expect(second.distanceM(B)).toBe(Infinity);
    expect(second.nearestSource(B)).toBe(-1);
    expect(second.distanceM(F)).toBeCloseTo(100, 6);
    expect(work.touchedCount).toBe(2);
  });
});

/**
 * Reference distances by Bellman–Ford over the segment list: the least fixed point of
 * d(v) = min(seed(v), d(u) + length(u, v)) in the same floating-point arithmetic, which any
 * correct label-setting or label-correcting search must reproduce bit for bit.
 */
function referenceDistances(g: WalkGraph, sources: readonly (SnappedPoint | null)[], maxDistanceM: number): Float64Array {
  const d = new Float64Array(g.nodeCount).fill(Infinity);
  const lower = (node: number, value: number): boolean => {
    if (value > maxDistanceM || value >= d[node]!) return false;
    d[node] = value;
    return true;
  };
  for (const source of sources) {
    if (source == null) continue;
    const lengthM = g.segmentLengthM[source.segment]!;
    lower(g.segmentFrom[source.segment]!, source.legM + source.fraction * lengthM);
    lower(g.segmentTo[source.segment]!, source.legM + (1 - source.fraction) * lengthM);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (let s = 0; s < g.segmentCount; s++) {
      const u = g.segmentFrom[s]!;
      const v = g.segmentTo[s]!;
      const lengthM = g.segmentLengthM[s]!;
      if (lower(v, d[u]! + lengthM)) changed = true;
      if (lower(u, d[v]! + lengthM)) changed = true;
    }
  }
  return d;
}

describe('boundedDistances against a reference', () => {
  /** A random street network: ways through random points of a 600 m square, some vertices centimetres apart (below the 1 m bucket width). */
  const networkArbitrary = fc
    .array(
      fc.array(
        fc.oneof(
          fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })).map(([i, j]) => [50 * i, 50 * j] as [number, number]),
          fc
            .tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 90 }))
            .map(([i, j, cm]) => [50 * i + cm / 100, 50 * j] as [number, number]),
        ),
        { minLength: 2, maxLength: 8 },
      ),
      { minLength: 1, maxLength: 12 },
    )
    .map((ways) => ways.map((points) => road(points)));
  const sourceArbitrary = fc.record({
    x: fc.double({ min: 0, max: 600, noNaN: true }),
    y: fc.double({ min: 0, max: 600, noNaN: true }),
  });

  it('gives every node exactly the reference distance, one source or many, bounded or not, in a reused workspace', () => {
    fc.assert(
      fc.property(
        networkArbitrary,
        fc.array(sourceArbitrary, { minLength: 1, maxLength: 4 }),
        fc.oneof(fc.constant(Infinity), fc.double({ min: 0, max: 900, noNaN: true })),
        (ways, points, maxDistanceM) => {
          const g = buildWalkGraph(ways);
          if (g.segmentCount === 0) return;
          const snapIndex = createSnapIndex(g);
          const sources = points.map((p) => snapPoint(snapIndex, at(p.x, p.y), 1000));
          const work = createDijkstraWorkspace(g);
          // A first run leaves state behind that the second must not see.
          boundedDistances(g, sources.slice(0, 1), Infinity, work);
          const run = boundedDistances(g, sources, maxDistanceM, work);
          const expected = referenceDistances(g, sources, maxDistanceM);
          const reached = new Set(run.reachedNodes);
          for (let n = 0; n < g.nodeCount; n++) {
            expect(run.distanceM(n)).toBe(expected[n]);
            expect(reached.has(n)).toBe(expected[n] !== Infinity);
            const nearest = run.nearestSource(n);
            if (expected[n] === Infinity) {
              expect(nearest).toBe(-1);
            } else {
              // The nearest source alone reaches the node at the same distance.
              expect(referenceDistances(g, [sources[nearest]!], maxDistanceM)[n]).toBe(expected[n]);
            }
          }
        },
      ),
      { numRuns: 150, seed: 20261123 },
    );
  });

  it('widens the bucket ring to span sources that start far apart', () => {
    // 100 m segments: buckets of 100 m and a ring of 4; a second source enters 5 km out (a long leg).
    const near = snapPoint(index, at(150, 20), 50)!;
    const far = { ...snapPoint(index, at(1050, 0), 50)!, legM: 5000 };
    const work = createDijkstraWorkspace(graph);
    expect(work.queue.ringMask + 1).toBe(4);
    const run = boundedDistances(graph, [near, far], Infinity, work);
    expect(work.queue.ringMask + 1).toBeGreaterThanOrEqual(53); // (5100 − 20 + 100) / 100 + 2
    const expected = referenceDistances(graph, [near, far], Infinity);
    for (let n = 0; n < graph.nodeCount; n++) expect(run.distanceM(n)).toBe(expected[n]);
    expect(run.nearestSource(E)).toBe(1);
    expect(run.distanceM(E)).toBeCloseTo(5050, 6);
  });

  it('stays exact past the largest ring, where entries come round early (label correcting)', () => {
    // A leg of 10^9 m would need 10^7 buckets of 100 m: more than the ring may have.
    const near = snapPoint(index, at(150, 20), 50)!;
    const far = { ...snapPoint(index, at(250, 0), 50)!, legM: 1e9 };
    const run = boundedDistances(graph, [far, near], Infinity);
    const expected = referenceDistances(graph, [far, near], Infinity);
    for (let n = 0; n < graph.nodeCount; n++) expect(run.distanceM(n)).toBe(expected[n]);
    expect(run.nearestSource(D)).toBe(1);
  });
});

describe('walking distances between points', () => {
  it('facility and point on the same segment use the direct path: 10 + 60 + 10 = 80 m, not 120 m via a node', () => {
    // f(120,10) at fraction 0.2 of B–C, p(180,−10) at 0.8; via B: 10 + 20 + 80 + 10 = 120; via C likewise.
    const result = walkingDistancesToNearest(network, [at(120, 10)], [at(180, -10)], Infinity);
    expect(result.distanceM[0]).toBeCloseTo(80, 6);
    expect(result.nearestSource[0]).toBe(0);
    expect(result.snapLegM[0]).toBeCloseTo(10, 6);
  });

  it('adds both legs: f(150,20) to p(0,−30) is 20 + 50 + 100 + 30 = 200 m (p snaps onto A)', () => {
    const result = walkingDistancesToNearest(network, [at(150, 20)], [at(0, -30)], Infinity);
    expect(result.distanceM[0]).toBeCloseTo(200, 6);
    expect(result.approximate).toBe(false);
  });

  it('picks the nearest of several sources, and a point on another component is unreachable', () => {
    const sources: LonLat[] = [at(150, 20), at(300, 10)];
    const result = walkingDistancesToNearest(network, sources, [at(250, 0), at(50, 0), at(1050, 5)], Infinity);
    expect(result.distanceM[0]).toBeCloseTo(60, 6); // 10 + 50 from the second source
    expect(result.nearestSource[0]).toBe(1);
    expect(result.distanceM[1]).toBeCloseTo(120, 6); // 20 + 50 + 50 from the first
    expect(result.nearestSource[1]).toBe(0);
    expect(result.distanceM[2]).toBe(Infinity);
    expect(result.nearestSource[2]).toBe(-1);
    expect(result.snapLegM[2]).toBeCloseTo(5, 6);
  });

  it('a target beyond maxSnapMeters is unreachable though a source is near', () => {
    const result = walkingDistancesToNearest(network, [at(100, 0)], [at(100, 60)], Infinity);
    expect(result.distanceM[0]).toBe(Infinity);
    expect(result.snapLegM[0]).toBeCloseTo(60, 6); // reported, but more than the 50 m allowed
  });

  it('a target beyond maxDistanceM gets Infinity; one within it its distance', () => {
    const result = walkingDistancesToNearest(network, [at(0, 0)], [at(300, 0), at(200, 0)], 250);
    expect(result.distanceM[0]).toBe(Infinity);
    expect(result.distanceM[1]).toBeCloseTo(200, 6);
  });

  it('walkingDistancesFrom: one origin to several targets, reusing buffers between calls', () => {
    const first = walkingDistancesFrom(network, at(0, 0), [at(300, 0), at(100, -100), at(1100, 0)], Infinity);
    expect(first.distanceM[0]).toBeCloseTo(300, 6);
    expect(first.distanceM[1]).toBeCloseTo(200, 6);
    expect(first.distanceM[2]).toBe(Infinity);
    const second = walkingDistancesFrom(network, at(1100, 0), [at(300, 0), at(1000, 0)], Infinity);
    expect(second.distanceM[0]).toBe(Infinity);
    expect(second.distanceM[1]).toBeCloseTo(100, 6);
  });

  it('without roads: straight line × detourFactor, flagged approximate', () => {
    const bare = prepareWalkNetwork([], parameters({ detourFactor: 1.3 }));
    expect(bare.approximate).toBe(true);
    const result = walkingDistancesToNearest(bare, [at(0, 0), at(1000, 0)], [at(300, 400), at(900, 0)], 700);
    expect(result.approximate).toBe(true);
    expect(result.distanceM[0]).toBeCloseTo(650, 3); // 500 m straight × 1.3
    expect(result.nearestSource[0]).toBe(0);
    expect(result.distanceM[1]).toBeCloseTo(130, 3); // 100 m × 1.3 from the second source
    expect(result.nearestSource[1]).toBe(1);
    expect(Number.isNaN(result.snapLegM[0])).toBe(true);
    const bounded = walkingDistancesToNearest(bare, [at(0, 0)], [at(300, 400)], 640);
    expect(bounded.distanceM[0]).toBe(Infinity); // 650 > 640
    expect(walkingDistancesFrom(bare, at(0, 0), [at(0, 100)], Infinity).distanceM[0]).toBeCloseTo(130, 3);
  });

  it('without roads and with many sources (indexed search) still finds the nearest', () => {
    const bare = prepareWalkNetwork([], parameters({ detourFactor: 1.3 }));
    const sources: LonLat[] = Array.from({ length: 20 }, (_, i) => at(100 * i, 1000)); // x = 0, 100, …, 1900
    const result = walkingDistancesToNearest(bare, sources, [at(1234, 0), at(5000, 0)], 2000);
    expect(result.nearestSource[0]).toBe(12); // x = 1200: 34 m east, 1000 m south
    expect(result.distanceM[0]).toBeCloseTo(1.3 * Math.hypot(34, 1000), 2);
    expect(result.distanceM[1]).toBe(Infinity); // ≥ 3,100 m × 1.3 from x = 1900
    expect(result.nearestSource[1]).toBe(-1);
  });
});
