/**
 * The admin's overview routes (issue #17) on both databases, on test/fixtures/indicator-town: the audit
 * log across jurisdictions, filtered by one, and the jurisdictions with their data version and last import.
 */
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createToken } from '../../server/db/tokens.repository.js';

const indicatorTown = path.resolve(__dirname, '../fixtures/indicator-town');

describe.each(databaseKinds)('admin overview on %s', (kind) => {
  const town = useTestApp(kind, [indicatorTown], {
    tokens: { bureau: 'bureau clerk', planner: 'planner', admin: 'admin' },
    timeout: 60_000,
  });

  it('refuses everyone but an admin', async () => {
    await request(town.app).get('/api/admin/audit').expect(401);
    await request(town.app).get('/api/admin/jurisdictions').expect(401);
    await request(town.app).get('/api/admin/audit').set(town.as('bureau')).expect(403);
    await request(town.app).get('/api/admin/jurisdictions').set(town.as('planner')).expect(403);
  });

  it('lists the jurisdictions with their data version and last import', async () => {
    const list = await request(town.app).get('/api/admin/jurisdictions').set(town.as('admin')).expect(200);
    const one = list.body.find((j: any) => j.id === 'indicator-town');
    expect(one).toMatchObject({ id: 'indicator-town', lastImport: { importedBy: 'test', packageName: indicatorTown } });
    expect(typeof one.name).toBe('string');
    expect(one.dataVersion).toBeGreaterThanOrEqual(1);
    expect(one.lastImport.counts.facilities).toBe(5);
  });

  it('shows a bureau edit in the audit log, filtered by jurisdiction, and validates the filter bilingually', async () => {
    const base = '/api/jurisdictions/indicator-town';
    await request(town.app).patch(`${base}/facilities/F1`).set(town.as('bureau')).send({ slots: 121, version: 1 }).expect(200);
    const all = await request(town.app).get('/api/admin/audit').set(town.as('admin')).expect(200);
    expect(all.body[0]).toMatchObject({
      jurisdictionId: 'indicator-town',
      entity: 'facility',
      entityId: 'F1',
      action: 'update',
      actor: 'bureau clerk',
    });
    const filtered = await request(town.app).get('/api/admin/audit?jurisdiction=indicator-town&limit=1').set(town.as('admin')).expect(200);
    expect(filtered.body).toHaveLength(1);
    const other = await request(town.app).get('/api/admin/audit?jurisdiction=nowhere').set(town.as('admin')).expect(200);
    expect(other.body).toEqual([]);
    const bad = await request(town.app).get('/api/admin/audit?limit=0').set(town.as('admin')).set('Accept-Language', 'zh').expect(400);
    expect(bad.body.error.issues[0].path).toBe('query.limit');
    expect(bad.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('shows a scoped admin only its own jurisdictions and their audit entries', async () => {
    const scoped = await createToken(town.db, { name: 'scoped admin', role: 'admin', expiresInDays: 1, jurisdictions: ['elsewhere'] });
    const auth = { Authorization: `Bearer ${scoped.token}` };
    expect((await request(town.app).get('/api/admin/jurisdictions').set(auth).expect(200)).body).toEqual([]);
    expect((await request(town.app).get('/api/admin/audit').set(auth).expect(200)).body).toEqual([]);
    const refused = await request(town.app)
      .get('/api/admin/audit?jurisdiction=indicator-town')
      .set(auth)
      .set('Accept-Language', 'en')
      .expect(403);
    expect(refused.body.error.code).toBe('out_of_scope');
  });
});
