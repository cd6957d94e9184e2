/**
 * The jurisdiction tree and the province roll-up (issue #15), on both databases. The tree:
 * province `prov` → city `city-a` → county `indicator-town`; `prov` → county `tiny-town`; `city-b` under
 * `prov` with no county; `tiny-two` outside. The roll-up must equal the sums and ratios of the counties'
 * figures computed directly (their own summaries and facility lists), read from stored summaries only;
 * its map (rollup.geojson) draws each child from the outlines stored with those summaries.
 */
import path from 'node:path';
import { area, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createToken } from '../../server/db/tokens.repository.js';
import { importPackageFiles, PackageValidationError, readPackageFolder } from '../../server/import/index.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { regionPackage } from '../import/tiny-town-files.js';

const indicatorTown = path.resolve(__dirname, '../fixtures/indicator-town');

async function placed(folder: string, changes: Record<string, unknown>): Promise<Record<string, unknown>> {
  const files = await readPackageFolder(folder);
  return { ...files, 'manifest.json': { ...(files['manifest.json'] as object), ...changes } };
}

describe.each(databaseKinds)('jurisdiction tree and roll-up on %s', (kind) => {
  const town = useTestApp(kind, [], { timeout: 180_000 });

  it('builds the tree from manifests and refuses a parent that does not exist or stands below', async () => {
    const meta = { importedBy: 'test', packageName: 'test' };
    await importPackageFiles(town.db, regionPackage('prov', 'province'), meta);
    await importPackageFiles(town.db, regionPackage('city-a', 'city', 'prov'), meta);
    await importPackageFiles(town.db, regionPackage('city-b', 'city', 'prov'), meta);
    await importPackageFiles(town.db, await placed(indicatorTown, { parentId: 'city-a' }), meta);
    await importPackageFiles(town.db, await placed(TINY_TOWN_DIR, { parentId: 'prov' }), meta);
    await importPackageFiles(town.db, await placed(TINY_TOWN_DIR, { id: 'tiny-two' }), meta);

    const missing = await importPackageFiles(town.db, await placed(TINY_TOWN_DIR, { id: 'tiny-x', parentId: 'nowhere' }), meta).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(PackageValidationError);
    expect((missing as PackageValidationError).errors[0]).toMatchObject({ file: 'manifest.json', property: 'parentId' });
    const upsideDown = await importPackageFiles(town.db, regionPackage('prov2', 'province', 'city-a'), meta).catch((e: unknown) => e);
    expect(upsideDown).toBeInstanceOf(PackageValidationError);
    const withLayers = await importPackageFiles(
      town.db,
      { ...(await readPackageFolder(indicatorTown)), ...regionPackage('city-c', 'city') },
      meta,
    ).catch((e: unknown) => e);
    expect(withLayers).toBeInstanceOf(PackageValidationError);

    const list = (await request(town.app).get('/api/jurisdictions').expect(200)).body as {
      id: string;
      parentId: string | null;
      level: string;
    }[];
    expect(list.map((j) => [j.id, j.parentId, j.level])).toEqual([
      ['city-a', 'prov', 'city'],
      ['city-b', 'prov', 'city'],
      ['indicator-town', 'city-a', 'county'],
      ['prov', null, 'province'],
      ['tiny-town', 'prov', 'county'],
      ['tiny-two', null, 'county'],
    ]);
    const detail = (await request(town.app).get('/api/jurisdictions/prov').expect(200)).body;
    expect(detail.children.map((c: { id: string }) => c.id)).toEqual(['city-a', 'city-b', 'tiny-town']);
  });

  it('rolls up only stored county summaries, and equals the sums and ratios of the counties computed directly', async () => {
    const before = (await request(town.app).get('/api/jurisdictions/prov/rollup?year=2025').expect(200)).body;
    expect(before.complete).toBe(false);
    expect(before.pending.map((p: { id: string }) => p.id).sort()).toEqual(['indicator-town', 'tiny-town']);
    expect(before.figures.counties).toBe(0);
    expect(before.notesZh.length).toBeGreaterThan(0);

    // The counties' own summaries, computed directly (and stored by the same requests).
    const a = (await request(town.app).get('/api/jurisdictions/indicator-town/summary?year=2025').expect(200)).body;
    const b = (await request(town.app).get('/api/jurisdictions/tiny-town/summary?year=2025').expect(200)).body;
    const operating = async (id: string) => {
      const features = (await request(town.app).get(`/api/jurisdictions/${id}/facilities.geojson?year=2025`).expect(200)).body.features as {
        properties: { operating: boolean; slots: number; inclusiveSlots: number };
      }[];
      const on = features.filter((f) => f.properties.operating);
      return { slots: on.reduce((s, f) => s + f.properties.slots, 0), inclusive: on.reduce((s, f) => s + f.properties.inclusiveSlots, 0) };
    };
    const [oa, ob] = [await operating('indicator-town'), await operating('tiny-town')];

    const rollup = (await request(town.app).get('/api/jurisdictions/prov/rollup?year=2025').expect(200)).body;
    expect(rollup.complete).toBe(true);
    expect(rollup.pending).toEqual([]);
    const f = rollup.figures;
    expect(f.counties).toBe(2);
    expect(f.population).toBe(a.population + b.population);
    expect(f.slots).toBe(a.slots + b.slots);
    expect(f.facilityCount).toBe(a.facilityCount + b.facilityCount);
    expect(f.slotsPer1000).toBeCloseTo(((a.slots + b.slots) / (a.population + b.population)) * 1000, 9);
    expect(f.slotGap).toBe((a.slotGap ?? 0) + (b.slotGap ?? 0));
    expect(f.inclusiveShare).toBeCloseTo((oa.inclusive + ob.inclusive) / (oa.slots + ob.slots), 9);
    expect(f.townshipCount).toBe(a.townshipCount + b.townshipCount);
    expect(f.townshipInstitutionCoverage).toBeCloseTo(
      (a.townshipsWithOperatingFacility + b.townshipsWithOperatingFacility) / (a.townshipCount + b.townshipCount),
      9,
    );
    const all = (s: typeof a, k: string) => s.coveredPopulation[k] + s.uncoveredPopulation[k];
    expect(f.coverage['15']).toBeCloseTo((a.coveredPopulation['15'] + b.coveredPopulation['15']) / (all(a, '15') + all(b, '15')), 9);

    // The table of children: city-a holds indicator-town alone; city-b nothing; tiny-town itself.
    const byId = Object.fromEntries(rollup.children.map((c: { id: string }) => [c.id, c]));
    expect(Object.keys(byId)).toEqual(['city-a', 'city-b', 'tiny-town']);
    expect(byId['city-a'].figures.population).toBe(a.population);
    expect(byId['city-a'].figures.slotsPer1000).toBeCloseTo(a.slotsPer1000, 9);
    expect(byId['city-a'].bbox).toHaveLength(4);
    expect(byId['city-b'].figures.counties).toBe(0);
    expect(byId['city-b'].bbox).toBeNull();
    expect(byId['tiny-town'].figures.slots).toBe(b.slots);
    // The city's own roll-up is its one county; an outsider's is empty of the province's counties.
    const city = (await request(town.app).get('/api/jurisdictions/city-a/rollup?year=2025').expect(200)).body;
    expect(city.figures.population).toBe(a.population);
    await request(town.app).get('/api/jurisdictions/nowhere/rollup').expect(404);
  });

  it('maps the children from their stored outlines: a county its townships dissolved, a city its counties’ outlines', async () => {
    const rollup = (await request(town.app).get('/api/jurisdictions/prov/rollup?year=2025').expect(200)).body;
    const res = await request(town.app).get('/api/jurisdictions/prov/rollup.geojson?year=2025').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const map = res.body as {
      type: string;
      features: { type: string; id: string; properties: unknown; geometry: MultiPolygon | null }[];
    };
    expect(map.type).toBe('FeatureCollection');
    // One feature per child, with the figures of the table as its properties.
    expect(map.features.map((f) => f.id)).toEqual(['city-a', 'city-b', 'tiny-town']);
    expect(map.features.map((f) => f.properties)).toEqual(rollup.children);
    const byId = Object.fromEntries(map.features.map((f) => [f.id, f.geometry]));

    // indicator-town's three townships side by side dissolve into one rectangle; city-a is that county alone.
    const cityA = byId['city-a']!;
    expect(cityA.type).toBe('MultiPolygon');
    expect(cityA.coordinates).toHaveLength(1);
    expect(cityA.coordinates[0]).toHaveLength(1);
    const corners = new Set(cityA.coordinates[0]![0]!.map((p) => p.join(',')));
    expect(corners).toEqual(new Set(['0,0', '0.03,0', '0.03,0.01', '0,0.01']));
    // A city without a county has nothing to draw.
    expect(byId['city-b']).toBeNull();

    // tiny-town: the area of its townships, every township inside, fewer vertices than they have.
    const townships = (await request(town.app).get('/api/jurisdictions/tiny-town/townships.geojson?year=2025').expect(200)).body
      .features as Feature<Polygon | MultiPolygon>[];
    const tiny = byId['tiny-town']!;
    const total = townships.reduce((s, t) => s + area(t), 0);
    expect(Math.abs(area(tiny) / total - 1)).toBeLessThan(0.01);
    for (const t of townships) expect(booleanPointInPolygon(pointOnFeature(t), tiny)).toBe(true);

    // Read from the stored rows only: what is stored is what is drawn, and a city joins its counties' outlines.
    const stored: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [1, 1],
            [2, 1],
            [2, 2],
            [1, 1],
          ],
        ],
      ],
    };
    await town.db
      .updateTable('county_summaries')
      .set({ outline: JSON.stringify(stored) })
      .where('jurisdiction_id', '=', 'indicator-town')
      .execute();
    const again = (await request(town.app).get('/api/jurisdictions/prov/rollup.geojson?year=2025').expect(200)).body as typeof map;
    expect(again.features[0]!.geometry).toEqual(stored);
    const city = (await request(town.app).get('/api/jurisdictions/city-a/rollup.geojson?year=2025').expect(200)).body as typeof map;
    expect(city.features.map((f) => [f.id, f.geometry])).toEqual([['indicator-town', stored]]);
    // A row stored before outlines were kept has none: the child is drawn without geometry.
    await town.db.updateTable('county_summaries').set({ outline: null }).where('jurisdiction_id', '=', 'indicator-town').execute();
    const without = (await request(town.app).get('/api/jurisdictions/city-a/rollup.geojson?year=2025').expect(200)).body as typeof map;
    expect(without.features[0]!.geometry).toBeNull();
    expect(without.features[0]!.properties).toMatchObject({ id: 'indicator-town', complete: true });

    // A county has no children to map; a year nobody stored has no figures and no outlines; an unknown id is 404.
    expect((await request(town.app).get('/api/jurisdictions/tiny-town/rollup.geojson').expect(200)).body.features).toEqual([]);
    const other = (await request(town.app).get('/api/jurisdictions/prov/rollup.geojson?year=2024').expect(200)).body as typeof map;
    expect(other.features.map((f) => f.geometry)).toEqual([null, null, null]);
    const missing = await request(town.app).get('/api/jurisdictions/nowhere/rollup.geojson').set('Accept-Language', 'en').expect(404);
    expect(missing.body.error.message).toContain('nowhere');
  });

  it('lets a caller scoped to the province work on its counties, and on nothing outside', async () => {
    const { token } = await createToken(town.db, { name: 'province bureau', role: 'bureau', jurisdictions: ['prov'] });
    const auth = { Authorization: `Bearer ${token}` };
    const facilities = (await request(town.app).get('/api/jurisdictions/indicator-town/facilities').set(auth).expect(200)).body as {
      id: string;
      version: number;
    }[];
    const one = facilities[0]!;
    await request(town.app)
      .patch(`/api/jurisdictions/indicator-town/facilities/${one.id}`)
      .set(auth)
      .send({ slots: 1, version: one.version })
      .expect(200);
    const outside = (await request(town.app).get('/api/jurisdictions/tiny-two/facilities').expect(200)).body as {
      id: string;
      version: number;
    }[];
    const refused = await request(town.app)
      .patch(`/api/jurisdictions/tiny-two/facilities/${outside[0]!.id}`)
      .set(auth)
      .set('Accept-Language', 'en')
      .send({ slots: 1, version: outside[0]!.version })
      .expect(403);
    expect(refused.body.error.message).toContain('the jurisdictions below them');
  });
});
