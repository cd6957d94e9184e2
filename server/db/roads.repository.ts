import type { Kysely, Transaction } from 'kysely';
import type { Road } from '../model/index.js';
import { insertInBatches } from './batch.js';
import type { Database } from './database.js';
import { roadToRow, toRoad } from './row-mapping.js';

/** A jurisdiction's roads in file order. */
export async function listRoads(db: Kysely<Database>, jurisdictionId: string): Promise<Road[]> {
  const rows = await db
    .selectFrom('roads')
    .select(['name', 'highway', 'foot', 'geometry'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('idx')
    .execute();
  return rows.map(toRoad);
}

export async function insertRoads(trx: Transaction<Database>, jurisdictionId: string, roads: Road[]): Promise<void> {
  await insertInBatches(
    trx,
    'roads',
    roads.map((r, index) => roadToRow(jurisdictionId, index, r)),
  );
}
