/**
 * The indicator table per township: the indicators that exist for one township (slots per 1,000 and
 * gap, inclusive share, whether it has an operating / inclusive institution, the 15-minute service
 * circle, a child health centre where its population calls for one, child-health workers per 20,000).
 * Shares in percent (0–100), as in the district table (indicator-table.ts).
 */
import type { CoverageResult } from '../coverage/index.js';
import { computeIndicators, isOperatingIn } from '../figures/index.js';
import type { JurisdictionData, TargetComparison } from '../../model/index.js';

const SERVICE_CIRCLE_KEY = '15';
const RESIDENTS_PER_CHILD_HEALTH_WORKER = 20_000;

export interface TownshipDrilldownRow {
  code: string;
  name: string;
  population: number;
  populationUnder3: number | null;
  slots: number;
  slotsPer1000: number | null;
  slotsTarget: number | null;
  slotsTargetComparison: TargetComparison | null;
  /** max(0, ⌈target × population ÷ 1000⌉ − slots); null without a target. */
  slotGap: number | null;
  meetsSlotsTarget: boolean | null;
  /** Inclusive ÷ all slots of the township's operating facilities, percent; null without slots. */
  inclusiveSharePercent: number | null;
  /** Facilities operating in the year. */
  facilityCount: number;
  /** Operating facilities with inclusive slots. */
  inclusiveFacilityCount: number;
  hasInstitution: boolean;
  hasInclusiveInstitution: boolean;
  /** Residents within 15 minutes' walk, percent of the township's population units; null without coverage or population. */
  serviceCircle15Percent: number | null;
  /** True when the township has at least healthCenterMinPopulation residents. */
  healthCenterExpected: boolean;
  hasHealthCenter: boolean;
  /** Σ childHealthStaff of the township's primary care institutions; null when none has the figure. */
  childHealthStaff: number | null;
  /** childHealthStaff ÷ population × 20,000; null without staff data or population. */
  childHealthStaffPer20k: number | null;
}

/**
 * One row per township of `data`, in file order, for facilities operating in `year`.
 * `coverage` is the year's walking coverage (null leaves the service circle empty).
 */
export function computeTownshipDrilldown(data: JurisdictionData, coverage: CoverageResult | null, year: number): TownshipDrilldownRow[] {
  const { townships } = computeIndicators(data, year);
  const coverageByCode = new Map((coverage?.townships ?? []).map((t) => [t.code, t]));
  const inclusiveCount = new Map<string, number>();
  for (const f of data.facilities) {
    if (f.township !== null && f.inclusiveSlots > 0 && isOperatingIn(f, year))
      inclusiveCount.set(f.township, (inclusiveCount.get(f.township) ?? 0) + 1);
  }
  const centres = new Set(data.health.filter((h) => h.kind === 'child_health_center' && h.township !== null).map((h) => h.township!));
  const staff = new Map<string, number>();
  for (const h of data.health) {
    if (h.kind === 'primary_care' && h.township !== null && h.childHealthStaff !== null)
      staff.set(h.township, (staff.get(h.township) ?? 0) + h.childHealthStaff);
  }
  const minPopulation = data.profile.parameters.healthCenterMinPopulation;
  return data.townships.map((township, i) => {
    const t = townships[i]!;
    const c = coverageByCode.get(t.code);
    const share = c && c.unitPopulation > 0 ? c.coverage[SERVICE_CIRCLE_KEY] : undefined;
    const workers = staff.get(t.code) ?? null;
    const inclusiveFacilities = inclusiveCount.get(t.code) ?? 0;
    return {
      code: t.code,
      name: t.name,
      population: t.population,
      populationUnder3: township.populationUnder3,
      slots: t.slots,
      slotsPer1000: t.slotsPer1000,
      slotsTarget: t.target,
      slotsTargetComparison: t.targetComparison,
      slotGap: t.slotGap,
      meetsSlotsTarget: t.meetsTarget,
      inclusiveSharePercent: t.inclusiveShare === null ? null : t.inclusiveShare * 100,
      facilityCount: t.facilityCount,
      inclusiveFacilityCount: inclusiveFacilities,
      hasInstitution: t.facilityCount > 0,
      hasInclusiveInstitution: inclusiveFacilities > 0,
      serviceCircle15Percent: share === undefined ? null : share * 100,
      healthCenterExpected: t.population >= minPopulation,
      hasHealthCenter: centres.has(t.code),
      childHealthStaff: workers,
      childHealthStaffPer20k: workers !== null && t.population > 0 ? (workers / t.population) * RESIDENTS_PER_CHILD_HEALTH_WORKER : null,
    };
  });
}
