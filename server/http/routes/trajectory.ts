/**
 * A scenario as a trajectory (issue #16): evaluated in every year of the plan, each change acting from its
 * own `year` (absent = the scenario's base year), each year with its own population. Engine:
 * engine/whatif/trajectory.ts. Planner access, like the scenario it reads.
 */
import type { JurisdictionAnalysis } from '../../analysis/analysis-service.js';
import { getScenario, type Scenario } from '../../db/scenarios.repository.js';
import type { TrajectoryResult } from '../../engine/whatif/index.js';
import { bilingual, bilingualFields } from '../../model/index.js';
import { scenarioParams, trajectoryQuery, trajectorySchema } from '../../schemas/whatif.js';
import { badRequest, notFound, unprocessable } from '../errors.js';
import { requireAnalysis } from '../load.js';
import { defineRoute } from '../route.js';
import { toProposal } from './proposals.js';
import { scenarioParts } from './scenarios.js';

/** Most years one request evaluates. */
const MAX_TRAJECTORY_YEARS = 30;

/** The years to evaluate: from..to, by default the profile's slots-per-1,000 target years (and the scenario's year). */
function trajectoryYears(analysis: JurisdictionAnalysis, scenario: Scenario, from?: number, to?: number): number[] {
  const targetYears = Object.keys(analysis.data.profile.targets.slots_per_1000 ?? {})
    .map(Number)
    .filter(Number.isInteger);
  const known = [...targetYears, scenario.year, ...scenario.changes.map((c) => c.year ?? scenario.year)];
  const first = from ?? Math.min(...known);
  const last = to ?? Math.max(...known);
  if (last < first) {
    throw badRequest(bilingual('结束年份早于起始年份', 'the last year is before the first'), [
      { path: 'query.to', message: bilingual(`应不早于 ${first} 年`, `must be ${first} or later`) },
    ]);
  }
  if (last - first + 1 > MAX_TRAJECTORY_YEARS) {
    throw badRequest(bilingual(`一次最多计算 ${MAX_TRAJECTORY_YEARS} 年`, `at most ${MAX_TRAJECTORY_YEARS} years per request`), [
      {
        path: 'query.to',
        message: bilingual(`应不晚于 ${first + MAX_TRAJECTORY_YEARS - 1} 年`, `must be ${first + MAX_TRAJECTORY_YEARS - 1} or earlier`),
      },
    ]);
  }
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/**
 * The scenario's trajectory over `years`, computed once per scenario version and span (in the compute
 * pool: a walking search per distinct set of facility positions). A change the data cannot take → 422
 * naming it as it acts in the year evaluated when the engine refused it.
 */
async function trajectoryOf(analysis: JurisdictionAnalysis, scenario: Scenario, years: number[]): Promise<TrajectoryResult> {
  const { personsPerHousehold } = analysis.data.profile.parameters;
  const perYear = years.map((year) => scenarioParts(scenario.changes, 'changes', { year, baseYear: scenario.year }));
  const proposals = perYear.map(({ parts }) => toProposal(parts, personsPerHousehold));
  const outcome = await analysis.trajectory(`${scenario.id}:${scenario.version}`, years, proposals);
  if ('result' in outcome) return outcome.result;
  const { path, text, year } = outcome.refused;
  const origin = year === null ? undefined : perYear[years.indexOf(year)]?.origin;
  throw unprocessable(bilingual(`方案无法应用于当前数据：${text.zh}`, `the scenario cannot be applied to this data: ${text.en}`), [
    { path: origin ? origin.pathOf(path) : 'changes', message: text },
  ]);
}

export const trajectoryRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/scenarios/{sid}/trajectory',
    summary:
      'A scenario year by year: per township slots per 1,000 against the year’s target, gap, inclusive share, coverage; the first year each township meets its target',
    description:
      'Each change acts from its `year` (absent: the scenario’s base year); each year uses its own population (townshipPopulation of the year, else the latest earlier year, else the township layer) and the facilities operating that year. Years after the last year of population data say `projected: true` and what their figures carry forward. One walking search per distinct set of facility positions.',
    tags: ['scenarios'],
    access: 'planner',
    params: scenarioParams,
    query: trajectoryQuery,
    response: trajectorySchema,
    errors: [400, 404, 422],
    handler: async ({ deps, params, query }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const scenario = await getScenario(deps.db, params.id, params.sid);
      if (!scenario) throw notFound(bilingual(`辖区“${params.id}”的方案 ${params.sid}`, `scenario ${params.sid} of "${params.id}"`));
      const years = trajectoryYears(analysis, scenario, query.from, query.to);
      const result = await trajectoryOf(analysis, scenario, years);
      return {
        scenario: { id: scenario.id, name: scenario.name, version: scenario.version, year: scenario.year },
        thresholdsMin: result.thresholdsMin,
        approximate: result.approximate,
        years: result.years.map((y) => ({
          year: y.year,
          projected: y.population.projected,
          lastDataYear: y.population.lastDataYear,
          ...bilingualFields('populationNote', y.population.note),
          changesActing: scenario.changes.filter((c) => (c.year ?? scenario.year) <= y.year).length,
          townships: y.townships.map((t) => ({
            code: t.code,
            name: t.name,
            population: t.population,
            slots: t.slots,
            inclusiveSlots: t.inclusiveSlots,
            facilityCount: t.facilityCount,
            slotsPer1000: t.slotsPer1000,
            target: t.target,
            slotGap: t.slotGap,
            meetsTarget: t.meetsTarget,
            inclusiveShare: t.inclusiveShare,
            coverage: t.coverage,
          })),
          district: {
            population: y.district.population,
            slots: y.district.slots,
            inclusiveSlots: y.district.inclusiveSlots,
            facilityCount: y.district.facilityCount,
            slotsPer1000: y.district.slotsPer1000,
            target: y.district.target,
            slotGap: y.district.slotGap,
            meetsTarget: y.district.meetsTarget,
            inclusiveShare: y.district.inclusiveShare,
            coverage: y.district.coverage,
            townshipInstitutionCoverage: y.district.townshipInstitutionCoverage,
            inclusiveShareTarget: y.district.inclusiveShareTarget,
          },
        })),
        firstYearMeetingTarget: result.firstYearMeetingTarget,
        districtFirstYearMeetingTarget: result.districtFirstYearMeetingTarget,
        searches: result.searches,
      };
    },
  }),
];
