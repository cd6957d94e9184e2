/**
 * `npm run migrate`: applies pending migrations and upserts the built-in profiles, on the same database
 * the server uses (DATABASE_URL and TUOWEI_DB_SCHEMA, else PGlite in TUOWEI_DB_DIR).
 */
// The CLI's language (TUOWEI_LANG, else LANG) for every message, validation problems included.
import './language.js';
import { openCliDatabase } from './database.js';
import { migrateToLatest, migrationStatus } from '../db/migrate.js';

const handle = await openCliDatabase('migrate');
let exitCode = 0;
try {
  const before = await migrationStatus(handle.db);
  await migrateToLatest(handle.db);
  const after = await migrationStatus(handle.db);
  const applied = after.applied.filter((name) => !before.applied.includes(name));
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'schema is up to date');
  console.log(`migrations: ${after.applied.length} applied, ${after.pending.length} pending (${handle.kind})`);
} catch (error) {
  console.error(`migration failed: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await handle.close();
}
// Exit explicitly: PGlite's runtime resets process.exitCode when it closes.
process.exit(exitCode);
