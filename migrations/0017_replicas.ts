/**
 * Many replicas on one database (issue #15).
 *
 * - `jurisdictions.parent_id` and `level` put provinces, cities and counties in one tree. No foreign key:
 *   a county's package may be imported before its city's, and the import checks for cycles instead.
 * - Every change of a jurisdiction's `data_version` (import, registry edit, deletion) is announced with
 *   `pg_notify('tuowei_data_version', '<schema>:<id>:<version>')`, so other replicas drop their cached
 *   results within milliseconds instead of asking the database on every read. The schema is in the
 *   payload because several Tuowei schemas (tests, tenants) may share one database and one channel.
 * - `rate_limit_hits` counts requests per client and route across replicas (express-rate-limit's store,
 *   server/http/rate-limit-store.ts). UNLOGGED: the counters are worth nothing after a crash, and an
 *   unlogged table writes no WAL, so counting a request costs no disk flush.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('jurisdictions')
    .addColumn('parent_id', 'text')
    .addColumn('level', 'text', (col) =>
      col
        .notNull()
        .defaultTo('county')
        .check(sql`level in ('province', 'city', 'county')`),
    )
    .execute();
  await db.schema.createIndex('jurisdictions_parent_idx').on('jurisdictions').column('parent_id').execute();

  await sql`
    create function tuowei_notify_data_version() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        perform pg_notify('tuowei_data_version', current_schema() || ':' || old.id || ':-1');
        return old;
      end if;
      perform pg_notify('tuowei_data_version', current_schema() || ':' || new.id || ':' || new.data_version);
      return new;
    end $$`.execute(db);
  await sql`
    create trigger jurisdictions_data_version_notify
    after insert or delete or update of data_version, parent_id on jurisdictions
    for each row execute function tuowei_notify_data_version()`.execute(db);

  await sql`
    create unlogged table rate_limit_hits (
      key text primary key,
      window_start bigint not null,
      hits integer not null
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_hits').execute();
  await sql`drop trigger jurisdictions_data_version_notify on jurisdictions`.execute(db);
  await sql`drop function tuowei_notify_data_version()`.execute(db);
  await db.schema.dropIndex('jurisdictions_parent_idx').execute();
  await db.schema.alterTable('jurisdictions').dropColumn('level').dropColumn('parent_id').execute();
}
