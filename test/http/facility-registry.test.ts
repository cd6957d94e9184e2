/**
 * The bureau's facility registry over HTTP, on both databases, on test/fixtures/indicator-town
 * (2025: F1 120 + F2 60 + F3 90 = 270 slots over 60,000 residents = 4.5 per 1,000; township C has no
 * facility; P5, 5,000 residents at (0.028, 0.005) in C, is the only population not within 15 minutes).
 */
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { readPackageFolder } from '../../server/import/index.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

const indicatorTown = path.resolve(__dirname, '../fixtures/indicator-town');
const base = '/api/jurisdictions/indicator-town';

describe.each(databaseKinds)('facility registry on %s', (kind) => {
  const town = useTestApp(kind, [indicatorTown], {
    tokens: { bureau: 'bureau clerk', planner: 'planner', admin: 'admin' },
    timeout: 60_000,
  });

  const indicator = async (id: string, year = 2025) =>
    (await request(town.app).get(`${base}/indicators?year=${year}`).expect(200)).body.indicators.find((r: any) => r.id === id);
  const facility = async (fid: string) => (await request(town.app).get(`${base}/facilities/${fid}`).expect(200)).body;

  it('lists facilities with their versions and serves one with an ETag', async () => {
    const list = await request(town.app).get(`${base}/facilities`).expect(200);
    expect(list.body.map((f: any) => [f.id, f.version])).toEqual([
      ['F1', 1],
      ['F2', 1],
      ['F3', 1],
      ['F4', 1],
      ['F5', 1],
    ]);
    const one = await request(town.app).get(`${base}/facilities/F3`).expect(200);
    expect(one.headers.etag).toBe('"1"');
    expect(one.body).toMatchObject({ id: 'F3', slots: 90, inclusiveSlots: 72, township: 'B', version: 1 });
    await request(town.app).get(`${base}/facilities/F9`).expect(404);
  });

  it('refuses writes without a token (401) or with the planner role (403), writing nothing', async () => {
    const create = { name: '丙乡托育点', slots: 50, type: 'community', status: 'operating', lon: 0.028, lat: 0.005 };
    await request(town.app).post(`${base}/facilities`).send(create).expect(401);
    await request(town.app).post(`${base}/facilities`).set(town.as('planner')).send(create).expect(403);
    await request(town.app).patch(`${base}/facilities/F1`).send({ slots: 1, version: 1 }).expect(401);
    await request(town.app).patch(`${base}/facilities/F1`).set(town.as('planner')).send({ slots: 1, version: 1 }).expect(403);
    await request(town.app).delete(`${base}/facilities/F1?closedYear=2025&version=1`).set(town.as('planner')).expect(403);
    const list = await request(town.app).get(`${base}/facilities`).expect(200);
    expect(list.body).toHaveLength(5);
    expect(list.body.every((f: any) => f.version === 1)).toBe(true);
    expect((await request(town.app).get(`${base}/audit`).set(town.as('bureau')).expect(200)).body).toEqual([]);
    expect((await indicator('slots_per_1000')).value).toBe(4.5);
  });

  it('validates edits: inclusive ≤ slots, enums, coordinates, a point inside the jurisdiction', async () => {
    const tooMany = await request(town.app)
      .patch(`${base}/facilities/F3`)
      .set(town.as('bureau'))
      .set('Accept-Language', 'en')
      .send({ version: 1, inclusiveSlots: 91 })
      .expect(400);
    expect(tooMany.body.error.issues).toEqual([{ path: 'body.inclusiveSlots', message: 'must be at most slots (90)' }]);
    const fewer = await request(town.app).patch(`${base}/facilities/F3`).set(town.as('bureau')).send({ version: 1, slots: 50 }).expect(400); // 72 inclusive > 50
    expect(fewer.body.error.issues[0].path).toBe('body.inclusiveSlots');
    const status = await request(town.app)
      .patch(`${base}/facilities/F3`)
      .set(town.as('bureau'))
      .send({ version: 1, status: 'open' })
      .expect(400);
    expect(status.body.error.issues[0].path).toBe('body.status');
    await request(town.app).patch(`${base}/facilities/F3`).set(town.as('bureau')).send({ version: 1, township: 'C' }).expect(400); // not editable
    await request(town.app).patch(`${base}/facilities/F3`).set(town.as('bureau')).send({ version: 1 }).expect(400); // nothing to change
    const lat = await request(town.app)
      .post(`${base}/facilities`)
      .set(town.as('bureau'))
      .send({ name: 'x', slots: 1, type: 'family', status: 'operating', lon: 0.028, lat: 95 })
      .expect(400);
    expect(lat.body.error.issues[0].path).toBe('body.lat');
    const outside = await request(town.app)
      .post(`${base}/facilities`)
      .set(town.as('bureau'))
      .send({ name: 'x', slots: 1, type: 'family', status: 'operating', lon: 0.05, lat: 0.005 })
      .expect(422);
    expect(outside.body.error.issues[0].path).toBe('body.lon');
    expect((await facility('F3')).version).toBe(1);
  });

  it('refuses ids and versions beyond a database integer with 400, never a database error', async () => {
    const tooLarge = '2147483648'; // one more than a PostgreSQL integer holds
    const audit = await request(town.app)
      .get(`${base}/audit?before=${tooLarge}`)
      .set(town.as('bureau'))
      .set('Accept-Language', 'en')
      .expect(400);
    expect(audit.body.error.issues[0]).toEqual({ path: 'query.before', message: 'is too large' });
    const patch = await request(town.app)
      .patch(`${base}/facilities/F3`)
      .set(town.as('bureau'))
      .set('Accept-Language', 'en')
      .send({ version: Number(tooLarge), slots: 80 })
      .expect(400);
    expect(patch.body.error.issues[0]).toEqual({ path: 'body.version', message: 'is too large' });
    const close = await request(town.app)
      .delete(`${base}/facilities/F3?closedYear=2025&version=${tooLarge}`)
      .set(town.as('bureau'))
      .set('Accept-Language', 'en')
      .expect(400);
    expect(close.body.error.issues[0]).toEqual({ path: 'query.version', message: 'is too large' });
    const header = await request(town.app)
      .patch(`${base}/facilities/F3`)
      .set(town.as('bureau'))
      .set('If-Match', `"${tooLarge}"`)
      .send({ slots: 80 })
      .expect(400);
    expect(header.body.error.issues[0].path).toBe('headers.if-match');
    expect((await facility('F3')).version).toBe(1);
  });

  it('needs the version (428 without), and answers 409 with the current facility to a stale one, overwriting nothing', async () => {
    const missing = await request(town.app).patch(`${base}/facilities/F1`).set(town.as('bureau')).send({ slots: 130 }).expect(428);
    expect(missing.body.error.code).toBe('precondition_required');
    const first = await request(town.app)
      .patch(`${base}/facilities/F1`)
      .set(town.as('bureau'))
      .set('If-Match', '"1"')
      .send({ slots: 130 })
      .expect(200);
    expect(first.body.facility).toMatchObject({ id: 'F1', slots: 130, version: 2 });
    // a second clerk still holds version 1
    const stale = await request(town.app).patch(`${base}/facilities/F1`).set(town.as('admin')).send({ version: 1, slots: 10 }).expect(409);
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', currentVersion: 2, current: { id: 'F1', slots: 130, version: 2 } });
    const staleClose = await request(town.app)
      .delete(`${base}/facilities/F1?closedYear=2025`)
      .set(town.as('bureau'))
      .set('If-Match', '1')
      .expect(409);
    expect(staleClose.body.error.current.status).toBe('operating');
    expect(await facility('F1')).toMatchObject({ slots: 130, status: 'operating', version: 2 });
    // put F1 back for the figures below: 120 slots
    await request(town.app).patch(`${base}/facilities/F1`).set(town.as('bureau')).send({ version: 2, slots: 120 }).expect(200);
  });

  it('adds a facility in township C: indicators and coverage change for the next request', async () => {
    expect((await indicator('township_institution_coverage')).value).toBeCloseTo(200 / 3, 9);
    const res = await request(town.app)
      .post(`${base}/facilities`)
      .set(town.as('bureau'))
      .send({
        id: 'F6',
        name: '丙乡普惠托育点',
        slots: 30,
        inclusiveSlots: 30,
        type: 'community',
        status: 'operating',
        openedYear: 2025,
        grade: '一级',
        staff: 5,
        certifiedStaff: 5,
        lon: 0.028,
        lat: 0.005,
      })
      .expect(201);
    expect(res.body.facility).toMatchObject({ id: 'F6', township: 'C', version: 1 });
    // 2025: 270 + 30 = 300 slots ÷ 60,000 × 1,000 = 5.0; all three townships; P5 now covered → 100 %
    expect((await indicator('slots_per_1000')).value).toBe(5);
    expect((await indicator('township_institution_coverage')).value).toBe(100);
    expect((await indicator('township_inclusive_coverage')).value).toBeCloseTo(200 / 3, 9); // B and C
    expect((await indicator('service_circle_15min')).value).toBe(100);
    // certified (9 + 3 + 5) ÷ (10 + 5 + 5) = 85 %; 2024 is unchanged (F6 opens in 2025)
    expect((await indicator('certified_staff_rate')).value).toBeCloseTo(85, 9);
    expect((await indicator('slots_per_1000', 2024)).value).toBe(5);
    const summary = await request(town.app).get(`${base}/summary?year=2025`).expect(200);
    expect(summary.body.uncoveredPopulation['15']).toBe(0);
    await request(town.app)
      .post(`${base}/facilities`)
      .set(town.as('bureau'))
      .send({ id: 'F6', name: 'again', slots: 1, type: 'family', status: 'operating', lon: 0.028, lat: 0.005 })
      .expect(409);
  });

  it('closes a facility (DELETE) with its closing year; it stops counting from that year', async () => {
    const v = (await facility('F6')).version;
    const bad = await request(town.app).delete(`${base}/facilities/F6?closedYear=2020&version=${v}`).set(town.as('bureau')).expect(400); // opened 2025
    expect(bad.body.error.issues[0].path).toBe('query.closedYear');
    const res = await request(town.app).delete(`${base}/facilities/F6?closedYear=2026&version=${v}`).set(town.as('bureau')).expect(200);
    expect(res.body.facility).toMatchObject({ status: 'closed', closedYear: 2026, version: v + 1 });
    expect((await indicator('slots_per_1000', 2025)).value).toBe(5); // still operating in 2025
    expect((await indicator('slots_per_1000', 2026)).value).toBe(4.5); // not from 2026
    await request(town.app)
      .delete(`${base}/facilities/F6?closedYear=2027&version=${v + 1}`)
      .set(town.as('bureau'))
      .expect(422); // already closed
  });

  it('keeps every change in the audit log: who, when, action, before and after', async () => {
    const history = await request(town.app).get(`${base}/facilities/F1/history`).set(town.as('bureau')).expect(200);
    expect(history.body.map((e: any) => [e.action, e.actor, e.before.slots, e.after.slots, e.after.version])).toEqual([
      ['update', 'bureau clerk', 130, 120, 3],
      ['update', 'bureau clerk', 120, 130, 2],
    ]);
    expect(Date.parse(history.body[0].at)).not.toBeNaN();
    const f6 = await request(town.app).get(`${base}/facilities/F6/history`).set(town.as('bureau')).expect(200);
    expect(f6.body.map((e: any) => [e.action, e.before?.status ?? null, e.after.status])).toEqual([
      ['close', 'operating', 'closed'],
      ['create', null, 'operating'],
    ]);
    const audit = await request(town.app).get(`${base}/audit?limit=2`).set(town.as('bureau')).expect(200);
    await request(town.app).get(`${base}/audit?limit=2`).expect(401);
    expect(audit.body).toHaveLength(2);
    expect(audit.body[0]).toMatchObject({ entity: 'facility', entityId: 'F6', action: 'close' });
    const next = await request(town.app).get(`${base}/audit?limit=100&before=${audit.body[1].id}`).set(town.as('bureau')).expect(200);
    expect(next.body).toHaveLength(2); // F1's two updates; failed edits left no row
    // every edit bumped the data version once
    expect(new Set([...audit.body, ...next.body].map((e: any) => e.dataVersion)).size).toBe(4);
  });

  it('gives re-imported facilities versions above every earlier one, so an edit read before the import gets 409', async () => {
    const before = await facility('F2'); // read by a clerk, then the package is imported again
    const versionsBefore = (await request(town.app).get(`${base}/facilities`).expect(200)).body.map((f: any) => f.version);
    const files = await readPackageFolder(indicatorTown);
    await request(town.app).post('/api/jurisdictions/import').set(town.as('bureau')).send({ files }).expect(201);
    const after = (await request(town.app).get(`${base}/facilities`).expect(200)).body;
    const highest = Math.max(...versionsBefore);
    expect(after.every((f: any) => f.version === highest + 1)).toBe(true);
    const stale = await request(town.app)
      .patch(`${base}/facilities/F2`)
      .set(town.as('bureau'))
      .send({ version: before.version, slots: 1 })
      .expect(409);
    expect(stale.body.error.current).toMatchObject({ id: 'F2', slots: 60, version: highest + 1 });
    await request(town.app)
      .patch(`${base}/facilities/F2`)
      .set(town.as('bureau'))
      .set('If-Match', `"${before.version}"`)
      .send({ slots: 1 })
      .expect(409);
    expect((await facility('F2')).slots).toBe(60);
  });
});
