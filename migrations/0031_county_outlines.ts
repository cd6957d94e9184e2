/**
 * Each stored county summary keeps the county's outline (issue #15): its townships dissolved into one
 * MultiPolygon and simplified for a province's map (server/engine/geo/outline.ts), computed when the
 * summary is. A city's or province's roll-up map then draws every county, and a city as its counties'
 * outlines, from these rows alone, instead of fetching every township of every county.
 *
 * Rows stored before this migration have no outline (NULL) until their county's summary is stored again
 * (its next computation in a new process, a worker, or `npm run summaries`); the map draws such a
 * county as a marker meanwhile. Kept in its own column so that the roll-up's figures never read it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('county_summaries').addColumn('outline', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('county_summaries').dropColumn('outline').execute();
}
