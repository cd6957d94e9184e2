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
import { bilingual, grouped, type Bilingual, type Facility, type IndicatorId, type JurisdictionData, type TargetComparison } from '../../model/index.js';
import { checkCompliance } from '../compliance/index.js';
import type { CoverageResult } from '../coverage/index.js';
import { indicatorDefinition, POLICY_INDICATORS, type IndicatorUnit } from './indicator-catalogue.js';
import { computeIndicators, isOperatingIn, meetsTarget, targetFor, type DistrictIndicators, type Target } from '../figures/index.js';

/** The plans' period: 2022 (the actual value of the plans' base year) to 2027. */
export const PLAN_YEARS: readonly number[] = [2022, 2023, 2024, 2025, 2026, 2027];

/** The service circle of POLICY.md: residents within this walking time of a facility. */
const SERVICE_CIRCLE_MIN = 15;
/** POLICY.md `child_health_staff_per_20k`: one child-health worker per this many residents. */
const RESIDENTS_PER_CHILD_HEALTH_WORKER = 20_000;
/** A profile `units` note for health_center_coverage matching this means the plan counts centres. */
const COUNTS_CENTRES = /\bcount/i;
/** Longest list of names a note spells out. */
const MAX_NAMED = 5;

const HEALTH_WITHOUT_YEARS = bilingual(
  '医疗卫生机构没有开办年份：各年份均按现有数据计算。',
  'Health institutions carry no opening year: the current data are used for every year.',
);

export type IndicatorStatus = 'met' | 'not_met' | 'no_target' | 'no_data';
export type IndicatorOrigin = 'computed' | 'reported';

/** A value the bureau recorded for an indicator and year (stored; see reported-values.repository.ts). */
export interface ReportedValue {
  indicator: string;
  year: number;
  /** In the indicator's unit (percent for shares). */
  value: number;
  note: string | null;
  source: string | null;
  recordedBy: string;
  /** ISO 8601 time of recording. */
  recordedAt: string;
}

export interface IndicatorRow {
  id: string;
  nameZh: string;
  nameEn: string;
  unit: IndicatorUnit;
  /** The profile's note on the unit, where the plan's unit is unusual (e.g. it counts centres). */
  unitNote: Bilingual | null;
  year: number;
  /** The computed value, else the reported one, else null; in `unit`. */
  value: number | null;
  origin: IndicatorOrigin | null;
  target: number | null;
  comparison: TargetComparison | null;
  /** How the table's target derives from the plan, where it is not the plan's figure as such. */
  targetNote: Bilingual | null;
  /** Status of `value` against the target ("substantially full" = at least 95 % of the target). */
  status: IndicatorStatus;
  /** Why the data cannot compute the indicator (also when a reported value stands in); null when computed. */
  reason: Bilingual | null;
  /** What the computed value is made of, in words and numbers (which population, which facilities). */
  basis: Bilingual | null;
  /** Numerator, denominator and other figures behind the computed value. */
  details: Record<string, number>;
  notes: Bilingual[];
  /** The bureau's reported value for the year, whether or not the data compute the indicator. */
  reported: ReportedValue | null;
  /** Status of the reported value against the target; null without a reported value. */
  reportedStatus: IndicatorStatus | null;
}

interface Computed {
  value: number | null;
  reason: Bilingual | null;
  basis: Bilingual | null;
  details: Record<string, number>;
  notes: Bilingual[];
}

interface Context {
  data: JurisdictionData;
  year: number;
  district: DistrictIndicators;
  coverage: CoverageResult | null;
  /** Facilities operating in the year. */
  operating: Facility[];
}

const noData = (reason: Bilingual, notes: Bilingual[] = []): Computed => ({ value: null, reason, basis: null, details: {}, notes });

const percent = (part: number, whole: number): number => (part / whole) * 100;

/** "a, b, c" or "a, b, c, d, e, … (12 in all)"; in Chinese "a、b、c" or "a、b、c、d、e 等 12 个". */
function namesOf(names: string[]): Bilingual {
  if (names.length <= MAX_NAMED) return bilingual(names.join('、'), names.join(', '));
  const first = names.slice(0, MAX_NAMED);
  return bilingual(`${first.join('、')} 等 ${names.length} 个`, `${first.join(', ')}, … (${names.length} in all)`);
}

