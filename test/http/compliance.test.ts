/**
 * The developer's compliance check over HTTP, on tiny-town (expected.json has every project's answer),
 * against both databases.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadTinyTownExpected, TINY_TOWN_DIR, tinyTownAt } from '../fixtures/tiny-town.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

const tinyTown = TINY_TOWN_DIR;
const expected = loadTinyTownExpected();

// Tiny-town grid: lon = 120.6460 + 0.00203·u, lat = 27.9964 + 0.0018·v. T2 | T1 boundary at u = 1.5 (lon 120.649045).
const at = tinyTownAt;

describe.each(databaseKinds)('compliance API on %s', (kind) => {
  const town = useTestApp(kind, [tinyTown]);

  const check = (body: object) => request(town.app).post('/api/jurisdictions/tiny-town/compliance').send(body);

  it('is compliant exactly at the boundary: 2,500 residents, 25 planned of 25 required (J3)', async () => {
    const res = await check({ location: at(0.4, 1.15), population: 2500, plannedSlots: 25, year: 2025 }).expect(200);
    const j3 = expected.years['2025']!.projects.find((p) => p.id === 'J3')!;
    expect(res.body).toMatchObject({
      population: 2500,
      requiredSlots: 25,
      plannedSlots: 25,
      compliant: true,
      shortfall: 0,
      township: { code: j3.township },
    });
    expect(res.body.nearestFacilityDistanceM).toBeCloseTo(j3.walkingDistanceToNearestFacility, 0);
    expect(res.body.coveredWithin['15']).toBe(true);
    expect(res.body.explanation).toMatch(/符合标准/);
  });

  it('uses the default 2.8 persons per household, or the one given (J1, J2)', async () => {
    const j1 = await check({ location: at(2.35, 0.75), households: 400, plannedSlots: 10 }).expect(200);
    expect(j1.body).toMatchObject({
      population: 1120,
      personsPerHousehold: 2.8,
      personsPerHouseholdSource: 'profile',
      requiredSlots: 12,
      compliant: false,
      shortfall: 2,
      township: { code: 'T1' },
    });
    expect(j1.body.explanation).toContain('缺口 2 个托位');
    const j2 = await check({ location: at(2.3, 5.8), households: 500, personsPerHousehold: 3.1, plannedSlots: 20, language: 'en' }).expect(
      200,
    );
    expect(j2.body).toMatchObject({
      population: 1550,
      personsPerHousehold: 3.1,
      personsPerHouseholdSource: 'project',
      requiredSlots: 16,
      compliant: true,
      township: { code: 'T3' },
    });
    // J2 is 1,163 m on foot from the nearest facility: outside the 15-minute circle.
    expect(j2.body.nearestFacilityDistanceM).toBeCloseTo(1163.2, 0);
    expect(j2.body.coveredWithin).toEqual({ '5': false, '10': false, '15': false });
    expect(j2.body.explanation).toMatch(/^Rule:/);
  });

  it('refuses an implausible household size (1e-300 would make any project compliant) with 400 naming it', async () => {
    for (const personsPerHousehold of [1e-300, 0.5, 11]) {
      const res = await check({ location: at(2.3, 5.8), households: 500, personsPerHousehold, plannedSlots: 0 }).expect(400);
      expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.personsPerHousehold']);
    }
  });

  it('shows what the project does to its township: residents without slots lower the figure', async () => {
    const res = await check({ location: at(4.3, 1.6), population: 860, plannedSlots: 0, year: 2025 }).expect(200);
    const impact = res.body.townshipImpact;
    // T1: 40 slots, 4,700 residents → 8.5106; with 860 more residents and no slots → 40 / 5,560 × 1000 = 7.1942.
    expect(impact.before).toMatchObject({ population: 4700, slots: 40 });
    expect(impact.before.slotsPer1000).toBeCloseTo(8.5106, 4);
    expect(impact.after).toMatchObject({ population: 5560, slots: 40, slotGap: 0 });
    expect(impact.after.slotsPer1000).toBeCloseTo(7.1942, 4);
    expect(impact.slotsPer1000Change).toBeLessThan(0);
  });

  it('assigns a footprint across two townships to the one holding most of its area', async () => {
    // 0.7 block east of the T2|T1 line, 0.3 block west of it: 70 % in T1.
    const [w, s] = at(1.2, 0.2);
    const [e, n] = at(2.2, 0.6);
    const footprint = {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    };
    const res = await check({ location: footprint, population: 1000, plannedSlots: 10 }).expect(200);
    expect(res.body.township.code).toBe('T1');
    expect(res.body.township.footprintShare).toBeCloseTo(0.7, 2);
    expect(res.body.notes.join(' ')).toMatch(/spans 2 townships/);
    expect(res.body.notesZh).toHaveLength(res.body.notes.length);
    expect(res.body.notesZh.join('')).toMatch(/用地范围跨 2 个乡镇（街道），按面积占比最大的东街道（(69\.9|70\.0)%）核算。/);
  });

  it('lists every project of the data with its check, as JSON and CSV', async () => {
    const res = await request(town.app).get('/api/jurisdictions/tiny-town/projects?year=2025').expect(200);
    for (const want of expected.years['2025']!.projects) {
      const got = res.body.find((p: any) => p.id === want.id);
      expect(got, want.id).toMatchObject({
        population: want.population,
        requiredSlots: want.requiredSlots,
        plannedSlots: want.plannedSlots,
        compliant: want.compliant,
        shortfall: want.shortfall,
        township: { code: want.township },
      });
      expect(got.coveredWithin['15']).toBe(want.coveredWithin15);
      const tolerance = Math.max(0.005 * want.walkingDistanceToNearestFacility, 1);
      expect(Math.abs(got.nearestFacilityDistanceM - want.walkingDistanceToNearestFacility)).toBeLessThanOrEqual(tolerance);
    }
    const csv = await request(town.app).get('/api/jurisdictions/tiny-town/projects?year=2025&format=csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^id,name,status/);
    expect(lines.find((l) => l.startsWith('J4,'))).toMatch(/,860,population,,9,0,false,9,/);
  });

  it('converts GCJ-02 input to WGS84 and lands in the right township', async () => {
    // WGS84 (120.6470, 27.9995) lies in T2; its GCJ-02 coordinates (120.65096, 27.99612) would lie in T1 if taken as WGS84.
    const gcj = [120.65095848334265, 27.99612158241331];
    const converted = await check({ location: gcj, crs: 'GCJ-02', population: 500, plannedSlots: 5 }).expect(200);
    expect(converted.body.township.code).toBe('T2');
    expect(converted.body.crs).toMatchObject({ input: 'GCJ-02', converted: true });
    expect(converted.body.site[0]).toBeCloseTo(120.647, 6);
    expect(converted.body.site[1]).toBeCloseTo(27.9995, 6);
    expect(converted.body.explanation).toContain('GCJ-02');
    const naive = await check({ location: gcj, population: 500, plannedSlots: 5 }).expect(200);
    expect(naive.body.township.code).toBe('T1');
    const bd = await check({ location: [120.65755172418021, 28.00180372835297], crs: 'BD-09', population: 500, plannedSlots: 5 }).expect(
      200,
    );
    expect(bd.body.township.code).toBe('T2');
  });
});

describe.each(databaseKinds)('compliance API errors on %s', (kind) => {
  // 60 checks per minute × 0.05 = 3 per minute, so the rate-limit test needs only four requests.
  const town = useTestApp(kind, [tinyTown], { config: { rateLimitFactor: 0.05 } });

  it('rejects both or neither of households and population with 400 naming both fields', async () => {
    const both = await request(town.app)
      .post('/api/jurisdictions/tiny-town/compliance')
      .send({ location: at(2, 1), households: 10, population: 30, plannedSlots: 1 })
      .expect(400);
    expect(both.body.error.issues.map((i: any) => i.path).sort()).toEqual(['body.households', 'body.population']);
    const neither = await request(town.app)
      .post('/api/jurisdictions/tiny-town/compliance')
      .send({ location: at(2, 1), plannedSlots: 1 })
      .expect(400);
    expect(neither.body.error.issues.map((i: any) => i.path).sort()).toEqual(['body.households', 'body.population']);
    expect(neither.body.error.message).toMatch(/body\.households/);
  });

  it('rejects a location outside the jurisdiction with 422 (and now hits the rate limit)', async () => {
    const outside = await request(town.app)
      .post('/api/jurisdictions/tiny-town/compliance')
      .set('Accept-Language', 'en')
      .send({ location: [121.5, 31.2], population: 100, plannedSlots: 1 })
      .expect(422);
    expect(outside.body.error.message).toMatch(/outside every township/);
    expect(outside.body.error.issues[0].path).toBe('body.location');
    // The limit is 3 per minute in this app: the two 400s above and this 422 used it up.
    const limited = await request(town.app)
      .post('/api/jurisdictions/tiny-town/compliance')
      .send({ location: at(2, 1), population: 100, plannedSlots: 1 })
      .expect(429);
    expect(limited.body.error.code).toBe('too_many_requests');
  });
});
