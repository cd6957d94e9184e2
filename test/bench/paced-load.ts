/**
 * An open-loop load at a fixed rate (test/bench/load.ts runs it in its own process): requests are due
 * every 1/rate seconds, evenly, whatever the answers do, over at most `connections` keep-alive
 * connections, and each latency is measured from the moment the request was due — not from when a
 * free connection let it go — so a stall shows in the percentiles instead of slowing the load (the
 * method of wrk2; "coordinated omission").
 *
 * Why not autocannon's --overallRate: it lets each connection send its quota for the second back to back
 * as soon as the second starts and then idle, so its latencies are those of saturation bursts; and it
 * back-fills samples at 1 ms intervals. `hey -q` paces each worker, but all workers tick together: bursts
 * of `connections` requests.
 *
 *   node --import tsx test/bench/paced-load.ts <url> <rate> <seconds> <connections> [method] [body]
 *
 * Prints one JSON line: { rate, sent, ok, errors, late, p50, p90, p99, p999, max } (ms). `late` counts
 * requests that could not be sent within 1 s of when they were due (every connection busy): then the
 * server does not sustain the rate.
 */
import http from 'node:http';

const [url, rateText, secondsText, connectionsText, method = 'GET', body] = process.argv.slice(2);
const rate = Number(rateText);
const seconds = Number(secondsText);
const connections = Number(connectionsText);
if (!url || !(rate > 0) || !(seconds > 0) || !(connections >= 1)) {
  throw new Error('usage: paced-load.ts <url> <rate> <seconds> <connections> [method] [body]');
}

const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const target = new URL(url);
const headers: http.OutgoingHttpHeaders = body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {};
const latencies: number[] = [];
let sent = 0;
let ok = 0;
let errors = 0;
let late = 0;

function send(dueAt: number): Promise<void> {
  return new Promise((resolve) => {
    const request = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method, headers, agent },
      (response) => {
        response.on('data', () => undefined);
        response.on('end', () => {
          latencies.push(performance.now() - dueAt);
          if (response.statusCode !== undefined && response.statusCode < 400) ok++;
          else errors++;
          resolve();
        });
      },
    );
    request.on('socket', () => {
      if (performance.now() - dueAt > 1000) late++;
    });
    request.on('error', () => {
      errors++;
      resolve();
    });
    request.end(body);
  });
}

const total = Math.round(rate * seconds);
const interval = 1000 / rate;
const start = performance.now() + 50;
const pending: Promise<void>[] = [];
await new Promise<void>((resolve) => {
  // Every millisecond, send what has fallen due (a timer cannot fire every 0.5 ms; the latency is still
  // taken from each request's own due time).
  const timer = setInterval(() => {
    const now = performance.now();
    while (sent < total && start + sent * interval <= now) {
      pending.push(send(start + sent * interval));
      sent++;
    }
    if (sent >= total) {
      clearInterval(timer);
      resolve();
    }
  }, 1);
});
await Promise.all(pending);
agent.destroy();

latencies.sort((a, b) => a - b);
const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN) * 10) / 10;
console.log(JSON.stringify({ rate, sent, ok, errors, late, p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: at(1) }));
