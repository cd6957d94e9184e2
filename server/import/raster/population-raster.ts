/**
 * Population from a raster (`.tif`/`.tiff`, e.g. WorldPop's 100 m counts; DATA_FORMAT.md, "Population
 * from a raster"): every cell with a value > 0 that is not nodata becomes a population unit at the
 * cell's centre, in the raster's own CRS, which the GeoKeys name by EPSG code. Assigning the units to
 * townships and scaling them to the townships' populations is engine work
 * (engine/geo/raster-population.ts), done once the centres are in WGS84.
 *
 * Decoding is the `geotiff` package (geotiff.js: every TIFF compression GDAL writes, tiled or
 * stripped, any sample type). The raster is read a band of rows at a time, so a large raster costs
 * the memory of its units, not of its cells; `within` reads only the rows and columns that matter.
 */
import type { Feature, Point } from 'geojson';
import { fromArrayBuffer, fromFile, type GeoTIFF, type GeoTIFFImage } from 'geotiff';
import { basename } from 'node:path';
import { bilingual } from '../../model/index.js';
import { FileReadError } from '../file-read-error.js';

export type PopulationCell = Feature<Point, { population: number }> & { id: string };

export interface PopulationRaster {
  /** `EPSG:<code>` from the GeoKeys, or null when the file has no GeoKeys at all (the manifest's CRS then applies). */
  crs: string | null;
  /** One unit per populated cell, at its centre in the raster's CRS; id `r<row>c<column>` (0-based), rows from the top. */
  units: PopulationCell[];
  /** Raster size in cells, and the cell size in CRS units (x, y; both positive). */
  width: number;
  height: number;
  cellSize: [number, number];
  /** The nodata value the file declares (GDAL_NODATA), or null. */
  noData: number | null;
}

export interface ReadPopulationRasterOptions {
  /** Name of the file in messages; default the path's base name, or "population.tif". */
  fileName?: string;
  /** Only cells whose centre lies in [minX, minY, maxX, maxY] (raster CRS): a province raster read for one county. */
  within?: [number, number, number, number];
  /**
   * Whether the service can place this CRS (`EPSG:<code>`); a CRS it cannot is an error naming the file.
   * Default: every EPSG code is accepted here and checked where the units are converted.
   */
  isKnownCrs?: (crs: string) => boolean;
}

/** GeoKey values: user-defined (32767) means the CRS is described by parameters, not an EPSG code. */
const USER_DEFINED = 32767;
const MODEL_PROJECTED = 1;
const MODEL_GEOGRAPHIC = 2;
const RASTER_PIXEL_IS_POINT = 2;
/** Cells decoded per read: bounds the memory of one band of rows. */
const CELLS_PER_READ = 1 << 20;

/** Reads the populated cells of a GeoTIFF, from its bytes or its path. Throws FileReadError naming the file. */
export async function readPopulationRaster(
  source: Uint8Array | string,
  options: ReadPopulationRasterOptions = {},
): Promise<PopulationRaster> {
  const fileName = options.fileName ?? (typeof source === 'string' ? basename(source) : 'population.tif');
  const fail = (zh: string, en: string): FileReadError => new FileReadError(fileName, bilingual(zh, en));
  let tiff: GeoTIFF;
  let image: GeoTIFFImage;
  try {
    tiff =
      typeof source === 'string'
        ? await fromFile(source)
        : await fromArrayBuffer(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength) as ArrayBuffer);
    image = await tiff.getImage(0);
  } catch (error) {
    throw fail(`不是可读取的 GeoTIFF 文件（${(error as Error).message}）`, `not a readable GeoTIFF file (${(error as Error).message})`);
  }
  try {
    const bands = image.getSamplesPerPixel();
    if (bands !== 1)
      throw fail(
        `有 ${bands} 个波段；人口栅格应只有一个波段（每格人数）`,
        `the raster has ${bands} bands; a population raster has one (people per cell)`,
      );
    const crs = crsOf(image, fail);
    if (crs !== null && options.isKnownCrs && !options.isKnownCrs(crs))
      throw fail(
        `坐标系 ${crs} 无法识别，请在清单中为该图层指定 crs`,
        `coordinate system ${crs} is not one the service knows; name the layer's crs in the manifest`,
      );
    const { originX, originY, stepX, stepY } = geoTransform(image, fail);
    const width = image.getWidth();
    const height = image.getHeight();
    const noData = image.getGDALNoData();

    // Cell (column c, row r) has its centre at origin + (c + 0.5, r + 0.5) · step; `within` keeps the columns and rows whose centres can lie inside.
    let [firstColumn, lastColumn, firstRow, lastRow] = [0, width - 1, 0, height - 1];
    if (options.within) {
      const [minX, minY, maxX, maxY] = options.within;
      const columnsOf = (x: number): number => (x - originX) / stepX - 0.5;
      const rowsOf = (y: number): number => (y - originY) / stepY - 0.5;
      firstColumn = Math.max(firstColumn, Math.ceil(Math.min(columnsOf(minX), columnsOf(maxX))));
      lastColumn = Math.min(lastColumn, Math.floor(Math.max(columnsOf(minX), columnsOf(maxX))));
      firstRow = Math.max(firstRow, Math.ceil(Math.min(rowsOf(minY), rowsOf(maxY))));
      lastRow = Math.min(lastRow, Math.floor(Math.max(rowsOf(minY), rowsOf(maxY))));
    }

    const units: PopulationCell[] = [];
    const columns = lastColumn - firstColumn + 1;
    if (columns > 0) {
      const rowsPerRead = Math.max(1, Math.floor(CELLS_PER_READ / columns));
      for (let top = firstRow; top <= lastRow; top += rowsPerRead) {
        const bottom = Math.min(lastRow + 1, top + rowsPerRead);
        const [values] = (await image.readRasters({ window: [firstColumn, top, lastColumn + 1, bottom], samples: [0] })) as unknown as [
          ArrayLike<number>,
        ];
        for (let r = top; r < bottom; r++) {
          for (let c = firstColumn; c <= lastColumn; c++) {
            const value = values[(r - top) * columns + (c - firstColumn)]!;
            // NaN and ±Infinity fail `> 0` or isFinite; a nodata value of 0 or below is excluded by `> 0` anyway.
            if (!(value > 0) || !Number.isFinite(value) || value === noData) continue;
            const x = originX + (c + 0.5) * stepX;
            const y = originY + (r + 0.5) * stepY;
            if (options.within && !(x >= options.within[0] && x <= options.within[2] && y >= options.within[1] && y <= options.within[3]))
              continue;
            units.push({
              type: 'Feature',
              id: `r${r}c${c}`,
              properties: { population: value },
              geometry: { type: 'Point', coordinates: [x, y] },
            });
          }
        }
      }
    }
    return { crs, units, width, height, cellSize: [Math.abs(stepX), Math.abs(stepY)], noData };
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw fail(`GeoTIFF 数据无法解码（${(error as Error).message}）`, `the GeoTIFF data cannot be decoded (${(error as Error).message})`);
  } finally {
    await tiff.close();
  }
}

