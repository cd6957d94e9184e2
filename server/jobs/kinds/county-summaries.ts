/**
 * Job kinds `county summary` and `county summaries` (issue #15): the stored county summaries that city
 * and province roll-ups add up (GET /api/jurisdictions/{id}/rollup reads nothing else).
 *
 * `county summary` stores one county's summary of a year (its jurisdiction is the county) unless one
 * of that year at its current data version is stored already. `county summaries` finds the counties
 * below a city or province without one and submits a `county summary` job for each, as its children:
 * every worker process takes counties from the queue, so a province's recompute is spread over all of
 * them. The parent does not wait for its children (in the embedded mode the queue runs one job at a
 * time: the children start once it has returned); its reader sees their progress instead
 * (`readWithChildren`: queued until one starts, running until all have ended, then succeeded, or
 * failed naming the counties that failed). A retried parent submits only the counties its earlier
 * attempt had not.
 *
 * An import that commits a county below a city or province submits its `county summary` job too
 * (summarizeAfterImport), so that roll-ups complete themselves.
 */
import { z } from 'zod';
import type { AnalysisService } from '../../analysis/analysis-service.js';
import { listCountySummaries } from '../../db/county-summaries.repository.js';
import { type ChildJob, type JobChildCounts, type JobError, type JobRecord, listChildJobs } from '../../db/jobs.repository.js';
import type { TreeNode } from '../../db/jurisdiction-tree.repository.js';
import { bilingual } from '../../model/index.js';
import { countiesOf, type CountyOutcome, summarizeCounty } from '../county-summaries.js';
import { defineJobKind, JobFailure, jurisdictionNotFound, type JobSubmitter } from '../job-kind.js';

export const countySummaryPayload = z.object({
  /** The year; absent: the county's analysis year. */
  year: z.number().int().optional(),
});

/** The result of a `county summary` job. */
export interface CountySummaryJobResult {
  jurisdictionId: string;
  name: string;
  year: number | null;
  outcome: CountyOutcome;
}

export const countySummaryJob = defineJobKind({
  kind: 'county summary',
  payload: countySummaryPayload,
  async run({ job, payload, deps, progress }): Promise<CountySummaryJobResult> {
    const id = job.jurisdictionId ?? '';
    const node = (await deps.analysis.tree()).get(id);
    if (!node) throw jurisdictionNotFound(id);
    if (node.level !== 'county')
      throw new JobFailure(
        422,
        'unprocessable',
        bilingual(
          `“${node.name}”不是区县：只有区县有自己的汇总`,
          `"${node.name}" is not a county: only counties have summaries of their own`,
        ),
      );
    await progress(0.1, bilingual(`计算${node.name}的汇总指标`, `computing the summary of ${node.name}`));
    const { outcome, year } = await summarizeCounty(deps.analysis, id, payload.year, deps.db);
    return { jurisdictionId: id, name: node.name, year, outcome };
  },
});

export const countySummariesPayload = z.object({
  /** A province, city or county id; absent: every county. */
  root: z.string().optional(),
  /** The year; absent: each county's own analysis year. */
  year: z.number().int().optional(),
});

export interface NamedCounty {
  id: string;
  name: string;
}

/** The result of a `county summaries` job, as its reader sees it once every child has succeeded. */
export interface CountySummariesJobResult {
  root: NamedCounty | null;
  year: number | null;
  /** Counties below the root. */
  counties: number;
  /** Counties whose summary of the year at their current data version was stored already. */
  alreadyStored: number;
  /** Counties a `county summary` job was submitted for. */
  submitted: number;
  /** Counties whose summary the children stored. */
  stored: NamedCounty[];
  /** Counties with nothing to store: no data of the year, or no townships. */
  skipped: NamedCounty[];
}

/** Counties grouped by the year asked of them: `year`, else each county's own. */
function byYear(counties: readonly TreeNode[], year: number | undefined): Map<number, TreeNode[]> {
  const groups = new Map<number, TreeNode[]>();
  for (const county of counties) {
    const y = year ?? county.year;
    groups.set(y, [...(groups.get(y) ?? []), county]);
  }
  return groups;
}

const latest = (times: (string | null)[]): string | null =>
  times.reduce<string | null>((max, t) => (t !== null && (max === null || t > max) ? t : max), null);

