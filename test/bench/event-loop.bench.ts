/**
 * Event-loop benchmark (issue #15): how long `/api/health` takes while a bureau's county-sized upload is
 * previewed — the figure test/jobs/event-loop.test.ts bounds generously (p99 < 50 ms beyond the idle
 * p99), reported exactly here.
 *
 *   npx tsx test/bench/event-loop.bench.ts                 # the benchmark's county (scale 1)
 *   npx tsx test/bench/event-loop.bench.ts --scale 0.1     # the test's tenth of it
 *   npx tsx test/bench/event-loop.bench.ts --inline        # and the same preview on the event loop, for reference
 *
 * The county is the import benchmark's Shapefile set (test/bench/synthetic-county.ts: EPSG:4549, GBK
 * without .cpg, made by ogr2ogr and cached in the temp folder). The app runs in this process on embedded
 * PGlite with its compute pool, listening on loopback; health checks are sent one after another from
 * this process while the upload (POST /api/imports, multipart) is streamed, read, converted and checked.
 * References in the same run: the idle latency before, and with --inline the preview run on the event
 * loop itself, which is what a request would wait without the pool.
 */
import { mkdtempSync, openAsBlob, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createToken } from '../../server/db/tokens.repository.js';
import { listProfiles } from '../../server/db/profiles.repository.js';
import { previewImport } from '../../server/import/assemble.js';
import { sharedComputePool } from '../../server/jobs/index.js';
import { listenLocally } from '../helpers/health-timing.js';
import { openTestApp } from '../helpers/app.js';
import { syntheticCounty } from './synthetic-county.js';

const { values } = parseArgs({ options: { scale: { type: 'string' }, inline: { type: 'boolean' } } });
const scale = Number(values.scale ?? 1);
if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]');

function healthOnce(base: string): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(`${base}/api/health`, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - start) : reject(new Error(`health ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

/** Health latencies, one check after another, until `work` settles (checks ending after it are not counted). */
async function healthDuring(base: string, work: Promise<unknown>): Promise<{ latencies: number[]; ms: number }> {
  const start = performance.now();
  let working = true;
  const watched = work.finally(() => (working = false));
  const latencies: number[] = [];
  while (working) {
    const ms = await healthOnce(base);
    if (working) latencies.push(ms);
  }
  await watched;
  return { latencies, ms: performance.now() - start };
}

function stats(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN).toFixed(2);
  return `${sorted.length} checks, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`;
}

const county = syntheticCounty(2026, scale);
const names = readdirSync(county.shapefileDir).sort();
const files = names.map((name) => ({
  name,
  path: path.join(county.shapefileDir, name),
  size: statSync(path.join(county.shapefileDir, name)).size,
}));
const megabytes = files.reduce((sum, f) => sum + f.size, 0) / 1e6;
console.log(
  `Event-loop benchmark: county at scale ${scale} (${county.counts.townships} townships, ${county.counts.facilities.toLocaleString('en')} facilities, ` +
    `${county.counts.populationUnits.toLocaleString('en')} population units, ${county.counts.roadSegments.toLocaleString('en')} road segments; ` +
    `${files.length} files, ${megabytes.toFixed(1)} MB); ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(2)}`,
);

const importDir = mkdtempSync(path.join(os.tmpdir(), 'tuowei-bench-imports-'));
// A county's full set is more than the default 50 MB a request may carry (TUOWEI_MAX_BODY_MB).
const opened = await openTestApp('pglite', [], { importDir, rateLimitFactor: 10_000, maxBodyBytes: 500 * 1024 * 1024 });
const server = await listenLocally(opened.app);
try {
  const { token } = await createToken(opened.db, { name: 'bench', role: 'admin', jurisdictions: null });
  await sharedComputePool().warm();
  const idle: number[] = [];
  for (let i = 0; i < 500; i++) idle.push(await healthOnce(server.base));
  console.log(`idle:                        ${stats(idle)}`);

  const form = new FormData();
  for (const file of files) form.append('files', await openAsBlob(file.path), file.name);
  const upload = fetch(`${server.base}/api/imports`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form }).then(
    async (res) => {
      if (res.status !== 201) throw new Error(`the preview answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      return (await res.json()) as { layers: { layer: string; features: number }[] };
    },
  );
  const pooled = await healthDuring(server.base, upload);
  const layers = (await upload).layers.map((l) => `${l.layer} ${l.features.toLocaleString('en')}`).join(', ');
  console.log(`during the preview (pool):   ${stats(pooled.latencies)}; the preview took ${(pooled.ms / 1000).toFixed(1)} s (${layers})`);

  if (values.inline) {
    const profiles = await listProfiles(opened.db);
    // Started on this thread, which also answers the health checks: they wait for the preview's turns.
    const inline = await healthDuring(
      server.base,
      Promise.resolve().then(() => previewImport(files, undefined, { profiles })),
    );
    console.log(`during the preview (inline): ${stats(inline.latencies)}; the preview took ${(inline.ms / 1000).toFixed(1)} s`);
  }
} finally {
  await server.close();
  await opened.close();
  await sharedComputePool().close();
  rmSync(importDir, { recursive: true, force: true });
}
