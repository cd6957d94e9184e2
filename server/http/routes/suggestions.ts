/**
 * Site suggestions (location–allocation, engine/allocation.ts) against the year's what-if baseline,
 * existing facilities fixed: the k candidate sites that bring the most uncovered residents within the
 * threshold (maximal covering, optionally weighted by each township's unmet slot demand), or the
 * fewest sites that reach a coverage share (minimum sites), with the slots each township still needs.
 * Candidates are the planner's list or generated on the walkable roads at a spacing. Public,
 * read-only, rate-limited (a suggestion costs up to a few seconds on a district).
 */
import { jurisdictionParams } from '../../schemas/common.js';
import { MAX_CANDIDATES, suggestionRequestSchema, suggestionSchema } from '../../schemas/whatif.js';
import { JobFailure } from '../../jobs/job-kind.js';
import { ownerOf } from '../../jobs/job-service.js';
import { computeSuggestion, resolveCandidates } from '../../jobs/kinds/suggestion-answer.js';
import { SUGGESTION_JOB_THRESHOLD, suggestionsJob } from '../../jobs/kinds/suggestions.js';
import { identify } from '../auth.js';
import { HttpError } from '../errors.js';
import { requireAnalysisOfYear, resolveMinutes } from '../load.js';
import { defineRoute } from '../route.js';
import { acceptJob } from './jobs.js';

/** Suggestions per minute per client before 429. */
const SUGGESTIONS_PER_MINUTE = 30;
/** 20,000 candidate positions as JSON are about 1 MB. */
const SUGGESTION_MAX_BODY_BYTES = 2 * 1024 * 1024;

export const suggestionRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/jurisdictions/{id}/suggestions',
    summary:
      'Suggest sites for new facilities: maximal covering, minimum sites, capacitated covering, p-median or township target gap, proven optimal where the solver can',
    description:
      'Keeps the year’s operating facilities and the request’s `fixed` sites. `maximal_covering`: k sites with `slotsPerSite` or a `totalSlots` budget bringing the most residents the year leaves uncovered within `minutes` (default the largest threshold) within it. `minimum_sites`: the fewest sites to reach `targetCoverage`, at most k when given. `capacitated_covering`: k sites maximising the slot demand served within `minutes` when each facility serves at most its slots; the allocation is returned. `p_median`: k sites minimising Σ residents × walking distance (capped at `cutoffMinutes`). `target_gap`: k sites minimising Σ township slot gaps to the year’s target, then maximising coverage (≥ `targetCoverage` when given). Each is solved as a MIP by HiGHS on the reduced instance (same-site demand merged, dominated candidates dropped) within `timeLimitSeconds` (at most 15 s): `optimal: true` when proven, else the best solution with `bound` and `gap`; too large an instance goes to a local search (`method: heuristic`, `note` says why). Posting `proposal` to /proposals/evaluate reproduces `objective`. Every mode reports per township the slots still needed to meet the year’s target. Candidates: `[[lon, lat], …]` (GCJ-02/BD-09 converted), or `{spacingM}` generated on walkable roads inside the townships. Up to ' +
      SUGGESTION_JOB_THRESHOLD.toLocaleString('en') +
      ' candidates the suggestion is answered directly (200); with more, or with the request header `Prefer: respond-async`, it runs as a job: `202 Accepted`, `{"job": {"id", "status", "progress"}}` and `Location: /api/jobs/{id}`, whose `result` is this same body. Note: on this public route the request body is also held to the server’s public GeoJSON limits (TUOWEI_MAX_PUBLIC_VERTICES positions).',
    tags: ['what-if'],
    access: 'public',
    params: jurisdictionParams,
    body: suggestionRequestSchema,
    maxBodyBytes: SUGGESTION_MAX_BODY_BYTES,
    rateLimitPerMinute: SUGGESTIONS_PER_MINUTE,
    maxPositions: MAX_CANDIDATES,
    response: suggestionSchema,
    errors: [404, 413, 422, 429],
    mayAnswerWithJob: true,
    handler: async ({ deps, params, body, req, res }) => {
      const request = body;
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, request.year, 'body.year');
      const minutes = resolveMinutes(analysis, request.minutes, 'body.minutes');
      try {
        const resolved = await resolveCandidates(analysis, request.candidates, request.crs);
        if (resolved.candidates.length > SUGGESTION_JOB_THRESHOLD || /\brespond-async\b/i.test(req.get('prefer') ?? '')) {
          // A public route: credentials, when sent and valid, make the caller the job's owner; else anyone holding the id reads it.
          const caller = await identify(req, deps).catch(() => null);
          const job = await deps.jobs.submit({
            kind: suggestionsJob.kind,
            jurisdictionId: analysis.data.id,
            owner: ownerOf(caller),
            ownerName: caller?.name ?? null,
            payload: { request, year, minutes },
          });
          acceptJob(res, job);
          return;
        }
        return await computeSuggestion(analysis, request, year, minutes, resolved);
      } catch (error) {
        if (error instanceof JobFailure) throw new HttpError(error.status, error.code, error.text, error.issues);
        throw error;
      }
    },
  }),
];
