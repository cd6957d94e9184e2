/**
 * The health bureau's indicator table: every POLICY.md indicator of a year against the plan's target,
 * the trend 2022–2027, the township drill-down, values the bureau reports, and the annual report as
 * CSV and Excel. Figures come from the engine (indicator-table.ts) over the cached analysis; reported
 * values are read from the database on every request (they do not change the data version).
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { JurisdictionAnalysis } from '../../analysis/analysis-service.js';
import type { Database } from '../../db/database.js';
import { recordAudit, type AuditEntry, type AuditInput } from '../../db/facility-audit.repository.js';
import {
  deleteReportedValue,
  getReportedValueForUpdate,
  listReportedValues,
  upsertReportedValue,
} from '../../db/reported-values.repository.js';
import { evaluateFacilityRules, summariseProjectRules, type RuleVerdict } from '../../engine/compliance/index.js';
import { isOperatingIn } from '../../engine/figures/index.js';
import { bilingualFields } from '../../model/index.js';
import {
  flagEmployerWelfare,
  type EmployerWelfareResult,
  computeIndicatorTable,
  computeIndicatorTrend,
  PLAN_YEARS,
  type IndicatorRow,
  type IndicatorTrend,
  type TrendPoint,
  computeTownshipDrilldown,
  unitOf,
} from '../../engine/indicators/index.js';
import { indicatorWorkbook } from '../../reports/index.js';
import { tableCells, tableColumns } from '../../reports/indicator-cells.js';
import { jurisdictionParams, yearQuery } from '../../schemas/common.js';
import {
  employerWelfareSchema,
  indicatorParams,
  indicatorRowSchema,
  indicatorTableSchema,
  indicatorTrendSchema,
  reportedValueBodySchema,
  reportedValueParams,
  reportedValueSchema,
  townshipDrilldownSchema,
  trendPointSchema,
} from '../../schemas/dashboard.js';
import type { AppDeps } from '../deps.js';
import { badRequest, bilingual, notFound } from '../errors.js';
import { requireAnalysis, requireAnalysisOfYear } from '../load.js';
import { defineRoute } from '../route.js';
import { csvCell } from '../csv.js';
import { projectInput } from './compliance.js';

const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function indicatorRows(deps: AppDeps, analysis: JurisdictionAnalysis, year: number): Promise<IndicatorRow[]> {
  const reported = await listReportedValues(deps.db, analysis.data.id);
  return computeIndicatorTable(analysis.dataOf(year), analysis.coverage(year), year, reported);
}

async function indicatorTrends(deps: AppDeps, analysis: JurisdictionAnalysis): Promise<IndicatorTrend[]> {
  const reported = await listReportedValues(deps.db, analysis.data.id);
  await analysis.prepareCoverage(...PLAN_YEARS);
  const trends = computeIndicatorTrend(
    (year) => analysis.dataOf(year),
    (year) => analysis.coverage(year),
    reported,
    PLAN_YEARS,
  );
  // Population beside slots: slots per 1,000 moves with either, and the trend shows which moved.
  return trends.map((series) =>
    series.id !== 'slots_per_1000'
      ? series
      : {
          ...series,
          points: series.points.map((point) => ({
            ...point,
            population: analysis.indicators(point.year).district.population,
            populationProjected: analysis.populationInfo(point.year).projected,
          })),
        },
  );
}

/**
 * Writes the audit entry of a change to the reported value that `params` name, in the change's
 * transaction: the entity is `<indicator>/<year>`, and there is no data version (reported values change
 * no layer).
 */
function auditReportedValue(
  trx: Transaction<Database>,
  params: z.infer<typeof reportedValueParams>,
  change: Pick<AuditInput, 'action' | 'actor' | 'before' | 'after'>,
): Promise<AuditEntry> {
  return recordAudit(trx, {
    jurisdictionId: params.id,
    entity: 'reported_value',
    entityId: `${params.indicator}/${params.year}`,
    ...change,
    dataVersion: null,
  });
}

// ---- JSON: each text in English under its own name and in Chinese with the suffix Zh ---------

function rowJson(row: IndicatorRow): z.infer<typeof indicatorRowSchema> {
  return {
    ...row,
    ...bilingualFields('unitNote', row.unitNote),
    ...bilingualFields('targetNote', row.targetNote),
    ...bilingualFields('reason', row.reason),
    ...bilingualFields('basis', row.basis),
    ...bilingualFields('notes', row.notes),
  };
}

function employerWelfareJson(result: EmployerWelfareResult): z.infer<typeof employerWelfareSchema> {
  return {
    ...result,
    ...bilingualFields('rule', result.rule),
    ...bilingualFields('reason', result.reason),
    flagged: result.flagged.map((f) => ({ ...f, ...bilingualFields('reasons', f.reasons) })),
  };
}

