/**
 * A bounding box widened by a distance on the ground, for keeping only the roads near a
 * jurisdiction (DATA_FORMAT.md: ways farther than the largest threshold's walking distance plus
 * maxSnapMeters from the bounding box of every township may be left out; no nearer way may be).
 * The widening errs on the large side: a way it keeps may be a little farther than the margin, a
 * way it drops is always farther.
 */
import { metresPerDegree } from './geodesy.js';

/** [west, south, east, north] in degrees (WGS84). */
export type LonLatBox = [number, number, number, number];

/**
 * Safety factor on the margin: a geodesic between two points is a little shorter than the path
 * along their parallel and meridian that the degree conversion assumes (≪ 1 % at the few
 * kilometres a margin spans), so 1 % more keeps every nearer way.
 */
const MARGIN_SAFETY = 1.01;

/**
 * `box` widened by `marginM` metres on every side. Degrees of latitude are converted at the
 * equator (where a degree of latitude is shortest) and degrees of longitude at the widened box's
 * latitude farthest from the equator (where a degree of longitude is shortest), so every point
 * within `marginM` of the box lies in the result. Near a pole the box spans every longitude.
 */
export function widenBoxByMetres(box: LonLatBox, marginM: number): LonLatBox {
  if (!(marginM >= 0)) throw new Error(`widenBoxByMetres: marginM must be ≥ 0, got ${marginM}`);
  const [west, south, east, north] = box;
  const margin = marginM * MARGIN_SAFETY;
  const dLat = margin / metresPerDegree(0).latM;
  const widenedSouth = Math.max(-90, south - dLat);
  const widenedNorth = Math.min(90, north + dLat);
  const farthestLat = Math.max(Math.abs(widenedSouth), Math.abs(widenedNorth));
  const lonM = metresPerDegree(farthestLat).lonM;
  if (farthestLat >= 89.9 || !(lonM > 0)) return [-180, widenedSouth, 180, widenedNorth];
  const dLon = margin / lonM;
  return [west - dLon, widenedSouth, east + dLon, widenedNorth];
}

/** Whether two boxes share at least one point (touching edges count). */
export function boxesMeet(a: LonLatBox, b: LonLatBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * DATA_FORMAT's margin around the townships within which roads must be kept: the walking distance of
 * the largest threshold (`walkSpeedKmh` × 1000 ÷ 60 × minutes) plus `maxSnapMeters`, in metres
 * (1,500 m for 15 minutes at 4 km/h with 500 m).
 */
export function roadsMarginM(parameters: { walkSpeedKmh: number; thresholdsMin: readonly number[]; maxSnapMeters: number }): number {
  const largestMin = Math.max(0, ...parameters.thresholdsMin);
  return ((parameters.walkSpeedKmh * 1000) / 60) * largestMin + parameters.maxSnapMeters;
}
