/**
 * Jobs through HTTP, on both databases, with the embedded mode's queue (the server runs its jobs): a
 * suggestion asked with `Prefer: respond-async` answers 202 + Location, and the job succeeds with the
 * very body the direct answer has; a failing job reads as failed with its error in both languages; a
 * job submitted with credentials is read by its owner and admins only.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.js';
import { importPackageFromFolder } from '../../server/import/index.js';
import { createJobServices, type JobService } from '../../server/jobs/index.js';
import { createToken } from '../../server/db/tokens.repository.js';
import { TINY_TOWN_DIR, tinyTownAt } from '../fixtures/tiny-town.js';
import { testConfig } from '../helpers/app.js';
import { finishedJob } from '../helpers/jobs.js';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { failingKind } from './fixtures/test-kinds.js';

const body = { year: 2025, k: 2, slotsPerSite: 15, candidates: [tinyTownAt(0, 0), tinyTownAt(2, 6), tinyTownAt(3.6, 5.15)] };

describe.each(databaseKinds)('jobs through HTTP on %s', (kind) => {
  let database: TestDatabase;
  let jobs: JobService;
  let app: ReturnType<typeof createApp>;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await importPackageFromFolder(database.db, TINY_TOWN_DIR, { importedBy: 'test', packageName: 'tiny-town' });
    const config = testConfig();
    const services = createJobServices(database.db, config, { work: true, extraKinds: [failingKind] });
    jobs = services.jobs;
    await jobs.start();
    app = createApp({ db: database.db, analysis: services.analysis, config, jobs });
    for (const [name, role] of [
      ['planner A', 'planner'],
      ['planner B', 'planner'],
      ['admin', 'admin'],
    ] as const) {
      tokens[name] =
        `Bearer ${(await createToken(database.db, { name, role, jurisdictions: role === 'admin' ? null : ['tiny-town'] })).token}`;
    }
  }, 120_000);
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
  });

  it('answers 202 with Location, and the job succeeds with the body the direct answer has', async () => {
    const direct = await request(app).post('/api/jurisdictions/tiny-town/suggestions').send(body).expect(200);
    const accepted = await request(app)
      .post('/api/jurisdictions/tiny-town/suggestions')
      .set('Prefer', 'respond-async')
      .send(body)
      .expect(202);
    expect(accepted.body.job).toMatchObject({ kind: 'suggestions', status: 'queued', progress: 0 });
    expect(accepted.headers.location).toBe(`/api/jobs/${accepted.body.job.id}`);
    const job = await finishedJob(app, accepted.headers.location!);
    expect(job).toMatchObject({
      status: 'succeeded',
      progress: 1,
      stage: 'done',
      stageZh: '已完成',
      attempts: 1,
      jurisdictionId: 'tiny-town',
    });
    // The same answer, but for the solver's own clock.
    const { solveSeconds: _direct, ...directBody } = direct.body;
    const { solveSeconds: _job, ...jobBody } = job.result as Record<string, unknown>;
    expect(jobBody).toEqual(directBody);
    expect((job.result as { newlyCoveredPopulation: number }).newlyCoveredPopulation).toBe(480);
  }, 60_000);

  it('runs a suggestion with more than 8,000 candidates as a job without being asked to', async () => {
    const many = Array.from({ length: 8_001 }, (_, i) => tinyTownAt((i % 90) / 20, Math.floor(i / 90) / 14));
    const accepted = await request(app)
      .post('/api/jurisdictions/tiny-town/suggestions')
      .send({ year: 2025, k: 1, slotsPerSite: 10, candidates: many })
      .expect(202);
    const job = await finishedJob(app, accepted.headers.location!);
    expect(job).toMatchObject({ status: 'succeeded', result: { candidateCount: 8_001, candidateSource: 'given' } });
  }, 120_000);

  it('runs a job left queued when its server stopped at the next start (embedded queue)', async () => {
    const config = testConfig();
    const stopped = createJobServices(database.db, config, { work: true });
    await stopped.jobs.stop();
    const payload = {
      request: { year: 2025, mode: 'maximal_covering', minutes: 15, candidates: [[120.65, 28.0]], k: 1, slotsPerSite: 10 },
      year: 2025,
      minutes: 15,
    };
    const job = await stopped.jobs.submit({ kind: 'suggestions', jurisdictionId: 'tiny-town', owner: null, payload });
    expect((await stopped.jobs.get(job.id))!.status).toBe('queued');
    const restarted = createJobServices(database.db, config, { work: true });
    await restarted.jobs.start();
    const read = await finishedJob(app, `/api/jobs/${job.id}`);
    expect(read).toMatchObject({ status: 'succeeded', attempts: 1, result: { candidateCount: 1 } });
    await restarted.jobs.stop();
  }, 60_000);

  it('reads a failed job with its error in both languages, naming the field', async () => {
    const job = await jobs.submit({ kind: failingKind.kind, jurisdictionId: null, owner: null, payload: { reason: 'x' } });
    const read = await finishedJob(app, `/api/jobs/${job.id}`);
    expect(read).toMatchObject({
      status: 'failed',
      error: {
        code: 'unprocessable',
        message: 'test failure: x',
        messageZh: '测试失败：x',
        issues: [{ path: 'body.reason', message: 'not acceptable', messageZh: '不可接受' }],
      },
    });
    expect(read).not.toHaveProperty('result');
  });

  it('lets the owner and admins read a job submitted with credentials; others get 404', async () => {
    const accepted = await request(app)
      .post('/api/jurisdictions/tiny-town/suggestions')
      .set('Prefer', 'respond-async')
      .set('Authorization', tokens['planner A']!)
      .send(body)
      .expect(202);
    const location = accepted.headers.location!;
    await finishedJob(app, location, { Authorization: tokens['planner A']! });
    await request(app).get(location).set('Authorization', tokens.admin!).expect(200);
    const other = await request(app).get(location).set('Authorization', tokens['planner B']!).expect(404);
    expect(other.body.error.code).toBe('not_found');
    await request(app).get(location).expect(404);
    await request(app).get('/api/jobs/00000000-0000-4000-8000-000000000000').expect(404);
    await request(app).get('/api/jobs/not-a-uuid').expect(400);
  }, 60_000);
});
