/**
 * Population by year over HTTP on both databases (issue #16): the townshipPopulation table imported from a
 * package (JSON, and CSV inside a zip), its validation problems, the bureau's edit in the registry, and a
 * scenario's trajectory over the years. On tiny-town (T1 4,700, T2 5,000, T3 3,480 residents; targets
 * 2024 5.2 and 2025 5.5) imported a second time as `tiny-years` with a table beside it.
 */
import { strToU8, zipSync } from 'fflate';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { readPackageFolder } from '../../server/import/index.js';
import { TINY_TOWN_DIR, tinyTownLonLat } from '../fixtures/tiny-town.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

const csv = ['code,year,population,populationUnder3', 'T1,2024,"4,800",120', 'T1,2026,9400,', 'T2,2026,5500,150'].join('\r\n');

/** tiny-town as `tiny-years`, with `extra` files beside it, as a zip (every file as bytes). */
async function zipOf(extra: Record<string, string>): Promise<Buffer> {
  const files = await readPackageFolder(TINY_TOWN_DIR);
  const entries: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(files)) {
    const value = name === 'manifest.json' ? { ...(content as object), id: 'tiny-years', name: 'Tiny Years' } : content;
    entries[name] = strToU8(JSON.stringify(value));
  }
  for (const [name, text] of Object.entries(extra)) entries[name] = strToU8(text);
  return Buffer.from(zipSync(entries));
}

