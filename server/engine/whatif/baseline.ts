/**
 * The baseline of a year that proposals are evaluated against: the full coverage run once (each
 * population unit's walking distance to its nearest operating facility and which facility that is),
 * the year's indicators, and the per-township tallies that incremental evaluation adds to and takes from.
 */
import { type Facility, type JurisdictionData, type LonLat } from '../../model/index.js';
import { thresholdMeters } from '../coverage/index.js';
import { distancesToSnappedTargets, snapPopulationUnits, type SnappedTargets, type WalkNetwork } from '../network/index.js';
import {
  computeIndicators,
  isOperatingIn,
  type DistrictIndicators,
  type TownshipIndicators,
  type YearIndicators,
  under3Demand,
  type DemandSummary,
} from '../figures/index.js';
import { createTownshipLocator, type TownshipLocator } from '../geo/index.js';

/** Per-threshold population tallies of one township (row t) or the district (last row). */
export interface CoverageTally {
  units: Float64Array;
  unreachableUnits: Float64Array;
  population: Float64Array;
  /** Row-major: row × thresholdCount + k. */
  covered: Float64Array;
}

/**
 * Everything {@link evaluateProposal} needs about one year, precomputed once (treat as opaque;
 * keep one per jurisdiction data version and year). Holds the data and network it was made from.
 */
export interface BaselineState {
  readonly data: JurisdictionData;
  readonly network: WalkNetwork;
  readonly year: number;
  /** True when distances are straight line × detourFactor (no roads). */
  readonly approximate: boolean;
  readonly thresholdsMin: readonly number[];
  readonly thresholdKeys: readonly string[];
  /** Threshold distances in metres, same order as thresholdsMin. */
  readonly thresholdsM: readonly number[];
  /** Search bound B in metres: distances beyond it are unknown (Infinity) and such units count as unreachable. */
  readonly searchLimitM: number;
  /** Facilities operating in the year, in data order. */
  readonly operating: readonly Facility[];
  readonly operatingIndexById: ReadonlyMap<string, number>;
  readonly facilityIndexById: ReadonlyMap<string, number>;
  /** The population units snapped onto the network (index = position in data.populationUnits). */
  readonly units: SnappedTargets;
  /** Walking distance in metres to the nearest operating facility; Infinity beyond B. */
  readonly unitDistanceM: Float64Array;
  /** Index into `operating` of that facility; −1 when none within B. */
  readonly unitNearest: Int32Array;
  /** Index into data.townships of each unit's township; −1 when in none. */
  readonly unitTownship: Int32Array;
  /** Units by nearest facility (CSR): units of facility f are unitsByNearest.unit[start[f] … start[f + 1] − 1]. */
  readonly unitsByNearest: { start: Uint32Array; unit: Uint32Array };
  readonly tally: CoverageTally;
  readonly indicators: YearIndicators;
  readonly townshipIndexByCode: ReadonlyMap<string, number>;
  readonly townshipLocator: TownshipLocator;
  /**
   * Childcare demand of each unit (children under 3, engine/figures under3Demand: the rule E2SFCA uses),
   * same order as data.populationUnits; site suggestions weigh by it.
   */
  readonly unitDemand: Float64Array;
  /** Which demand that is (under-3 counts, census share, or residents) and its source. */
  readonly demand: DemandSummary;
}

/** Coverage of the population units of an area. */
export interface CoverageState {
  /** Residents of the population units in the area (may differ from the township's `population`). */
  unitPopulation: number;
  populationUnits: number;
  /** Units with no operating facility within the search bound (off the network, cut off, or too far). */
  unreachableUnits: number;
  coveredPopulation: Record<string, number>;
  /** Covered ÷ unitPopulation (0..1); 0 without population. */
  coverage: Record<string, number>;
}

export type TownshipState = Omit<TownshipIndicators, 'code' | 'name' | 'target' | 'targetComparison'> & CoverageState;

/** The district figures of `/summary` (indicators and coverage), before or after the proposal. */
export type DistrictSummary = DistrictIndicators &
  CoverageState & {
    uncoveredPopulation: Record<string, number>;
    thresholdMeters: Record<string, number>;
    approximate: boolean;
  };

