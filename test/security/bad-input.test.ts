/**
 * Bad input, property-based (fast-check): to EVERY route of the route table, malformed, oversized,
 * wrongly typed, Unicode-heavy and injection-like path parameters, queries, headers and bodies.
 * Every answer must come in time, never be a 5xx, and every 4xx must be our JSON error naming the
 * problem; a write that is not public must be refused (4xx). Afterwards the database must be
 * byte-for-byte unchanged (row checksums of every table, except sign-in state), on both databases.
 *
 * Requests are generated per route from its own declaration: parameter names from the path, query
 * and body keys from its zod schemas (as JSON Schema), so routes added later are fuzzed as well.
 * A non-public write is only sent input that fails at least one of its schemas — otherwise it would
 * be a valid request, which may rightly succeed — and never an id that exists (see `junkId`).
 *
 * Runs per route: TUOWEI_FUZZ_RUNS (default 30). A failure prints fast-check's seed and the
 * shrunk request; replay with `seed` and `path` in fc.assert's options.
 */
import type { Server } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RouteSpec } from '../../server/http/route.js';
import { routes } from '../../server/http/routes/index.js';
import { tableChecksums } from '../helpers/checksums.js';
import { databaseKinds } from '../helpers/databases.js';
import { EXCEPT_SIGN_IN_STATE, openSecurityApp, type SecurityApp, signIn } from './helpers.js';

/** A full garbage collection, so the memory measured is what the service keeps. */
v8.setFlagsFromString('--expose_gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const RUNS = Number(process.env.TUOWEI_FUZZ_RUNS ?? 30);
/** An answer slower than this counts as a hang. */
const REQUEST_TIMEOUT_MS = 15_000;

// ---- junk -----------------------------------------------------------------------------------------

const INJECTIONS = [
  "' OR '1'='1",
  "'; drop table jurisdictions; --",
  '" or 1=1 --',
  '1; select pg_sleep(10)',
  "tiny-town' --",
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '${jndi:ldap://x.example/a}',
  '{{7*7}}',
  '%00',
  '\u0000',
  '\uD800',
  '\uDFFF\uD800',
  '\u202E\u0645\u0631\u062D\u0628\u0627',
  '托位🏠👶🏽‍🍼\u200D\uFE0F',
  'Z̸̡̢͓̈́a̵̧̛l̷g̴o̶',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1',
  '0',
  '-0',
  '0x10',
  '1.5',
  '9007199254740993',
  '99999999999999999999',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '',
  ' ',
  '\t\r\n',
  '%',
  '%E0%A4%A',
  'a'.repeat(5_000),
];
const LONG_TEXT = '托'.repeat(200_000);

/** Odd numbers JSON can carry (NaN and Infinity cannot: they become null). */
const oddNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 0.5, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1990, 2100, 2025, 15, 180.0001, -90.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

const junkString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: oddNumber.map(String) },
);

/** Positions and rings that are wrong in the ways GIS data is wrong. */
const badCoordinates = fc.oneof(
  fc.constant([]),
  fc.constant([[]]),
  fc.constant([
    [
      [120.65, 27.99],
      [120.66, 27.99],
      [120.66, 28.0],
    ],
  ]), // unclosed, too short
  fc.constant([
    [
      [120.65, 27.99],
      [120.66, 28.0],
      [120.66, 27.99],
      [120.65, 28.0],
      [120.65, 27.99],
    ],
  ]), // self-intersecting bow-tie
  fc.constant([
    [
      [179.9, 10],
      [-179.9, 10],
      [-179.9, 11],
      [179.9, 11],
      [179.9, 10],
    ],
  ]), // across the antimeridian
  fc.constant([
    [
      [200, 100],
      [-200, -100],
      [0, 0],
      [200, 100],
    ],
  ]), // out of range
  fc.constant([
    [
      ['120.65', '27.99'],
      [null, null],
      [true, false],
      ['a', 'b'],
    ],
  ]),
  fc.constant([120.65]),
  fc.constant([120.65, 27.99, 5, 6, 7]),
  fc.constant([[[[[[[[120.65, 27.99]]]]]]]]),
  fc.constant(Array.from({ length: 20_000 }, (_, i) => [120 + i * 1e-5, 28])), // many vertices
  fc.array(fc.tuple(oddNumber, oddNumber), { maxLength: 8 }),
);

const badGeometry = fc.record(
  {
    type: fc.constantFrom(
      'Point',
      'Polygon',
      'MultiPolygon',
      'LineString',
      'GeometryCollection',
      'Feature',
      'FeatureCollection',
      'polygon',
      '',
    ),
    coordinates: badCoordinates,
    features: fc.constantFrom(
      [],
      [null],
      [{ type: 'Feature' }],
      Array.from({ length: 2_000 }, () => ({ type: 'Feature', geometry: null, properties: {} })),
    ),
  },
  { requiredKeys: ['type'] },
);

const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: junkString },
  { weight: 3, arbitrary: oddNumber },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: badGeometry },
  { weight: 1, arbitrary: badCoordinates },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, LONG_TEXT, [LONG_TEXT]) },
);