describe.each(databaseKinds)('population by year on %s', (kind) => {
  const town = useTestApp(kind, [TINY_TOWN_DIR], { tokens: { planner: 'planner A', bureau: 'bureau' } });
  const importZip = async (zip: Buffer, expectStatus: number, language = 'en') =>
    request(town.app)
      .post('/api/jurisdictions/import')
      .set(town.as('bureau'))
      .set('Accept-Language', language)
      .set('Content-Type', 'application/zip')
      .send(zip)
      .expect(expectStatus);

  it('refuses a table with an unknown township, a repeated year or a negative figure, naming file, row and column', async () => {
    const bad = ['code,year,population', 'T9,2026,100', 'T1,2026,100', 'T1,2026,200', 'T2,2027,-5', 'T2,20x6,5'].join('\n');
    const res = await importZip(await zipOf({ 'townshipPopulation.csv': bad }), 422);
    const issues = res.body.error.issues.map((i: any) => i.path);
    expect(issues).toEqual(
      expect.arrayContaining([
        'townshipPopulation.csv#0.code',
        'townshipPopulation.csv#2.year',
        'townshipPopulation.csv#3.population',
        'townshipPopulation.csv#4.year',
      ]),
    );
    expect(res.body.error.issues.find((i: any) => i.path === 'townshipPopulation.csv#0.code').message).toContain(
      'unknown township code "T9"',
    );
    const zh = await importZip(await zipOf({ 'townshipPopulation.csv': bad }), 422, 'zh');
    expect(zh.body.error.issues.find((i: any) => i.path === 'townshipPopulation.csv#0.code').message).toContain('未知的乡镇代码');
    const list = await request(town.app).get('/api/jurisdictions').expect(200);
    expect(list.body.map((j: any) => j.id)).toEqual(['tiny-town']);
  });

  it('imports the CSV table; year Y uses Y’s population, else the latest earlier year’s, else the township layer’s', async () => {
    const imported = await importZip(await zipOf({ 'townshipPopulation.csv': csv }), 201);
    expect(imported.body.counts.townshipPopulation).toBe(3);
    const table = await request(town.app).get('/api/jurisdictions/tiny-years/township-population').expect(200);
    expect(table.body.rows).toEqual([
      { code: 'T1', year: 2024, population: 4800, populationUnder3: 120 },
      { code: 'T1', year: 2026, population: 9400, populationUnder3: null },
      { code: 'T2', year: 2026, population: 5500, populationUnder3: 150 },
    ]);
    expect(table.body.lastDataYear).toBe(2026);

    const rows = async (id: string, year: number) =>
      (await request(town.app).get(`/api/jurisdictions/${id}/townships?year=${year}`).expect(200)).body as any[];
    const [plain2025, years2025, plain2026, years2026] = [
      await rows('tiny-town', 2025),
      await rows('tiny-years', 2025),
      await rows('tiny-town', 2026),
      await rows('tiny-years', 2026),
    ];
    expect(years2025.map((t) => t.population)).toEqual([4800, 5000, 3480]); // T1 from 2024; the others from the layer
    expect(years2026.map((t) => t.population)).toEqual([9400, 5500, 3480]);
    // Slots per 1,000 follow the population; coverage shares do not move (the units are scaled).
    expect(years2026[0].slots).toBe(plain2026[0].slots);
    expect(years2026[0].slotsPer1000).toBeCloseTo((plain2026[0].slots / 9400) * 1000, 10);
    for (const [plain, years] of [
      [plain2025, years2025],
      [plain2026, years2026],
    ] as const) {
      plain.forEach((t: any, i: number) => expect(years[i].coverage['15']).toBeCloseTo(t.coverage['15'], 12));
    }

    // The dashboard trend shows the district's population beside slots per 1,000.
    const trend = await request(town.app).get('/api/jurisdictions/tiny-years/indicators/slots_per_1000/trend').expect(200);
    const points = Object.fromEntries(trend.body.points.map((p: any) => [p.year, p]));
    expect(points[2026].population).toBe(9400 + 5500 + 3480);
    expect(points[2026].populationProjected).toBe(false);
    expect(points[2027].populationProjected).toBe(true);
  });

  it('lets a bureau replace the table, refusing unknown codes and repeats with 422 and writing nothing', async () => {
    const path = '/api/jurisdictions/tiny-years/township-population';
    const rows = [{ code: 'T3', year: 2025, population: 6960, populationUnder3: 100 }];
    await request(town.app).put(path).send({ rows }).expect(401);
    await request(town.app).put(path).set(town.as('planner')).send({ rows }).expect(403);
    const negative = await request(town.app)
      .put(path)
      .set(town.as('bureau'))
      .send({ rows: [{ ...rows[0], population: -1 }] })
      .expect(400);
    expect(negative.body.error.issues.map((i: any) => i.path)).toContain('body.rows.0.population');
    const bad = await request(town.app)
      .put(path)
      .set(town.as('bureau'))
      .set('Accept-Language', 'en')
      .send({ rows: [...rows, { code: 'T7', year: 2025, population: 1 }, rows[0]] })
      .expect(422);
    expect(bad.body.error.issues.map((i: any) => i.path)).toEqual(['body.rows.1.code', 'body.rows.2.year']);
    const unchanged = await request(town.app).get(path).expect(200);
    expect(unchanged.body.rows).toHaveLength(3);

    const saved = await request(town.app).put(path).set(town.as('bureau')).send({ rows }).expect(200);
    expect(saved.body.rows).toEqual(rows);
    const t3 = (await request(town.app).get('/api/jurisdictions/tiny-years/townships?year=2025').expect(200)).body[2];
    expect(t3.population).toBe(6960);
    const t1 = (await request(town.app).get('/api/jurisdictions/tiny-years/townships?year=2026').expect(200)).body[0];
    expect(t1.population).toBe(4700); // the old T1 rows are gone with the replaced table
  });

  it('evaluates a scenario over the years: changes act from their year, each township’s first year meeting its target', async () => {
    const at = tinyTownLonLat;
    const created = await request(town.app)
      .post('/api/jurisdictions/tiny-town/scenarios')
      .set(town.as('planner'))
      .send({
        name: 'trajectory',
        year: 2025,
        changes: [
          { kind: 'addFacility', ...at(2, 4), slots: 30, inclusiveSlots: 10, year: 2026 },
          { kind: 'resizeFacility', id: 'F1', slots: 60 },
        ],
      })
      .expect(201);
    const sid = created.body.id;
    const base = `/api/jurisdictions/tiny-town/scenarios/${sid}`;
    await request(town.app).get(`${base}/trajectory`).expect(401);
    const res = await request(town.app).get(`${base}/trajectory?from=2024&to=2027`).set(town.as('planner')).expect(200);
    expect(res.body.years.map((y: any) => [y.year, y.changesActing])).toEqual([
      [2024, 0],
      [2025, 1],
      [2026, 2],
      [2027, 2],
    ]);
    // The base year equals the scenario's own evaluation (which applies the changes acting in 2025 only).
    const evaluation = await request(town.app).get(`${base}/evaluate`).set(town.as('planner')).expect(200);
    const y2025 = res.body.years[1];
    expect(y2025.district.slots).toBe(evaluation.body.after.slots);
    expect(y2025.district.coverage['15']).toBeCloseTo(evaluation.body.after.coverage['15'], 12);
    // The 2026 site (30 slots, in T3) adds to 2026 and after.
    expect(res.body.years[2].district.slots - res.body.years[1].district.slots).toBe(30 + /* F4 opens */ 30 - /* F3 closes */ 20);
    for (const t of res.body.firstYearMeetingTarget) {
      const first = res.body.years.find((y: any) => y.townships.find((r: any) => r.code === t.code).meetsTarget === true);
      expect(t.year).toBe(first?.year ?? null);
    }
    expect(res.body.years[3].projected).toBe(true);
    expect(res.body.years[3].populationNote).toContain('projected');
    expect(res.body.years[3].populationNoteZh).toContain('推算');
    // One search from the facilities operating in every year (F1), one bounded search from each whose
    // operation changes within 2024–2027: F5 (opens 2025), F3 (closes 2026), F4 and the scenario's site (2026).
    expect(res.body.searches).toBe(5);
    const reversed = await request(town.app).get(`${base}/trajectory?from=2027&to=2024`).set(town.as('planner')).expect(400);
    expect(reversed.body.error.issues[0].path).toBe('query.to');
  });
});
