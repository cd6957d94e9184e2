/**
 * The server mode's queue (pg-boss in PostgreSQL) with separate processes, as deployed: a job submitted
 * through one app instance is run by a worker process and read through another app instance on the
 * same schema; a worker killed mid-job (SIGKILL, inside the job's transaction) leaves the job to be
 * retried by another worker, which completes it, and no row of the dead attempt remains; two workers
 * share the counties of a province's recompute (the `county summary` children of one job).
 * PostgreSQL only: the embedded mode has no separate workers (npm run worker refuses there).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../server/db/database.js';
import { listChildJobs } from '../../server/db/jobs.repository.js';
import { createToken } from '../../server/db/tokens.repository.js';
import { createApp } from '../../server/http/app.js';
import { importPackageFiles, importPackageFromFolder } from '../../server/import/index.js';
import { createJobServices, queueSchemaOf, type JobService } from '../../server/jobs/index.js';
import { TINY_TOWN_DIR, tinyTownAt } from '../fixtures/tiny-town.js';
import { testConfig } from '../helpers/app.js';
import { dropTestSchema, openTestDatabase, testPostgresUrl, type TestDatabase } from '../helpers/databases.js';
import { regionPackage, tinyCounty } from '../import/tiny-town-files.js';
import { failingKind, slowWriteKind } from './fixtures/test-kinds.js';

const WORKER = fileURLToPath(new URL('./fixtures/worker.ts', import.meta.url));
const WORKER_FILE_CLI = fileURLToPath(new URL('../../server/cli/worker.ts', import.meta.url));

/** Everything each worker process has written so far. */
const outputs = new Map<ChildProcess, () => string>();

