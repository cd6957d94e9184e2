/**
 * Load benchmark (`npm run bench:load`), loopback only and bounded in time; not part of `npm test`.
 *
 * Everything runs in its own process, as in production: the Ouhai demo is imported once into a fresh
 * schema of the PostgreSQL server (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test;
 * dropped at the end), then 1 and then 2 API replicas are started (`tsx server/main.ts`, server mode:
 * LISTEN/NOTIFY and shared rate limits), and the autocannon CLI drives them from other processes — one
 * per replica at once, each with `--connections` connections (default 50), their req/s summed, as a
 * load balancer would spread them. Printed per endpoint and replica count: req/s, p50/p99 latency,
 * errors (non-2xx, timeouts), and each replica's RSS after the run.
 *
 * Rate limits are multiplied by TUOWEI_RATE_LIMIT_FACTOR (here 1,000,000) so that the compliance check
 * is measured rather than refused; it is still counted in PostgreSQL on every request.
 *
 *   npm run bench:load                                 # 10 s per endpoint, 1 and 2 replicas
 *   npm run bench:load -- --duration 5 --replicas 1    # brief
 *   npm run bench:load -- --cpu-prof                   # replicas write .cpuprofile files to ./.tuowei/prof
 *   npm run bench:load -- --no-rate                    # saturation only, without the runs at the goal rates
 *
 * Each endpoint runs first at saturation (every connection sends its next request when the answer
 * arrives: the req/s is the capacity, the latencies those of 50 requests always queued) and, where the
 * issue sets a throughput goal, again at that rate per replica, evenly paced from another process
 * (paced-load.ts, latency from each request's due time): its p99 is the latency a client sees at the
 * goal's load.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { importPackageFromFolder } from '../../server/import/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const AUTOCANNON = path.join(ROOT, 'node_modules/autocannon/autocannon.js');
const BASE_PORT = 3710;

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    connections: { type: 'string' },
    replicas: { type: 'string' },
    only: { type: 'string' },
    'cpu-prof': { type: 'boolean' },
    'no-rate': { type: 'boolean' },
  },
});
const durationS = Number(values.duration ?? 10);
const connections = Number(values.connections ?? 50);
const replicaCounts = (values.replicas ?? '1,2').split(',').map(Number);
if (!(durationS > 0) || !(connections > 0) || replicaCounts.some((n) => !(n >= 1)))
  throw new Error('bad --duration, --connections or --replicas');

// ---- the data -----------------------------------------------------------------------------------

const schema = `bench_${randomBytes(4).toString('hex')}`;
const setup = await openDatabase({ databaseUrl: DATABASE_URL, schema });
await migrateToLatest(setup.db);
const demo = await importPackageFromFolder(setup.db, path.join(ROOT, 'data/ouhai-demo'), {
  importedBy: 'bench',
  packageName: 'ouhai-demo',
});
await setup.close();
const id = demo.jurisdictionId;

// ---- the replicas -------------------------------------------------------------------------------

interface Replica {
  child: ChildProcess;
  url: string;
}

async function startReplica(index: number): Promise<Replica> {
  const port = BASE_PORT + index;
  const profDir = path.join(ROOT, '.tuowei/prof');
  if (values['cpu-prof']) mkdirSync(profDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), '--import', 'tsx', 'server/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL,
        TUOWEI_DB_SCHEMA: schema,
        PORT: String(port),
        HOST: '127.0.0.1',
        TUOWEI_DEMO_DIR: '',
        TUOWEI_CLIENT_DIR: '/nonexistent',
        TUOWEI_RATE_LIMIT_FACTOR: process.env.TUOWEI_RATE_LIMIT_FACTOR ?? '1000000',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('listening on http://')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`replica ${index} exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function stopReplica(r: Replica): Promise<void> {
  const exited = new Promise((resolve) => r.child.once('exit', resolve));
  r.child.kill('SIGTERM');
  await exited;
}

/** Resident memory of a process, from /proc (Linux), MB. */
function rssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

// ---- the endpoints ------------------------------------------------------------------------------

interface Endpoint {
  name: string;
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /**
   * The issue's throughput goal, req/s per replica. The endpoint is then run a second time at that rate,
   * evenly paced (paced-load.ts), because a latency goal ("p99 < 20 ms at 2,000 req/s") is a latency at
   * that load: at saturation every request also waits for the 49 others of its connections.
   */
  goalRate?: number;
}
const json = { 'content-type': 'application/json' };

async function endpoints(base: string): Promise<Endpoint[]> {
  const facilities = (await (await fetch(`${base}/api/jurisdictions/${id}/facilities.geojson`)).json()) as {
    features: { geometry: { coordinates: [number, number] } }[];
  };
  const [lon, lat] = facilities.features[0]!.geometry.coordinates;
  const site: [number, number] = [lon + 0.001, lat + 0.001];
  const summary = await fetch(`${base}/api/jurisdictions/${id}/summary`);
  const etag = summary.headers.get('etag') ?? '';
  const list: Endpoint[] = [
    { name: 'GET jurisdictions (cached)', path: '/api/jurisdictions' },
    { name: 'GET summary (cached)', path: `/api/jurisdictions/${id}/summary` },
    { name: 'GET summary, If-None-Match → 304', path: `/api/jurisdictions/${id}/summary`, headers: { 'if-none-match': etag } },
    { name: 'GET townships (cached)', path: `/api/jurisdictions/${id}/townships` },
    { name: 'GET townships.geojson (cached)', path: `/api/jurisdictions/${id}/townships.geojson` },
    { name: 'GET uncovered 15 min (cached)', path: `/api/jurisdictions/${id}/uncovered?minutes=15` },
    {
      name: 'POST compliance',
      method: 'POST',
      path: `/api/jurisdictions/${id}/compliance`,
      headers: json,
      body: JSON.stringify({ location: site, households: 800, plannedSlots: 20 }),
      goalRate: 2000,
    },
    {
      name: 'POST proposals/evaluate',
      method: 'POST',
      path: `/api/jurisdictions/${id}/proposals/evaluate`,
      headers: json,
      body: JSON.stringify({ sites: [{ lon: site[0], lat: site[1], slots: 60 }] }),
      goalRate: 1000,
    },
  ];
  return list.filter((e) => !values.only || e.name.includes(values.only));
}

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

