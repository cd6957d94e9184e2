/**
 * Chinese map coordinate systems and WGS84.
 *
 * - GCJ-02 ("Mars coordinates", 国测局坐标) is WGS84 shifted by a published obfuscation formula inside
 *   China (a few hundred metres); outside China it equals WGS84.
 * - BD-09 (Baidu) is GCJ-02 with a further rotation and shift, applied everywhere.
 *
 * The forward transforms (WGS84 → GCJ-02 → BD-09) are the standard closed formulas. Their inverses have
 * no closed form, so `toWgs84` solves forward(x) = p by fixed-point iteration (the shift varies slowly,
 * so each step gains several digits); it converges to well under a millimetre.
 *
 * All coordinates are [longitude, latitude] in degrees, longitude first as in GeoJSON.
 */
import type { LonLat } from '../../model/index.js';

export type CoordinateSystem = 'WGS84' | 'GCJ-02' | 'BD-09';

/** Semi-major axis (m) and first eccentricity squared of the Krasovsky 1940 ellipsoid used by GCJ-02. */
const KRASOVSKY_A = 6378245.0;
const KRASOVSKY_E2 = 0.006693421622965943; // 0.00669342162296594323 to the nearest double
/** π × 3000 / 180, the constant of the BD-09 rotation. */
const BD_X_PI = (Math.PI * 3000.0) / 180.0;
/** Stop iterating when a step moves less than this many degrees (≈ 0.01 mm). */
const INVERSE_TOLERANCE_DEG = 1e-10;
const INVERSE_MAX_STEPS = 30;

/** The rough box outside which GCJ-02 applies no shift (the published formula's own test). */
export function isOutsideChina([lon, lat]: LonLat): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function shiftLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function shiftLon(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

function wgs84ToGcj02(p: LonLat): LonLat {
  if (isOutsideChina(p)) return [p[0], p[1]];
  const [lon, lat] = p;
  const radLat = (lat / 180.0) * Math.PI;
  const sinLat = Math.sin(radLat);
  const magic = 1 - KRASOVSKY_E2 * sinLat * sinLat;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (shiftLat(lon - 105.0, lat - 35.0) * 180.0) / (((KRASOVSKY_A * (1 - KRASOVSKY_E2)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (shiftLon(lon - 105.0, lat - 35.0) * 180.0) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

function gcj02ToBd09([lon, lat]: LonLat): LonLat {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * BD_X_PI);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * BD_X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** Solves forward(x) = target for x, starting from target itself. */
function invert(forward: (p: LonLat) => LonLat, target: LonLat): LonLat {
  let lon = target[0];
  let lat = target[1];
  for (let step = 0; step < INVERSE_MAX_STEPS; step++) {
    const [fLon, fLat] = forward([lon, lat]);
    const dLon = target[0] - fLon;
    const dLat = target[1] - fLat;
    lon += dLon;
    lat += dLat;
    if (Math.abs(dLon) < INVERSE_TOLERANCE_DEG && Math.abs(dLat) < INVERSE_TOLERANCE_DEG) break;
  }
  return [lon, lat];
}

function wgs84ToBd09(p: LonLat): LonLat {
  return gcj02ToBd09(wgs84ToGcj02(p));
}

/** A WGS84 position expressed in `crs` (identity for WGS84). Returns a new array. */
export function fromWgs84(lonLat: LonLat, crs: CoordinateSystem): LonLat {
  switch (crs) {
    case 'WGS84':
      return [lonLat[0], lonLat[1]];
    case 'GCJ-02':
      return wgs84ToGcj02(lonLat);
    case 'BD-09':
      return wgs84ToBd09(lonLat);
  }
}

/** A position given in `crs`, converted to WGS84 (identity for WGS84). Returns a new array. */
export function toWgs84(lonLat: LonLat, crs: CoordinateSystem): LonLat {
  switch (crs) {
    case 'WGS84':
      return [lonLat[0], lonLat[1]];
    case 'GCJ-02':
      // Outside China the forward transform is the identity, so the iteration returns the input.
      return invert(wgs84ToGcj02, lonLat);
    case 'BD-09':
      return invert(wgs84ToBd09, lonLat);
  }
}
