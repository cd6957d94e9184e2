/**
 * Starts the service: opens the database (embedded PGlite, or PostgreSQL when DATABASE_URL is set),
 * applies migrations, imports the demo package when the database holds no jurisdiction, and serves
 * the API and the web client. On SIGTERM/SIGINT it stops accepting connections, lets in-flight
 * requests finish (at most TUOWEI_SHUTDOWN_TIMEOUT_S), closes the database and exits 0.
 */
import { existsSync } from 'node:fs';
import { loadConfig } from './config.js';
import { openConfiguredDatabase } from './db/database.js';
import { DataVersionListener } from './db/data-version-listener.js';
import { isDatabaseEmpty } from './db/jurisdictions.repository.js';
import { migrateToLatest } from './db/migrate.js';
import { withStartupLock } from './db/startup-lock.repository.js';
import { createApp } from './http/app.js';
import { createLogger } from './http/logging.js';
import { importPackageFromFolder } from './import/index.js';
import { createJobServices } from './jobs/index.js';

const config = loadConfig();
const logger = createLogger(config);
const started = Date.now();
const database = await openConfiguredDatabase(config, 'server');
await migrateToLatest(database.db);

// One replica imports the demo; one started at the same time waits and then finds the database filled.
const demoDir = config.demoDir;
if (demoDir && existsSync(demoDir)) {
  await withStartupLock(database.db, async (db) => {
    if (!(await isDatabaseEmpty(db))) return;
    const result = await importPackageFromFolder(db, demoDir, { importedBy: 'startup (demo)', packageName: demoDir });
    logger.info({ jurisdiction: result.jurisdictionId, counts: result.counts }, 'imported the demo package');
  });
}

// Server mode: other replicas' imports and edits reach this one's cache by LISTEN/NOTIFY.
const versions = config.sharedState && config.databaseUrl ? await DataVersionListener.start(config.databaseUrl, config.dbSchema) : null;
// Embedded mode: this process runs every job (in its compute pool's threads). Server mode: it runs jobs
// too unless TUOWEI_SERVER_RUNS_JOBS=false leaves them to `npm run worker` processes.
const { analysis, jobs, compute } = createJobServices(database.db, config, { work: config.serverRunsJobs, logger, versions });
// A worker thread takes seconds to start and load the engine: do it now, not in the first request.
await compute.warm();
await jobs.start();
const app = createApp({ db: database.db, analysis, config, jobs }, { logger });
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const where = config.databaseUrl
    ? `PostgreSQL (DATABASE_URL${config.dbSchema ? `, schema ${config.dbSchema}` : ''})`
    : `PGlite in ${config.dbDir}`;
  // Written at any LOG_LEVEL: scripts and tests wait for "listening on http://…".
  logger
    .child({}, { level: 'info' })
    .info(
      { url: `http://${shownHost}:${port}`, port, database: where, readyMs: Date.now() - started },
      `Tuowei listening on http://${shownHost}:${port} (database: ${where})`,
    );
});

let stopping = false;
/** Graceful shutdown: stop accepting, let in-flight requests finish, then close the database. */
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'finishing in-flight requests, then exiting');
  server.close(() => {
    jobs
      .stop()
      .then(() => versions?.close())
      .then(() => database.close())
      .catch((error: unknown) => logger.error({ err: error }, 'closing the database failed'))
      .finally(() => {
        logger.info('stopped');
        process.exit(0);
      });
  });
  // Keep-alive connections that fall idle after their last response would hold close() open.
  setInterval(() => server.closeIdleConnections(), 100).unref();
  setTimeout(() => {
    logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'in-flight requests did not finish in time; exiting anyway');
    process.exit(1);
  }, config.shutdownTimeoutMs).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
