/**
 * The queue of the server mode (DATABASE_URL): pg-boss, a job queue stored in the same PostgreSQL, in
 * its own schema. Any replica sends; any worker (`npm run worker`, or a replica that also works) takes
 * jobs with `SELECT … FOR UPDATE SKIP LOCKED`, so each job goes to one worker at a time. A worker sends a
 * heartbeat while it runs a job; when it dies, the heartbeat stops, pg-boss's supervisor (in every
 * instance) fails the attempt after `heartbeatSeconds`, and the job is retried by another worker.
 */
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { AnyJobKind, JobDeps } from './job-kind.js';
import { runJobAttempt } from './run-job.js';
import type { JobQueue } from './job-service.js';

/** The one pg-boss queue; the job's kind is in our jobs table. */
export const QUEUE_NAME = 'tuowei-jobs';

export interface PgBossQueueOptions {
  connectionString: string;
  /** Schema of pg-boss's own tables (created if missing). */
  schema: string;
  /** Seconds without a heartbeat after which a running job's worker counts as dead (≥ 10; default 30). */
  heartbeatSeconds?: number;
  /** How often this instance looks for dead workers' jobs, in seconds (default 5). */
  superviseSeconds?: number;
  /** Attempts after the first when workers die (default 2). */
  retryLimit?: number;
  /** Jobs this process runs at once when it works (default 1). */
  concurrency?: number;
  /** Whether this process takes jobs (a worker, or a replica that also works) or only sends them. */
  work: boolean;
}

export class PgBossJobQueue implements JobQueue {
  readonly mode = 'pg-boss' as const;
  private readonly boss: PgBoss;

  constructor(
    private readonly deps: JobDeps,
    private readonly kinds: ReadonlyMap<string, AnyJobKind>,
    private readonly options: PgBossQueueOptions,
    private readonly logger?: Logger,
  ) {
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: options.schema,
      superviseIntervalSeconds: options.superviseSeconds ?? 5,
      // The queue's ready count, which decides a worker's burst (below), is read once a second.
      queueCacheIntervalSeconds: 1,
      max: 4,
    });
    this.boss.on('error', (error: unknown) => logger?.error({ err: error }, 'job queue error'));
  }

  async start(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(QUEUE_NAME, {
      heartbeatSeconds: this.options.heartbeatSeconds ?? 30,
      retryLimit: this.options.retryLimit ?? 2,
      // A suggestion or an import of a province may run long; the heartbeat, not this, detects a dead worker.
      expireInSeconds: 6 * 3600,
    });
    if (!this.options.work) return;
    await this.boss.work<{ jobId: string }>(
      QUEUE_NAME,
      {
        batchSize: 1,
        localConcurrency: this.options.concurrency ?? 1,
        pollingIntervalSeconds: 0.5,
        // While more jobs wait, take the next at once: otherwise a worker rests what is left of the half
        // second after each job, and a province's counties (about 0.1–0.2 s each) ran at a third of the
        // speed. When the queue runs dry it polls again every half second.
        burstWhenReadyExceeds: 1,
      },
      async ([job]) => {
        if (job) await runJobAttempt(this.deps, this.kinds, job.data.jobId, this.logger);
      },
    );
  }

  async enqueue(id: string): Promise<void> {
    // The queue's job carries our id and nothing else: the state a person reads is in our table.
    await this.boss.send(QUEUE_NAME, { jobId: id }, { id });
  }

  /** Stops taking jobs and waits (up to 30 s) for the running ones. */
  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 30_000, close: true });
  }
}
