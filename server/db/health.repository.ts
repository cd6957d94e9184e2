import type { Kysely, Transaction } from 'kysely';
import type { HealthInstitution } from '../model/index.js';
import { insertInBatches } from './batch.js';
import type { Database } from './database.js';
import { healthInstitutionToRow, toHealthInstitution } from './row-mapping.js';

/** A jurisdiction's child health centres and primary care institutions in file order. */
export async function listHealthInstitutions(db: Kysely<Database>, jurisdictionId: string): Promise<HealthInstitution[]> {
  const rows = await db
    .selectFrom('health_institutions')
    .select([
      'id',
      'name',
      'kind',
      'child_health_staff',
      'pediatricians',
      'hospital_level',
      'public_ownership',
      'staff_children_under3',
      'township',
      'lon',
      'lat',
    ])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('seq')
    .execute();
  return rows.map(toHealthInstitution);
}

export async function insertHealthInstitutions(
  trx: Transaction<Database>,
  jurisdictionId: string,
  health: HealthInstitution[],
): Promise<void> {
  await insertInBatches(
    trx,
    'health_institutions',
    health.map((h) => healthInstitutionToRow(jurisdictionId, h)),
  );
}
