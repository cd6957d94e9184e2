/**
 * Import previews (issue #13): what a bureau uploaded to the import wizard (or `POST /api/imports`),
 * kept in the database rather than in one server's memory or disk, so any replica behind the load
 * balancer can answer the next step (change the mapping, commit, download the manifest). A preview is
 * short-lived: it expires an hour after it was made and is then deleted (expires_at is indexed for that
 * sweep). The files are kept as uploaded (a zip stays a zip) in their own table, one row per file, so
 * reading a preview's manifest never loads megabytes of bytes.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (col) => col.primaryKey())
    // Who may continue it: the token or the signed-in user that made it (an admin too).
    .addColumn('owner_token_id', 'integer')
    .addColumn('owner_user_id', 'integer')
    .addColumn('owner_name', 'text', (col) => col.notNull())
    // The manifest the next preview or commit reads (null: none uploaded, the one in the files is used).
    .addColumn('manifest', 'jsonb')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    // The jurisdiction a successful commit wrote, when there was one.
    .addColumn('committed_jurisdiction_id', 'text')
    .addColumn('committed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('imports_expires_at').on('imports').column('expires_at').execute();
  await db.schema
    .createTable('import_files')
    .addColumn('import_id', 'text', (col) => col.notNull().references('imports.id').onDelete('cascade'))
    // Upload order: a file's place among the parts of the form.
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('bytes', 'bytea', (col) => col.notNull())
    .addPrimaryKeyConstraint('import_files_pkey', ['import_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_files').execute();
  await db.schema.dropTable('imports').execute();
}
