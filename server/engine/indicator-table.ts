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
 */
import { checkCompliance } from './compliance.js';
import type { CoverageResult } from './coverage.js';
import { indicatorDefinition, POLICY_INDICATORS, type IndicatorUnit } from './indicator-catalogue.js';
import { computeIndicators, isOperatingIn, meetsTarget, targetFor, type DistrictIndicators, type Target } from './indicators.js';
import type { Facility, IndicatorId, JurisdictionData, TargetComparison } from './types.js';

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

const HEALTH_WITHOUT_YEARS = 'Health institutions carry no opening year: the current data are used for every year.';

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
  unitNote: string | null;
  year: number;
  /** The computed value, else the reported one, else null; in `unit`. */
  value: number | null;
  origin: IndicatorOrigin | null;
  target: number | null;
  comparison: TargetComparison | null;
  /** How the table's target derives from the plan, where it is not the plan's figure as such. */
  targetNote: string | null;
  /** Status of `value` against the target ("substantially full" = at least 95 % of the target). */
  status: IndicatorStatus;
  /** Why the data cannot compute the indicator (also when a reported value stands in); null when computed. */
  reason: string | null;
  /** What the computed value is made of, in words and numbers (which population, which facilities). */
  basis: string | null;
  /** Numerator, denominator and other figures behind the computed value. */
  details: Record<string, number>;
  notes: string[];
  /** The bureau's reported value for the year, whether or not the data compute the indicator. */
  reported: ReportedValue | null;
  /** Status of the reported value against the target; null without a reported value. */
  reportedStatus: IndicatorStatus | null;
}

interface Computed {
  value: number | null;
  reason: string | null;
  basis: string | null;
  details: Record<string, number>;
  notes: string[];
}

interface Context {
  data: JurisdictionData;
  year: number;
  district: DistrictIndicators;
  coverage: CoverageResult | null;
  /** Facilities operating in the year. */
  operating: Facility[];
}

const noData = (reason: string, notes: string[] = []): Computed => ({ value: null, reason, basis: null, details: {}, notes });

const percent = (part: number, whole: number): number => (part / whole) * 100;

/** "a, b, c" or "a, b, c, d, e, … (12 in all)". */
function namesOf(names: string[]): string {
  return names.length <= MAX_NAMED ? names.join(', ') : `${names.slice(0, MAX_NAMED).join(', ')}, … (${names.length} in all)`;
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
  if (d.slotsPer1000 === null) return noData('the townships have no resident population');
  const notes = d.facilitiesOutsideTownships > 0
    ? [`${d.facilitiesOutsideTownships} operating facilities lie outside every township and are not counted.`]
    : [];
  return {
    value: d.slotsPer1000,
    reason: null,
    basis: `${d.slots} slots of ${d.facilityCount} facilities operating in ${ctx.year} ÷ ${d.population} residents (常住人口) × 1,000`,
    details: { slots: d.slots, population: d.population },
    notes,
  };
}

