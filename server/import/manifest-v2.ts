/**
 * The version-2 manifest (DATA_FORMAT.md): version 1's fields plus `layers`, which names each layer's
 * file, table/sheet/folder, CRS, text encoding, column mapping and value mapping. Only the shape of
 * `layers` is checked here; the rest of the manifest is checked by the version-1 schema after assembly.
 */
import { z } from 'zod';
import { LAYER_NAMES, type LayerName } from './preview.js';
import { TEXT_ENCODINGS } from './readers/reader.js';

const columnName = z.string().trim().min(1).max(200);

export const layerSpecSchema = z
  .object({
    file: z.string().trim().min(1).max(500),
    layer: z.string().trim().min(1).max(200).optional(),
    crs: z.string().trim().min(1).max(100).optional(),
    encoding: z.enum(TEXT_ENCODINGS).optional(),
    fields: z.record(z.string(), columnName).optional(),
    values: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  })
  .strict();
export type LayerSpec = z.infer<typeof layerSpecSchema>;

export const layersSchema = z.partialRecord(z.enum(LAYER_NAMES), layerSpecSchema);

/** A manifest as the assembly reads it: version 1's fields untouched, `layers` checked. */
export const manifestV2Schema = z
  .object({
    version: z.union([z.literal(1), z.literal(2)]).optional(),
    crs: z.string().optional(),
    layers: layersSchema.optional(),
  })
  .passthrough();
export type ManifestV2 = z.infer<typeof manifestV2Schema> & { layers?: Partial<Record<LayerName, LayerSpec>> };
