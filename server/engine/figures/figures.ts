/**
 * Township and district indicators of a year, exactly as defined in DATA_FORMAT.md
 * ("Normative definitions"): slots per 1,000, gap to target, inclusive share,
 * township institution coverage. Targets come from the jurisdiction's policy profile.
 */
import type { Facility, JurisdictionData, PolicyProfile, TargetComparison } from '../../model/index.js';

/**
 * Operating in year Y: status `operating` (or `closed` with `closedYear` > Y),
 * and `openedYear` absent or ≤ Y.
 */
export function isOperatingIn(facility: Facility, year: number): boolean {
  const statusOk =
    facility.status === 'operating' || (facility.status === 'closed' && facility.closedYear !== null && facility.closedYear > year);
  const openedOk = facility.openedYear === null || facility.openedYear <= year;
  return statusOk && openedOk;
}

/** A target of the profile for one indicator and year, with the comparison the plan uses. */
export interface Target {
  value: number;
  comparison: TargetComparison;
}

/** The profile's target for `indicator` in `year`, or null when the plan sets none for that year. */
export function targetFor(profile: PolicyProfile, indicator: string, year: number): Target | null {
  const value = profile.targets[indicator]?.[String(year)];
  if (value === undefined || value === null || !Number.isFinite(value)) return null;
  const comparison = profile.comparisons?.[indicator]?.[String(year)] ?? '>=';
  return { value, comparison };
}

/**
 * Number of decimal digits needed to write `x` exactly as a short decimal (at most 9).
 * Targets and household sizes are decimals such as 5.55 or 2.8; multiplying floats
 * (1.1 × 50000 ÷ 1000 = 55.00000000000001) would turn an exact 55 into a ceiling of 56.
 */
function decimalDigits(x: number): number {
  for (let digits = 0; digits <= 9; digits++) {
    const scaled = x * 10 ** digits;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, Math.abs(scaled))) return digits;
  }
  return 9;
}

/**
 * ⌈(f₁ × f₂ × …) ÷ divisor⌉ for non-negative short decimals, in exact integer arithmetic on
 * their decimal digits.
 */
export function exactCeilOfProduct(factors: number[], divisor: number): number {
  let numerator = 1n;
  let scale = 1n;
  for (const factor of factors) {
    const digits = decimalDigits(factor);
    numerator *= BigInt(Math.round(factor * 10 ** digits));
    scale *= 10n ** BigInt(digits);
  }
  const digits = decimalDigits(divisor);
  numerator *= 10n ** BigInt(digits);
  const denominator = BigInt(Math.round(divisor * 10 ** digits)) * scale;
  const quotient = numerator / denominator;
  return Number(numerator % denominator === 0n ? quotient : quotient + 1n);
}

/** Slots needed to reach `slotsPer1000Target` for `population` residents: ⌈target × population ÷ 1000⌉, exactly. */
export function requiredSlotsFor(slotsPer1000Target: number, population: number): number {
  return exactCeilOfProduct([slotsPer1000Target, population], 1000);
}

/** Gap to target = max(0, ⌈target × population ÷ 1000⌉ − slots). */
export function slotGap(slotsPer1000Target: number, population: number, slots: number): number {
  return Math.max(0, requiredSlotsFor(slotsPer1000Target, population) - slots);
}

/** Slots per 1,000 residents; null when the population is zero (undefined ratio). */
export function slotsPer1000(slots: number, population: number): number | null {
  return population > 0 ? (slots / population) * 1000 : null;
}

/** Whether `value` meets `target` under the plan's comparison ("substantially full" = at least 95 % of the target). */
export function meetsTarget(value: number | null, target: Target | null): boolean | null {
  if (value === null || target === null) return null;
  switch (target.comparison) {
    case '>':
      return value > target.value;
    case 'substantially_full':
      return value >= target.value * 0.95;
    default:
      return value >= target.value;
  }
}

/**
 * Slots of the facilities operating in a year against the plan's slots-per-1,000 target: the figures a
 * township and the whole district both have.
 */
export interface SlotIndicators {
  population: number;
  slots: number;
  inclusiveSlots: number;
  facilityCount: number;
  slotsPer1000: number | null;
  target: number | null;
  targetComparison: TargetComparison | null;
  slotGap: number | null;
  meetsTarget: boolean | null;
  /** inclusive ÷ all slots of the operating facilities counted (0..1), null without slots. */
  inclusiveShare: number | null;
}

export interface TownshipIndicators extends SlotIndicators {
  code: string;
  name: string;
}