/** A junk path segment, already percent-encoded (and sometimes deliberately badly). */
const junkSegment = fc.oneof(
  { weight: 6, arbitrary: junkString.filter((s) => s.length > 0).map(encodeSegment) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%FF%FE', '%C0%AF', '%2e%2e', '%2F', '..', '.') },
);

/** encodeURIComponent, which throws on a lone surrogate; those are sent as the bytes of U+FFFD. */
function encodeSegment(text: string): string {
  return [...text].map((ch) => (/[\uD800-\uDFFF]/.test(ch) ? '%EF%BF%BD' : encodeURIComponent(ch))).join('');
}

/**
 * No junk may name a row that exists — a DELETE of facility "F1" or token 1 is valid, not bad input:
 * numbers that could be ids and short strings (tiny-town's ids are short) are left out.
 */
function junkId(segment: string): boolean {
  let text: string;
  try {
    text = decodeURIComponent(segment);
  } catch {
    return true;
  }
  const n = Number(text);
  if (text.trim() !== '' && Number.isFinite(n) && n >= 1 && n <= 1e7) return false;
  return text.length > 3 || ['', ' ', '.', '..', '%', '-1', '0', '-0'].includes(text);
}

// ---- requests per route -------------------------------------------------------------------------

type Credential = 'none' | 'admin-token' | 'junk-authorization' | 'admin-cookie' | 'admin-cookie-without-csrf' | 'junk-cookie';
type BodyKind = { kind: 'json'; value: unknown } | { kind: 'text'; contentType: string; text: string } | { kind: 'none' };

interface FuzzRequest {
  params: Record<string, string>;
  /** Query string without "?". */
  query: string;
  body: BodyKind;
  credential: Credential;
}

/** Property names of an object schema, read from its JSON Schema (empty when it has none). */
function schemaKeys(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  try {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
    return Object.keys(json.properties ?? {});
  } catch {
    return [];
  }
}

const MALFORMED_JSON = [
  '{"a":',
  '[',
  '{"__proto__": {"polluted": true}}',
  '\uFEFF{}',
  'null',
  '"text"',
  '1e999999',
  '{"a": 1, "a": 2}',
  '{'.repeat(10_000),
  `[${'1,'.repeat(100_000)}1]`,
];

function requestArbitrary(route: RouteSpec<any, any, any>): fc.Arbitrary<FuzzRequest> {
  const names = [...route.path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!);
  // The jurisdiction stays valid half the time, so the other parts reach deeper code.
  const param = (name: string) => (name === 'id' ? fc.oneof(fc.constant('tiny-town'), junkSegment) : junkSegment.filter(junkId));
  const params = fc.record(Object.fromEntries(names.map((n) => [n, param(n)])));
  const queryKeys = [...schemaKeys(route.query), 'format', 'limit', '__proto__'];
  const query = fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...queryKeys), junkString), fc.oneof(junkString, oddNumber.map(String))), { maxLength: 4 })
    .map((pairs) => pairs.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&'));
  const bodyKeys = schemaKeys(route.body);
  const schemaShaped = bodyKeys.length
    ? fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...bodyKeys) }, { weight: 1, arbitrary: junkString }), junkValue, {
        maxKeys: bodyKeys.length + 1,
      })
    : fc.dictionary(junkString, junkValue, { maxKeys: 3 });
  const body: fc.Arbitrary<BodyKind> =
    route.method === 'get'
      ? fc.constant({ kind: 'none' as const })
      : fc.oneof(
          { weight: 6, arbitrary: schemaShaped.map((value) => ({ kind: 'json' as const, value })) },
          { weight: 2, arbitrary: junkValue.map((value) => ({ kind: 'json' as const, value })) },
          {
            weight: 1,
            arbitrary: fc.constantFrom(...MALFORMED_JSON).map((text) => ({ kind: 'text' as const, contentType: 'application/json', text })),
          },
          {
            weight: 1,
            arbitrary: fc
              .tuple(
                fc.constantFrom(
                  'text/plain',
                  'application/zip',
                  'application/x-www-form-urlencoded',
                  'application/json; charset=utf-16',
                  'multipart/form-data; boundary=x',
                ),
                junkString,
              )
              .map(([contentType, text]) => ({ kind: 'text' as const, contentType, text })),
          },
          { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
        );
  const credential = fc.oneof(
    { weight: 6, arbitrary: fc.constant<Credential>('admin-token') },
    { weight: 2, arbitrary: fc.constant<Credential>('admin-cookie') },
    { weight: 1, arbitrary: fc.constantFrom<Credential>('none', 'junk-authorization', 'admin-cookie-without-csrf', 'junk-cookie') },
  );
  return fc.record({ params, query, body, credential });
}

