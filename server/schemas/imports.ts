/**
 * The import wizard's API (issue #13): a preview of uploaded files (`POST /api/imports`), a changed
 * manifest (`PUT /api/imports/{id}`), the commit and the confirmed manifest.
 */
import { z } from 'zod';
import { localized } from '../model/messages.js';

export const importParams = z.object({
  id: z.uuid(localized('导入编号应为 UUID', 'an import id is a UUID')).describe('Import preview id, from POST /api/imports'),
});

export const importProblemSchema = z.object({
  file: z.string().describe('The file the problem is in (inside the upload; a zip’s files by their path in it)'),
  row: z.number().int().optional().describe('Row or feature index, from 0, when the problem is in one'),
  column: z.string().optional().describe('Source column (or our property) the problem is in'),
  code: z.string().describe('Machine-readable kind of problem'),
  message: z.string().describe('The problem, in the request’s language (Accept-Language)'),
});

export const layerPreviewSchema = z.object({
  layer: z.string().describe('Our layer: townships, facilities, population, roads, projects, health, townshipPopulation'),
  file: z.string().describe('The file it is read from'),
  format: z.string().describe('The file’s format, e.g. "Shapefile", "XLSX", "GeoJSON"'),
  crs: z.string().nullable().describe('The coordinate system used: the EPSG code where there is one ("EPSG:4549"), else "GCJ-02"/"BD-09"'),
  encoding: z.string().nullable().describe('Text encoding used for .dbf/.csv ("GB18030", "UTF-8"); null for formats that fix theirs'),
  features: z.number().int().describe('Features or rows read'),
  fields: z.array(z.string()).describe('The source columns'),
  mapping: z.record(z.string(), z.string()).describe('Our property → source column, as proposed or confirmed'),
  values: z.record(z.string(), z.record(z.string(), z.string())).describe('Our property → {source value → our value} (type, status, kind)'),
  sample: z.array(z.record(z.string(), z.unknown())).describe('The first rows, by source column'),
  notes: z
    .array(z.string())
    .describe('What was converted or decided (encoding used, CRS converted, values mapped), in the request’s language'),
  geometry: z
    .unknown()
    .optional()
    .describe(
      'GeoJSON FeatureCollection (WGS84) of the first features that could be read (at most 2,000), for drawing the layer even when the preview has problems: each feature carries `_row` (its row) and `_problem` (true when a problem names that row); absent for tables without geometry',
    ),
  problems: z.array(importProblemSchema),
});

export const manifestSchema = z.record(z.string(), z.unknown()).describe('A data package manifest (DATA_FORMAT.md, version 1 or 2)');

export const importPreviewSchema = z.object({
  id: z.string().describe('Id of this preview; continue with PUT /api/imports/{id} or POST /api/imports/{id}/commit'),
  manifest: z.unknown().describe('The effective manifest: what a commit would read (layers, files, CRS, encodings, mappings)'),
  layers: z.array(layerPreviewSchema),
  problems: z
    .array(importProblemSchema)
    .describe('Every problem, of the upload and of each layer; the import can be committed only when empty'),
  expiresAt: z.string().describe('ISO 8601; after it the preview is deleted (404/410)'),
  committedJurisdictionId: z.string().nullable().describe('The jurisdiction a commit of this preview wrote, else null'),
});

export const importUpdateBodySchema = z.object({
  manifest: manifestSchema.describe('The whole manifest to preview with (mapping, CRS, encoding, values of each layer)'),
});

export const importCommitResultSchema = z.object({
  jurisdictionId: z.string(),
  dataVersion: z.number().int(),
  counts: z.record(z.string(), z.number().int()).describe('Rows written per layer'),
  warnings: z.array(z.string()),
});

/** JSON Schema of the multipart form of POST /api/imports (for the OpenAPI document; busboy reads the form). */
export const importUploadForm = {
  type: 'object',
  required: ['files'],
  properties: {
    files: {
      type: 'array',
      items: { type: 'string', format: 'binary' },
      description:
        'The files: a zip, or loose files (a Shapefile’s .shp, .dbf, .shx, .prj and .cpg together, .xlsx, .csv, .gpkg, .kml, .geojson …)',
    },
    manifest: { type: 'string', description: 'Optional manifest.json (DATA_FORMAT.md version 1 or 2), as JSON text' },
  },
} as const;
