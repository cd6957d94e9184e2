/**
 * Population rasters (`.tif`/`.tiff`, population only): one Point per populated cell at the cell
 * centre, in the raster's CRS as its GeoKeys name it, with the column `population`. The reading is
 * ../raster/population-raster.ts; assigning the units to townships and scaling them to the
 * townships' populations is engine/geo/raster-population.ts, after conversion to WGS84.
 *
 * As in osm-pbf.ts, the shape of the version-2 reader interface (reader.ts `readLayer` →
 * `SourceLayer`) is written out here; a FileReadError carries the same `file` and bilingual `text`
 * as its ReadProblem.
 */
import type { Feature, Point } from 'geojson';
import { readPopulationRaster, type ReadPopulationRasterOptions } from '../raster/population-raster.js';
import { asReadProblem } from './read-problem.js';
import { loadSource, type LayerReader, type SourceFile } from './reader.js';

export interface PopulationRasterLayer {
  file: string;
  format: 'GeoTIFF';
  layer: null;
  layers: string[];
  /** The EPSG code of the GeoKeys; null without GeoKeys (the manifest's CRS then applies). */
  crs: { kind: 'epsg'; code: number } | null;
  encoding: null;
  encodingSource: 'format';
  fields: string[];
  features: Feature<Point, Record<string, unknown>>[];
}

/** Reads an uploaded GeoTIFF as a population layer. */
export async function readPopulationRasterLayer(
  source: SourceFile,
  options: Omit<ReadPopulationRasterOptions, 'fileName'> = {},
): Promise<PopulationRasterLayer> {
  const file = await loadSource(source);
  const raster = await readPopulationRaster(file.bytes, { ...options, fileName: file.name });
  return {
    file: file.name,
    format: 'GeoTIFF',
    layer: null,
    layers: [],
    crs: raster.crs === null ? null : { kind: 'epsg', code: Number(raster.crs.slice('EPSG:'.length)) },
    encoding: null,
    encodingSource: 'format',
    fields: ['population'],
    features: raster.units.map((unit) => ({ type: 'Feature', id: unit.id, properties: { ...unit.properties }, geometry: unit.geometry })),
  };
}

/** The version-2 LayerReader of GeoTIFF population rasters. */
export const geoTiffReader: LayerReader = {
  format: 'GeoTIFF',
  accepts: (fileName: string): boolean => /\.tiff?$/i.test(fileName),
  readLayer: (file) => asReadProblem(readPopulationRasterLayer(file)),
};
