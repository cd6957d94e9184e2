/**
 * Readers of the file formats a package may hold, one module per format behind one interface
 * (reader.ts). The package reader takes the first reader that accepts a file's name; files no reader
 * accepts (notes, licences) are left out of the package.
 */
import { csvReader } from './csv.js';
import { geoJsonReader } from './geojson.js';
import type { LayerReader } from './reader.js';

export type { LayerReader, SourceFile } from './reader.js';
export { csvReader } from './csv.js';
export { geoJsonReader } from './geojson.js';

/** Every reader, in the order they are asked. */
export const READERS: readonly LayerReader[] = [geoJsonReader, csvReader];

/** The reader that takes `fileName`, or undefined when none does. */
export function readerFor(fileName: string): LayerReader | undefined {
  return READERS.find((reader) => reader.accepts(fileName));
}
