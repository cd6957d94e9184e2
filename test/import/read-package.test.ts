import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { readPackageFolder, readPackageZip, UnreadableFile } from '../../server/import/index.js';
import { tinyTownDir, tinyTownFiles } from './tiny-town-files.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tuowei-read-package-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('readPackageFolder', () => {
  it('reads every .json and .geojson file of the folder, parsed', async () => {
    const files = await readPackageFolder(tinyTownDir);
    expect(Object.keys(files).sort()).toEqual([
      'expected.json',
      'facilities.geojson',
      'manifest.json',
      'population.geojson',
      'profile.json',
      'projects.geojson',
      'roads.geojson',
      'townships.geojson',
    ]);
    expect((files['manifest.json'] as { id: string }).id).toBe('tiny-town');
    expect((files['facilities.geojson'] as { features: unknown[] }).features).toHaveLength(5);
  });

  it('strips a byte order mark, skips other files and marks broken JSON unreadable', async () => {
    const dir = path.join(scratch, 'folder');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'manifest.json'), '\uFEFF{"id": "x"}');
    writeFileSync(path.join(dir, 'roads.geojson'), '{"type": ');
    writeFileSync(path.join(dir, 'README.txt'), 'notes');
    const files = await readPackageFolder(dir);
    expect(Object.keys(files).sort()).toEqual(['manifest.json', 'roads.geojson']);
    expect(files['manifest.json']).toEqual({ id: 'x' });
    expect(files['roads.geojson']).toBeInstanceOf(UnreadableFile);
    expect((files['roads.geojson'] as UnreadableFile).problem).toMatch(/^不是有效的 JSON/); // outside a request, messages are in the default language, Chinese
  });
});

describe('readPackageZip', () => {
  const entries = (prefix: string) =>
    Object.fromEntries(Object.entries(tinyTownFiles()).map(([name, content]) => [prefix + name, strToU8(JSON.stringify(content))]));

  it('reads files at the top of the archive', () => {
    expect(readPackageZip(zipSync(entries('')))).toEqual(tinyTownFiles());
  });

  it('reads files inside one top folder, skipping macOS resource forks', () => {
    const zip = zipSync({
      ...entries('tiny-town/'),
      '__MACOSX/tiny-town/._manifest.json': strToU8('junk'),
      'tiny-town/._roads.geojson': strToU8('junk'),
    });
    expect(readPackageZip(zip)).toEqual(tinyTownFiles());
  });

  it('does not strip a folder when loose files sit beside it', () => {
    const files = readPackageZip(zipSync({ 'manifest.json': strToU8('{}'), 'extra/roads.geojson': strToU8('{}') }));
    expect(Object.keys(files)).toEqual(['manifest.json']);
  });

  it('throws on bytes that are not a zip', () => {
    expect(() => readPackageZip(strToU8('not a zip'))).toThrow();
  });
});
