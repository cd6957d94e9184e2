/**
 * The HTTP app over a fresh test database (PGlite or PostgreSQL, see databases.ts) holding the given
 * data packages: the common start of every API test.
 */
import type { Express } from 'express';
import { AnalysisService } from '../../server/analysis/analysis-service.js';
import { loadConfig, type Config } from '../../server/config.js';
import { createApp } from '../../server/http/app.js';
import { importPackageFromFolder } from '../../server/import/index.js';
import { openTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';

export interface TestApp extends TestDatabase {
  app: Express;
}

/**
 * Opens a migrated, isolated database of `kind`, imports `packages` (folders) in order, and builds the
 * app over it without the web client. `config` overrides the environment's configuration.
 */
export async function openTestApp(kind: DatabaseKind, packages: string[], config: Partial<Config> = {}): Promise<TestApp> {
  const handle = await openTestDatabase(kind);
  try {
    for (const folder of packages) await importPackageFromFolder(handle.db, folder, { importedBy: 'test', packageName: folder });
  } catch (error) {
    await handle.close();
    throw error;
  }
  const app = createApp({
    db: handle.db,
    analysis: new AnalysisService(handle.db),
    config: { ...loadConfig({}), clientDir: '/nonexistent', ...config },
  });
  return { ...handle, app };
}
