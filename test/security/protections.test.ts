/**
 * The protections in front of the routes: security headers and the CSP the client needs, CORS by
 * configuration, request ids in responses and logs, per-client rate limits on public routes, and
 * the body and GeoJSON size limits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { strToU8, zipSync } from 'fflate';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmetOptions, measureGeoJson } from '../../server/http/security.js';
import { tinyTownFiles } from '../import/tiny-town-files.js';
import { createTestApp } from '../helpers/app.js';
import { tableChecksums } from '../helpers/checksums.js';
import { databaseKinds, openTestDatabase } from '../helpers/databases.js';
import { EXCEPT_SIGN_IN_STATE, openSecurityApp, type SecurityApp } from './helpers.js';

/** A point inside tiny-town (grid point (2, 1) of test/http/compliance.test.ts). */
const inside: [number, number] = [120.646 + 0.00203 * 2, 27.9964 + 0.0018 * 1];

/** A closed square ring around `inside` with `n` positions. */
function ring(n: number): [number, number][] {
  const positions: [number, number][] = [];
  for (let i = 0; i < n - 1; i++) {
    const a = (2 * Math.PI * i) / (n - 1);
    positions.push([inside[0] + 0.001 * Math.cos(a), inside[1] + 0.001 * Math.sin(a)]);
  }
  positions.push(positions[0]!);
  return positions;
}

describe('measureGeoJson', () => {
  it('counts features and positions anywhere in a value, and nesting depth without recursion', () => {
    const files = tinyTownFiles();
    const size = measureGeoJson(files);
    // tiny-town: 3 townships + 5 facilities + 32 population points + 16 roads + 4 projects.
    expect(size.features).toBe(60);
    expect(measureGeoJson({ type: 'Polygon', coordinates: [ring(5)] })).toEqual({
      features: 0,
      vertices: 5,
      depth: 4,
      hasUnstorableText: false,
    });
    expect(measureGeoJson([1, 2])).toEqual({ features: 0, vertices: 1, depth: 1, hasUnstorableText: false });
    expect(measureGeoJson('text')).toEqual({ features: 0, vertices: 0, depth: 0, hasUnstorableText: false });
    expect(measureGeoJson({ a: [{ b: 'x\u0000y' }] }).hasUnstorableText).toBe(true);
    expect(measureGeoJson({ 'k\u0000': 1 }).hasUnstorableText).toBe(true);
    expect(measureGeoJson(files).hasUnstorableText).toBe(false);
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(measureGeoJson(deep).depth).toBe(65);
  });
});

