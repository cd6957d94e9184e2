/**
 * Schema migrations (numbered files in migrations/, applied in name order by Kysely's Migrator) and the
 * seeding of the built-in policy profiles. Run at every start and by `npm run migrate`.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import { readBuiltInProfiles } from './built-in-profiles.js';
import type { Database } from './database.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** `0001_initial.ts`: four digits, an underscore, a name. */
const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.ts$/;

/** Imports every migrations/NNNN_name.ts; the migration's name is the file name without extension. */
class MigrationFolderProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of (await readdir(this.dir)).filter((f) => MIGRATION_FILE.test(f)).sort()) {
      const module = (await import(pathToFileURL(path.join(this.dir, file)).href)) as Migration;
      migrations[file.replace(/\.ts$/, '')] = { up: (db) => module.up(db), ...(module.down ? { down: (db) => module.down!(db) } : {}) };
    }
    return migrations;
  }
}

/**
 * The migrator, with its bookkeeping tables pinned to the connection's current schema: without that,
 * Kysely looks for them in every schema of the database, finds another schema's (a second Tuowei, a
 * parallel test) and then fails to read its own lock table.
 */
async function migrator(db: Kysely<Database>): Promise<Migrator> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema ?? undefined;
  return new Migrator({ db, provider: new MigrationFolderProvider(MIGRATIONS_DIR), ...(schema ? { migrationTableSchema: schema } : {}) });
}

/** Applies every pending migration, then upserts the built-in profiles (data/profiles/*.json). */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const { error, results } = await (await migrator(db)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`, {
      cause: error,
    });
  }
  await upsertBuiltInProfiles(db);
}

/** Names of applied and pending migrations, in order. */
export async function migrationStatus(db: Kysely<Database>): Promise<{ applied: string[]; pending: string[] }> {
  const migrations = await (await migrator(db)).getMigrations();
  return {
    applied: migrations.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: migrations.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

async function upsertBuiltInProfiles(db: Kysely<Database>): Promise<void> {
  const profiles = await readBuiltInProfiles();
  if (profiles.length === 0) return;
  await db
    .insertInto('policy_profiles')
    .values(profiles.map((p) => ({ id: p.id, name: p.name, built_in: true, profile: JSON.stringify(p) })))
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          built_in: true,
          profile: eb.ref('excluded.profile'),
          updated_at: sql<Date>`now()`,
        }))
        .where(
          // Only when something changed: every start runs this, and an unchanged profile must stay byte-for-byte the same.
          sql<boolean>`(policy_profiles.name, policy_profiles.profile, policy_profiles.built_in) is distinct from (excluded.name, excluded.profile, true)`,
        ),
    )
    .execute();
}
