/**
 * Writes a validated package: in ONE transaction, replaces every row of the jurisdiction (or creates
 * it), bumps its data_version and writes the import log row. Any failure rolls all of it back.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { getTreeNode, listAncestorIds } from '../db/jurisdiction-tree.repository.js';
import { type Bilingual, bilingual, say } from '../model/index.js';
import { insertFacilities, nextFacilityVersion } from '../db/facilities.repository.js';
import { insertHealthInstitutions } from '../db/health.repository.js';
import { recordImport } from '../db/import-log.repository.js';
import { insertPopulationUnits } from '../db/population-units.repository.js';
import { listProfiles } from '../db/profiles.repository.js';
import { insertProjects } from '../db/projects.repository.js';
import { insertRoads } from '../db/roads.repository.js';
import { replaceTownshipPopulation } from '../db/township-population.repository.js';
import { insertTownships } from '../db/townships.repository.js';
import { readPackageFolder } from './read-package.js';
import { type PackageError, type ValidatedPackage, validatePackage } from './validate-package.js';

export interface ImportMeta {
  /** Who imported (token name, user, "startup (demo)"). */
  importedBy: string;
  /** What was imported (folder, file name). */
  packageName: string;
}

export interface ImportResult {
  jurisdictionId: string;
  /** Rows written per layer: townships, facilities, populationUnits, roads, projects, health. */
  counts: Record<string, number>;
  dataVersion: number;
}

/** A package that failed validation; nothing was written. */
export class PackageValidationError extends Error {
  constructor(readonly errors: PackageError[]) {
    super(`the data package has ${errors.length} problem(s); nothing was imported`);
    this.name = 'PackageValidationError';
  }
}

const RANK = { province: 0, city: 1, county: 2 } as const;

/**
 * Why the package cannot stand where its manifest puts it in the tree, or null: the parent must exist
 * and stand above it (province → city → county), and the tree must stay a tree (no cycle through a
 * re-imported city or province).
 */
async function checkPlacement(trx: Transaction<Database>, pkg: ValidatedPackage): Promise<Bilingual | null> {
  if (pkg.parentId === null) return null;
  const parent = await getTreeNode(trx, pkg.parentId);
  if (!parent)
    return bilingual(
      `上级辖区“${pkg.parentId}”不存在：请先导入上级（省、市）数据包`,
      `the parent jurisdiction "${pkg.parentId}" does not exist: import the province or city package first`,
    );
  if (RANK[parent.level] >= RANK[pkg.level])
    return bilingual(
      `上级辖区“${pkg.parentId}”的级别（${parent.level}）须高于本辖区（${pkg.level}）`,
      `the parent "${pkg.parentId}" (${parent.level}) must stand above this ${pkg.level}`,
    );
  const ancestors = await listAncestorIds(trx, pkg.parentId);
  if (ancestors.includes(pkg.id))
    return bilingual(
      `上级关系将形成环：${pkg.parentId} 已隶属于 ${pkg.id}`,
      `that parent would make a cycle: ${pkg.parentId} belongs to ${pkg.id}`,
    );
  return null;
}

/** Tables holding a jurisdiction's layers; all emptied before a re-import writes the new rows. */
const LAYER_TABLES = ['townships', 'facilities', 'population_units', 'roads', 'residential_projects', 'health_institutions'] as const;

export async function importPackage(db: Kysely<Database>, pkg: ValidatedPackage, meta: ImportMeta): Promise<ImportResult> {
  return db.transaction().execute((trx) => writePackage(trx, pkg, meta));
}

async function writePackage(trx: Transaction<Database>, pkg: ValidatedPackage, meta: ImportMeta): Promise<ImportResult> {
  const jurisdiction = {
    name: pkg.name,
    year: pkg.year,
    profile_id: pkg.profile.id,
    own_profile: JSON.stringify(pkg.ownProfile ? pkg.profile : null),
    source_crs: pkg.sourceCrs,
    sources: pkg.sources,
    parent_id: pkg.parentId,
    level: pkg.level,
  };
  const placement = await checkPlacement(trx, pkg);
  if (placement) throw new PackageValidationError([{ file: 'manifest.json', property: 'parentId', problem: say(placement) }]);
  // Insert, or on re-import update and bump data_version; the row lock taken here also serialises
  // concurrent imports of the same jurisdiction.
  const { data_version: dataVersion } = await trx
    .insertInto('jurisdictions')
    .values({ id: pkg.id, ...jurisdiction, data_version: 1 })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        ...jurisdiction,
        data_version: eb('jurisdictions.data_version', '+', 1),
        updated_at: new Date(),
      })),
    )
    .returning('data_version')
    .executeTakeFirstOrThrow();

  // Facility versions only grow across imports (read before the rows go), so no stale edit lands.
  const facilityVersion = await nextFacilityVersion(trx, pkg.id);
  for (const table of LAYER_TABLES) {
    await trx.deleteFrom(table).where('jurisdiction_id', '=', pkg.id).execute();
  }
  await insertTownships(trx, pkg.id, pkg.townships);
  await insertFacilities(trx, pkg.id, pkg.facilities, facilityVersion);
  await insertPopulationUnits(trx, pkg.id, pkg.populationUnits);
  await insertRoads(trx, pkg.id, pkg.roads);
  await insertProjects(trx, pkg.id, pkg.projects);
  await insertHealthInstitutions(trx, pkg.id, pkg.health);
  await replaceTownshipPopulation(trx, pkg.id, pkg.townshipPopulation);

  const counts = {
    townships: pkg.townships.length,
    facilities: pkg.facilities.length,
    populationUnits: pkg.populationUnits.length,
    roads: pkg.roads.length,
    projects: pkg.projects.length,
    health: pkg.health.length,
    // Only packages with the table count its rows, so the log of a version-1 package reads as before.
    ...(pkg.townshipPopulation.length > 0 ? { townshipPopulation: pkg.townshipPopulation.length } : {}),
  };
  await recordImport(trx, { jurisdictionId: pkg.id, importedBy: meta.importedBy, packageName: meta.packageName, counts, dataVersion });
  return { jurisdictionId: pkg.id, counts, dataVersion };
}

/** Validates a package already read into PackageFiles against the stored profiles, then imports it. */
export async function importPackageFiles(
  db: Kysely<Database>,
  files: Record<string, unknown>,
  meta: ImportMeta,
): Promise<ImportResult & { warnings: string[] }> {
  const validation = validatePackage(files, await listProfiles(db));
  if (!validation.ok) throw new PackageValidationError(validation.errors);
  return { ...(await importPackage(db, validation.pkg, meta)), warnings: validation.warnings };
}

/** Reads, validates and imports a package folder; throws PackageValidationError for a bad package. */
export async function importPackageFromFolder(
  db: Kysely<Database>,
  dir: string,
  meta: ImportMeta,
): Promise<ImportResult & { warnings: string[] }> {
  return importPackageFiles(db, await readPackageFolder(dir), meta);
}
