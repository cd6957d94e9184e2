/**
 * Job kind `suggestions`: site suggestions with many candidates (POST /api/jurisdictions/{id}/suggestions
 * above SUGGESTION_JOB_THRESHOLD candidates, or with `Prefer: respond-async`). The route has checked the
 * request; the job computes the very body the route answers directly for short requests
 * (./suggestion-answer.ts), with the exact solver where it can.
 */
import { z } from 'zod';
import { bilingual } from '../../model/index.js';
import { suggestionRequestSchema } from '../../schemas/whatif.js';
import { defineJobKind, jurisdictionNotFound } from '../job-kind.js';
import { computeSuggestion, resolveCandidates } from './suggestion-answer.js';

/** Above this many candidates a suggestion is run as a job (202); at or below it, answered directly. */
export const SUGGESTION_JOB_THRESHOLD = 8_000;

export const suggestionJobPayload = z.object({
  /** The request body as the route parsed it (defaults applied). */
  request: z.unknown(),
  year: z.number().int(),
  minutes: z.number(),
});

export type SuggestionJobPayload = z.infer<typeof suggestionJobPayload>;

export const suggestionsJob = defineJobKind({
  kind: 'suggestions',
  payload: suggestionJobPayload,
  async run({ job, payload, deps, progress }) {
    await progress(0.05, bilingual('载入辖区数据与步行路网', 'loading the jurisdiction and its walking network'));
    const analysis = job.jurisdictionId === null ? null : await deps.analysis.get(job.jurisdictionId);
    if (!analysis) {
      const id = job.jurisdictionId ?? '';
      throw jurisdictionNotFound(id);
    }
    const request = suggestionRequestSchema.parse(payload.request);
    await analysis.prepareNetwork();
    const resolved = await resolveCandidates(analysis, request.candidates, request.crs);
    await progress(
      0.2,
      bilingual(
        `计算 ${resolved.candidates.length} 个候选点的步行覆盖并选址`,
        `computing the walking reach of ${resolved.candidates.length} candidates and choosing sites`,
      ),
    );
    return computeSuggestion(analysis, request, payload.year, payload.minutes, resolved);
  },
});
