/**
 * Site suggestions (location–allocation, engine/allocation.ts) against the year's what-if baseline,
 * existing facilities fixed: the k candidate sites that bring the most uncovered residents within the
 * threshold (maximal covering, optionally weighted by each township's unmet slot demand), or the
 * fewest sites that reach a coverage share (minimum sites), with the slots each township still needs.
 * Candidates are the planner's list or generated on the walkable roads at a spacing. Public,
 * read-only, rate-limited (a suggestion costs up to a few seconds on a district).
 */
import { generateCandidates } from '../../engine/whatif/index.js';
import { toWgs84 } from '../../engine/geo/index.js';
import { jurisdictionParams } from '../../schemas/common.js';
import { MAX_CANDIDATES, suggestionRequestSchema, suggestionSchema } from '../../schemas/whatif.js';
import { JobFailure } from '../../jobs/job-kind.js';
import { ownerOf } from '../../jobs/job-service.js';
import { suggestionBody, SUGGESTION_JOB_THRESHOLD, suggestionsJob, type SuggestionJobPayload } from '../../jobs/kinds/suggestions.js';
import { identify } from '../auth.js';
import { bilingual, HttpError, unprocessable } from '../errors.js';
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
    summary: 'Suggest sites for new facilities: maximal covering of k sites, or the minimum sites to reach a coverage share',
    description:
      'Counts only residents the year leaves uncovered within `minutes` (default the largest threshold), keeping existing facilities. `maximal_covering`: k sites with `slotsPerSite` or a `totalSlots` budget; lazy greedy then swaps; marginal gains are non-increasing. `minimum_sites`: the fewest sites (greedy set cover) to reach `targetCoverage`, at most k when given. Both report per township the slots still needed to meet the year’s target. Candidates: `[[lon, lat], …]` (GCJ-02/BD-09 converted), or `{spacingM}` generated on walkable roads inside the townships. Up to ' +
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

      const given = Array.isArray(request.candidates);
      let candidates: { lon: number; lat: number }[];
      let spacingM: number | null = null;
      if (Array.isArray(request.candidates)) {
        candidates = request.candidates.map(([lon, lat]) => {
          const [x, y] = toWgs84([lon, lat], request.crs);
          return { lon: x, lat: y };
        });
      } else {
        spacingM = request.candidates.spacingM;
        const spacing = spacingM;
        // A candidate set the request is refused for (too many) is not kept: a client cycling through
        // spacings must not fill the memory with sets nobody can use.
        candidates = analysis.memo(
          `candidates:${spacing}`,
          () => generateCandidates(analysis.network, analysis.data.townships, spacing),
          (set) => set.length <= MAX_CANDIDATES,
        );
        if (candidates.length > MAX_CANDIDATES) {
          throw unprocessable(
            bilingual(
              `按 ${spacing} 米间距生成 ${candidates.length} 个候选点，超过上限 ${MAX_CANDIDATES} 个`,
              `every ${spacing} m gives ${candidates.length} candidates, more than ${MAX_CANDIDATES}`,
            ),
            [
              {
                path: 'body.candidates.spacingM',
                message: bilingual(
                  `对该辖区而言间距过小：生成 ${candidates.length} 个候选点（最多 ${MAX_CANDIDATES} 个），请加大间距`,
                  `too small for this jurisdiction: gives ${candidates.length} candidates (at most ${MAX_CANDIDATES}); choose a larger spacing`,
                ),
              },
            ],
          );
        }
      }

      const payload: SuggestionJobPayload = {
        input: {
          mode: request.mode,
          year,
          minutes,
          candidates,
          ...(request.k !== undefined ? { k: request.k } : {}),
          ...(request.slotsPerSite !== undefined ? { slotsPerSite: request.slotsPerSite } : {}),
          ...(request.totalSlots !== undefined ? { totalSlots: request.totalSlots } : {}),
          weighting: request.weightByUnmetDemand ? 'unmetDemand' : 'population',
          ...(request.targetCoverage !== undefined ? { targetCoverage: request.targetCoverage } : {}),
        },
        candidateSource: given ? 'given' : 'generated',
        spacingM,
      };
      if (candidates.length > SUGGESTION_JOB_THRESHOLD || /\brespond-async\b/i.test(req.get('prefer') ?? '')) {
        // A public route: credentials, when sent and valid, make the caller the job's owner; else anyone holding the id reads it.
        const caller = await identify(req, deps).catch(() => null);
        const job = await deps.jobs.submit({
          kind: suggestionsJob.kind,
          jurisdictionId: analysis.data.id,
          owner: ownerOf(caller),
          ownerName: caller?.name ?? null,
          payload,
        });
        acceptJob(res, job);
        return;
      }
      try {
        return await suggestionBody(analysis, analysis.compute, payload);
      } catch (error) {
        if (error instanceof JobFailure) throw new HttpError(error.status, error.code, error.text, error.issues);
        throw error;
      }
    },
  }),
];
