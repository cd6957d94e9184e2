/**
 * Small geometry helpers for the map: bounding boxes and a label position for polygons.
 * Coordinates are [longitude, latitude] in WGS84 degrees, longitude first as in GeoJSON.
 */
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';

export type BBox = [number, number, number, number];

function extendWithPositions(box: BBox, positions: Position[]): void {
  for (const position of positions) {
    const lon = position[0] ?? NaN;
    const lat = position[1] ?? NaN;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    if (lon < box[0]) box[0] = lon;
    if (lat < box[1]) box[1] = lat;
    if (lon > box[2]) box[2] = lon;
    if (lat > box[3]) box[3] = lat;
  }
}

/** [minLon, minLat, maxLon, maxLat] of a geometry, or null when it has no coordinates. */
export function geometryBBox(geometry: Geometry): BBox | null {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  switch (geometry.type) {
    case 'Point':
      extendWithPositions(box, [geometry.coordinates]);
      break;
    case 'MultiPoint':
    case 'LineString':
      extendWithPositions(box, geometry.coordinates);
      break;
    case 'MultiLineString':
    case 'Polygon':
      for (const ring of geometry.coordinates) extendWithPositions(box, ring);
      break;
    case 'MultiPolygon':
      for (const polygon of geometry.coordinates) for (const ring of polygon) extendWithPositions(box, ring);
      break;
    case 'GeometryCollection':
      for (const child of geometry.geometries) {
        const childBox = geometryBBox(child);
        if (childBox)
          extendWithPositions(box, [
            [childBox[0], childBox[1]],
            [childBox[2], childBox[3]],
          ]);
      }
      break;
  }
  return Number.isFinite(box[0]) ? box : null;
}

/** Signed area (shoelace, in squared degrees) and centroid of one ring; area 0 gives the vertex mean. */
function ringCentroid(ring: Position[]): { area: number; lon: number; lat: number } {
  let twiceArea = 0;
  let lonSum = 0;
  let latSum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0 = 0, y0 = 0] = ring[j] ?? [];
    const [x1 = 0, y1 = 0] = ring[i] ?? [];
    const cross = x0 * y1 - x1 * y0;
    twiceArea += cross;
    lonSum += (x0 + x1) * cross;
    latSum += (y0 + y1) * cross;
  }
  if (twiceArea === 0) {
    const n = Math.max(ring.length, 1);
    return {
      area: 0,
      lon: ring.reduce((sum, p) => sum + (p[0] ?? 0), 0) / n,
      lat: ring.reduce((sum, p) => sum + (p[1] ?? 0), 0) / n,
    };
  }
  return { area: Math.abs(twiceArea / 2), lon: lonSum / (3 * twiceArea), lat: latSum / (3 * twiceArea) };
}

/** Ray-casting point-in-ring test (degrees, fine for township-sized polygons). */
function insideRing(lon: number, lat: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insidePolygon(lon: number, lat: number, rings: Position[][]): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !insideRing(lon, lat, outer)) return false;
  return !holes.some((hole) => insideRing(lon, lat, hole));
}

/**
 * Where to put a polygon's name: the centroid of its largest part when that lies inside it, else the
 * middle of the widest horizontal chord through the centroid's latitude (always inside for a simple ring).
 */
export function labelPosition(geometry: Polygon | MultiPolygon): [number, number] | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best: { rings: Position[][]; area: number; lon: number; lat: number } | null = null;
  for (const rings of polygons) {
    const outer = rings[0];
    if (!outer || outer.length < 3) continue;
    const centroid = ringCentroid(outer);
    if (!best || centroid.area > best.area) best = { rings, ...centroid };
  }
  if (!best) return null;
  if (insidePolygon(best.lon, best.lat, best.rings)) return [best.lon, best.lat];
  // Concave outline: scan the centroid's latitude for the longest inside stretch.
  const crossings: number[] = [];
  for (const ring of best.rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi = 0, yi = 0] = ring[i] ?? [];
      const [xj = 0, yj = 0] = ring[j] ?? [];
      if (yi > best.lat !== yj > best.lat) crossings.push(((xj - xi) * (best.lat - yi)) / (yj - yi) + xi);
    }
  }
  crossings.sort((a, b) => a - b);
  let widest: [number, number] | null = null;
  for (let k = 0; k + 1 < crossings.length; k += 2) {
    const a = crossings[k] ?? 0;
    const b = crossings[k + 1] ?? 0;
    if (!widest || b - a > widest[1] - widest[0]) widest = [a, b];
  }
  return widest ? [(widest[0] + widest[1]) / 2, best.lat] : [best.lon, best.lat];
}
