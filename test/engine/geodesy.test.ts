import { describe, expect, it } from 'vitest';
import { geodesicDistanceCoordsM, geodesicDistanceM, vincentyDistanceM } from '../../server/engine/network/index.js';

const dms = (d: number, m: number, s: number): number => Math.sign(d) * (Math.abs(d) + m / 60 + s / 3600);

describe('geodesicDistanceM (WGS84 ellipsoid)', () => {
  it('Flinders Peak → Buninyong is 54,972.271 m (Vincenty 1975, worked example)', () => {
    const flinders: [number, number] = [dms(144, 25, 29.5244), dms(-37, 57, 3.7203)];
    const buninyong: [number, number] = [dms(143, 55, 35.3839), dms(-37, 39, 10.1561)];
    expect(geodesicDistanceM(flinders, buninyong)).toBeCloseTo(54972.271, 3);
  });

  it('one degree along the equator is a·π/180 = 111,319.491 m; one degree of meridian from the equator 110,574.389 m', () => {
    expect(geodesicDistanceM([0, 0], [1, 0])).toBeCloseTo(111319.491, 3);
    expect(geodesicDistanceM([0, 0], [0, 1])).toBeCloseTo(110574.389, 3);
  });

  it('tiny-town blocks (README): 0.00203° of longitude at 28° N is 199.67 m, 0.0018° of latitude 199.47 m', () => {
    expect(geodesicDistanceM([120.646, 28], [120.64803, 28])).toBeCloseTo(199.67, 2);
    expect(geodesicDistanceM([120.646, 27.9964], [120.646, 27.9982])).toBeCloseTo(199.47, 2);
  });

  it('is not spherical: a sphere of mean radius 6,371,008.8 m gives an east–west block at 28° N 0.185 % shorter (R / N(28°) = 6,371,008.8 / 6,382,845)', () => {
    const R = 6371008.8;
    const phi = (27.9964 * Math.PI) / 180;
    const dLambda = (0.00203 * Math.PI) / 180;
    const haversineM = 2 * R * Math.asin(Math.cos(phi) * Math.sin(dLambda / 2));
    const ellipsoidM = geodesicDistanceM([120.646, 27.9964], [120.64803, 27.9964]);
    expect(haversineM / ellipsoidM - 1).toBeCloseTo(-0.00185, 5);
  });

  it('short lines agree with Vincenty within 1e-9 relative (100 m) and 2e-8 (1 km), any bearing, 0–70°', () => {
    for (const latDeg of [0, 28, 45, 70]) {
      for (const bearingDeg of [0, 30, 45, 90, 135]) {
        for (const [lengthM, tolerance] of [
          [100, 1e-9],
          [1000, 2e-8],
        ] as const) {
          const b = (bearingDeg * Math.PI) / 180;
          const lon2 = 120 + (lengthM * Math.sin(b)) / (111320 * Math.cos((latDeg * Math.PI) / 180));
          const lat2 = latDeg + (lengthM * Math.cos(b)) / 110600;
          const fast = geodesicDistanceCoordsM(120, latDeg, lon2, lat2);
          const reference = vincentyDistanceM(120, latDeg, lon2, lat2)!;
          expect(Math.abs(fast / reference - 1), `${latDeg}° ${bearingDeg}° ${lengthM} m`).toBeLessThan(tolerance);
        }
      }
    }
  });

  it('is symmetric, zero for identical points, and takes the short way across the antimeridian', () => {
    expect(geodesicDistanceM([120.6, 28], [120.61, 28.01])).toBe(geodesicDistanceM([120.61, 28.01], [120.6, 28]));
    expect(geodesicDistanceM([120.6, 28], [120.6, 28])).toBe(0);
    expect(geodesicDistanceM([179.9995, 0], [-179.9995, 0])).toBeCloseTo(111.319, 3);
  });
});
