/**
 * Proposal evaluation and E2SFCA accessibility over HTTP on tiny-town 2025
 * (../shared/examples/tiny-town, expected.json), against both databases.
 *
 * Grid: lon = 120.6460 + 0.00203·u, lat = 27.9964 + 0.0018·v; one block is 199.67 m east–west and
 * 199.47 m north–south. Walking distances below are worked out on that grid by hand.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { TINY_TOWN_DIR, tinyTownLonLat } from '../fixtures/tiny-town.js';
import { fromWgs84 } from '../../server/engine/geo/index.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

const tinyTown = TINY_TOWN_DIR;
const at = tinyTownLonLat;
const township = (body: any, code: string) => body.townships.find((t: any) => t.code === code);

describe.each(databaseKinds)('proposal evaluation on %s', (kind) => {
  const town = useTestApp(kind, [tinyTown]);

  const evaluate = (body: object) => request(town.app).post('/api/jurisdictions/tiny-town/proposals/evaluate').send(body);

  it('"before" is exactly GET /summary, and an empty proposal changes nothing', async () => {
    const summary = await request(town.app).get('/api/jurisdictions/tiny-town/summary?year=2025').expect(200);
    const res = await evaluate({ year: 2025, sites: [] }).expect(200);
    expect(res.body.before).toEqual(summary.body);
    expect(res.body.after).toEqual(summary.body);
    expect(res.body.newlyCoveredPopulation).toEqual({ '5': 0, '10': 0, '15': 0 });
    expect(res.body.changedUnits).toEqual([]);
    // The published district: 5,590 / 12,320 / 12,580 covered; P28 and P29 unreachable.
    expect(res.body.before.coveredPopulation).toEqual({ '5': 5590, '10': 12320, '15': 12580 });
    expect(res.body.before.unreachableUnits).toBe(2);
  });

  /*
   * A 30-slot site on the vertex (2, 4) where 北村路 leaves 北环路. It brings P22 (199.67 m), P23
   * (199.47) and P24 (199.67) within 5 min (350 + 480 + 300 = 1,130 newly), P27 (429.20), P31 (458.78)
   * and P32 (389.03) within 10 min (260 + 180 + 150 = 590 newly), and P31 + P32 within 15 min (330).
   * T3 (3,480 people): 5 min P21 + P22 + P23 + P24 = 1,550 (0.4454); 10 and 15 min all but the
   * unreachable P28 and P29: 3,480 − 270 = 3,210 (0.9224). Slots: 30 ÷ 3,480 × 1000 = 8.6207; gap 20 → 0.
   */
  it('one site at (2, 4) raises T3’s coverage as worked out by hand', async () => {
    const res = await evaluate({ sites: [{ ...at(2, 4), slots: 30, inclusiveSlots: 10, name: '北环路托育点' }] }).expect(200);
    const t3 = township(res.body, 'T3');
    expect(t3.before.coveredPopulation).toEqual({ '5': 420, '10': 2620, '15': 2880 });
    expect(t3.after.coveredPopulation).toEqual({ '5': 1550, '10': 3210, '15': 3210 });
    expect(t3.after.coverage['5']).toBeCloseTo(1550 / 3480, 10);
    expect(t3.after.coverage['10']).toBeCloseTo(3210 / 3480, 10);
    expect(t3.after.slotsPer1000).toBeCloseTo(8.6207, 4);
    expect([t3.before.slotGap, t3.after.slotGap]).toEqual([20, 0]);
    expect(res.body.newlyCoveredPopulation).toEqual({ '5': 1130, '10': 590, '15': 330 });
    expect(res.body.sites).toEqual([
      expect.objectContaining({ index: 0, township: 'T3', newlyCoveredPopulation: { '5': 1130, '10': 590, '15': 330 } }),
    ]);
    expect(res.body.sites[0].snapLegM).toBeCloseTo(0, 1);
    // The district: 90 + 30 slots, 58 + 10 inclusive, every township has a facility now.
    expect(res.body.after).toMatchObject({
      year: 2025,
      slots: 120,
      inclusiveSlots: 68,
      facilityCount: 4,
      townshipsWithOperatingFacility: 3,
    });
    expect(res.body.after.coveredPopulation).toEqual({ '5': 5590 + 1130, '10': 12320 + 590, '15': 12580 + 330 });
    expect(res.body.after.uncoveredPopulation['15']).toBe(13180 - 12910);
    const changed = res.body.changedUnits.map((u: any) => u.id).sort();
    expect(changed).toEqual(['P22', 'P23', 'P24', 'P26', 'P27', 'P31', 'P32']);
    const p31 = res.body.changedUnits.find((u: any) => u.id === 'P31');
    expect(p31.afterDistanceM).toBeCloseTo(458.78, 0);
    expect(p31.lon).toBeCloseTo(at(2, 6.3).lon, 6);
    expect(res.body.warnings).toEqual([]);
  });

  /*
   * Without F1, T1 is served from F3 (leg 15.97 m, then 0.35 block to (1, 1): 85.79 m). P14 (2, 1)
   * is 85.79 + 199.67 = 285.46 m away: the only T1 point left within 5 min (560 of 1,590 before);
   * the farthest, P13 (4, 0), is 85.79 + 199.47 + 3 × 199.67 = 884.27 m: all of T1 stays within 15 min.
   * P27 (3.7, 4.45) goes from 873.87 m (F1) to 145.63 + 2 × 199.67 + 2 × 199.47 + 139.77 + 89.76 =
   * 1,173 m: 260 people lose the 15-minute circle.
   */
  it('removing F1 drops T1’s coverage and slots', async () => {
    const res = await evaluate({ remove: ['F1'] }).expect(200);
    const t1 = township(res.body, 'T1');
    expect(t1.before.coveredPopulation['5']).toBe(1590);
    expect(t1.after.coveredPopulation['5']).toBe(560);
    expect(t1.after.coverage['5']).toBeCloseTo(560 / 4700, 10);
    expect(t1.after.coveredPopulation['15']).toBe(4700);
    expect(t1.after.coverage['10']).toBeLessThan(1);
    // T1 without slots: gap ⌈5.5 × 4,700 ÷ 1000⌉ = ⌈25.85⌉ = 26.
    expect(t1.after).toMatchObject({ slots: 0, slotsPer1000: 0, slotGap: 26, facilityCount: 0 });
    expect(res.body.lostCoveragePopulation['5']).toBe(1030);
    expect(res.body.lostCoveragePopulation['15']).toBe(260);
    expect(township(res.body, 'T3').after.coveredPopulation['15']).toBe(2880 - 260);
    expect(res.body.after).toMatchObject({ slots: 50, townshipsWithOperatingFacility: 1 });
  });

  /*
   * A project of 500 households × 3.1 = 1,550 residents at J2 (2.3, 5.8) with 20 planned slots. Its
   * facility stands at the same point, 59.90 m from 北村路, so its residents are 119.8 m away; it also
   * brings P31 (59.90 + 0.5 × 199.47 = 159.64 m) and P32 (59.90 + 0.2 × 199.47 + 69.88 = 169.67 m)
   * within 5 min. T3: 3,480 + 1,550 = 5,030 residents; 5 min 420 + 1,550 + 180 + 150 = 2,300;
   * 15 min 2,880 + 330 + 1,550 = 4,760. Slots 20: gap ⌈5.5 × 5,030 ÷ 1000⌉ − 20 = 28 − 20 = 8.
   */
  it('a residential project adds its residents and its planned facility', async () => {
    const res = await evaluate({ projects: [{ ...at(2.3, 5.8), households: 500, personsPerHousehold: 3.1, plannedSlots: 20 }] }).expect(
      200,
    );
    const t3 = township(res.body, 'T3').after;
    expect(t3).toMatchObject({ population: 5030, unitPopulation: 5030, slots: 20, slotGap: 8 });
    expect(t3.coveredPopulation).toEqual({ '5': 2300, '10': 2620 + 330 + 1550, '15': 4760 });
    expect(res.body.projects).toEqual([
      expect.objectContaining({ index: 0, township: 'T3', population: 1550, facilityId: expect.any(String) }),
    ]);
    expect(res.body.projects[0].distanceM).toBeCloseTo(119.8, 0);
    expect(res.body.newlyCoveredPopulation).toEqual({ '5': 330, '10': 330, '15': 330 });
    expect(res.body.after.population).toBe(13180 + 1550);
  });

  it('accepts GCJ-02 coordinates and gives the same answer as WGS84', async () => {
    const wgs = at(2, 4);
    const [lon, lat] = fromWgs84([wgs.lon, wgs.lat], 'GCJ-02');
    const res = await evaluate({ crs: 'GCJ-02', sites: [{ lon, lat, slots: 30 }] }).expect(200);
    expect(res.body.newlyCoveredPopulation).toEqual({ '5': 1130, '10': 590, '15': 330 });
  });

  it('flags a site outside every township but evaluates it', async () => {
    const res = await evaluate({ sites: [{ ...at(-3, 1), slots: 10 }] }).expect(200);
    expect(res.body.sitesOutsideTownships).toEqual([0]);
    expect(res.body.sites[0].township).toBeNull();
    expect(res.body.warnings.join(' ')).toMatch(/body\.sites\.0 lies outside every township/);
    // District slots are the townships' sums (indicators.ts), so its 10 slots count nowhere, and the summary says so.
    expect(res.body.after.slots).toBe(90);
    expect(res.body.after.notes.join(' ')).toMatch(/1 operating facilities lie outside every township/);
    expect(res.body.before.notes.join(' ')).not.toMatch(/outside every township/);
    expect(res.body.warningsZh).toHaveLength(res.body.warnings.length);
    expect(res.body.warningsZh).toContain('body.sites.0 不在任何乡镇（街道）范围内：可服务步行可达的居民，但不计入任何乡镇（街道）的托位');
    expect(res.body.after.notesZh).toContain('1 家运营中的托育机构不在任何乡镇（街道）范围内，未计入乡镇（街道）托位。');
  });

  it('rejects unknown facilities with 422 naming the field, and bad input with 400', async () => {
    const unknown = await evaluate({ remove: ['F1', 'F9'] }).expect(422);
    expect(unknown.body.error.issues).toEqual([{ path: 'body.remove.1', message: expect.stringContaining('F9') }]);
    const resize = await evaluate({ resize: [{ id: 'nope', slots: 10 }] }).expect(422);
    expect(resize.body.error.issues[0].path).toBe('body.resize.0.id');
    const twice = await evaluate({ remove: ['F1'], resize: [{ id: 'F1', slots: 10 }] }).expect(422);
    expect(twice.body.error.issues[0].path).toBe('body.resize.0.id');
    const slots = await evaluate({ sites: [{ ...at(1, 1), slots: -1 }] }).expect(400);
    expect(slots.body.error.issues[0].path).toBe('body.sites.0.slots');
    const inclusive = await evaluate({ sites: [{ ...at(1, 1), slots: 5, inclusiveSlots: 6 }] }).expect(400);
    expect(inclusive.body.error.issues[0].path).toBe('body.sites.0.inclusiveSlots');
    const many = await evaluate({ sites: Array.from({ length: 201 }, () => ({ ...at(1, 1), slots: 1 })) }).expect(400);
    expect(many.body.error.issues[0].path).toBe('body.sites');
    const project = await evaluate({ projects: [{ ...at(1, 1), households: 10, population: 20 }] }).expect(400);
    expect(project.body.error.issues[0].path).toBe('body.projects.0.population');
    await evaluate({ sites: [], extra: 1 }).expect(400);
    await request(town.app).post('/api/jurisdictions/nowhere/proposals/evaluate').send({ sites: [] }).expect(404);
  });
});

