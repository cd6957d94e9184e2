/**
 * What-if evaluation of a planner's proposal (add sites, remove or resize facilities, change a
 * facility's status, add residential projects' residents) against a year's baseline, computed
 * incrementally: only the catchments a change touches are searched again.
 *
 * {@link createBaseline} runs the full coverage of the year once (each population unit's walking
 * distance to its nearest operating facility, up to the search bound B, and which facility that
 * is) and keeps it with the year's indicators. {@link evaluateProposal} then derives the "after"
 * state exactly as a full recomputation on the modified data would (DATA_FORMAT.md definitions):
 *
 * - a facility that starts operating (a new site, a project's planned slots, a status change):
 *   one bounded single-source search from it (bound B, the network's reusable workspace);
 *   each unit it reaches gets min(old distance, distance via it);
 * - a facility that stops operating (removed, or a status change): only units whose nearest
 *   facility it was can lose coverage; they are recomputed exactly by one bounded multi-source
 *   search from the remaining operating facilities that could reach them (see
 *   {@link facilitiesThatCouldReach} for why those within 2 × B in a straight line suffice);
 * - a resize changes slots only: indicators, not coverage;
 * - a project's residents are a new population unit at its point (distance from the operating
 *   facilities within reach), counted in its township's coverage and resident population.
 *
 * Indicators after (slots per 1,000, gap, inclusive share, institution coverage) come from
 * `computeIndicators` on the modified facility and township lists. Distances are metres; coverage
 * keys are the thresholds in minutes as strings ("5", "10", "15").
 *
 * Because Dijkstra's float sums are monotone, the distance a unit gets this way is bit for bit the
 * one a full multi-source run would give; only the nearest facility of an exact tie may differ.
 */
import type { Facility, LonLat } from '../../model/index.js';
import {
  geodesicDistanceCoordsM,
  distancesToSnappedTargets,
  snapTargets,
  targetsWithinReach,
  type SnappedTargets,
} from '../network/index.js';
import { computeIndicators, type DemandSummary } from '../figures/index.js';
import {
  addToTally,
  baselineSummary,
  copyTally,
  districtSummary,
  townshipState,
  type BaselineState,
  type DistrictSummary,
  type TownshipState,
} from './baseline.js';
import { applyProposal, type AppliedProposal, type Proposal } from './proposal.js';

/**
 * Slack on straight-line search radii. Walking distance ≥ straight-line distance by the triangle
 * inequality, but segment pieces are measured as fractions of geodesic lengths and the geodesic
 * itself is a local-plane approximation (relative error < 1e-7 at these lengths); 1 % more radius
 * costs a few extra sources and removes any doubt.
 */
const STRAIGHT_LINE_SLACK = 1.01;

export interface TownshipComparison {
  code: string;
  name: string;
  target: number | null;
  before: TownshipState;
  after: TownshipState;
}

/** What one proposed site does on its own against the baseline. */
export interface SiteOutcome {
  /** Position in `proposal.sites`. */
  index: number;
  /** Id the site gets in the modified facility list. */
  facilityId: string;
  /** Township code of the polygon containing it; null when outside every township (then not counted in any township). */
  township: string | null;
  /** Metres to the nearest walkable road; null when farther than maxSnapMeters (the site then reaches nobody) or without roads. */
  snapLegM: number | null;
  /** Residents of units uncovered in the baseline that this site alone brings within each threshold. */
  newlyCoveredPopulation: Record<string, number>;
}

export interface ProjectOutcome {
  index: number;
  township: string | null;
  population: number;
  /** Facility id of its planned slots, when it adds a facility. */
  facilityId: string | null;
  /** Walking distance in metres to the nearest facility operating after the proposal; null beyond the search bound. */
  distanceM: number | null;
  nearestFacilityId: string | null;
}

/** A population unit whose nearest facility or distance changes. */
export interface ChangedUnit {
  /** PopulationUnit.index (position in population.geojson). */
  index: number;
  id: string;
  township: string | null;
  population: number;
  beforeDistanceM: number | null;
  afterDistanceM: number | null;
  beforeNearestFacilityId: string | null;
  afterNearestFacilityId: string | null;
}

export interface ProposalResult {
  year: number;
  approximate: boolean;
  thresholdsMin: number[];
  before: DistrictSummary;
  after: DistrictSummary;
  townships: TownshipComparison[];
  /** Residents of existing units uncovered before and covered after, per threshold. Project residents are not included. */
  newlyCoveredPopulation: Record<string, number>;
  /**
   * Childcare demand (children under 3 by the baseline's `demand` rule) of existing units uncovered
   * before and covered after, per threshold: what maximal-covering suggestions maximise.
   */
  newlyCoveredDemand: Record<string, number>;
  /** The demand rule's summary (the baseline's). */
  demand: DemandSummary;
  /** Residents of existing units covered before and no longer after (removals, closures). */
  lostCoveragePopulation: Record<string, number>;
  sites: SiteOutcome[];
  /** Indexes of proposed sites outside every township. */
  sitesOutsideTownships: number[];
  projects: ProjectOutcome[];
  changedUnits: ChangedUnit[];
  /** The facility list after the proposal (for storing a scenario or further analysis). */
  facilities: Facility[];
}