async function cannon(url: string, e: Endpoint): Promise<CannonResult> {
  const args = [AUTOCANNON, '-j', '-c', String(connections), '-d', String(durationS), '-m', e.method ?? 'GET'];
  for (const [k, v] of Object.entries(e.headers ?? {})) args.push('-H', `${k}=${v}`);
  if (e.body) args.push('-b', e.body);
  args.push(url + e.path);
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as CannonResult;
}

interface PacedResult {
  sent: number;
  ok: number;
  errors: number;
  late: number;
  p50: number;
  p99: number;
}

/** `rate` requests per second, evenly paced, from another process (paced-load.ts). */
async function paced(url: string, e: Endpoint, rate: number): Promise<PacedResult> {
  const args = [
    '--import',
    'tsx',
    path.join(ROOT, 'test/bench/paced-load.ts'),
    url + e.path,
    String(rate),
    String(durationS),
    String(connections),
  ];
  args.push(e.method ?? 'GET', ...(e.body ? [e.body] : []));
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout) as PacedResult;
}

// ---- the runs -----------------------------------------------------------------------------------

interface Row {
  endpoint: string;
  replicas: number;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  requests: number;
  errors: number;
  'RSS per replica MB': string;
}
const rows: Row[] = [];
console.log(
  `Tuowei load benchmark: PostgreSQL schema ${schema}, ${demo.counts.populationUnits} population units, ${demo.counts.roads} roads; ` +
    `${connections} connections per replica, ${durationS} s per endpoint; ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(2)}`,
);
try {
  for (const count of replicaCounts) {
    const replicas: Replica[] = [];
    try {
      for (let i = 0; i < count; i++) replicas.push(await startReplica(i));
      const list = await endpoints(replicas[0]!.url);
      // Warm-up: every replica computes and caches each answer once, and V8 optimises the hot paths.
      for (const r of replicas)
        for (const e of list)
          for (let k = 0; k < 200; k++) {
            const res = await fetch(r.url + e.path, {
              method: e.method ?? 'GET',
              headers: e.headers ?? {},
              ...(e.body ? { body: e.body } : {}),
            });
            if (!res.ok && res.status !== 304) throw new Error(`${e.name} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
            await res.arrayBuffer();
          }
      for (const e of list) {
        const results = await Promise.all(replicas.map((r) => cannon(r.url, e)));
        const ok = (x: CannonResult) => x['2xx'] + (e.headers?.['if-none-match'] ? x.non2xx : 0);
        rows.push({
          endpoint: e.name,
          replicas: count,
          'req/s': Math.round(results.reduce((s, x) => s + x.requests.average, 0)),
          'p50 ms': Math.max(...results.map((x) => x.latency.p50)),
          'p99 ms': Math.max(...results.map((x) => x.latency.p99)),
          requests: results.reduce((s, x) => s + x.requests.total, 0),
          // A 304 is the expected answer of the If-None-Match row, not an error.
          errors: results.reduce((s, x) => s + x.errors + x.timeouts + (x.requests.total - ok(x) > 0 ? x.requests.total - ok(x) : 0), 0),
          'RSS per replica MB': replicas.map((r) => rssMb(r.child.pid)).join(', '),
        });
        console.log(JSON.stringify(rows[rows.length - 1]));
        if (!e.goalRate || values['no-rate']) continue;
        const rate = e.goalRate;
        const atRate = await Promise.all(replicas.map((r) => paced(r.url, e, rate)));
        rows.push({
          endpoint: `${e.name}, ${rate.toLocaleString('en')} req/s per replica, paced`,
          replicas: count,
          'req/s': Math.round(atRate.reduce((s, x) => s + x.ok, 0) / durationS),
          'p50 ms': Math.max(...atRate.map((x) => x.p50)),
          'p99 ms': Math.max(...atRate.map((x) => x.p99)),
          requests: atRate.reduce((s, x) => s + x.sent, 0),
          // A request that could not even be sent within a second of its time means the rate is not sustained.
          errors: atRate.reduce((s, x) => s + x.errors + x.late, 0),
          'RSS per replica MB': replicas.map((r) => rssMb(r.child.pid)).join(', '),
        });
        console.log(JSON.stringify(rows[rows.length - 1]));
      }
    } finally {
      for (const r of replicas) await stopReplica(r);
    }
  }
} finally {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`drop schema if exists "${schema}" cascade`);
  await admin.end();
}
console.table(rows);
const failed = rows.filter((r) => r.errors > 0);
if (failed.length > 0) console.log(`Errors on: ${failed.map((r) => `${r.endpoint} ×${r.replicas}`).join(', ')}`);
process.exit(failed.length > 0 ? 1 : 0);
