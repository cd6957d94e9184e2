/**
 * Jobs with a parent (issue #15): long work split into jobs that any worker takes — a city's or
 * province's county summaries, one job per county — keeps the parent's id on each child, so
 * `GET /api/jobs/{id}` of the parent reads its children's states from this table on any replica
 * (server/jobs/kinds/county-summaries.ts). Null for a job of its own.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('parent_id', 'text', (col) => col.references('jobs.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('jobs_parent').on('jobs').column('parent_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('jobs_parent').execute();
  await db.schema.alterTable('jobs').dropColumn('parent_id').execute();
}