/**
 * Evaluates a proposal against the baseline year. A facility may be both resized and given a new
 * status; the lists apply in the order remove, resize, statusChanges, sites, projects. Throws
 * {@link ProposalError} for an unknown facility id, a facility named twice in one list or removed
 * and changed, slots that are not integers ≥ 0,
 * inclusive slots above slots, a negative project population, or an unknown township code.
 * Never mutates `base` or `proposal`.
 */
export function evaluateProposal(base: BaselineState, proposal: Proposal): ProposalResult {
  const applied = applyProposal(base, proposal);
  const { data, network, thresholdsM, thresholdKeys, searchLimitM } = base;
  const units = data.populationUnits;

  // Units whose distance or nearest facility changes: unit index → distance after (Infinity beyond B), facility id after.
  const afterDistanceM = new Map<number, number>();
  const afterNearestId = new Map<number, string | null>();

  // 1. Facilities that stop operating: recompute the units they were nearest to.
  const affected: number[] = [];
  for (const f of applied.stoppedOperating) {
    const { start, unit } = base.unitsByNearest;
    for (let k = start[f]!; k < start[f + 1]!; k++) affected.push(unit[k]!);
  }
  if (affected.length > 0) {
    const stopped = applied.stoppedOperating.map((f) => base.operating[f]!);
    const stillOperating = base.operating.filter((_, f) => !applied.stoppedSet.has(f));
    const sources = facilitiesThatCouldReach(base, stillOperating, stopped, 2);
    const walk = distancesToSnappedTargets(network, sources.map(lonLatOf), subsetOf(base.units, affected), searchLimitM);
    affected.forEach((u, k) => {
      const distanceM = walk.distanceM[k]!;
      afterDistanceM.set(u, distanceM);
      afterNearestId.set(u, Number.isFinite(distanceM) ? sources[walk.nearestSource[k]!]!.id : null);
    });
  }

  // 2. Facilities that start operating: one bounded search each; keep the nearer of old and new.
  const siteNewlyCovered = applied.sites.map(() => thresholdsM.map(() => 0));
  for (const source of applied.startedOperating) {
    const reach = targetsWithinReach(network, lonLatOf(source.facility), base.units, searchLimitM);
    for (let k = 0; k < reach.targetIndexes.length; k++) {
      const u = reach.targetIndexes[k]!;
      const distanceM = reach.distanceM[k]!;
      const currentM = afterDistanceM.get(u) ?? base.unitDistanceM[u]!;
      if (distanceM < currentM) {
        afterDistanceM.set(u, distanceM);
        afterNearestId.set(u, source.facility.id);
      }
      if (source.siteIndex !== null) {
        const beforeM = base.unitDistanceM[u]!;
        const counts = siteNewlyCovered[source.siteIndex]!;
        thresholdsM.forEach((thresholdM, t) => {
          if (beforeM > thresholdM && distanceM <= thresholdM) counts[t]! += units[u]!.population;
        });
      }
    }
  }

  // 3. Tally the changes.
  const after = copyTally(base.tally);
  const newly = thresholdsM.map(() => 0);
  const newlyDemand = thresholdsM.map(() => 0);
  const lost = thresholdsM.map(() => 0);
  const changedUnits: ChangedUnit[] = [];
  const sortedChanged = [...afterDistanceM.keys()].sort((a, b) => a - b);
  for (const u of sortedChanged) {
    const unit = units[u]!;
    const beforeM = base.unitDistanceM[u]!;
    const afterM = afterDistanceM.get(u)!;
    addToTally(after, thresholdsM, base.unitTownship[u]!, unit.population, beforeM, -1);
    addToTally(after, thresholdsM, base.unitTownship[u]!, unit.population, afterM, 1);
    thresholdsM.forEach((thresholdM, t) => {
      if (beforeM > thresholdM && afterM <= thresholdM) {
        newly[t]! += unit.population;
        newlyDemand[t]! += base.unitDemand[u]!;
      }
      if (beforeM <= thresholdM && afterM > thresholdM) lost[t]! += unit.population;
    });
    const beforeNearest = base.unitNearest[u]!;
    changedUnits.push({
      index: unit.index,
      id: unit.id,
      township: unit.township,
      population: unit.population,
      beforeDistanceM: Number.isFinite(beforeM) ? beforeM : null,
      afterDistanceM: Number.isFinite(afterM) ? afterM : null,
      beforeNearestFacilityId: beforeNearest >= 0 ? base.operating[beforeNearest]!.id : null,
      afterNearestFacilityId: afterNearestId.get(u) ?? null,
    });
  }

  // 4. Project residents: new units, reached from every facility operating after the proposal.
  const projects = evaluateProjects(base, applied);
  for (const p of projects) {
    const ti = p.township === null ? -1 : base.townshipIndexByCode.get(p.township)!;
    addToTally(after, thresholdsM, ti, p.population, p.distanceM ?? Infinity, 1);
  }

  const indicatorsAfter = computeIndicators(
    { townships: applied.townships, facilities: applied.facilities, profile: data.profile },
    base.year,
  );
  const byKey = (values: number[]): Record<string, number> => Object.fromEntries(thresholdKeys.map((key, t) => [key, values[t]!]));

  return {
    year: base.year,
    approximate: base.approximate,
    thresholdsMin: [...base.thresholdsMin],
    before: baselineSummary(base),
    after: districtSummary(base, indicatorsAfter.district, after),
    townships: data.townships.map((township, i) => ({
      code: township.code,
      name: township.name,
      target: base.indicators.townships[i]!.target,
      before: townshipState(base, base.indicators.townships[i]!, base.tally, i),
      after: townshipState(base, indicatorsAfter.townships[i]!, after, i),
    })),
    newlyCoveredPopulation: byKey(newly),
    newlyCoveredDemand: byKey(newlyDemand),
    demand: base.demand,
    lostCoveragePopulation: byKey(lost),
    sites: applied.sites.map((site, i) => ({
      index: i,
      facilityId: site.facility.id,
      township: site.facility.township,
      snapLegM: site.snapLegM,
      newlyCoveredPopulation: byKey(siteNewlyCovered[i]!),
    })),
    sitesOutsideTownships: applied.sites.flatMap((site, i) => (site.facility.township === null ? [i] : [])),
    projects,
    changedUnits,
    facilities: applied.facilities,
  };
}

