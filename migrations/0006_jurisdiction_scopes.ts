/**
 * Jurisdiction scopes (issue #14): a user or token other than an admin works only on the jurisdictions
 * listed in `jurisdictions` (a JSON array of ids); null means unscoped, which only admins may be.
 * Credentials that exist already keep exactly what they could reach before this migration: a non-admin
 * one gets every jurisdiction the database holds now, and none that is added later. Scenarios get an
 * explicit `shared` flag: a shared scenario may be changed by every planner of its jurisdiction,
 * others only by their author (or an admin).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['api_tokens', 'users']) {
    await db.schema.alterTable(table).addColumn('jurisdictions', 'jsonb').execute();
    await sql`update ${sql.table(table)} set jurisdictions = coalesce((select jsonb_agg(id order by id) from jurisdictions), '[]'::jsonb) where role <> 'admin'`.execute(
      db,
    );
  }
  await db.schema
    .alterTable('scenarios')
    .addColumn('shared', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('scenarios').dropColumn('shared').execute();
  for (const table of ['users', 'api_tokens']) await db.schema.alterTable(table).dropColumn('jurisdictions').execute();
}
