/**
 * What a kind of job is: a plain function from its stored payload to a JSON result, reporting progress
 * as a fraction and a stage in both languages. It calls the engine (through the compute pool), the
 * analysis cache and the repositories like a route would. A job that writes data does it through
 * `ctx.commit`, which writes the job's success in the same transaction: a worker that dies before the
 * commit leaves nothing behind, and one that dies after it leaves a finished job nobody runs again.
 */
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { AnalysisService } from '../analysis/analysis-service.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { ChildJob, JobRecord } from '../db/jobs.repository.js';
import { bilingual, type Bilingual } from '../model/index.js';
import type { ComputePool } from './compute/pool.js';
import type { JobSubmission } from './job-service.js';

/** Submits jobs (the JobService of the process): a job may hand parts of its work, or follow-up work, to the queue. */
export interface JobSubmitter {
  submit(submission: JobSubmission): Promise<JobRecord>;
}

/** What a job may use: the database, the analysis cache, the compute pool and the job queue of the process running it. */
export interface JobDeps {
  db: Kysely<Database>;
  analysis: AnalysisService;
  compute: ComputePool;
  config: Config;
  jobs: JobSubmitter;
}

export interface JobContext<P> {
  job: { id: string; kind: string; jurisdictionId: string | null; owner: string | null; ownerName: string | null; attempt: number };
  payload: P;
  deps: JobDeps;
  /** Records progress (fraction 0–1) and the stage a person reads. */
  progress: (fraction: number, stage: Bilingual) => Promise<void>;
  /**
   * Runs the job's writes in one transaction that also records the job as succeeded with the result
   * `write` returns. Return what `commit` returns from the handler.
   */
  commit: <T>(write: (trx: Transaction<Database>) => Promise<T>) => Promise<Committed<T>>;
  /**
   * Submits a job as a part of this one (same owner; its `parentId` is this job), for any worker to
   * take. Never wait for it inside `run`: in the embedded mode the queue runs one job at a time, so the
   * child starts only after this job has returned.
   */
  submitChild: (child: { kind: string; jurisdictionId: string | null; payload: unknown }) => Promise<JobRecord>;
}

/** A result already written with the job's own writes (see JobContext.commit). */
export interface Committed<T> {
  committed: true;
  result: T;
}

export interface JobKind<P = unknown> {
  kind: string;
  /** The stored payload's schema: checked on submit and again when a worker takes the job. */
  payload: z.ZodType<P>;
  /** Stage shown while the job waits in the queue. */
  queuedStage?: Bilingual;
  /** The result as JSON, or a Committed result; throw HttpError (4xx, bilingual) to fail with a message. */
  run(ctx: JobContext<P>): Promise<unknown>;
  /**
   * How a reader sees a job of this kind that has succeeded after submitting children (submitChild):
   * its state made of theirs — status, progress, stage, result or error (JobService.get). Without it the
   * job reads as its own run ended.
   */
  readWithChildren?(job: JobRecord, children: ChildJob[]): JobRecord;
}

/** Declare a job kind; the payload type is inferred from its schema. */
export function defineJobKind<P>(kind: JobKind<P>): JobKind<P> {
  return kind;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of kinds with different payloads
export type AnyJobKind = JobKind<any>;

/** A failure the job's reader is told about (status and code as the HTTP error it would have been). */
export class JobFailure extends Error {
  readonly text: Bilingual;
  constructor(
    readonly status: number,
    readonly code: string,
    message: Bilingual,
    readonly issues: { path: string; message: Bilingual }[] = [],
  ) {
    super(message.en);
    this.text = message;
    this.name = 'JobFailure';
  }
}

/** 404 naming a jurisdiction the job's payload or jurisdiction names and the database does not hold. */
export function jurisdictionNotFound(id: string): JobFailure {
  return new JobFailure(404, 'not_found', bilingual(`未找到辖区“${id}”`, `jurisdiction "${id}" not found`));
}
