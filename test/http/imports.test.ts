/**
 * The import wizard's API (issue #13) on both databases: a preview writes nothing, PUT changes the
 * mapping, a commit writes the package in one transaction and gives the same figures as the version-1
 * import of the same data, a commit with problems is refused with every one listed, previews expire,
 * uploads obey the size limits, zip bombs are refused before they inflate, and only the owner (or an
 * admin) within their jurisdictions may continue a preview.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createImport, findImport } from '../../server/db/imports.repository.js';
import { createToken } from '../../server/db/tokens.repository.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { createTestApp, testConfig, useTestApp } from '../helpers/app.js';
import { tableChecksums } from '../helpers/checksums.js';
import { databaseKinds } from '../helpers/databases.js';

const TINY_FILES = ['profile.json', 'townships.geojson', 'facilities.geojson', 'population.geojson', 'roads.geojson', 'projects.geojson'];
const tinyManifest = () => JSON.parse(readFileSync(path.join(TINY_TOWN_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
const tinyBytes = (name: string) => readFileSync(path.join(TINY_TOWN_DIR, name));

/** Tiny Town's files under another jurisdiction id, with the facilities' slots column renamed to `CAP_X`. */
function renamedFacilities(): Buffer {
  const facilities = JSON.parse(tinyBytes('facilities.geojson').toString('utf8'));
  for (const feature of facilities.features) {
    feature.properties.CAP_X = feature.properties.slots;
    delete feature.properties.slots;
  }
  return Buffer.from(JSON.stringify(facilities));
}

/** The tables an import writes (and the previews), to prove a refused step wrote nothing. */
const WRITTEN = { tables: ['jurisdictions', 'townships', 'facilities', 'population_units', 'roads', 'residential_projects', 'import_log'] };

