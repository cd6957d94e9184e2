/**
 * Access control, proven by walking the route table (server/http/routes/index.ts) so that routes
 * added later are covered without touching this file: every route that is not public answers 401
 * without credentials (and with revoked, expired or malformed ones), 403 to every role below the one
 * it declares and to a cookie write without the CSRF token, and the database is unchanged afterwards.
 * A write that anyone may call must be listed in PUBLIC_WRITES with the reason.
 * Then the browser sign-in itself: cookie attributes, CSRF, sign-out, disabled users, admin routes.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/db/tokens.repository.js';
import { routes } from '../../server/http/routes/index.js';
import { tableChecksums } from '../helpers/checksums.js';
import { databaseKinds } from '../helpers/databases.js';
import {
  concretePath,
  disableUser,
  EXCEPT_SIGN_IN_STATE,
  openSecurityApp,
  PASSWORD,
  ROLE_LIST,
  type SecurityApp,
  signIn,
} from './helpers.js';

/** Writes anyone may call, each with the reason. Adding a public write means adding it here, on purpose. */
const PUBLIC_WRITES: Record<string, string> = {
  'POST /api/jurisdictions/{id}/compliance':
    'developers check a residential project from their own tools; computes, writes nothing; rate-limited',
  'POST /api/jurisdictions/{id}/proposals/evaluate': 'evaluates an unsaved what-if proposal; computes, writes nothing; rate-limited',
  'POST /api/jurisdictions/{id}/suggestions': 'suggests sites for new facilities; computes, writes nothing; rate-limited',
  'POST /api/jurisdictions/{id}/plans/schedule':
    'schedules openings to meet the yearly targets at least cost; computes, writes nothing; rate-limited',
  'POST /api/session': 'signing in (rate-limited)',
  'DELETE /api/session': 'signing out; checks the CSRF token while the session is valid',
};

const key = (route: { method: string; path: string }) => `${route.method.toUpperCase()} ${route.path}`;
const protectedRoutes = routes.filter((r) => r.access !== 'public');
const writeRoutes = routes.filter((r) => r.method !== 'get');

/** Roles that must be refused by a route needing `access` (admin may do everything). */
function refusedRoles(access: Role): Role[] {
  return ROLE_LIST.filter((role) => role !== access && role !== 'admin');
}

type Agent = ReturnType<typeof request>;
function send(app: SecurityApp['app'], route: { method: string; path: string }): request.Test {
  const agent = request(app) as Agent & Record<string, (url: string) => request.Test>;
  const test = agent[route.method]!(concretePath(route.path));
  return route.method === 'get' || route.method === 'delete' ? test : test.send({});
}

describe('the route table', () => {
  it('declares a known access level for every route, and every public write is listed with its reason', () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) expect(['public', 'planner', 'bureau', 'admin'], key(route)).toContain(route.access);
    const publicWrites = writeRoutes.filter((r) => r.access === 'public').map(key);
    const unlisted = publicWrites.filter((k) => !(k in PUBLIC_WRITES));
    expect(unlisted, 'public writes must be listed in PUBLIC_WRITES of test/security/access.test.ts, with the reason').toEqual([]);
    // And the list holds no stale entries that would hide a route turned public later.
    expect(Object.keys(PUBLIC_WRITES).filter((k) => !publicWrites.includes(k))).toEqual([]);
  });

  it('has no two routes with the same method and path', () => {
    const keys = routes.map(key);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });
});

