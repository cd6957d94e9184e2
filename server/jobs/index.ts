/**
 * The surface of server/jobs: the services a process needs for work off the request path — the
 * compute pool, the analysis cache that uses it, and the job service — made the same way by the
 * server (main.ts), the worker (cli/worker.ts) and the tests.
 */
import type { Kysely } from 'kysely';
import type { DataVersionSource } from '../db/data-version-listener.js';
import type { Logger } from 'pino';
import { AnalysisService } from '../analysis/analysis-service.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { sharedComputePool, type ComputePool } from './compute/pool.js';
import type { AnyJobKind } from './job-kind.js';
import { createJobService, type JobService } from './job-service.js';
import { jobKindRegistry } from './kinds/index.js';

export { ComputePool, sharedComputePool } from './compute/pool.js';
export { defineJobKind, JobFailure, type AnyJobKind, type JobContext, type JobDeps, type JobKind } from './job-kind.js';
export { JobService, ownerOf, queueSchemaOf, type JobSubmission } from './job-service.js';
export { jobKindRegistry, JOB_KINDS } from './kinds/index.js';

export interface JobServices {
  compute: ComputePool;
  analysis: AnalysisService;
  jobs: JobService;
}

export interface JobServicesOptions {
  /** Whether this process runs jobs (embedded mode always does: nobody else may open its database). */
  work: boolean;
  logger?: Logger;
  /** Kinds besides the registered ones (tests). */
  extraKinds?: readonly AnyJobKind[];
  /** Server mode: how often this instance looks for jobs of dead workers, in seconds (default 5). */
  superviseSeconds?: number;
  /** Server mode: the data versions kept current by LISTEN/NOTIFY (see AnalysisService). */
  versions?: DataVersionSource | null;
}

/** The compute pool, analysis cache and job service of a process over `db`. Call `jobs.start()` next. */
export function createJobServices(db: Kysely<Database>, config: Config, options: JobServicesOptions): JobServices {
  const compute = sharedComputePool(config.computeThreads ?? undefined);
  const analysis = new AnalysisService(db, config.cachedJurisdictions, options.versions ?? null, compute);
  const jobs = createJobService({ db, analysis, compute, config }, jobKindRegistry(options.extraKinds), {
    databaseUrl: config.databaseUrl,
    dbSchema: config.dbSchema,
    work: options.work || !config.databaseUrl,
    heartbeatSeconds: config.jobHeartbeatSeconds,
    ...(options.superviseSeconds !== undefined ? { superviseSeconds: options.superviseSeconds } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { compute, analysis, jobs };
}