describe.each(databaseKinds)('/api/imports on %s', (kind) => {
  const town = useTestApp(kind, [TINY_TOWN_DIR], { tokens: { bureau: 'bureau A', planner: 'planner P', admin: 'root' } });
  const headers = (role: 'bureau' | 'admin' | 'planner', language = 'en') => ({ ...town.as(role), 'Accept-Language': language });

  /** Uploads tiny-town's files as loose files with `manifest` as the manifest part. */
  function upload(manifest: Record<string, unknown> | null, auth: Record<string, string>, replace: Record<string, Buffer> = {}) {
    let req = request(town.app).post('/api/imports').set(auth);
    for (const name of TINY_FILES) req = req.attach('files', replace[name] ?? tinyBytes(name), name);
    if (manifest) req = req.field('manifest', JSON.stringify(manifest));
    return req;
  }

  it('previews loose files with 201, every layer described, and writes nothing', async () => {
    const before = await tableChecksums(town.db, WRITTEN);
    const res = await upload({ ...tinyManifest(), id: 'tiny-two', name: 'Tiny Two' }, headers('bureau')).expect(201);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.problems).toEqual([]);
    const layers = Object.fromEntries(res.body.layers.map((l: any) => [l.layer, l]));
    expect(layers.townships).toMatchObject({ file: 'townships.geojson', format: 'GeoJSON', features: 3 });
    expect(layers.facilities).toMatchObject({ file: 'facilities.geojson', features: 5 });
    expect(layers.facilities.fields).toEqual(expect.arrayContaining(['id', 'slots', 'status']));
    expect(layers.facilities.sample.length).toBeGreaterThan(0);
    expect(res.body.manifest).toMatchObject({ id: 'tiny-two' });
    expect(await tableChecksums(town.db, WRITTEN)).toEqual(before);
    expect(await findImport(town.db, res.body.id)).toMatchObject({ owner: { name: 'bureau A' } });
  });

  it('previews a zip of the files the same as the loose files', async () => {
    // Zipping a folder puts the files in one top folder, which is stripped.
    const entries: Record<string, Uint8Array> = { 'tiny/manifest.json': strToU8(JSON.stringify({ ...tinyManifest(), id: 'tiny-two' })) };
    for (const name of TINY_FILES) entries[`tiny/${name}`] = tinyBytes(name);
    const res = await request(town.app)
      .post('/api/imports')
      .set(headers('bureau'))
      .attach('files', Buffer.from(zipSync(entries)), 'tiny.zip')
      .expect(201);
    expect(res.body.problems).toEqual([]);
    expect(res.body.layers.map((l: any) => [l.layer, l.features]).sort()).toEqual(
      expect.arrayContaining([
        ['facilities', 5],
        ['townships', 3],
      ]),
    );
  });

  it('lists a missing mapped column as a problem naming file and column; PUT with the mapping clears it', async () => {
    const res = await upload({ ...tinyManifest(), id: 'tiny-two' }, headers('bureau'), {
      'facilities.geojson': renamedFacilities(),
    }).expect(201);
    const facilityProblems = res.body.problems.filter((p: any) => p.file === 'facilities.geojson');
    expect(facilityProblems.length).toBeGreaterThan(0);
    expect(facilityProblems.some((p: any) => p.column === 'slots' || /slots/.test(p.message))).toBe(true);

    const manifest = structuredClone(res.body.manifest);
    manifest.layers.facilities.fields = { ...manifest.layers.facilities.fields, slots: 'CAP_X' };
    const changed = await request(town.app).put(`/api/imports/${res.body.id}`).set(headers('bureau')).send({ manifest }).expect(200);
    expect(changed.body.id).toBe(res.body.id);
    expect(changed.body.problems).toEqual([]);
    expect(changed.body.layers.find((l: any) => l.layer === 'facilities').mapping.slots).toBe('CAP_X');
    // The change is stored: the next step (on any replica) reads it.
    expect((await findImport(town.db, res.body.id))?.manifest).toMatchObject({ layers: { facilities: { fields: { slots: 'CAP_X' } } } });
  });

  it('refuses a commit with problems with 422 listing each (file, row, column), writing nothing', async () => {
    const res = await upload({ ...tinyManifest(), id: 'tiny-two' }, headers('bureau'), {
      'facilities.geojson': renamedFacilities(),
    }).expect(201);
    const before = await tableChecksums(town.db, WRITTEN);
    const refused = await request(town.app).post(`/api/imports/${res.body.id}/commit`).set(headers('bureau')).expect(422);
    expect(refused.body.error.message).toMatch(/nothing was imported/);
    expect(refused.body.error.problems.length).toBe(res.body.problems.length);
    expect(refused.body.error.issues.every((i: any) => i.path.startsWith(i.path.split('#')[0]))).toBe(true);
    expect(refused.body.error.issues.some((i: any) => i.path.startsWith('facilities.geojson'))).toBe(true);
    expect(await tableChecksums(town.db, WRITTEN)).toEqual(before);
  });

  it('answers problems in the request’s language', async () => {
    const scoped = (await createToken(town.db, { name: 'language bureau', role: 'bureau', jurisdictions: ['tiny-town-north'] })).token;
    const as = (language: string) => ({ Authorization: `Bearer ${scoped}`, 'Accept-Language': language });
    const zh = await upload({ ...tinyManifest(), id: 'tiny-two' }, as('zh-CN')).expect(201);
    const en = await upload({ ...tinyManifest(), id: 'tiny-two' }, as('en')).expect(201);
    expect(zh.body.problems).toEqual([
      expect.objectContaining({ code: 'out_of_scope', message: expect.stringMatching(/^无权导入辖区“tiny-two”/) }),
    ]);
    expect(en.body.problems).toEqual([
      expect.objectContaining({ code: 'out_of_scope', message: expect.stringMatching(/^you may not import jurisdiction "tiny-two"/) }),
    ]);
  });

  it('commits in one transaction: 201 with the counts, the same figures as the version-1 import, and the manifest to download', async () => {
    const res = await upload({ ...tinyManifest(), id: 'tiny-two', name: 'Tiny Two' }, headers('bureau')).expect(201);
    const committed = await request(town.app).post(`/api/imports/${res.body.id}/commit`).set(headers('bureau')).expect(201);
    expect(committed.body).toMatchObject({
      jurisdictionId: 'tiny-two',
      dataVersion: 1,
      counts: { townships: 3, facilities: 5, populationUnits: 32, projects: 4 },
    });
    // Version 2 may leave out ways nobody walks (DATA_FORMAT's rule); the figures below must not change.
    expect(committed.body.counts.roads).toBeGreaterThan(0);
    expect(committed.body.counts.roads).toBeLessThanOrEqual(16);
    const log = await town.db
      .selectFrom('import_log')
      .select(['imported_by', 'data_version'])
      .where('jurisdiction_id', '=', 'tiny-two')
      .execute();
    expect(log).toEqual([{ imported_by: 'bureau A', data_version: 1 }]);
    for (const route of ['summary?year=2025', 'townships?year=2025', 'indicators?year=2025', 'uncovered?year=2025&minutes=15']) {
      const [ours, v1] = await Promise.all([
        request(town.app).get(`/api/jurisdictions/tiny-two/${route}`).expect(200),
        request(town.app).get(`/api/jurisdictions/tiny-town/${route}`).expect(200),
      ]);
      expect(JSON.stringify(ours.body).replaceAll('tiny-two', 'tiny-town').replaceAll('Tiny Two', 'x')).toBe(
        JSON.stringify(v1.body).replaceAll(String(tinyManifest().name), 'x'),
      );
    }
    const manifest = await request(town.app).get(`/api/imports/${res.body.id}/manifest`).set(headers('bureau')).expect(200);
    expect(manifest.headers['content-disposition']).toMatch(/^attachment; filename="?manifest\.json"?$/);
    expect(JSON.parse(manifest.text)).toMatchObject({ id: 'tiny-two' });
    expect((await findImport(town.db, res.body.id))?.committedJurisdictionId).toBe('tiny-two');
  });

  it('commits as a job with Prefer: respond-async: 202 and Location, the stages as they run, then the same body', async () => {
    const res = await upload({ ...tinyManifest(), id: 'tiny-two', name: 'Tiny Two' }, headers('bureau')).expect(201);
    const accepted = await request(town.app)
      .post(`/api/imports/${res.body.id}/commit`)
      .set({ ...headers('bureau'), Prefer: 'respond-async' })
      .expect(202);
    expect(accepted.headers.location).toBe(`/api/jobs/${accepted.body.job.id}`);
    expect(accepted.body.job).toMatchObject({ kind: 'import', status: 'queued' });
    const job = await finishedJob(accepted.headers.location as string, headers('bureau'));
    expect(job).toMatchObject({ status: 'succeeded', progress: 1 });
    expect(job.result).toMatchObject({ jurisdictionId: 'tiny-two', counts: { townships: 3, facilities: 5, populationUnits: 32 } });
    // Another bureau's token does not see the job.
    await request(town.app)
      .get(accepted.headers.location as string)
      .set(headers('planner'))
      .expect(404);
  });

  it('fails an import job with problems, listing each as an issue and writing nothing', async () => {
    const res = await upload({ ...tinyManifest(), id: 'tiny-two' }, headers('bureau'), {
      'facilities.geojson': renamedFacilities(),
    }).expect(201);
    const before = await tableChecksums(town.db, WRITTEN);
    const accepted = await request(town.app)
      .post(`/api/imports/${res.body.id}/commit`)
      .set({ ...headers('bureau'), Prefer: 'respond-async' })
      .expect(202);
    const job = await finishedJob(accepted.headers.location as string, headers('bureau'));
    expect(job.status).toBe('failed');
    expect(job.error.message).toMatch(/nothing was imported/);
    expect(job.error.issues.some((i: any) => i.path.startsWith('facilities.geojson'))).toBe(true);
    expect(await tableChecksums(town.db, WRITTEN)).toEqual(before);
  });

  /** The job at `location` once it has finished (polls; the embedded queue runs it in this process). */
  async function finishedJob(location: string, auth: Record<string, string>): Promise<any> {
    for (let i = 0; i < 600; i++) {
      const { body } = await request(town.app).get(location).set(auth).expect(200);
      if (body.job.status === 'succeeded' || body.job.status === 'failed') return body.job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${location} did not finish`);
  }

  it('answers 410 for an expired preview and deletes it (then 404)', async () => {
    const stored = await createImport(town.db, {
      owner: { tokenId: null, userId: null, name: 'someone' },
      manifest: null,
      files: [{ name: 'townships.geojson', path: 'f0', size: 1 }],
      now: new Date(Date.now() - 2 * 60 * 60 * 1000),
    });
    const gone = await request(town.app).get(`/api/imports/${stored.id}`).set(headers('admin')).expect(410);
    expect(gone.body.error.message).toMatch(/expired/);
    expect(await findImport(town.db, stored.id)).toBeNull();
    await request(town.app).post(`/api/imports/${stored.id}/commit`).set(headers('admin')).expect(404);
    await request(town.app).get('/api/imports/not-a-uuid').set(headers('admin')).expect(400);
  });

  it('refuses an upload over the body limit with 413, storing nothing', async () => {
    const small = createTestApp(town.db, testConfig({ maxBodyBytes: 4096 }));
    const before = await tableChecksums(town.db, { tables: ['imports'] });
    const res = await request(small)
      .post('/api/imports')
      .set(headers('bureau'))
      .attach('files', Buffer.alloc(20_000, 32), 'townships.geojson')
      .expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await tableChecksums(town.db, { tables: ['imports'] })).toEqual(before);
  });

  it('refuses a zip bomb before it inflates (413), storing nothing', async () => {
    const small = createTestApp(town.db, testConfig({ maxUnzippedBytes: 1024 * 1024 }));
    const bomb = Buffer.from(zipSync({ 'townships.geojson': new Uint8Array(20 * 1024 * 1024).fill(32) }));
    expect(bomb.length).toBeLessThan(100_000);
    const before = await tableChecksums(town.db, { tables: ['imports'] });
    const res = await request(small).post('/api/imports').set(headers('bureau')).attach('files', bomb, 'bomb.zip').expect(413);
    expect(res.body.error.message).toMatch(/bomb\.zip/);
    expect(await tableChecksums(town.db, { tables: ['imports'] })).toEqual(before);
  });

  it('refuses a request that is not multipart (415) or has no files (400)', async () => {
    await request(town.app).post('/api/imports').set(headers('bureau')).send({ files: {} }).expect(415);
    const empty = await request(town.app).post('/api/imports').set(headers('bureau')).field('manifest', '{}').expect(400);
    expect(empty.body.error.issues[0].path).toBe('body.files');
    const badManifest = await request(town.app)
      .post('/api/imports')
      .set(headers('bureau'))
      .attach('files', tinyBytes('townships.geojson'), 'townships.geojson')
      .field('manifest', '{nope')
      .expect(400);
    expect(badManifest.body.error.issues[0].path).toBe('body.manifest');
  });

  it('lets only bureau or admin upload, and only the owner (or an admin) continue a preview', async () => {
    await request(town.app).post('/api/imports').attach('files', tinyBytes('townships.geojson'), 'townships.geojson').expect(401);
    await request(town.app)
      .post('/api/imports')
      .set(headers('planner'))
      .attach('files', tinyBytes('townships.geojson'), 'townships.geojson')
      .expect(403);
    const res = await upload({ ...tinyManifest(), id: 'tiny-two' }, headers('bureau')).expect(201);
    const other = (await createToken(town.db, { name: 'bureau B', role: 'bureau', jurisdictions: ['tiny-two'] })).token;
    const asOther = { Authorization: `Bearer ${other}`, 'Accept-Language': 'en' };
    await request(town.app).get(`/api/imports/${res.body.id}`).set(asOther).expect(403);
    await request(town.app).put(`/api/imports/${res.body.id}`).set(asOther).send({ manifest: res.body.manifest }).expect(403);
    await request(town.app).post(`/api/imports/${res.body.id}/commit`).set(asOther).expect(403);
    await request(town.app).get(`/api/imports/${res.body.id}/manifest`).set(asOther).expect(403);
    await request(town.app).get(`/api/imports/${res.body.id}`).set(headers('admin')).expect(200);
  });

  it('keeps a scoped bureau to its own jurisdictions: a problem in the preview, 403 on commit, nothing written', async () => {
    const scoped = (await createToken(town.db, { name: 'north bureau', role: 'bureau', jurisdictions: ['tiny-town-north'] })).token;
    const auth = { Authorization: `Bearer ${scoped}`, 'Accept-Language': 'en' };
    const res = await upload({ ...tinyManifest(), id: 'welfare-copy' }, auth).expect(201);
    expect(res.body.problems).toEqual([expect.objectContaining({ file: 'manifest.json', column: 'id', code: 'out_of_scope' })]);
    const before = await tableChecksums(town.db, WRITTEN);
    await request(town.app).post(`/api/imports/${res.body.id}/commit`).set(auth).expect(403);
    expect(await tableChecksums(town.db, WRITTEN)).toEqual(before);
  });

  it('documents the multipart upload in the OpenAPI document', async () => {
    const doc = await request(town.app).get('/api/openapi.json').expect(200);
    const post = doc.body.paths['/api/imports'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['multipart/form-data']);
    expect(post['x-required-role']).toBe('bureau');
    expect(Object.keys(doc.body.paths['/api/imports/{id}/commit'].post.responses)).toEqual(expect.arrayContaining(['201', '410', '422']));
  });
});