/**
 * What a baseline costs to make — the population units snapped, their walks to the nearest operating
 * facility (a full coverage run), and what is tallied per unit — as typed arrays and plain data, so that
 * it can be made in another thread and handed over; {@link assembleBaseline} adds the cheap rest.
 */
export type BaselineParts = Pick<
  BaselineState,
  'approximate' | 'units' | 'unitDistanceM' | 'unitNearest' | 'unitTownship' | 'unitsByNearest' | 'tally' | 'unitDemand' | 'demand'
>;

/** The thresholds in metres and the search bound B of `options` (at least the largest threshold). */
function searchBounds(network: WalkNetwork, options: { searchLimitM?: number }): { thresholdsM: number[]; searchLimitM: number } {
  const { walkSpeedKmh, thresholdsMin } = network.parameters;
  const thresholdsM = thresholdsMin.map((t) => thresholdMeters(walkSpeedKmh, t));
  const largestM = thresholdsM.length > 0 ? Math.max(...thresholdsM) : 0;
  return { thresholdsM, searchLimitM: Math.max(options.searchLimitM ?? largestM, largestM) };
}

/**
 * Precomputes a year's coverage and indicators for fast proposal evaluation. Cost: one full
 * coverage run (as `computeCoverage`). `searchLimitM` (metres) is the search bound B; default the
 * largest threshold, which is all coverage classes need. Pass the bound your `/summary` uses
 * (computeCoverage's default is 3 × the largest threshold) to get identical `unreachableUnits`;
 * a larger bound makes removals slower (their search radius grows with B).
 */
export function createBaseline(
  data: JurisdictionData,
  network: WalkNetwork,
  year: number,
  options: { searchLimitM?: number } = {},
): BaselineState {
  return assembleBaseline(data, network, year, options, baselineParts(data, network, year, options));
}

/** The costly parts of {@link createBaseline} (same arguments). */
export function baselineParts(
  data: JurisdictionData,
  network: WalkNetwork,
  year: number,
  options: { searchLimitM?: number } = {},
): BaselineParts {
  const { thresholdsM, searchLimitM } = searchBounds(network, options);
  const operating = data.facilities.filter((f) => isOperatingIn(f, year));
  const units = snapPopulationUnits(network, data.populationUnits);
  const walk = distancesToSnappedTargets(
    network,
    operating.map((f): LonLat => [f.lon, f.lat]),
    units,
    searchLimitM,
  );

  const townshipIndexByCode = new Map(data.townships.map((t, i) => [t.code, i]));
  const unitTownship = Int32Array.from(data.populationUnits, (u) =>
    u.township === null ? -1 : (townshipIndexByCode.get(u.township) ?? -1),
  );
  const demand = under3Demand(data);
  const tally = emptyTally(data.townships.length, thresholdsM.length);
  for (let i = 0; i < units.count; i++) {
    addToTally(tally, thresholdsM, unitTownship[i]!, data.populationUnits[i]!.population, walk.distanceM[i]!, 1);
  }
  return {
    approximate: walk.approximate,
    units,
    unitDistanceM: walk.distanceM,
    unitNearest: walk.nearestSource,
    unitTownship,
    unitsByNearest: groupBy(walk.nearestSource, operating.length),
    tally,
    unitDemand: demand.demand,
    demand: demand.summary,
  };
}

/**
 * The baseline of `parts` (made by {@link baselineParts} with the same arguments, maybe in another
 * thread): what it adds — the year's indicators, the lookup tables — costs well under a millisecond.
 */
export function assembleBaseline(
  data: JurisdictionData,
  network: WalkNetwork,
  year: number,
  options: { searchLimitM?: number },
  parts: BaselineParts,
): BaselineState {
  const { thresholdsMin } = network.parameters;
  const { thresholdsM, searchLimitM } = searchBounds(network, options);
  const operating = data.facilities.filter((f) => isOperatingIn(f, year));
  return {
    data,
    network,
    year,
    approximate: parts.approximate,
    thresholdsMin: [...thresholdsMin],
    thresholdKeys: thresholdsMin.map(String),
    thresholdsM,
    searchLimitM,
    operating,
    operatingIndexById: new Map(operating.map((f, i) => [f.id, i])),
    facilityIndexById: new Map(data.facilities.map((f, i) => [f.id, i])),
    units: parts.units,
    unitDistanceM: parts.unitDistanceM,
    unitNearest: parts.unitNearest,
    unitTownship: parts.unitTownship,
    unitsByNearest: parts.unitsByNearest,
    tally: parts.tally,
    indicators: computeIndicators(data, year),
    townshipIndexByCode: new Map(data.townships.map((t, i) => [t.code, i])),
    townshipLocator: createTownshipLocator(data.townships),
    unitDemand: parts.unitDemand,
    demand: parts.demand,
  };
}

