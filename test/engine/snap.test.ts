import { describe, expect, it } from 'vitest';
import { buildWalkGraph, createSnapIndex, nearestRoadLegM, snapMany, snapPoint } from '../../server/engine/network/index.js';
import { at, road } from '../fixtures/equator.js';

/*
 *   A(0,0) ------------200 m------------ B(200,0)          E(1000,0) ---100 m--- F(1100,0)
 *            p(50,30)                                         q(1050,-20)
 *                                  r(300,0): 100 m east of B, 700 m from E
 *   far(100,400): 400 m north of A–B
 */
const graph = buildWalkGraph([
  road([
    [0, 0],
    [200, 0],
  ]),
  road([
    [1000, 0],
    [1100, 0],
  ]),
]);
const index = createSnapIndex(graph);

describe('snapPoint', () => {
  it('projects onto the nearest position mid-segment: p(50,30) → fraction 0.25, leg 30 m', () => {
    const snapped = snapPoint(index, at(50, 30), 500)!;
    expect(snapped.segment).toBe(0);
    expect(snapped.fraction).toBeCloseTo(0.25, 9);
    expect(snapped.legM).toBeCloseTo(30, 6);
    expect(snapped.lon).toBeCloseTo(at(50, 0)[0], 12);
    expect(snapped.lat).toBe(0);
  });

  it('clamps to the segment end: r(300,0) snaps onto B with a 100 m leg', () => {
    const snapped = snapPoint(index, at(300, 0), 500)!;
    expect(snapped.segment).toBe(0);
    expect(snapped.fraction).toBe(1);
    expect(snapped.legM).toBeCloseTo(100, 6);
  });

  it('a point on a vertex has a leg of exactly 0', () => {
    expect(snapPoint(index, at(200, 0), 500)!.legM).toBe(0);
  });

  it('takes the nearest segment whatever component it is on: q(1050,-20) → E–F, 20 m', () => {
    const snapped = snapPoint(index, at(1050, -20), 500)!;
    expect(snapped.segment).toBe(1);
    expect(snapped.fraction).toBeCloseTo(0.5, 9);
    expect(snapped.legM).toBeCloseTo(20, 6);
  });

  it('a point farther than maxSnapMeters from every segment is unreachable: 400 m > 300 m', () => {
    expect(snapPoint(index, at(100, 400), 300)).toBeNull();
    expect(snapPoint(index, at(100, 400), 400.001)!.legM).toBeCloseTo(400, 6);
  });

  it('still reports how far the nearest road is for an unreachable point (up to a search limit)', () => {
    expect(nearestRoadLegM(index, at(100, 400), 3000)).toBeCloseTo(400, 6);
    expect(nearestRoadLegM(index, at(100, 2400), 3000)).toBeCloseTo(2400, 3);
    expect(nearestRoadLegM(index, at(100, 2400), 2000)).toBeNull();
  });

  it('between two roads exactly as near, takes the one that comes first in the roads layer', () => {
    const north = road([
      [0, 10],
      [200, 10],
    ]);
    const south = road([
      [0, -10],
      [200, -10],
    ]);
    for (const [roads, side] of [
      [[north, south], 1],
      [[south, north], -1],
    ] as const) {
      const g = buildWalkGraph([...roads]);
      const snapped = snapPoint(createSnapIndex(g), at(100, 0), 500)!;
      expect(Math.sign(snapped.lat)).toBe(side);
      const batch = snapMany(createSnapIndex(g), new Float64Array([at(100, 0)[0]]), new Float64Array([0]), 500, 500);
      expect(batch.segment[0]).toBe(snapped.segment);
    }
  });

  it('never snaps onto an empty graph', () => {
    const empty = createSnapIndex(buildWalkGraph([]));
    expect(snapPoint(empty, at(0, 0), 500)).toBeNull();
  });
});

describe('snapMany', () => {
  it('gives exactly what snapPoint gives, point by point, on a 20 × 20 grid of 100 m blocks', () => {
    const ways = [];
    for (let i = 0; i <= 20; i++) {
      ways.push(road(Array.from({ length: 21 }, (_, j) => [j * 100, i * 100] as [number, number])));
      ways.push(road(Array.from({ length: 21 }, (_, j) => [i * 100, j * 100] as [number, number])));
    }
    const grid = createSnapIndex(buildWalkGraph(ways));
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    // 2,000 points from 300 m outside the grid to its far side: most within 40 m of a street, some far off.
    const points = Array.from({ length: 2000 }, () => at(random() * 2600 - 300, random() * 2600 - 300));
    const lon = Float64Array.from(points, (p) => p[0]);
    const lat = Float64Array.from(points, (p) => p[1]);
    const batch = snapMany(grid, lon, lat, 150, 1500);
    let unsnapped = 0;
    points.forEach((point, i) => {
      const one = snapPoint(grid, point, 150);
      if (one === null) {
        unsnapped++;
        expect(batch.segment[i]).toBe(-1);
        expect(batch.legM[i]).toBeCloseTo(nearestRoadLegM(grid, point, 1500)!, 9);
      } else {
        expect(batch.segment[i]).toBe(one.segment);
        expect(batch.fraction[i]).toBe(one.fraction);
        expect(batch.legM[i]).toBe(one.legM);
      }
    });
    expect(unsnapped).toBeGreaterThan(50); // the test covers both paths
  });
});
