/**
 * Jobs: the state of long work a request handed off (202 Accepted + Location). Any replica answers,
 * reading the jobs table. A job submitted with credentials is read by its owner or an admin; one
 * submitted anonymously on a public route by whoever holds its id (a random UUID). Others get 404, as
 * for a job that does not exist.
 */
import type { Response } from 'express';
import type { z } from 'zod';
import type { JobRecord } from '../../db/jobs.repository.js';
import { ownerOf } from '../../jobs/job-service.js';
import { jobAcceptedSchema, jobParams, jobSchema } from '../../schemas/jobs.js';
import { identify } from '../auth.js';
import { bilingual, notFound } from '../errors.js';
import { defineRoute } from '../route.js';

/** Answers 202 Accepted with the job's short form and `Location: /api/jobs/{id}`. */
export function acceptJob(res: Response, job: JobRecord): void {
  const body: z.infer<typeof jobAcceptedSchema> = { job: { id: job.id, kind: job.kind, status: job.status, progress: job.progress } };
  res.status(202).location(`/api/jobs/${job.id}`).json(body);
}

function jobJson(job: JobRecord): z.infer<typeof jobSchema> {
  return {
    job: {
      id: job.id,
      kind: job.kind,
      status: job.status,
      progress: job.progress,
      stage: job.stage.en,
      stageZh: job.stage.zh,
      jurisdictionId: job.jurisdictionId,
      attempts: job.attempts,
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      updatedAt: job.updatedAt,
      ...(job.status === 'succeeded' ? { result: job.result } : {}),
      ...(job.status === 'failed' && job.error
        ? {
            error: {
              code: job.error.code,
              message: job.error.message.en,
              messageZh: job.error.message.zh,
              ...(job.error.issues
                ? { issues: job.error.issues.map((i) => ({ path: i.path, message: i.message.en, messageZh: i.message.zh })) }
                : {}),
            },
          }
        : {}),
      parentId: job.parentId,
      ...(job.children ? { children: job.children } : {}),
    },
  };
}

export const jobRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/jobs/{id}',
    summary: 'A job’s state: queued, running (progress 0–1 and stage), succeeded with its result, or failed with its error',
    description:
      'Long requests (e.g. POST /api/jurisdictions/{id}/suggestions with many candidates) answer `202 Accepted` with `{"job": {"id", "kind", "status", "progress"}}` and `Location: /api/jobs/{id}`; poll this until `status` is `succeeded` (the `result` is the body the request would have answered) or `failed` (`error`, in both languages). A job that hands its work to jobs of its own (e.g. one per county of a province) reads as their sum once it has handed it out: `children` counts them by state, `progress` is the share done. Any replica answers. A job submitted with credentials is readable by its owner (the same token or user) or an admin; a job submitted without credentials by whoever holds its id. Otherwise 404.',
    tags: ['jobs'],
    access: 'public',
    params: jobParams,
    response: jobSchema,
    errors: [404],
    handler: async ({ deps, params, req }) => {
      const job = await deps.jobs.get(params.id);
      const missing = notFound(bilingual(`任务“${params.id}”`, `job "${params.id}"`));
      if (!job) throw missing;
      if (job.owner !== null) {
        const caller = await identify(req, deps);
        if (!caller || (caller.role !== 'admin' && ownerOf(caller) !== job.owner)) throw missing;
      }
      return jobJson(job);
    },
  }),
];
