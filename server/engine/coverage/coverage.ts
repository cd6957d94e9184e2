/**
 * Walking coverage per township and district (DATA_FORMAT.md, "Covered within T minutes" and
 * "Coverage share"): one multi-source run from every facility operating in the year gives each
 * population unit its walking distance to the nearest facility and which facility that is.
 *
 * - threshold metres = walkSpeedKmh × 1000 × T ÷ 60; covered when distance ≤ threshold
 *   (a threshold reached exactly is covered);
 * - share = covered population ÷ population of all units in the township; unreachable units stay
 *   in the denominator. The district counts every unit, including those in no township.
 */
import { isOperatingIn } from '../figures/index.js';
import type { Facility, JurisdictionData, LonLat } from '../../model/index.js';
import { distancesToSnappedTargets, snapPopulationUnits, type WalkNetwork } from '../network/index.js';

/** Default search bound as a multiple of the largest threshold: far enough to show each unit's distance. */
export const DEFAULT_SEARCH_LIMIT_FACTOR = 3;

export interface CoverageUnit {
  index: number;
  id: string;
  township: string | null;
  population: number;
  /** Metres from the unit to the nearest walkable road; null without roads or with no road near. */
  snapLegM: number | null;
  /** Walking distance in metres to the nearest operating facility; null when unreachable or beyond the search bound. */
  distanceM: number | null;
  nearestFacilityId: string | null;
}

export interface CoverageResult {
  year: number;
  /** True when distances are straight line × detourFactor (no roads). */
  approximate: boolean;
  /** Operating facilities of neighbouring jurisdictions that the walks could reach (0 without neighbours). */
  borderFacilities: number;
  thresholdsMin: number[];
  /** Threshold in metres per threshold key ("5", "10", "15"). */
  thresholdM: Record<string, number>;
  units: CoverageUnit[];
  townships: {
    code: string;
    populationUnits: number;
    /** Units without a distance: off the network, cut off from every operating facility, or beyond the search bound. */
    unreachableUnits: number;
    unitPopulation: number;
    coveredPopulation: Record<string, number>;
    /** Covered ÷ unitPopulation, in [0, 1]; 0 for a township without population. */
    coverage: Record<string, number>;
  }[];
  district: {
    populationUnits: number;
    unreachableUnits: number;
    unitPopulation: number;
    coveredPopulation: Record<string, number>;
    uncoveredPopulation: Record<string, number>;
    coverage: Record<string, number>;
  };
}

/** Walking distance in metres covered in `thresholdMin` minutes at `walkSpeedKmh`. */
export function thresholdMeters(walkSpeedKmh: number, thresholdMin: number): number {
  // Multiply before dividing so that round figures stay exact (4 km/h × 15 min = 1000 m, not 1000.0000000000001).
  return (walkSpeedKmh * 1000 * thresholdMin) / 60;
}

/**
 * Coverage of `year`. Keys of the Records are the thresholds as strings ("5", "10", "15").
 * Uses facilities operating in `year`. `searchLimitM` (metres) bounds the search; by default
 * 3 × the largest threshold so that each unit's distance can be shown, while coverage classes
 * only need the largest threshold.
 */
export function computeCoverage(
  data: JurisdictionData,
  network: WalkNetwork,
  year: number,
  options: {
    searchLimitM?: number;
    /**
     * Facilities of neighbouring jurisdictions near the border (the shell gathers them; their roads are
     * in `network`). Residents still count only in `data`'s townships; a border facility only shortens
     * their walk. Ids should say whose they are (e.g. "other-county/F1"): they appear as nearestFacilityId.
     */
    borderFacilities?: readonly Facility[];
  } = {},
): CoverageResult {
  const { walkSpeedKmh, thresholdsMin } = network.parameters;
  const keys = thresholdsMin.map((t) => String(t));
  const thresholdsM = thresholdsMin.map((t) => thresholdMeters(walkSpeedKmh, t));
  const largestM = thresholdsM.length > 0 ? Math.max(...thresholdsM) : 0;
  const searchLimitM = Math.max(options.searchLimitM ?? DEFAULT_SEARCH_LIMIT_FACTOR * largestM, largestM);

  const own = data.facilities.filter((f) => isOperatingIn(f, year));
  const across = (options.borderFacilities ?? []).filter((f) => isOperatingIn(f, year));
  const facilities = across.length > 0 ? [...own, ...across] : own;
  const sources: LonLat[] = facilities.map((f) => [f.lon, f.lat]);
  const units = data.populationUnits;
  const targets = snapPopulationUnits(network, units);
  const walk = distancesToSnappedTargets(network, sources, targets, searchLimitM);

  const zeros = (): number[] => thresholdsM.map(() => 0);
  const townshipIndex = new Map<string, number>();
  data.townships.forEach((t, i) => townshipIndex.set(t.code, i));
  const townshipUnits = data.townships.map(() => 0);
  const townshipUnreachable = data.townships.map(() => 0);
  const townshipPopulation = data.townships.map(() => 0);
  const townshipCovered = data.townships.map(zeros);
  let districtUnreachable = 0;
  let districtPopulation = 0;
  const districtCovered = zeros();

  const unitResults: CoverageUnit[] = units.map((unit, i) => {
    const distanceM = walk.distanceM[i]!;
    const leg = walk.snapLegM[i]!;
    // Unreachable: off the network, cut off from every operating facility, or beyond the search bound.
    const reachable = Number.isFinite(distanceM);
    const ti = unit.township === null ? undefined : townshipIndex.get(unit.township);
    districtPopulation += unit.population;
    if (!reachable) districtUnreachable++;
    if (ti !== undefined) {
      townshipUnits[ti]!++;
      townshipPopulation[ti]! += unit.population;
      if (!reachable) townshipUnreachable[ti]!++;
    }
    for (let k = 0; k < thresholdsM.length; k++) {
      if (distanceM <= thresholdsM[k]!) {
        districtCovered[k]! += unit.population;
        if (ti !== undefined) townshipCovered[ti]![k]! += unit.population;
      }
    }
    return {
      index: unit.index,
      id: unit.id,
      township: unit.township,
      population: unit.population,
      snapLegM: Number.isNaN(leg) ? null : leg,
      distanceM: reachable ? distanceM : null,
      nearestFacilityId: reachable ? facilities[walk.nearestSource[i]!]!.id : null,
    };
  });

  const byKey = (values: number[]): Record<string, number> => Object.fromEntries(keys.map((key, k) => [key, values[k]!]));
  const share = (covered: number[], population: number): Record<string, number> =>
    byKey(covered.map((c) => (population > 0 ? c / population : 0)));

  return {
    year,
    approximate: walk.approximate,
    borderFacilities: across.length,
    thresholdsMin: [...thresholdsMin],
    thresholdM: byKey(thresholdsM),
    units: unitResults,
    townships: data.townships.map((t, i) => ({
      code: t.code,
      populationUnits: townshipUnits[i]!,
      unreachableUnits: townshipUnreachable[i]!,
      unitPopulation: townshipPopulation[i]!,
      coveredPopulation: byKey(townshipCovered[i]!),
      coverage: share(townshipCovered[i]!, townshipPopulation[i]!),
    })),
    district: {
      populationUnits: units.length,
      unreachableUnits: districtUnreachable,
      unitPopulation: districtPopulation,
      coveredPopulation: byKey(districtCovered),
      uncoveredPopulation: byKey(districtCovered.map((c) => districtPopulation - c)),
      coverage: share(districtCovered, districtPopulation),
    },
  };
}
