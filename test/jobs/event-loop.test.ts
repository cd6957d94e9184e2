/**
 * The event loop stays free while heavy work runs in the compute pool: a synthetic city's walking
 * network is built and its coverage computed (the work of a jurisdiction's first request), and
 * meanwhile `/api/health` is asked again and again, one request after another. Its p99 must stay
 * under 50 ms — a generous bound (issue #15) for an answer of well under a millisecond, which the same
 * work run inline would hold up for its whole duration (seconds). On a shared, loaded machine the idle
 * p99 alone can exceed 50 ms (measured 78 ms at load average 19 on 2 cores), so the bound is 50 ms on
 * top of the idle p99 measured in the same run. Also checks the pool's results are those of
 * the engine run inline.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/engine/coverage/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { sharedComputePool } from '../../server/jobs/index.js';
import { syntheticCity } from '../fixtures/synthetic-city.js';
import { openTestApp, type TestApp } from '../helpers/app.js';

const city = syntheticCity({
  seed: 15,
  gridSide: 220,
  blockM: 80,
  jitterM: 20,
  diagonals: 200,
  populationUnits: 60_000,
  facilities: 300,
  townshipsPerSide: 3,
  origin: [120.45, 27.85],
}).data;

function percentile99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

describe('event loop while the compute pool works', () => {
  let town: TestApp;
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    town = await openTestApp('pglite', [], { rateLimitFactor: 10_000 });
    server = town.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Start the pool's thread now, so the measurement sees the work and not a thread starting.
    await sharedComputePool().buildNetwork([], city.profile.parameters);
  }, 180_000);
  afterAll(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    await town?.close();
  });

  it('answers /api/health with p99 under 50 ms (beyond the idle p99) while a network is built and coverage computed', async () => {
    const pool = sharedComputePool();
    // The machine's own noise (a shared CI host): p99 of the same requests with nothing else running.
    const idle: number[] = [];
    for (let i = 0; i < 300; i++) {
      const start = performance.now();
      await get(`${base}/api/health`);
      idle.push(performance.now() - start);
    }
    const idleP99 = percentile99(idle);
    let working = true;
    const work = (async () => {
      const network = await pool.buildNetwork(city.roads, city.profile.parameters);
      const coverage = await pool.coverage({ data: city, network }, city.year);
      return { network, coverage };
    })().finally(() => (working = false));
    const latencies: number[] = [];
    while (working) {
      const start = performance.now();
      expect(await get(`${base}/api/health`)).toBe(200);
      latencies.push(performance.now() - start);
    }
    const { network, coverage } = await work;
    const p99 = percentile99(latencies);
    // Many requests ran during the work: the measurement saw it.
    expect(latencies.length).toBeGreaterThan(50);
    // Inline, the health checks would wait for the whole build and coverage run (seconds).
    expect(p99).toBeLessThan(50 + idleP99);

    // The same results as the engine inline.
    const inline = prepareWalkNetwork(city.roads, city.profile.parameters);
    expect(network.graph!.segmentCount).toBe(inline.graph!.segmentCount);
    expect(
      Buffer.from(network.graph!.segmentLengthM.buffer, network.graph!.segmentLengthM.byteOffset, network.graph!.segmentLengthM.byteLength),
    ).toEqual(Buffer.from(inline.graph!.segmentLengthM.buffer));
    expect(coverage).toEqual(computeCoverage(city, inline, city.year));
  }, 120_000);
});
