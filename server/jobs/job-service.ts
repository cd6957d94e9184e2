/**
 * The one job API of both modes: `submit` stores the job's state in our jobs table and hands its id to
 * the queue — pg-boss in PostgreSQL when DATABASE_URL is set, else the server process itself (embedded
 * PGlite) — and `get` reads the state back, on any replica. Routes call
 * `deps.jobs.submit({ kind, jurisdictionId, owner, payload })` and answer 202 with the job.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { finishJob, getJob, insertJob, listChildJobs, type JobRecord } from '../db/jobs.repository.js';
import { bilingual } from '../model/index.js';
import type { AnyJobKind, JobDeps, JobSubmitter } from './job-kind.js';
import { InProcessJobQueue } from './in-process-queue.js';
import { PgBossJobQueue } from './pg-boss-queue.js';
import { FAILED_STAGE, runJobAttempt } from './run-job.js';

/** Hands job ids to whoever runs them. */
export interface JobQueue {
  readonly mode: 'in-process' | 'pg-boss';
  start(): Promise<void>;
  enqueue(id: string): Promise<void>;
  stop(): Promise<void>;
}

export interface JobSubmission {
  kind: string;
  jurisdictionId: string | null;
  /** "token:<id>" or "user:<id>" of the caller; null on a public route without credentials. */
  owner: string | null;
  /** The caller's name, for the log and the job's reader. */
  ownerName?: string | null;
  payload: unknown;
  /** The job this one is a part of (JobContext.submitChild). */
  parentId?: string | null;
}

/** The owner string of a caller: who may read the job later (with admins). */
export function ownerOf(caller: { tokenId: number | null; userId: number | null } | null): string | null {
  if (!caller) return null;
  return caller.tokenId !== null ? `token:${caller.tokenId}` : caller.userId !== null ? `user:${caller.userId}` : null;
}

export const QUEUED_STAGE = bilingual('排队等待计算', 'waiting in the queue');

export class JobService implements JobSubmitter {
  /** Jobs running in this process by submitHere. */
  private readonly here = new Set<Promise<void>>();

  constructor(
    private readonly deps: JobDeps,
    readonly kinds: ReadonlyMap<string, AnyJobKind>,
    private readonly queue: JobQueue,
    private readonly logger?: Logger,
  ) {}

  get mode(): JobQueue['mode'] {
    return this.queue.mode;
  }

