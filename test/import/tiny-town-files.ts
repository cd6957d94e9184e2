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

/** Tiny Town's package as county `id` named `name`, below the city or province `parentId` when given. */
export function tinyCounty(id: string, name: string, parentId?: string): Record<string, any> & PackageFiles {
  const files = tinyTownFiles();
  files['manifest.json'] = { ...files['manifest.json'], id, name, ...(parentId ? { parentId } : {}) };
  return files;
}

/** The package of a province or city: its manifest alone (its counties hold the data). */
export function regionPackage(id: string, level: 'province' | 'city', parentId?: string, name = `Region ${id}`): PackageFiles {
  return {
    'manifest.json': {
      format: 'tuowei-data-package',
      version: 1,
      id,
      name,
      profile: 'ouhai',
      year: 2025,
      level,
      ...(parentId ? { parentId } : {}),
    },
  };
}
