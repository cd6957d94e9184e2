/**
 * Progress of a job (long work the server runs off the request path, server/jobs/README.md): a request
 * answered `202 Accepted` with `{"job": {…}}` is followed by polling `GET /api/jobs/{id}` until the job
 * has succeeded (its result is what the request would have answered) or failed (its error, in the
 * reader's language). `JobProgress` shows the stage and a progress bar meanwhile.
 */
import type { z } from 'zod';
import type { jobAcceptedSchema, jobSchema } from '../../server/schemas/jobs';
import { RequestError, requestJson } from '../auth/session';
import { getLocale, t } from '../i18n/i18n';
import { h, replaceChildren } from './dom';
import './job-progress.css';

export type Job = z.infer<typeof jobSchema>['job'];
export type AcceptedJob = z.infer<typeof jobAcceptedSchema>;

/** Whether an answer is a 202's job rather than the result itself. */
export function isAcceptedJob(body: unknown): body is AcceptedJob {
  if (typeof body !== 'object' || body === null || !('job' in body)) return false;
  const job = body.job;
  return typeof job === 'object' && job !== null && typeof (job as { id?: unknown }).id === 'string';
}

/** First wait between polls in ms; it grows to POLL_MAX_MS so a long job costs few requests. */
const POLL_FIRST_MS = 400;
const POLL_MAX_MS = 3000;

/** The abort's reason as an Error (a newer request cancelled this one). */
const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError');

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(abortError(signal));
      },
      { once: true },
    );
  });
}

/**
 * Polls the job until it has finished: its result when it succeeded; a RequestError with its message
 * and the fields at fault (in the reader's language) when it failed. `onProgress` sees every state read.
 */
export async function waitForJob<T>(id: string, options: { signal?: AbortSignal; onProgress?: (job: Job) => void } = {}): Promise<T> {
  let wait = POLL_FIRST_MS;
  for (;;) {
    const { job } = await requestJson<{ job: Job }>(
      'GET',
      `/jobs/${encodeURIComponent(id)}`,
      options.signal ? { signal: options.signal } : {},
    );
    options.onProgress?.(job);
    if (job.status === 'succeeded') return job.result as T;
    if (job.status === 'failed') {
      const zh = getLocale() === 'zh';
      const error = job.error;
      throw new RequestError(
        422,
        error?.code ?? 'job_failed',
        error ? (zh ? error.messageZh : error.message) : t('jobFailed'),
        (error?.issues ?? []).map((issue) => ({ path: issue.path, message: zh ? issue.messageZh : issue.message })),
        `api/jobs/${id}`,
        {},
      );
    }
    await pause(wait, options.signal);
    wait = Math.min(POLL_MAX_MS, Math.round(wait * 1.5));
  }
}

/** The stage and a progress bar of a job, in the reader's language. */
export class JobProgress {
  readonly element: HTMLElement = h('div', { className: 'job-progress', role: 'status', 'aria-live': 'polite', hidden: true });

  /** Shows a job's state (a 202's short form has no stage yet: "waiting in the queue"). */
  show(job: Pick<Job, 'status' | 'progress'> & Partial<Pick<Job, 'stage' | 'stageZh'>>): void {
    const stage = job.stage === undefined ? t('jobQueued') : getLocale() === 'zh' ? job.stageZh! : job.stage;
    const percent = Math.round(job.progress * 100);
    this.element.hidden = false;
    replaceChildren(
      this.element,
      h('span', { className: 'job-progress-stage' }, stage),
      h('progress', { className: 'job-progress-bar', max: 100, value: percent, 'aria-label': t('jobProgress') }),
      h('span', { className: 'job-progress-percent' }, `${percent}%`),
    );
  }

  clear(): void {
    this.element.hidden = true;
    replaceChildren(this.element);
  }
}
