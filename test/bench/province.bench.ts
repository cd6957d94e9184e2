/**
 * Province benchmark (issue #15): the full recompute of a synthetic province (test/bench/province/) with
 * 1, 2 and 4 worker processes, and the roll-up's response time.
 *
 *   npx tsx test/bench/province.bench.ts                 # 4 counties at full county size (default)
 *   npx tsx test/bench/province.bench.ts --counties 12
 *   npx tsx test/bench/province.bench.ts --full          # all 90 counties (the issue's figure)
 *
 * Each worker is a child process running test/bench/province/worker.ts over the engine directly (not
 * through the job queue and PostgreSQL: the figure is the computation, not the loading of 65 million
 * residents' data); counties are dealt round-robin. A county is generated
 * (not timed) and then computed as the service computes it — walking graph and snap index, indicators,
 * coverage, summary record. The recompute time of a run is its wall time from the start signal to the
 * last county, minus generation: the largest Σ compute time over the workers, which, measured by the
 * wall clock, includes any wait for a CPU. Speed-up = time with 1 worker ÷ time with k. Peak memory is
 * each worker's max RSS (generation included).
 *
 * The roll-up: the summaries are stored in a fresh PostgreSQL schema under one province (TEST_DATABASE_URL)
 * and GET /api/jurisdictions/{province}/rollup and its map's rollup.geojson are timed through the app
 * (median of 30, after 5 warm-up).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { MultiPolygon } from 'geojson';
import type { AddressInfo } from 'node:net';
import type { CountySummaryRecord } from '../../server/analysis/summary.js';
import { storeCountySummary } from '../../server/db/county-summaries.repository.js';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createJobServices } from '../../server/jobs/index.js';
import { createApp } from '../../server/http/app.js';
import { testConfig } from '../helpers/app.js';
import { PROVINCE } from './province/synthetic-province.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { values } = parseArgs({ options: { counties: { type: 'string' }, full: { type: 'boolean' }, workers: { type: 'string' } } });
const counties = values.full ? PROVINCE.counties : Number(values.counties ?? 4);
const workerCounts = (values.workers ?? '1,2,4').split(',').map(Number);
if (!(counties >= 1 && counties <= PROVINCE.counties)) throw new Error(`--counties must be 1–${PROVINCE.counties}`);

interface RunResult {
  workers: number;
  recomputeMs: number;
  perCountyMs: number[];
  maxRssMb: number[];
  edges: number;
  units: number;
  records: Map<string, CountySummaryRecord>;
  outlines: Map<string, MultiPolygon | null>;
  outlineMs: number[];
}

async function run(workers: number): Promise<RunResult> {
  const result: RunResult = {
    workers,
    recomputeMs: 0,
    perCountyMs: [],
    maxRssMb: [],
    edges: 0,
    units: 0,
    records: new Map(),
    outlines: new Map(),
    outlineMs: [],
  };
  const jobs = Array.from({ length: workers }, (_, w) => Array.from({ length: counties }, (_, i) => i).filter((i) => i % workers === w));
  await Promise.all(
    jobs.map(
      (list) =>
        new Promise<void>((resolve, reject) => {
          const child = fork(path.join(import.meta.dirname, 'province/worker.ts'), [], { execArgv: ['--import', 'tsx'] });
          child.on('message', (m: { kind: string; [k: string]: unknown }) => {
            if (m.kind === 'county') {
              result.perCountyMs.push(m.ms as number);
              result.units += m.units as number;
              result.records.set(m.id as string, m.record as CountySummaryRecord);
              result.outlines.set(m.id as string, m.outline as MultiPolygon | null);
              result.outlineMs.push(m.outlineMs as number);
            } else if (m.kind === 'done') {
              result.recomputeMs = Math.max(result.recomputeMs, m.computeMs as number);
              result.maxRssMb.push(m.maxRssMb as number);
              result.edges += m.edges as number;
            }
          });
          child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
          child.send({ counties: list });
        }),
    ),
  );
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `Province benchmark: ${counties} of ${PROVINCE.counties} counties at full county size; ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(2)}`,
);
const runs: RunResult[] = [];
for (const w of workerCounts) {
  const r = await run(w);
  runs.push(r);
  console.log(
    `${w} worker(s): recompute ${Math.round(r.recomputeMs)} ms; per county median ${Math.round(median(r.perCountyMs))} ms; ` +
      `peak RSS per worker ${r.maxRssMb.join(', ')} MB; ${r.edges.toLocaleString('en')} directed edges, ${r.units.toLocaleString('en')} units; ` +
      `outline (townships dissolved and simplified) per county median ${median(r.outlineMs).toFixed(1)} ms`,
  );
}

// ---- the roll-up over the stored summaries ----------------------------------------------------------
const records = runs[0]!.records;
const schema = `bench_${randomBytes(4).toString('hex')}`;
const handle = await openDatabase({ databaseUrl: DATABASE_URL, schema });
let rollupMs: number;
let outlinesMs: number;
try {
  await migrateToLatest(handle.db);
  // The tree only: the counties' layers are not stored (a roll-up never reads them).
  await handle.db
    .insertInto('jurisdictions')
    .values([
      {
        id: 'province',
        name: 'Synthetic province',
        year: PROVINCE.year,
        profile_id: 'ouhai',
        own_profile: 'null',
        source_crs: 'WGS84',
        sources: null,
        data_version: 1,
        level: 'province',
      },
      ...[...records.keys()].map((id) => ({
        id,
        name: id,
        year: PROVINCE.year,
        profile_id: 'ouhai',
        own_profile: 'null',
        source_crs: 'WGS84',
        sources: null,
        data_version: 1,
        parent_id: 'province',
        level: 'county' as const,
      })),
    ])
    .execute();
  for (const [id, record] of records)
    await storeCountySummary(handle.db, {
      jurisdictionId: id,
      dataVersion: 1,
      year: PROVINCE.year,
      neighbourKey: '',
      record,
      outline: runs[0]!.outlines.get(id) ?? null,
    });
  const config = testConfig({ rateLimitFactor: 1e6 });
  const { analysis, jobs } = createJobServices(handle.db, { ...config, databaseUrl: null }, { work: false });
  const app = createApp({ db: handle.db, analysis, config, jobs });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/jurisdictions/province/rollup?year=${PROVINCE.year}`;
  const times: number[] = [];
  let body: { figures: { counties: number; population: number; slotsPer1000: number; coverage: Record<string, number> } } | null = null;
  for (let k = 0; k < 35; k++) {
    const started = performance.now();
    const res = await fetch(url);
    body = (await res.json()) as typeof body;
    if (k >= 5) times.push(performance.now() - started);
  }
  rollupMs = median(times);
  // The map's one request: every county's stored outline with its figures.
  const outlineTimes: number[] = [];
  let outlineBytes = 0;
  for (let k = 0; k < 35; k++) {
    const started = performance.now();
    const text = await (await fetch(url.replace('/rollup?', '/rollup.geojson?'))).text();
    if (k >= 5) outlineTimes.push(performance.now() - started);
    outlineBytes = Buffer.byteLength(text);
  }
  outlinesMs = median(outlineTimes);
  await new Promise((resolve) => server.close(resolve));
  console.log(
    `roll-up of ${body!.figures.counties} counties: median ${rollupMs.toFixed(1)} ms; population ${body!.figures.population.toLocaleString('en')}, ` +
      `${body!.figures.slotsPer1000.toFixed(2)} slots per 1,000, 15-min coverage ${(100 * body!.figures.coverage['15']!).toFixed(1)} %; ` +
      `its map (rollup.geojson): median ${outlinesMs.toFixed(1)} ms, ${Math.round(outlineBytes / 1024)} KiB`,
  );
} finally {
  await handle.close();
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`drop schema if exists "${schema}" cascade`);
  await admin.end();
}

const one = runs.find((r) => r.workers === 1);
console.log('\nMarkdown for test/bench/RESULTS.md:\n');
console.log('| workers | full recompute | speed-up | per county (median) | peak RSS per worker |\n|---|---|---|---|---|');
for (const r of runs)
  console.log(
    `| ${r.workers} | ${Math.round(r.recomputeMs)} ms | ${one ? (one.recomputeMs / r.recomputeMs).toFixed(2) : '–'}× | ${Math.round(median(r.perCountyMs))} ms | ${r.maxRssMb.join(', ')} MB |`,
  );
console.log(`| roll-up GET (${records.size} counties) | ${rollupMs.toFixed(1)} ms median | | | |`);
console.log(`| roll-up map GET (rollup.geojson, ${records.size} outlines) | ${outlinesMs.toFixed(1)} ms median | | | |`);
process.exit(0);