  /** Starts the queue (and, where this process works, taking jobs). */
  start(): Promise<void> {
    return this.queue.start();
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.here]);
    await this.queue.stop();
  }

  /**
   * Stores a queued job and enqueues it. The payload is checked against the kind's schema now, so a
   * malformed job fails its submitter (a programming error: routes validate requests before).
   */
  async submit(submission: JobSubmission): Promise<JobRecord> {
    const kind = this.kinds.get(submission.kind);
    if (!kind) throw new Error(`no job kind "${submission.kind}" is registered (server/jobs/kinds/index.ts)`);
    const payload: unknown = kind.payload.parse(submission.payload);
    const record = await insertJob(this.deps.db, {
      id: randomUUID(),
      kind: kind.kind,
      owner: submission.owner,
      ownerName: submission.ownerName ?? null,
      jurisdictionId: submission.jurisdictionId,
      payload,
      stage: kind.queuedStage ?? QUEUED_STAGE,
      parentId: submission.parentId ?? null,
    });
    try {
      await this.queue.enqueue(record.id);
    } catch (error) {
      await finishJob(this.deps.db, record.id, {
        status: 'failed',
        error: { code: 'queue_unavailable', message: bilingual('任务队列不可用，请稍后重试', 'the job queue is unavailable; retry later') },
        stage: FAILED_STAGE,
      });
      throw error;
    }
    return record;
  }

  /**
   * Stores a job and runs it in this process instead of handing it to the queue: for a job whose input
   * only this host has (an import preview's files, on its disk: server/import/upload-store.ts). Read
   * and polled like any job; in embedded mode it is what the queue does anyway. Unlike a queued job it
   * is not retried elsewhere if this process dies (the files died with the host's view of them anyway):
   * it stays `running` until the preview is uploaded again.
   */
  async submitHere(submission: JobSubmission): Promise<JobRecord> {
    if (this.queue.mode === 'in-process') return this.submit(submission);
    const kind = this.kinds.get(submission.kind);
    if (!kind) throw new Error(`no job kind "${submission.kind}" is registered (server/jobs/kinds/index.ts)`);
    const record = await insertJob(this.deps.db, {
      id: randomUUID(),
      kind: kind.kind,
      owner: submission.owner,
      ownerName: submission.ownerName ?? null,
      jurisdictionId: submission.jurisdictionId,
      payload: kind.payload.parse(submission.payload),
      stage: kind.queuedStage ?? QUEUED_STAGE,
    });
    const run: Promise<void> = runJobAttempt(this.deps, this.kinds, record.id, this.logger)
      .catch((error: unknown) => this.logger?.error({ err: error, job: record.id }, 'running a job failed'))
      .finally(() => this.here.delete(run));
    this.here.add(run);
    return record;
  }

  /**
   * The job as its reader sees it. A job that has succeeded after submitting children reads as its
   * kind composes it from theirs (JobKind.readWithChildren): a parent's work is done when theirs is.
   */
  async get(id: string): Promise<JobRecord | null> {
    const record = await getJob(this.deps.db, id);
    const kind = record ? this.kinds.get(record.kind) : undefined;
    if (!record || record.status !== 'succeeded' || !kind?.readWithChildren) return record;
    const children = await listChildJobs(this.deps.db, id);
    return children.length > 0 ? kind.readWithChildren(record, children) : record;
  }
}

export interface JobServiceOptions {
  /** PostgreSQL: queue in pg-boss; null: the embedded mode's in-process queue. */
  databaseUrl: string | null;
  /** Our schema (TUOWEI_DB_SCHEMA); pg-boss's tables go to `<schema>_queue`, else `tuowei_queue`. */
  dbSchema: string | null;
  /** Whether this process runs jobs (always in embedded mode). */
  work: boolean;
  heartbeatSeconds?: number;
  superviseSeconds?: number;
  concurrency?: number;
  logger?: Logger;
}

/** Schema of pg-boss's tables beside ours. */
export function queueSchemaOf(dbSchema: string | null): string {
  return dbSchema ? `${dbSchema}_queue` : 'tuowei_queue';
}

/**
 * The job service of a process: pg-boss in server mode, in-process in embedded mode. Call start() next.
 * Its jobs submit further jobs through the service itself (JobDeps.jobs).
 */
export function createJobService(
  services: Omit<JobDeps, 'jobs'>,
  kinds: ReadonlyMap<string, AnyJobKind>,
  options: JobServiceOptions,
): JobService {
  let service: JobService | null = null;
  const deps: JobDeps = {
    ...services,
    jobs: {
      submit: (submission) => {
        if (!service) throw new Error('a job submitted a job before the job service was made');
        return service.submit(submission);
      },
    },
  };
  const queue: JobQueue = options.databaseUrl
    ? new PgBossJobQueue(
        deps,
        kinds,
        {
          connectionString: options.databaseUrl,
          schema: queueSchemaOf(options.dbSchema),
          work: options.work,
          ...(options.heartbeatSeconds !== undefined ? { heartbeatSeconds: options.heartbeatSeconds } : {}),
          ...(options.superviseSeconds !== undefined ? { superviseSeconds: options.superviseSeconds } : {}),
          ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        },
        options.logger,
      )
    : new InProcessJobQueue(deps, kinds, options.concurrency ?? 1, options.logger);
  service = new JobService(deps, kinds, queue, options.logger);
  return service;
}
