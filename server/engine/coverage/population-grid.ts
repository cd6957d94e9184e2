/**
 * Population units generated from township totals when a package has no population.geojson
 * (DATA_FORMAT.md): each township's population is spread evenly over a square grid of points
 * inside it. Every unit is flagged `approximate`, and results built on them say so.
 */
import { bbox, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import { metresPerDegree } from '../network/index.js';
import type { PopulationUnit, Township } from '../../model/index.js';

/**
 * Grid points `spacingM` metres apart (east–west and north–south, measured at the township's
 * middle latitude), centred on the township's bounding box and kept where they fall inside it;
 * a township too small for any grid point gets one point inside it. Populations are integers
 * that sum exactly to the township's (largest remainder: as the shares are equal, the first
 * points get the extra person). `populationUnder3`, when given, is spread the same way.
 * Ids are `<code>-g<n>` (n from 1); `index` runs over all units in order.
 */
export function spreadPopulationOverGrid(townships: Township[], spacingM: number, maxPointsPerTownship = Infinity): PopulationUnit[] {
  return spreadPopulationOverCappedGrid(townships, spacingM, maxPointsPerTownship).units;
}

/** A township whose grid was widened to stay within the cap, and the spacing used (metres). */
export interface WidenedGrid {
  code: string;
  spacingM: number;
}

/**
 * As spreadPopulationOverGrid, with at most `maxPointsPerTownship` grid points per township: where the
 * township's bounding box would hold more at `spacingM`, the spacing is widened until it holds at most
 * that many (so the work, too, is bounded by the cap) and the township is listed in `widened`.
 */
export function spreadPopulationOverCappedGrid(
  townships: Township[],
  spacingM: number,
  maxPointsPerTownship: number,
): { units: PopulationUnit[]; widened: WidenedGrid[] } {
  if (!(spacingM > 0)) throw new Error(`spreadPopulationOverGrid: spacingM must be positive, got ${spacingM}`);
  if (!(maxPointsPerTownship >= 1))
    throw new Error(`spreadPopulationOverGrid: maxPointsPerTownship must be ≥ 1, got ${maxPointsPerTownship}`);
  const units: PopulationUnit[] = [];
  const widened: WidenedGrid[] = [];
  for (const township of townships) {
    const spacingUsedM = cappedSpacing(township, spacingM, maxPointsPerTownship);
    if (spacingUsedM !== spacingM) widened.push({ code: township.code, spacingM: spacingUsedM });
    const points = gridPointsInside(township, spacingUsedM);
    const populations = splitEvenly(township.population, points.length);
    const under3 = township.populationUnder3 === null ? null : splitEvenly(township.populationUnder3, points.length);
    points.forEach(([lon, lat], k) => {
      units.push({
        id: `${township.code}-g${k + 1}`,
        index: units.length,
        population: populations[k]!,
        under3: under3 === null ? null : under3[k]!,
        township: township.code,
        lon,
        lat,
        approximate: true,
      });
    });
  }
  return { units, widened };
}

/** Columns × rows of the grid over the township's bounding box at `spacingM`. */
function gridCells(township: Township, spacingM: number): number {
  const [minLon, minLat, maxLon, maxLat] = bbox(township.geometry) as [number, number, number, number];
  const scale = metresPerDegree((minLat + maxLat) / 2);
  const columns = Math.floor((maxLon - minLon) / (spacingM / scale.lonM)) + 1;
  const rows = Math.floor((maxLat - minLat) / (spacingM / scale.latM)) + 1;
  return columns * rows;
}

/** `spacingM`, or the smallest wider spacing (in whole metres) whose bounding-box grid has at most `maxPoints` cells. */
function cappedSpacing(township: Township, spacingM: number, maxPoints: number): number {
  const cells = gridCells(township, spacingM);
  if (cells <= maxPoints) return spacingM;
  // Cells shrink with the square of the spacing: start from that estimate, then step up to the cap.
  let widerM = Math.ceil(spacingM * Math.sqrt(cells / maxPoints));
  while (gridCells(township, widerM) > maxPoints) widerM = Math.ceil(widerM * 1.05);
  return widerM;
}

function gridPointsInside(township: Township, spacingM: number): [number, number][] {
  const [minLon, minLat, maxLon, maxLat] = bbox(township.geometry) as [number, number, number, number];
  const scale = metresPerDegree((minLat + maxLat) / 2);
  const stepLon = spacingM / scale.lonM;
  const stepLat = spacingM / scale.latM;
  const columns = Math.floor((maxLon - minLon) / stepLon) + 1;
  const rows = Math.floor((maxLat - minLat) / stepLat) + 1;
  const lon0 = minLon + (maxLon - minLon - (columns - 1) * stepLon) / 2;
  const lat0 = minLat + (maxLat - minLat - (rows - 1) * stepLat) / 2;
  const inside: [number, number][] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const p: [number, number] = [lon0 + column * stepLon, lat0 + row * stepLat];
      if (booleanPointInPolygon(p, township.geometry)) inside.push(p);
    }
  }
  if (inside.length === 0) {
    const [lon, lat] = pointOnFeature(township.geometry).geometry.coordinates as [number, number];
    inside.push([lon, lat]);
  }
  return inside;
}

/** `total` split into `parts` integers differing by at most one, the larger ones first; sums exactly. */
function splitEvenly(total: number, parts: number): number[] {
  const whole = Math.round(total);
  const base = Math.floor(whole / parts);
  const extra = whole - base * parts;
  return Array.from({ length: parts }, (_, k) => base + (k < extra ? 1 : 0));
}
