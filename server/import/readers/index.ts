/**
 * Readers of the file formats a package may hold, one module per format behind one interface
 * (reader.ts). A version-1 package holds only JSON (readJsonFile); a version-2 package's layers are read
 * by the first reader that accepts the file's name. Files no reader accepts (notes, licences, a
 * Shapefile's sidecars) are read only as part of another.
 */
import { geoJsonReader } from './geojson.js';
import type { LayerReader } from './reader.js';
import { shapefileReader } from './shapefile.js';

export * from './reader.js';
export { geoJsonReader, readJsonFile } from './geojson.js';
export { shapefileReader } from './shapefile.js';

/** Every reader, in the order they are asked. */
export const READERS: readonly LayerReader[] = [geoJsonReader, shapefileReader];

/** The reader that takes `fileName`, or undefined when none does. */
export function readerFor(fileName: string): LayerReader | undefined {
  return READERS.find((reader) => reader.accepts(fileName));
}
