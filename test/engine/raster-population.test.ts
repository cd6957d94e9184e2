/**
 * Raster cells to population units (server/engine/geo/raster-population.ts): the township that
 * contains each centre, scaling to the township's population, cells outside every township, and
 * the notes a person reads. Numbers to check by hand.
 */
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { populationUnitsFromRaster, type RasterCell, type RasterTownship } from '../../server/engine/geo/index.js';

const square = (west: number, south: number, east: number, north: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ],
});

// Cells: 10, 7 and 3 people in the west (A), 2.5 and 1 in the east (B), 4 out at sea.
const CELLS: RasterCell[] = [
  { id: 'r0c0', lon: 120.005, lat: 30.025, population: 10 },
  { id: 'r0c3', lon: 120.035, lat: 30.025, population: 2.5 },
  { id: 'r1c1', lon: 120.015, lat: 30.015, population: 7 },
  { id: 'r2c1', lon: 120.015, lat: 30.005, population: 3 },
  { id: 'r2c3', lon: 120.035, lat: 30.005, population: 1 },
  { id: 'r9c9', lon: 121.5, lat: 29.5, population: 4 },
];
const A = square(120.0, 30.0, 120.02, 30.03);
const B = square(120.02, 30.0, 120.04, 30.03);
const C = square(120.1, 30.1, 120.2, 30.2);

describe('population units from raster cells', () => {
  it('scales each township with a population so that its units sum to it, and says so', () => {
    const townships: RasterTownship[] = [
      { code: 'A', name: '西镇', population: 34, geometry: A },
      { code: 'B', name: '东镇', population: 7, geometry: B },
    ];
    const result = populationUnitsFromRaster(CELLS, townships);
    // A: raster 20 → 34, factor 1.7: 17, 11.9, 5.1. B: raster 3.5 → 7, factor 2: 5 and 2.
    expect(result.scaled).toBe(true);
    expect(result.units.map((u) => [u.id, u.township, u.index])).toEqual([
      ['r0c0', 'A', 0],
      ['r0c3', 'B', 1],
      ['r1c1', 'A', 2],
      ['r2c1', 'A', 3],
      ['r2c3', 'B', 4],
    ]);
    const people = result.units.map((u) => u.population);
    [17, 5, 11.9, 5.1, 2].forEach((want, k) => expect(people[k]).toBeCloseTo(want, 12));
    expect(result.townships).toEqual([
      { code: 'A', cells: 3, rasterPopulation: 20, population: 34, factor: 1.7 },
      { code: 'B', cells: 2, rasterPopulation: 3.5, population: 7, factor: 2 },
    ]);
    expect(result.units.every((u) => !u.approximate && u.under3 === null)).toBe(true);
    expect(result.outside).toEqual({ cells: 1, population: 4 });
    expect(result.notes.map((n) => n.en)).toEqual([
      "the raster's population units were scaled to each township's population (2 townships): the raster gives where people live, the township figures how many",
      '1 populated raster cells (4 people by the raster) lie outside every township and were left out',
    ]);
    expect(result.notes[0]!.zh).toBe('人口栅格单元已按乡镇常住人口缩放（2 个乡镇）：栅格只决定人口分布，人数以乡镇人口为准');
  });

  it('keeps the raster counts where townships carry no population', () => {
    const result = populationUnitsFromRaster(CELLS, [
      { code: 'A', name: '西镇', population: null, geometry: A },
      { code: 'B', name: '东镇', population: null, geometry: B },
    ]);
    expect(result.scaled).toBe(false);
    expect(result.units.map((u) => u.population)).toEqual([10, 2.5, 7, 3, 1]);
    expect(result.townships.map((t) => t.factor)).toEqual([null, null]);
    expect(result.notes).toHaveLength(1);
  });

  it('says which township has people but no populated cell', () => {
    const result = populationUnitsFromRaster(CELLS.slice(0, 5), [
      { code: 'A', name: '西镇', population: 20, geometry: A },
      { code: 'C', name: '山乡', population: 1200, geometry: C },
    ]);
    expect(result.units).toHaveLength(3);
    expect(result.units.map((u) => u.population)).toEqual([10, 7, 3]);
    expect(result.townships[1]).toEqual({ code: 'C', cells: 0, rasterPopulation: 0, population: 0, factor: null });
    expect(result.notes.map((n) => n.zh)).toEqual([
      '人口栅格单元已按乡镇常住人口缩放（1 个乡镇）：栅格只决定人口分布，人数以乡镇人口为准',
      '乡镇 山乡（C）人口为 1200，但人口栅格中没有落在其内的有人口格网，该乡镇的步行覆盖无法计算',
      '2 个有人口的栅格格网（栅格计 3.5 人）不在任何乡镇内，已略去',
    ]);
  });
});