/** Distance of each project's residents to the nearest facility operating after the proposal. */
function evaluateProjects(base: BaselineState, applied: AppliedProposal): ProjectOutcome[] {
  if (applied.projects.length === 0) return [];
  const points = applied.projects.map(({ project }): LonLat => [project.lon, project.lat]);
  const operatingAfter = [
    ...base.operating.filter((_, f) => !applied.stoppedSet.has(f)),
    ...applied.startedOperating.map((s) => s.facility),
  ];
  const pointFacilities = points.map(([lon, lat]) => ({ lon, lat }));
  const sources = facilitiesThatCouldReach(base, operatingAfter, pointFacilities, 1);
  const walk = distancesToSnappedTargets(base.network, sources.map(lonLatOf), snapTargets(base.network, points), base.searchLimitM);
  return applied.projects.map(({ project, township, facility }, i) => {
    const distanceM = walk.distanceM[i]!;
    const reachable = Number.isFinite(distanceM);
    return {
      index: i,
      township,
      population: project.population,
      facilityId: facility?.id ?? null,
      distanceM: reachable ? distanceM : null,
      nearestFacilityId: reachable ? sources[walk.nearestSource[i]!]!.id : null,
    };
  });
}

/**
 * The facilities among `candidates` that could be within walking distance B of a point near one
 * of `around`: those within `reachMultiple` × B in a straight line of some point of `around`.
 *
 * Why 2 × B suffices for a removed facility R: a unit u can only lose coverage if R was its
 * nearest facility within B, so walk(R, u) ≤ B. Walking distance is never shorter than the
 * straight line (legs are geodesic, network paths are chains of geodesic segments; without roads
 * it is the straight line × detourFactor), so line(R, u) ≤ B / min(1, detourFactor). Any facility
 * F that reaches u within B has line(F, u) ≤ B / min(1, detourFactor) too, hence by the triangle
 * inequality line(F, R) ≤ 2 × B / min(1, detourFactor). Facilities farther from R cannot give u a
 * distance within B, so leaving them out of the multi-source search changes no result within B.
 * For a new point (a project), the facility itself must be within 1 × B of the point.
 */
function facilitiesThatCouldReach(
  base: BaselineState,
  candidates: readonly Facility[],
  around: readonly { lon: number; lat: number }[],
  reachMultiple: number,
): Facility[] {
  const { detourFactor } = base.network.parameters;
  const straightPerWalk = base.approximate ? 1 / Math.min(1, detourFactor) : 1;
  const radiusM = reachMultiple * base.searchLimitM * straightPerWalk * STRAIGHT_LINE_SLACK;
  return candidates.filter((f) => around.some((p) => geodesicDistanceCoordsM(f.lon, f.lat, p.lon, p.lat) <= radiusM));
}

function lonLatOf(f: { lon: number; lat: number }): LonLat {
  return [f.lon, f.lat];
}

/** The snapped targets at the given positions, as a new SnappedTargets. */
function subsetOf(targets: SnappedTargets, indexes: readonly number[]): SnappedTargets {
  const pick = <T extends Float64Array | Int32Array>(from: T, into: T): T => {
    indexes.forEach((t, k) => (into[k] = from[t]!));
    return into;
  };
  const n = indexes.length;
  return {
    count: n,
    lon: pick(targets.lon, new Float64Array(n)),
    lat: pick(targets.lat, new Float64Array(n)),
    segment: pick(targets.segment, new Int32Array(n)),
    fraction: pick(targets.fraction, new Float64Array(n)),
    legM: pick(targets.legM, new Float64Array(n)),
  };
}
