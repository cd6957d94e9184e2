import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { spreadPopulationOverCappedGrid, spreadPopulationOverGrid } from '../../server/engine/coverage/index.js';
import type { Township } from '../../server/model/index.js';
import { at } from '../fixtures/equator.js';

const polygonOf = (...rings: [number, number][][]): Township['geometry'] => ({
  type: 'Polygon',
  coordinates: rings.map((ring) => ring.map(([x, y]) => at(x, y))),
});
const township = (code: string, population: number, geometry: Township['geometry'], populationUnder3: number | null = null): Township => ({
  code,
  name: code,
  population,
  populationUnder3,
  district: null,
  geometry,
});

describe('spreadPopulationOverGrid', () => {
  // 1000 m square, 300 m spacing: columns and rows at 50, 350, 650, 950 m → 16 points.
  const square = township(
    'S',
    1003,
    polygonOf([
      [0, 0],
      [1000, 0],
      [1000, 1000],
      [0, 1000],
      [0, 0],
    ]),
  );
  // Triangle (0,0) (1000,0) (0,800): of the grid 50/350/650/950 × 100/400/700 six points are inside.
  const triangle = township(
    'T',
    100,
    polygonOf([
      [0, 0],
      [1000, 0],
      [0, 800],
      [0, 0],
    ]),
    30,
  );
  const units = spreadPopulationOverGrid([square, triangle], 300);
  const ofTownship = (code: string) => units.filter((u) => u.township === code);

  it('places a 300 m grid centred in the bounding box: 16 points in the square, 6 in the triangle', () => {
    expect(ofTownship('S')).toHaveLength(16);
    expect(ofTownship('T')).toHaveLength(6);
    const first = ofTownship('S')[0]!;
    expect(first.lon).toBeCloseTo(at(50, 0)[0], 9);
    expect(first.lat).toBeCloseTo(at(0, 50)[1], 9);
    for (const u of ofTownship('T')) expect(booleanPointInPolygon([u.lon, u.lat], triangle.geometry)).toBe(true);
  });

  it('splits populations into integers that sum exactly: 1003 over 16 = 11 × 63 + 5 × 62', () => {
    const populations = ofTownship('S').map((u) => u.population);
    expect(populations.reduce((a, b) => a + b, 0)).toBe(1003);
    expect(populations.filter((p) => p === 63)).toHaveLength(11);
    expect(populations.filter((p) => p === 62)).toHaveLength(5);
    expect(ofTownship('T').map((u) => u.population)).toEqual([17, 17, 17, 17, 16, 16]);
    expect(ofTownship('T').map((u) => u.under3)).toEqual([5, 5, 5, 5, 5, 5]);
    expect(ofTownship('S')[0]!.under3).toBeNull();
  });

  it('flags every unit approximate, with ids <code>-g<n> and indexes running over all units', () => {
    expect(units.every((u) => u.approximate)).toBe(true);
    expect(units.map((u) => u.index)).toEqual(units.map((_, i) => i));
    expect(units[0]!.id).toBe('S-g1');
    expect(units[16]!.id).toBe('T-g1');
  });

  it('gives a township with no grid point inside it one point inside it (a ring whose hole holds the centre)', () => {
    const ring = township(
      'R',
      42,
      polygonOf(
        [
          [0, 0],
          [100, 0],
          [100, 100],
          [0, 100],
          [0, 0],
        ],
        [
          [25, 25],
          [25, 75],
          [75, 75],
          [75, 25],
          [25, 25],
        ],
      ),
    );
    const [only, ...rest] = spreadPopulationOverGrid([ring], 300);
    expect(rest).toHaveLength(0);
    expect(only!.population).toBe(42);
    expect(booleanPointInPolygon([only!.lon, only!.lat], ring.geometry)).toBe(true);
  });
});

describe('spreadPopulationOverCappedGrid', () => {
  // The 1000 m square again: at 100 m its bounding box holds ⌊1000 / 100⌋ + 1 = 11 points a side.
  const square = township(
    'S',
    1003,
    polygonOf([
      [0, 0],
      [1000, 0],
      [1000, 1000],
      [0, 1000],
      [0, 0],
    ]),
  );

  it('keeps the spacing while the grid fits the cap', () => {
    const { units, widened } = spreadPopulationOverCappedGrid([square], 100, 121);
    expect(units.length).toBeGreaterThanOrEqual(100);
    expect(units.length).toBeLessThanOrEqual(121);
    expect(widened).toEqual([]);
  });

  it('widens the spacing until at most the cap of points remain, keeps the total exact, and names the township', () => {
    // 16 points fit at 300 m (4 × 4); 25 would need 250 m, so a cap of 20 lands between 250 and 334 m.
    const { units, widened } = spreadPopulationOverCappedGrid([square], 100, 20);
    expect(units.length).toBeLessThanOrEqual(20);
    expect(units.length).toBeGreaterThanOrEqual(9);
    expect(units.reduce((sum, u) => sum + u.population, 0)).toBe(1003);
    expect(widened).toHaveLength(1);
    expect(widened[0]!.code).toBe('S');
    expect(widened[0]!.spacingM).toBeGreaterThan(100);
  });
});
