import type { Point, Polygon } from 'geojson';
import type { Kysely, Transaction } from 'kysely';
import type { PopulationUnit } from '../model/index.js';
import { insertInBatches } from './batch.js';
import type { Database } from './database.js';
import { populationUnitToRow, toPopulationUnit } from './row-mapping.js';

/** A jurisdiction's population units by index. */
export async function listPopulationUnits(db: Kysely<Database>, jurisdictionId: string): Promise<PopulationUnit[]> {
  const rows = await db
    .selectFrom('population_units')
    .select(['idx', 'id', 'population', 'under3', 'township', 'lon', 'lat', 'approximate'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('idx')
    .execute();
  return rows.map(toPopulationUnit);
}

/** Each unit with its original geometry (a point, or the polygon its lon/lat represents). */
export async function insertPopulationUnits(
  trx: Transaction<Database>,
  jurisdictionId: string,
  units: (PopulationUnit & { geometry: Point | Polygon })[],
): Promise<void> {
  await insertInBatches(
    trx,
    'population_units',
    units.map((u) => populationUnitToRow(jurisdictionId, u, u.geometry)),
  );
}