describe.each(databaseKinds)('protections on %s', (kind) => {
  let s: SecurityApp;
  const clientDir = mkdtempSync(path.join(os.tmpdir(), 'tuowei-client-'));
  beforeAll(async () => {
    writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>托位</title>');
    s = await openSecurityApp(kind, { clientDir, rateLimitFactor: 1000 });
  });
  afterAll(async () => {
    rmSync(clientDir, { recursive: true, force: true });
    await s?.close();
  });

  it('sends security headers with a CSP the MapLibre client works under, on the page and the API', async () => {
    for (const url of ['/', '/api/health', '/api/no-such-route']) {
      const res = await request(s.app).get(url);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(res.headers['x-powered-by'], url).toBeUndefined();
      const csp = Object.fromEntries(
        String(res.headers['content-security-policy'])
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values]),
      );
      expect(csp['default-src']).toEqual(["'self'"]);
      expect(csp['script-src']).toEqual(["'self'"]);
      expect(csp['worker-src']).toEqual(["'self'", 'blob:']);
      expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
      expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
      expect(csp['connect-src']).toEqual(["'self'"]);
      expect(csp['object-src']).toEqual(["'none'"]);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
    }
    const withBasemap = s.appWith({ clientDir, basemapOrigins: ['https://tiles.example.cn'] });
    const csp = String((await request(withBasemap).get('/')).headers['content-security-policy']);
    expect(csp).toContain("connect-src 'self' https://tiles.example.cn;");
    expect(csp).toContain("img-src 'self' data: blob: https://tiles.example.cn;");
  });

  it('sends exactly the headers helmet itself sends, on reads and on answers to a POST', async () => {
    const express = (await import('express')).default;
    const helmet = (await import('helmet')).default;
    const reference = express().use(helmet(helmetOptions({ basemapOrigins: ['https://tiles.example.cn'] })));
    reference.all('/{*any}', (_req, res) => void res.json({}));
    const helmetHeaders = Object.fromEntries(
      Object.entries((await request(reference).get('/')).headers).filter(
        ([name]) => !/^(date|connection|keep-alive|etag|content-type|content-length)$/.test(name),
      ),
    );
    expect(Object.keys(helmetHeaders).length).toBeGreaterThanOrEqual(12);
    const app = s.appWith({ basemapOrigins: ['https://tiles.example.cn'] });
    for (const res of [
      await request(app).get('/api/health'),
      await request(app).post('/api/jurisdictions/tiny-town/compliance').send({ location: inside, households: 100, plannedSlots: 2 }),
    ]) {
      expect(res.status).toBe(200);
      for (const [name, value] of Object.entries(helmetHeaders)) expect(res.headers[name], name).toBe(value);
    }
  });

  it('allows no cross-origin browser calls by default, and only the configured origins otherwise (never with cookies)', async () => {
    const plain = await request(s.app).get('/api/jurisdictions').set('Origin', 'https://elsewhere.example').expect(200);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(s.app)
      .options('/api/jurisdictions/tiny-town/compliance')
      .set('Origin', 'https://elsewhere.example')
      .set('Access-Control-Request-Method', 'POST')
      .expect(403);
    expect(preflight.body.error.code).toBe('cors');

    const open = s.appWith({ corsOrigins: ['https://developer.example.cn'] });
    const allowed = await request(open).get('/api/jurisdictions').set('Origin', 'https://developer.example.cn').expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://developer.example.cn');
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    expect(allowed.headers.vary).toMatch(/Origin/);
    const ok = await request(open)
      .options('/api/jurisdictions/tiny-town/compliance')
      .set('Origin', 'https://developer.example.cn')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type')
      .expect(204);
    expect(ok.headers['access-control-allow-methods']).toContain('POST');
    expect(ok.headers['access-control-allow-headers']).toContain('Authorization');
    const other = await request(open).get('/api/jurisdictions').set('Origin', 'https://developer.example.cn.evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('echoes a plausible X-Request-Id, makes one otherwise, and logs each request with it (no secrets)', async () => {
    const lines: any[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const app = createTestApp(s.db, s.config, { logger });
    const echoed = await request(app).get('/api/health').set('X-Request-Id', 'client-42.a').expect(200);
    expect(echoed.headers['x-request-id']).toBe('client-42.a');
    for (const bad of ['has spaces', 'x'.repeat(200), '<script>']) {
      const res = await request(app).get('/api/health').set('X-Request-Id', bad).expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const secret = s.credentials.tokens.bureau;
    const refused = await request(app)
      .post('/api/jurisdictions/import')
      .set('Authorization', `Bearer ${s.credentials.tokens.planner}`)
      .send({ files: {} })
      .expect(403);
    await request(app).get('/api/session').set('Authorization', `Bearer ${secret}`).set('Cookie', 'tuowei_session=ts_secret').expect(200);
    const line = lines.find((l) => l.req?.id === 'client-42.a');
    expect(line).toMatchObject({ level: 30, req: { method: 'GET', path: '/api/health' }, res: { statusCode: 200 } });
    expect(typeof line.responseTime).toBe('number');
    const warn = lines.find((l) => l.req?.id === refused.headers['x-request-id']);
    expect(warn).toMatchObject({ level: 40, res: { statusCode: 403 } });
    const all = JSON.stringify(lines);
    expect(all).not.toContain(secret);
    expect(all).not.toContain('ts_secret');
  });

  it('limits each client on public routes, sharing one budget across public reads; protected routes are not counted', async () => {
    const app = s.appWith({ publicRateLimitPerMinute: 5 });
    const statuses: number[] = [];
    for (const url of [
      '/api/health',
      '/api/jurisdictions',
      '/api/jurisdictions/tiny-town',
      '/api/jurisdictions/tiny-town/summary',
      '/api/jurisdictions/nowhere',
    ]) {
      statuses.push((await request(app).get(url)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 404]);
    const limited = await request(app).get('/api/jurisdictions/tiny-town/townships').set('Accept-Language', 'en').expect(429);
    expect(limited.body.error).toEqual({
      code: 'too_many_requests',
      message: 'at most 5 requests per minute per client on public endpoints; retry later',
    });
    expect(limited.headers['ratelimit-policy']).toMatch(/^"5-in-1min"/);
    await request(app).get('/api/admin/tokens').set('Authorization', `Bearer ${s.credentials.tokens.admin}`).expect(200);
    // The compliance check keeps its own, stricter budget (60 per minute × factor).
    await request(app)
      .post('/api/jurisdictions/tiny-town/compliance')
      .send({ location: inside, population: 100, plannedSlots: 1 })
      .expect(200);
  });

  it('refuses NUL characters in parameters, queries and bodies with 400 naming where (PostgreSQL cannot store them)', async () => {
    const param = await request(s.app)
      .get('/api/jurisdictions/tiny-town/facilities/F%00/catchment')
      .set('Accept-Language', 'en')
      .expect(400);
    expect(param.body.error).toMatchObject({
      code: 'invalid_text',
      issues: [{ path: 'params.fid', message: 'must not contain the NUL character (U+0000)' }],
    });
    const query = await request(s.app).get('/api/jurisdictions/tiny-town/summary?year=2025%00').set('Accept-Language', 'en').expect(400);
    expect(query.body.error.issues[0].path).toBe('query.year');
    const files = tinyTownFiles();
    files['facilities.geojson'].features[2].properties.name = 'F3\u0000';
    const body = await request(s.app)
      .post('/api/jurisdictions/import')
      .set('Accept-Language', 'en')
      .set('Authorization', `Bearer ${s.credentials.tokens.bureau}`)
      .send({ files })
      .expect(400);
    expect(body.body.error.issues[0].path).toBe('body.files.facilities.geojson.features.2.properties.name');
  });

  it('answers /api/health while the process runs, and /api/ready 503 once the database is gone', async () => {
    expect((await request(s.app).get('/api/ready').expect(200)).body).toMatchObject({ status: 'ready' });
    const other = await openTestDatabase(kind);
    const app = createTestApp(other.db, s.config);
    await request(app).get('/api/ready').expect(200);
    await other.close();
    await request(app).get('/api/health').expect(200, { status: 'ok' });
    const gone = await request(app).get('/api/ready').set('Accept-Language', 'en').expect(503);
    expect(gone.body.error).toEqual({ code: 'not_ready', message: 'the database does not answer' });
  });

  it('refuses bodies over the route’s byte limit with 413', async () => {
    const res = await request(s.app)
      .post('/api/jurisdictions/tiny-town/compliance')
      .send({ location: inside, population: 100, plannedSlots: 1, padding: 'x'.repeat(300 * 1024) })
      .expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('refuses GeoJSON with more vertices or features than configured (413), and absurd nesting (400), writing nothing', async () => {
    const before = await tableChecksums(s.db, EXCEPT_SIGN_IN_STATE);
    const app = s.appWith({ publicLimits: { maxFeatures: 100, maxVertices: 50 }, uploadLimits: { maxFeatures: 20, maxVertices: 100_000 } });
    const footprint = (n: number) => ({ location: { type: 'Polygon', coordinates: [ring(n)] }, population: 100, plannedSlots: 1 });
    await request(app).post('/api/jurisdictions/tiny-town/compliance').set('Accept-Language', 'en').send(footprint(50)).expect(200);
    const tooMany = await request(app)
      .post('/api/jurisdictions/tiny-town/compliance')
      .set('Accept-Language', 'en')
      .send(footprint(51))
      .expect(413);
    expect(tooMany.body.error).toMatchObject({
      code: 'geojson_too_large',
      issues: [{ path: 'body', message: '51 coordinate positions; at most 50 are accepted' }],
      limits: { maxFeatures: 100, maxVertices: 50 },
    });

    const auth = { Authorization: `Bearer ${s.credentials.tokens.bureau}` };
    const json = await request(app)
      .post('/api/jurisdictions/import')
      .set('Accept-Language', 'en')
      .set(auth)
      .send({ files: tinyTownFiles() })
      .expect(413);
    expect(json.body.error.issues[0].message).toBe('60 GeoJSON features; at most 20 are accepted');
    const zipped = zipSync(
      Object.fromEntries(Object.entries(tinyTownFiles()).map(([name, content]) => [name, strToU8(JSON.stringify(content))])),
    );
    const zip = await request(app)
      .post('/api/jurisdictions/import')
      .set('Accept-Language', 'en')
      .set(auth)
      .set('Content-Type', 'application/zip')
      .send(Buffer.from(zipped))
      .expect(413);
    expect(zip.body.error.issues[0]).toEqual({ path: 'package', message: '60 GeoJSON features; at most 20 are accepted' });

    let deep: unknown = [inside];
    for (let i = 0; i < 80; i++) deep = [deep];
    const nested = await request(app)
      .post('/api/jurisdictions/tiny-town/compliance')
      .set('Accept-Language', 'en')
      .send({ location: deep, population: 1, plannedSlots: 1 })
      .expect(400);
    expect(nested.body.error.code).toBe('too_deep');

    // A zip bomb is refused from its directory, before inflating: 10 MB of zeros compress to ~10 kB.
    const bomb = zipSync({ 'population.geojson': new Uint8Array(10 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const refused = await request(s.appWith({ maxUnzippedBytes: 1024 * 1024 }))
      .post('/api/jurisdictions/import')
      .set(auth)
      .set('Accept-Language', 'en')
      .set('Content-Type', 'application/zip')
      .send(Buffer.from(bomb))
      .expect(422);
    expect(refused.body.error.issues[0].message).toBe('the archive unpacks to more than 1 MB');
    expect(await tableChecksums(s.db, EXCEPT_SIGN_IN_STATE)).toEqual(before);
  });
});
