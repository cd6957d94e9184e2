/**
 * The queue of the embedded mode (PGlite: one process owns the database): the server runs its jobs
 * itself, a few at a time, their CPU-heavy parts in the compute pool's worker threads. The queue is the
 * jobs table: jobs still queued or running when the server stopped are taken up again at its next start.
 */
import type { Logger } from 'pino';
import { listUnfinishedJobIds } from '../db/jobs.repository.js';
import type { AnyJobKind, JobDeps } from './job-kind.js';
import { runJobAttempt } from './run-job.js';
import type { JobQueue } from './job-service.js';

export class InProcessJobQueue implements JobQueue {
  readonly mode = 'in-process' as const;
  private readonly waiting: string[] = [];
  /** Ids waiting or running: a job submitted while start() lists the unfinished ones is queued once. */
  private readonly known = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  /** @param concurrency jobs run at once (default 1: their heavy parts share the compute pool anyway). */
  constructor(
    private readonly deps: JobDeps,
    private readonly kinds: ReadonlyMap<string, AnyJobKind>,
    private readonly concurrency = 1,
    private readonly logger?: Logger,
  ) {}

  async start(): Promise<void> {
    for (const id of await listUnfinishedJobIds(this.deps.db)) this.add(id);
    this.pump();
  }

  enqueue(id: string): Promise<void> {
    this.add(id);
    this.pump();
    return Promise.resolve();
  }

  /** Takes no new job and waits for the running ones. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.running]);
  }

  private add(id: string): void {
    if (this.known.has(id)) return;
    this.known.add(id);
    this.waiting.push(id);
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      const run: Promise<void> = runJobAttempt(this.deps, this.kinds, id, this.logger)
        .catch((error: unknown) => this.logger?.error({ err: error, job: id }, 'running a job failed'))
        .finally(() => {
          this.running.delete(run);
          this.known.delete(id);
          this.pump();
        });
      this.running.add(run);
    }
  }
}
