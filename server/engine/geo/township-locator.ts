/**
 * The township of many points (DATA_FORMAT.md, "Township of a point": the township polygon that
 * contains it), for proposed sites and generated candidate locations. Each polygon's bounding box
 * (degrees) is checked before the exact point-in-polygon test, so thousands of points cost little
 * even against detailed outlines. The first township containing the point wins (boundary
 * included), as in township-of.ts.
 */
import { bbox, booleanPointInPolygon } from '@turf/turf';
import type { LonLat, Township } from '../../model/index.js';

export interface TownshipLocator {
  townships: readonly Township[];
  /** [west, south, east, north] of township i at 4i … 4i + 3 (degrees). */
  boxes: Float64Array;
}

/** Indexes the townships' bounding boxes once; O(vertices). */
export function createTownshipLocator(townships: readonly Township[]): TownshipLocator {
  const boxes = new Float64Array(townships.length * 4);
  townships.forEach((township, i) => {
    const hasRings = township.geometry.coordinates.length > 0;
    const [west, south, east, north] = hasRings ? bbox(township.geometry) : [Infinity, Infinity, -Infinity, -Infinity];
    boxes.set([west, south, east, north], i * 4);
  });
  return { townships, boxes };
}

/** Index (into `locator.townships`) of the first township containing the point, or −1 when none does. */
export function locateTownship(locator: TownshipLocator, point: LonLat): number {
  const [lon, lat] = point;
  const { townships, boxes } = locator;
  for (let i = 0; i < townships.length; i++) {
    if (lon < boxes[i * 4]! || lat < boxes[i * 4 + 1]! || lon > boxes[i * 4 + 2]! || lat > boxes[i * 4 + 3]!) continue;
    if (booleanPointInPolygon(point, townships[i]!.geometry)) return i;
  }
  return -1;
}