/** `EPSG:<code>` of the image's GeoKeys, null without GeoKeys; an error when the keys describe a CRS without a code. */
function crsOf(image: GeoTIFFImage, fail: (zh: string, en: string) => FileReadError): string | null {
  const keys = image.getGeoKeys() as Record<string, unknown> | null;
  if (keys === null) return null;
  const model = keys.GTModelTypeGeoKey;
  const projected = keys.ProjectedCSTypeGeoKey;
  const geographic = keys.GeographicTypeGeoKey;
  const code = model === MODEL_PROJECTED ? projected : model === MODEL_GEOGRAPHIC ? geographic : (projected ?? geographic);
  if (typeof code === 'number' && code > 0 && code !== USER_DEFINED) return `EPSG:${code}`;
  throw fail(
    '坐标系没有 EPSG 代码（GeoTIFF 中为自定义参数），无法确定位置；请用 gdalwarp 转为 EPSG:4326 等标准坐标系，或在清单中为该图层指定 crs',
    "its coordinate system has no EPSG code (user-defined parameters in the GeoTIFF), so it cannot be placed; reproject it to a standard one such as EPSG:4326 (gdalwarp) or name the layer's crs in the manifest",
  );
}

/**
 * The top-left corner of cell (0, 0) and the step per column (x) and per row (y, negative for
 * north-up). A pixel-is-point raster's tie point is the centre of cell (0, 0), so its corner lies
 * half a cell up and left. Rotated or sheared rasters are refused rather than misplaced.
 */
function geoTransform(
  image: GeoTIFFImage,
  fail: (zh: string, en: string) => FileReadError,
): { originX: number; originY: number; stepX: number; stepY: number } {
  let origin: number[];
  let resolution: number[];
  try {
    origin = image.getOrigin();
    resolution = image.getResolution();
  } catch {
    throw fail(
      '没有地理参照（缺少像元大小与起点），无法确定各格位置',
      'it has no georeferencing (no cell size and origin), so its cells cannot be placed',
    );
  }
  const transformation = image.fileDirectory.getValue<'ModelTransformation'>('ModelTransformation');
  if (transformation && (transformation[1] !== 0 || transformation[4] !== 0))
    throw fail('栅格经过旋转或倾斜，请先用 gdalwarp 转为正北朝上', 'the raster is rotated or sheared; make it north-up first (gdalwarp)');
  const [stepX, stepY] = [resolution[0]!, resolution[1]!];
  if (!(Number.isFinite(stepX) && Number.isFinite(stepY) && stepX !== 0 && stepY !== 0))
    throw fail('像元大小无效', 'the cell size is invalid');
  const pixelIsPoint = (image.getGeoKeys() as Record<string, unknown> | null)?.GTRasterTypeGeoKey === RASTER_PIXEL_IS_POINT;
  const shift = pixelIsPoint ? 0.5 : 0;
  return { originX: origin[0]! - shift * stepX, originY: origin[1]! - shift * stepY, stepX, stepY };
}