/** True when the profile says the plan counts child health centres instead of a percentage of townships. */
export function countsHealthCentres(data: Pick<JurisdictionData, 'profile'>): boolean {
  return COUNTS_CENTRES.test(data.profile.units?.health_center_coverage ?? '');
}

function statusOf(value: number | null, target: Target | null): IndicatorStatus {
  if (value === null) return 'no_data';
  if (target === null) return 'no_target';
  return meetsTarget(value, target) ? 'met' : 'not_met';
}

// ---- computed indicators --------------------------------------------------------------------

function slotsPer1000(ctx: Context): Computed {
  const d = ctx.district;
  if (d.slotsPer1000 === null) return noData(bilingual('乡镇（街道）常住人口合计为 0', 'the townships have no resident population'));
  const outside = d.facilitiesOutsideTownships;
  const notes =
    outside > 0
      ? [bilingual(`${outside} 家运营中的托育机构不在任何乡镇（街道）范围内，未计入。`, `${outside} operating facilities lie outside every township and are not counted.`)]
      : [];
  return {
    value: d.slotsPer1000,
    reason: null,
    basis: bilingual(
      `${ctx.year} 年运营的 ${grouped(d.facilityCount)} 家机构共 ${grouped(d.slots)} 个托位 ÷ ${grouped(d.population)} 常住人口 × 1000`,
      `${d.slots} slots of ${d.facilityCount} facilities operating in ${ctx.year} ÷ ${d.population} residents (常住人口) × 1,000`,
    ),
    details: { slots: d.slots, population: d.population },
    notes,
  };
}

function inclusiveShare(ctx: Context): Computed {
  const slots = ctx.operating.reduce((s, f) => s + f.slots, 0);
  const inclusive = ctx.operating.reduce((s, f) => s + f.inclusiveSlots, 0);
  if (slots === 0) return noData(bilingual(`${ctx.year} 年没有运营中且有托位的托育机构`, `no facility with slots operates in ${ctx.year}`));
  return {
    value: percent(inclusive, slots),
    reason: null,
    basis: bilingual(
      `${ctx.year} 年运营机构的普惠托位 ${grouped(inclusive)} 个 ÷ 托位 ${grouped(slots)} 个`,
      `${inclusive} inclusive slots ÷ ${slots} slots of the facilities operating in ${ctx.year}`,
    ),
    details: { inclusiveSlots: inclusive, slots },
    notes: [],
  };
}

/** Townships with at least one operating facility passing `counts`. */
function townshipsWith(ctx: Context, counts: (f: Facility) => boolean): Set<string> {
  const codes = new Set(ctx.data.townships.map((t) => t.code));
  const found = new Set<string>();
  for (const f of ctx.operating) if (f.township !== null && codes.has(f.township) && counts(f)) found.add(f.township);
  return found;
}

function townshipCoverage(ctx: Context, counts: (f: Facility) => boolean, what: Bilingual): Computed {
  const total = ctx.data.townships.length;
  if (total === 0) return noData(bilingual('数据中没有乡镇（街道）', 'the data hold no townships'));
  const covered = townshipsWith(ctx, counts);
  const missing = namesOf(ctx.data.townships.filter((t) => !covered.has(t.code)).map((t) => t.name));
  return {
    value: percent(covered.size, total),
    reason: null,
    basis: bilingual(
      `${total} 个乡镇（街道）中有 ${covered.size} 个在 ${ctx.year} 年有${what.zh}运营`,
      `${covered.size} of ${total} townships have ${what.en} operating in ${ctx.year}`,
    ),
    details: { townships: total, townshipsCovered: covered.size },
    notes: covered.size < total ? [bilingual(`未覆盖的乡镇（街道）：${missing.zh}。`, `Without: ${missing.en}.`)] : [],
  };
}

