/**
 * Import previews keep their files on disk, not in the database (issue #13: large files stream). An
 * upload is streamed to a folder of the server that received it (TUOWEI_IMPORT_DIR, one folder per
 * preview; zips unpacked there entry by entry), and the preview row keeps only what re-reading needs:
 * `files`, the list of {name inside the package, path inside the preview's folder, size}. A province's
 * OSM extract of hundreds of megabytes is then never held in memory, nor written as one bytea value.
 *
 * The bytes of previews made before this migration are dropped with `import_files`: a preview lives an
 * hour, so at worst a preview in progress during the upgrade must be uploaded again (its next step
 * answers that its files are gone).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_files').execute();
  await db.schema
    .alterTable('imports')
    .addColumn('files', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('imports').dropColumn('files').execute();
  await db.schema
    .createTable('import_files')
    .addColumn('import_id', 'text', (col) => col.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('bytes', 'bytea', (col) => col.notNull())
    .addPrimaryKeyConstraint('import_files_pkey', ['import_id', 'seq'])
    .execute();
}
