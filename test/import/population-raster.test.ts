/**
 * The GeoTIFF population reader (server/import/raster/population-raster.ts) on rasters made by GDAL
 * at test time from ASCII grids, with numbers to check by hand, and tiny-town's population as a
 * raster giving tiny-town's expected coverage. Skipped, saying so, when GDAL is not installed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/engine/coverage/index.js';
import { populationUnitsFromRaster } from '../../server/engine/geo/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { FileReadError } from '../../server/import/file-read-error.js';
import { readPopulationRaster } from '../../server/import/raster/population-raster.js';
import { geoTiffReader } from '../../server/import/readers/geotiff.js';
import { gdalAvailable, gridTiff, type GridTiff } from '../fixtures/gdal-raster.js';
import { loadTinyTown, loadTinyTownExpected, tinyTownAt } from '../fixtures/tiny-town.js';

const hasGdal = gdalAvailable();
if (!hasGdal) console.warn('SKIPPED: GeoTIFF fixtures need GDAL (Debian gdal-bin) / 未安装 GDAL，跳过 GeoTIFF 样例测试');

const work = mkdtempSync(join(tmpdir(), 'tuowei-raster-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * 4 × 3 cells of 0.01°, upper-left corner at 120.00°E 30.03°N, nodata −9999. Populated: 10, 2.5,
 * 7, 3 and 1; zeros, nodata and the −5 are not.
 */
const GRID: GridTiff = {
  rows: [
    [10, 0, -9999, 2.5],
    [0, 7, 0, -5],
    [-9999, 3, 0, 1],
  ],
  ullr: [120, 30.03, 120.04, 30],
  srs: 'EPSG:4326',
  noData: -9999,
};
/** The populated cells: id, people, centre. */
const EXPECTED: [string, number, number, number][] = [
  ['r0c0', 10, 120.005, 30.025],
  ['r0c3', 2.5, 120.035, 30.025],
  ['r1c1', 7, 120.015, 30.015],
  ['r2c1', 3, 120.015, 30.005],
  ['r2c3', 1, 120.035, 30.005],
];

function expectCells(units: Awaited<ReturnType<typeof readPopulationRaster>>['units'], expected = EXPECTED): void {
  expect(units.map((u) => [u.id, u.properties.population])).toEqual(expected.map(([id, people]) => [id, people]));
  units.forEach((unit, k) => {
    expect(unit.geometry.coordinates[0]).toBeCloseTo(expected[k]![2], 9);
    expect(unit.geometry.coordinates[1]).toBeCloseTo(expected[k]![3], 9);
  });
}

describe.skipIf(!hasGdal)('GeoTIFF population raster', () => {
  it('makes one unit per cell with people, at the cell centre, with the EPSG code of its GeoKeys', async () => {
    const raster = await readPopulationRaster(gridTiff(work, 'plain', GRID));
    expect(raster.crs).toBe('EPSG:4326');
    expect([raster.width, raster.height, raster.noData]).toEqual([4, 3, -9999]);
    expect(raster.cellSize[0]).toBeCloseTo(0.01, 12);
    expectCells(raster.units);
  });

  it('reads the same from the bytes of an upload, from a tiled DEFLATE file, and from a pixel-is-point file', async () => {
    const path = gridTiff(work, 'bytes', GRID);
    expectCells((await readPopulationRaster(new Uint8Array(readFileSync(path)), { fileName: '人口.tif' })).units);
    const tiled = gridTiff(work, 'tiled', {
      ...GRID,
      options: ['-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=16', '-co', 'BLOCKYSIZE=16'],
    });
    expectCells((await readPopulationRaster(tiled)).units);
    // GDAL writes a pixel-is-point raster's tie point at the centre of the first cell.
    const point = gridTiff(work, 'point', { ...GRID, options: ['-mo', 'AREA_OR_POINT=Point'] });
    expectCells((await readPopulationRaster(point)).units);
  });

  it('gives the layer shape of the version-2 reader interface from an upload', async () => {
    expect(geoTiffReader.accepts('人口.TIF') && geoTiffReader.accepts('worldpop.tiff')).toBe(true);
    const layer = await geoTiffReader.readLayer(
      { name: '人口.tif', bytes: new Uint8Array(readFileSync(gridTiff(work, 'layer', GRID))) },
      new Map(),
      {},
    );
    expect(layer).toMatchObject({ file: '人口.tif', format: 'GeoTIFF', crs: { kind: 'epsg', code: 4326 }, fields: ['population'] });
    expect(layer.features.map((f) => [f.id, f.properties.population])).toEqual(EXPECTED.map(([id, people]) => [id, people]));
  });

  it('keeps only the cells whose centre lies within a box when asked', async () => {
    const raster = await readPopulationRaster(gridTiff(work, 'within', GRID), { within: [120.01, 30.0, 120.04, 30.02] });
    expectCells(raster.units, [EXPECTED[2]!, EXPECTED[3]!, EXPECTED[4]!]);
  });

  it('names a projected CRS by its EPSG code and places the cells in its metres', async () => {
    const raster = await readPopulationRaster(
      gridTiff(work, 'gk', { ...GRID, ullr: [500_000, 3_320_300, 500_400, 3_320_000], srs: 'EPSG:4549' }),
    );
    expect(raster.crs).toBe('EPSG:4549');
    expect(raster.units.map((u) => u.geometry.coordinates)).toEqual([
      [500_050, 3_320_250],
      [500_350, 3_320_250],
      [500_150, 3_320_150],
      [500_150, 3_320_050],
      [500_350, 3_320_050],
    ]);
  });

  it('gives no CRS for a raster without GeoKeys, so that the manifest decides', async () => {
    const raster = await readPopulationRaster(gridTiff(work, 'nocrs', { ...GRID, srs: undefined }));
    expect(raster.crs).toBeNull();
    expect(raster.units).toHaveLength(5);
  });

  it('refuses a CRS without an EPSG code, naming the file, in both languages', async () => {
    const path = gridTiff(work, 'custom', {
      ...GRID,
      srs: '+proj=tmerc +lat_0=0 +lon_0=117.3 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
    });
    const error = (await readPopulationRaster(path).catch((e: unknown) => e)) as FileReadError;
    expect(error).toBeInstanceOf(FileReadError);
    expect(error.text.zh).toMatch(/^custom\.tif：坐标系没有 EPSG 代码/);
    expect(error.text.en).toMatch(/^custom\.tif: its coordinate system has no EPSG code/);
  });

  it('refuses an EPSG code the service cannot place when told which it can', async () => {
    const path = gridTiff(work, 'unknown', { ...GRID, srs: 'EPSG:3035' });
    const error = (await readPopulationRaster(path, { isKnownCrs: (crs) => crs === 'EPSG:4326' }).catch(
      (e: unknown) => e,
    )) as FileReadError;
    expect(error.text.en).toBe(
      "unknown.tif: coordinate system EPSG:3035 is not one the service knows; name the layer's crs in the manifest",
    );
    expect(error.text.zh).toMatch(/^unknown\.tif：坐标系 EPSG:3035 无法识别/);
  });

  it('refuses a raster of several bands and a file that is not a TIFF, naming the file', async () => {
    const bands = gridTiff(work, 'bands', { ...GRID, options: ['-b', '1', '-b', '1'] });
    await expect(readPopulationRaster(bands)).rejects.toThrow(/^bands\.tif: the raster has 2 bands; a population raster has one/);
    const text = join(work, 'population.tif');
    writeFileSync(text, 'population,lon,lat\n10,120,30\n');
    const error = (await readPopulationRaster(text).catch((e: unknown) => e)) as FileReadError;
    expect(error.text.en).toMatch(/^population\.tif: not a readable GeoTIFF file/);
    expect(error.text.zh).toMatch(/^population\.tif：不是可读取的 GeoTIFF 文件/);
  });
});

