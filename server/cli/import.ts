/**
 * `npm run import -- <folder or .zip> [--by NAME]`: imports a data package into the server's database
 * (DATABASE_URL, else PGlite in TUOWEI_DB_DIR), migrating first.
 *
 * - Version 1 (GeoJSON files with our property names): a bad package prints every problem as
 *   `file#feature.property: problem`, writes nothing and exits 1 (as before).
 * - Version 2 (`"version": 2` with `layers`, e.g. the manifest.json the import wizard downloads): every
 *   layer is previewed as in the wizard (file, format, CRS, encoding, features, mapping), then every
 *   problem is printed as `file#row.column: problem`; with any problem nothing is written (exit 1).
 *
 * Lines are in the CLI's language (TUOWEI_LANG, else LANG: see language.ts). Files are read from disk
 * by the reader that needs them (a folder's as they are; a zip's unpacked entry by entry into a
 * temporary folder, removed at the end), so a province's OSM extract streams and is never in memory.
 */
// The CLI's language (TUOWEI_LANG, else LANG) for every message, validation problems included.
import { language } from './language.js';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCliDatabase } from './database.js';
import { migrateToLatest } from '../db/migrate.js';
import { listProfiles } from '../db/profiles.repository.js';
import { formatPackageError, importPackageFiles, PackageValidationError, readPackageFolder, readPackageZip } from '../import/index.js';
import { ImportProblemsError, writePreview } from '../import/commit-import.js';
import { diskFile, expandUploads, numberedPaths, UploadedFileError } from '../import/expand-uploads.js';
import { importProblemPath } from '../import/problem-path.js';
import { readSourceFolder } from '../import/source-files.js';
import { previewImport, type ImportPreview, type ImportProblem } from '../import/upload-preview.js';
import { loadSourceSync, type DiskSourceFile } from '../import/readers/index.js';
import { bilingual, type Bilingual } from '../model/index.js';

const USAGE = 'usage: npm run import -- <package folder or .zip> [--by NAME]';
const say = (text: Bilingual) => text[language];

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

/** Where a zip's entries are unpacked; removed before the CLI exits. */
let unpacked: string | null = null;
const removeUnpacked = async () => {
  if (unpacked !== null) await rm(unpacked, { recursive: true, force: true });
};

/** The package's files on disk, a zip's unpacked (checked before it inflates) into a temporary folder. */
async function sourceFiles(): Promise<DiskSourceFile[]> {
  if ((await stat(source)).isDirectory()) return readSourceFolder(source);
  const zip = await diskFile(path.basename(source), source);
  unpacked = await mkdtemp(path.join(os.tmpdir(), 'tuowei-import-'));
  return expandUploads([zip], Infinity, numberedPaths(unpacked));
}

let files: DiskSourceFile[];
try {
  files = await sourceFiles();
} catch (error) {
  // A missing path or a file that is not a zip: say so, without a stack trace.
  await removeUnpacked();
  const why = error instanceof UploadedFileError ? say(error.text) : (error as Error).message;
  console.error(say(bilingual(`无法读取数据包 ${source}：${why}`, `cannot read the package ${source}: ${why}`)));
  process.exit(1);
}

/** The manifest's version, when manifest.json is there and says. */
function manifestVersion(): number | null {
  const manifest = files.find((f) => f.name === 'manifest.json');
  if (!manifest) return null;
  try {
    const version = (JSON.parse(new TextDecoder().decode(loadSourceSync(manifest).bytes)) as { version?: unknown }).version;
    return typeof version === 'number' ? version : null;
  } catch {
    return null;
  }
}

/** `facilities.xlsx#3.托位数: …`, as the wizard lists them. */
function problemLine(problem: ImportProblem): string {
  return `  ${importProblemPath(problem)}: ${problem.message}`;
}

function printPreview(preview: ImportPreview): void {
  for (const layer of preview.layers) {
    const crs = layer.crs ?? '–';
    const encoding = layer.encoding ?? '–';
    console.log(
      say(
        bilingual(
          `${layer.layer} ← ${layer.file}（${layer.format}，坐标系 ${crs}，编码 ${encoding}）：${layer.features} 个要素`,
          `${layer.layer} ← ${layer.file} (${layer.format}, CRS ${crs}, encoding ${encoding}): ${layer.features} feature(s)`,
        ),
      ),
    );
    const mapping = Object.entries(layer.mapping).map(([ours, column]) => `${ours} = ${column}`);
    if (mapping.length > 0) console.log(`  ${say(bilingual('字段对应', 'mapping'))}: ${mapping.join(', ')}`);
  }
}

const handle = await openCliDatabase('import');
let exitCode = 0;
try {
  await migrateToLatest(handle.db);
  if (manifestVersion() === 2) {
    const preview = await previewImport(files, undefined, { profiles: await listProfiles(handle.db) });
    printPreview(preview);
    const result = await writePreview(handle.db, preview, { importedBy, packageName: path.basename(source) });
    for (const warning of result.warnings) console.warn(`${say(bilingual('提示', 'warning'))}: ${warning}`);
    console.log(
      say(
        bilingual(
          `已导入 ${result.jurisdictionId}（数据版本 ${result.dataVersion}）`,
          `imported ${result.jurisdictionId} (data version ${result.dataVersion})`,
        ),
      ),
    );
    for (const [layer, count] of Object.entries(result.counts)) console.log(`  ${layer}: ${count}`);
  } else {
    // Version 1 exactly as before this CLI read version 2.
    const packageFiles = (await stat(source)).isDirectory()
      ? await readPackageFolder(source)
      : readPackageZip(new Uint8Array(await readFile(source)));
    const result = await importPackageFiles(handle.db, packageFiles, { importedBy, packageName: path.basename(source) });
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    console.log(`imported ${result.jurisdictionId} (data version ${result.dataVersion})`);
    for (const [layer, count] of Object.entries(result.counts)) console.log(`  ${layer}: ${count}`);
  }
} catch (error) {
  if (error instanceof PackageValidationError) {
    console.error(`${error.message}:`);
    for (const problem of error.errors) console.error(`  ${formatPackageError(problem)}`);
    exitCode = 1;
  } else if (error instanceof ImportProblemsError) {
    console.error(
      say(
        bilingual(
          `数据包有 ${error.problems.length} 处问题，未导入任何数据：`,
          `the data package has ${error.problems.length} problem(s); nothing was imported:`,
        ),
      ),
    );
    for (const problem of error.problems) console.error(problemLine(problem));
    exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await handle.close();
  await removeUnpacked();
}
// Exit explicitly: PGlite's runtime resets process.exitCode when it closes.
process.exit(exitCode);
