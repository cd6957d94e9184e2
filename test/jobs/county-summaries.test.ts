/**
 * Roll-ups that complete themselves (issue #15), on both databases with the embedded mode's queue:
 * POST …/rollup/refresh answers 202 with a `county summaries` job that submits one `county summary`
 * child per county without a stored summary (none for a stored one); the parent reads as its
 * children (queued, running with the share done, succeeded with the counties stored, failed naming
 * the counties that failed); only a caller who may edit the jurisdiction starts it; an import of a
 * county below a city submits its summary job. The tree: province `prov` → city `city-a` → counties
 * `tiny-a`, `tiny-b`; `prov` → county `tiny-c`; `tiny-x` outside (all Tiny Town's data).
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnalysisService } from '../../server/analysis/analysis-service.js';
import { finishJob, getJob, insertJob, listChildJobs, startJobAttempt } from '../../server/db/jobs.repository.js';
import { summarizeCounty } from '../../server/jobs/county-summaries.js';
import { createToken } from '../../server/db/tokens.repository.js';
import { importPackageFiles } from '../../server/import/index.js';
import { bilingual } from '../../server/model/index.js';
import { regionPackage, tinyCounty } from '../import/tiny-town-files.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { finishedJob } from '../helpers/jobs.js';

const YEAR = 2025;
const NAMES: Record<string, string> = { 'tiny-a': '甲县', 'tiny-b': '乙县', 'tiny-c': '丙县' };

/** The `county summary` jobs of a jurisdiction in the table, oldest first. */
function summaryJobsOf(db: ReturnType<typeof useTestApp>['db'], id: string) {
  return db
    .selectFrom('jobs')
    .select(['id', 'status', 'parent_id'])
    .where('kind', '=', 'county summary')
    .where('jurisdiction_id', '=', id)
    .orderBy('created_at')
    .execute();
}

