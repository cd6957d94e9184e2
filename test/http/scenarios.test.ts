/**
 * Saved scenarios over HTTP on tiny-town 2025, against both databases: roles, CRUD, version
 * conflicts, duplicate, evaluate, compare, and export (GeoJSON, and a data package that imports as a
 * new jurisdiction whose summary is the scenario's "after").
 *
 * Grid: lon = 120.6460 + 0.00203·u, lat = 27.9964 + 0.0018·v (one block ≈ 199.6 m).
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { TINY_TOWN_DIR, tinyTownLonLat } from '../fixtures/tiny-town.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

const tinyTown = TINY_TOWN_DIR;
const at = tinyTownLonLat;

/** A 30-slot site at (2, 4) (T3, see proposals.test.ts), F3 grown to 40 slots, and J2's 1,550 residents with 20 slots. */
const growNorth = {
  name: '北镇补点',
  description: 'site at 北环路/北村路, F3 enlarged, 北溪苑 built',
  year: 2025,
  changes: [
    { kind: 'addFacility', ...at(2, 4), slots: 30, inclusiveSlots: 10, name: '北环路托育点' },
    { kind: 'resizeFacility', id: 'F3', slots: 40, inclusiveSlots: 20 },
    { kind: 'addProject', ...at(2.3, 5.8), households: 500, personsPerHousehold: 3.1, plannedSlots: 20, name: '北溪苑' },
  ],
};
const closeF1 = { name: 'F1 closes', changes: [{ kind: 'removeFacility', id: 'F1' }] };

