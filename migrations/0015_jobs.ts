/**
 * Jobs (issue #15): the state a person reads of long work run off the request path — a suggestion run
 * with many candidates, an import, a report. The queue that hands jobs to workers is another matter
 * (pg-boss's own schema in server mode, the server process itself in embedded mode); this table is what
 * `GET /api/jobs/{id}` reads, from any replica. Progress is a fraction 0–1 and a stage in both languages;
 * the result is the JSON the long request would have answered, or a bilingual error.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('queued', 'running', 'succeeded', 'failed')`))
    .addColumn('progress', 'double precision', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`progress >= 0 and progress <= 1`),
    )
    .addColumn('stage_zh', 'text', (col) => col.notNull())
    .addColumn('stage_en', 'text', (col) => col.notNull())
    // A token ("token:<id>") or a user ("user:<id>"); null: submitted anonymously on a public route.
    .addColumn('owner', 'text')
    .addColumn('owner_name', 'text')
    .addColumn('jurisdiction_id', 'text')
    .addColumn('payload', 'jsonb', (col) => col.notNull())
    .addColumn('result', 'jsonb')
    // {"code", "message": {"zh", "en"}, "issues"?}
    .addColumn('error', 'jsonb')
    // Runs started: 1 for the first, more after a worker died mid-job and another took it up.
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('jobs_status_created').on('jobs').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('jobs').execute();
}