describe.each(databaseKinds)('county summary jobs on %s', (kind) => {
  const town = useTestApp(kind, [], { tokens: { admin: 'root', planner: 'planner P' }, timeout: 180_000 });
  const auth: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    const meta = { importedBy: 'test', packageName: 'test' };
    await importPackageFiles(town.db, regionPackage('prov', 'province'), meta);
    await importPackageFiles(town.db, regionPackage('city-a', 'city', 'prov'), meta);
    await importPackageFiles(town.db, tinyCounty('tiny-a', NAMES['tiny-a']!, 'city-a'), meta);
    await importPackageFiles(town.db, tinyCounty('tiny-b', NAMES['tiny-b']!, 'city-a'), meta);
    await importPackageFiles(town.db, tinyCounty('tiny-c', NAMES['tiny-c']!, 'prov'), meta);
    await importPackageFiles(town.db, tinyCounty('tiny-x', '外县'), meta);
    for (const [name, scope] of [
      ['province bureau', ['prov']],
      ['outside bureau', ['tiny-x']],
    ] as const) {
      const { token } = await createToken(town.db, { name, role: 'bureau', jurisdictions: [...scope] });
      auth[name] = { Authorization: `Bearer ${token}`, 'Accept-Language': 'en' };
    }
  }, 180_000);

  it('submits one county summary job per county without a stored summary, none for a stored one, and reads as their sum', async () => {
    // tiny-a's own summary request stores it.
    await request(town.app).get(`/api/jurisdictions/tiny-a/summary?year=${YEAR}`).expect(200);
    const accepted = await request(town.app)
      .post(`/api/jurisdictions/prov/rollup/refresh?year=${YEAR}`)
      .set(auth['province bureau']!)
      .expect(202);
    expect(accepted.body.job).toMatchObject({ kind: 'county summaries', status: 'queued', progress: 0 });
    expect(accepted.headers.location).toBe(`/api/jobs/${accepted.body.job.id}`);

    const job = await finishedJob(town.app, accepted.headers.location!, auth['province bureau']);
    expect(job).toMatchObject({
      status: 'succeeded',
      progress: 1,
      stage: '2 of 2 counties done',
      stageZh: '已完成 2 / 2 个区县',
      jurisdictionId: 'prov',
      parentId: null,
      children: { total: 2, queued: 0, running: 0, succeeded: 2, failed: 0 },
      result: {
        root: { id: 'prov', name: 'Region prov' },
        year: YEAR,
        counties: 3,
        alreadyStored: 1,
        submitted: 2,
        stored: [
          { id: 'tiny-b', name: '乙县' },
          { id: 'tiny-c', name: '丙县' },
        ],
        skipped: [],
      },
    });
    const children = await listChildJobs(town.db, job.id);
    expect(children.map((c) => [c.jurisdictionId, c.status])).toEqual([
      ['tiny-b', 'succeeded'],
      ['tiny-c', 'succeeded'],
    ]);
    // A child is the parent's caller's job too, and names its parent.
    const child = (await request(town.app).get(`/api/jobs/${children[0]!.id}`).set(auth['province bureau']!).expect(200)).body.job;
    expect(child).toMatchObject({ kind: 'county summary', parentId: job.id, result: { jurisdictionId: 'tiny-b', outcome: 'stored' } });
    expect(await summaryJobsOf(town.db, 'tiny-a')).toEqual([]);

    const rollup = (await request(town.app).get(`/api/jurisdictions/prov/rollup?year=${YEAR}`).expect(200)).body;
    expect(rollup).toMatchObject({ complete: true, pending: [] });
    expect(rollup.figures.counties).toBe(3);

    // Nothing left to compute: no child, the parent's own result.
    const again = await request(town.app).post(`/api/jurisdictions/prov/rollup/refresh`).set(auth['province bureau']!).expect(202);
    const none = await finishedJob(town.app, again.headers.location!, auth['province bureau']);
    expect(none.status).toBe('succeeded');
    expect(none.children).toBeUndefined();
    expect(none.result).toMatchObject({ counties: 3, alreadyStored: 3, submitted: 0, stored: [], skipped: [] });
    expect(await listChildJobs(town.db, none.id)).toEqual([]);
  });

  it('reads a parent as its children: queued until one starts, running with the share done, failed naming the counties that failed', async () => {
    const stage = bilingual('排队', 'queued');
    const parent = await insertJob(town.db, {
      id: randomUUID(),
      kind: 'county summaries',
      owner: null,
      ownerName: null,
      jurisdictionId: 'city-a',
      payload: { root: 'city-a', year: YEAR },
      stage,
    });
    await startJobAttempt(town.db, parent.id, stage);
    const own = {
      root: { id: 'city-a', name: 'Region city-a' },
      year: YEAR,
      counties: 2,
      alreadyStored: 0,
      submitted: 2,
      stored: [],
      skipped: [],
    };
    await finishJob(town.db, parent.id, { status: 'succeeded', result: own, stage });
    const childA = await insertJob(town.db, {
      id: randomUUID(),
      kind: 'county summary',
      owner: null,
      ownerName: null,
      jurisdictionId: 'tiny-a',
      payload: { year: YEAR },
      stage,
      parentId: parent.id,
    });
    const childB = await insertJob(town.db, {
      ...childA,
      id: randomUUID(),
      jurisdictionId: 'tiny-b',
      payload: { year: YEAR },
      stage,
      parentId: parent.id,
    });
    const read = async () => (await request(town.app).get(`/api/jobs/${parent.id}`).set('Accept-Language', 'en').expect(200)).body.job;

    expect(await read()).toMatchObject({
      status: 'queued',
      progress: 0,
      stage: '0 of 2 counties done',
      children: { total: 2, queued: 2, running: 0, succeeded: 0, failed: 0 },
      finishedAt: null,
    });
    await startJobAttempt(town.db, childA.id, stage);
    expect(await read()).toMatchObject({ status: 'running', progress: 0, children: { queued: 1, running: 1 } });
    await finishJob(town.db, childA.id, {
      status: 'succeeded',
      result: { jurisdictionId: 'tiny-a', name: '甲县', year: YEAR, outcome: 'stored' },
      stage,
    });
    const half = await read();
    expect(half).toMatchObject({ status: 'running', progress: 0.5, stage: '1 of 2 counties done', stageZh: '已完成 1 / 2 个区县' });
    expect(half.result).toBeUndefined();
    await startJobAttempt(town.db, childB.id, stage);
    await finishJob(town.db, childB.id, {
      status: 'failed',
      error: { code: 'internal', message: bilingual('任务执行出错', 'the job failed') },
      stage,
    });
    const failed = await read();
    expect(failed).toMatchObject({
      status: 'failed',
      progress: 1,
      stage: '2 of 2 counties done',
      children: { total: 2, succeeded: 1, failed: 1 },
      error: {
        code: 'counties_failed',
        message: 'the summaries of 1 counties failed: 乙县',
        messageZh: '1 个区县的汇总计算失败：乙县',
        issues: [{ path: 'tiny-b', message: '乙县: the job failed', messageZh: '乙县：任务执行出错' }],
      },
    });
    expect(failed.result).toBeUndefined();
    expect(failed.finishedAt).not.toBeNull();
  });

  it('answers 202 to a caller who may edit the jurisdiction (also through a scope above it), 403 to others, 404 for an unknown one', async () => {
    const city = await request(town.app).post(`/api/jurisdictions/city-a/rollup/refresh`).set(auth['province bureau']!).expect(202);
    expect((await finishedJob(town.app, city.headers.location!, auth['province bureau'])).status).toBe('succeeded');

    await request(town.app).post('/api/jurisdictions/prov/rollup/refresh').expect(401);
    const planner = await request(town.app).post('/api/jurisdictions/prov/rollup/refresh').set(town.as('planner')).expect(403);
    expect(planner.body.error.code).toBe('forbidden');
    const outside = await request(town.app).post('/api/jurisdictions/prov/rollup/refresh').set(auth['outside bureau']!).expect(403);
    expect(outside.body.error).toMatchObject({
      code: 'out_of_scope',
      message: expect.stringContaining('may not work on jurisdiction "prov"'),
    });
    const outsideZh = await request(town.app)
      .post('/api/jurisdictions/prov/rollup/refresh')
      .set({ ...auth['outside bureau']!, 'Accept-Language': 'zh-CN' })
      .expect(403);
    expect(outsideZh.body.error.message).toContain('无权操作辖区“prov”');
    const unknown = await request(town.app)
      .post('/api/jurisdictions/nowhere/rollup/refresh')
      .set({ ...town.as('admin'), 'Accept-Language': 'en' })
      .expect(404);
    expect(unknown.body.error.message).toContain('jurisdiction "nowhere"');
    const unknownZh = await request(town.app)
      .post('/api/jurisdictions/nowhere/rollup/refresh')
      .set({ ...town.as('admin'), 'Accept-Language': 'zh-CN' })
      .expect(404);
    expect(unknownZh.body.error.message).toContain('辖区“nowhere”');
    const badYear = await request(town.app).post('/api/jurisdictions/prov/rollup/refresh?year=soon').set(town.as('admin')).expect(400);
    expect(badYear.body.error.issues[0].path).toBe('query.year');
  });

  it('submits the summary job of a county imported below a city (the import wizard, directly and as a job; a package), none for one outside the tree', async () => {
    const admin = { ...town.as('admin'), 'Accept-Language': 'en' };
    /** Uploads Tiny Town as county `id` below `parentId` to the import wizard; answers the preview's id. */
    const preview = async (id: string, parentId: string): Promise<string> => {
      const { 'manifest.json': manifest, ...layers } = tinyCounty(id, `${id} county`, parentId);
      let upload = request(town.app).post('/api/imports').set(admin).field('manifest', JSON.stringify(manifest));
      for (const [name, content] of Object.entries(layers)) upload = upload.attach('files', Buffer.from(JSON.stringify(content)), name);
      const res = await upload.expect(201);
      expect(res.body.problems).toEqual([]);
      return res.body.id as string;
    };
    const storedBy = async (id: string) => {
      const [job] = await summaryJobsOf(town.db, id);
      expect(job, `a county summary job of ${id}`).toBeDefined();
      expect(job!.parent_id).toBeNull();
      const done = await finishedJob(town.app, `/api/jobs/${job!.id}`, admin);
      expect(done).toMatchObject({ status: 'succeeded', jurisdictionId: id, result: { outcome: 'stored', year: YEAR } });
    };

    await request(town.app)
      .post(`/api/imports/${await preview('tiny-d', 'city-a')}/commit`)
      .set(admin)
      .expect(201);
    await storedBy('tiny-d');
    const accepted = await request(town.app)
      .post(`/api/imports/${await preview('tiny-e', 'city-a')}/commit`)
      .set({ ...admin, Prefer: 'respond-async' })
      .expect(202);
    expect((await finishedJob(town.app, accepted.headers.location!, admin)).status).toBe('succeeded');
    await storedBy('tiny-e');
    await request(town.app)
      .post('/api/jurisdictions/import')
      .set(admin)
      .send({ files: tinyCounty('tiny-f', 'tiny-f county', 'prov') })
      .expect(201);
    await storedBy('tiny-f');
    const city = (await request(town.app).get(`/api/jurisdictions/city-a/rollup?year=${YEAR}`).expect(200)).body;
    expect(city).toMatchObject({ complete: true, pending: [] });
    expect(city.figures.counties).toBe(4);

    // Outside the tree there is no roll-up to complete.
    await request(town.app)
      .post('/api/jurisdictions/import')
      .set(admin)
      .send({ files: tinyCounty('tiny-y', 'tiny-y county') })
      .expect(201);
    expect(await summaryJobsOf(town.db, 'tiny-y')).toEqual([]);
  });

  it('answers a caller’s second Recompute of the same roll-up and year with the first while that one runs', async () => {
    const bureau = auth['province bureau']!;
    const first = await request(town.app).post(`/api/jurisdictions/city-a/rollup/refresh?year=${YEAR}`).set(bureau).expect(202);
    await finishedJob(town.app, first.headers.location!, bureau);
    const owner = (await getJob(town.db, first.body.job.id))!.owner;
    // A recompute of this caller whose county is still waiting in the queue.
    const stage = bilingual('排队', 'queued');
    const running = await insertJob(town.db, {
      id: randomUUID(),
      kind: 'county summaries',
      owner,
      ownerName: 'province bureau',
      jurisdictionId: 'city-a',
      payload: { root: 'city-a', year: YEAR },
      stage,
    });
    await startJobAttempt(town.db, running.id, stage);
    await finishJob(town.db, running.id, { status: 'succeeded', result: { counties: 1, submitted: 1, alreadyStored: 0 }, stage });
    const child = await insertJob(town.db, {
      id: randomUUID(),
      kind: 'county summary',
      owner,
      ownerName: 'province bureau',
      jurisdictionId: 'tiny-a',
      payload: { year: YEAR },
      stage,
      parentId: running.id,
    });
    const again = await request(town.app).post(`/api/jurisdictions/city-a/rollup/refresh?year=${YEAR}`).set(bureau).expect(202);
    expect(again.body.job.id).toBe(running.id);
    expect(again.headers.location).toBe(`/api/jobs/${running.id}`);
    // Another year, or another caller, is another recompute.
    const otherYear = await request(town.app)
      .post(`/api/jurisdictions/city-a/rollup/refresh?year=${YEAR + 1}`)
      .set(bureau)
      .expect(202);
    expect(otherYear.body.job.id).not.toBe(running.id);
    const admin = await request(town.app).post(`/api/jurisdictions/city-a/rollup/refresh?year=${YEAR}`).set(town.as('admin')).expect(202);
    expect(admin.body.job.id).not.toBe(running.id);
    // Once its county is done, a new Recompute is a new job.
    await startJobAttempt(town.db, child.id, stage);
    await finishJob(town.db, child.id, { status: 'succeeded', result: { outcome: 'current' }, stage });
    const after = await request(town.app).post(`/api/jurisdictions/city-a/rollup/refresh?year=${YEAR}`).set(bureau).expect(202);
    expect(after.body.job.id).not.toBe(running.id);
    for (const res of [otherYear, admin, after])
      await finishedJob(town.app, res.headers.location!, res === admin ? town.as('admin') : bureau);
  });

  it('lets go of a county loaded for its summary alone, and keeps one the process held before', async () => {
    const analysis = new AnalysisService(town.db);
    expect(analysis.holds('tiny-a')).toBe(false);
    expect((await summarizeCounty(analysis, 'tiny-a')).outcome).not.toBe('skipped');
    expect(analysis.holds('tiny-a')).toBe(false);
    await analysis.get('tiny-b');
    expect(analysis.holds('tiny-b')).toBe(true);
    expect((await summarizeCounty(analysis, 'tiny-b')).outcome).not.toBe('skipped');
    expect(analysis.holds('tiny-b')).toBe(true);
  });
});
