/**
 * Stored county summaries (migrations/0018) and outlines (migrations/0031): written when a county's
 * figures are computed, read by city and province roll-ups, which never recompute a county in the request.
 */
import type { MultiPolygon } from 'geojson';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export interface StoredCountySummary {
  jurisdictionId: string;
  dataVersion: number;
  year: number;
  /** The neighbours' data versions the cross-border coverage used ('' when none). */
  neighbourKey: string;
  /** The record of server/analysis/summary.ts (name, bbox, summary). */
  record: unknown;
}

/** A stored summary with the county's outline (server/engine/geo/outline.ts); null in rows stored before migrations/0031. */
export interface OutlinedCountySummary extends StoredCountySummary {
  outline: MultiPolygon | null;
}

/** Stores a county's summary of one year at one data version, and drops its rows of older versions. */
export async function storeCountySummary(db: Kysely<Database>, row: OutlinedCountySummary): Promise<void> {
  const outline = row.outline ? JSON.stringify(row.outline) : null;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('county_summaries')
      .values({
        jurisdiction_id: row.jurisdictionId,
        data_version: row.dataVersion,
        year: row.year,
        neighbour_key: row.neighbourKey,
        summary: JSON.stringify(row.record),
        outline,
      })
      .onConflict((oc) =>
        oc.columns(['jurisdiction_id', 'data_version', 'year']).doUpdateSet({
          neighbour_key: row.neighbourKey,
          summary: JSON.stringify(row.record),
          outline,
          computed_at: new Date(),
        }),
      )
      .execute();
    await trx
      .deleteFrom('county_summaries')
      .where('jurisdiction_id', '=', row.jurisdictionId)
      .where('data_version', '<', row.dataVersion)
      .execute();
  });
}

/**
 * The stored summaries of `year` of the given counties at the given data versions (the current ones);
 * with `outlines`, each with its county's outline (the roll-up's figures alone never read them).
 */
export async function listCountySummaries(
  db: Kysely<Database>,
  counties: readonly { id: string; dataVersion: number }[],
  year: number,
): Promise<StoredCountySummary[]>;
export async function listCountySummaries(
  db: Kysely<Database>,
  counties: readonly { id: string; dataVersion: number }[],
  year: number,
  options: { outlines: true },
): Promise<OutlinedCountySummary[]>;
export async function listCountySummaries(
  db: Kysely<Database>,
  counties: readonly { id: string; dataVersion: number }[],
  year: number,
  options: { outlines?: boolean } = {},
): Promise<StoredCountySummary[]> {
  if (counties.length === 0) return [];
  const rows = await db
    .selectFrom('county_summaries')
    .select(['jurisdiction_id', 'data_version', 'year', 'neighbour_key', 'summary'])
    .$if(options.outlines === true, (qb) => qb.select('outline'))
    .where('year', '=', year)
    .where(
      'jurisdiction_id',
      'in',
      counties.map((c) => c.id),
    )
    .execute();
  const current = new Map(counties.map((c) => [c.id, c.dataVersion]));
  return rows
    .filter((r) => current.get(r.jurisdiction_id) === r.data_version)
    .map((r) => ({
      jurisdictionId: r.jurisdiction_id,
      dataVersion: r.data_version,
      year: r.year,
      neighbourKey: r.neighbour_key,
      record: r.summary,
      ...(options.outlines ? { outline: r.outline ?? null } : {}),
    }));
}
