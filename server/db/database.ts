/**
 * The database: one interface per table, collected in `Database`, and `openDatabase`, which picks
 * PostgreSQL (through `pg`) when a connection string is given and the embedded PGlite otherwise.
 *
 * Conventions: columns are snake_case here and never leave the repositories (row mapping lives in
 * ./row-mapping.ts). Geometry is GeoJSON in a jsonb column, with its bounding box in
 * min_lon/min_lat/max_lon/max_lat (WGS84 degrees) for window queries. Coordinates are WGS84.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Geometry, MultiPolygon } from 'geojson';
import { type ColumnType, type Generated, Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { PolicyProfile } from '../model/index.js';
import { lockEmbeddedDatabase } from './embedded-lock.js';

/** A jsonb column: read as the parsed value, written as JSON text (`JSON.stringify`): pg would send a JS array as a Postgres array. */
type Json<T> = ColumnType<T, string, string>;
/** A timestamptz column: both drivers read a Date; we write Date or an ISO string. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** Bounding box of a row's geometry, WGS84 degrees. */
interface BoundingBoxColumns {
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
}

/** Built-in profiles (data/profiles/*.json, upserted by every migration run) and later editable ones. */
export interface PolicyProfilesTable {
  id: string;
  name: string;
  built_in: boolean;
  /** The whole profile as the engine reads it. */
  profile: Json<PolicyProfile>;
  updated_at: Timestamp;
}

export interface JurisdictionsTable {
  id: string;
  name: string;
  /** The analysis year of the package. */
  year: number;
  /** Id of the profile in effect: a built-in one, or the id declared in the package's profile.json. */
  profile_id: string;
  /**
   * The package's own profile.json, when it had one. Kept with the jurisdiction rather than in
   * policy_profiles so that a package can never overwrite a built-in or another jurisdiction's profile.
   */
  own_profile: Json<PolicyProfile | null>;
  /** Coordinate system the package was delivered in (stored data are always WGS84). */
  source_crs: string;
  sources: string | null;
  /** Bumped on every import or edit of the jurisdiction's data; engine caches key on it. */
  data_version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The city or province this jurisdiction belongs to, or null at the top (migrations/0017). */
  parent_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where it stands in the tree: only counties hold data of their own (migrations/0017). */
  level: ColumnType<JurisdictionLevel, JurisdictionLevel | undefined, JurisdictionLevel>;
}

export type JurisdictionLevel = 'province' | 'city' | 'county';

/** Requests per client and route in the current window, shared by every replica (migrations/0017). */
export interface RateLimitHitsTable {
  key: string;
  /** Start of the fixed window, ms since the epoch. */
  window_start: ColumnType<string, number, number>;
  hits: number;
}

/** A county's stored summary of one year at one data version (migrations/0018). */
export interface CountySummariesTable {
  jurisdiction_id: string;
  data_version: number;
  year: number;
  /** The neighbours' data versions its cross-border coverage used ('' when none). */
  neighbour_key: ColumnType<string, string | undefined, string>;
  summary: Json<unknown>;
  /** The county's outline for roll-up maps (migrations/0031); NULL in rows stored before it. */
  outline: ColumnType<MultiPolygon | null, string | null | undefined, string | null>;
  computed_at: Timestamp;
}

export interface TownshipsTable extends BoundingBoxColumns {
  jurisdiction_id: string;
  code: string;
  /** Insertion order (file order on import). */
  seq: Generated<string>;
  name: string;
  population: number;
  population_under3: number | null;
  district: string | null;
  geometry: Json<Geometry>;
}

/** A township's residents (and children under 3) in a year: the townshipPopulation layer. */
export interface TownshipPopulationTable {
  jurisdiction_id: string;
  code: string;
  year: number;
  population: number;
  population_under3: number | null;
}

export interface FacilitiesTable extends BoundingBoxColumns {
  jurisdiction_id: string;
  id: string;
  seq: Generated<string>;
  name: string;
  slots: number;
  inclusive_slots: number;
  type: string;
  status: string;
  opened_year: number | null;
  closed_year: number | null;
  grade: string | null;
  staff: number | null;
  certified_staff: number | null;
  township: string | null;
  lon: number;
  lat: number;
  geometry: Json<Geometry>;
  /** Optimistic-concurrency version of this facility row (starts at 1). */
  version: Generated<number>;
}

export interface PopulationUnitsTable extends BoundingBoxColumns {
  jurisdiction_id: string;
  /** Position in population.geojson (or in the generated grid), 0-based. */
  idx: number;
  id: string;
  population: number;
  under3: number | null;
  township: string | null;
  /** Representative point. */
  lon: number;
  lat: number;
  approximate: boolean;
  geometry: Json<Geometry>;
}

export interface RoadsTable extends BoundingBoxColumns {
  jurisdiction_id: string;
  /** Position in roads.geojson, 0-based. */
  idx: number;
  name: string | null;
  highway: string | null;
  foot: string | null;
  geometry: Json<Geometry>;
}