export const countySummariesJob = defineJobKind({
  kind: 'county summaries',
  payload: countySummariesPayload,
  async run({ job, payload, deps, progress, submitChild }): Promise<CountySummariesJobResult> {
    const tree = await deps.analysis.tree();
    const root = payload.root === undefined ? null : (tree.get(payload.root) ?? null);
    if (payload.root !== undefined && !root) throw jurisdictionNotFound(payload.root);
    const counties = countiesOf(tree, payload.root);
    await progress(
      0.05,
      bilingual(`查找 ${counties.length} 个区县中尚无汇总的`, `finding which of ${counties.length} counties have no summary`),
    );
    const current = new Set<string>();
    for (const [year, group] of byYear(counties, payload.year))
      for (const stored of await listCountySummaries(deps.db, group, year)) current.add(stored.jurisdictionId);
    const pending = counties.filter((c) => !current.has(c.id));
    // An earlier attempt of this job (its worker died) may have submitted some already.
    const submitted = new Set((await listChildJobs(deps.db, job.id)).map((c) => c.jurisdictionId));
    for (const [i, county] of pending.entries()) {
      if (submitted.has(county.id)) continue;
      await submitChild({ kind: countySummaryJob.kind, jurisdictionId: county.id, payload: { year: payload.year ?? county.year } });
      if (i % 20 === 19)
        await progress(
          0.1 + (0.9 * (i + 1)) / pending.length,
          bilingual(`已提交 ${i + 1} / ${pending.length} 个区县的计算`, `${i + 1} of ${pending.length} counties handed to the workers`),
        );
    }
    return {
      root: root ? { id: root.id, name: root.name } : null,
      year: payload.year ?? null,
      counties: counties.length,
      alreadyStored: current.size,
      submitted: pending.length,
      stored: [],
      skipped: [],
    };
  },
  readWithChildren(job: JobRecord, children: ChildJob[]): JobRecord {
    const counts: JobChildCounts = { total: children.length, queued: 0, running: 0, succeeded: 0, failed: 0 };
    for (const child of children) counts[child.status] += 1;
    const done = counts.succeeded + counts.failed;
    const status =
      done === counts.total ? (counts.failed > 0 ? 'failed' : 'succeeded') : counts.queued === counts.total ? 'queued' : 'running';
    const named = (child: ChildJob): NamedCounty => ({
      id: child.jurisdictionId ?? '',
      name: child.jurisdictionName ?? child.jurisdictionId ?? '',
    });
    const own = job.result as CountySummariesJobResult;
    const result: CountySummariesJobResult = { ...own, stored: [], skipped: [] };
    for (const child of children) {
      if (child.status !== 'succeeded') continue;
      const outcome = (child.result as CountySummaryJobResult | null)?.outcome;
      if (outcome === 'stored') result.stored.push(named(child));
      else if (outcome === 'skipped') result.skipped.push(named(child));
      // Stored meanwhile by a request or another job.
      else result.alreadyStored += 1;
    }
    let error: JobError | null = null;
    if (status === 'failed') {
      const failed = children.filter((c) => c.status === 'failed');
      const names = failed.map((c) => named(c).name);
      error = {
        code: 'counties_failed',
        message: bilingual(
          `${failed.length} 个区县的汇总计算失败：${names.join('、')}`,
          `the summaries of ${failed.length} counties failed: ${names.join(', ')}`,
        ),
        issues: failed.map((c) => ({
          path: named(c).id,
          message: bilingual(`${named(c).name}：${c.error?.message.zh ?? '失败'}`, `${named(c).name}: ${c.error?.message.en ?? 'failed'}`),
        })),
      };
    }
    const ended = status === 'succeeded' || status === 'failed';
    return {
      ...job,
      status,
      progress: done / counts.total,
      stage: bilingual(`已完成 ${done} / ${counts.total} 个区县`, `${done} of ${counts.total} counties done`),
      result: status === 'succeeded' ? result : null,
      error,
      finishedAt: ended ? latest([job.finishedAt, ...children.map((c) => c.finishedAt)]) : null,
      updatedAt: latest([job.updatedAt, ...children.map((c) => c.updatedAt)]) ?? job.updatedAt,
      children: counts,
    };
  },
});

/**
 * After an import has committed county `jurisdictionId`: when it stands below a city or province,
 * submits its `county summary` job — for its analysis year and the years its city's and province's
 * roll-ups open at — so that their roll-ups include the new data without anyone asking. Never fails:
 * the import has succeeded whatever happens here (`onError` hears of a failure to submit).
 */
export async function summarizeAfterImport(
  deps: { analysis: AnalysisService; jobs: JobSubmitter },
  jurisdictionId: string,
  owner: { owner: string | null; ownerName: string | null },
  onError: (error: unknown) => void = () => undefined,
): Promise<JobRecord[]> {
  try {
    const tree = await deps.analysis.tree();
    const node = tree.get(jurisdictionId);
    const above = tree.ancestorsOf(jurisdictionId);
    if (node?.level !== 'county' || above.length === 0) return [];
    const years = [...new Set([node.year, ...above.map((id) => tree.get(id)!.year)])];
    const jobs: JobRecord[] = [];
    for (const year of years)
      jobs.push(await deps.jobs.submit({ kind: countySummaryJob.kind, jurisdictionId, ...owner, payload: { year } }));
    return jobs;
  } catch (error) {
    onError(error);
    return [];
  }
}