describe.each(databaseKinds)('access on %s', (kind) => {
  let s: SecurityApp;
  beforeAll(async () => {
    s = await openSecurityApp(kind, { rateLimitFactor: 1000 });
  });
  afterAll(async () => s?.close());

  it('refuses every protected route without valid credentials (401), to lower roles and cookie writes without CSRF (403), writing nothing', async () => {
    const before = await tableChecksums(s.db, EXCEPT_SIGN_IN_STATE);
    const { tokens, revokedToken, expiredToken } = s.credentials;
    const sessions = Object.fromEntries(
      await Promise.all(ROLE_LIST.map(async (role) => [role, await signIn(s.app, s.credentials.userNames[role])])),
    );
    const failures: string[] = [];
    const expectStatus = (what: string, res: request.Response, status: number, code?: string) => {
      if (res.status !== status || (code && res.body?.error?.code !== code) || typeof res.body?.error?.message !== 'string') {
        failures.push(`${what}: got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}, want ${status}${code ? ` ${code}` : ''}`);
      }
    };
    for (const route of protectedRoutes) {
      const name = key(route);
      expectStatus(`${name} without credentials`, await send(s.app, route), 401, 'unauthorized');
      expectStatus(`${name} with a revoked token`, await send(s.app, route).set('Authorization', `Bearer ${revokedToken}`), 401);
      expectStatus(`${name} with an expired token`, await send(s.app, route).set('Authorization', `Bearer ${expiredToken}`), 401);
      expectStatus(`${name} with a made-up token`, await send(s.app, route).set('Authorization', 'Bearer tw_madeup'), 401);
      expectStatus(`${name} with Basic auth`, await send(s.app, route).set('Authorization', 'Basic YWRtaW46YWRtaW4='), 401);
      expectStatus(`${name} with a made-up cookie`, await send(s.app, route).set('Cookie', 'tuowei_session=ts_madeup'), 401);
      for (const role of refusedRoles(route.access as Role)) {
        expectStatus(
          `${name} with a ${role} token`,
          await send(s.app, route).set('Authorization', `Bearer ${tokens[role]}`),
          403,
          'forbidden',
        );
        const session = sessions[role]!;
        const viaCookie = send(s.app, route).set('Cookie', session.cookie);
        expectStatus(
          `${name} as a signed-in ${role}`,
          await (route.method === 'get' ? viaCookie : viaCookie.set('X-CSRF-Token', session.csrfToken)),
          403,
          'forbidden',
        );
      }
      if (route.method !== 'get') {
        // The right role (admin may do everything) but a cookie write without, or with a wrong, CSRF token.
        const admin = sessions.admin!;
        expectStatus(`${name} signed in without CSRF token`, await send(s.app, route).set('Cookie', admin.cookie), 403, 'csrf');
        expectStatus(
          `${name} signed in with another session's CSRF token`,
          await send(s.app, route).set('Cookie', admin.cookie).set('X-CSRF-Token', sessions.planner!.csrfToken),
          403,
          'csrf',
        );
      }
    }
    expect(failures).toEqual([]);
    expect(await tableChecksums(s.db, EXCEPT_SIGN_IN_STATE)).toEqual(before);
  });

  it('lets the declared role (and admin) past authentication on every protected route', async () => {
    const session = await signIn(s.app, s.credentials.userNames.admin);
    const failures: string[] = [];
    for (const route of protectedRoutes) {
      for (const role of [route.access as Role, 'admin' as const]) {
        // Nonexistent ids and empty bodies: the answer is the route's own (200, 400, 404, 422), never 401/403/5xx.
        const res = await send(s.app, route).set('Authorization', `Bearer ${s.credentials.tokens[role]}`);
        if ([401, 403].includes(res.status) || res.status >= 500)
          failures.push(`${key(route)} as ${role} token: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      }
      const viaCookie = send(s.app, route).set('Cookie', session.cookie).set('X-CSRF-Token', session.csrfToken);
      const res = await viaCookie;
      if ([401, 403].includes(res.status) || res.status >= 500)
        failures.push(`${key(route)} as signed-in admin: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  });

  it('signs in with a session cookie that is HttpOnly, SameSite=Strict, scoped to / and expires', async () => {
    const res = await request(s.app).post('/api/session').send({ name: 'bureau-user', password: PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ authenticated: true, via: 'session', user: { name: 'bureau-user', role: 'bureau' } });
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]!;
    expect(cookie).toMatch(/^tuowei_session=ts_[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=43200;/); // 12 hours
    // Plain http here, TUOWEI_COOKIE_SECURE=auto: not Secure (it is when the request came over https).
    expect(cookie).not.toMatch(/Secure/);
    // Only the hash of the cookie's token is stored.
    const token = cookie.slice('tuowei_session='.length, cookie.indexOf(';'));
    const stored = await s.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.some((r) => r.token_hash.includes(token))).toBe(false);
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('sets Secure on the cookie when configured, or when https is seen through a trusted proxy', async () => {
    const a = await request(s.appWith({ cookieSecure: true }))
      .post('/api/session')
      .send({ name: 'planner-user', password: PASSWORD })
      .expect(200);
    expect(String(a.headers['set-cookie'])).toMatch(/; Secure/);
    const proxied = s.appWith({ trustProxy: 'loopback' });
    const b = await request(proxied)
      .post('/api/session')
      .set('X-Forwarded-Proto', 'https')
      .send({ name: 'planner-user', password: PASSWORD })
      .expect(200);
    expect(String(b.headers['set-cookie'])).toMatch(/; Secure/);
    const c = await request(proxied).post('/api/session').send({ name: 'planner-user', password: PASSWORD }).expect(200);
    expect(String(c.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('refuses wrong passwords, unknown and disabled users alike with 401, and sets no cookie', async () => {
    for (const body of [
      { name: 'bureau-user', password: 'wrong password!' },
      { name: 'nobody', password: PASSWORD },
      { name: 'disabled-admin', password: PASSWORD },
      { name: 'bureau-user', password: `${PASSWORD}${'x'.repeat(80)}` },
    ]) {
      const res = await request(s.app).post('/api/session').set('Accept-Language', 'en').send(body).expect(401);
      expect(res.body.error).toMatchObject({
        code: 'invalid_credentials',
        message: 'unknown name or wrong password, or the user is disabled',
      });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    await request(s.app).post('/api/session').send({ name: 'bureau-user' }).expect(400);
  });

  it('tells who is signed in, with the CSRF token; a bearer caller is told its token', async () => {
    const session = await signIn(s.app, 'planner-user');
    const me = await request(s.app).get('/api/session').set('Cookie', session.cookie).expect(200);
    expect(me.body).toMatchObject({
      authenticated: true,
      via: 'session',
      user: { name: 'planner-user', role: 'planner' },
      csrfToken: session.csrfToken,
    });
    expect(Date.parse(me.body.expiresAt)).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    const anonymous = await request(s.app).get('/api/session').expect(200);
    expect(anonymous.body).toEqual({ authenticated: false, via: null, user: null, csrfToken: null, expiresAt: null });
    const tool = await request(s.app).get('/api/session').set('Authorization', `Bearer ${s.credentials.tokens.bureau}`).expect(200);
    expect(tool.body).toMatchObject({ authenticated: true, via: 'token', user: { name: 'bureau token', role: 'bureau' }, csrfToken: null });
    await request(s.app).get('/api/session').set('Authorization', `Bearer ${s.credentials.revokedToken}`).expect(401);
  });

  it('lets a signed-in admin write with the CSRF token; a bearer token needs none', async () => {
    const admin = await signIn(s.app, 'admin-user');
    const created = await request(s.app)
      .post('/api/admin/tokens')
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ name: 'ci pipeline', role: 'bureau', expiresInDays: 30, jurisdictions: ['tiny-town'] })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'ci pipeline', role: 'bureau' });
    expect(created.body.token).toMatch(/^tw_/);
    expect(Date.parse(created.body.expiresAt) - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
    await request(s.app)
      .post('/api/admin/tokens')
      .set('Authorization', `Bearer ${s.credentials.tokens.admin}`)
      .send({ name: 'tool', role: 'planner', jurisdictions: ['tiny-town'] })
      .expect(201);
    // GETs need no CSRF token.
    await request(s.app).get('/api/admin/tokens').set('Cookie', admin.cookie).expect(200);
  });

  it('creates, lists, revokes tokens: a revoked token stops working at once', async () => {
    const auth = { Authorization: `Bearer ${s.credentials.tokens.admin}` };
    const created = await request(s.app)
      .post('/api/admin/tokens')
      .set(auth)
      .send({ name: 'short-lived', role: 'bureau', jurisdictions: ['tiny-town'] })
      .expect(201);
    // Default lifetime: 365 days.
    expect(Math.round((Date.parse(created.body.expiresAt) - Date.now()) / 86_400_000)).toBe(365);
    const list = await request(s.app).get('/api/admin/tokens').set(auth).expect(200);
    const listed = list.body.find((t: any) => t.id === created.body.id);
    expect(listed).toMatchObject({ name: 'short-lived', role: 'bureau', revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    await request(s.app).get('/api/session').set('Authorization', `Bearer ${created.body.token}`).expect(200);
    await request(s.app).delete(`/api/admin/tokens/${created.body.id}`).set(auth).expect(200, { id: created.body.id, revoked: true });
    await request(s.app).delete(`/api/admin/tokens/${created.body.id}`).set(auth).expect(404);
    await request(s.app)
      .post('/api/jurisdictions/import')
      .set('Authorization', `Bearer ${created.body.token}`)
      .send({ files: {} })
      .expect(401);
    await request(s.app).post('/api/admin/tokens').set(auth).send({ name: 'x', role: 'root' }).expect(400);
    await request(s.app).post('/api/admin/tokens').set(auth).send({ name: 'x', role: 'bureau', expiresInDays: 0 }).expect(400);
  });

  it('creates and changes users; disabling or a new password ends their sessions; an admin cannot lock themselves out', async () => {
    const auth = { Authorization: `Bearer ${s.credentials.tokens.admin}` };
    const created = await request(s.app)
      .post('/api/admin/users')
      .set(auth)
      .send({ name: '李规划', role: 'planner', password: '托位-password-1', jurisdictions: ['tiny-town'] })
      .expect(201);
    expect(created.body).toMatchObject({ name: '李规划', role: 'planner', disabled: false });
    expect(created.body).not.toHaveProperty('password_hash');
    await request(s.app)
      .post('/api/admin/users')
      .set(auth)
      .send({ name: '李规划', role: 'planner', password: '托位-password-1', jurisdictions: ['tiny-town'] })
      .expect(409);
    const short = await request(s.app)
      .post('/api/admin/users')
      .set('Accept-Language', 'en')
      .set(auth)
      .send({ name: 'short', role: 'planner', password: 'short', jurisdictions: ['tiny-town'] })
      .expect(400);
    expect(short.body.error.issues[0]).toEqual({ path: 'body.password', message: 'a password needs at least 10 characters' });
    const session = await signIn(s.app, '李规划', '托位-password-1');
    expect((await request(s.app).get('/api/session').set('Cookie', session.cookie).expect(200)).body.authenticated).toBe(true);

    await request(s.app).patch(`/api/admin/users/${created.body.id}`).set(auth).send({}).expect(400);
    await request(s.app).patch(`/api/admin/users/${created.body.id}`).set(auth).send({ disabled: true }).expect(200);
    expect((await request(s.app).get('/api/session').set('Cookie', session.cookie).expect(200)).body.authenticated).toBe(false);
    await request(s.app).post('/api/session').send({ name: '李规划', password: '托位-password-1' }).expect(401);
    await request(s.app).patch('/api/admin/users/999999').set(auth).send({ disabled: false }).expect(404);

    const admin = await signIn(s.app, 'admin-user');
    const me = (await request(s.app).get('/api/admin/users').set(auth).expect(200)).body.find((u: any) => u.name === 'admin-user');
    const self = await request(s.app)
      .patch(`/api/admin/users/${me.id}`)
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', admin.csrfToken)
      .set('Accept-Language', 'en')
      .send({ disabled: true })
      .expect(422);
    expect(self.body.error.message).toMatch(/cannot disable themselves/);
  });

  it('ends a session when its user is disabled in the database, and on sign-out (which needs the CSRF token)', async () => {
    const bureau = await signIn(s.app, 'bureau-user');
    await request(s.app).delete('/api/session').set('Cookie', bureau.cookie).expect(403);
    const out = await request(s.app).delete('/api/session').set('Cookie', bureau.cookie).set('X-CSRF-Token', bureau.csrfToken).expect(200);
    expect(out.body.authenticated).toBe(false);
    expect(String(out.headers['set-cookie'])).toMatch(/tuowei_session=;.*Expires=Thu, 01 Jan 1970/);
    await request(s.app).get('/api/admin/tokens').set('Cookie', bureau.cookie).expect(401);
    // Signing out again, or without a session, is harmless.
    await request(s.app).delete('/api/session').set('Cookie', bureau.cookie).expect(200);
    await request(s.app).delete('/api/session').expect(200);

    const admin = await signIn(s.app, 'admin-user');
    await request(s.app).get('/api/admin/users').set('Cookie', admin.cookie).expect(200);
    await disableUser(s.db, 'admin-user');
    const ended = await request(s.app).get('/api/admin/users').set('Accept-Language', 'en').set('Cookie', admin.cookie).expect(401);
    expect(ended.body.error.message).toMatch(/sign in again/);
  });

  it('limits sign-in attempts per client', async () => {
    const limited = s.appWith({});
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (
          await request(limited)
            .post('/api/session')
            .send({ name: 'bureau-user', password: `guess ${i}` })
        ).status,
      );
    // 10 per minute: ten refusals, then 429.
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });
});
