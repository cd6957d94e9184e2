/**
 * Geometry edge cases in the two places geometry comes in from outside: package import and the
 * compliance check's location. Each case is either refused with a 4xx naming the feature and
 * property, or accepted in a documented way (README "Access and limits"):
 * - a facility (or any point) outside every township is imported with township null and a warning;
 * - a self-intersecting polygon is taken as drawn (containment by the even-odd rule of
 *   point-in-polygon), so points in its "missing" part get the outside-every-township warning;
 * - a polygon across the antimeridian is taken literally (it spans the globe the other way round).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyTownAt } from '../fixtures/tiny-town.js';
import { tinyTownFiles } from '../import/tiny-town-files.js';
import { tableChecksums } from '../helpers/checksums.js';
import { databaseKinds } from '../helpers/databases.js';
import { EXCEPT_SIGN_IN_STATE, openSecurityApp, type SecurityApp } from './helpers.js';

/** tiny-town grid point (u, v), as in test/http/compliance.test.ts. */
const at = tinyTownAt;

describe.each(databaseKinds)('geometry edge cases on %s', (kind) => {
  let s: SecurityApp;
  beforeAll(async () => {
    s = await openSecurityApp(kind, { rateLimitFactor: 1000 });
  });
  afterAll(async () => s?.close());

  /** tiny-town as a new jurisdiction "edge-town", changed by `mutate`, posted as JSON. */
  async function importEdited(mutate: (files: Record<string, any>) => void): Promise<request.Response> {
    const files = tinyTownFiles();
    files['manifest.json'].id = 'edge-town';
    mutate(files);
    return request(s.app)
      .post('/api/jurisdictions/import')
      .set('Authorization', `Bearer ${s.credentials.tokens.bureau}`)
      .set('Accept-Language', 'en')
      .send({ files });
  }

  it('refuses unclosed, empty, out-of-range and missing geometries and duplicate ids with 422 naming each, writing nothing', async () => {
    const before = await tableChecksums(s.db, EXCEPT_SIGN_IN_STATE);
    const cases: [string, (f: Record<string, any>) => void, { path: string; message: string | RegExp }][] = [
      [
        'unclosed ring',
        (f) => f['townships.geojson'].features[0].geometry.coordinates[0].pop(),
        { path: 'townships.geojson#0.geometry.coordinates.0', message: 'a polygon ring must be closed (last position = first)' },
      ],
      [
        'no rings',
        (f) => (f['townships.geojson'].features[0].geometry.coordinates = []),
        { path: 'townships.geojson#0.geometry.coordinates', message: 'a polygon needs an outer ring' },
      ],
      [
        'empty MultiPolygon',
        (f) => (f['townships.geojson'].features[1].geometry = { type: 'MultiPolygon', coordinates: [] }),
        { path: 'townships.geojson#1.geometry.coordinates', message: 'needs at least one polygon' },
      ],
      [
        'null geometry',
        (f) => (f['facilities.geojson'].features[0].geometry = null),
        { path: 'facilities.geojson#0.geometry', message: 'required: a Point geometry' },
      ],
      [
        'empty point',
        (f) => (f['facilities.geojson'].features[0].geometry.coordinates = []),
        { path: 'facilities.geojson#0.geometry.coordinates.0', message: 'required' },
      ],
      [
        'longitude out of range',
        (f) => (f['facilities.geojson'].features[0].geometry.coordinates = [200, 27.99]),
        { path: 'facilities.geojson#0.geometry.coordinates.0', message: 'longitude must be ≤ 180' },
      ],
      [
        'latitude out of range',
        (f) => (f['facilities.geojson'].features[0].geometry.coordinates = [120.65, -95]),
        { path: 'facilities.geojson#0.geometry.coordinates.1', message: 'latitude must be ≥ −90' },
      ],
      [
        'duplicate facility id',
        (f) => (f['facilities.geojson'].features[1].properties.id = 'F1'),
        { path: 'facilities.geojson#1.id', message: 'duplicate id "F1" (also feature #0)' },
      ],
      [
        'duplicate township code',
        (f) => (f['townships.geojson'].features[2].properties.code = 'T1'),
        { path: 'townships.geojson#2.code', message: 'duplicate code "T1" (also feature #0)' },
      ],
    ];
    for (const [name, mutate, issue] of cases) {
      const res = await importEdited(mutate);
      expect(res.status, name).toBe(422);
      expect(res.body.error.issues, name).toContainEqual({
        path: issue.path,
        message: typeof issue.message === 'string' ? issue.message : expect.stringMatching(issue.message),
      });
    }
    expect(await tableChecksums(s.db, EXCEPT_SIGN_IN_STATE)).toEqual(before);
  });

  it('accepts a facility outside every township (township null) and one across the antimeridian, with a warning', async () => {
    const res = await importEdited((f) => {
      f['facilities.geojson'].features[0].geometry.coordinates = [121.5, 31.2]; // Shanghai, far outside
      f['facilities.geojson'].features[1].geometry.coordinates = [-179.9999, 27.99];
    });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toContain('facilities.geojson: 2 feature(s) lie in no township (#0, #1); their township is left empty');
    const facilities = await request(s.app).get('/api/jurisdictions/edge-town/facilities.geojson').expect(200);
    const township = (id: string) => facilities.body.features.find((f: any) => f.properties.id === id).properties.township;
    expect(township('F1')).toBeNull();
    expect(township('F2')).toBeNull();
    expect(township('F3')).not.toBeNull();
    const summary = await request(s.app).get('/api/jurisdictions/edge-town/summary').expect(200);
    expect(summary.body.notes.join(' ')).toMatch(/lie outside every township/);
  });

  it('takes a self-intersecting township as drawn: the points in its missing part are reported outside every township', async () => {
    const res = await importEdited((f) => {
      // T1's square with two corners swapped: a bow-tie.
      const ring = f['townships.geojson'].features[0].geometry.coordinates[0];
      [ring[1], ring[2]] = [ring[2], ring[1]];
    });
    expect(res.status).toBe(201);
    expect(res.body.warnings.join(' ')).toMatch(/facilities\.geojson: 1 feature\(s\) lie in no township/);
    expect(res.body.counts.townships).toBe(3);
  });

  it('takes a township polygon across the antimeridian literally, without failing', async () => {
    const res = await importEdited((f) => {
      f['townships.geojson'].features.push({
        type: 'Feature',
        properties: { code: 'T9', name: '日界线 date line', population: 10 },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [179.9, 10],
              [-179.9, 10],
              [-179.9, 11],
              [179.9, 11],
              [179.9, 10],
            ],
          ],
        },
      });
    });
    expect(res.status).toBe(201);
    const townships = await request(s.app).get('/api/jurisdictions/edge-town/townships').expect(200);
    expect(townships.body.map((t: any) => t.code)).toEqual(['T1', 'T2', 'T3', 'T9']);
  });

  it('answers compliance locations: bad shapes 400, outside (also across the antimeridian) 422, self-intersecting refused', async () => {
    const check = (location: unknown) =>
      request(s.app)
        .post('/api/jurisdictions/tiny-town/compliance')
        .set('Accept-Language', 'en')
        .send({ location, population: 100, plannedSlots: 1 });
    const [a, b, c, d] = [at(1.5, 0.5), at(2.5, 0.5), at(2.5, 1.5), at(1.5, 1.5)];
    const expectIssue = async (location: unknown, status: number, path: string, message: RegExp) => {
      const res = await check(location);
      expect(res.status, JSON.stringify(location).slice(0, 80)).toBe(status);
      expect(
        res.body.error.issues.some((i: any) => i.path === path && message.test(i.message)),
        JSON.stringify(res.body),
      ).toBe(true);
    };
    await expectIssue({ type: 'Polygon', coordinates: [[a, b, c, d]] }, 400, 'body.location.coordinates.0', /closed/);
    await expectIssue({ type: 'Polygon', coordinates: [[a, b, a]] }, 400, 'body.location.coordinates.0', /at least 4 positions/);
    await expectIssue({ type: 'Polygon', coordinates: [] }, 400, 'body.location.coordinates', /outer ring/);
    await expectIssue({ type: 'Polygon', coordinates: [[]] }, 400, 'body.location.coordinates.0', /at least 4 positions/);
    await expectIssue([200, 95], 400, 'body.location.0', /longitude must be ≤ 180/);
    await expectIssue([], 400, 'body.location', /./);
    await expectIssue([180, 0], 422, 'body.location', /outside the jurisdiction/);
    await expectIssue(
      {
        type: 'Polygon',
        coordinates: [
          [
            [179.9, 10],
            [-179.9, 10],
            [-179.9, 11],
            [179.9, 11],
            [179.9, 10],
          ],
        ],
      },
      422,
      'body.location',
      /outside/,
    );
    await expectIssue({ type: 'Polygon', coordinates: [[a, a, a, a]] }, 422, 'body.location', /outside/);
    // A bow-tie footprint has no well-defined area: refused, naming where its outline crosses itself.
    await expectIssue({ type: 'Polygon', coordinates: [[a, c, b, d, a]] }, 400, 'body.location.coordinates', /crosses itself at/);
  });
});
