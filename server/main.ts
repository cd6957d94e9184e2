/**
 * Starts the service: opens the database (embedded PGlite, or PostgreSQL when DATABASE_URL is set),
 * applies migrations, imports the demo package when the database holds no jurisdiction, and serves
 * the API and the web client.
 */
import { existsSync } from 'node:fs';
import { AnalysisService } from './analysis/analysis-service.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { isDatabaseEmpty } from './db/jurisdictions.repository.js';
import { migrateToLatest } from './db/migrate.js';
import { createApp } from './http/app.js';
import { importPackageFromFolder } from './import/index.js';

const config = loadConfig();
const started = Date.now();
const database = await openDatabase({ databaseUrl: config.databaseUrl ?? undefined, dbDir: config.dbDir });
await migrateToLatest(database.db);

if (config.demoDir && existsSync(config.demoDir) && (await isDatabaseEmpty(database.db))) {
  const result = await importPackageFromFolder(database.db, config.demoDir, { importedBy: 'startup (demo)', packageName: config.demoDir });
  console.log(`imported demo package ${result.jurisdictionId}: ${JSON.stringify(result.counts)}`);
}

const app = createApp({ db: database.db, analysis: new AnalysisService(database.db), config });
const server = app.listen(config.port, config.host, () => {
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dbDir}`;
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  console.log(`Tuowei listening on http://${shownHost}:${config.port} (database: ${where}; ready in ${Date.now() - started} ms)`);
});

/** Graceful shutdown: stop accepting, let in-flight requests finish, then close the database. */
function shutdown(signal: string): void {
  console.log(`${signal} received: finishing in-flight requests`);
  server.close(() => {
    database.close().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
