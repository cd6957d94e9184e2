/**
 * Stored county summaries (issue #15): one row per jurisdiction, data version and year, written when the
 * county's figures are computed (by a request that computed them anyway, or by a worker filling them
 * ahead). A city or province roll-up reads only these rows, so it never recomputes a county in the
 * request. Rows of older data versions are useless and deleted when a newer one is stored.
 *
 * `neighbour_key` names the neighbours' data versions the cross-border coverage used; a roll-up takes
 * the row only when it still matches (server/analysis/neighbours.ts).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('county_summaries')
    .addColumn('jurisdiction_id', 'text', (col) => col.notNull().references('jurisdictions.id').onDelete('cascade'))
    .addColumn('data_version', 'integer', (col) => col.notNull())
    .addColumn('year', 'integer', (col) => col.notNull())
    .addColumn('neighbour_key', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('summary', 'jsonb', (col) => col.notNull())
    .addColumn('computed_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('county_summaries_pkey', ['jurisdiction_id', 'data_version', 'year'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('county_summaries').execute();
}