function serviceCircle(ctx: Context): Computed {
  const { coverage } = ctx;
  if (coverage === null) return noData(bilingual('未计算步行覆盖', 'walking coverage was not computed'));
  const key = String(SERVICE_CIRCLE_MIN);
  const share = coverage.district.coverage[key];
  if (share === undefined) {
    return noData(
      bilingual(
        `规划配置的步行时间阈值（${coverage.thresholdsMin.join('、')} 分钟）不含 ${SERVICE_CIRCLE_MIN} 分钟`,
        `the profile's walking thresholds (${coverage.thresholdsMin.join(', ')} min) do not include ${SERVICE_CIRCLE_MIN} minutes`,
      ),
    );
  }
  if (coverage.district.unitPopulation <= 0) return noData(bilingual('数据中没有常住人口单元', 'the data hold no resident population units'));
  const covered = coverage.district.coveredPopulation[key] ?? 0;
  const unreachable = coverage.district.unreachableUnits;
  const notes: Bilingual[] = [];
  if (coverage.approximate) {
    notes.push(
      bilingual(
        '未加载路网：步行距离按直线距离 × 绕行系数估算（近似值）。',
        'No road network is loaded: walking distances are straight-line distances × the detour factor (an approximation).',
      ),
    );
  }
  if (ctx.data.populationUnits.some((u) => u.approximate)) {
    notes.push(
      bilingual(
        '未提供人口点：各乡镇（街道）人口按网格均匀分布（近似值）。',
        'No population points were supplied: each township’s population is spread evenly over a grid (an approximation).',
      ),
    );
  }
  if (unreachable > 0) {
    notes.push(
      bilingual(
        `${unreachable} 个人口单元无法步行到达任何托育机构（远离路网或路网不连通），按未覆盖计。`,
        `${unreachable} population units reach no facility (off the road network or cut off) and count as not covered.`,
      ),
    );
  }
  const thresholdM = coverage.thresholdM[key];
  return {
    value: share * 100,
    reason: null,
    basis: bilingual(
      `${grouped(coverage.district.unitPopulation)} 常住人口中有 ${grouped(covered)} 人距 ${ctx.year} 年运营的托育机构步行 ${thresholdM} 米（${SERVICE_CIRCLE_MIN} 分钟）以内`,
      `${covered} of ${coverage.district.unitPopulation} residents within ${thresholdM} m (${SERVICE_CIRCLE_MIN} min) on foot of a facility operating in ${ctx.year}`,
    ),
    details: { coveredPopulation: covered, population: coverage.district.unitPopulation, thresholdM: thresholdM ?? 0 },
    notes,
  };
}

/** Residential projects dated in the year or before, or undated, checked against the new-community standard. */
function newCommunity(ctx: Context): Computed {
  const { projects } = ctx.data;
  if (projects.length === 0) {
    return noData(bilingual('数据中没有住宅项目（projects.geojson 缺失或为空）', 'the data hold no residential projects (projects.geojson absent or empty)'));
  }
  const dated = projects.filter((p) => p.year === null || p.year <= ctx.year);
  if (dated.length === 0) return noData(bilingual(`没有 ${ctx.year} 年及以前的住宅项目`, `no residential project is dated ${ctx.year} or earlier`));
  const parameters = ctx.data.profile.parameters;
  const standard = parameters.newCommunitySlotsPer1000;
  const shortZh: string[] = [];
  const shortEn: string[] = [];
  let compliant = 0;
  for (const p of dated) {
    const result = checkCompliance(
      {
        population: p.population,
        households: p.population === null ? p.households : null,
        personsPerHousehold: p.population === null ? p.personsPerHousehold : null,
        plannedSlots: p.plannedSlots,
      },
      parameters,
    );
    if (result.compliant) {
      compliant++;
    } else {
      shortZh.push(`${p.name}（规划 ${result.plannedSlots} 个，应配 ${result.requiredSlots} 个）`);
      shortEn.push(`${p.name} (${result.plannedSlots} of ${result.requiredSlots} slots)`);
    }
  }
  return {
    value: percent(compliant, dated.length),
    reason: null,
    basis: bilingual(
      `${ctx.year} 年及以前（或未注明年份）的 ${dated.length} 个住宅项目中，有 ${compliant} 个按每千人 ≥ ${standard} 个托位配置`,
      `${compliant} of ${dated.length} residential projects dated ${ctx.year} or earlier (or undated) plan ≥ ${standard} slots per 1,000 residents`,
    ),
    details: { projects: dated.length, compliantProjects: compliant, standardSlotsPer1000: standard },
    notes:
      shortEn.length > 0
        ? [bilingual(`未达配置标准：${namesOf(shortZh).zh}。`, `Short of the standard: ${namesOf(shortEn).en}.`)]
        : [],
  };
}

