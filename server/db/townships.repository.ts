import type { Kysely, Transaction } from 'kysely';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Township } from '../model/index.js';
import { insertInBatches } from './batch.js';
import type { Database } from './database.js';
import { toTownship, townshipToRow } from './row-mapping.js';

/** [minLon, minLat, maxLon, maxLat], WGS84 degrees. */
export type BoundingBox = [number, number, number, number];

const townshipColumns = ['code', 'name', 'population', 'population_under3', 'district', 'geometry'] as const;

/** A jurisdiction's townships in file order. */
export async function listTownships(db: Kysely<Database>, jurisdictionId: string): Promise<Township[]> {
  const rows = await db
    .selectFrom('townships')
    .select(townshipColumns)
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('seq')
    .execute();
  return rows.map(toTownship);
}

/** Townships for the map; with `bbox`, only those whose bounding box meets it. */
export async function listTownshipFeatures(
  db: Kysely<Database>,
  jurisdictionId: string,
  bbox?: BoundingBox,
): Promise<{ code: string; name: string; population: number; geometry: Polygon | MultiPolygon }[]> {
  let query = db.selectFrom('townships').select(townshipColumns).where('jurisdiction_id', '=', jurisdictionId);
  if (bbox) {
    const [minLon, minLat, maxLon, maxLat] = bbox;
    query = query
      .where('max_lon', '>=', minLon)
      .where('min_lon', '<=', maxLon)
      .where('max_lat', '>=', minLat)
      .where('min_lat', '<=', maxLat);
  }
  const rows = await query.orderBy('seq').execute();
  return rows.map(toTownship).map(({ code, name, population, geometry }) => ({ code, name, population, geometry }));
}

export async function insertTownships(trx: Transaction<Database>, jurisdictionId: string, townships: Township[]): Promise<void> {
  await insertInBatches(
    trx,
    'townships',
    townships.map((t) => townshipToRow(jurisdictionId, t)),
  );
}
