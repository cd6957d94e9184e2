/**
 * Job kind `suggestions`: site suggestions with many candidates (POST /api/jurisdictions/{id}/suggestions
 * above SUGGESTION_JOB_THRESHOLD candidates, or with `Prefer: respond-async`). The route has checked the
 * request and resolved the candidates; the job computes in the compute pool and stores the very body the
 * route answers directly for short requests.
 */
import { z } from 'zod';
import type { JurisdictionAnalysis } from '../../analysis/analysis-service.js';
import { bilingual } from '../../model/index.js';
import { ComputeRangeError, type ComputePool } from '../compute/pool.js';
import { baselineOf, runSuggestion } from '../compute/tasks.js';
import { defineJobKind, JobFailure } from '../job-kind.js';

/** Runs `compute` in this thread, reporting the engine's RangeError as the pool would. */
function runInline<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof RangeError) throw new ComputeRangeError(error.message);
    throw error;
  }
}

/** Above this many candidates a suggestion is run as a job (202); at or below it, answered directly. */
export const SUGGESTION_JOB_THRESHOLD = 8_000;

const point = z.object({ lon: z.number(), lat: z.number() });

export const suggestionJobPayload = z.object({
  input: z.object({
    mode: z.enum(['maximal_covering', 'minimum_sites']),
    year: z.number().int(),
    minutes: z.number(),
    candidates: z.array(point),
    k: z.number().int().optional(),
    slotsPerSite: z.number().optional(),
    totalSlots: z.number().optional(),
    weighting: z.enum(['population', 'unmetDemand']),
    targetCoverage: z.number().optional(),
  }),
  candidateSource: z.enum(['given', 'generated']),
  spacingM: z.number().nullable(),
});

export type SuggestionJobPayload = z.infer<typeof suggestionJobPayload>;

/**
 * The response body of a suggestion (the route's direct answer and the job's result alike), computed in
 * the compute pool. The engine's refusal of an argument → 422 naming the body.
 */
export async function suggestionBody(analysis: JurisdictionAnalysis, compute: ComputePool | null, request: SuggestionJobPayload) {
  const { input } = request;
  const common = {
    year: input.year,
    minutes: input.minutes,
    candidateSource: request.candidateSource,
    candidateCount: input.candidates.length,
    spacingM: request.spacingM,
  };
  try {
    const network = await analysis.prepareNetwork();
    // Without a pool (engine tests, CLIs) the same function runs inline.
    const output = compute
      ? await compute.suggestions({ data: analysis.data, network }, input)
      : runInline(() => runSuggestion(baselineOf(analysis.data, network, input.year), input));
    if (output.mode === 'minimum_sites') {
      const result = output.result;
      return {
        mode: output.mode,
        ...common,
        weighting: null,
        weightingUsed: null,
        ...result,
        targetCoverage: result.targetShare,
        reached: result.reached,
      };
    }
    return { mode: output.mode, ...common, ...output.result, targetCoverage: null, reached: null };
  } catch (error) {
    // The engine's own argument checks (the schema already enforces them; kept for the message).
    if (error instanceof ComputeRangeError) {
      throw new JobFailure(422, 'unprocessable', bilingual('选址参数不被计算引擎接受', error.message), [
        { path: 'body', message: bilingual('参数超出计算引擎允许的范围', error.message) },
      ]);
    }
    throw error;
  }
}

export const suggestionsJob = defineJobKind({
  kind: 'suggestions',
  payload: suggestionJobPayload,
  async run({ job, payload, deps, progress }) {
    await progress(0.05, bilingual('载入辖区数据与步行路网', 'loading the jurisdiction and its walking network'));
    const analysis = job.jurisdictionId === null ? null : await deps.analysis.get(job.jurisdictionId);
    if (!analysis) {
      const id = job.jurisdictionId ?? '';
      throw new JobFailure(404, 'not_found', bilingual(`未找到辖区“${id}”`, `jurisdiction "${id}" not found`));
    }
    await progress(
      0.2,
      bilingual(
        `计算 ${payload.input.candidates.length} 个候选点的步行覆盖并选址`,
        `computing the walking reach of ${payload.input.candidates.length} candidates and choosing sites`,
      ),
    );
    return suggestionBody(analysis, deps.compute, payload);
  },
});
