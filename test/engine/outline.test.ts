/**
 * A county's outline for roll-up maps (server/engine/geo/outline.ts): townships dissolved into one shape
 * with its holes, rings too small to see dropped, simplified to the tolerance and rounded, outer rings
 * counter-clockwise; and the demo district's real townships, which must keep their area and lose most
 * of their vertices.
 */
import { readFileSync } from 'node:fs';
import { area, booleanClockwise, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { dissolvedOutline, OUTLINE_DECIMALS, OUTLINE_MIN_RING_M2, OUTLINE_TOLERANCE_DEG } from '../../server/engine/geo/index.js';

const ring = (west: number, south: number, east: number, north: number): Position[] => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
];
const square = (west: number, south: number, east: number, north: number): Polygon => ({
  type: 'Polygon',
  coordinates: [ring(west, south, east, north)],
});
const corners = (r: Position[]) => new Set(r.map((p) => `${p[0]},${p[1]}`));
const positions = (g: Polygon | MultiPolygon) =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).reduce((n, polygon) => n + polygon.reduce((m, r) => m + r.length, 0), 0);

describe('dissolvedOutline', () => {
  it('has no outline without townships', () => {
    expect(dissolvedOutline([])).toBeNull();
  });

  it('dissolves townships side by side into one rectangle, counter-clockwise', () => {
    const outline = dissolvedOutline([square(0, 0, 0.01, 0.01), square(0.01, 0, 0.02, 0.01), square(0.02, 0, 0.03, 0.01)])!;
    expect(outline.type).toBe('MultiPolygon');
    expect(outline.coordinates).toHaveLength(1);
    const [polygon] = outline.coordinates;
    expect(polygon).toHaveLength(1);
    expect(polygon![0]).toHaveLength(5);
    expect(corners(polygon![0]!)).toEqual(corners(ring(0, 0, 0.03, 0.01)));
    expect(booleanClockwise(polygon![0]!)).toBe(false);
  });

  it('keeps a hole the townships surround, clockwise, and separate islands as polygons of their own', () => {
    // Eight townships of 0.01° (≈ 1.1 km) around an empty middle one, and one island of the same size apart.
    const ringOfEight = [0, 1, 2].flatMap((i) =>
      [0, 1, 2].filter((j) => i !== 1 || j !== 1).map((j) => square(0.01 * i, 0.01 * j, 0.01 * (i + 1), 0.01 * (j + 1))),
    );
    const outline = dissolvedOutline([...ringOfEight, square(0.1, 0, 0.11, 0.01)])!;
    expect(outline.coordinates).toHaveLength(2);
    const withHole = outline.coordinates.find((p) => p.length === 2)!;
    expect(corners(withHole[0]!)).toEqual(corners(ring(0, 0, 0.03, 0.03)));
    expect(corners(withHole[1]!)).toEqual(corners(ring(0.01, 0.01, 0.02, 0.02)));
    expect(booleanClockwise(withHole[0]!)).toBe(false);
    expect(booleanClockwise(withHole[1]!)).toBe(true);
    expect(outline.coordinates.find((p) => p.length === 1)![0]).toHaveLength(5);
  });

  it('drops islands and holes too small to see, but never the largest polygon', () => {
    // A hole of 0.001° (≈ 110 m, 0.012 km²) in a township and an island of 0.0005° far off: both below OUTLINE_MIN_RING_M2.
    const holed: Polygon = { type: 'Polygon', coordinates: [ring(0, 0, 0.02, 0.02), ring(0.005, 0.005, 0.006, 0.006).reverse()] };
    const island = square(0.05, 0.05, 0.0505, 0.0505);
    expect(area(island)).toBeLessThan(OUTLINE_MIN_RING_M2);
    expect(area(square(0.005, 0.005, 0.006, 0.006))).toBeLessThan(OUTLINE_MIN_RING_M2);
    const outline = dissolvedOutline([holed, island])!;
    expect(outline.coordinates).toHaveLength(1);
    expect(outline.coordinates[0]).toHaveLength(1);
    expect(corners(outline.coordinates[0]![0]!)).toEqual(corners(ring(0, 0, 0.02, 0.02)));
    // A county of one tiny township still has its outline.
    expect(dissolvedOutline([square(0.05, 0.05, 0.051, 0.051)])!.coordinates).toHaveLength(1);
  });

  it('simplifies a detailed boundary to the tolerance and rounds its coordinates', () => {
    // A township bounded by 2,000 vertices on a circle of 0.05° (≈ 5.5 km).
    const circle: Position[] = Array.from({ length: 2000 }, (_, k) => {
      const a = (2 * Math.PI * k) / 2000;
      return [120 + 0.05 * Math.cos(a), 28 + 0.05 * Math.sin(a)];
    });
    const township: Polygon = { type: 'Polygon', coordinates: [[...circle, circle[0]!]] };
    const outline = dissolvedOutline([township])!;
    const kept = outline.coordinates[0]![0]!;
    expect(kept.length).toBeLessThan(100);
    expect(kept.length).toBeGreaterThan(8);
    for (const [lon, lat] of kept) {
      // Douglas–Peucker keeps vertices of the boundary (then rounded): each on the circle within the rounding.
      expect(Math.abs(Math.hypot(lon! - 120, lat! - 28) - 0.05)).toBeLessThan(10 ** -OUTLINE_DECIMALS);
      expect(Number(lon!.toFixed(OUTLINE_DECIMALS))).toBe(lon);
      expect(Number(lat!.toFixed(OUTLINE_DECIMALS))).toBe(lat);
    }
    // The chords cut off at most the tolerance: the area within that band of the circle's.
    const band = (2 * Math.PI * 0.05 * OUTLINE_TOLERANCE_DEG) / (Math.PI * 0.05 * 0.05);
    expect(area(outline) / area(township)).toBeGreaterThan(1 - band);
    expect(area(outline)).toBeLessThanOrEqual(area(township) * 1.0001);
  });

  it('outlines the demo district: the same area in far fewer vertices, every township inside', () => {
    const townships = JSON.parse(
      readFileSync(new URL('../../data/ouhai-demo/townships.geojson', import.meta.url), 'utf8'),
    ) as FeatureCollection<Polygon | MultiPolygon>;
    const geometries = townships.features.map((f) => f.geometry);
    const outline = dissolvedOutline(geometries)!;
    const total = geometries.reduce((s, g) => s + area(g), 0);
    expect(Math.abs(area(outline) / total - 1)).toBeLessThan(0.01);
    expect(positions(outline)).toBeLessThan(
      positions({
        type: 'MultiPolygon',
        coordinates: geometries.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)),
      }) / 3,
    );
    for (const feature of townships.features) expect(booleanPointInPolygon(pointOnFeature(feature), outline)).toBe(true);
  });
});