/** The baseline's district summary (the "before" of every proposal). */
export function baselineSummary(base: BaselineState): DistrictSummary {
  return districtSummary(base, base.indicators.district, base.tally);
}

/** Groups item indexes by key (CSR); keys < 0 are left out. */
export function groupBy(keyOf: Int32Array, keyCount: number): { start: Uint32Array; unit: Uint32Array } {
  const start = new Uint32Array(keyCount + 1);
  for (const key of keyOf) if (key >= 0) start[key + 1]!++;
  for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, keyCount);
  const unit = new Uint32Array(start[keyCount]!);
  keyOf.forEach((key, i) => {
    if (key >= 0) unit[fill[key]!++] = i;
  });
  return { start, unit };
}

export function emptyTally(townshipCount: number, thresholdCount: number): CoverageTally {
  const rows = townshipCount + 1;
  return {
    units: new Float64Array(rows),
    unreachableUnits: new Float64Array(rows),
    population: new Float64Array(rows),
    covered: new Float64Array(rows * thresholdCount),
  };
}

export function copyTally(tally: CoverageTally): CoverageTally {
  return {
    units: tally.units.slice(),
    unreachableUnits: tally.unreachableUnits.slice(),
    population: tally.population.slice(),
    covered: tally.covered.slice(),
  };
}

/** Adds (sign 1) or takes away (sign −1) one unit in its township row (if any) and the district row. */
export function addToTally(
  tally: CoverageTally,
  thresholdsM: readonly number[],
  townshipIndex: number,
  population: number,
  distanceM: number,
  sign: 1 | -1,
): void {
  const districtRow = tally.units.length - 1;
  const rows = townshipIndex >= 0 ? [townshipIndex, districtRow] : [districtRow];
  for (const row of rows) {
    tally.units[row]! += sign;
    tally.population[row]! += sign * population;
    if (!Number.isFinite(distanceM)) tally.unreachableUnits[row]! += sign;
    for (let t = 0; t < thresholdsM.length; t++) {
      if (distanceM <= thresholdsM[t]!) tally.covered[row * thresholdsM.length + t]! += sign * population;
    }
  }
}

export function coverageState(base: BaselineState, tally: CoverageTally, row: number): CoverageState {
  const population = tally.population[row]!;
  const covered = base.thresholdsM.map((_, t) => tally.covered[row * base.thresholdsM.length + t]!);
  return {
    unitPopulation: population,
    populationUnits: tally.units[row]!,
    unreachableUnits: tally.unreachableUnits[row]!,
    coveredPopulation: Object.fromEntries(base.thresholdKeys.map((key, t) => [key, covered[t]!])),
    coverage: Object.fromEntries(base.thresholdKeys.map((key, t) => [key, population > 0 ? covered[t]! / population : 0])),
  };
}

export function townshipState(base: BaselineState, indicators: TownshipIndicators, tally: CoverageTally, row: number): TownshipState {
  const { code: _code, name: _name, target: _target, targetComparison: _comparison, ...figures } = indicators;
  return { ...figures, ...coverageState(base, tally, row) };
}

export function districtSummary(base: BaselineState, indicators: DistrictIndicators, tally: CoverageTally): DistrictSummary {
  const coverage = coverageState(base, tally, tally.units.length - 1);
  return {
    ...indicators,
    ...coverage,
    uncoveredPopulation: Object.fromEntries(
      base.thresholdKeys.map((key) => [key, coverage.unitPopulation - coverage.coveredPopulation[key]!]),
    ),
    thresholdMeters: Object.fromEntries(base.thresholdKeys.map((key, t) => [key, base.thresholdsM[t]!])),
    approximate: base.approximate,
  };
}
