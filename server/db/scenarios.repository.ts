/**
 * Saved what-if scenarios (table `scenarios`, migrations/0002_scenarios.ts). A scenario is a named,
 * ordered list of changes on top of a jurisdiction's data in one year. Writes are guarded by the
 * row's `version`: an update or delete names the version it was based on, and a stale one changes
 * nothing and reports the current row instead (optimistic concurrency; nothing is overwritten).
 * Every write runs in one transaction.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ScenarioChange } from '../schemas/whatif.js';
import type { Database, ScenariosTable } from './database.js';

export interface Scenario {
  id: number;
  jurisdictionId: string;
  name: string;
  description: string | null;
  year: number;
  changes: ScenarioChange[];
  version: number;
  createdBy: string;
  updatedBy: string;
  /** Whether every planner of the jurisdiction may change it; else only its author (and admins). */
  shared: boolean;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

export type ScenarioListItem = Omit<Scenario, 'changes'> & { changeCount: number };

export interface ScenarioInput {
  name: string;
  description: string | null;
  year: number;
  changes: ScenarioChange[];
  /** Absent on an update: keep the stored flag. */
  shared?: boolean;
}

/** What a version-guarded write found: done, no such scenario, or a newer version (returned as it is now). */
export type GuardedWrite<T> = { status: 'ok'; value: T } | { status: 'not_found' } | { status: 'conflict'; current: Scenario };

function toScenario(row: Selectable<ScenariosTable>): Scenario {
  return {
    id: Number(row.id),
    jurisdictionId: row.jurisdiction_id,
    name: row.name,
    description: row.description,
    year: Number(row.year),
    changes: row.changes as ScenarioChange[],
    version: Number(row.version),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    shared: Boolean(row.shared),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The jurisdiction's scenarios, oldest first, without their changes. */
export async function listScenarios(db: Kysely<Database>, jurisdictionId: string): Promise<ScenarioListItem[]> {
  const rows = await db.selectFrom('scenarios').selectAll().where('jurisdiction_id', '=', jurisdictionId).orderBy('id').execute();
  return rows.map((row) => {
    const { changes, ...rest } = toScenario(row);
    return { ...rest, changeCount: changes.length };
  });
}

export async function getScenario(
  db: Kysely<Database> | Transaction<Database>,
  jurisdictionId: string,
  id: number,
): Promise<Scenario | null> {
  const row = await db
    .selectFrom('scenarios')
    .selectAll()
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toScenario(row) : null;
}

export async function createScenario(
  db: Kysely<Database>,
  jurisdictionId: string,
  input: ScenarioInput,
  author: string,
): Promise<Scenario> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('scenarios')
      .values({
        jurisdiction_id: jurisdictionId,
        name: input.name,
        description: input.description,
        year: input.year,
        changes: JSON.stringify(input.changes),
        created_by: author,
        updated_by: author,
        shared: input.shared ?? false,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toScenario(row);
  });
}

/**
 * Replaces name, description, year and changes when the stored version is still `baseVersion`, and
 * bumps the version. Otherwise writes nothing and says why.
 */
export async function updateScenario(
  db: Kysely<Database>,
  jurisdictionId: string,
  id: number,
  baseVersion: number,
  input: ScenarioInput,
  author: string,
): Promise<GuardedWrite<Scenario>> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('scenarios')
      .set((eb) => ({
        name: input.name,
        description: input.description,
        year: input.year,
        changes: JSON.stringify(input.changes),
        version: eb('version', '+', 1),
        ...(input.shared !== undefined ? { shared: input.shared } : {}),
        updated_by: author,
        updated_at: new Date(),
      }))
      .where('jurisdiction_id', '=', jurisdictionId)
      .where('id', '=', id)
      .where('version', '=', baseVersion)
      .returningAll()
      .executeTakeFirst();
    if (row) return { status: 'ok', value: toScenario(row) };
    return missedWrite(trx, jurisdictionId, id);
  });
}

/** Deletes the scenario; with `baseVersion`, only while it is still that version. */
export async function deleteScenario(
  db: Kysely<Database>,
  jurisdictionId: string,
  id: number,
  baseVersion: number | null,
): Promise<GuardedWrite<Scenario>> {
  return db.transaction().execute(async (trx) => {
    let query = trx.deleteFrom('scenarios').where('jurisdiction_id', '=', jurisdictionId).where('id', '=', id);
    if (baseVersion !== null) query = query.where('version', '=', baseVersion);
    const row = await query.returningAll().executeTakeFirst();
    if (row) return { status: 'ok', value: toScenario(row) };
    return missedWrite(trx, jurisdictionId, id);
  });
}

/** Why a guarded write touched no row: the scenario is gone, or it has another version now. */
async function missedWrite(trx: Transaction<Database>, jurisdictionId: string, id: number): Promise<GuardedWrite<never>> {
  const current = await getScenario(trx, jurisdictionId, id);
  return current ? { status: 'conflict', current } : { status: 'not_found' };
}
