/**
 * Initial schema: policy profiles, jurisdictions and their layers, the import log and API tokens.
 *
 * Migrations take `Kysely<any>` on purpose: they describe the schema as it was at their time, which the
 * current `Database` type (server/db/database.ts) no longer has to match.
 */
import { type CreateTableBuilder, type Kysely, sql } from 'kysely';

/** Layer tables hang off a jurisdiction and disappear with it. */
function jurisdictionColumn(table: CreateTableBuilder<string, any>): CreateTableBuilder<string, any> {
  return table.addColumn('jurisdiction_id', 'text', (col) => col.notNull().references('jurisdictions.id').onDelete('cascade'));
}

/** GeoJSON geometry plus its bounding box (WGS84 degrees) for window queries. */
function geometryColumns(table: CreateTableBuilder<string, any>): CreateTableBuilder<string, any> {
  return table
    .addColumn('geometry', 'jsonb', (col) => col.notNull())
    .addColumn('min_lon', 'double precision', (col) => col.notNull())
    .addColumn('min_lat', 'double precision', (col) => col.notNull())
    .addColumn('max_lon', 'double precision', (col) => col.notNull())
    .addColumn('max_lat', 'double precision', (col) => col.notNull());
}

/** A window query filters on jurisdiction, then on the box; the btree narrows by min_lon first. */
async function createBoundingBoxIndex(db: Kysely<any>, table: string): Promise<void> {
  await db.schema
    .createIndex(`${table}_bbox_idx`)
    .on(table)
    .columns(['jurisdiction_id', 'min_lon', 'max_lon', 'min_lat', 'max_lat'])
    .execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('policy_profiles')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('built_in', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('profile', 'jsonb', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('jurisdictions')
    .addColumn('id', 'text', (col) => col.primaryKey().check(sql`id ~ '^[a-z0-9-]+$'`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('year', 'integer', (col) => col.notNull())
    .addColumn('profile_id', 'text', (col) => col.notNull())
    .addColumn('own_profile', 'jsonb')
    .addColumn('source_crs', 'text', (col) => col.notNull().defaultTo('WGS84'))
    .addColumn('sources', 'text')
    .addColumn('data_version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await geometryColumns(
    jurisdictionColumn(db.schema.createTable('townships'))
      .addColumn('code', 'text', (col) => col.notNull())
      .addColumn('seq', 'bigint', (col) => col.generatedAlwaysAsIdentity())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('population', 'integer', (col) => col.notNull().check(sql`population >= 0`))
      .addColumn('population_under3', 'integer')
      .addColumn('district', 'text'),
  )
    .addPrimaryKeyConstraint('townships_pkey', ['jurisdiction_id', 'code'])
    .execute();

  await geometryColumns(
    jurisdictionColumn(db.schema.createTable('facilities'))
      .addColumn('id', 'text', (col) => col.notNull())
      .addColumn('seq', 'bigint', (col) => col.generatedAlwaysAsIdentity())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('slots', 'integer', (col) => col.notNull().check(sql`slots >= 0`))
      .addColumn('inclusive_slots', 'integer', (col) => col.notNull())
      .addColumn('type', 'text', (col) =>
        col.notNull().check(sql`type in ('community', 'private', 'employer', 'kindergarten_class', 'family', 'station', 'center')`),
      )
      .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('operating', 'planned', 'closed')`))
      .addColumn('opened_year', 'integer')
      .addColumn('closed_year', 'integer')
      .addColumn('grade', 'text')
      .addColumn('staff', 'integer')
      .addColumn('certified_staff', 'integer')
      .addColumn('township', 'text')
      .addColumn('lon', 'double precision', (col) => col.notNull())
      .addColumn('lat', 'double precision', (col) => col.notNull())
      .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1)),
  )
    .addPrimaryKeyConstraint('facilities_pkey', ['jurisdiction_id', 'id'])
    .addCheckConstraint('facilities_inclusive_slots_check', sql`inclusive_slots between 0 and slots`)
    .execute();

  await geometryColumns(
    jurisdictionColumn(db.schema.createTable('population_units'))
      .addColumn('idx', 'integer', (col) => col.notNull())
      .addColumn('id', 'text', (col) => col.notNull())
      .addColumn('population', 'double precision', (col) => col.notNull().check(sql`population >= 0`))
      .addColumn('under3', 'double precision')
      .addColumn('township', 'text')
      .addColumn('lon', 'double precision', (col) => col.notNull())
      .addColumn('lat', 'double precision', (col) => col.notNull())
      .addColumn('approximate', 'boolean', (col) => col.notNull().defaultTo(false)),
  )
    .addPrimaryKeyConstraint('population_units_pkey', ['jurisdiction_id', 'idx'])
    .execute();

  await geometryColumns(
    jurisdictionColumn(db.schema.createTable('roads'))
      .addColumn('idx', 'integer', (col) => col.notNull())
      .addColumn('name', 'text')
      .addColumn('highway', 'text')
      .addColumn('foot', 'text'),
  )
    .addPrimaryKeyConstraint('roads_pkey', ['jurisdiction_id', 'idx'])
    .execute();

  await geometryColumns(
    jurisdictionColumn(db.schema.createTable('residential_projects'))
      .addColumn('id', 'text', (col) => col.notNull())
      .addColumn('seq', 'bigint', (col) => col.generatedAlwaysAsIdentity())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('households', 'double precision')
      .addColumn('population', 'double precision')
      .addColumn('persons_per_household', 'double precision')
      .addColumn('planned_slots', 'integer', (col) => col.notNull().check(sql`planned_slots >= 0`))
      .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('proposed', 'approved', 'built')`))
      .addColumn('year', 'integer')
      .addColumn('township', 'text')
      .addColumn('lon', 'double precision', (col) => col.notNull())
      .addColumn('lat', 'double precision', (col) => col.notNull()),
  )
    .addPrimaryKeyConstraint('residential_projects_pkey', ['jurisdiction_id', 'id'])
    .execute();

  await geometryColumns(
    jurisdictionColumn(db.schema.createTable('health_institutions'))
      .addColumn('id', 'text', (col) => col.notNull())
      .addColumn('seq', 'bigint', (col) => col.generatedAlwaysAsIdentity())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('child_health_center', 'primary_care')`))
      .addColumn('child_health_staff', 'integer')
      .addColumn('pediatricians', 'integer')
      .addColumn('township', 'text')
      .addColumn('lon', 'double precision', (col) => col.notNull())
      .addColumn('lat', 'double precision', (col) => col.notNull()),
  )
    .addPrimaryKeyConstraint('health_institutions_pkey', ['jurisdiction_id', 'id'])
    .execute();

  for (const table of ['townships', 'facilities', 'population_units', 'roads', 'residential_projects', 'health_institutions']) {
    await createBoundingBoxIndex(db, table);
  }

  // No foreign key to jurisdictions: the log outlives a deleted jurisdiction.
  await db.schema
    .createTable('import_log')
    .addColumn('id', 'integer', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('jurisdiction_id', 'text', (col) => col.notNull())
    .addColumn('imported_by', 'text', (col) => col.notNull())
    .addColumn('imported_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('package_name', 'text', (col) => col.notNull())
    .addColumn('counts', 'jsonb', (col) => col.notNull())
    .addColumn('data_version', 'integer', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('import_log_jurisdiction_idx').on('import_log').columns(['jurisdiction_id', 'id']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'integer', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('planner', 'bureau', 'admin')`))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'api_tokens',
    'import_log',
    'health_institutions',
    'residential_projects',
    'roads',
    'population_units',
    'facilities',
    'townships',
    'jurisdictions',
    'policy_profiles',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
