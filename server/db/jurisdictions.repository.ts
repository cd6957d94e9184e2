import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { JurisdictionData, PolicyProfile } from '../model/index.js';
import type { Database, JurisdictionLevel } from './database.js';
import { listFacilities } from './facilities.repository.js';
import { listHealthInstitutions } from './health.repository.js';
import { listPopulationUnits } from './population-units.repository.js';
import { listProjects } from './projects.repository.js';
import { listRoads } from './roads.repository.js';
import { toPolicyProfile } from './row-mapping.js';
import { listTownshipPopulation } from './township-population.repository.js';
import { listTownships } from './townships.repository.js';

export interface JurisdictionSummary {
  id: string;
  name: string;
  year: number;
  profileId: string;
  dataVersion: number;
  parentId: string | null;
  level: JurisdictionLevel;
}

export async function listJurisdictions(db: Kysely<Database>): Promise<JurisdictionSummary[]> {
  const rows = await db
    .selectFrom('jurisdictions')
    .select(['id', 'name', 'year', 'profile_id', 'data_version', 'parent_id', 'level'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    year: r.year,
    profileId: r.profile_id,
    dataVersion: r.data_version,
    parentId: r.parent_id,
    level: r.level,
  }));
}

/**
 * Everything the engine needs about one jurisdiction, or null when it does not exist. The profile is the
 * package's own profile.json when it had one, else the stored profile it names. Read in one
 * repeatable-read transaction (one snapshot), so the layers and data_version belong to the same import
 * even while a re-import commits.
 */
export async function getJurisdictionData(db: Kysely<Database>, id: string): Promise<JurisdictionData | null> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const row = await trx
        .selectFrom('jurisdictions')
        .leftJoin('policy_profiles', 'policy_profiles.id', 'jurisdictions.profile_id')
        .select([
          'jurisdictions.id',
          'jurisdictions.name',
          'jurisdictions.year',
          'jurisdictions.profile_id',
          'jurisdictions.own_profile',
          'jurisdictions.data_version',
          'policy_profiles.profile as stored_profile',
        ])
        .where('jurisdictions.id', '=', id)
        .executeTakeFirst();
      if (!row) return null;
      const stored = row.own_profile ?? row.stored_profile;
      if (!stored) throw new Error(`jurisdiction ${id} names profile "${row.profile_id}", which is not stored`);
      const profile: PolicyProfile = toPolicyProfile(stored);
      // Sequential on purpose: PGlite serves one query at a time, and a transaction holds one connection.
      const townships = await listTownships(trx, id);
      const facilities = await listFacilities(trx, id);
      const populationUnits = await listPopulationUnits(trx, id);
      const roads = await listRoads(trx, id);
      const projects = await listProjects(trx, id);
      const health = await listHealthInstitutions(trx, id);
      const townshipPopulation = await listTownshipPopulation(trx, id);
      return {
        id: row.id,
        name: row.name,
        year: row.year,
        profile,
        townships,
        facilities,
        populationUnits,
        roads,
        projects,
        health,
        townshipPopulation,
        dataVersion: row.data_version,
      };
    });
}

/** The package's `sources` text (where each layer came from and its licence), null when it gave none or the jurisdiction is unknown. */
export async function getJurisdictionSources(db: Kysely<Database>, id: string): Promise<string | null> {
  const row = await db.selectFrom('jurisdictions').select('sources').where('id', '=', id).executeTakeFirst();
  return row?.sources ?? null;
}

export async function getDataVersion(db: Kysely<Database>, id: string): Promise<number | null> {
  const row = await db.selectFrom('jurisdictions').select('data_version').where('id', '=', id).executeTakeFirst();
  return row ? row.data_version : null;
}

/**
 * Every jurisdiction's id and data version in one string (ids in order), the same on every replica:
 * the version of answers that list jurisdictions. The embedded mode's stand-in for the listener's digest.
 */
export async function getAllDataVersionsKey(db: Kysely<Database>): Promise<string> {
  const rows = await db.selectFrom('jurisdictions').select(['id', 'data_version']).orderBy('id').execute();
  return createHash('sha1')
    .update(rows.map((r) => `${r.id}:${r.data_version}`).join(','))
    .digest('base64url');
}

/** Every jurisdiction's id. */
export async function listJurisdictionIds(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('jurisdictions').select('id').execute()).map((r) => r.id);
}

/** True when no jurisdiction has been imported (the server then imports the demo package). */
export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('jurisdictions').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * Marks a change of the jurisdiction's data (import or edit); engine caches key on data_version.
 * Takes the transaction that makes the change, so the bump commits or rolls back with it.
 * Returns the new version, or null when the jurisdiction does not exist.
 */
export async function bumpDataVersion(trx: Transaction<Database>, id: string): Promise<number | null> {
  const row = await trx
    .updateTable('jurisdictions')
    .set((eb) => ({ data_version: eb('data_version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .returning('data_version')
    .executeTakeFirst();
  return row ? row.data_version : null;
}

/** Deletes a jurisdiction and all its layers (the import log is kept). Returns false when it did not exist. */
export async function deleteJurisdiction(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('jurisdictions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
