import type { Kysely, Transaction } from 'kysely';
import type { ResidentialProject } from '../model/index.js';
import { insertInBatches } from './batch.js';
import type { Database } from './database.js';
import { projectToRow, toProject } from './row-mapping.js';

/** A jurisdiction's residential projects in file order. */
export async function listProjects(db: Kysely<Database>, jurisdictionId: string): Promise<ResidentialProject[]> {
  const rows = await db
    .selectFrom('residential_projects')
    .select([
      'id',
      'name',
      'households',
      'population',
      'persons_per_household',
      'planned_slots',
      'status',
      'year',
      'township',
      'lon',
      'lat',
      'geometry',
    ])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('seq')
    .execute();
  return rows.map(toProject);
}

export async function insertProjects(trx: Transaction<Database>, jurisdictionId: string, projects: ResidentialProject[]): Promise<void> {
  await insertInBatches(
    trx,
    'residential_projects',
    projects.map((p) => projectToRow(jurisdictionId, p)),
  );
}
