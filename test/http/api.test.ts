/**
 * The HTTP contract on the tiny-town package (../shared/examples/tiny-town), whose answers were
 * computed independently (expected.json), against both databases.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadTinyTownExpected, TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { readPackageFolder } from '../../server/import/index.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

const tinyTown = TINY_TOWN_DIR;
const expected = loadTinyTownExpected();

describe.each(databaseKinds)('API on %s', (kind) => {
  const town = useTestApp(kind, [tinyTown], { tokens: { bureau: 'bureau test', planner: 'planner test' } });

  it('answers health and lists the jurisdiction', async () => {
    expect((await request(town.app).get('/api/health')).body).toEqual({ status: 'ok' });
    const list = await request(town.app).get('/api/jurisdictions').expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: 'tiny-town', name: 'Tiny Town 小镇 (made-up example)', year: 2025 })]);
  });

  for (const year of ['2024', '2025']) {
    it(`matches the independent oracle's township figures for ${year}`, async () => {
      const res = await request(town.app).get(`/api/jurisdictions/tiny-town/townships?year=${year}`).expect(200);
      const want = expected.years[year]!.townships;
      expect(res.body).toHaveLength(want.length);
      for (const w of want) {
        const got = res.body.find((r: any) => r.code === w.code);
        expect(got, w.code).toMatchObject({
          name: w.name,
          population: w.population,
          slots: w.slots,
          inclusiveSlots: w.inclusiveSlots,
          facilityCount: w.facilityCount,
          target: w.target,
          slotGap: w.slotGap,
          populationUnits: w.populationUnits,
          unreachableUnits: w.unreachableUnits,
        });
        expect(got.slotsPer1000).toBeCloseTo(w.slotsPer1000, 6);
        for (const t of ['5', '10', '15']) expect(Math.abs(got.coverage[t] - w.coverage[t]!), `${w.code} ${t}`).toBeLessThanOrEqual(0.005);
      }
    });

    it(`matches the oracle's district summary for ${year}`, async () => {
      const res = await request(town.app).get(`/api/jurisdictions/tiny-town/summary?year=${year}`).expect(200);
      const w = expected.years[year]!.district;
      expect(res.body).toMatchObject({
        population: w.population,
        slots: w.slots,
        target: w.target,
        slotGap: w.slotGap,
        townshipCount: w.townshipCount,
        townshipsWithOperatingFacility: w.townshipsWithOperatingFacility,
        coveredPopulation: w.coveredPopulation,
        unreachableUnits: w.unreachableUnits,
        approximate: false,
      });
      expect(res.body.slotsPer1000).toBeCloseTo(w.slotsPer1000, 6);
      expect(Math.abs(res.body.inclusiveShare - w.inclusiveShare)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(res.body.townshipInstitutionCoverage - w.townshipInstitutionCoverage)).toBeLessThanOrEqual(0.005);
      for (const t of ['5', '10', '15']) expect(Math.abs(res.body.coverage[t] - w.coverage[t]!)).toBeLessThanOrEqual(0.005);
      expect(res.body.uncoveredPopulation['15']).toBe(w.population - w.coveredPopulation['15']!);
    });
  }

  it('defaults to the package year and says when a year has no target', async () => {
    const res = await request(town.app).get('/api/jurisdictions/tiny-town/summary').expect(200);
    expect(res.body.year).toBe(2025);
    // 2026: a year of the data (project J2, facility openings) for which the plan sets no target.
    const noTarget = await request(town.app).get('/api/jurisdictions/tiny-town/summary?year=2026').expect(200);
    expect(noTarget.body.target).toBeNull();
    expect(noTarget.body.slotGap).toBeNull();
    expect(noTarget.body.notes.join(' ')).toMatch(/no slots-per-1,000 target for 2026/);
    expect(noTarget.body.notesZh).toContain('规划未设定 2026 年每千人托位数目标。');
  });

  it('refuses years neither the plan nor the data speak of with 400 naming the field and the years available', async () => {
    for (const year of [1990, 2023, 2090]) {
      const res = await request(town.app)
        .get(`/api/jurisdictions/tiny-town/townships?year=${year}`)
        .set('Accept-Language', 'en')
        .expect(400);
      expect(res.body.error.issues).toEqual([{ path: 'query.year', message: 'must be between 2024 and 2027' }]);
    }
    const zh = await request(town.app).get('/api/jurisdictions/tiny-town/summary?year=2090').expect(400);
    expect(zh.body.error.message).toContain('2024–2027');
    const body = await request(town.app)
      .post('/api/jurisdictions/tiny-town/proposals/evaluate')
      .set('Accept-Language', 'en')
      .send({ year: 1990, sites: [] })
      .expect(400);
    expect(body.body.error.issues[0].path).toBe('body.year');
  });

  it('rejects bad parameters with 400 naming the field, and unknown ids with 404', async () => {
    const bad = await request(town.app).get('/api/jurisdictions/tiny-town/townships?year=abc').expect(400);
    expect(bad.body.error.issues[0].path).toBe('query.year');
    const early = await request(town.app).get('/api/jurisdictions/tiny-town/summary?year=1200').expect(400);
    expect(early.body.error.issues[0].path).toBe('query.year');
    const minutes = await request(town.app)
      .get('/api/jurisdictions/tiny-town/uncovered?minutes=7')
      .set('Accept-Language', 'en')
      .expect(400);
    expect(minutes.body.error.issues[0]).toEqual({ path: 'query.minutes', message: 'must be one of 5, 10, 15' });
    const bbox = await request(town.app).get('/api/jurisdictions/tiny-town/facilities.geojson?bbox=1,2,3').expect(400);
    expect(bbox.body.error.issues[0].path).toBe('query.bbox');
    const unknown = await request(town.app).get('/api/jurisdictions/nowhere/townships').expect(404);
    expect(unknown.body.error.code).toBe('not_found');
    await request(town.app).get('/api/jurisdictions/Bad_Id/townships').expect(400);
    await request(town.app).get('/api/no-such-route').expect(404);
  });

  it('serves townships and facilities as GeoJSON filtered by bbox', async () => {
    const all = await request(town.app).get('/api/jurisdictions/tiny-town/townships.geojson?year=2025').expect(200);
    expect(all.headers['content-type']).toMatch(/application\/geo\+json/);
    expect(all.body.features).toHaveLength(3);
    expect(all.body.features[0].properties).toHaveProperty('slotsPer1000');
    // T3 北镇 lies north of lat 28.0009; a window south of it holds T1 and T2 only.
    const south = await request(town.app)
      .get('/api/jurisdictions/tiny-town/townships.geojson?bbox=120.640,27.990,120.660,28.0000')
      .expect(200);
    expect(south.body.features.map((f: any) => f.properties.code).sort()).toEqual(['T1', 'T2']);
    const facilities = await request(town.app).get('/api/jurisdictions/tiny-town/facilities.geojson?year=2024').expect(200);
    const operating = facilities.body.features
      .filter((f: any) => f.properties.operating)
      .map((f: any) => f.properties.id)
      .sort();
    expect(operating).toEqual(expected.years['2024']!.operatingFacilityIds.slice().sort());
    // F1 (120.6524, 27.9981) only.
    const window = await request(town.app)
      .get('/api/jurisdictions/tiny-town/facilities.geojson?bbox=120.652,27.997,120.653,27.999')
      .expect(200);
    expect(window.body.features.map((f: any) => f.properties.id)).toEqual(['F1']);
  });

  it('lists the uncovered residents with their walking distance', async () => {
    const res = await request(town.app).get('/api/jurisdictions/tiny-town/uncovered?year=2025&minutes=15').expect(200);
    const points = expected.years['2025']!.populationPoints;
    const want = points
      .filter((p) => p.walkingDistance === null || p.walkingDistance > 1000)
      .map((p) => p.id)
      .sort();
    expect(res.body.features.map((f: any) => f.properties.id).sort()).toEqual(want);
    const p28 = res.body.features.find((f: any) => f.properties.id === 'P28');
    expect(p28.properties).toMatchObject({ distanceM: null, reason: 'unreachable', township: 'T3' });
    const p31 = res.body.features.find((f: any) => f.properties.id === 'P31');
    expect(p31.properties.distanceM).toBeCloseTo(1203.04, 0);
  });

  it('gives a facility’s catchment and the service areas', async () => {
    const res = await request(town.app).get('/api/jurisdictions/tiny-town/facilities/F1/catchment?minutes=5').expect(200);
    // Points within 333.33 m of F1, by the oracle's distances to F1 where F1 is their nearest facility
    // (a point nearer another facility may still lie within F1's catchment, so only check a lower bound).
    const near = expected.years['2025']!.populationPoints.filter((p) => p.nearestFacility === 'F1' && p.walkingDistance! <= 333.3333);
    expect(res.body.properties.population).toBeGreaterThanOrEqual(near.reduce((s, p) => s + p.population, 0));
    expect(['Polygon', 'MultiPolygon']).toContain(res.body.geometry.type);
    await request(town.app).get('/api/jurisdictions/tiny-town/facilities/F9/catchment').expect(404);
    const areas = await request(town.app).get('/api/jurisdictions/tiny-town/service-areas?year=2025&minutes=15').expect(200);
    const kinds = areas.body.features.map((f: any) => f.properties.kind);
    expect(kinds.filter((k: string) => k === 'facility')).toHaveLength(3);
    expect(kinds).toContain('union');
  });

  it('refuses imports without a token (401) or with the wrong role (403), writing nothing', async () => {
    const files = await readPackageFolder(tinyTown);
    const second = { ...files, 'manifest.json': { ...(files['manifest.json'] as object), id: 'tiny-two', name: 'Tiny Two' } };
    await request(town.app).post('/api/jurisdictions/import').send({ files: second }).expect(401);
    await request(town.app).post('/api/jurisdictions/import').set('Authorization', 'Bearer nonsense').send({ files: second }).expect(401);
    const forbidden = await request(town.app).post('/api/jurisdictions/import').set(town.as('planner')).send({ files: second }).expect(403);
    expect(forbidden.body.error.message).toMatch(/bureau/);
    const list = await request(town.app).get('/api/jurisdictions').expect(200);
    expect(list.body.map((j: any) => j.id)).toEqual(['tiny-town']);
  });

  it('rejects a broken package with 422 listing every problem, writing nothing', async () => {
    const files = await readPackageFolder(tinyTown);
    const facilities = structuredClone(files['facilities.geojson']) as any;
    facilities.features[0].properties.slots = -3;
    facilities.features[2].properties.status = 'maybe';
    const broken = {
      ...files,
      'manifest.json': { ...(files['manifest.json'] as object), id: 'tiny-broken' },
      'facilities.geojson': facilities,
    };
    const res = await request(town.app).post('/api/jurisdictions/import').set(town.as('bureau')).send({ files: broken }).expect(422);
    const paths = res.body.error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['facilities.geojson#0.slots', 'facilities.geojson#2.status']));
    const list = await request(town.app).get('/api/jurisdictions').expect(200);
    expect(list.body.map((j: any) => j.id)).toEqual(['tiny-town']);
  });

  it('imports a second package with a bureau token; it appears with its own profile', async () => {
    const files = await readPackageFolder(tinyTown);
    const manifest = { ...(files['manifest.json'] as object), id: 'tiny-two', name: 'Tiny Two', profile: 'shengzhou' };
    const { ['profile.json']: _dropped, ...rest } = files;
    const res = await request(town.app)
      .post('/api/jurisdictions/import')
      .set(town.as('bureau'))
      .send({ files: { ...rest, 'manifest.json': manifest } })
      .expect(201);
    expect(res.body).toMatchObject({ jurisdictionId: 'tiny-two', counts: expect.objectContaining({ townships: 3, facilities: 5 }) });
    const summary = await request(town.app).get('/api/jurisdictions/tiny-two/summary?year=2025').expect(200);
    expect(summary.body.target).toBe(4.6); // shengzhou 2025
    const detail = await request(town.app).get('/api/jurisdictions/tiny-two').expect(200);
    expect(detail.body.profile.id).toBe('shengzhou');
    // The policy source of the targets and of each rule, for the in-app help.
    expect(detail.body.profile.source).toContain('seeds/002_ebdfaba6c490bd15.txt');
    expect(detail.body.profile.rules).toEqual([
      expect.objectContaining({
        id: 'new_residential_area_facility',
        kind: 'facility_required',
        source: expect.stringContaining('嵊州市'),
      }),
    ]);
    expect(detail.body.profile.demand).toMatchObject({ under3Share: 0.020549 });
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const res = await request(town.app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    const townships = res.body.paths['/api/jurisdictions/{id}/townships'].get;
    expect(townships.parameters.map((p: any) => p.name)).toEqual(['id', 'year']);
    expect(res.body.paths['/api/jurisdictions/import'].post['x-required-role']).toBe('bureau');
    // Tools send a bearer token, the web client its session cookie (writes with X-CSRF-Token): either one.
    expect(res.body.paths['/api/jurisdictions/import'].post.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    expect(res.body.components.securitySchemes.cookieAuth).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'tuowei_session' });
    expect(res.body.components.securitySchemes.cookieAuth.description).toContain('X-CSRF-Token');
    expect(townships.security).toEqual([]); // public: declared, not omitted
    expect(res.body.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(res.body.info.license.name).toMatch(/\S/);
    const operations = Object.values(res.body.paths).flatMap((methods: any) => Object.values(methods)) as any[];
    expect(operations.every((o) => typeof o.summary === 'string' && o.summary.length > 0)).toBe(true);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    expect(operations.every((o) => Object.keys(o.responses).some((status) => status.startsWith('4')))).toBe(true);
  });
});
