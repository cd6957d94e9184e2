/**
 * Fixtures for the format readers, made at test time from tiny-town by GDAL's ogr2ogr (the tool GIS
 * desks use to convert, so the files are what offices send) in a temporary folder removed after the run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import type { LoadedSourceFile, SourceFile } from '../../../server/import/readers/index.js';
import { TINY_TOWN_DIR } from '../../fixtures/tiny-town.js';

/** A tiny-town layer file's path ('townships' → …/tiny-town/townships.geojson). */
export const tinyTownPath = (layer: string) => path.join(TINY_TOWN_DIR, `${layer}.geojson`);

/** A tiny-town layer's features as the package holds them. */
export function tinyTownFeatures(layer: string): Feature[] {
  return (JSON.parse(readFileSync(tinyTownPath(layer), 'utf8')) as FeatureCollection).features;
}

/** A scratch folder; `dispose` removes it (call in afterAll). */
export function scratch(): { dir: string; at: (name: string) => string; dispose: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tuowei-readers-'));
  return { dir, at: (name) => path.join(dir, name), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs ogr2ogr with `args` (throws with its message when it fails). */
export function ogr2ogr(...args: string[]): void {
  execFileSync('ogr2ogr', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** `text` in `encoding` ('GBK') by the iconv program, since Node encodes only UTF-8 and UTF-16. */
export function encodeText(text: string, encoding: string): Uint8Array {
  return new Uint8Array(execFileSync('iconv', ['-f', 'UTF-8', '-t', encoding], { input: text }));
}

/** A file on disk as a package file named `name`. */
export function sourceFile(filePath: string, name = path.basename(filePath)): LoadedSourceFile {
  return { name, bytes: new Uint8Array(readFileSync(filePath)) };
}

/** A package's files by name, as readers receive them. */
export const fileMap = (...files: SourceFile[]) => new Map(files.map((f) => [f.name, f]));

/** `zip` with the uncompressed size its central directory declares for its last entry set to `size`, as a zip bomb forges it. */
export function forgeDeclaredSize(zip: Uint8Array, size: number): Uint8Array {
  const forged = zip.slice();
  const view = new DataView(forged.buffer);
  let central = forged.length - 4;
  while (central > 0 && view.getUint32(central, true) !== 0x02014b50) central--;
  view.setUint32(central + 24, size, true);
  return forged;
}
