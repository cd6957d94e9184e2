/**
 * The jobs table (migrations/0015_jobs.ts): what a person reads of long work, from any replica. The
 * queue that hands jobs to workers keeps its own bookkeeping (server/jobs/); these rows are the
 * user-facing state. A job's final state is written with `finishJob` — inside the transaction of the
 * job's own writes when it has any, so that either both land or neither does.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Bilingual } from '../model/index.js';
import type { Database } from './database.js';
import { toIsoString } from './row-mapping.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** A failed job's error: a code and a message in both languages, with the fields at fault when known. */
export interface JobError {
  code: string;
  message: Bilingual;
  issues?: { path: string; message: Bilingual }[];
}

export interface JobRecord {
  id: string;
  kind: string;
  status: JobStatus;
  /** 0–1. */
  progress: number;
  stage: Bilingual;
  /** "token:<id>" or "user:<id>"; null when submitted anonymously. */
  owner: string | null;
  ownerName: string | null;
  jurisdictionId: string | null;
  payload: unknown;
  result: unknown;
  error: JobError | null;
  attempts: number;
  /** ISO 8601 timestamps. */
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  /** The job that submitted this one as a part of its work (migrations/0032), or null. */
  parentId: string | null;
  /** A parent read with its children (JobService.get): how many are in each state. */
  children?: JobChildCounts;
}

export interface JobChildCounts {
  total: number;
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
}

/** A child job as its parent's reader needs it: its state, and the name of its jurisdiction. */
export interface ChildJob {
  id: string;
  status: JobStatus;
  jurisdictionId: string | null;
  /** The jurisdiction's name, or null when it has none (or no longer exists). */
  jurisdictionName: string | null;
  result: unknown;
  error: JobError | null;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface NewJob {
  id: string;
  kind: string;
  owner: string | null;
  ownerName: string | null;
  jurisdictionId: string | null;
  payload: unknown;
  stage: Bilingual;
  /** The job submitting it as a part of its own work. */
  parentId?: string | null;
}

type Db = Kysely<Database> | Transaction<Database>;

export async function insertJob(db: Db, job: NewJob): Promise<JobRecord> {
  const row = await db
    .insertInto('jobs')
    .values({
      id: job.id,
      kind: job.kind,
      status: 'queued',
      stage_zh: job.stage.zh,
      stage_en: job.stage.en,
      owner: job.owner,
      owner_name: job.ownerName,
      jurisdiction_id: job.jurisdictionId,
      payload: JSON.stringify(job.payload),
      parent_id: job.parentId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

export async function getJob(db: Db, id: string): Promise<JobRecord | null> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/**
 * Marks a job running for a new attempt (the first, or a retry after its worker died), unless it has
 * already finished: then null, and the caller must not run it again (its result was committed before
 * the worker died, and the queue did not hear of it).
 */
export async function startJobAttempt(db: Db, id: string, stage: Bilingual): Promise<JobRecord | null> {
  const row = await db
    .updateTable('jobs')
    .set({
      status: 'running',
      progress: 0,
      stage_zh: stage.zh,
      stage_en: stage.en,
      attempts: sql<number>`attempts + 1`,
      started_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Progress of a running job (fraction clamped to 0–1). A finished job is left alone. */
export async function reportJobProgress(db: Db, id: string, fraction: number, stage: Bilingual): Promise<void> {
  const progress = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  await db
    .updateTable('jobs')
    .set({ progress, stage_zh: stage.zh, stage_en: stage.en, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/**
 * Writes a job's final state once: true when this call finished it, false when it was finished
 * already (by an earlier attempt). Call it inside the transaction of the job's own writes.
 */
export async function finishJob(
  db: Db,
  id: string,
  outcome: { status: 'succeeded'; result: unknown; stage: Bilingual } | { status: 'failed'; error: JobError; stage: Bilingual },
): Promise<boolean> {
  const done = await db
    .updateTable('jobs')
    .set({
      status: outcome.status,
      progress: outcome.status === 'succeeded' ? 1 : sql<number>`progress`,
      stage_zh: outcome.stage.zh,
      stage_en: outcome.stage.en,
      result: outcome.status === 'succeeded' ? JSON.stringify(outcome.result ?? null) : null,
      error: outcome.status === 'failed' ? JSON.stringify(outcome.error) : null,
      finished_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(done.numUpdatedRows) > 0;
}

/** The jobs `parentId` submitted, oldest first, with their jurisdictions' names. */
export async function listChildJobs(db: Db, parentId: string): Promise<ChildJob[]> {
  const rows = await db
    .selectFrom('jobs')
    .leftJoin('jurisdictions', 'jurisdictions.id', 'jobs.jurisdiction_id')
    .select([
      'jobs.id',
      'jobs.status',
      'jobs.jurisdiction_id',
      'jurisdictions.name as jurisdiction_name',
      'jobs.result',
      'jobs.error',
      'jobs.started_at',
      'jobs.finished_at',
      'jobs.updated_at',
    ])
    .where('jobs.parent_id', '=', parentId)
    .orderBy('jobs.created_at')
    .orderBy('jobs.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    jurisdictionId: r.jurisdiction_id,
    jurisdictionName: r.jurisdiction_name,
    result: r.result ?? null,
    error: (r.error as JobError | null) ?? null,
    startedAt: r.started_at === null ? null : toIsoString(r.started_at),
    finishedAt: r.finished_at === null ? null : toIsoString(r.finished_at),
    updatedAt: toIsoString(r.updated_at),
  }));
}

/**
 * The jobs of `kind` on `jurisdictionId` that `owner` submitted since `since` (ms), newest first, as
 * stored (a parent's own record, before its children are added up).
 */
export async function listRecentJobsOf(
  db: Db,
  filter: { kind: string; jurisdictionId: string; owner: string | null; since: number },
): Promise<JobRecord[]> {
  let query = db
    .selectFrom('jobs')
    .selectAll()
    .where('kind', '=', filter.kind)
    .where('jurisdiction_id', '=', filter.jurisdictionId)
    .where('created_at', '>=', new Date(filter.since))
    .orderBy('created_at', 'desc')
    .limit(20);
  query = filter.owner === null ? query.where('owner', 'is', null) : query.where('owner', '=', filter.owner);
  return (await query.execute()).map(toRecord);
}

/** Ids of jobs not finished, oldest first: the embedded server takes them up again after a restart. */
export async function listUnfinishedJobIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('jobs').select('id').where('status', 'in', ['queued', 'running']).orderBy('created_at').execute();
  return rows.map((r) => r.id);
}

function toRecord(row: {
  id: string;
  kind: string;
  status: JobStatus;
  progress: number;
  stage_zh: string;
  stage_en: string;
  owner: string | null;
  owner_name: string | null;
  jurisdiction_id: string | null;
  payload: unknown;
  result: unknown;
  error: unknown;
  attempts: number;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  updated_at: Date | string;
  parent_id: string | null;
}): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: Number(row.progress),
    stage: { zh: row.stage_zh, en: row.stage_en },
    owner: row.owner,
    ownerName: row.owner_name,
    jurisdictionId: row.jurisdiction_id,
    payload: row.payload,
    result: row.result ?? null,
    error: (row.error as JobError | null) ?? null,
    attempts: row.attempts,
    createdAt: toIsoString(row.created_at),
    startedAt: row.started_at === null ? null : toIsoString(row.started_at),
    finishedAt: row.finished_at === null ? null : toIsoString(row.finished_at),
    updatedAt: toIsoString(row.updated_at),
    parentId: row.parent_id,
  };
}
