/** Files that travel with another under the same base name (a Shapefile's .dbf, .prj, .cpg), found whatever the case of the extension. */
import type { SourceFile } from './reader.js';

/** The file beside `file` with extension `extension` ('.dbf'), or undefined. */
export function sidecar(file: SourceFile, files: ReadonlyMap<string, SourceFile>, extension: string): SourceFile | undefined {
  const base = file.name.replace(/\.[^./]+$/, '');
  const wanted = `${base}${extension}`.toLowerCase();
  for (const [name, candidate] of files) if (name.toLowerCase() === wanted) return candidate;
  return undefined;
}

/** The base name of a file without folder and extension ('县/乡镇界.shp' → '乡镇界'). */
export function baseName(name: string): string {
  return name.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
}