const NO_HEALTH_INSTITUTIONS = bilingual(
  '数据中没有医疗卫生机构（health.geojson 缺失或为空）',
  'the data hold no health institutions (health.geojson absent or empty)',
);

function healthCenters(ctx: Context): Computed {
  const { health, townships, profile } = ctx.data;
  if (health.length === 0) return noData(NO_HEALTH_INSTITUTIONS);
  const centres = health.filter((h) => h.kind === 'child_health_center');
  if (countsHealthCentres(ctx.data)) {
    return {
      value: centres.length,
      reason: null,
      basis: bilingual(
        `数据中共有 ${centres.length} 个儿童健康管理中心；规划按中心个数计，而非乡镇（街道）覆盖比例`,
        `${centres.length} child health management centres (儿童健康管理中心) in the data; the plan counts centres, not a share of townships`,
      ),
      details: { centres: centres.length },
      notes: [HEALTH_WITHOUT_YEARS],
    };
  }
  const minPopulation = profile.parameters.healthCenterMinPopulation;
  const eligible = townships.filter((t) => t.population >= minPopulation);
  if (eligible.length === 0) {
    return noData(bilingual(`没有常住人口达到 ${grouped(minPopulation)} 人的乡镇（街道）`, `no township has ${minPopulation} residents or more`), [HEALTH_WITHOUT_YEARS]);
  }
  const withCentre = new Set(centres.map((c) => c.township).filter((code): code is string => code !== null));
  const served = eligible.filter((t) => withCentre.has(t.code));
  const missing = eligible.filter((t) => !withCentre.has(t.code)).map((t) => t.name);
  const without = namesOf(missing);
  return {
    value: percent(served.length, eligible.length),
    reason: null,
    basis: bilingual(
      `常住人口 ≥ ${grouped(minPopulation)} 人的 ${eligible.length} 个乡镇（街道）中有 ${served.length} 个设有儿童健康管理中心`,
      `${served.length} of ${eligible.length} townships with ≥ ${minPopulation} residents have a child health management centre`,
    ),
    details: { townships: eligible.length, townshipsWithCentre: served.length, minPopulation },
    notes: [...(missing.length > 0 ? [bilingual(`未设中心：${without.zh}。`, `Without a centre: ${without.en}.`)] : []), HEALTH_WITHOUT_YEARS],
  };
}

const noneOperating = (year: number): Bilingual => bilingual(`${year} 年没有运营中的托育机构`, `no facility operates in ${year}`);

function certifiedStaff(ctx: Context): Computed {
  if (ctx.operating.length === 0) return noData(noneOperating(ctx.year));
  const withStaff = ctx.operating.filter((f) => f.staff !== null && f.certifiedStaff !== null);
  if (withStaff.length === 0) {
    return noData(bilingual('运营中的托育机构均无人员数据（staff 与 certifiedStaff）', 'no operating facility has staff data (staff and certifiedStaff)'));
  }
  const staff = withStaff.reduce((s, f) => s + f.staff!, 0);
  const certified = withStaff.reduce((s, f) => s + f.certifiedStaff!, 0);
  if (staff === 0) return noData(bilingual('有人员数据的运营机构从业人员合计为 0', 'the operating facilities with staff data report no staff'));
  const left = ctx.operating.length - withStaff.length;
  return {
    value: percent(certified, staff),
    reason: null,
    basis: bilingual(
      `${ctx.operating.length} 家运营机构中有人员数据的 ${withStaff.length} 家：持证人员 ${grouped(certified)} 人 ÷ 从业人员 ${grouped(staff)} 人`,
      `${certified} certified ÷ ${staff} staff in the ${withStaff.length} of ${ctx.operating.length} operating facilities with staff data`,
    ),
    details: { certifiedStaff: certified, staff, facilities: withStaff.length, operatingFacilities: ctx.operating.length },
    notes: left > 0 ? [bilingual(`${left} 家运营机构没有人员数据，未计入。`, `${left} operating facilities have no staff data and are left out.`)] : [],
  };
}

