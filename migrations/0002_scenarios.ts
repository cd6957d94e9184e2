/**
 * Saved what-if scenarios: a named, ordered list of changes (add, resize or remove a facility, add a
 * residential project) on top of a jurisdiction's data in one year. `version` starts at 1 and every
 * update bumps it, so two planners editing the same scenario cannot overwrite each other unnoticed.
 * Scenarios go with their jurisdiction (cascade); a re-import keeps them (the jurisdiction row stays).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scenarios')
    .addColumn('id', 'integer', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('jurisdiction_id', 'text', (col) => col.notNull().references('jurisdictions.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull().check(sql`length(name) between 1 and 200`))
    .addColumn('description', 'text')
    .addColumn('year', 'integer', (col) => col.notNull())
    .addColumn('changes', 'jsonb', (col) => col.notNull())
    .addColumn('version', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(1)
        .check(sql`version >= 1`),
    )
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('scenarios_jurisdiction_idx').on('scenarios').column('jurisdiction_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scenarios').ifExists().execute();
}
