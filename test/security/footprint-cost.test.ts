/**
 * The geometry work of one public compliance check is bounded (issue #14, OWASP API4): a self-intersecting
 * star footprint spanning a third of the district blocked the event loop for 58 s. Now such a footprint
 * is refused at once, and the worst footprint the public limits allow — the most vertices, simple, over a
 * third of the district — is answered well inside a second (the exact time is in test/bench/RESULTS.md).
 */
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { MAX_FOOTPRINT_VERTICES } from '../../server/schemas/compliance.js';
import { useTestApp } from '../helpers/app.js';

const ouhaiDemo = path.resolve(__dirname, '../../data/ouhai-demo');
/** Centre of the demo district's middle townships and a radius spanning about a third of it (degrees). */
const CENTRE: [number, number] = [120.6, 28.02];
const RADIUS = 0.09;

/** A closed ring of `n` vertices around CENTRE; `star` alternates radii with a step that makes it cross itself. */
function ring(n: number, star: boolean): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i < n - 1; i++) {
    const angle = star ? (i * 2 * Math.PI * 50) / (n - 1) : (i * 2 * Math.PI) / (n - 1);
    const r = star ? RADIUS * (i % 2 === 0 ? 1 : 0.45) : RADIUS * (0.85 + 0.15 * Math.sin(i / 7));
    points.push([CENTRE[0] + r * Math.cos(angle), CENTRE[1] + r * Math.sin(angle)]);
  }
  points.push(points[0]!);
  return points;
}

describe('cost of a compliance footprint on the demo district', () => {
  const demo = useTestApp('pglite', [ouhaiDemo], { config: { rateLimitFactor: 1000 }, timeout: 120_000 });
  const check = (coordinates: [number, number][][]) =>
    request(demo.app)
      .post('/api/jurisdictions/ouhai-demo/compliance')
      .set('Accept-Language', 'en')
      .send({ location: { type: 'Polygon', coordinates }, population: 3000, plannedSlots: 30 });

  it('refuses a self-intersecting star of 201 vertices at once, naming where it crosses itself', async () => {
    // The district is loaded (and its walking network built in the compute pool) by a first request, not timed.
    await request(demo.app).get('/api/jurisdictions/ouhai-demo/summary').expect(200);
    const started = performance.now();
    const res = await check([ring(201, true)]).expect(400);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res.body.error.issues[0]).toMatchObject({
      path: 'body.location.coordinates',
      message: expect.stringMatching(/crosses itself at/),
    });
  });

  it('answers the largest simple footprint the limits allow, over a third of the district, well inside a second', async () => {
    const coordinates = [ring(MAX_FOOTPRINT_VERTICES, false)];
    await check(coordinates).expect(200); // warm-up: the walking network is prepared on first use
    const started = performance.now();
    const res = await check(coordinates).expect(200);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res.body.township.footprintShare).toBeGreaterThan(0);
    await check([ring(MAX_FOOTPRINT_VERTICES + 1, false)]).expect(400);
  });
});