describe.skipIf(!hasGdal)("tiny-town's population as a GeoTIFF", async () => {
  // Every population point of tiny-town lies on a grid of 1/20 block (0.0001015° × 0.00009°), so a
  // raster of that grid holds each point's people in the cell centred on it.
  const data = loadTinyTown();
  const expected = loadTinyTownExpected();
  const STEP = 0.05;
  const [uMin, uMax, vMin, vMax] = [-0.5, 4.5, -0.5, 6.5];
  const columns = Math.round((uMax - uMin) / STEP) + 1;
  const rows = Math.round((vMax - vMin) / STEP) + 1;
  const grid = Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
  for (const unit of data.populationUnits) {
    const u = (unit.lon - 120.646) / 0.00203;
    const v = (unit.lat - 27.9964) / 0.0018;
    grid[Math.round((vMax - v) / STEP)]![Math.round((u - uMin) / STEP)]! += unit.population;
  }
  const [west, north] = tinyTownAt(uMin - STEP / 2, vMax + STEP / 2);
  const [east, south] = tinyTownAt(uMax + STEP / 2, vMin - STEP / 2);
  const path = hasGdal
    ? gridTiff(work, 'tiny-town-population', { rows: grid, ullr: [west, north, east, south], srs: 'EPSG:4326', noData: -1 })
    : '';
  const raster = hasGdal ? await readPopulationRaster(path) : null;
  const result = populationUnitsFromRaster(
    (raster?.units ?? []).map((u) => ({
      id: u.id,
      lon: u.geometry.coordinates[0]!,
      lat: u.geometry.coordinates[1]!,
      population: u.properties.population,
    })),
    data.townships,
  );

  it('gives one unit per population point, in its township, summing to the township populations', () => {
    expect(raster!.units).toHaveLength(32);
    expect(result.units).toHaveLength(32);
    expect(result.outside.cells).toBe(0);
    // The points already sum to the townships' populations, so scaling changes nothing.
    expect(result.scaled).toBe(true);
    expect(result.townships.map((t) => [t.code, t.rasterPopulation, t.factor])).toEqual([
      ['T1', 4700, 1],
      ['T2', 5000, 1],
      ['T3', 3480, 1],
    ]);
  });

  it("gives tiny-town's expected coverage for 2025", () => {
    const withRaster = { ...data, populationUnits: result.units };
    const coverage = computeCoverage(withRaster, prepareWalkNetwork(data.roads, data.profile.parameters, result.units), 2025);
    const want = expected.years['2025']!;
    for (const township of want.townships) {
      for (const key of ['5', '10', '15']) {
        expect(coverage.townships.find((t) => t.code === township.code)!.coverage[key], `${township.code} ${key}`).toBeCloseTo(
          township.coverage[key]!,
          9,
        );
      }
    }
    expect(coverage.district.coveredPopulation).toEqual(want.district.coveredPopulation);
  });
});
