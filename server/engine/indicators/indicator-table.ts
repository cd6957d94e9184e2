/**
 * The health bureau's indicator table: every indicator of ../shared/POLICY.md for one year, with its
 * value, the profile's target and comparison, a status, and where the value came from.
 *
 * Units: shares are in percent (0–100), like the plans' targets; slots per 1,000 residents;
 * paediatricians per 1,000 children (the under-3 population the data provide, stated in `basis`);
 * child-health workers per 20,000 residents. Each row names its unit.
 *
 * Computed and reported values are never mixed silently: `value` is the computed value when the data
 * can compute it (`origin: "computed"`), else the bureau's reported value (`origin: "reported"`); a
 * reported value is always returned in `reported` as well, with its own status, so a reported figure
 * that disagrees with the data stays visible next to the computed one.
 *
 * Health institutions and their staff carry no opening year, so the health indicators use the current
 * data for every year (each such row says so).
 *
 * Every text of a row (reason, basis, notes, target and unit notes) is written in Chinese and English
 * (bilingual.ts); Chinese figures are grouped by thousands as the plans write them (4,589 个托位).
 */
import { bilingual, type Bilingual, type IndicatorId, type JurisdictionData, type TargetComparison } from '../../model/index.js';
import type { CoverageResult } from '../coverage/index.js';
import { indicatorDefinition, POLICY_INDICATORS, type IndicatorUnit } from './indicator-catalogue.js';
import { computeIndicators, isOperatingIn, targetFor, type Target } from '../figures/index.js';
import { childHealthStaff, healthCenters, pediatricians, countsHealthCentres } from './health-indicators.js';
import {
  certifiedStaff,
  communityStations,
  gradedInstitutions,
  inclusiveShare,
  newCommunity,
  serviceCircle,
  slotsPer1000,
  townshipCoverage,
} from './childcare-indicators.js';
import {
  noData,
  statusOf,
  type Computed,
  type Context,
  type IndicatorOrigin,
  type IndicatorRow,
  type IndicatorStatus,
  type ReportedValue,
} from './indicator-row.js';

/** The plans' period: 2022 (the actual value of the plans' base year) to 2027. */
export const PLAN_YEARS: readonly number[] = [2022, 2023, 2024, 2025, 2026, 2027];

const NOT_COMPUTABLE = bilingual(
  '该指标无法由数据计算，由卫健部门以上报值录入',
  'the data cannot compute this indicator; the bureau records it as a reported value',
);

// ---- table ----------------------------------------------------------------------------------

/** The table's target of `id` in `year`, and how it derives from the plan when not as such. */
function tableTarget(data: JurisdictionData, id: string, year: number): { target: Target | null; note: Bilingual | null } {
  const target = targetFor(data.profile, id, year);
  if (id === 'new_community_10_per_1000' && target) {
    const standard = data.profile.parameters.newCommunitySlotsPer1000;
    const differs = target.value !== standard;
    return {
      target: { value: 100, comparison: '>=' },
      note: bilingual(
        `新建住宅社区须按每千人 ≥ ${target.value} 个托位配置；目标为全部项目达标${differs ? `（核查采用规划参数 newCommunitySlotsPer1000 = ${standard}）` : ''}`,
        `every new residential community must plan ≥ ${target.value} slots per 1,000 residents; the target is that all of them do${differs ? ` (the check uses the profile parameter newCommunitySlotsPer1000 = ${standard})` : ''}`,
      ),
    };
  }
  return { target, note: null };
}

/**
 * The profile's note on the unit of `id`, as the profile writes it (one language, usually English with
 * the plan's Chinese terms). A plan that counts child health centres gets its Chinese note written here.
 */
function unitNoteOf(data: JurisdictionData, id: string): Bilingual | null {
  const note = data.profile.units?.[id];
  if (note === undefined || note === '') return null;
  if (id === 'health_center_coverage' && countsHealthCentres(data)) {
    return bilingual('按儿童健康管理中心个数计（规划统计中心个数，而非乡镇（街道）覆盖比例）', note);
  }
  return bilingual(note, note);
}

function computeOne(id: string, ctx: Context, target: Target | null): Computed {
  switch (id as IndicatorId) {
    case 'slots_per_1000':
      return slotsPer1000(ctx);
    case 'inclusive_share':
      return inclusiveShare(ctx);
    case 'township_institution_coverage':
      return townshipCoverage(ctx, () => true, bilingual('托育机构', 'a childcare facility'));
    case 'township_inclusive_coverage':
      return townshipCoverage(ctx, (f) => f.inclusiveSlots > 0, bilingual('提供普惠托位的托育机构', 'a facility with inclusive slots'));
    case 'service_circle_15min':
      return serviceCircle(ctx);
    case 'new_community_10_per_1000':
      return newCommunity(ctx);
    case 'health_center_coverage':
      return healthCenters(ctx);
    case 'certified_staff_rate':
      return certifiedStaff(ctx);
    case 'graded_institution_rate':
      return gradedInstitutions(ctx);
    case 'pediatricians_per_1000_children':
      return pediatricians(ctx);
    case 'child_health_staff_per_20k':
      return childHealthStaff(ctx, target);
    case 'community_station_share':
      return communityStations();
    default:
      return noData(NOT_COMPUTABLE);
  }
}