/**
 * The profile's city rules judged for the dashboard: facility caps on the year's facilities, project rules
 * over every project (their checks, footprints' geometry included, in the compute pool).
 */
async function ruleVerdictsOf(analysis: JurisdictionAnalysis, year: number): Promise<ReturnType<typeof verdictJson>[]> {
  const key = `rules:${year}`;
  const kept = analysis.memoPeek<ReturnType<typeof verdictJson>[]>(key);
  if (kept) return kept;
  const data = analysis.dataOf(year);
  const rules = data.profile.rules;
  if (!rules || rules.length === 0) return [];
  const inputs = data.projects.map((project) => projectInput(project));
  // The checks run in the compute pool (a footprint, or more than a few projects); judging the rules from
  // them stays here: 0.01 ms on the Ouhai demo (12 projects, one rule).
  const perProject = (await analysis.checkProjects(year, inputs)).map((check) => ('assessment' in check ? check.assessment.rules : []));
  const operating = data.facilities.filter((f) => isOperatingIn(f, year));
  const verdicts = [...evaluateFacilityRules(rules, operating), ...summariseProjectRules(rules, perProject)].map(verdictJson);
  return analysis.memo(key, () => verdicts);
}

function verdictJson({ message, ...verdict }: RuleVerdict) {
  return { ...verdict, ...bilingualFields('message', message) };
}

const pointJson = (point: TrendPoint): z.infer<typeof trendPointSchema> => ({
  ...point,
  ...bilingualFields('reason', point.reason),
});

function trendJson(series: IndicatorTrend): z.infer<typeof indicatorTrendSchema> {
  return {
    ...series,
    ...bilingualFields('unitNote', series.unitNote),
    points: series.points.map(pointJson),
  };
}

const exportFileName = (jurisdictionId: string, year: number, extension: string): string =>
  `${jurisdictionId}-indicators-${year}.${extension}`;

