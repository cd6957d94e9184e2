/**
 * `npm run import -- <folder or .zip> [--by NAME]`: imports a data package into the server's database
 * (DATABASE_URL, else PGlite in TUOWEI_DB_DIR), migrating first. A bad package prints every problem as
 * `file#feature.property: problem`, writes nothing and exits 1.
 */
// The CLI's language (TUOWEI_LANG, else LANG) for every message, validation problems included.
import './language.js';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCliDatabase } from './database.js';
import { migrateToLatest } from '../db/migrate.js';
import { formatPackageError, importPackageFiles, PackageValidationError, readPackageFolder, readPackageZip } from '../import/index.js';

const USAGE = 'usage: npm run import -- <package folder or .zip> [--by NAME]';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { by: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help || positionals.length !== 1) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
const source = path.resolve(positionals[0]!);
const importedBy = values.by ?? `cli (${os.userInfo().username})`;

let files: Awaited<ReturnType<typeof readPackageFolder>>;
try {
  files = (await stat(source)).isDirectory() ? await readPackageFolder(source) : readPackageZip(new Uint8Array(await readFile(source)));
} catch (error) {
  // A missing path or a file that is not a zip: say so, without a stack trace.
  console.error(`cannot read the package ${source}: ${(error as Error).message}`);
  process.exit(1);
}
const handle = await openCliDatabase('import');
let exitCode = 0;
try {
  await migrateToLatest(handle.db);
  const result = await importPackageFiles(handle.db, files, { importedBy, packageName: path.basename(source) });
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  console.log(`imported ${result.jurisdictionId} (data version ${result.dataVersion})`);
  for (const [layer, count] of Object.entries(result.counts)) console.log(`  ${layer}: ${count}`);
} catch (error) {
  if (!(error instanceof PackageValidationError)) throw error;
  console.error(`${error.message}:`);
  for (const problem of error.errors) console.error(`  ${formatPackageError(problem)}`);
  exitCode = 1;
} finally {
  await handle.close();
}
// Exit explicitly: PGlite's runtime resets process.exitCode when it closes.
process.exit(exitCode);
