/**
 * Load benchmark (`npm run bench:load`), loopback only and bounded in time; not part of `npm test`.
 *
 * Starts the service in this process on 127.0.0.1 (an ephemeral port) with the Ouhai demo in an
 * in-memory PGlite, warms each endpoint once, then drives each with autocannon — 50 concurrent
 * clients for `--duration` seconds (default 10; the issue's figure is `--duration 30`) — and prints
 * req/s, latency p50/p99 and errors (connection errors, timeouts and non-2xx answers), with the
 * process's resident memory before and after. `--soak` instead cycles through all endpoints for
 * 5 minutes (`--duration` overrides) and prints RSS every 30 s, to show memory does not grow.
 *
 * Rate limits are multiplied by TUOWEI_RATE_LIMIT_FACTOR (default here 1,000,000) so that the
 * compliance check is measured rather than refused. The server and autocannon share this process,
 * so RSS includes autocannon's own (small, steady) memory.
 *
 *   npm run bench:load                 # quick: 10 s per endpoint
 *   npm run bench:load -- --duration 30
 *   npm run bench:load -- --soak
 */
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createJobServices } from '../../server/jobs/index.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createApp } from '../../server/http/app.js';
import { routes } from '../../server/http/routes/index.js';
import { importPackageFromFolder } from '../../server/import/index.js';

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p99: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests?: AutocannonRequest[];
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeout?: number;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONNECTIONS = 50;
const SOAK_S = 300;
const SOAK_SAMPLE_S = 30;
const REQUEST_TIMEOUT_S = 30;

const { values } = parseArgs({ options: { duration: { type: 'string' }, soak: { type: 'boolean' } } });
const soak = values.soak === true;
const durationS = values.duration ? Number(values.duration) : soak ? SOAK_S : 10;
if (!(durationS > 0)) throw new Error('--duration must be a positive number of seconds');

const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

// ---- the service --------------------------------------------------------------------------------

const handle = await openDatabase({ inMemory: true });
await migrateToLatest(handle.db);
const demo = await importPackageFromFolder(handle.db, path.join(ROOT, 'data/ouhai-demo'), {
  importedBy: 'bench',
  packageName: 'ouhai-demo',
});
const id = demo.jurisdictionId;
const config = {
  ...loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }),
  rateLimitFactor: Number(process.env.TUOWEI_RATE_LIMIT_FACTOR ?? 1_000_000),
  clientDir: '/nonexistent',
};
const { analysis, jobs } = createJobServices(handle.db, config, { work: true });
await jobs.start();
const app = createApp({ db: handle.db, analysis, config, jobs });
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// A site inside the district: a demo facility's position, moved a little.
const facilities = (await (await fetch(`${base}/api/jurisdictions/${id}/facilities.geojson`)).json()) as {
  features: { geometry: { coordinates: [number, number] } }[];
};
const [lon, lat] = facilities.features[0]!.geometry.coordinates;
const site: [number, number] = [lon + 0.001, lat + 0.001];

interface Endpoint {
  name: string;
  request: AutocannonRequest;
}
const json = { 'content-type': 'application/json' };
const endpoints: Endpoint[] = [
  { name: 'GET jurisdictions', request: { path: '/api/jurisdictions' } },
  { name: 'GET summary', request: { path: `/api/jurisdictions/${id}/summary` } },
  { name: 'GET townships', request: { path: `/api/jurisdictions/${id}/townships` } },
  { name: 'GET townships.geojson', request: { path: `/api/jurisdictions/${id}/townships.geojson` } },
  { name: 'GET facilities.geojson', request: { path: `/api/jurisdictions/${id}/facilities.geojson` } },
  { name: 'GET uncovered (15 min)', request: { path: `/api/jurisdictions/${id}/uncovered?minutes=15` } },
  {
    name: 'POST compliance',
    request: {
      method: 'POST',
      path: `/api/jurisdictions/${id}/compliance`,
      headers: json,
      body: JSON.stringify({ location: site, households: 800, plannedSlots: 20 }),
    },
  },
];
const notes: string[] = [];
if (routes.some((r) => r.method === 'post' && r.path === '/api/jurisdictions/{id}/proposals/evaluate')) {
  endpoints.push({
    name: 'POST proposals/evaluate',
    request: {
      method: 'POST',
      path: `/api/jurisdictions/${id}/proposals/evaluate`,
      headers: json,
      body: JSON.stringify({ sites: [{ lon: site[0], lat: site[1], slots: 60 }] }),
    },
  });
} else {
  notes.push('POST /api/jurisdictions/{id}/proposals/evaluate does not exist yet: skipped.');
}

// Warm-up: the first request of each endpoint computes and caches (coverage, service areas).
for (const { name, request } of endpoints) {
  const res = await fetch(`${base}${request.path}`, {
    method: request.method ?? 'GET',
    headers: request.headers ?? {},
    ...(request.body ? { body: request.body } : {}),
  });
  if (!res.ok) throw new Error(`${name} answered ${res.status} during warm-up: ${(await res.text()).slice(0, 300)}`);
  await res.arrayBuffer();
}
global.gc?.();

// ---- the runs -----------------------------------------------------------------------------------

interface Row {
  endpoint: string;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  requests: number;
  errors: number;
  'RSS before': string;
  'RSS after': string;
}
const rows: Row[] = [];
const rssAtStart = process.memoryUsage().rss;

async function run(name: string, requests: AutocannonRequest[], seconds: number): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const result = await autocannon({ url: base, connections: CONNECTIONS, duration: seconds, requests, timeout: REQUEST_TIMEOUT_S });
  rows.push({
    endpoint: name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    'RSS before': mb(rssBefore),
    'RSS after': mb(process.memoryUsage().rss),
  });
}

console.log(
  `Tuowei load benchmark: ${base}, ${demo.counts.populationUnits} population units, ${demo.counts.roads} roads; ${CONNECTIONS} connections; ${soak ? `soak ${durationS} s over all endpoints` : `${durationS} s per endpoint`}`,
);
if (soak) {
  const samples: string[] = [mb(process.memoryUsage().rss)];
  const sampler = setInterval(() => samples.push(mb(process.memoryUsage().rss)), SOAK_SAMPLE_S * 1000);
  await run(
    `all ${endpoints.length} endpoints, cycled`,
    endpoints.map((e) => e.request),
    durationS,
  );
  clearInterval(sampler);
  notes.push(`RSS every ${SOAK_SAMPLE_S} s: ${samples.join(', ')}`);
} else {
  for (const endpoint of endpoints) await run(endpoint.name, [endpoint.request], durationS);
}
const rssAtEnd = process.memoryUsage().rss;

console.table(rows);
console.log(`RSS at start ${mb(rssAtStart)}, at end ${mb(rssAtEnd)} (server and autocannon share this process).`);
for (const note of notes) console.log(note);
const failed = rows.filter((r) => r.errors > 0);
if (failed.length > 0) console.log(`Errors on: ${failed.map((r) => r.endpoint).join(', ')}`);

await new Promise((resolve) => server.close(resolve));
await handle.close();
process.exit(failed.length > 0 ? 1 : 0);