describe.each(databaseKinds)('accessibility on %s', (kind) => {
  const town = useTestApp(kind, [tinyTown]);

  /*
   * Each of F1 (40 slots, 26 inclusive), F3 (20, 8) and F5 (30, 24) has residents in its 1,000 m
   * catchment in 2025, so Σ population × accessibility ÷ 1000 = 90 slots (58 inclusive), and the
   * district's population-weighted mean is 90 000 ÷ 13,180 = 6.8285 per 1,000 (58 000 ÷ 13,180 = 4.4006).
   */
  it('conserves the slots: Σ P × A ÷ 1000 = 90, per township and on the map layer', async () => {
    const res = await request(town.app).get('/api/jurisdictions/tiny-town/accessibility?year=2025').expect(200);
    expect(res.body).toMatchObject({ year: 2025, catchmentM: 1000, approximate: false });
    expect(res.body.district.slotsWithDemand).toBe(90);
    expect(res.body.district.inclusiveSlotsWithDemand).toBe(58);
    expect(res.body.district.slotsWithoutDemand).toBe(0);
    expect(res.body.district.slotsPer1000).toBeCloseTo(90_000 / 13_180, 6);
    expect(res.body.district.inclusiveSlotsPer1000).toBeCloseTo(58_000 / 13_180, 6);
    const weighted = res.body.townships.reduce((s: number, t: any) => s + t.population * t.slotsPer1000, 0);
    expect(weighted / 1000).toBeCloseTo(90, 6);
    expect(res.body.facilities.map((f: any) => f.id).sort()).toEqual(['F1', 'F3', 'F5']);

    const layer = await request(town.app).get('/api/jurisdictions/tiny-town/accessibility.geojson?year=2025').expect(200);
    expect(layer.headers['content-type']).toMatch(/application\/geo\+json/);
    expect(layer.body.features).toHaveLength(32);
    const total = layer.body.features.reduce((s: number, f: any) => s + f.properties.population * f.properties.slotsPer1000, 0);
    expect(total / 1000).toBeCloseTo(90, 6);
    // P28 and P29 reach no facility: nothing within reach.
    const p28 = layer.body.features.find((f: any) => f.properties.id === 'P28');
    expect(p28.properties.slotsPer1000).toBe(0);
    expect(p28.geometry.coordinates[0]).toBeCloseTo(120.646 + 0.00203 * -0.4, 6);
  });

  it('follows the year: in 2024 only F1 and F3 operate (60 slots)', async () => {
    const res = await request(town.app).get('/api/jurisdictions/tiny-town/accessibility?year=2024').expect(200);
    expect(res.body.district.slotsWithDemand).toBe(60);
    expect(res.body.district.slotsPer1000).toBeCloseTo(60_000 / 13_180, 6);
    await request(town.app).get('/api/jurisdictions/tiny-town/accessibility?year=abc').expect(400);
  });
});
