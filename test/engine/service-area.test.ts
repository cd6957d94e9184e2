import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { facilityCatchment, facilityServiceArea, unionServiceArea, prepareWalkNetwork } from '../../server/engine/network/index.js';
import type { PopulationUnit } from '../../server/model/index.js';
import { at, parameters, road } from '../fixtures/equator.js';

/*
 *                 N(0,300)
 *                    |
 *   W(−300,0) ---- O(0,0) ---- E(300,0)        each arm 300 m
 *                    |
 *                 S(0,−300)
 */
const roads = [
  road([
    [-300, 0],
    [0, 0],
    [300, 0],
  ]),
  road([
    [0, 300],
    [0, 0],
    [0, -300],
  ]),
];
const network = prepareWalkNetwork(roads, parameters({ maxSnapMeters: 100, detourFactor: 1.25 }));
const inside = (area: Polygon | MultiPolygon | null, xM: number, yM: number): boolean => booleanPointInPolygon(at(xM, yM), area!);

describe('facilityServiceArea', () => {
  it('from O with 200 m: the diamond through the partial ends (±200, 0), (0, ±200)', () => {
    const area = facilityServiceArea(network, at(0, 0), 200);
    expect(area?.type).toBe('Polygon');
    expect(inside(area, 0, 0)).toBe(true);
    expect(inside(area, 150, 0)).toBe(true);
    expect(inside(area, 0, -190)).toBe(true);
    expect(inside(area, 60, 60)).toBe(true); // |x| + |y| = 120 < 200
    expect(inside(area, 250, 0)).toBe(false); // beyond the partial end
    expect(inside(area, 150, 150)).toBe(false); // |x| + |y| = 300
  });

  it('counts the facility leg: from (50,50), 50 m off two arms, 150 m leaves 100 m: O and 50 m into the far arms', () => {
    const area = facilityServiceArea(network, at(50, 50), 150);
    // snaps to (50,0) or (0,50) with a 50 m leg, leaving 100 m: O is 50 m on, so 50 m into the other arms
    expect(inside(area, 0, 0)).toBe(true);
    expect(inside(area, 130, 0) || inside(area, 0, 130)).toBe(true);
    expect(inside(area, -100, 0)).toBe(false);
    expect(inside(area, 0, -100)).toBe(false);
  });

  it('a facility along one street only gets a thin buffer, not nothing', () => {
    const area = facilityServiceArea(network, at(280, 0), 50); // reaches 230…300 along O–E, a straight line
    expect(area).not.toBeNull();
    expect(inside(area, 250, 5)).toBe(true);
    expect(inside(area, 250, 40)).toBe(false);
  });

  it('is null for a facility farther than maxSnapMeters from every road', () => {
    expect(facilityServiceArea(network, at(200, 200), 1000)).toBeNull();
  });

  it('without roads is a circle of radius maxDistanceM ÷ detourFactor (1000 ÷ 1.25 = 800 m)', () => {
    const bare = prepareWalkNetwork([], parameters({ detourFactor: 1.25 }));
    const area = facilityServiceArea(bare, at(0, 0), 1000);
    expect(inside(area, 0, 790)).toBe(true);
    expect(inside(area, 0, 810)).toBe(false);
    expect(inside(area, 560, 560)).toBe(true); // 792 m away
  });
});

describe('unionServiceArea', () => {
  it('joins overlapping areas into one shape and keeps far-apart ones apart', () => {
    const joined = unionServiceArea(network, [at(0, 0), at(280, 0)], 200);
    expect(inside(joined, 0, 150)).toBe(true);
    expect(inside(joined, 290, 0)).toBe(true);
    expect(joined?.type).toBe('Polygon');
    const apart = unionServiceArea(network, [at(-250, 0), at(250, 0)], 30);
    expect(apart?.type).toBe('MultiPolygon');
    expect(inside(apart, 0, 0)).toBe(false);
    expect(unionServiceArea(network, [at(200, 200)], 100)).toBeNull();
  });
});

describe('facilityCatchment', () => {
  const unit = (index: number, population: number, xM: number, yM: number): PopulationUnit => {
    const [lon, lat] = at(xM, yM);
    return { id: `u${index}`, index, population, under3: null, township: null, lon, lat, approximate: false };
  };
  const units = [unit(0, 10, 100, 0), unit(1, 20, 0, -250), unit(2, 5, 150, 30), unit(3, 7, 200, 200)];

  it('from O within 200 m: u0 (100 m) and u2 (150 m along + 30 m leg = 180 m); not u1 (250 m) nor u3 (off the network)', () => {
    const catchment = facilityCatchment(network, at(0, 0), 200, units);
    expect(catchment.unitIndexes).toEqual([0, 2]);
    expect(catchment.population).toBe(15);
    expect(catchment.distanceM).toHaveLength(2); // one per unit caught, in unitIndexes order
    expect(catchment.distanceM[0]).toBeCloseTo(100, 6);
    expect(catchment.distanceM[1]).toBeCloseTo(180, 6);
    expect(catchment.approximate).toBe(false);
  });

  it('a second catchment on the same network starts clean', () => {
    const catchment = facilityCatchment(network, at(0, -300), 60, units);
    expect(catchment.unitIndexes).toEqual([1]);
    expect(catchment.distanceM[0]).toBeCloseTo(50, 6);
  });

  it('reaches units on its own segment directly: u0 is 110 m along O–E, 310 m via E, and O is out of reach', () => {
    // Facility at (200,10) and u0 at (100,0) share O–E; O is 10 + 200 = 210 m away, E 110 m, bound 120 m.
    const catchment = facilityCatchment(network, at(200, 10), 120, units);
    expect(catchment.unitIndexes).toEqual([0, 2]); // u0: 10 + 100 = 110 m; u2: 10 + 50 + 30 = 90 m
    expect(catchment.distanceM[0]).toBeCloseTo(110, 6);
    expect(catchment.distanceM[1]).toBeCloseTo(90, 6);
    expect(catchment.population).toBe(15);
  });

  it('without roads: straight line × detourFactor (1.25): 100 m → 125 m', () => {
    const bare = prepareWalkNetwork([], parameters({ detourFactor: 1.25 }));
    const catchment = facilityCatchment(bare, at(0, 0), 130, units);
    expect(catchment.unitIndexes).toEqual([0]);
    expect(catchment.distanceM[0]).toBeCloseTo(125, 3);
    expect(catchment.approximate).toBe(true);
  });
});
