/**
 * Capacity-aware accessibility: the two-step floating catchment area method with Gaussian distance
 * decay (E2SFCA). Coverage says whether a facility is within reach; this says how many places are
 * within reach per resident once everyone nearby competes for them.
 *
 * Distance decay, normalised to 1 at d = 0 and 0 at the catchment distance d0:
 *
 *   W(d) = (exp(−½ (d / d0)²) − exp(−½)) / (1 − exp(−½))   for d ≤ d0,   0 beyond.
 *
 * Step 1, each operating facility j: R_j = S_j / Σ_k P_k W(d_kj), its slots per resident of the
 *   weighted demand in its catchment (k over population units, P_k residents, d_kj walking metres).
 * Step 2, each unit i: A_i = Σ_j R_j W(d_ij), reported × 1000 as slots per 1,000 residents.
 *
 * "Demand in the catchment" means Σ_k P_k W(d_kj) > 0: some resident strictly nearer than d0 (a unit
 * exactly at d0 has weight 0). A facility without demand gets R_j = 0 and its slots reach nobody.
 * Hence Σ_i P_i A_i ÷ 1000 = Σ of slots of the facilities with demand (the invariant the tests check).
 * Computed for all slots and for inclusive (普惠) slots separately; townships and the district are
 * demand-weighted means over their units. P_k is the unit's demand: residents by default, children
 * under 3 when the caller passes them (then "per 1,000" means per 1,000 children under 3).
 */
import { thresholdMeters } from '../coverage/index.js';
import { isOperatingIn } from '../figures/index.js';
import type { JurisdictionData } from '../../model/index.js';
import { createReachBuffers, snapPopulationUnits, targetsWithinReach, targetsWithinReachInto, type WalkNetwork } from '../network/index.js';

const EXP_MINUS_HALF = Math.exp(-0.5);

/** Gaussian distance-decay weight of `distanceM` for catchment `catchmentM` (both metres): 1 at 0, 0 at and beyond the catchment. */
export function gaussianWeight(distanceM: number, catchmentM: number): number {
  if (!(distanceM <= catchmentM)) return 0;
  const r = distanceM / catchmentM;
  return Math.max(0, (Math.exp(-0.5 * r * r) - EXP_MINUS_HALF) / (1 - EXP_MINUS_HALF));
}

export interface AccessibilityOptions {
  /** Catchment distance d0 in metres; default the largest walking threshold (15 min at walkSpeedKmh, 1,000 m at 4 km/h). */
  catchmentM?: number;
  /** Demand per population unit (same order); default its residents. */
  demand?: Float64Array;
}

