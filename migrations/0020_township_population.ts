/**
 * Population by year (DATA_FORMAT.md v2, layer `townshipPopulation`): the statistics bureau's table of a
 * township's residents, and optionally its children under 3, per year. One row per township and year;
 * it goes with its jurisdiction. No foreign key to townships: a re-import deletes and rewrites both in
 * one transaction, and the import checks every code against the package's townships.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('township_population')
    .addColumn('jurisdiction_id', 'text', (col) => col.notNull().references('jurisdictions.id').onDelete('cascade'))
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('year', 'integer', (col) => col.notNull().check(sql`year between 1900 and 2100`))
    .addColumn('population', 'integer', (col) => col.notNull().check(sql`population >= 0`))
    .addColumn('population_under3', 'integer', (col) => col.check(sql`population_under3 >= 0`))
    .addPrimaryKeyConstraint('township_population_pkey', ['jurisdiction_id', 'code', 'year'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('township_population').execute();
}
