/**
 * Text the database cannot store — U+0000 and lone UTF-16 surrogates — is refused where it enters, with
 * 400 (request fields) or 422 (package files) naming where it is, never stored and never a 500 (issue #14).
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { measureGeoJson } from '../../server/http/security.js';
import { unstorableText } from '../../server/model/index.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { tinyTownFiles } from '../import/tiny-town-files.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

describe('unstorableText', () => {
  it('finds NUL and lone surrogates, and accepts paired surrogates (emoji) and ordinary Chinese', () => {
    expect(unstorableText('托位')).toBeNull();
    expect(unstorableText('🏠👶')).toBeNull();
    expect(unstorableText('a\u0000b')).toBe('nul');
    expect(unstorableText('\ud800')).toBe('lone_surrogate');
    expect(unstorableText('x\udfff')).toBe('lone_surrogate');
    expect(unstorableText('\udfff\ud800')).toBe('lone_surrogate');
    expect(measureGeoJson({ a: [{ b: 'x\ud800' }] }).hasUnstorableText).toBe(true);
    expect(measureGeoJson({ 'k\udc00': 1 }).hasUnstorableText).toBe(true);
  });
});

describe.each(databaseKinds)('lone surrogates on %s', (kind) => {
  const town = useTestApp(kind, [TINY_TOWN_DIR], { tokens: { planner: 'planner', bureau: 'bureau' } });

  it('refuses a scenario named with a lone surrogate with 400 naming body.name, storing nothing', async () => {
    const res = await request(town.app)
      .post('/api/jurisdictions/tiny-town/scenarios')
      .set(town.as('planner'))
      .set('Accept-Language', 'en')
      .send({ name: 'plan \ud800', changes: [{ kind: 'removeFacility', id: 'F1' }] })
      .expect(400);
    expect(res.body.error.code).toBe('invalid_text');
    expect(res.body.error.issues).toEqual([{ path: 'body.name', message: 'must not contain a lone UTF-16 surrogate' }]);
    const list = await request(town.app).get('/api/jurisdictions/tiny-town/scenarios').set(town.as('planner')).expect(200);
    expect(list.body).toEqual([]);
  });

  it('refuses one in a posted package (400) and in a zipped package file written as a JSON escape (422 naming the file)', async () => {
    const files = tinyTownFiles();
    files['manifest.json'].id = 'surrogate-town';
    files['townships.geojson'].features[0].properties.name = '\udc00';
    const posted = await request(town.app).post('/api/jurisdictions/import').set(town.as('bureau')).send({ files }).expect(400);
    expect(posted.body.error.issues[0].path).toBe('body.files.townships.geojson.features.0.properties.name');

    const zipped: Record<string, Uint8Array> = {};
    for (const [name, content] of Object.entries(tinyTownFiles())) {
      let text = JSON.stringify(content);
      if (name === 'manifest.json') text = text.replace('"tiny-town"', '"surrogate-town"');
      if (name === 'townships.geojson') text = text.replace(/"name":"[^"]*"/, '"name":"\\ud800"');
      zipped[name] = strToU8(text);
    }
    const zipRes = await request(town.app)
      .post('/api/jurisdictions/import')
      .set(town.as('bureau'))
      .set('Content-Type', 'application/zip')
      .send(Buffer.from(zipSync(zipped)))
      .expect(422);
    expect(zipRes.body.error.issues.map((i: { path: string }) => i.path)).toContain('townships.geojson');
    await request(town.app).get('/api/jurisdictions/surrogate-town').expect(404);
  });
});
