/**
 * The one interface every file-format reader implements, so the package reader asks "which reader takes
 * this file?" instead of knowing formats. A reader turns a file's bytes into what package validation
 * reads, or an UnreadableFile that names the problem (reported with every other problem, not thrown).
 */
/** One file of a package folder or upload: its name inside the package and its bytes. */
export interface SourceFile {
  name: string;
  bytes: Uint8Array;
}

export interface LayerReader {
  /** The format's name as the import report gives it ("GeoJSON"). */
  readonly format: string;
  /** Whether this reader reads a file of this name (by its extension). */
  accepts(fileName: string): boolean;
  /** The file's content for validation, or an UnreadableFile saying why it cannot be read; never throws for bad content. */
  read(file: SourceFile): unknown;
}