function inclusiveShare(ctx: Context): Computed {
  const slots = ctx.operating.reduce((s, f) => s + f.slots, 0);
  const inclusive = ctx.operating.reduce((s, f) => s + f.inclusiveSlots, 0);
  if (slots === 0) return noData(`no facility with slots operates in ${ctx.year}`);
  return {
    value: percent(inclusive, slots),
    reason: null,
    basis: `${inclusive} inclusive slots ÷ ${slots} slots of the facilities operating in ${ctx.year}`,
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

function townshipCoverage(ctx: Context, counts: (f: Facility) => boolean, what: string): Computed {
  const total = ctx.data.townships.length;
  if (total === 0) return noData('the data hold no townships');
  const covered = townshipsWith(ctx, counts);
  const missing = ctx.data.townships.filter((t) => !covered.has(t.code)).map((t) => t.name);
  return {
    value: percent(covered.size, total),
    reason: null,
    basis: `${covered.size} of ${total} townships have ${what} operating in ${ctx.year}`,
    details: { townships: total, townshipsCovered: covered.size },
    notes: missing.length > 0 ? [`Without: ${namesOf(missing)}.`] : [],
  };
}

function serviceCircle(ctx: Context): Computed {
  const { coverage } = ctx;
  if (coverage === null) return noData('walking coverage was not computed');
  const key = String(SERVICE_CIRCLE_MIN);
  const share = coverage.district.coverage[key];
  if (share === undefined) {
    return noData(`the profile's walking thresholds (${coverage.thresholdsMin.join(', ')} min) do not include ${SERVICE_CIRCLE_MIN} minutes`);
  }
  if (coverage.district.unitPopulation <= 0) return noData('the data hold no resident population units');
  const covered = coverage.district.coveredPopulation[key] ?? 0;
  const notes: string[] = [];
  if (coverage.approximate) notes.push('No road network is loaded: walking distances are straight-line distances × the detour factor (an approximation).');
  if (ctx.data.populationUnits.some((u) => u.approximate)) notes.push('No population points were supplied: each township’s population is spread evenly over a grid (an approximation).');
  if (coverage.district.unreachableUnits > 0) notes.push(`${coverage.district.unreachableUnits} population units reach no facility (off the road network or cut off) and count as not covered.`);
  return {
    value: share * 100,
    reason: null,
    basis: `${covered} of ${coverage.district.unitPopulation} residents within ${coverage.thresholdM[key]} m (${SERVICE_CIRCLE_MIN} min) on foot of a facility operating in ${ctx.year}`,
    details: { coveredPopulation: covered, population: coverage.district.unitPopulation, thresholdM: coverage.thresholdM[key] ?? 0 },
    notes,
  };
}

/** Residential projects dated in the year or before, or undated, checked against the new-community standard. */
function newCommunity(ctx: Context): Computed {
  const { projects } = ctx.data;
  if (projects.length === 0) return noData('the data hold no residential projects (projects.geojson absent or empty)');
  const dated = projects.filter((p) => p.year === null || p.year <= ctx.year);
  if (dated.length === 0) return noData(`no residential project is dated ${ctx.year} or earlier`);
  const parameters = ctx.data.profile.parameters;
  const short: string[] = [];
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
    if (result.compliant) compliant++;
    else short.push(`${p.name} (${result.plannedSlots} of ${result.requiredSlots} slots)`);
  }
  return {
    value: percent(compliant, dated.length),
    reason: null,
    basis: `${compliant} of ${dated.length} residential projects dated ${ctx.year} or earlier (or undated) plan ≥ ${parameters.newCommunitySlotsPer1000} slots per 1,000 residents`,
    details: { projects: dated.length, compliantProjects: compliant, standardSlotsPer1000: parameters.newCommunitySlotsPer1000 },
    notes: short.length > 0 ? [`Short of the standard: ${namesOf(short)}.`] : [],
  };
}

function healthCenters(ctx: Context): Computed {
  const { health, townships, profile } = ctx.data;
  if (health.length === 0) return noData('the data hold no health institutions (health.geojson absent or empty)');
  const centres = health.filter((h) => h.kind === 'child_health_center');
  if (countsHealthCentres(ctx.data)) {
    return {
      value: centres.length,
      reason: null,
      basis: `${centres.length} child health management centres (儿童健康管理中心) in the data; the plan counts centres, not a share of townships`,
      details: { centres: centres.length },
      notes: [HEALTH_WITHOUT_YEARS],
    };
  }
  const minPopulation = profile.parameters.healthCenterMinPopulation;
  const eligible = townships.filter((t) => t.population >= minPopulation);
  if (eligible.length === 0) return noData(`no township has ${minPopulation} residents or more`, [HEALTH_WITHOUT_YEARS]);
  const withCentre = new Set(centres.map((c) => c.township).filter((code): code is string => code !== null));
  const served = eligible.filter((t) => withCentre.has(t.code));
  const missing = eligible.filter((t) => !withCentre.has(t.code)).map((t) => t.name);
  return {
    value: percent(served.length, eligible.length),
    reason: null,
    basis: `${served.length} of ${eligible.length} townships with ≥ ${minPopulation} residents have a child health management centre`,
    details: { townships: eligible.length, townshipsWithCentre: served.length, minPopulation },
    notes: [...(missing.length > 0 ? [`Without a centre: ${namesOf(missing)}.`] : []), HEALTH_WITHOUT_YEARS],
  };
}

function certifiedStaff(ctx: Context): Computed {
  if (ctx.operating.length === 0) return noData(`no facility operates in ${ctx.year}`);
  const withStaff = ctx.operating.filter((f) => f.staff !== null && f.certifiedStaff !== null);
  if (withStaff.length === 0) return noData('no operating facility has staff data (staff and certifiedStaff)');
  const staff = withStaff.reduce((s, f) => s + f.staff!, 0);
  const certified = withStaff.reduce((s, f) => s + f.certifiedStaff!, 0);
  if (staff === 0) return noData('the operating facilities with staff data report no staff');
  const left = ctx.operating.length - withStaff.length;
  return {
    value: percent(certified, staff),
    reason: null,
    basis: `${certified} certified ÷ ${staff} staff in the ${withStaff.length} of ${ctx.operating.length} operating facilities with staff data`,
    details: { certifiedStaff: certified, staff, facilities: withStaff.length, operatingFacilities: ctx.operating.length },
    notes: left > 0 ? [`${left} operating facilities have no staff data and are left out.`] : [],
  };
}

const hasGrade = (f: Facility): boolean => f.grade !== null && f.grade.trim() !== '';

function gradedInstitutions(ctx: Context): Computed {
  if (!ctx.data.facilities.some(hasGrade)) return noData('no facility in the data has a grade (等级)');
  if (ctx.operating.length === 0) return noData(`no facility operates in ${ctx.year}`);
  const graded = ctx.operating.filter(hasGrade).length;
  return {
    value: percent(graded, ctx.operating.length),
    reason: null,
    basis: `${graded} of ${ctx.operating.length} facilities operating in ${ctx.year} have a grade (等级); a facility without one counts as ungraded`,
    details: { gradedFacilities: graded, operatingFacilities: ctx.operating.length },
    notes: [],
  };
}

function pediatricians(ctx: Context): Computed {
  const { health, townships } = ctx.data;
  if (health.length === 0) return noData('the data hold no health institutions (health.geojson absent or empty)');
  const counted = health.filter((h) => h.pediatricians !== null);
  if (counted.length === 0) return noData('no health institution has a number of paediatricians');
  const missing = townships.filter((t) => t.populationUnder3 === null).length;
  if (townships.length === 0 || missing > 0) {
    return noData(`the data give no child population: populationUnder3 is missing for ${missing} of ${townships.length} townships`, [HEALTH_WITHOUT_YEARS]);
  }
  const children = townships.reduce((s, t) => s + t.populationUnder3!, 0);
  if (children === 0) return noData('the townships report no children under 3', [HEALTH_WITHOUT_YEARS]);
  const doctors = counted.reduce((s, h) => s + h.pediatricians!, 0);
  return {
    value: (doctors / children) * 1000,
    reason: null,
    basis: `${doctors} paediatricians in ${counted.length} health institutions ÷ ${children} children under 3 (Σ township populationUnder3) × 1,000`,
    details: { pediatricians: doctors, children, institutions: counted.length },
    notes: [
      'Children = the under-3 population, the only child population the data give; the plan counts children in general, so the figure is higher than a per-child figure over a wider age range would be.',
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
  if (health.length === 0) return noData('the data hold no health institutions (health.geojson absent or empty)');
  const primary = health.filter((h) => h.kind === 'primary_care');
  if (primary.length === 0) return noData('the data hold no primary care institution');
  const known = primary.filter((h) => h.childHealthStaff !== null);
  if (known.length === 0) return noData('no primary care institution has a number of child-health staff (childHealthStaff)');
  const staffByTownship = new Map<string, number>();
  for (const h of known) {
    if (h.township !== null) staffByTownship.set(h.township, (staffByTownship.get(h.township) ?? 0) + h.childHealthStaff!);
  }
  const checked = townships
    .filter((t) => t.population > 0 && staffByTownship.has(t.code))
    .map((t) => ({ township: t, staff: staffByTownship.get(t.code)!, per20k: (staffByTownship.get(t.code)! / t.population) * RESIDENTS_PER_CHILD_HEALTH_WORKER }));
  if (checked.length === 0) return noData('no primary care institution with staff data lies in a township with residents');
  const weakest = checked.reduce((a, b) => (b.per20k < a.per20k ? b : a));
  const population = townships.reduce((s, t) => s + t.population, 0);
  const staff = known.reduce((s, h) => s + h.childHealthStaff!, 0);
  const below = target ? checked.filter((c) => !meetsTarget(c.per20k, target)) : [];
  const without = townships.filter((t) => t.population > 0 && !staffByTownship.has(t.code)).map((t) => t.name);
  const notes: string[] = [];
  if (below.length > 0) notes.push(`Below the target: ${namesOf(below.map((c) => `${c.township.name} (${c.per20k.toFixed(2)})`))}.`);
  if (without.length > 0) notes.push(`No primary care institution with staff data in: ${namesOf(without)} (not checked).`);
  notes.push(HEALTH_WITHOUT_YEARS);
  return {
    value: weakest.per20k,
    reason: null,
    basis: `lowest township: ${weakest.township.name}, ${weakest.staff} child-health workers in its primary care institutions ÷ ${weakest.township.population} residents × 20,000; the rule applies to each institution, so the weakest township decides`,
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
  return noData('the data carry no urban-community layer to check for infant care stations (驿站); the bureau can record a reported value');
}

const NOT_COMPUTABLE = 'the data cannot compute this indicator; the bureau records it as a reported value';

// ---- table ----------------------------------------------------------------------------------

/** The table's target of `id` in `year`, and how it derives from the plan when not as such. */
function tableTarget(data: JurisdictionData, id: string, year: number): { target: Target | null; note: string | null } {
  const target = targetFor(data.profile, id, year);
  if (id === 'new_community_10_per_1000' && target) {
    const standard = data.profile.parameters.newCommunitySlotsPer1000;
    const differs = target.value !== standard ? ` (the check uses the profile parameter newCommunitySlotsPer1000 = ${standard})` : '';
    return {
      target: { value: 100, comparison: '>=' },
      note: `every new residential community must plan ≥ ${target.value} slots per 1,000 residents; the target is that all of them do${differs}`,
    };
  }
  return { target, note: null };
}

function computeOne(id: string, ctx: Context, target: Target | null): Computed {
  switch (id as IndicatorId) {
    case 'slots_per_1000':
      return slotsPer1000(ctx);
    case 'inclusive_share':
      return inclusiveShare(ctx);
    case 'township_institution_coverage':
      return townshipCoverage(ctx, () => true, 'a childcare facility');
    case 'township_inclusive_coverage':
      return townshipCoverage(ctx, (f) => f.inclusiveSlots > 0, 'a facility with inclusive slots');
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
    unitNote: ctx.data.profile.units?.[id] ?? null,
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
  reason: string | null;
  reported: ReportedValue | null;
}

export interface IndicatorTrend {
  id: string;
  nameZh: string;
  nameEn: string;
  unit: IndicatorUnit;
  unitNote: string | null;
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
      unitNote: data.profile.units?.[id] ?? null,
      points: rowsByYear.map((rows) => {
        const r = rows[i]!;
        return { year: r.year, value: r.value, origin: r.origin, target: r.target, comparison: r.comparison, status: r.status, reason: r.reason, reported: r.reported };
      }),
    };
  });
}
