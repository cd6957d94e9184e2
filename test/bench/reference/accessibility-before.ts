/**
 * The E2SFCA accessibility as it was before issue #16 (server/engine/whatif/accessibility.ts at main
 * aa39cce), kept verbatim apart from imports and names: the same-run reference of
 * test/bench/accessibility.bench.ts, which times both and checks that the new code gives identical figures.
 */
import { thresholdMeters } from '../../../server/engine/coverage/index.js';
import { isOperatingIn } from '../../../server/engine/figures/index.js';
import type { JurisdictionData } from '../../../server/model/index.js';
import { snapPopulationUnits, targetsWithinReach, type WalkNetwork } from '../../../server/engine/network/index.js';

const EXP_MINUS_HALF = Math.exp(-0.5);

/** Gaussian distance-decay weight of `distanceM` for catchment `catchmentM` (both metres): 1 at 0, 0 at and beyond the catchment. */
function gaussianWeight(distanceM: number, catchmentM: number): number {
  if (!(distanceM <= catchmentM)) return 0;
  const r = distanceM / catchmentM;
  return Math.max(0, (Math.exp(-0.5 * r * r) - EXP_MINUS_HALF) / (1 - EXP_MINUS_HALF));
}

export interface AccessibilityOptions {
  /** Catchment distance d0 in metres; default the largest walking threshold (15 min at walkSpeedKmh, 1,000 m at 4 km/h). */
  catchmentM?: number;
}

export interface AccessibilityUnit {
  /** PopulationUnit.index (position in population.geojson). */
  index: number;
  id: string;
  township: string | null;
  population: number;
  /** A_i × 1000: slots within reach per 1,000 residents. */
  slotsPer1000: number;
  inclusiveSlotsPer1000: number;
}

export interface AccessibilityFacility {
  id: string;
  slots: number;
  inclusiveSlots: number;
  /** Σ P_k W(d_kj): distance-weighted residents competing for its slots. */
  weightedDemand: number;
  /** R_j × 1000: its slots per 1,000 weighted residents; null when it has no demand. */
  slotsPer1000Demand: number | null;
  /** Population units with a positive weight. */
  unitsInCatchment: number;
}

export interface AccessibilityArea {
  /** Residents of the population units in the area. */
  population: number;
  /** Population-weighted mean of the units' slots per 1,000; null without population. */
  slotsPer1000: number | null;
  inclusiveSlotsPer1000: number | null;
}

export interface AccessibilityResult {
  year: number;
  catchmentM: number;
  /** True when distances are straight line × detourFactor (no roads). */
  approximate: boolean;
  units: AccessibilityUnit[];
  facilities: AccessibilityFacility[];
  townships: (AccessibilityArea & { code: string; name: string })[];
  district: AccessibilityArea & {
    /** Slots (inclusive slots) of operating facilities with demand in their catchment: Σ P_i A_i ÷ 1000. */
    slotsWithDemand: number;
    inclusiveSlotsWithDemand: number;
    /** Slots of operating facilities nobody lives near (off the network, or no resident nearer than d0). */
    slotsWithoutDemand: number;
  };
}

/**
 * E2SFCA accessibility of `year` for every population unit, township and the district. Cost: one
 * bounded search per operating facility (the size of its catchment), plus one pass over units.
 */
export function computeAccessibilityBefore(
  data: JurisdictionData,
  network: WalkNetwork,
  year: number,
  options: AccessibilityOptions = {},
): AccessibilityResult {
  const { walkSpeedKmh, thresholdsMin } = network.parameters;
  const largestMin = thresholdsMin.length > 0 ? Math.max(...thresholdsMin) : 15;
  const catchmentM = options.catchmentM ?? thresholdMeters(walkSpeedKmh, largestMin);
  if (!(catchmentM > 0)) throw new RangeError('computeAccessibility: the catchment distance must be positive');

  const units = data.populationUnits;
  const targets = snapPopulationUnits(network, units);
  const operating = data.facilities.filter((f) => isOperatingIn(f, year));
  const access = new Float64Array(units.length);
  const inclusiveAccess = new Float64Array(units.length);
  let approximate = network.approximate;
  let slotsWithDemand = 0;
  let inclusiveSlotsWithDemand = 0;
  let slotsWithoutDemand = 0;

  const facilities: AccessibilityFacility[] = operating.map((facility) => {
    const reach = targetsWithinReach(network, [facility.lon, facility.lat], targets, catchmentM);
    approximate ||= reach.approximate;
    const weights = Float64Array.from(reach.distanceM, (d) => gaussianWeight(d, catchmentM));
    let weightedDemand = 0;
    let unitsInCatchment = 0;
    reach.targetIndexes.forEach((u, k) => {
      if (weights[k]! > 0) unitsInCatchment++;
      weightedDemand += units[u]!.population * weights[k]!;
    });
    if (weightedDemand > 0) {
      const ratio = facility.slots / weightedDemand;
      const inclusiveRatio = facility.inclusiveSlots / weightedDemand;
      reach.targetIndexes.forEach((u, k) => {
        access[u]! += ratio * weights[k]!;
        inclusiveAccess[u]! += inclusiveRatio * weights[k]!;
      });
      slotsWithDemand += facility.slots;
      inclusiveSlotsWithDemand += facility.inclusiveSlots;
    } else {
      slotsWithoutDemand += facility.slots;
    }
    return {
      id: facility.id,
      slots: facility.slots,
      inclusiveSlots: facility.inclusiveSlots,
      weightedDemand,
      slotsPer1000Demand: weightedDemand > 0 ? (facility.slots / weightedDemand) * 1000 : null,
      unitsInCatchment,
    };
  });

  const townshipIndex = new Map(data.townships.map((t, i) => [t.code, i]));
  const sums = data.townships.map(() => ({ population: 0, access: 0, inclusive: 0 }));
  const district = { population: 0, access: 0, inclusive: 0 };
  const unitResults: AccessibilityUnit[] = units.map((unit, i) => {
    const slotsPer1000 = access[i]! * 1000;
    const inclusiveSlotsPer1000 = inclusiveAccess[i]! * 1000;
    const ti = unit.township === null ? undefined : townshipIndex.get(unit.township);
    for (const sum of ti === undefined ? [district] : [sums[ti]!, district]) {
      sum.population += unit.population;
      sum.access += unit.population * slotsPer1000;
      sum.inclusive += unit.population * inclusiveSlotsPer1000;
    }
    return { index: unit.index, id: unit.id, township: unit.township, population: unit.population, slotsPer1000, inclusiveSlotsPer1000 };
  });
  const area = (sum: { population: number; access: number; inclusive: number }): AccessibilityArea => ({
    population: sum.population,
    slotsPer1000: sum.population > 0 ? sum.access / sum.population : null,
    inclusiveSlotsPer1000: sum.population > 0 ? sum.inclusive / sum.population : null,
  });

  return {
    year,
    catchmentM,
    approximate,
    units: unitResults,
    facilities,
    townships: data.townships.map((t, i) => ({ code: t.code, name: t.name, ...area(sums[i]!) })),
    district: { ...area(district), slotsWithDemand, inclusiveSlotsWithDemand, slotsWithoutDemand },
  };
}
