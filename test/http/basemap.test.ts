/** The offline basemap's roads (GET /roads.geojson) on tiny-town, against both databases. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds)('roads for the offline basemap on %s', (kind) => {
  const town = useTestApp(kind, [TINY_TOWN_DIR]);

  it('answers every imported road with its name and class, as GeoJSON lines', async () => {
    const res = await request(town.app).get('/api/jurisdictions/tiny-town/roads.geojson').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.features).toHaveLength(16);
    for (const feature of res.body.features) {
      expect(['LineString', 'MultiLineString']).toContain(feature.geometry.type);
      expect(Object.keys(feature.properties).sort()).toEqual(['highway', 'name']);
    }
    expect(res.body.features.map((f: any) => f.properties.name)).toContain('人民路');
  });

  it('answers 404 in the reader’s language for an unknown jurisdiction', async () => {
    const zh = await request(town.app).get('/api/jurisdictions/nowhere/roads.geojson').expect(404);
    const en = await request(town.app).get('/api/jurisdictions/nowhere/roads.geojson').set('Accept-Language', 'en').expect(404);
    expect(zh.body.error.message).not.toEqual(en.body.error.message);
    expect(en.body.error.message).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