export interface DistrictIndicators extends SlotIndicators {
  year: number;
  /** Σ inclusiveSlots ÷ Σ slots over all operating facilities, those outside every township too (0..1), null without slots. */
  inclusiveShare: number | null;
  /** inclusive_share target in percent as the plan writes it, or null. */
  inclusiveShareTarget: number | null;
  townshipCount: number;
  townshipsWithOperatingFacility: number;
  /** Townships with ≥ 1 operating facility ÷ all townships (0..1). */
  townshipInstitutionCoverage: number | null;
  townshipInstitutionCoverageTarget: number | null;
  /** Operating facilities whose township is unknown (outside every township polygon); not counted in township sums. */
  facilitiesOutsideTownships: number;
}

/**
 * Slots per 1,000 of `slots` for `population`, the plan's `target` (null when it sets none for the year),
 * the gap to it and whether it is met: the same verdict for a township and for the district totals.
 */
export function slotsAgainstTarget(
  slots: number,
  population: number,
  target: Target | null,
): Pick<SlotIndicators, 'slotsPer1000' | 'target' | 'targetComparison' | 'slotGap' | 'meetsTarget'> {
  const ratio = slotsPer1000(slots, population);
  return {
    slotsPer1000: ratio,
    target: target?.value ?? null,
    targetComparison: target?.comparison ?? null,
    slotGap: target ? slotGap(target.value, population, slots) : null,
    meetsTarget: meetsTarget(ratio, target),
  };
}

export interface YearIndicators {
  year: number;
  townships: TownshipIndicators[];
  district: DistrictIndicators;
}

/**
 * Slots, slots per 1,000, gap to target, inclusive share and institution coverage per township and for the
 * district, for facilities operating in `year`. District figures are sums over the townships; the district gap is
 * computed on the district totals (township gaps are not added).
 */
export function computeIndicators(data: Pick<JurisdictionData, 'townships' | 'facilities' | 'profile'>, year: number): YearIndicators {
  const target = targetFor(data.profile, 'slots_per_1000', year);
  const perTownship = new Map<string, { slots: number; inclusiveSlots: number; facilityCount: number }>();
  for (const township of data.townships) perTownship.set(township.code, { slots: 0, inclusiveSlots: 0, facilityCount: 0 });

  let operatingSlots = 0;
  let operatingInclusiveSlots = 0;
  let facilitiesOutsideTownships = 0;
  for (const facility of data.facilities) {
    if (!isOperatingIn(facility, year)) continue;
    operatingSlots += facility.slots;
    operatingInclusiveSlots += facility.inclusiveSlots;
    const sums = facility.township === null ? undefined : perTownship.get(facility.township);
    if (!sums) {
      facilitiesOutsideTownships++;
      continue;
    }
    sums.slots += facility.slots;
    sums.inclusiveSlots += facility.inclusiveSlots;
    sums.facilityCount++;
  }

  const townships: TownshipIndicators[] = data.townships.map((township) => {
    const sums = perTownship.get(township.code)!;
    return {
      code: township.code,
      name: township.name,
      population: township.population,
      slots: sums.slots,
      inclusiveSlots: sums.inclusiveSlots,
      facilityCount: sums.facilityCount,
      ...slotsAgainstTarget(sums.slots, township.population, target),
      inclusiveShare: sums.slots > 0 ? sums.inclusiveSlots / sums.slots : null,
    };
  });

  const population = townships.reduce((sum, t) => sum + t.population, 0);
  const slots = townships.reduce((sum, t) => sum + t.slots, 0);
  const inclusiveSlots = townships.reduce((sum, t) => sum + t.inclusiveSlots, 0);
  const facilityCount = townships.reduce((sum, t) => sum + t.facilityCount, 0);
  const withFacility = townships.filter((t) => t.facilityCount > 0).length;
  const inclusiveTarget = targetFor(data.profile, 'inclusive_share', year);
  const coverageTarget = targetFor(data.profile, 'township_institution_coverage', year);

  return {
    year,
    townships,
    district: {
      year,
      population,
      slots,
      inclusiveSlots,
      facilityCount,
      ...slotsAgainstTarget(slots, population, target),
      inclusiveShare: operatingSlots > 0 ? operatingInclusiveSlots / operatingSlots : null,
      inclusiveShareTarget: inclusiveTarget?.value ?? null,
      townshipCount: townships.length,
      townshipsWithOperatingFacility: withFacility,
      townshipInstitutionCoverage: townships.length > 0 ? withFacility / townships.length : null,
      townshipInstitutionCoverageTarget: coverageTarget?.value ?? null,
      facilitiesOutsideTownships,
    },
  };
}
