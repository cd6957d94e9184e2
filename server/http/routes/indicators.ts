/**
 * The health bureau's indicator table: every POLICY.md indicator of a year against the plan's target,
 * the trend 2022–2027, the township drill-down, values the bureau reports, and the annual report as
 * CSV and Excel. Figures come from the engine (indicator-table.ts) over the cached analysis; reported
 * values are read from the database on every request (they do not change the data version).
 */
import ExcelJS from 'exceljs';
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
import { bilingualFields, textIn, textsIn, type TargetComparison } from '../../model/index.js';
import {
  flagEmployerWelfare,
  type EmployerWelfareResult,
  type IndicatorUnit,
  computeIndicatorTable,
  computeIndicatorTrend,
  PLAN_YEARS,
  type IndicatorRow,
  type IndicatorStatus,
  type IndicatorTrend,
  type TrendPoint,
  computeTownshipDrilldown,
  unitOf,
} from '../../engine/indicators/index.js';
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

// ---- report formatting (Chinese, as the bureau hands it in) ---------------------------------

const statusZh: Record<IndicatorStatus, string> = { met: '达标', not_met: '未达标', no_target: '无目标', no_data: '无数据' };
const unitZh: Record<IndicatorUnit, string> = {
  per1000: '个/千人',
  percent: '%',
  count: '个',
  per1000_children: '人/千名儿童',
  per20k: '人/2万人',
  as_reported: '（按上报）',
};
const comparisonZh: Record<TargetComparison, string> = { '>=': '≥', '>': '>', substantially_full: '基本全覆盖(≥95%)' };
const originZh = { computed: '计算', reported: '上报' } as const;

/** Rounds away float noise for a report cell (the JSON keeps full precision). */
const rounded = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x * 10_000) / 10_000);

const tableColumns = [
  { header: '编号', key: 'id', width: 30 },
  { header: '指标', key: 'nameZh', width: 36 },
  { header: 'Indicator', key: 'nameEn', width: 40 },
  { header: '年份', key: 'year', width: 8 },
  { header: '数值', key: 'value', width: 12 },
  { header: '单位', key: 'unit', width: 14 },
  { header: '数值来源', key: 'origin', width: 10 },
  { header: '目标', key: 'target', width: 10 },
  { header: '目标口径', key: 'comparison', width: 18 },
  { header: '状态', key: 'status', width: 10 },
  { header: '上报值', key: 'reportedValue', width: 10 },
  { header: '上报状态', key: 'reportedStatus', width: 10 },
  { header: '上报说明', key: 'reportedNote', width: 30 },
  { header: '上报来源', key: 'reportedSource', width: 24 },
  { header: '计算依据', key: 'basis', width: 60 },
  { header: '无数据原因', key: 'reason', width: 50 },
  { header: '备注', key: 'notes', width: 60 },
] as const;

type TableCells = Record<(typeof tableColumns)[number]['key'], string | number | null>;

function tableCells(row: IndicatorRow): TableCells {
  return {
    id: row.id,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    year: row.year,
    value: rounded(row.value),
    unit: row.unitNote ? `${unitZh[row.unit]}（${row.unitNote.zh}）` : unitZh[row.unit],
    origin: row.origin ? originZh[row.origin] : null,
    target: rounded(row.target),
    comparison: row.comparison ? comparisonZh[row.comparison] : null,
    status: statusZh[row.status],
    reportedValue: rounded(row.reported?.value),
    reportedStatus: row.reportedStatus ? statusZh[row.reportedStatus] : null,
    reportedNote: row.reported?.note ?? null,
    reportedSource: row.reported?.source ?? null,
    basis: [row.basis?.zh, row.targetNote?.zh].filter(Boolean).join('；') || null,
    reason: textIn(row.reason, 'zh'),
    notes: textsIn(row.notes, 'zh').join('') || null,
  };
}

async function workbookOf(analysis: JurisdictionAnalysis, year: number, rows: IndicatorRow[], trends: IndicatorTrend[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tuowei 托位';
  workbook.title = `${analysis.data.name} ${year} 年托育指标`;

  const table = workbook.addWorksheet(`指标 ${year}`);
  table.columns = tableColumns.map((c) => ({ ...c }));
  for (const row of rows) table.addRow(tableCells(row));
  table.getRow(1).font = { bold: true };
  table.views = [{ state: 'frozen', ySplit: 1 }];

  const years = trends[0]?.points.map((p) => p.year) ?? [...PLAN_YEARS];
  const trend = workbook.addWorksheet(`趋势 ${years[0]}-${years[years.length - 1]}`);
  trend.columns = [
    { header: '编号', key: 'id', width: 30 },
    { header: '指标', key: 'nameZh', width: 36 },
    { header: '单位', key: 'unit', width: 14 },
    ...years.flatMap((y) => [
      { header: `${y} 数值`, key: `${y}-value`, width: 10 },
      { header: `${y} 来源`, key: `${y}-origin`, width: 8 },
      { header: `${y} 目标`, key: `${y}-target`, width: 10 },
      { header: `${y} 状态`, key: `${y}-status`, width: 8 },
    ]),
  ];
  for (const series of trends) {
    const cells: Record<string, string | number | null> = { id: series.id, nameZh: series.nameZh, unit: unitZh[series.unit] };
    for (const p of series.points) {
      cells[`${p.year}-value`] = rounded(p.value);
      cells[`${p.year}-origin`] = p.origin ? originZh[p.origin] : null;
      cells[`${p.year}-target`] = p.target === null ? null : `${p.comparison ? comparisonZh[p.comparison] : ''}${rounded(p.target)}`;
      cells[`${p.year}-status`] = statusZh[p.status];
    }
    trend.addRow(cells);
  }
  trend.getRow(1).font = { bold: true };
  trend.views = [{ state: 'frozen', ySplit: 1, xSplit: 2 }];

  return Buffer.from(await workbook.xlsx.writeBuffer());
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
      const workbook = await workbookOf(analysis, year, indicators, trends);
      res
        .type(XLSX_MEDIA_TYPE)
        .attachment(exportFileName(params.id, year, 'xlsx'))
        .send(workbook);
    },
  }),
];