export interface AccessibilityUnit {
  /** PopulationUnit.index (position in population.geojson). */
  index: number;
  id: string;
  township: string | null;
  population: number;
  /** P_i: the unit's demand (children under 3, or residents when no demand was given). */
  demand: number;
  /** A_i × 1000: slots within reach per 1,000 of demand. */
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
  /** Demand of the units in the area (residents when no demand was given). */
  demand: number;
  /** Demand-weighted mean of the units' slots per 1,000; null without demand. */
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
 * bounded search per operating facility (the size of its catchment), plus one pass over units. The
 * catchments are written into reusable typed buffers (targetsWithinReachInto), so a city of 2,000
 * facilities allocates nothing per facility.
 *
 * `options.demand` (one value per unit, e.g. children under 3 from engine/figures under3Demand) replaces
 * residents as P_k in step 1 and as the weight of the township and district means; without it demand is
 * residents, as before.
 */
export function computeAccessibility(
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
  const demand = options.demand ?? residentsOf(units);
  if (demand.length !== units.length) throw new RangeError('computeAccessibility: one demand value per population unit');
  const targets = snapPopulationUnits(network, units);
  const operating = data.facilities.filter((f) => isOperatingIn(f, year));
  const access = new Float64Array(units.length);
  const inclusiveAccess = new Float64Array(units.length);
  let approximate = network.approximate;
  let slotsWithDemand = 0;
  let inclusiveSlotsWithDemand = 0;
  let slotsWithoutDemand = 0;
  const buffers = createReachBuffers();
  let weights = new Float64Array(1024);

  const facilities: AccessibilityFacility[] = new Array<AccessibilityFacility>(operating.length);
  for (let j = 0; j < operating.length; j++) {
    const facility = operating[j]!;
    // Unordered: a catchment's sum then runs in walk order, not unit order, which changes figures only in
    // the last bits (≤ 1e-15 relative) and saves the sort that cost as much as the search.
    let count = targetsWithinReachInto(network, [facility.lon, facility.lat], targets, catchmentM, buffers, false);
    let reachIndexes = buffers.targetIndexes;
    let reachDistanceM = buffers.distanceM;
    if (count < 0) {
      // No roads: the straight-line path of targetsWithinReach.
      const reach = targetsWithinReach(network, [facility.lon, facility.lat], targets, catchmentM);
      approximate ||= reach.approximate;
      reachIndexes = reach.targetIndexes;
      reachDistanceM = reach.distanceM;
      count = reach.targetIndexes.length;
    }
    if (weights.length < count) weights = new Float64Array(Math.max(count, 2 * weights.length));
    let weightedDemand = 0;
    let unitsInCatchment = 0;
    for (let k = 0; k < count; k++) {
      const w = gaussianWeight(reachDistanceM[k]!, catchmentM);
      weights[k] = w;
      if (w > 0) unitsInCatchment++;
      weightedDemand += demand[reachIndexes[k]!]! * w;
    }
    if (weightedDemand > 0) {
      const ratio = facility.slots / weightedDemand;
      const inclusiveRatio = facility.inclusiveSlots / weightedDemand;
      for (let k = 0; k < count; k++) {
        const u = reachIndexes[k]!;
        access[u]! += ratio * weights[k]!;
        inclusiveAccess[u]! += inclusiveRatio * weights[k]!;
      }
      slotsWithDemand += facility.slots;
      inclusiveSlotsWithDemand += facility.inclusiveSlots;
    } else {
      slotsWithoutDemand += facility.slots;
    }
    facilities[j] = {
      id: facility.id,
      slots: facility.slots,
      inclusiveSlots: facility.inclusiveSlots,
      weightedDemand,
      slotsPer1000Demand: weightedDemand > 0 ? (facility.slots / weightedDemand) * 1000 : null,
      unitsInCatchment,
    };
  }

  const townshipIndex = new Map(data.townships.map((t, i) => [t.code, i]));
  const sums = data.townships.map(() => ({ population: 0, demand: 0, access: 0, inclusive: 0 }));
  const district = { population: 0, demand: 0, access: 0, inclusive: 0 };
  const unitResults: AccessibilityUnit[] = new Array<AccessibilityUnit>(units.length);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    const slotsPer1000 = access[i]! * 1000;
    const inclusiveSlotsPer1000 = inclusiveAccess[i]! * 1000;
    const weight = demand[i]!;
    const ti = unit.township === null ? undefined : townshipIndex.get(unit.township);
    if (ti !== undefined) addTo(sums[ti]!, unit.population, weight, slotsPer1000, inclusiveSlotsPer1000);
    addTo(district, unit.population, weight, slotsPer1000, inclusiveSlotsPer1000);
    unitResults[i] = {
      index: unit.index,
      id: unit.id,
      township: unit.township,
      population: unit.population,
      demand: weight,
      slotsPer1000,
      inclusiveSlotsPer1000,
    };
  }
  const area = (sum: { population: number; demand: number; access: number; inclusive: number }): AccessibilityArea => ({
    population: sum.population,
    demand: sum.demand,
    slotsPer1000: sum.demand > 0 ? sum.access / sum.demand : null,
    inclusiveSlotsPer1000: sum.demand > 0 ? sum.inclusive / sum.demand : null,
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

function addTo(
  sum: { population: number; demand: number; access: number; inclusive: number },
  population: number,
  weight: number,
  slotsPer1000: number,
  inclusiveSlotsPer1000: number,
): void {
  sum.population += population;
  sum.demand += weight;
  sum.access += weight * slotsPer1000;
  sum.inclusive += weight * inclusiveSlotsPer1000;
}

/** Residents per unit (an explicit loop: TypedArray.from with a mapping function is many times slower in V8). */
function residentsOf(units: JurisdictionData['populationUnits']): Float64Array {
  const residents = new Float64Array(units.length);
  for (let i = 0; i < units.length; i++) residents[i] = units[i]!.population;
  return residents;
}
