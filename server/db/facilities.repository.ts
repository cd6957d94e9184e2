import type { Kysely, Transaction } from 'kysely';
import type { Facility } from '../model/index.js';
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
    query = query
      .where('min_lon', '>=', minLon)
      .where('min_lon', '<=', maxLon)
      .where('min_lat', '>=', minLat)
      .where('min_lat', '<=', maxLat);
  }
  const rows = await query.orderBy('seq').execute();
  return rows.map(toFacility);
}

/** Writes `facilities` at row version `version` (1 for a new jurisdiction; see nextFacilityVersion). */
export async function insertFacilities(
  trx: Transaction<Database>,
  jurisdictionId: string,
  facilities: Facility[],
  version = 1,
): Promise<void> {
  await insertInBatches(
    trx,
    'facilities',
    facilities.map((f) => ({ ...facilityToRow(jurisdictionId, f), version })),
  );
}

/**
 * The row version a re-import gives every facility: above every version the jurisdiction's facilities
 * had, so an edit based on a facility read before the import (If-Match or `version`) gets 409 instead of
 * silently overwriting the newly imported data. 1 for a jurisdiction without facilities.
 */
export async function nextFacilityVersion(trx: Transaction<Database>, jurisdictionId: string): Promise<number> {
  const row = await trx
    .selectFrom('facilities')
    .select((eb) => eb.fn.max('version').as('max'))
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

// ---- the bureau's facility registry (edits one facility at a time, with optimistic concurrency) ----

/** A facility with its row version; an update must name the version it was based on. */
export type FacilityRecord = Facility & { version: number };

function toFacilityRecord(row: Parameters<typeof toFacility>[0] & { version: number | string }): FacilityRecord {
  return { ...toFacility(row), version: Number(row.version) };
}

/** A jurisdiction's facilities with their versions, in file order (then insertion order). */
export async function listFacilityRecords(db: Kysely<Database>, jurisdictionId: string): Promise<FacilityRecord[]> {
  const rows = await db
    .selectFrom('facilities')
    .select([...facilityColumns, 'version'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('seq')
    .execute();
  return rows.map(toFacilityRecord);
}

/** One facility with its version, or null. Inside a transaction, `forUpdate` locks the row until it ends. */
export async function getFacilityRecord(
  db: Kysely<Database> | Transaction<Database>,
  jurisdictionId: string,
  facilityId: string,
  options: { forUpdate?: boolean } = {},
): Promise<FacilityRecord | null> {
  let query = db
    .selectFrom('facilities')
    .select([...facilityColumns, 'version'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', facilityId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toFacilityRecord(row) : null;
}

/** Adds one facility at version 1; returns it, or null when the jurisdiction already has a facility with its id. */
export async function insertFacility(
  trx: Transaction<Database>,
  jurisdictionId: string,
  facility: Facility,
): Promise<FacilityRecord | null> {
  const row = await trx
    .insertInto('facilities')
    .values(facilityToRow(jurisdictionId, facility))
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'id']).doNothing())
    .returning([...facilityColumns, 'version'])
    .executeTakeFirst();
  return row ? toFacilityRecord(row) : null;
}

/**
 * Replaces a facility's attributes (position included) if its version is still `expectedVersion`,
 * and increments the version. Returns the stored facility, or null when the facility is missing or its
 * version moved on (another edit won).
 */
export async function updateFacility(
  trx: Transaction<Database>,
  jurisdictionId: string,
  facility: Facility,
  expectedVersion: number,
): Promise<FacilityRecord | null> {
  const { jurisdiction_id: _jurisdiction, id: _id, ...columns } = facilityToRow(jurisdictionId, facility);
  const row = await trx
    .updateTable('facilities')
    .set((eb) => ({ ...columns, version: eb('version', '+', 1) }))
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', facility.id)
    .where('version', '=', expectedVersion)
    .returning([...facilityColumns, 'version'])
    .executeTakeFirst();
  return row ? toFacilityRecord(row) : null;
}
