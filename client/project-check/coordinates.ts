/**
 * Coordinates as people enter them: "lon, lat" pasted from a map site in WGS84, GCJ-02 (Amap, Tencent)
 * or BD-09 (Baidu), and clicks on the map compared by distance.
 */
import type { CoordinateSystem } from '../api/types';
import type { MessageKey } from '../i18n/messages';
import type { LonLat } from '../layers/project-check';
import { toWgs84 } from '../../server/engine/geo/index';

/** The systems offered in the select, in this order, with their labels. */
export const COORDINATE_SYSTEMS: CoordinateSystem[] = ['WGS84', 'GCJ-02', 'BD-09'];
export const crsLabels: Record<CoordinateSystem, MessageKey> = { WGS84: 'pcCrsWgs84', 'GCJ-02': 'pcCrsGcj02', 'BD-09': 'pcCrsBd09' };

/**
 * Reads "lon, lat" as copied from a map site (Amap/Baidu pickers give "120.668114,27.960868").
 * Accepts comma, Chinese comma, semicolon or space between the numbers. When the first number can only
 * be a latitude and the second only a longitude, they are swapped and `swapped` says so.
 */
export function parseCoordinates(text: string): { position: LonLat; swapped: boolean } | null {
  const parts = text
    .trim()
    .split(/[\s,，;；]+/)
    .filter((part) => part.length > 0);
  if (parts.length !== 2) return null;
  const [a, b] = parts.map(Number) as [number, number];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  if (Math.abs(a) <= 90 && Math.abs(b) > 90 && Math.abs(b) <= 180) return { position: [b, a], swapped: true };
  if (Math.abs(a) > 180 || Math.abs(b) > 90) return null;
  return { position: [a, b], swapped: false };
}

/** Pasted coordinates in `crs` converted to WGS84 for the map (the server converts again for the check). */
export function pastedWgs84(text: string, crs: CoordinateSystem): LonLat | null {
  const parsed = parseCoordinates(text);
  if (!parsed) return null;
  const [lon, lat] = toWgs84(parsed.position, crs);
  return [lon, lat];
}

/** Metres between two nearby WGS84 points (equirectangular; for click tolerances, not for analysis). */
export function distanceM(a: LonLat, b: LonLat): number {
  const metresPerDegree = 111_320;
  const dx = (b[0] - a[0]) * metresPerDegree * Math.cos(((a[1] + b[1]) / 2) * (Math.PI / 180));
  const dy = (b[1] - a[1]) * metresPerDegree;
  return Math.hypot(dx, dy);
}