export interface ResidentialProjectsTable extends BoundingBoxColumns {
  jurisdiction_id: string;
  id: string;
  seq: Generated<string>;
  name: string;
  households: number | null;
  population: number | null;
  persons_per_household: number | null;
  planned_slots: number;
  status: string;
  year: number | null;
  township: string | null;
  /** Representative point. */
  lon: number;
  lat: number;
  geometry: Json<Geometry>;
}

export interface HealthInstitutionsTable extends BoundingBoxColumns {
  jurisdiction_id: string;
  id: string;
  seq: Generated<string>;
  name: string;
  kind: string;
  child_health_staff: number | null;
  pediatricians: number | null;
  /** 1–3 (一级–三级), or null; with the two columns below, migrations/0005_health_employer_figures.ts. */
  hospital_level: number | null;
  public_ownership: boolean | null;
  staff_children_under3: number | null;
  township: string | null;
  lon: number;
  lat: number;
  geometry: Json<Geometry>;
}

/** One row per successful import; kept when the jurisdiction's data are replaced. */
export interface ImportLogTable {
  id: Generated<number>;
  jurisdiction_id: string;
  imported_by: string;
  imported_at: Timestamp;
  package_name: string;
  /** Rows written per layer, e.g. {"townships": 3, "facilities": 5}. */
  counts: Json<Record<string, number>>;
  /** The jurisdiction's data_version after this import. */
  data_version: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  role: 'planner' | 'bureau' | 'admin';
  /** Hex SHA-256 of the token; the token itself is never stored. */
  token_hash: string;
  created_at: Timestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  /** Jurisdiction ids the token may work on; null: unscoped (admins only; migrations/0006). */
  jurisdictions: ColumnType<string[] | null, string | null | undefined, string | null>;
}

/** A value the health bureau reported for an indicator and year (migrations/0003_registry.ts). */
export interface ReportedValuesTable {
  jurisdiction_id: string;
  /** An indicator id of POLICY.md, or another id matching ^[a-z0-9_]{1,64}$ (e.g. infant_mortality). */
  indicator: string;
  year: number;
  /** In the indicator's unit (percent for shares). */
  value: number;
  note: string | null;
  source: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

/** A jsonb column that may be SQL NULL. */
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

/** Every edit of a facility or reported value: who, when, what, before and after (migrations/0003_registry.ts). */
export interface AuditLogTable {
  id: Generated<number>;
  jurisdiction_id: string;
  entity: 'facility' | 'reported_value';
  /** Facility id, or `<indicator>/<year>` for a reported value. */
  entity_id: string;
  action: 'create' | 'update' | 'close' | 'record' | 'delete';
  /** Name of the caller's token. */
  actor: string;
  at: Timestamp;
  before: NullableJson<Record<string, unknown>>;
  after: NullableJson<Record<string, unknown>>;
  /** The jurisdiction's data_version after the edit (null for edits that do not change the data). */
  data_version: number | null;
}

/** A saved what-if scenario (migrations/0002_scenarios.ts); rows are mapped in scenarios.repository.ts. */
export interface ScenariosTable {
  id: Generated<number>;
  jurisdiction_id: string;
  name: string;
  description: string | null;
  /** The year whose baseline data the changes apply to. */
  year: number;
  /** The ordered list of changes (server/schemas/whatif.ts, scenarioChangeSchema). */
  changes: Json<unknown[]>;
  /** Optimistic-concurrency version: 1 on create, +1 on every update. */
  version: Generated<number>;
  created_by: string;
  updated_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Whether every planner of the jurisdiction may change it, not only its author (migrations/0006). */
  shared: Generated<boolean>;
}

/** Someone who signs in to the web client (migrations/0004_access.ts); rows are mapped in users.repository.ts. */
export interface UsersTable {
  id: Generated<number>;
  name: string;
  role: 'planner' | 'bureau' | 'admin';
  /** bcrypt hash ($2b$…, cost and salt included); the password itself is never stored. */
  password_hash: string;
  disabled: Generated<boolean>;
  /** Jurisdiction ids the user may work on; null: unscoped (admins only; migrations/0006). */
  jurisdictions: ColumnType<string[] | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A browser session of a user (migrations/0004_access.ts); see sessions.repository.ts. */
export interface SessionsTable {
  id: Generated<number>;
  user_id: number;
  /** Hex SHA-256 of the cookie's token; the token itself is never stored. */
  token_hash: string;
  created_at: Timestamp;
  expires_at: Date;
}

/**
 * An import preview (migrations/0010_imports.ts, 0030): where its files are on disk, the manifest, who
 * may continue it, until when.
 */
export interface ImportsTable {
  id: string;
  owner_token_id: number | null;
  owner_user_id: number | null;
  owner_name: string;
  /** The manifest as last uploaded or changed (PUT); null: the one among the files, if any. */
  manifest: ColumnType<unknown, string | null, string | null>;
  created_at: Timestamp;
  expires_at: Timestamp;
  committed_jurisdiction_id: string | null;
  committed_at: NullableTimestamp;
  /** The files (zips unpacked): name inside the package, path inside the preview's folder, size; emptied by a commit. */
  files: ColumnType<{ name: string; path: string; size: number }[], string | undefined, string>;
}

/** State of a job run off the request path (migrations/0015_jobs.ts, 0032); rows are mapped in jobs.repository.ts. */
export interface JobsTable {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  /** 0–1. */
  progress: Generated<number>;
  stage_zh: string;
  stage_en: string;
  /** "token:<id>" or "user:<id>"; null when submitted anonymously on a public route. */
  owner: string | null;
  owner_name: string | null;
  jurisdiction_id: string | null;
  payload: Json<unknown>;
  result: NullableJson<unknown>;
  error: NullableJson<unknown>;
  attempts: Generated<number>;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  updated_at: Timestamp;
  /** The job that submitted this one as a part of its work, or null (migrations/0032_job_parents.ts). */
  parent_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface Database {
  policy_profiles: PolicyProfilesTable;
  jurisdictions: JurisdictionsTable;
  townships: TownshipsTable;
  township_population: TownshipPopulationTable;
  facilities: FacilitiesTable;
  population_units: PopulationUnitsTable;
  roads: RoadsTable;
  residential_projects: ResidentialProjectsTable;
  health_institutions: HealthInstitutionsTable;
  import_log: ImportLogTable;
  api_tokens: ApiTokensTable;
  scenarios: ScenariosTable;
  reported_values: ReportedValuesTable;
  audit_log: AuditLogTable;
  users: UsersTable;
  sessions: SessionsTable;
  imports: ImportsTable;
  rate_limit_hits: RateLimitHitsTable;
  county_summaries: CountySummariesTable;
  jobs: JobsTable;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; default env DATABASE_URL. When absent, PGlite is used. */
  databaseUrl?: string;
  /** Folder of the PGlite data; default env TUOWEI_DB_DIR, else ./.tuowei/db. */
  dbDir?: string;
  /** PostgreSQL only: schema to work in (created if missing; the only schema on the search_path). */
  schema?: string;
  /** Embedded PGlite with the data in memory (tests); ignores databaseUrl and DATABASE_URL. */
  inMemory?: boolean;
  /**
   * Who opens an embedded database folder ("server", "user CLI", …): it is locked for this process, and
   * opening it fails with EmbeddedDatabaseBusyError while another live process holds it.
   */
  holder?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Opens the database. Does not migrate: call `migrateToLatest` (./migrate.ts) next.
 * PGlite allows one connection at a time; the dialect queues callers, so code must not use `db`
 * while holding a transaction on it (use the transaction object).
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const databaseUrl = options.inMemory ? undefined : (options.databaseUrl ?? (process.env.DATABASE_URL || undefined));
  if (databaseUrl) return openPostgres(databaseUrl, options.schema);
  if (options.inMemory) {
    const db = new Kysely<Database>({ dialect: new PGliteDialect(await openInMemoryPglite()) });
    return { db, kind: 'pglite', close: () => db.destroy() };
  }
  const dir = options.dbDir ?? (process.env.TUOWEI_DB_DIR || './.tuowei/db');
  mkdirSync(dir, { recursive: true });
  const release = lockEmbeddedDatabase(dir, options.holder ?? 'process');
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir);
  } catch (error) {
    release();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  // kysely-pglite-dialect ≥ 1.3.1 closes the PGlite instance when the Kysely instance is destroyed.
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      release();
    },
  };
}