const hasGrade = (f: Facility): boolean => f.grade !== null && f.grade.trim() !== '';

function gradedInstitutions(ctx: Context): Computed {
  if (!ctx.data.facilities.some(hasGrade)) return noData(bilingual('数据中没有任何托育机构的等级信息', 'no facility in the data has a grade (等级)'));
  if (ctx.operating.length === 0) return noData(noneOperating(ctx.year));
  const graded = ctx.operating.filter(hasGrade).length;
  return {
    value: percent(graded, ctx.operating.length),
    reason: null,
    basis: bilingual(
      `${ctx.year} 年运营的 ${ctx.operating.length} 家托育机构中有 ${graded} 家已评定等级；未注明等级的按未评级计`,
      `${graded} of ${ctx.operating.length} facilities operating in ${ctx.year} have a grade (等级); a facility without one counts as ungraded`,
    ),
    details: { gradedFacilities: graded, operatingFacilities: ctx.operating.length },
    notes: [],
  };
}

function pediatricians(ctx: Context): Computed {
  const { health, townships } = ctx.data;
  if (health.length === 0) return noData(NO_HEALTH_INSTITUTIONS);
  const counted = health.filter((h) => h.pediatricians !== null);
  if (counted.length === 0) return noData(bilingual('医疗卫生机构均无儿科医生人数', 'no health institution has a number of paediatricians'));
  const missing = townships.filter((t) => t.populationUnder3 === null).length;
  if (townships.length === 0 || missing > 0) {
    return noData(
      bilingual(
        `数据未提供儿童人口：${townships.length} 个乡镇（街道）中有 ${missing} 个缺少 3 岁以下人口（populationUnder3）`,
        `the data give no child population: populationUnder3 is missing for ${missing} of ${townships.length} townships`,
      ),
      [HEALTH_WITHOUT_YEARS],
    );
  }
  const children = townships.reduce((s, t) => s + t.populationUnder3!, 0);
  if (children === 0) return noData(bilingual('各乡镇（街道）3 岁以下儿童合计为 0', 'the townships report no children under 3'), [HEALTH_WITHOUT_YEARS]);
  const doctors = counted.reduce((s, h) => s + h.pediatricians!, 0);
  return {
    value: (doctors / children) * 1000,
    reason: null,
    basis: bilingual(
      `${counted.length} 家医疗卫生机构的儿科医生 ${grouped(doctors)} 人 ÷ 3 岁以下儿童 ${grouped(children)} 人（各乡镇（街道）populationUnder3 之和）× 1000`,
      `${doctors} paediatricians in ${counted.length} health institutions ÷ ${children} children under 3 (Σ township populationUnder3) × 1,000`,
    ),
    details: { pediatricians: doctors, children, institutions: counted.length },
    notes: [
      bilingual(
        '儿童数按 3 岁以下人口计（数据仅提供这一儿童人口）；规划按全体儿童计，故本值高于按更宽年龄段儿童计算的数值。',
        'Children = the under-3 population, the only child population the data give; the plan counts children in general, so the figure is higher than a per-child figure over a wider age range would be.',
      ),
      HEALTH_WITHOUT_YEARS,
    ],
  };
}

/**
 * The plan's rule is ≥ 1 child-health worker per 20,000 residents in each primary care institution.
 * An institution's service population is not in the data, so each township's primary care institutions
 * are taken together against the township's residents, and the value is the lowest township figure:
 * the rule holds everywhere exactly when that figure meets the target. The district average is in `details`.
 */
