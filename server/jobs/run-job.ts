/**
 * One attempt at a job, the same in both modes: mark it running (unless an earlier attempt finished
 * it), check its payload, run its kind, and write its final state — succeeded with the result, or
 * failed with a bilingual error. A worker that dies in between writes nothing more; the queue gives
 * the job to another worker, whose attempt starts over.
 */
import type { Logger } from 'pino';
import { finishJob, getJob, type JobError, reportJobProgress, startJobAttempt } from '../db/jobs.repository.js';
import { bilingual, type Bilingual } from '../model/index.js';
import type { AnyJobKind, Committed, JobContext, JobDeps } from './job-kind.js';

export const RUNNING_STAGE = bilingual('开始计算', 'starting');
export const SUCCEEDED_STAGE = bilingual('已完成', 'done');
export const FAILED_STAGE = bilingual('失败', 'failed');

/** An error a job reports to its reader: HttpError's shape (status, code, bilingual text, issues), recognised without importing the HTTP layer. */
interface ReportableError {
  status: number;
  code: string;
  text: Bilingual;
  issues?: { path: string; message: Bilingual }[];
}

function isReportable(error: unknown): error is ReportableError {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as Partial<ReportableError>;
  return typeof e.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.code === 'string' && typeof e.text?.zh === 'string';
}

function isCommitted(value: unknown): value is Committed<unknown> {
  return typeof value === 'object' && value !== null && (value as Partial<Committed<unknown>>).committed === true;
}

/**
 * Runs one attempt at job `id`. Resolves once the job's final state is written (or was written
 * before); rejects only when the database fails, so that the queue tries again.
 */
export async function runJobAttempt(deps: JobDeps, kinds: ReadonlyMap<string, AnyJobKind>, id: string, logger?: Logger): Promise<void> {
  const { db } = deps;
  const record = await startJobAttempt(db, id, RUNNING_STAGE);
  if (record === null) {
    // Unknown, or finished by an earlier attempt whose worker died before telling the queue.
    if ((await getJob(db, id)) === null) logger?.warn({ job: id }, 'a queued job has no row; dropped');
    return;
  }
  const fail = (error: JobError) => finishJob(db, id, { status: 'failed', error, stage: FAILED_STAGE });
  const kind = kinds.get(record.kind);
  if (!kind) {
    await fail({
      code: 'unknown_job_kind',
      message: bilingual(`此服务不认识任务类型“${record.kind}”`, `this service does not know the job kind "${record.kind}"`),
    });
    return;
  }
  const parsed = kind.payload.safeParse(record.payload);
  if (!parsed.success) {
    await fail({
      code: 'invalid_payload',
      message: bilingual(
        '任务参数无效（服务升级后参数格式已变），请重新提交',
        'the job’s stored parameters are not valid (their format changed); submit it again',
      ),
    });
    return;
  }
  const ctx: JobContext<unknown> = {
    job: {
      id,
      kind: record.kind,
      jurisdictionId: record.jurisdictionId,
      owner: record.owner,
      ownerName: record.ownerName,
      attempt: record.attempts,
    },
    payload: parsed.data,
    deps,
    progress: (fraction, stage) => reportJobProgress(db, id, fraction, stage),
    submitChild: (child) => deps.jobs.submit({ ...child, owner: record.owner, ownerName: record.ownerName, parentId: id }),
    commit: (write) =>
      db.transaction().execute(async (trx) => {
        const result = await write(trx);
        await finishJob(trx, id, { status: 'succeeded', result, stage: SUCCEEDED_STAGE });
        return { committed: true as const, result };
      }),
  };
  let outcome: unknown;
  try {
    outcome = await kind.run(ctx);
  } catch (error) {
    if (isReportable(error)) {
      await fail({ code: error.code, message: error.text, ...(error.issues && error.issues.length > 0 ? { issues: error.issues } : {}) });
      return;
    }
    logger?.error({ err: error, job: id, kind: record.kind }, 'job failed');
    await fail({
      code: 'internal',
      message: bilingual(
        '任务执行出错，已记录在服务器日志中；请稍后重试或联系管理员',
        'the job failed; the server log has the details. Retry later or contact the administrator',
      ),
    });
    return;
  }
  if (!isCommitted(outcome)) await finishJob(db, id, { status: 'succeeded', result: outcome, stage: SUCCEEDED_STAGE });
  // Which process ran which job, for the operator (and the test of workers sharing a parent's children).
  logger?.info({ job: id, kind: record.kind, attempt: record.attempts }, 'job succeeded');
}
