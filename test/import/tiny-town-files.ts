/** The tiny-town example package (../shared/examples/tiny-town) as PackageFiles, deep-copied for mutation. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PackageFiles } from '../../server/import/index.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';

export const tinyTownDir = TINY_TOWN_DIR;

const LAYERS = [
  'manifest.json',
  'profile.json',
  'townships.geojson',
  'facilities.geojson',
  'population.geojson',
  'roads.geojson',
  'projects.geojson',
];

/** A fresh copy each call; tests change it freely. */
export function tinyTownFiles(): Record<string, any> & PackageFiles {
  const files: Record<string, any> = {};
  for (const name of LAYERS) files[name] = JSON.parse(readFileSync(path.join(tinyTownDir, name), 'utf8'));
  return files;
}
