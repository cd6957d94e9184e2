/**
 * Population units from the populated cells of a raster (DATA_FORMAT.md, "Population from a
 * raster"): each cell centre (WGS84, already converted from the raster's CRS) goes to the township
 * that contains it; when the townships carry `population`, the units of each township are scaled
 * so that they sum to it (the raster then only says where people live, the statistics how many).
 * Cells outside every township are outside the jurisdiction and are left out, counted.
 */
import { bilingual, type Bilingual, type PopulationUnit, type Township } from '../../model/index.js';
import { createTownshipLocator, locateTownship } from './township-locator.js';

/** One populated cell: its id, centre (WGS84 degrees) and count of people (> 0). */
export interface RasterCell {
  id: string;
  lon: number;
  lat: number;
  population: number;
}

/** A township as this step needs it; `population` null when the township layer does not carry one. */
export type RasterTownship = Pick<Township, 'code' | 'name' | 'geometry'> & { population: number | null };

export interface RasterTownshipSummary {
  code: string;
  /** Populated cells whose centre lies in the township. */
  cells: number;
  /** Their people as the raster counts them. */
  rasterPopulation: number;
  /** Their people after scaling (the township's population when scaled, else the raster's). */
  population: number;
  /** township population ÷ raster population, or null when not scaled (no population, or no cell to scale). */
  factor: number | null;
}

export interface RasterPopulation {
  /** One unit per cell inside a township, in input order; `index` runs from 0. */
  units: PopulationUnit[];
  /** Whether any township's units were scaled to its population. */
  scaled: boolean;
  townships: RasterTownshipSummary[];
  /** Populated cells outside every township (left out) and their people. */
  outside: { cells: number; population: number };
  /** What a person should know about the result, in both languages. */
  notes: Bilingual[];
}

/** Assigns the cells to townships and scales them (see the module comment). Inputs are not mutated. */
export function populationUnitsFromRaster(cells: readonly RasterCell[], townships: readonly RasterTownship[]): RasterPopulation {
  const locator = createTownshipLocator(
    townships.map((t) => ({ ...t, population: t.population ?? 0, populationUnder3: null, district: null })),
  );
  const townshipOfCell = new Int32Array(cells.length);
  const rasterSum = new Float64Array(townships.length);
  const cellCount = new Uint32Array(townships.length);
  const outside = { cells: 0, population: 0 };
  cells.forEach((cell, k) => {
    const t = locateTownship(locator, [cell.lon, cell.lat]);
    townshipOfCell[k] = t;
    if (t < 0) {
      outside.cells++;
      outside.population += cell.population;
      return;
    }
    rasterSum[t] = rasterSum[t]! + cell.population;
    cellCount[t]!++;
  });

  const factor = townships.map((township, t) =>
    township.population !== null && rasterSum[t]! > 0 ? township.population / rasterSum[t]! : null,
  );
  const units: PopulationUnit[] = [];
  cells.forEach((cell, k) => {
    const t = townshipOfCell[k]!;
    if (t < 0) return;
    const f = factor[t];
    units.push({
      id: cell.id,
      index: units.length,
      population: f === null || f === undefined ? cell.population : cell.population * f,
      under3: null,
      township: townships[t]!.code,
      lon: cell.lon,
      lat: cell.lat,
      approximate: false,
    });
  });

  const summaries: RasterTownshipSummary[] = townships.map((township, t) => ({
    code: township.code,
    cells: cellCount[t]!,
    rasterPopulation: rasterSum[t]!,
    population: factor[t] !== null ? township.population! : rasterSum[t]!,
    factor: factor[t] ?? null,
  }));
  const scaledCount = factor.filter((f) => f !== null).length;
  const notes: Bilingual[] = [];
  if (scaledCount > 0)
    notes.push(
      bilingual(
        `人口栅格单元已按乡镇常住人口缩放（${scaledCount} 个乡镇）：栅格只决定人口分布，人数以乡镇人口为准`,
        `the raster's population units were scaled to each township's population (${scaledCount} townships): the raster gives where people live, the township figures how many`,
      ),
    );
  for (const [t, township] of townships.entries()) {
    if (cellCount[t] === 0 && (township.population ?? 0) > 0)
      notes.push(
        bilingual(
          `乡镇 ${township.name}（${township.code}）人口为 ${township.population}，但人口栅格中没有落在其内的有人口格网，该乡镇的步行覆盖无法计算`,
          `township ${township.name} (${township.code}) has a population of ${township.population} but no populated raster cell lies in it, so its walking coverage cannot be computed`,
        ),
      );
  }
  if (outside.cells > 0)
    notes.push(
      bilingual(
        `${outside.cells} 个有人口的栅格格网（栅格计 ${round(outside.population)} 人）不在任何乡镇内，已略去`,
        `${outside.cells} populated raster cells (${round(outside.population)} people by the raster) lie outside every township and were left out`,
      ),
    );
  return { units, scaled: scaledCount > 0, townships: summaries, outside, notes };
}

const round = (value: number): string => (Math.round(value * 10) / 10).toString();
