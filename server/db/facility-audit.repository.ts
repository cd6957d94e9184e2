/**
 * The audit log of the bureau's edits: every change of a facility (create, update, close) and of a
 * reported indicator value (record, delete), with who made it, when, and the record before and after.
 * Written in the transaction of the edit, so an edit and its audit row commit or roll back together.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AuditLogTable, Database } from './database.js';
import { toIsoString } from './row-mapping.js';

export type AuditEntity = AuditLogTable['entity'];
export type AuditAction = AuditLogTable['action'];

export interface AuditEntry {
  id: number;
  jurisdictionId: string;
  entity: AuditEntity;
  /** Facility id, or `<indicator>/<year>` for a reported value. */
  entityId: string;
  action: AuditAction;
  /** Name of the caller's token. */
  actor: string;
  /** ISO 8601 time of the edit. */
  at: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The jurisdiction's data_version after the edit; null for edits that change no layer (reported values). */
  dataVersion: number | null;
}

export interface AuditInput {
  jurisdictionId: string;
  entity: AuditEntity;
  entityId: string;
  action: AuditAction;
  actor: string;
  before: object | null;
  after: object | null;
  dataVersion: number | null;
}

function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: Number(row.id),
    jurisdictionId: row.jurisdiction_id,
    entity: row.entity,
    entityId: row.entity_id,
    action: row.action,
    actor: row.actor,
    at: toIsoString(row.at),
    before: row.before,
    after: row.after,
    dataVersion: row.data_version === null ? null : Number(row.data_version),
  };
}

/** Appends one audit row in the edit's transaction; returns it. */
export async function recordAudit(trx: Transaction<Database>, input: AuditInput): Promise<AuditEntry> {
  const row = await trx
    .insertInto('audit_log')
    .values({
      jurisdiction_id: input.jurisdictionId,
      entity: input.entity,
      entity_id: input.entityId,
      action: input.action,
      actor: input.actor,
      before: input.before === null ? null : JSON.stringify(input.before),
      after: input.after === null ? null : JSON.stringify(input.after),
      data_version: input.dataVersion,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAuditEntry(row);
}

export interface AuditQuery {
  /** Only this jurisdiction's entries (used by listRecentAudit; listAudit takes it as an argument). */
  jurisdictionId?: string;
  /** Only entries of these jurisdictions (a scoped admin's); every jurisdiction when absent. */
  jurisdictionIds?: readonly string[];
  entity?: AuditEntity;
  entityId?: string;
  /** Only entries with an id below this (the next page of a newest-first listing). */
  beforeId?: number;
  /** At most this many entries. */
  limit: number;
}

/** A jurisdiction's audit entries, newest first. */
export async function listAudit(db: Kysely<Database>, jurisdictionId: string, query: AuditQuery): Promise<AuditEntry[]> {
  let select = db.selectFrom('audit_log').selectAll().where('jurisdiction_id', '=', jurisdictionId);
  if (query.entity !== undefined) select = select.where('entity', '=', query.entity);
  if (query.entityId !== undefined) select = select.where('entity_id', '=', query.entityId);
  if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
  const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(toAuditEntry);
}

/** The newest audit entries across every jurisdiction (or one, when `query.jurisdictionId` is set): the admin's view. */
export async function listRecentAudit(db: Kysely<Database>, query: AuditQuery): Promise<AuditEntry[]> {
  let select = db.selectFrom('audit_log').selectAll();
  if (query.jurisdictionId !== undefined) select = select.where('jurisdiction_id', '=', query.jurisdictionId);
  if (query.jurisdictionIds !== undefined) {
    if (query.jurisdictionIds.length === 0) return [];
    select = select.where('jurisdiction_id', 'in', [...query.jurisdictionIds]);
  }
  if (query.entity !== undefined) select = select.where('entity', '=', query.entity);
  if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
  const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(toAuditEntry);
}