async function openPostgres(connectionString: string, schema: string | undefined): Promise<DatabaseHandle> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  if (schema) {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      await client.query(`create schema if not exists "${schema}"`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString,
    // Every pooled connection starts with this search_path, so unqualified names resolve in the schema.
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // Fail now, with the driver's message, rather than on the first query.
  await sql`select 1`.execute(db);
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/**
 * A fresh PGlite runs initdb, which takes seconds; an image of a freshly initialised cluster loads in
 * a fraction of that. The image is made once per process and reused for every in-memory database.
 */
let freshClusterImage: Promise<File | Blob> | undefined;

async function openInMemoryPglite(): Promise<PGlite> {
  freshClusterImage ??= (async () => {
    const template = await PGlite.create();
    try {
      return await template.dumpDataDir('none');
    } finally {
      await template.close();
    }
  })();
  return PGlite.create({ loadDataDir: await freshClusterImage });
}

/** Where the configuration says the data live (the fields of server/config.ts that name the database). */
export interface DatabaseLocation {
  databaseUrl: string | null;
  dbDir: string;
  dbSchema: string | null;
}

/**
 * The database the configuration names, for the server and every CLI alike: PostgreSQL at DATABASE_URL
 * in TUOWEI_DB_SCHEMA when set, else the embedded PGlite in TUOWEI_DB_DIR, locked for `holder`.
 */
export function openConfiguredDatabase(location: DatabaseLocation, holder: string): Promise<DatabaseHandle> {
  return openDatabase({
    ...(location.databaseUrl ? { databaseUrl: location.databaseUrl } : {}),
    dbDir: location.dbDir,
    ...(location.dbSchema ? { schema: location.dbSchema } : {}),
    holder,
  });
}
