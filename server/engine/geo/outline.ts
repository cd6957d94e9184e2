/**
 * A county's outline for the map of a city's or province's roll-up (issue #15): its townships dissolved
 * into one shape, rid of rings too small to see, simplified and rounded for a drawing of the whole
 * province. Computed once per data version beside the county's stored summary, so that a roll-up draws
 * every county from stored rows without reading any township.
 *
 * The tolerance: a province of about 500 km across drawn on the roll-up's map (480–640 px wide) shows
 * about 1 km per pixel, a city of 100 km about 150–200 m. 0.001° (111 m north–south, about 97 m east–west
 * at 30° N) keeps every simplified border within a tenth of a pixel of the true one on a province's map
 * and within about half a pixel on a city's, while cutting a county's boundary of thousands of vertices
 * to a few hundred.
 */
import { area, feature, featureCollection, rewind, simplify, union } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Douglas–Peucker tolerance of the outline, degrees (see above). */
export const OUTLINE_TOLERANCE_DEG = 0.001;
/**
 * Rings (islands and holes) smaller than this are dropped, m²: 0.05 km², a square of twice the tolerance
 * on a side, less than two pixels on a city's map and a twentieth of one on a province's. The gaps that
 * township boundaries drawn separately leave between them are of this kind.
 */
export const OUTLINE_MIN_RING_M2 = 50_000;
/** Decimals kept of each coordinate: 0.0001° ≈ 11 m, a tenth of the tolerance. */
export const OUTLINE_DECIMALS = 4;

type Rings = Position[][];

function polygonsOf(geometry: Polygon | MultiPolygon): Rings[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

const ringArea = (ring: Position[]): number => area({ type: 'Polygon', coordinates: [ring] });

/** Polygons and holes of at least OUTLINE_MIN_RING_M2 (the largest polygon is kept whatever its size). */
function withoutSpecks(polygons: Rings[]): Rings[] {
  const sized = polygons.map((rings) => ({ rings, m2: ringArea(rings[0]!) }));
  const largest = sized.reduce((a, b) => (b.m2 > a.m2 ? b : a), sized[0]!);
  return sized
    .filter((p) => p === largest || p.m2 >= OUTLINE_MIN_RING_M2)
    .map(({ rings }) => [rings[0]!, ...rings.slice(1).filter((hole) => ringArea(hole) >= OUTLINE_MIN_RING_M2)]);
}

/** A ring rounded to OUTLINE_DECIMALS, repeated positions dropped; null when fewer than 4 positions remain. */
function rounded(ring: Position[]): Position[] | null {
  const k = 10 ** OUTLINE_DECIMALS;
  const out: Position[] = [];
  for (const p of ring) {
    const q = [Math.round(p[0]! * k) / k, Math.round(p[1]! * k) / k];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return out.length >= 4 ? out : null;
}

/**
 * The outline of the townships: their union as a MultiPolygon (outer rings counter-clockwise, holes
 * clockwise, RFC 7946), simplified to OUTLINE_TOLERANCE_DEG; null without townships. When the union
 * cannot be formed (a township ring that crosses itself), the townships' own polygons, simplified the
 * same way, stand for it: drawn filled in one colour they look the same.
 */
export function dissolvedOutline(areas: readonly (Polygon | MultiPolygon)[]): MultiPolygon | null {
  if (areas.length === 0) return null;
  let polygons: Rings[];
  try {
    const merged = areas.length === 1 ? areas[0]! : union(featureCollection(areas.map((g) => feature(g))))?.geometry;
    polygons = merged ? polygonsOf(merged) : [];
  } catch {
    polygons = areas.flatMap(polygonsOf);
  }
  if (polygons.length === 0) return null;
  const simplified = simplify<MultiPolygon>(
    { type: 'MultiPolygon', coordinates: structuredClone(withoutSpecks(polygons)) },
    { tolerance: OUTLINE_TOLERANCE_DEG, mutate: true },
  );
  const coordinates = simplified.coordinates.flatMap((rings) => {
    const [outer, ...holes] = rings.map(rounded);
    return outer ? [[outer, ...holes.filter((h): h is Position[] => h !== null)]] : [];
  });
  if (coordinates.length === 0) return null;
  const outline: MultiPolygon = { type: 'MultiPolygon', coordinates };
  rewind(outline, { mutate: true });
  return outline;
}
