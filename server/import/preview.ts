/**
 * The preview of an upload (DATA_FORMAT.md version 2): which file is which layer, in which format, CRS
 * and encoding, the proposed column mapping, the first rows and every problem — computed without
 * writing anything. The same manifest always gives the same preview, so a confirmed manifest saved as
 * manifest.json runs the same import again from the CLI.
 */
import type { FeatureCollection } from 'geojson';
import type { PackageFiles } from './validate-package.js';

import type { LayerName } from './layer-catalogue.js';

export { LAYER_NAMES, type LayerName } from './layer-catalogue.js';

/** One problem of an upload: the file and, where it has one, the row (0-based feature index) and column. */
export interface ImportProblem {
  file: string;
  row?: number;
  column?: string;
  /** Machine-readable kind ('missing_column', 'not_a_number', 'unknown_crs', …). */
  code: string;
  /** In the reader's language (the request's Accept-Language, the CLI's TUOWEI_LANG/LANG). */
  message: string;
}

export interface LayerPreview {
  layer: LayerName;
  file: string;
  format: string;
  /** The CRS used, as an EPSG code where there is one ('EPSG:4549'), else its name ('GCJ-02', 'WKT'). */
  crs: string | null;
  /** The text encoding used ('GB18030'), null for formats whose encoding is fixed. */
  encoding: string | null;
  features: number;
  fields: string[];
  /** Our property → source column. */
  mapping: Record<string, string>;
  /** Our property → {source value → our value}, including the built-in Chinese names applied. */
  values: Record<string, Record<string, string>>;
  /** The first rows, source column names. */
  sample: Record<string, unknown>[];
  problems: ImportProblem[];
  /** What was converted or decided, in the reader's language (encoding used, CRS converted, values mapped, ways left out). */
  notes: string[];
  /**
   * The first features that could be read and placed (WGS84, at most MAX_DRAWN_FEATURES), for the
   * wizard's map, problems or not: each with `_row` (its row) and `_problem` (true when a problem
   * names that row). Absent for tables without geometry.
   */
  drawn?: FeatureCollection;
}

/** Most features of one layer kept for drawing it on the wizard's map. */
export const MAX_DRAWN_FEATURES = 2000;

export interface ImportPreview {
  /** The effective version-2 manifest, with the detected layers and proposed mappings filled in. */
  manifest: Record<string, unknown>;
  layers: LayerPreview[];
  /** Every problem of the upload, the layers' included, plus those of the package as a whole. */
  problems: ImportProblem[];
  /** The package in version-1 form (WGS84, our property names), only when there is no problem. */
  package: PackageFiles | null;
}

export { previewImport, type PreviewContext } from './assemble.js';
