/**
 * The one interface every file-format reader implements (DATA_FORMAT.md, version 2), so the package
 * reader asks "which reader takes this file?" instead of knowing formats.
 *
 * A reader turns one source file (with the sidecar files beside it: a Shapefile's .dbf/.shx/.prj/.cpg)
 * into one layer of features *as the file holds them*: source coordinates, source column names, text
 * decoded. Mapping columns to our properties, converting coordinates to WGS84 and validating happen
 * after, once for every format (see ../assemble.ts). A file that cannot be read is a ReadProblem naming
 * what is wrong, in both languages; readers never throw anything else for bad content.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Feature, Geometry } from 'geojson';
import type { Bilingual } from '../../model/index.js';

/**
 * One file of a package folder or upload on disk: its path inside the package (`gis/乡镇界.shp`, what
 * every message names), where it is on disk, and its size. Uploads and the CLI hand readers these, so a
 * file is read only by the reader that needs it, when it needs it — and a streaming reader (the OSM
 * extract's) reads it from disk in chunks, never whole.
 */
export interface DiskSourceFile {
  name: string;
  path: string;
  size: number;
}

/** A file already in memory: its path inside the package and its bytes (small files made in memory, tests). */
export interface LoadedSourceFile {
  name: string;
  bytes: Uint8Array;
}

export type SourceFile = DiskSourceFile | LoadedSourceFile;

/** The size of a source file in bytes. */
export function sourceSize(file: SourceFile): number {
  return 'bytes' in file ? file.bytes.length : file.size;
}

/**
 * The file with its bytes in memory, for a format whose library needs them all (a .dbf, a workbook,
 * SQLite): only this file, read when the reader asks for it.
 */
export async function loadSource(file: SourceFile): Promise<LoadedSourceFile> {
  return 'bytes' in file ? file : { name: file.name, bytes: await readFile(file.path) };
}

/** loadSource for the few small files read synchronously (manifest.json, profile.json, a version-1 package's JSON). */
export function loadSourceSync(file: SourceFile): LoadedSourceFile {
  return 'bytes' in file ? file : { name: file.name, bytes: readFileSync(file.path) };
}

/** Text encodings a .dbf or .csv may be read in (DATA_FORMAT.md `encoding`). */
export const TEXT_ENCODINGS = ['UTF-8', 'GBK', 'GB18030', 'Big5'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** What the manifest says about a layer's file, overriding what the file says about itself. */
export interface ReadOptions {
  /** GeoPackage table, Excel sheet or KML folder; default the only one (a problem when there are several). */
  layer?: string;
  /** Text encoding of .dbf and .csv. */
  encoding?: TextEncoding;
  /**
   * Keep only features near these boxes ([west, south, east, north], WGS84; the townships') widened by
   * `marginM` metres: a reader of a large extract (a province's roads) may leave the rest out.
   */
  keepNear?: { boxes: readonly [number, number, number, number][]; marginM: number };
}

/** Where the file says its coordinates are: an EPSG code, or a complete definition without one. */
export type DeclaredCrs =
  | { kind: 'epsg'; code: number }
  /** Coordinates in a system only a definition describes (a .prj's WKT matching no EPSG code). */
  | { kind: 'definition'; wkt: string }
  /** A name such as a GeoJSON `crs` member gives ('urn:ogc:def:crs:EPSG::4549', 'EPSG:3857'). */
  | { kind: 'name'; name: string };

/** A source row: its geometry (null for a table without one) and its columns under their own names. */
export type SourceFeature = Feature<Geometry | null, Record<string, unknown>>;

/** One layer of a source file, as the file holds it. */
export interface SourceLayer {
  /** The file's name inside the package. */
  file: string;
  /** The format's name as the import report gives it ("Shapefile", "GeoPackage"). */
  format: string;
  /** The table, sheet or folder read (null for single-layer formats). */
  layer: string | null;
  /** Every layer the file holds (tables, sheets, folders), for the user to choose from. */
  layers: string[];
  /** The CRS the file declares (.prj, GeoPackage SRS, GeoJSON `crs`, KML is always WGS84); null when it says nothing. */
  crs: DeclaredCrs | null;
  /** The text encoding used (DATA_FORMAT's rule when not given), null for formats whose encoding is fixed. */
  encoding: TextEncoding | null;
  /** How the encoding was decided: 'manifest', 'cpg', 'dbf language byte', 'valid UTF-8', 'not UTF-8', 'format'. */
  encodingSource: string | null;
  /** Column names in file order. */
  fields: string[];
  features: SourceFeature[];
}

/** Why a file cannot be read, naming the file; reported with every other problem of the upload. */
export class ReadProblem extends Error {
  constructor(
    readonly file: string,
    readonly text: Bilingual,
    readonly code = 'unreadable_file',
  ) {
    super(`${file}: ${text.en}`);
    this.name = 'ReadProblem';
  }
}

export interface LayerReader {
  /** The format's name as the import report gives it ("GeoJSON"). */
  readonly format: string;
  /** Whether this reader reads a file of this name (by its extension). */
  accepts(fileName: string): boolean;
  /**
   * The layer `options.layer` of `file` (sidecars found in `files` by name), or a rejected ReadProblem.
   * Async because some formats stream or load a decoder (WebAssembly SQLite, a compressed archive).
   */
  readLayer(file: SourceFile, files: ReadonlyMap<string, SourceFile>, options: ReadOptions): Promise<SourceLayer>;
}
