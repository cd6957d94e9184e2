/**
 * How every CLI opens the database: the one the server uses (DATABASE_URL and TUOWEI_DB_SCHEMA, else
 * the embedded PGlite in TUOWEI_DB_DIR). On the embedded database a CLI refuses to run beside a server
 * that holds it, exiting with status 2 and saying what to do instead, rather than writing into a copy
 * the server never sees.
 */
import { loadConfig } from '../config.js';
import { type DatabaseHandle, openConfiguredDatabase } from '../db/database.js';
import { EmbeddedDatabaseBusyError } from '../db/embedded-lock.js';

/** Exit status of a CLI that found the embedded database held by another process. */
export const EXIT_DATABASE_BUSY = 2;

export async function openCliDatabase(cli: string): Promise<DatabaseHandle> {
  try {
    return await openConfiguredDatabase(loadConfig(), `${cli} CLI`);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseBusyError)) throw error;
    console.error(`${cli}: ${error.message}`);
    process.exit(EXIT_DATABASE_BUSY);
  }
}
