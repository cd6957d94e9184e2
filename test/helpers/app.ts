/**
 * The HTTP app over a fresh test database (PGlite or PostgreSQL, see databases.ts) holding the given
 * data packages: the common start of every API test.
 *
 *   describe.each(databaseKinds)('… on %s', (kind) => {
 *     const town = useTestApp(kind, [TINY_TOWN_DIR], { tokens: { planner: 'planner A' } });
 *     it('…', async () => { await request(town.app).get(…).set(town.as('planner')).expect(200); });
 *   });
 */
import type { Express } from 'express';
import type { Kysely } from 'kysely';
import { loadConfig, type Config } from '../../server/config.js';
import type { Database } from '../../server/db/database.js';
import { createToken, type Role } from '../../server/db/tokens.repository.js';
import { type AppOptions, createApp } from '../../server/http/app.js';
import { importPackageFromFolder } from '../../server/import/index.js';
import { createJobServices } from '../../server/jobs/index.js';
import { openTestDatabase, sharedByBlock, TEST_JURISDICTIONS, type DatabaseKind, type TestDatabase } from './databases.js';

export interface TestApp extends TestDatabase {
  app: Express;
  /** The app's configuration (testConfig with the overrides it was opened with). */
  config: Config;
}

/**
 * The configuration of a test app: the environment's defaults with a silent log and without the web
 * client, then `overrides`.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent' }), clientDir: '/nonexistent', ...overrides };
}

/**
 * An app over `db` with its own analysis cache: openTestApp's, or a second app on a test app's
 * database with other settings (`testConfig({ … })`) or options (a logger to read). Its heavy work
 * runs in the process's compute pool, and its jobs in the process (the embedded mode's queue, on
 * either database: the server mode's queue has tests of its own, test/jobs/).
 */
export function createTestApp(db: Kysely<Database>, config: Config, options: AppOptions = {}): Express {
  const { analysis, jobs } = createJobServices(db, { ...config, databaseUrl: null }, { work: true });
  // Takes up jobs left unfinished in this database (none in a fresh one); a failure shows in the job's own test.
  jobs.start().catch(() => undefined);
  return createApp({ db, analysis, config, jobs }, options);
}

/**
 * Opens a migrated, isolated database of `kind`, imports `packages` (folders) in order, and builds the
 * app over it with testConfig(`config`).
 */
export async function openTestApp(kind: DatabaseKind, packages: string[], config: Partial<Config> = {}): Promise<TestApp> {
  const handle = await openTestDatabase(kind);
  try {
    for (const folder of packages) await importPackageFromFolder(handle.db, folder, { importedBy: 'test', packageName: folder });
  } catch (error) {
    await handle.close();
    throw error;
  }
  const appConfig = testConfig(config);
  return { ...handle, app: createTestApp(handle.db, appConfig), config: appConfig };
}

export interface TestAppOptions {
  /** Overrides of the environment's configuration. */
  config?: Partial<Config>;
  /**
   * The bearer tokens to create, one per role, each under the name the API records as its author
   * (`recordedBy`, `createdBy`, the audit log's `by`); created in this order.
   */
  tokens?: Partial<Record<Role, string>>;
  /** Time limit in ms for opening it all (importing a large package such as the Ouhai demo). */
  timeout?: number;
}

/** A TestApp with bearer tokens for some roles. */
export interface TestAppWithTokens extends TestApp {
  /** The `Authorization` header of the token created for `role` (see TestAppOptions.tokens). */
  as(role: Role): { Authorization: string };
}

/**
 * The app that the tests of the enclosing describe block share: opened by openTestApp in beforeAll,
 * with the tokens of `options.tokens`, and closed in afterAll. Read its fields inside tests and hooks.
 */
export function useTestApp(kind: DatabaseKind, packages: string[], options: TestAppOptions = {}): TestAppWithTokens {
  return sharedByBlock(async () => {
    const opened = await openTestApp(kind, packages, options.config);
    const tokens: Partial<Record<Role, string>> = {};
    try {
      for (const [role, name] of Object.entries(options.tokens ?? {}) as [Role, string][]) {
        tokens[role] = (await createToken(opened.db, { name, role, jurisdictions: role === 'admin' ? null : TEST_JURISDICTIONS })).token;
      }
    } catch (error) {
      await opened.close();
      throw error;
    }
    const as = (role: Role) => {
      const token = tokens[role];
      if (!token) throw new Error(`no ${role} token: add it to useTestApp's tokens`);
      return { Authorization: `Bearer ${token}` };
    };
    return { ...opened, as };
  }, options.timeout);
}
