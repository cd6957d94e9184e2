/**
 * What lies across a county's border (issue #15): the other jurisdictions whose townships reach into a
 * window, and their facilities and roads inside it. Window queries on the indexed bounding-box columns.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Facility, Road } from '../model/index.js';
import type { Database } from './database.js';
import { toFacility, toRoad } from './row-mapping.js';

/** [west, south, east, north], WGS84 degrees. */
export type Window = [number, number, number, number];

/** Rows of a table with bounding-box columns (townships, roads) whose box overlaps `window`. */
function boxOverlaps(eb: ExpressionBuilder<Database, 'townships' | 'roads'>, [w, s, e, n]: Window) {
  return eb.and([eb('max_lon', '>=', w), eb('min_lon', '<=', e), eb('max_lat', '>=', s), eb('min_lat', '<=', n)]);
}

/** The extent of a jurisdiction's townships, or null without townships. */
export async function getTownshipExtent(db: Kysely<Database>, id: string): Promise<Window | null> {
  const row = await db
    .selectFrom('townships')
    .select((eb) => [
      eb.fn.min('min_lon').as('w'),
      eb.fn.min('min_lat').as('s'),
      eb.fn.max('max_lon').as('e'),
      eb.fn.max('max_lat').as('n'),
    ])
    .where('jurisdiction_id', '=', id)
    .executeTakeFirst();
  if (!row || row.w === null) return null;
  return [Number(row.w), Number(row.s), Number(row.e), Number(row.n)];
}

/** Other jurisdictions whose townships' boxes overlap `window`, by id. */
export async function listJurisdictionsOverlapping(db: Kysely<Database>, exceptId: string, window: Window): Promise<string[]> {
  const rows = await db
    .selectFrom('townships')
    .select('jurisdiction_id')
    .distinct()
    .where('jurisdiction_id', '<>', exceptId)
    .where((eb) => boxOverlaps(eb, window))
    .orderBy('jurisdiction_id')
    .execute();
  return rows.map((r) => r.jurisdiction_id);
}

/** The names of the jurisdictions `ids` (as people read them in notes), by id. */
export async function listJurisdictionNames(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('jurisdictions').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Which of `ids` hold a township with one of `codes` (another version of the same ground, not a neighbour). */
export async function listJurisdictionsWithTownshipCodes(
  db: Kysely<Database>,
  ids: readonly string[],
  codes: readonly string[],
): Promise<string[]> {
  if (ids.length === 0 || codes.length === 0) return [];
  const rows = await db
    .selectFrom('townships')
    .select('jurisdiction_id')
    .distinct()
    .where('jurisdiction_id', 'in', ids)
    .where('code', 'in', codes)
    .execute();
  return rows.map((r) => r.jurisdiction_id);
}

/** Facilities of `ids` inside `window`, their ids prefixed with their jurisdiction ("other/F1"). */
export async function listFacilitiesInWindow(db: Kysely<Database>, ids: readonly string[], [w, s, e, n]: Window): Promise<Facility[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('facilities')
    .selectAll()
    .where('jurisdiction_id', 'in', ids)
    .where('lon', '>=', w)
    .where('lon', '<=', e)
    .where('lat', '>=', s)
    .where('lat', '<=', n)
    .orderBy('jurisdiction_id')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...toFacility(r), id: `${r.jurisdiction_id}/${r.id}` }));
}

/** Roads of `ids` whose boxes overlap `window`. */
export async function listRoadsInWindow(db: Kysely<Database>, ids: readonly string[], window: Window): Promise<Road[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('roads')
    .select(['name', 'highway', 'foot', 'geometry'])
    .where('jurisdiction_id', 'in', ids)
    .where((eb) => boxOverlaps(eb, window))
    .orderBy('jurisdiction_id')
    .orderBy('idx')
    .execute();
  return rows.map(toRoad);
}