function childHealthStaff(ctx: Context, target: Target | null): Computed {
  const { health, townships } = ctx.data;
  if (health.length === 0) return noData(NO_HEALTH_INSTITUTIONS);
  const primary = health.filter((h) => h.kind === 'primary_care');
  if (primary.length === 0) return noData(bilingual('数据中没有基层医疗卫生机构', 'the data hold no primary care institution'));
  const known = primary.filter((h) => h.childHealthStaff !== null);
  if (known.length === 0) {
    return noData(
      bilingual(
        '基层医疗卫生机构均无儿童保健人员数（childHealthStaff）',
        'no primary care institution has a number of child-health staff (childHealthStaff)',
      ),
    );
  }
  const staffByTownship = new Map<string, number>();
  for (const h of known) {
    if (h.township !== null) staffByTownship.set(h.township, (staffByTownship.get(h.township) ?? 0) + h.childHealthStaff!);
  }
  const checked = townships
    .filter((t) => t.population > 0 && staffByTownship.has(t.code))
    .map((t) => ({ township: t, staff: staffByTownship.get(t.code)!, per20k: (staffByTownship.get(t.code)! / t.population) * RESIDENTS_PER_CHILD_HEALTH_WORKER }));
  if (checked.length === 0) {
    return noData(
      bilingual(
        '有儿童保健人员数据的基层医疗卫生机构均不在有常住人口的乡镇（街道）内',
        'no primary care institution with staff data lies in a township with residents',
      ),
    );
  }
  const weakest = checked.reduce((a, b) => (b.per20k < a.per20k ? b : a));
  const population = townships.reduce((s, t) => s + t.population, 0);
  const staff = known.reduce((s, h) => s + h.childHealthStaff!, 0);
  const below = target ? checked.filter((c) => !meetsTarget(c.per20k, target)) : [];
  const without = townships.filter((t) => t.population > 0 && !staffByTownship.has(t.code)).map((t) => t.name);
  const notes: Bilingual[] = [];
  if (below.length > 0) {
    const zh = namesOf(below.map((c) => `${c.township.name}（${c.per20k.toFixed(2)}）`)).zh;
    const en = namesOf(below.map((c) => `${c.township.name} (${c.per20k.toFixed(2)})`)).en;
    notes.push(bilingual(`低于目标：${zh}。`, `Below the target: ${en}.`));
  }
  if (without.length > 0) {
    const names = namesOf(without);
    notes.push(
      bilingual(
        `以下乡镇（街道）没有有儿童保健人员数据的基层医疗卫生机构，未核查：${names.zh}。`,
        `No primary care institution with staff data in: ${names.en} (not checked).`,
      ),
    );
  }
  notes.push(HEALTH_WITHOUT_YEARS);
  return {
    value: weakest.per20k,
    reason: null,
    basis: bilingual(
      `最低的乡镇（街道）：${weakest.township.name}，其基层医疗卫生机构儿童保健人员 ${grouped(weakest.staff)} 人 ÷ 常住人口 ${grouped(weakest.township.population)} 人 × 20,000；该要求适用于每个机构，故以最低的乡镇（街道）为准`,
      `lowest township: ${weakest.township.name}, ${weakest.staff} child-health workers in its primary care institutions ÷ ${weakest.township.population} residents × 20,000; the rule applies to each institution, so the weakest township decides`,
    ),
    details: {
      districtPer20k: population > 0 ? (staff / population) * RESIDENTS_PER_CHILD_HEALTH_WORKER : 0,
      childHealthStaff: staff,
      population,
      townshipsChecked: checked.length,
      townshipsBelowTarget: below.length,
    },
    notes,
  };
}

function communityStations(): Computed {
  return noData(
    bilingual(
      '数据中没有城市社区图层，无法核查婴幼儿照护驿站；可由卫健部门录入上报值',
      'the data carry no urban-community layer to check for infant care stations (驿站); the bureau can record a reported value',
    ),
  );
}

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

function unitOf(data: JurisdictionData, id: string): IndicatorUnit {
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
  data: JurisdictionData,
  coverageOf: (year: number) => CoverageResult | null,
  reported: readonly ReportedValue[],
  years: readonly number[] = PLAN_YEARS,
): IndicatorTrend[] {
  const inYears = reported.filter((r) => years.includes(r.year));
  const ids = tableIds(inYears.map((r) => r.indicator));
  const reportedOf = new Map(inYears.map((r) => [`${r.indicator}|${r.year}`, r]));
  const rowsByYear = years.map((year) => {
    const ctx = context(data, coverageOf(year), year);
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
        return { year: r.year, value: r.value, origin: r.origin, target: r.target, comparison: r.comparison, status: r.status, reason: r.reason, reported: r.reported };
      }),
    };
  });
}
