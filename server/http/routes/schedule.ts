/**
 * The least-cost schedule of openings (engine/whatif/schedule.ts): which candidate sites to open in
 * which year, and how large, so that every township meets each year's slots-per-1,000 target at the
 * least (discounted) cost, with the townships that cannot be served and why. Public, read-only,
 * rate-limited like suggestions (a solve takes up to `timeLimitSeconds`).
 */
import { jurisdictionParams } from '../../schemas/common.js';
import { MAX_CANDIDATES } from '../../schemas/whatif.js';
import { scheduleRequestSchema, scheduleSchema } from '../../schemas/schedule.js';
import { bilingual, HttpError, unprocessable } from '../errors.js';
import { requireAnalysis } from '../load.js';
import { defineRoute } from '../route.js';
import { JobFailure } from '../../jobs/job-kind.js';
import { resolveCandidates } from '../../jobs/kinds/suggestion-answer.js';
import { packPositions } from '../../jobs/compute/tasks.js';

const SCHEDULES_PER_MINUTE = 30;
const SCHEDULE_MAX_BODY_BYTES = 2 * 1024 * 1024;

export const scheduleRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/jurisdictions/{id}/plans/schedule',
    summary: 'Least-cost schedule of openings that meets every yearly township slot target',
    description:
      'Chooses which candidate sites open in which year and with how many slots (minSlotsPerSite … maxSlotsPerSite) so that in every year of `years` each township’s slot gap (⌈target × population ÷ 1000⌉ − slots operating that year, as the indicators define it) is closed by the slots opened up to then; a site once open stays open. Minimises Σ (costPerSite + costPerSlot × slots) discounted by `discountRate` per year, opening as late as ties allow. Solved as a MIP by HiGHS within `timeLimitSeconds` (`optimal`, `bound`, `gap`). Townships with no candidate inside, or too few to hold the gap, are listed in `infeasible` with the reason and the rest is still scheduled. Population is the township population for every year.',
    tags: ['what-if'],
    access: 'public',
    params: jurisdictionParams,
    body: scheduleRequestSchema,
    maxBodyBytes: SCHEDULE_MAX_BODY_BYTES,
    rateLimitPerMinute: SCHEDULES_PER_MINUTE,
    maxPositions: MAX_CANDIDATES,
    response: scheduleSchema,
    errors: [404, 413, 422, 429],
    handler: async ({ deps, params, body }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const { data } = analysis;
      const targetYears = Object.entries(data.profile.targets.slots_per_1000 ?? {})
        .filter(([, v]) => v !== null && Number.isFinite(v))
        .map(([y]) => Number(y))
        .filter((y) => y >= data.year)
        .sort((a, b) => a - b);
      const years = body.years ?? targetYears;
      if (years.length === 0) {
        throw unprocessable(
          bilingual('规划档案中没有本年及以后的千人托位数目标', 'the profile has no slots-per-1,000 target from the data year on'),
          [{ path: 'body.years', message: bilingual('请给出有目标的年份', 'give years that have a target') }],
        );
      }
      const { candidates, given } = await candidatesOrHttpError(resolveCandidates(analysis, body.candidates, body.crs));
      let plan;
      try {
        // In the compute pool: the solve takes up to the time limit.
        plan = await analysis.schedule({
          positions: packPositions(candidates),
          years,
          costPerSite: body.costPerSite,
          costPerSlot: body.costPerSlot,
          minSlotsPerSite: body.minSlotsPerSite,
          maxSlotsPerSite: body.maxSlotsPerSite,
          discountRate: body.discountRate,
          timeLimitS: body.timeLimitSeconds,
        });
      } catch (error) {
        if (error instanceof RangeError) {
          throw unprocessable(bilingual('排程参数不被计算引擎接受', error.message), [
            { path: 'body', message: bilingual('排程无法求解', error.message) },
          ]);
        }
        throw error;
      }
      const { note, seconds, reduced: _reduced, infeasible, ...rest } = plan;
      return {
        ...rest,
        candidateSource: given ? ('given' as const) : ('generated' as const),
        candidateCount: candidates.length,
        infeasible: infeasible.map(({ reason, ...t }) => ({ ...t, reason: reason.en, reasonZh: reason.zh })),
        note: note?.en ?? null,
        noteZh: note?.zh ?? null,
        solveSeconds: seconds,
      };
    },
  }),
];

/** Candidates resolved as for suggestions; their 422 as this route's HTTP error. */
async function candidatesOrHttpError<T>(resolving: Promise<T>): Promise<T> {
  try {
    return await resolving;
  } catch (error) {
    if (error instanceof JobFailure) throw new HttpError(error.status, error.code, error.text, error.issues);
    throw error;
  }
}
