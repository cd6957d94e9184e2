/** Jobs: long work run off the request path (server/jobs/README.md). */
import { z } from 'zod';

export const jobParams = z.object({ id: z.uuid().describe('The job id of a 202 answer (its Location header names it)') });

const jobStatus = z
  .enum(['queued', 'running', 'succeeded', 'failed'])
  .describe('queued: waiting for a worker; running; succeeded: `result` holds the answer; failed: `error` says why');

const progress = z.number().min(0).max(1).describe('Fraction of the work done, 0..1');

/** The short form of a job in a 202 answer. */
export const jobAcceptedSchema = z.object({
  job: z.object({ id: z.uuid(), kind: z.string(), status: jobStatus, progress }),
});

export const jobSchema = z.object({
  job: z.object({
    id: z.uuid(),
    kind: z.string().describe('What the job does, e.g. `suggestions`'),
    status: jobStatus,
    progress,
    stage: z.string().describe('What the job is doing now (English)'),
    stageZh: z.string().describe('What the job is doing now (Chinese)'),
    jurisdictionId: z.string().nullable(),
    attempts: z.number().int().describe('Runs started: more than 1 when a worker stopped mid-job and another took it up'),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    updatedAt: z.string(),
    result: z.unknown().optional().describe('When succeeded: the body the request would have answered directly'),
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        messageZh: z.string(),
        issues: z.array(z.object({ path: z.string(), message: z.string(), messageZh: z.string() })).optional(),
      })
      .optional()
      .describe('When failed: why, in both languages, naming the request fields at fault when known'),
    parentId: z
      .uuid()
      .nullable()
      .describe(
        'The job that submitted this one as a part of its work (e.g. a `county summaries` job of its `county summary` children), or null',
      ),
    children: z
      .object({
        total: z.number().int(),
        queued: z.number().int(),
        running: z.number().int(),
        succeeded: z.number().int(),
        failed: z.number().int(),
      })
      .optional()
      .describe(
        'A job whose work is done by jobs it submitted (`county summaries`): how many are in each state. Its `status`, `progress`, `stage` and `result` or `error` are then theirs together',
      ),
  }),
});
