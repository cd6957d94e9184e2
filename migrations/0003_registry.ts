/**
 * The health bureau's registry: values it reports for indicators the data cannot compute (or to set
 * beside a computed one), and the audit log of every edit of facilities and reported values.
 *
 * The audit log has no foreign key to jurisdictions, like import_log: it outlives a deleted
 * jurisdiction. Reported values belong to their jurisdiction and disappear with it; a re-import keeps
 * them (it updates the jurisdiction row in place).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reported_values')
    .addColumn('jurisdiction_id', 'text', (col) => col.notNull().references('jurisdictions.id').onDelete('cascade'))
    .addColumn('indicator', 'text', (col) => col.notNull().check(sql`indicator ~ '^[a-z0-9_]{1,64}$'`))
    .addColumn('year', 'integer', (col) => col.notNull())
    .addColumn('value', 'double precision', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('source', 'text')
    .addColumn('recorded_by', 'text', (col) => col.notNull())
    .addColumn('recorded_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('reported_values_pkey', ['jurisdiction_id', 'indicator', 'year'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('jurisdiction_id', 'text', (col) => col.notNull())
    .addColumn('entity', 'text', (col) => col.notNull().check(sql`entity in ('facility', 'reported_value')`))
    .addColumn('entity_id', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull().check(sql`action in ('create', 'update', 'close', 'record', 'delete')`))
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('data_version', 'integer')
    .execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['jurisdiction_id', 'entity', 'entity_id', 'id']).execute();
  await db.schema.createIndex('audit_log_jurisdiction_idx').on('audit_log').columns(['jurisdiction_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').ifExists().execute();
  await db.schema.dropTable('reported_values').ifExists().execute();
}
