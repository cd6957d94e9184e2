/**
 * Cross-border walking coverage (issue #15) on a two-county fixture that can be checked by hand, on both
 * databases. Both counties lie on the equator without roads, so a walk is the straight line × the
 * detour factor 1.3, and 0.001° of longitude is 111.32 m. Thresholds 5/10/15 min at 4 km/h: 333/667/1000 m.
 *
 *   west  township W [0, 0.01]: P1 1,000 residents at 0.0095 (near the border), P2 2,000 at 0.001; no facility
 *   east  township E [0.01, 0.02]: facility F 50 slots at 0.0105; Q 500 residents at 0.015
 *
 * P1 → F: 0.001° = 111.3 m × 1.3 = 144.7 m: within 5 minutes, across the border.
 * P2 → F: 0.0095° = 1,057.5 m × 1.3 = 1,375 m: beyond 15 minutes.
 * Q  → F: 0.0045° = 501 m × 1.3 = 651 m: within 10 and 15 minutes, not 5.
 * Alone, west has no facility and covers nobody; with east in the service it covers P1: 1,000 of 3,000.
 * Buffer: 15 min = 1,000 m + maxSnapMeters 500 m = 1,500 m. Each resident counts only in their own county.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { importPackageFiles } from '../../server/import/index.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

const profile = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/indicator-town/profile.json'), 'utf8')) as Record<
  string,
  unknown
>;
const square = (w: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, 0],
      [w + 0.01, 0],
      [w + 0.01, 0.01],
      [w, 0.01],
      [w, 0],
    ],
  ],
});
const point = (lon: number) => ({ type: 'Point', coordinates: [lon, 0.005] });
const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features });

function county(id: string, west: number, facilities: unknown[], population: [string, number, number][]) {
  return {
    'manifest.json': { format: 'tuowei-data-package', version: 1, id, name: `County ${id}`, year: 2025, crs: 'WGS84' },
    'profile.json': profile,
    'townships.geojson': collection([
      {
        type: 'Feature',
        properties: { code: id.toUpperCase(), name: id, population: population.reduce((s, p) => s + p[2], 0) },
        geometry: square(west),
      },
    ]),
    'facilities.geojson': collection(facilities),
    'population.geojson': collection(
      population.map(([pid, lon, n]) => ({ type: 'Feature', properties: { id: pid, population: n }, geometry: point(lon) })),
    ),
  };
}

const west = county(
  'west',
  0,
  [],
  [
    ['P1', 0.0095, 1000],
    ['P2', 0.001, 2000],
  ],
);
const east = county(
  'east',
  0.01,
  [
    {
      type: 'Feature',
      properties: { id: 'F', name: '东托育园', slots: 50, inclusiveSlots: 0, type: 'private', status: 'operating', openedYear: 2020 },
      geometry: point(0.0105),
    },
  ],
  [['Q', 0.015, 500]],
);

describe.each(databaseKinds)('cross-border walking coverage on %s', (kind) => {
  const town = useTestApp(kind, [], { timeout: 180_000 });
  const meta = { importedBy: 'test', packageName: 'test' };
  const summary = async (id: string) => (await request(town.app).get(`/api/jurisdictions/${id}/summary?year=2025`).expect(200)).body;

  it('covers nobody in a county alone without a facility', async () => {
    await importPackageFiles(town.db, west, meta);
    const alone = await summary('west');
    expect(alone.coveredPopulation).toEqual({ '5': 0, '10': 0, '15': 0 });
    expect(alone.crossBorder).toBeNull();
  });

  it('counts the facility across the border once the neighbour is in the service, and each resident once', async () => {
    await importPackageFiles(town.db, east, meta);
    const w = await summary('west');
    expect(w.coveredPopulation).toEqual({ '5': 1000, '10': 1000, '15': 1000 });
    expect(w.coverage['15']).toBeCloseTo(1000 / 3000, 12);
    expect(w.population).toBe(3000);
    expect(w.slots).toBe(0);
    expect(w.crossBorder).toEqual({ bufferMeters: 1500, jurisdictions: ['east'], facilities: 1 });
    expect(w.notesZh.join('')).toContain('1500 米');
    expect(w.notes.join('')).toContain('within 1500 m beyond the border');

    const e = await summary('east');
    expect(e.population).toBe(500);
    expect(e.coveredPopulation).toEqual({ '5': 0, '10': 500, '15': 500 });
    // East's border reaches west too, which has no facility: stated, and nothing changes.
    expect(e.crossBorder).toEqual({ bufferMeters: 1500, jurisdictions: ['west'], facilities: 0 });

    // The nearest facility of P1 names whose it is.
    const uncovered = (await request(town.app).get('/api/jurisdictions/west/uncovered?year=2025&minutes=15').expect(200)).body;
    expect(uncovered.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual(['P2']);
  });
});
