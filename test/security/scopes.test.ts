/**
 * Credentials stay in their own jurisdictions, and scenarios belong to their authors (issue #14,
 * OWASP API1/API5): a scoped token or user gets 403 outside its jurisdictions, a new jurisdiction is
 * imported only by an admin or a credential whose scope names it, only an admin is unscoped, and a
 * planner may change another planner's scenario only when its author shared it.
 */
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createToken } from '../../server/db/tokens.repository.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { tableChecksums } from '../helpers/checksums.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { tinyTownFiles } from '../import/tiny-town-files.js';

const indicatorTown = path.resolve(__dirname, '../fixtures/indicator-town');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, 'Accept-Language': 'en' });

describe.each(databaseKinds)('jurisdiction scopes on %s', (kind) => {
  const town = useTestApp(kind, [TINY_TOWN_DIR, indicatorTown], { tokens: { admin: 'root' } });
  const tokenFor = async (name: string, role: 'planner' | 'bureau', jurisdictions: string[]) =>
    (await createToken(town.db, { name, role, jurisdictions })).token;

  it('refuses a scoped bureau token outside its jurisdictions (403, nothing written) and lets it work inside', async () => {
    const tiny = await tokenFor('tiny bureau', 'bureau', ['tiny-town']);
    const before = await tableChecksums(town.db, { tables: ['facilities', 'audit_log'] });
    const outside = await request(town.app)
      .patch('/api/jurisdictions/indicator-town/facilities/F1')
      .set(bearer(tiny))
      .send({ version: 1, slots: 1 })
      .expect(403);
    expect(outside.body.error).toMatchObject({ code: 'out_of_scope', message: expect.stringContaining('"indicator-town"') });
    await request(town.app).get('/api/jurisdictions/indicator-town/audit').set(bearer(tiny)).expect(403);
    expect(await tableChecksums(town.db, { tables: ['facilities', 'audit_log'] })).toEqual(before);
    await request(town.app).get('/api/jurisdictions/tiny-town/audit').set(bearer(tiny)).expect(200);
    // Public reads stay public.
    await request(town.app).get('/api/jurisdictions/indicator-town/summary').expect(200);
  });

  it('imports a new jurisdiction only for an admin or a scope that names it', async () => {
    const files = tinyTownFiles();
    files['manifest.json'].id = 'scoped-new-town';
    const tiny = await tokenFor('tiny importer', 'bureau', ['tiny-town']);
    const refused = await request(town.app).post('/api/jurisdictions/import').set(bearer(tiny)).send({ files }).expect(403);
    expect(refused.body.error.code).toBe('out_of_scope');
    await request(town.app).get('/api/jurisdictions/scoped-new-town').expect(404);
    const named = await tokenFor('new-town importer', 'bureau', ['scoped-new-town']);
    await request(town.app).post('/api/jurisdictions/import').set(bearer(named)).send({ files }).expect(201);
    files['manifest.json'].id = 'admin-new-town';
    await request(town.app).post('/api/jurisdictions/import').set(town.as('admin')).send({ files }).expect(201);
  });

  it('creates scoped credentials through the admin API, and refuses an unscoped planner or bureau one', async () => {
    const unscoped = await request(town.app)
      .post('/api/admin/tokens')
      .set(town.as('admin'))
      .set('Accept-Language', 'en')
      .send({ name: 'everywhere', role: 'bureau' })
      .expect(400);
    expect(unscoped.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.jurisdictions']);
    const scoped = await request(town.app)
      .post('/api/admin/tokens')
      .set(town.as('admin'))
      .send({ name: 'tiny only', role: 'bureau', jurisdictions: ['tiny-town'] })
      .expect(201);
    expect(scoped.body.jurisdictions).toEqual(['tiny-town']);
    await request(town.app)
      .patch('/api/jurisdictions/indicator-town/facilities/F1')
      .set(bearer(scoped.body.token))
      .send({ version: 1, slots: 1 })
      .expect(403);
    const session = await request(town.app).get('/api/session').set(bearer(scoped.body.token)).expect(200);
    expect(session.body.user).toMatchObject({ role: 'bureau', jurisdictions: ['tiny-town'] });
    const user = await request(town.app)
      .post('/api/admin/users')
      .set(town.as('admin'))
      .send({ name: 'tiny-planner', role: 'planner', password: 'a long enough password', jurisdictions: ['tiny-town'] })
      .expect(201);
    expect(user.body.jurisdictions).toEqual(['tiny-town']);
    // Making an admin a planner without naming jurisdictions would leave them unscoped: refused.
    const admin = await request(town.app)
      .post('/api/admin/users')
      .set(town.as('admin'))
      .send({ name: 'second-admin', role: 'admin', password: 'a long enough password' })
      .expect(201);
    const demoted = await request(town.app)
      .patch(`/api/admin/users/${admin.body.id}`)
      .set(town.as('admin'))
      .send({ role: 'planner' })
      .expect(400);
    expect(demoted.body.error.issues[0].path).toBe('body.jurisdictions');
  });

  it('lets other planners read and duplicate a scenario, change it only once its author shares it', async () => {
    const author = bearer(await tokenFor('planner A', 'planner', ['tiny-town']));
    const colleague = bearer(await tokenFor('planner B', 'planner', ['tiny-town']));
    const base = '/api/jurisdictions/tiny-town/scenarios';
    const created = await request(town.app)
      .post(base)
      .set(author)
      .send({ name: 'A’s plan', changes: [{ kind: 'removeFacility', id: 'F1' }] })
      .expect(201);
    expect(created.body).toMatchObject({ createdBy: 'planner A', shared: false });
    const url = `${base}/${created.body.id}`;
    await request(town.app).get(url).set(colleague).expect(200);
    await request(town.app).post(`${url}/duplicate`).set(colleague).send({}).expect(201);
    const edit = { name: 'B’s edit', changes: [], version: 1 };
    const refused = await request(town.app).put(url).set(colleague).send(edit).expect(403);
    expect(refused.body.error).toMatchObject({ code: 'not_author', message: expect.stringContaining('planner A') });
    await request(town.app).delete(url).set(colleague).expect(403);
    await request(town.app)
      .put(url)
      .set(colleague)
      .send({ ...edit, shared: true })
      .expect(403);
    expect((await request(town.app).get(url).set(author).expect(200)).body).toMatchObject({ name: 'A’s plan', version: 1 });

    await request(town.app)
      .put(url)
      .set(author)
      .send({ name: 'A’s plan', changes: [{ kind: 'removeFacility', id: 'F1' }], shared: true, version: 1 })
      .expect(200);
    const changed = await request(town.app)
      .put(url)
      .set(colleague)
      .send({ ...edit, version: 2 })
      .expect(200);
    expect(changed.body).toMatchObject({ name: 'B’s edit', updatedBy: 'planner B', createdBy: 'planner A', shared: true });
    await request(town.app)
      .put(url)
      .set(colleague)
      .send({ ...edit, shared: false, version: 3 })
      .expect(403);
    await request(town.app).delete(`${url}?version=3`).set(town.as('admin')).expect(200);
  });
});