/** The unit the table states indicator `id` in for this jurisdiction (a plan may count centres instead of a share). */
export function unitOf(data: JurisdictionData, id: string): IndicatorUnit {
  return id === 'health_center_coverage' && countsHealthCentres(data) ? 'count' : indicatorDefinition(id).unit;
}

function row(id: string, ctx: Context, reported: ReportedValue | null): IndicatorRow {
  const definition = indicatorDefinition(id);
  const { target, note } = tableTarget(ctx.data, id, ctx.year);
  const computed = computeOne(id, ctx, target);
  const value = computed.value ?? reported?.value ?? null;
  const origin: IndicatorOrigin | null = computed.value !== null ? 'computed' : reported ? 'reported' : null;
  return {
    id,
    nameZh: definition.nameZh,
    nameEn: definition.nameEn,
    unit: unitOf(ctx.data, id),
    unitNote: unitNoteOf(ctx.data, id),
    year: ctx.year,
    value,
    origin,
    target: target?.value ?? null,
    comparison: target?.comparison ?? null,
    targetNote: note,
    status: statusOf(value, target),
    reason: computed.reason,
    basis: computed.basis,
    details: computed.details,
    notes: computed.notes,
    reported,
    reportedStatus: reported ? statusOf(reported.value, target) : null,
  };
}

function context(data: JurisdictionData, coverage: CoverageResult | null, year: number): Context {
  return {
    data,
    year,
    district: computeIndicators(data, year).district,
    coverage,
    operating: data.facilities.filter((f) => isOperatingIn(f, year)),
  };
}

/** POLICY.md ids in catalogue order, then the other reported ids in alphabetical order. */
function tableIds(extraIds: Iterable<string>): string[] {
  const policy = POLICY_INDICATORS.map((d) => d.id as string);
  const known = new Set(policy);
  return [...policy, ...[...new Set(extraIds)].filter((id) => !known.has(id)).sort()];
}

/**
 * Every indicator of `year`: the POLICY.md indicators, then indicators outside POLICY.md that the
 * bureau reported for `year`. `coverage` is the walking coverage of `year` (null when not computed);
 * `reported` may hold values of any year (only `year`'s are used).
 */
export function computeIndicatorTable(
  data: JurisdictionData,
  coverage: CoverageResult | null,
  year: number,
  reported: readonly ReportedValue[],
): IndicatorRow[] {
  const ofYear = reported.filter((r) => r.year === year);
  const byId = new Map(ofYear.map((r) => [r.indicator, r]));
  const ctx = context(data, coverage, year);
  return tableIds(ofYear.map((r) => r.indicator)).map((id) => row(id, ctx, byId.get(id) ?? null));
}

export interface TrendPoint {
  year: number;
  value: number | null;
  origin: IndicatorOrigin | null;
  target: number | null;
  comparison: TargetComparison | null;
  status: IndicatorStatus;
  reason: Bilingual | null;
  reported: ReportedValue | null;
  /** slots_per_1000 only (added by the caller): the district's residents of the year. */
  population?: number;
  /** slots_per_1000 only: the year lies after the last year of population data. */
  populationProjected?: boolean;
}

export interface IndicatorTrend {
  id: string;
  nameZh: string;
  nameEn: string;
  unit: IndicatorUnit;
  unitNote: Bilingual | null;
  points: TrendPoint[];
}

/**
 * Each indicator year by year (default: the plans' period 2022–2027). `coverageOf(year)` gives the
 * walking coverage of a year (computed by the caller, which may cache it). Indicators outside
 * POLICY.md appear when reported for any of the years.
 */
export function computeIndicatorTrend(
  dataOrDataOf: JurisdictionData | ((year: number) => JurisdictionData),
  coverageOf: (year: number) => CoverageResult | null,
  reported: readonly ReportedValue[],
  years: readonly number[] = PLAN_YEARS,
): IndicatorTrend[] {
  // Each year's figures use that year's population (DATA_FORMAT.md "Population by year") when the caller gives them.
  const dataOf = typeof dataOrDataOf === 'function' ? dataOrDataOf : () => dataOrDataOf;
  const data = dataOf(years[0] ?? 0);
  const inYears = reported.filter((r) => years.includes(r.year));
  const ids = tableIds(inYears.map((r) => r.indicator));
  const reportedOf = new Map(inYears.map((r) => [`${r.indicator}|${r.year}`, r]));
  const rowsByYear = years.map((year) => {
    const ctx = context(dataOf(year), coverageOf(year), year);
    return ids.map((id) => row(id, ctx, reportedOf.get(`${id}|${year}`) ?? null));
  });
  return ids.map((id, i) => {
    const definition = indicatorDefinition(id);
    return {
      id,
      nameZh: definition.nameZh,
      nameEn: definition.nameEn,
      unit: unitOf(data, id),
      unitNote: unitNoteOf(data, id),
      points: rowsByYear.map((rows) => {
        const r = rows[i]!;
        return {
          year: r.year,
          value: r.value,
          origin: r.origin,
          target: r.target,
          comparison: r.comparison,
          status: r.status,
          reason: r.reason,
          reported: r.reported,
        };
      }),
    };
  });
}