/** Whether the request, as the server will parse it, satisfies every schema of the route. */
function passesSchemas(route: RouteSpec<any, any, any>, r: FuzzRequest): boolean {
  // A multipart upload (POST /api/imports) is read by the route itself; no fuzzed body is a form with files.
  if (route.multipartForm) return false;
  if (route.params) {
    let decoded: Record<string, string>;
    try {
      decoded = Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, decodeURIComponent(v)]));
    } catch {
      return false;
    }
    if (!route.params.safeParse(decoded).success) return false;
  }
  if (route.query) {
    const parsed = parseQuery(r.query);
    if (!route.query.safeParse(parsed).success) return false;
  }
  if (route.body) {
    // A body the JSON parser does not take (other media type, or none) arrives as {}.
    const value = r.body.kind === 'json' ? r.body.value : r.body.kind === 'text' && r.body.contentType === 'application/json' ? null : {};
    if (value === null) return false;
    if (r.body.kind === 'text' && route.bodyMediaTypes?.includes(r.body.contentType)) return false; // junk zip bytes
    if (!route.body.safeParse(value).success) return false;
  }
  return true;
}

function concrete(route: RouteSpec<any, any, any>, r: FuzzRequest): string {
  const path = route.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => r.params[name]!);
  return r.query ? `${path}?${r.query}` : path;
}

// ---- the properties -----------------------------------------------------------------------------

const key = (route: { method: string; path: string }) => `${route.method.toUpperCase()} ${route.path}`;

describe.each(databaseKinds)('bad input to every route on %s', (kind) => {
  let s: SecurityApp;
  let server: Server;
  let cookie: { cookie: string; csrfToken: string };
  let before: Record<string, string>;

  beforeAll(async () => {
    s = await openSecurityApp(kind, { rateLimitFactor: 1e6 });
    cookie = await signIn(s.app, s.credentials.userNames.admin);
    server = s.app.listen(0, '127.0.0.1');
    before = await tableChecksums(s.db, EXCEPT_SIGN_IN_STATE);
    collectGarbage();
    rssAtStart = process.memoryUsage().rss;
  });
  afterEach(async () => {
    // DELETE /api/session may have signed the shared session out: sign in again for the next route.
    const me = await request(server).get('/api/session').set('Cookie', cookie.cookie);
    if (!me.body.authenticated) cookie = await signIn(s.app, s.credentials.userNames.admin);
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await s?.close();
  });

  /** Routes that answered once already (their later answers are timed). */
  const answered = new Set<string>();
  let rssAtStart = 0;

  for (const route of routes) {
    it(`${key(route)}: never 5xx or a hang; 4xx carry a JSON error naming the problem`, async () => {
      const protectedWrite = route.method !== 'get' && route.access !== 'public';
      await fc.assert(
        fc.asyncProperty(requestArbitrary(route), async (r) => {
          if (protectedWrite) fc.pre(!passesSchemas(route, r));
          const agent = request(server) as unknown as Record<string, (url: string) => request.Test>;
          let test = agent[route.method]!(concrete(route, r)).timeout(REQUEST_TIMEOUT_MS);
          if (r.credential === 'admin-token') test = test.set('Authorization', `Bearer ${s.credentials.tokens.admin}`);
          if (r.credential === 'junk-authorization') test = test.set('Authorization', "Bearer ' OR 1=1 --");
          if (r.credential === 'admin-cookie') test = test.set('Cookie', cookie.cookie).set('X-CSRF-Token', cookie.csrfToken);
          if (r.credential === 'admin-cookie-without-csrf') test = test.set('Cookie', cookie.cookie);
          if (r.credential === 'junk-cookie') test = test.set('Cookie', 'tuowei_session=%E0%A4%A; tuowei_session=ts_x');
          if (r.body.kind === 'json') test = test.set('Content-Type', 'application/json').send(JSON.stringify(r.body.value) ?? 'null');
          if (r.body.kind === 'text') test = test.set('Content-Type', r.body.contentType).send(r.body.text);
          const started = performance.now();
          const res = await test.ok(() => true);
          const elapsedMs = performance.now() - started;
          const what = `${route.method.toUpperCase()} ${concrete(route, r).slice(0, 300)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          expect(res.status, what).toBeLessThan(500);
          // A public request never holds the service: an answer within a second (issue #14), after the
          // route's first answer, which may prepare the jurisdiction's walking network.
          if (route.access === 'public' && answered.has(key(route))) expect(elapsedMs, what).toBeLessThan(1000);
          answered.add(key(route));
          if (res.status >= 400) {
            expect(res.headers['content-type'], what).toMatch(/^application\/json/);
            expect(typeof res.body?.error?.code, what).toBe('string');
            expect(res.body.error.message, what).toMatch(/\S/);
          }
          if (protectedWrite) expect(res.status, what).toBeGreaterThanOrEqual(400);
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
      );
    });
  }

  it('left the database byte-for-byte unchanged, the service answering and its memory bounded', async () => {
    collectGarbage();
    const grownMb = (process.memoryUsage().rss - rssAtStart) / 2 ** 20;
    expect(grownMb, `RSS grew ${grownMb.toFixed(0)} MB over every fuzzed request`).toBeLessThan(300);
    expect(await tableChecksums(s.db, EXCEPT_SIGN_IN_STATE)).toEqual(before);
    await request(server).get('/api/jurisdictions/tiny-town/summary').expect(200);
    await request(server).get('/api/ready').expect(200);
  });
});
