/**
 * Which township a location lies in (DATA_FORMAT.md: "the township polygon that contains it"),
 * and for a footprint polygon, the township containing most of its area.
 */
import { area, bbox, booleanPointInPolygon, feature, featureCollection, intersect, kinks } from '@turf/turf';
import type { Polygon } from 'geojson';
import type { LonLat, Township } from '../../model/index.js';

/** The first township whose polygon contains the point (boundary included), or null. */
export function townshipOfPoint(townships: readonly Township[], point: LonLat): Township | null {
  for (const township of townships) {
    if (booleanPointInPolygon(point, township.geometry)) return township;
  }
  return null;
}

export interface FootprintShare {
  township: Township;
  /** Area of the footprint inside the township, m². */
  areaM2: number;
  /** Share of the footprint's area inside the township (0..1). */
  share: number;
}

/**
 * Where a footprint's rings cross themselves or each other ([lon, lat] of the first crossing), or null
 * for a simple polygon. Such a footprint has no well-defined area, and intersecting it with townships
 * costs far more than a simple one. O(vertices²): callers bound the vertices.
 */
export function footprintSelfIntersection(footprint: Polygon): LonLat | null {
  const first = kinks(footprint).features[0];
  return first ? (first.geometry.coordinates as LonLat) : null;
}

/**
 * Townships a footprint overlaps, largest overlap first (empty when it lies outside every township).
 * The footprint must be simple (see footprintSelfIntersection). Only townships whose bounding box meets
 * the footprint's are intersected exactly.
 */
export function townshipsOfFootprint(townships: readonly Township[], footprint: Polygon): FootprintShare[] {
  const footprintFeature = feature(footprint);
  const totalM2 = area(footprintFeature);
  const [west, south, east, north] = bbox(footprint);
  const shares: FootprintShare[] = [];
  for (const township of townships) {
    if (township.geometry.coordinates.length === 0) continue;
    const [tWest, tSouth, tEast, tNorth] = bbox(township.geometry);
    if (tWest > east || tEast < west || tSouth > north || tNorth < south) continue;
    const overlap = intersect(featureCollection([footprintFeature, feature(township.geometry)]));
    if (!overlap) continue;
    const areaM2 = area(overlap);
    if (areaM2 > 0) shares.push({ township, areaM2, share: totalM2 > 0 ? areaM2 / totalM2 : 0 });
  }
  return shares.sort((a, b) => b.areaM2 - a.areaM2);
}