describe.each(databaseKinds)('scenarios on %s', (kind) => {
  const town = useTestApp(kind, [tinyTown], { tokens: { planner: 'planner A', bureau: 'bureau' } });
  const base = '/api/jurisdictions/tiny-town/scenarios';

  const create = (body: object, language = 'zh') =>
    request(town.app).post(base).set(town.as('planner')).set('Accept-Language', language).send(body);

  it('needs the planner role: 401 without a token, 403 with another role', async () => {
    await request(town.app).post(base).send(closeF1).expect(401);
    await request(town.app).get(base).expect(401);
    const wrong = await request(town.app).post(base).set(town.as('bureau')).send(closeF1).expect(403);
    expect(wrong.body.error.code).toBeDefined();
    await request(town.app).get(base).set(town.as('bureau')).expect(403);
    const list = await request(town.app).get(base).set(town.as('planner')).expect(200);
    expect(list.body).toEqual([]);
  });

  it('creates, reads, lists, and names every bad change', async () => {
    const created = await create(growNorth).expect(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({ jurisdictionId: 'tiny-town', name: '北镇补点', year: 2025, version: 1, createdBy: 'planner A' });
    expect(created.body.changes).toHaveLength(3);
    const read = await request(town.app).get(`${base}/${created.body.id}`).set(town.as('planner')).expect(200);
    expect(read.body).toEqual(created.body);
    const list = await request(town.app).get(base).set(town.as('planner')).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: created.body.id, changeCount: 3, version: 1 })]);
    expect(list.body[0]).not.toHaveProperty('changes');

    const bad = await create({
      name: 'bad',
      changes: [closeF1.changes[0], { kind: 'addFacility', ...at(1, 1), slots: -5 }, { kind: 'teleport' }],
    }).expect(400);
    const paths = bad.body.error.issues.map((i: any) => i.path);
    expect(paths).toContain('body.changes.1.slots');
    expect(paths.some((p: string) => p.startsWith('body.changes.2'))).toBe(true);
    const conflicting = await create(
      { name: 'bad', changes: [closeF1.changes[0], { kind: 'resizeFacility', id: 'F1', slots: 5 }] },
      'en',
    ).expect(422);
    expect(conflicting.body.error.issues).toEqual([{ path: 'body.changes.1.id', message: expect.stringContaining('already changed') }]);
    const f9 = await create({ name: 'bad', changes: [{ kind: 'removeFacility', id: 'F9' }] }).expect(422);
    expect(f9.body.error.issues[0].path).toBe('body.changes.0.id');
    await request(town.app).get(`${base}/999999`).set(town.as('planner')).expect(404);
    await request(town.app).get(`${base}/abc`).set(town.as('planner')).expect(400);
    // Nothing bad was saved.
    expect((await request(town.app).get(base).set(town.as('planner'))).body).toHaveLength(1);
  });

  it('updates by version: a stale version gets 409 with the current scenario, and nothing is overwritten', async () => {
    const { body: scenario } = await create({ ...closeF1, name: 'edit me' }).expect(201);
    const url = `${base}/${scenario.id}`;
    const first = await request(town.app)
      .put(url)
      .set(town.as('planner'))
      .send({ ...closeF1, name: 'edited by A', version: 1 })
      .expect(200);
    expect(first.body).toMatchObject({ name: 'edited by A', version: 2 });
    expect(first.headers.etag).toBe('"2"');

    // Planner B still holds version 1.
    const stale = await request(town.app)
      .put(url)
      .set(town.as('planner'))
      .send({ ...closeF1, name: 'edited by B', version: 1 })
      .expect(409);
    expect(stale.body.error.code).toBe('conflict');
    expect(stale.body.error.current).toMatchObject({ id: scenario.id, name: 'edited by A', version: 2 });
    const after = await request(town.app).get(url).set(town.as('planner')).expect(200);
    expect(after.body).toMatchObject({ name: 'edited by A', version: 2 });

    const missing = await request(town.app)
      .put(url)
      .set(town.as('planner'))
      .send({ ...closeF1, name: 'no version' })
      .expect(428);
    expect(missing.body.error.issues[0].path).toBe('body.version');
    const viaHeader = await request(town.app)
      .put(url)
      .set(town.as('planner'))
      .set('If-Match', '"2"')
      .send({ ...closeF1, name: 'via If-Match' })
      .expect(200);
    expect(viaHeader.body.version).toBe(3);
    await request(town.app)
      .put(url)
      .set(town.as('planner'))
      .set('If-Match', '"3"')
      .send({ ...closeF1, name: 'x', version: 2 })
      .expect(400);
    // versions beyond a database integer are refused at the edge, never sent to the database
    const tooLarge = await request(town.app)
      .put(url)
      .set(town.as('planner'))
      .set('If-Match', '"2147483648"')
      .send({ ...closeF1, name: 'x' })
      .expect(400);
    expect(tooLarge.body.error.issues[0].path).toBe('headers.if-match');
    await request(town.app)
      .put(url)
      .set(town.as('planner'))
      .send({ ...closeF1, name: 'x', version: 2147483648 })
      .expect(400);
    await request(town.app).delete(`${url}?version=2147483648`).set(town.as('planner')).expect(400);
    const badChange = await request(town.app)
      .put(url)
      .set(town.as('planner'))
      .send({ name: 'y', version: 3, changes: [{ kind: 'removeFacility', id: 'F9' }] })
      .expect(422);
    expect(badChange.body.error.issues[0].path).toBe('body.changes.0.id');
    expect((await request(town.app).get(url).set(town.as('planner'))).body).toMatchObject({ name: 'via If-Match', version: 3 });
    await request(town.app)
      .put(url)
      .set(town.as('bureau'))
      .send({ ...closeF1, version: 3 })
      .expect(403);

    await request(town.app).delete(`${url}?version=2`).set(town.as('planner')).expect(409);
    const deleted = await request(town.app).delete(url).set(town.as('planner')).set('If-Match', '"3"').expect(200);
    expect(deleted.body.id).toBe(scenario.id);
    await request(town.app).get(url).set(town.as('planner')).expect(404);
    await request(town.app).delete(url).set(town.as('planner')).expect(404);
  });

  it('duplicates a scenario', async () => {
    const { body: original } = await create(growNorth).expect(201);
    const copy = await request(town.app).post(`${base}/${original.id}/duplicate`).set(town.as('planner')).send({}).expect(201);
    expect(copy.body.id).not.toBe(original.id);
    expect(copy.body).toMatchObject({
      name: '北镇补点 (copy)',
      version: 1,
      year: 2025,
      changes: original.changes,
      description: original.description,
    });
    const named = await request(town.app)
      .post(`${base}/${original.id}/duplicate`)
      .set(town.as('planner'))
      .send({ name: 'variant B' })
      .expect(201);
    expect(named.body.name).toBe('variant B');
    await request(town.app).post(`${base}/999999/duplicate`).set(town.as('planner')).send({}).expect(404);
  });

  /*
   * growNorth on 2025: slots 90 + 30 (site) + 20 (F3: 20 → 40) + 20 (project) = 160; T3 gets 50 slots
   * for 3,480 + 1,550 = 5,030 residents. closeF1: 90 − 40 = 50 slots. Difference b − a: −110 slots.
   */
  it('evaluates a scenario as the same proposal would be, and compares two side by side', async () => {
    const { body: a } = await create(growNorth).expect(201);
    const { body: b } = await create(closeF1).expect(201);
    const evaluation = await request(town.app).get(`${base}/${a.id}/evaluate`).set(town.as('planner')).expect(200);
    expect(evaluation.body.scenario).toEqual({ id: a.id, name: a.name, version: 1, year: 2025 });
    expect(evaluation.body.after).toMatchObject({ slots: 160, population: 13180 + 1550, townshipsWithOperatingFacility: 3 });
    const t3 = evaluation.body.townships.find((t: any) => t.code === 'T3').after;
    expect(t3).toMatchObject({ slots: 50, population: 5030 });
    // Sites and projects are reported under their change's position.
    expect(evaluation.body.sites.map((s: any) => s.index)).toEqual([0]);
    expect(evaluation.body.projects.map((p: any) => p.index)).toEqual([2]);

    const proposal = await request(town.app)
      .post('/api/jurisdictions/tiny-town/proposals/evaluate')
      .send({
        year: 2025,
        sites: [{ ...at(2, 4), slots: 30, inclusiveSlots: 10, name: '北环路托育点' }],
        resize: [{ id: 'F3', slots: 40, inclusiveSlots: 20 }],
        projects: [{ ...at(2.3, 5.8), households: 500, personsPerHousehold: 3.1, plannedSlots: 20, name: '北溪苑' }],
      })
      .expect(200);
    expect(evaluation.body.after).toEqual(proposal.body.after);
    expect(evaluation.body.townships).toEqual(proposal.body.townships);

    const compare = await request(town.app).get(`${base}/compare?a=${a.id}&b=${b.id}`).set(town.as('planner')).expect(200);
    expect(compare.body.a.after).toEqual(evaluation.body.after);
    expect(compare.body.b.after.slots).toBe(50);
    expect(compare.body.differences.district.slots).toBe(50 - 160);
    expect(compare.body.differences.district.coveredPopulation['15']).toBe(
      compare.body.b.after.coveredPopulation['15'] - compare.body.a.after.coveredPopulation['15'],
    );
    const t1 = compare.body.differences.townships.find((t: any) => t.code === 'T1');
    // T1: 40 slots in a (F1 stays), 0 in b.
    expect(t1.slots).toBe(-40);
    expect(compare.body.notes).toEqual([]);
    await request(town.app).get(`${base}/compare?a=${a.id}&b=999999`).set(town.as('planner')).expect(404);
    await request(town.app).get(`${base}/compare?a=${a.id}`).set(town.as('planner')).expect(400);
  });

  it('exports the changes as GeoJSON', async () => {
    const { body: scenario } = await create({
      name: 'three changes',
      changes: [...growNorth.changes.slice(0, 2), closeF1.changes[0]],
    }).expect(201);
    const res = await request(town.app).get(`${base}/${scenario.id}/export?format=geojson`).set(town.as('planner')).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/geo\+json/);
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.features.map((f: any) => [f.properties.changeIndex, f.properties.kind])).toEqual([
      [0, 'addFacility'],
      [1, 'resizeFacility'],
      [2, 'removeFacility'],
    ]);
    expect(res.body.features[0].geometry.coordinates).toEqual([at(2, 4).lon, at(2, 4).lat]);
    // F3 stands at (0.92, 1.35), F1 at (3.15, 0.92).
    expect(res.body.features[1].geometry.coordinates[0]).toBeCloseTo(at(0.92, 1.35).lon, 6);
    expect(res.body.features[2].geometry.coordinates[1]).toBeCloseTo(at(3.15, 0.92).lat, 6);
  });

  it('exports a data package that imports as a new jurisdiction whose summary is the scenario’s "after"', async () => {
    const { body: scenario } = await create(growNorth).expect(201);
    const evaluation = await request(town.app).get(`${base}/${scenario.id}/evaluate`).set(town.as('planner')).expect(200);
    const exported = await request(town.app)
      .get(`${base}/${scenario.id}/export?format=package&jurisdictionId=tiny-town-north`)
      .set(town.as('planner'))
      .expect(200);
    expect(Object.keys(exported.body.files).sort()).toEqual(
      [
        'facilities.geojson',
        'manifest.json',
        'population.geojson',
        'profile.json',
        'projects.geojson',
        'roads.geojson',
        'townships.geojson',
      ].sort(),
    );
    expect(exported.body.files['manifest.json']).toMatchObject({ id: 'tiny-town-north', year: 2025 });

    const imported = await request(town.app).post('/api/jurisdictions/import').set(town.as('bureau')).send(exported.body).expect(201);
    expect(imported.body.jurisdictionId).toBe('tiny-town-north');
    const summary = await request(town.app).get('/api/jurisdictions/tiny-town-north/summary?year=2025').expect(200);
    const { notes: _n1, ...want } = evaluation.body.after;
    const { notes: _n2, ...got } = summary.body;
    expect(got).toEqual(want);
    const townships = await request(town.app).get('/api/jurisdictions/tiny-town-north/townships?year=2025').expect(200);
    for (const row of townships.body) {
      const after = evaluation.body.townships.find((t: any) => t.code === row.code).after;
      expect(row, row.code).toMatchObject({
        population: after.population,
        slots: after.slots,
        slotGap: after.slotGap,
        coveredPopulation: after.coveredPopulation,
        coverage: after.coverage,
        unreachableUnits: after.unreachableUnits,
      });
    }
    // The original jurisdiction is untouched.
    const original = await request(town.app).get('/api/jurisdictions/tiny-town/summary?year=2025').expect(200);
    expect(original.body.slots).toBe(90);
  });
});