/** Starts a worker process on `schema` (silent unless `logLevel` is given); resolves once it says it is ready. */
function startWorker(schema: string, file = WORKER, logLevel = 'silent'): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    env: {
      ...process.env,
      DATABASE_URL: testPostgresUrl,
      TUOWEI_DB_SCHEMA: schema,
      TUOWEI_JOB_HEARTBEAT_S: '10',
      TUOWEI_COMPUTE_THREADS: '1',
      LOG_LEVEL: logLevel,
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    outputs.set(child, () => output);
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`gave up waiting; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('server mode: replicas and worker processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let schema: string;
  let second: DatabaseHandle;
  let sender: JobService;
  let reader: JobService;
  let appA: ReturnType<typeof createApp>;
  let appB: ReturnType<typeof createApp>;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
    schema = rows[0]!.schema;
    await importPackageFromFolder(database.db, TINY_TOWN_DIR, { importedBy: 'test', packageName: 'tiny-town' });
    await sql`create table job_test_rows (job_id text not null, n int not null)`.execute(database.db);
    const config = testConfig({ databaseUrl: testPostgresUrl, dbSchema: schema });
    // Two API replicas that only send jobs (TUOWEI_SERVER_RUNS_JOBS=false), each with its own connection pool.
    const a = createJobServices(database.db, config, { work: false, extraKinds: [failingKind, slowWriteKind] });
    second = await openDatabase({ databaseUrl: testPostgresUrl, schema });
    const b = createJobServices(second.db, config, { work: false });
    sender = a.jobs;
    reader = b.jobs;
    await sender.start();
    await reader.start();
    appA = createApp({ db: database.db, analysis: a.analysis, config, jobs: sender });
    appB = createApp({ db: second.db, analysis: b.analysis, config, jobs: reader });
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await sender?.stop();
    await reader?.stop();
    await second?.close();
    await database?.close();
    if (schema) await dropTestSchema(queueSchemaOf(schema));
  });

  it('runs a job sent through one replica in a worker process, and answers it through the other', async () => {
    workers.push(await startWorker(schema));
    const body = { year: 2025, k: 2, slotsPerSite: 15, candidates: [tinyTownAt(0, 0), tinyTownAt(2, 6), tinyTownAt(3.6, 5.15)] };
    const accepted = await request(appA)
      .post('/api/jurisdictions/tiny-town/suggestions')
      .set('Prefer', 'respond-async')
      .send(body)
      .expect(202);
    const location = accepted.headers.location!;
    const read = await waitFor(
      async () =>
        (await request(appB).get(location).expect(200)).body.job as { status: string; result?: { newlyCoveredPopulation: number } },
      (job) => job.status === 'succeeded' || job.status === 'failed',
    );
    expect(read.status).toBe('succeeded');
    expect(read.result!.newlyCoveredPopulation).toBe(480);
  }, 120_000);

  it('retries the job of a worker killed mid-job on another worker, leaving no row of the dead attempt', async () => {
    const first = workers[0]!;
    const job = await sender.submit({ kind: slowWriteKind.kind, jurisdictionId: null, owner: null, payload: { rows: 6, delayMs: 400 } });
    // Killed in the middle of its transaction: some rows inserted, not committed.
    await waitFor(
      () => reader.get(job.id),
      (j) => j !== null && j.status === 'running' && j.progress > 0 && j.progress < 0.5,
    );
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const rowsAfterKill = await sql<{ count: string }>`select count(*) as count from job_test_rows where job_id = ${job.id}`.execute(
      database.db,
    );
    expect(Number(rowsAfterKill.rows[0]!.count)).toBe(0);

    workers.push(await startWorker(schema));
    const done = await waitFor(
      () => reader.get(job.id),
      (j) => j !== null && (j.status === 'succeeded' || j.status === 'failed'),
      90_000,
    );
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, result: { written: 6, attempt: 2 } });
    const rows = await sql<{ n: number }>`select n from job_test_rows where job_id = ${job.id} order by n`.execute(database.db);
    expect(rows.rows.map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5]);
  }, 150_000);

  it('spreads the counties of a province’s recompute over two worker processes, and reads their progress through another replica', async () => {
    const meta = { importedBy: 'test', packageName: 'test' };
    await importPackageFiles(database.db, regionPackage('prov-s', 'province', undefined, '双工省'), meta);
    const counties = ['s1', 's2', 's3', 's4', 's5', 's6'];
    for (const id of counties) await importPackageFiles(database.db, tinyCounty(id, `${id} 县`, 'prov-s'), meta);
    // The worker of the retry test stops; two that log the jobs they finish take its place.
    for (const previous of workers.filter((w) => w.exitCode === null && w.signalCode === null)) {
      const stopped = new Promise((resolve) => previous.once('exit', resolve));
      previous.kill('SIGTERM');
      await stopped;
    }
    const pair = [await startWorker(schema, WORKER, 'info'), await startWorker(schema, WORKER, 'info')];
    workers.push(...pair);

    const auth = {
      Authorization: `Bearer ${(await createToken(database.db, { name: 'province bureau', role: 'bureau', jurisdictions: ['prov-s'] })).token}`,
    };
    const accepted = await request(appA).post('/api/jurisdictions/prov-s/rollup/refresh?year=2025').set(auth).expect(202);
    const job = await waitFor(
      async () => (await request(appB).get(accepted.headers.location!).set(auth).expect(200)).body.job,
      (j) => j.status === 'succeeded' || j.status === 'failed',
      150_000,
    );
    expect(job).toMatchObject({ status: 'succeeded', progress: 1, children: { total: 6, succeeded: 6 }, result: { submitted: 6 } });
    expect(job.result.stored.map((c: { id: string }) => c.id).sort()).toEqual(counties);

    // Each worker ran some of the children, and together all of them.
    const children = (await listChildJobs(database.db, job.id)).map((c) => c.id);
    const ranBy = pair.map((worker) =>
      outputs.get(worker)!()
        .split('\n')
        .flatMap((line) => {
          try {
            const entry = JSON.parse(line) as { msg?: string; kind?: string; job?: string };
            return entry.msg === 'job succeeded' && entry.kind === 'county summary' ? [entry.job!] : [];
          } catch {
            return [];
          }
        }),
    );
    expect(ranBy[0]!.length, 'counties computed by the first worker').toBeGreaterThan(0);
    expect(ranBy[1]!.length, 'counties computed by the second worker').toBeGreaterThan(0);
    expect([...ranBy[0]!, ...ranBy[1]!].sort()).toEqual([...children].sort());
    const rollup = (await request(appB).get('/api/jurisdictions/prov-s/rollup?year=2025').expect(200)).body;
    expect(rollup).toMatchObject({ complete: true, pending: [] });
  }, 240_000);

  it('npm run worker refuses in the embedded mode, saying why in the language asked for', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER_FILE_CLI], {
      env: { ...process.env, DATABASE_URL: '', TUOWEI_LANG: 'zh_CN.UTF-8', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(output).toContain('嵌入式数据库');
  }, 60_000);
});
