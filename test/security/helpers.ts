/**
 * Shared by the security tests: an app on a test database with one token and one user per role, and
 * the scope of row checksums that prove a request changed no data.
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import request from 'supertest';
import type { Config } from '../../server/config.js';
import type { Database } from '../../server/db/database.js';
import { createToken, type Role } from '../../server/db/tokens.repository.js';
import { createUser } from '../../server/db/users.repository.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { createTestApp, openTestApp, type TestApp, testConfig } from '../helpers/app.js';
import type { ChecksumScope } from '../helpers/checksums.js';
import { type DatabaseKind, TEST_JURISDICTIONS } from '../helpers/databases.js';

export const ROOT = path.resolve(__dirname, '../..');
export const ROLE_LIST: Role[] = ['planner', 'bureau', 'admin'];
/** Every test user's password (bcrypt cost 4 in tests, so sign-ins stay fast). */
export const PASSWORD = 'correct horse battery';
const TEST_BCRYPT_COST = 4;

/**
 * Checksum scope (../helpers/checksums.ts) of every table, except state that a request may
 * legitimately change without changing any data: sessions (sign-in state) and when a token was last
 * used. Everything else must stay byte-for-byte the same.
 */
export const EXCEPT_SIGN_IN_STATE: ChecksumScope = {
  // Also what reads write legitimately: stored county summaries (computed once per data version, for
  // roll-ups) and the shared rate-limit counters.
  exceptTables: ['sessions', 'county_summaries', 'rate_limit_hits'],
  exceptColumns: { api_tokens: ['last_used_at'] },
};

export interface Credentials {
  /** Bearer token per role. */
  tokens: Record<Role, string>;
  /** A revoked and an expired admin token. */
  revokedToken: string;
  expiredToken: string;
  /** Users per role (name = `${role}-user`) and a disabled admin. */
  userNames: Record<Role, string>;
  disabledUserName: string;
}

export interface SecurityApp extends TestApp {
  credentials: Credentials;
  /** Another app on the same database, with other settings (e.g. without the raised rate limits). */
  appWith(overrides: Partial<Config>): TestApp['app'];
}

/** A fresh database with tiny-town, a token and a user per role, and an app on it. */
export async function openSecurityApp(kind: DatabaseKind, overrides: Partial<Config> = {}): Promise<SecurityApp> {
  const opened = await openTestApp(kind, [TINY_TOWN_DIR], overrides);
  try {
    return {
      ...opened,
      credentials: await createCredentials(opened.db),
      appWith: (other) => createTestApp(opened.db, testConfig(other)),
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

/** The tokens and users of Credentials, created in `db`. */
async function createCredentials(db: Kysely<Database>): Promise<Credentials> {
  const tokens = {} as Record<Role, string>;
  const userNames = {} as Record<Role, string>;
  for (const role of ROLE_LIST) {
    tokens[role] = (
      await createToken(db, { name: `${role} token`, role, jurisdictions: role === 'admin' ? null : TEST_JURISDICTIONS })
    ).token;
    userNames[role] = `${role}-user`;
    await createUser(
      db,
      { name: userNames[role], role, password: PASSWORD, jurisdictions: role === 'admin' ? null : TEST_JURISDICTIONS },
      TEST_BCRYPT_COST,
    );
  }
  const revoked = await createToken(db, { name: 'revoked admin', role: 'admin' });
  await db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', revoked.id).execute();
  const expired = await createToken(db, { name: 'expired admin', role: 'admin', expiresInDays: 1 });
  await db
    .updateTable('api_tokens')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('id', '=', expired.id)
    .execute();
  const disabled = (await createUser(db, { name: 'disabled-admin', role: 'admin', password: PASSWORD }, TEST_BCRYPT_COST))!;
  await disableUser(db, disabled.name);
  return { tokens, revokedToken: revoked.token, expiredToken: expired.token, userNames, disabledUserName: disabled.name };
}

/** Disables a user directly in the database (after signing them in, to test that it ends the session). */
export async function disableUser(db: Kysely<Database>, name: string): Promise<void> {
  await db.updateTable('users').set({ disabled: true }).where('name', '=', name).execute();
}

export interface BrowserSession {
  /** `tuowei_session=…` for a Cookie header. */
  cookie: string;
  csrfToken: string;
  /** The raw Set-Cookie header of the sign-in. */
  setCookie: string;
}

/** Signs in through the API like the web client. */
export async function signIn(app: SecurityApp['app'], name: string, password = PASSWORD): Promise<BrowserSession> {
  const res = await request(app).post('/api/session').send({ name, password });
  if (res.status !== 200) throw new Error(`sign-in of ${name} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('tuowei_session='));
  if (!setCookie) throw new Error('no session cookie set');
  return { cookie: setCookie.split(';')[0]!, csrfToken: res.body.csrfToken, setCookie };
}

/** `/api/jurisdictions/{id}/facilities/{fid}` → a concrete path; `{id}` is tiny-town, other parameters `value`. */
export function concretePath(template: string, value = '999999'): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => (name === 'id' ? 'tiny-town' : value));
}
