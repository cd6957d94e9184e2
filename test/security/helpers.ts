/**
 * Shared by the security tests: an app on a test database with one token and one user per role, and
 * row checksums of every table to prove a request changed nothing.
 */
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import request from 'supertest';
import { AnalysisService } from '../../server/analysis/analysis-service.js';
import { type Config, loadConfig } from '../../server/config.js';
import type { Database } from '../../server/db/database.js';
import { createToken, type Role } from '../../server/db/tokens.repository.js';
import { createUser } from '../../server/db/users.repository.js';
import { createApp } from '../../server/http/app.js';
import { importPackageFromFolder } from '../../server/import/index.js';
import { type DatabaseKind, openTestDatabase } from '../helpers/databases.js';

export const ROOT = path.resolve(__dirname, '../..');
export const tinyTownDir = path.resolve(ROOT, '../shared/examples/tiny-town');
export const ROLE_LIST: Role[] = ['planner', 'bureau', 'admin'];
/** Every test user's password (bcrypt cost 4 in tests, so sign-ins stay fast). */
export const PASSWORD = 'correct horse battery';
const TEST_BCRYPT_COST = 4;

/**
 * State that a request may legitimately change without changing any data: sessions (sign-in state)
 * and when a token was last used. Everything else must stay byte-for-byte the same.
 */
export const VOLATILE = { tables: new Set(['sessions']), columns: { api_tokens: new Set(['last_used_at']) } as Record<string, Set<string>> };

/**
 * md5 of every row of every table in the current schema (rows as text, sorted), except VOLATILE
 * state. Tables added by later migrations are included without listing them here.
 */
export async function tableChecksums(db: Kysely<Database>): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const sums: Record<string, string> = {};
  for (const { table_name: table } of tables.rows) {
    if (VOLATILE.tables.has(table)) continue;
    const columns = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
    const kept = columns.rows.map((c) => c.column_name).filter((c) => !VOLATILE.columns[table]?.has(c));
    const row = sql.join(kept.map((c) => sql.ref(`t.${c}`)));
    const result = await sql<{ sum: string; n: string }>`
      select md5(coalesce(string_agg(row(${row})::text, ',' order by row(${row})::text), '')) as sum, count(*)::text as n
      from ${sql.table(table)} as t`.execute(db);
    sums[table] = `${result.rows[0]!.n}:${result.rows[0]!.sum}`;
  }
  return sums;
}

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

export interface SecurityApp {
  app: ReturnType<typeof createApp>;
  db: Kysely<Database>;
  kind: DatabaseKind;
  config: Config;
  credentials: Credentials;
  /** Another app on the same database, with other settings (e.g. without the raised rate limits). */
  appWith(overrides: Partial<Config>): ReturnType<typeof createApp>;
  close(): Promise<void>;
}

/** A fresh database with tiny-town, a token and a user per role, and an app on it. */
export async function openSecurityApp(kind: DatabaseKind, overrides: Partial<Config> = {}): Promise<SecurityApp> {
  const handle = await openTestDatabase(kind);
  const { db } = handle;
  await importPackageFromFolder(db, tinyTownDir, { importedBy: 'test', packageName: 'tiny-town' });
  const tokens = {} as Record<Role, string>;
  const userNames = {} as Record<Role, string>;
  for (const role of ROLE_LIST) {
    tokens[role] = (await createToken(db, { name: `${role} token`, role })).token;
    userNames[role] = `${role}-user`;
    await createUser(db, { name: userNames[role], role, password: PASSWORD }, TEST_BCRYPT_COST);
  }
  const revoked = await createToken(db, { name: 'revoked admin', role: 'admin' });
  await db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', revoked.id).execute();
  const expired = await createToken(db, { name: 'expired admin', role: 'admin', expiresInDays: 1 });
  await db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', expired.id).execute();
  const disabled = (await createUser(db, { name: 'disabled-admin', role: 'admin', password: PASSWORD }, TEST_BCRYPT_COST))!;
  await disableUser(db, disabled.name);
  const base: Config = { ...loadConfig({ LOG_LEVEL: 'silent' }), clientDir: '/nonexistent' };
  const config: Config = { ...base, ...overrides };
  const app = createApp({ db, analysis: new AnalysisService(db), config });
  return {
    app,
    appWith: (other) => createApp({ db, analysis: new AnalysisService(db), config: { ...base, ...other } }),
    db,
    kind,
    config,
    credentials: { tokens, revokedToken: revoked.token, expiredToken: expired.token, userNames, disabledUserName: disabled.name },
    close: handle.close,
  };
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
