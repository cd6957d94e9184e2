/**
 * The province recompute through the service (issue #15): the same synthetic counties as
 * province.bench.ts (test/bench/province/), but imported into PostgreSQL as data packages below one
 * province and recomputed as a province office does it — the `county summaries` job (what POST
 * …/rollup/refresh submits) hands one `county summary` job per county to the queue in PostgreSQL
 * (pg-boss), and `npm run worker` processes take them, each reading its county from the database,
 * building its network and coverage in its compute thread and storing the summary and outline.
 *
 *   npx tsx test/bench/province-service.bench.ts                      # 12 counties, 1, 2 and 4 workers
 *   npx tsx test/bench/province-service.bench.ts --counties 4 --workers 1,2
 *
 * Timed per worker count: from the submission of the parent job to the moment its reader sees every
 * county done (workers started and ready before; the stored summaries deleted before each run, so every
 * county is computed again), and each worker's peak RSS (VmHWM). Each worker runs one compute thread
 * (TUOWEI_COMPUTE_THREADS=1). The import of the counties is timed once, for the record.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { importPackageFiles } from '../../server/import/index.js';
import { createJobServices } from '../../server/jobs/index.js';
import { testConfig } from '../helpers/app.js';
import { regionPackage } from '../import/tiny-town-files.js';
import { countyPackage, PROVINCE_ID } from './province/county-package.js';
import { PROVINCE, syntheticCounty } from './province/synthetic-province.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { values } = parseArgs({ options: { counties: { type: 'string' }, workers: { type: 'string' } } });
const counties = Number(values.counties ?? 12);
const workerCounts = (values.workers ?? '1,2,4').split(',').map(Number);
if (!(counties >= 1 && counties <= PROVINCE.counties) || workerCounts.some((n) => !(n >= 1)))
  throw new Error(`--counties must be 1–${PROVINCE.counties}, --workers a list of counts`);

interface Worker {
  child: ChildProcess;
  exited: Promise<unknown>;
}

async function startWorker(schema: string): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL, TUOWEI_DB_SCHEMA: schema, TUOWEI_COMPUTE_THREADS: '1', LOG_LEVEL: 'warn', TUOWEI_LANG: 'en' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('worker ready')) resolve();
    });
    void exited.then(() => reject(new Error('a worker exited before it was ready')));
  });
  return { child, exited };
}

/** A process's peak resident memory (VmHWM), MB. */
function peakRssMb(pid: number | undefined): number {
  try {
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

console.log(
  `Province benchmark through the service: ${counties} full-size counties in PostgreSQL, workers ${workerCounts.join(', ')}; ` +
    `${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(2)}`,
);
const schema = `bench_${randomBytes(4).toString('hex')}`;
const handle = await openDatabase({ databaseUrl: DATABASE_URL, schema });
const admin = new pg.Client({ connectionString: DATABASE_URL });
await admin.connect();
try {
  await migrateToLatest(handle.db);
  const meta = { importedBy: 'bench', packageName: 'synthetic province' };
  await importPackageFiles(handle.db, regionPackage(PROVINCE_ID, 'province', undefined, 'Synthetic province'), meta);
  let importMs = 0;
  let rows = 0;
  for (let i = 0; i < counties; i++) {
    const data = syntheticCounty(i);
    const files = countyPackage(data, PROVINCE_ID);
    const started = performance.now();
    const result = await importPackageFiles(handle.db, files, meta);
    importMs += performance.now() - started;
    rows += Object.values(result.counts).reduce((s: number, n) => s + (typeof n === 'number' ? n : 0), 0);
  }
  console.log(`imported ${counties} counties (${rows.toLocaleString('en')} rows) in ${(importMs / 1000).toFixed(1)} s`);

  const config = testConfig({ databaseUrl: DATABASE_URL, dbSchema: schema, sharedState: true });
  const { jobs } = createJobServices(handle.db, config, { work: false });
  await jobs.start();
  const results: { workers: number; ms: number; rss: number[] }[] = [];
  try {
    for (const count of workerCounts) {
      await admin.query(`delete from "${schema}".county_summaries`);
      const workers: Worker[] = [];
      try {
        for (let w = 0; w < count; w++) workers.push(await startWorker(schema));
        const started = performance.now();
        const job = await jobs.submit({
          kind: 'county summaries',
          jurisdictionId: PROVINCE_ID,
          owner: null,
          ownerName: 'bench',
          payload: { root: PROVINCE_ID },
        });
        let seen = await jobs.get(job.id);
        while (seen && seen.status !== 'succeeded' && seen.status !== 'failed') {
          await new Promise((resolve) => setTimeout(resolve, 100));
          seen = await jobs.get(job.id);
        }
        const ms = performance.now() - started;
        if (seen?.status !== 'succeeded') throw new Error(`the recompute ended ${seen?.status}: ${JSON.stringify(seen?.error)}`);
        const stored = Number((await admin.query(`select count(*) from "${schema}".county_summaries`)).rows[0].count);
        if (stored !== counties) throw new Error(`${stored} summaries stored, not ${counties}`);
        const rss = workers.map((w) => peakRssMb(w.child.pid));
        results.push({ workers: count, ms, rss });
        console.log(
          `${count} worker process(es): ${counties} counties recomputed in ${(ms / 1000).toFixed(1)} s ` +
            `(${Math.round(ms / counties)} ms per county); peak RSS per worker ${rss.join(', ')} MB`,
        );
      } finally {
        for (const w of workers) w.child.kill('SIGTERM');
        await Promise.all(workers.map((w) => w.exited));
      }
    }
  } finally {
    await jobs.stop();
  }
  const one = results.find((r) => r.workers === 1);
  if (one) for (const r of results) console.log(`speed-up with ${r.workers}: ${(one.ms / r.ms).toFixed(2)}×`);
} finally {
  await handle.close();
  await admin.query(`drop schema if exists "${schema}" cascade`);
  await admin.query(`drop schema if exists "${schema}_queue" cascade`);
  await admin.end();
}
