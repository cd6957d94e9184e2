import type { Kysely, Transaction } from 'kysely';
import type { Facility } from '../engine/types.js';
import { insertInBatches } from './batch.js';
import type { Database } from './database.js';
import { facilityToRow, toFacility } from './row-mapping.js';
import type { BoundingBox } from './townships.repository.js';

const facilityColumns = [
  'id',
  'name',
  'slots',
  'inclusive_slots',
  'type',
  'status',
  'opened_year',
  'closed_year',
  'grade',
  'staff',
  'certified_staff',
  'township',
  'lon',
  'lat',
] as const;

/** A jurisdiction's facilities in file order; with `bbox` ([minLon, minLat, maxLon, maxLat]), only those inside it. */
export async function listFacilities(db: Kysely<Database>, jurisdictionId: string, bbox?: BoundingBox): Promise<Facility[]> {
  let query = db.selectFrom('facilities').select(facilityColumns).where('jurisdiction_id', '=', jurisdictionId);
  if (bbox) {
    const [minLon, minLat, maxLon, maxLat] = bbox;
    query = query.where('min_lon', '>=', minLon).where('min_lon', '<=', maxLon).where('min_lat', '>=', minLat).where('min_lat', '<=', maxLat);
  }
  const rows = await query.orderBy('seq').execute();
  return rows.map(toFacility);
}

export async function insertFacilities(trx: Transaction<Database>, jurisdictionId: string, facilities: Facility[]): Promise<void> {
  await insertInBatches(trx, 'facilities', facilities.map((f) => facilityToRow(jurisdictionId, f)));
}
