/**
 * Stored policy profiles: the built-in ones (seeded from data/profiles/*.json by migrateToLatest).
 * A package's own profile.json is kept with its jurisdiction instead (jurisdictions.own_profile).
 */
import type { Kysely } from 'kysely';
import type { PolicyProfile } from '../model/index.js';
import type { Database } from './database.js';
import { toPolicyProfile } from './row-mapping.js';

export async function listProfiles(db: Kysely<Database>): Promise<PolicyProfile[]> {
  const rows = await db.selectFrom('policy_profiles').select('profile').orderBy('id').execute();
  return rows.map((r) => toPolicyProfile(r.profile));
}

export async function getProfile(db: Kysely<Database>, id: string): Promise<PolicyProfile | null> {
  const row = await db.selectFrom('policy_profiles').select('profile').where('id', '=', id).executeTakeFirst();
  return row ? toPolicyProfile(row.profile) : null;
}