export const indicatorRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/indicators',
    summary: 'Every indicator of the plan for the year: value, target, comparison, status, origin (computed or reported)',
    description:
      'Shares are percent (0–100). `value` is the computed value when the data can compute it (`origin: "computed"`), else the bureau’s reported value (`origin: "reported"`); a reported value is always shown in `reported` with its own `reportedStatus`. `no_data` rows say why in `reason`.',
    tags: ['indicators'],
    access: 'public',
    params: jurisdictionParams,
    query: yearQuery,
    response: indicatorTableSchema,
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      return {
        jurisdictionId: analysis.data.id,
        year,
        dataVersion: analysis.dataVersion,
        profileId: analysis.data.profile.id,
        indicators: (await indicatorRows(deps, analysis, year)).map(rowJson),
        employerWelfare: employerWelfareJson(flagEmployerWelfare(analysis.data.health)),
        rules: await ruleVerdictsOf(analysis, year),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/indicators/townships',
    cache: 'jurisdiction',
    summary: 'Township drill-down: the indicators that exist per township, for the year',
    tags: ['indicators'],
    access: 'public',
    params: jurisdictionParams,
    query: yearQuery,
    response: townshipDrilldownSchema,
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      return {
        jurisdictionId: analysis.data.id,
        year,
        healthCenterMinPopulation: analysis.data.profile.parameters.healthCenterMinPopulation,
        townships: computeTownshipDrilldown(analysis.dataOf(year), analysis.coverage(year), year),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/indicators/trend',
    summary: 'Every indicator year by year, 2022–2027',
    tags: ['indicators'],
    access: 'public',
    params: jurisdictionParams,
    response: z.array(indicatorTrendSchema),
    errors: [404],
    handler: async ({ deps, params }) => (await indicatorTrends(deps, await requireAnalysis(deps, params.id))).map(trendJson),
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/indicators/{indicator}/trend',
    summary: 'One indicator year by year, 2022–2027: value, origin, target, comparison, status',
    tags: ['indicators'],
    access: 'public',
    params: indicatorParams,
    response: indicatorTrendSchema,
    errors: [404],
    handler: async ({ deps, params }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const series = (await indicatorTrends(deps, analysis)).find((s) => s.id === params.indicator);
      if (!series)
        throw notFound(
          bilingual(
            `指标“${params.indicator}”（既非政策文件中的指标，也无 ${PLAN_YEARS[0]}–${PLAN_YEARS[PLAN_YEARS.length - 1]} 年的填报值）`,
            `indicator "${params.indicator}" (neither in POLICY.md nor reported for ${PLAN_YEARS[0]}–${PLAN_YEARS[PLAN_YEARS.length - 1]})`,
          ),
        );
      return trendJson(series);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/indicators/reported',
    summary: 'Every value the bureau reported, by indicator and year',
    tags: ['indicators'],
    access: 'public',
    params: jurisdictionParams,
    response: z.array(reportedValueSchema),
    errors: [404],
    handler: async ({ deps, params }) => {
      await requireAnalysis(deps, params.id);
      return listReportedValues(deps.db, params.id);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/jurisdictions/{id}/indicators/{indicator}/reported/{year}',
    summary: 'Record the value the bureau reports for an indicator and year (with a note and its source)',
    description:
      'The value is in the indicator’s unit (percent for shares). It never replaces a computed value: the table shows both. Any id matching ^[a-z0-9_]{1,64}$ may be reported (e.g. infant_mortality). Every change is in the audit log.',
    tags: ['indicators'],
    access: 'bureau',
    params: reportedValueParams,
    body: reportedValueBodySchema,
    response: reportedValueSchema,
    errors: [404],
    handler: async ({ deps, params, body, caller }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const input = body;
      if (unitOf(analysis.data, params.indicator) === 'percent' && !(input.value >= 0 && input.value <= 100)) {
        throw badRequest(
          bilingual(
            `${params.indicator} 以百分比填报，${input.value} 不在 0–100 之间`,
            `${params.indicator} is reported in percent; ${input.value} is not within 0–100`,
          ),
          [{ path: 'body.value', message: bilingual('百分比应在 0–100 之间', 'a percentage must be within 0–100') }],
        );
      }
      return deps.db.transaction().execute(async (trx) => {
        const before = await getReportedValueForUpdate(trx, params.id, params.indicator, params.year);
        const after = await upsertReportedValue(trx, params.id, {
          indicator: params.indicator,
          year: params.year,
          value: input.value,
          note: input.note ?? null,
          source: input.source ?? null,
          recordedBy: caller!.name,
          recordedAt: new Date(),
        });
        await auditReportedValue(trx, params, { action: 'record', actor: caller!.name, before, after });
        return after;
      });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/jurisdictions/{id}/indicators/{indicator}/reported/{year}',
    summary: 'Delete a reported value (the deletion is in the audit log)',
    tags: ['indicators'],
    access: 'bureau',
    params: reportedValueParams,
    response: reportedValueSchema,
    errors: [404],
    handler: async ({ deps, params, caller }) => {
      await requireAnalysis(deps, params.id);
      return deps.db.transaction().execute(async (trx) => {
        const deleted = await deleteReportedValue(trx, params.id, params.indicator, params.year);
        if (!deleted)
          throw notFound(
            bilingual(`指标“${params.indicator}”${params.year} 年的填报值`, `reported value of "${params.indicator}" for ${params.year}`),
          );
        await auditReportedValue(trx, params, { action: 'delete', actor: caller!.name, before: deleted, after: null });
        return deleted;
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/indicators/export.csv',
    summary: 'The indicator table of the year as CSV (UTF-8 with BOM, Chinese headers)',
    tags: ['reports'],
    access: 'public',
    params: jurisdictionParams,
    query: yearQuery,
    response: z.string(),
    responseMediaType: 'text/csv',
    errors: [404],
    handler: async ({ deps, params, query, res }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      const indicators = await indicatorRows(deps, analysis, year);
      const lines = [tableColumns.map((c) => csvCell(c.header)).join(',')];
      for (const row of indicators) {
        const cells = tableCells(row);
        lines.push(tableColumns.map((c) => csvCell(cells[c.key])).join(','));
      }
      res
        .type('text/csv; charset=utf-8')
        .attachment(exportFileName(params.id, year, 'csv'))
        .send(`\uFEFF${lines.join('\r\n')}\r\n`);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/indicators/export.xlsx',
    summary: 'The annual report as an Excel workbook: the indicator table of the year and the trend 2022–2027',
    tags: ['reports'],
    access: 'public',
    params: jurisdictionParams,
    query: yearQuery,
    response: z.string().describe('An .xlsx workbook'),
    responseMediaType: XLSX_MEDIA_TYPE,
    errors: [404],
    handler: async ({ deps, params, query, res }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      const indicators = await indicatorRows(deps, analysis, year);
      const trends = await indicatorTrends(deps, analysis);
      const workbook = await indicatorWorkbook(deps.analysis.compute, { name: analysis.data.name, year, rows: indicators, trends });
      res
        .type(XLSX_MEDIA_TYPE)
        .attachment(exportFileName(params.id, year, 'xlsx'))
        .send(workbook);
    },
  }),
];
