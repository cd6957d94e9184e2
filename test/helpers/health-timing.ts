/**
 * Timing `/api/health` while heavy work runs, to show that the work leaves the event loop free: the app
 * listens on a loopback port, health checks are sent one after another until the work settles, and
 * their p99 is compared with the idle p99 of the same machine (a shared CI host has noise of its own).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { expect } from 'vitest';

/** An app listening on a free loopback port: its base URL, and how to stop it. */
export interface LocalServer {
  base: string;
  close(): Promise<void>;
}

export async function listenLocally(app: Express): Promise<LocalServer> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** GET `url`, the body read and dropped: its status. */
export function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

/** GET `url`: its status and its body parsed as JSON. */
export function getJson(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      })
      .on('error', reject);
  });
}

export function percentile99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
}

/**
 * /api/health latencies (ms), one request after another, until `work` settles; and its result. Each
 * must answer 200. `onlyWhileWorking`: a check that ends after the work has settled is not counted.
 */
export async function healthWhile<T>(
  base: string,
  work: Promise<T>,
  options: { onlyWhileWorking?: boolean } = {},
): Promise<{ latencies: number[]; result: T }> {
  let working = true;
  const watched = work.finally(() => (working = false));
  const latencies: number[] = [];
  while (working) {
    const start = performance.now();
    expect(await get(`${base}/api/health`)).toBe(200);
    if (working || !options.onlyWhileWorking) latencies.push(performance.now() - start);
  }
  return { latencies, result: await watched };
}

/** The idle p99 of /api/health: the machine's own noise (a shared CI host), with nothing else running. */
export async function idleP99(base: string): Promise<number> {
  const idle: number[] = [];
  for (let i = 0; i < 300; i++) {
    const start = performance.now();
    await get(`${base}/api/health`);
    idle.push(performance.now() - start);
  }
  return percentile99(idle);
}
