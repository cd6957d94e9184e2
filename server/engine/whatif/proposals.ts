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
import { bilingual, type Bilingual, type Facility, type FacilityStatus, type FacilityType, type JurisdictionData, type LonLat, type Township } from '../../model/index.js';
import { thresholdMeters } from '../coverage/index.js';
import { geodesicDistanceCoordsM, distancesToSnappedTargets, snapPopulationUnits, snapSources, snapTargets, targetsWithinReach, type SnappedTargets, type WalkNetwork } from '../network/index.js';
import {
  computeIndicators,
  isOperatingIn,
  type DistrictIndicators,
  type TownshipIndicators,
  type YearIndicators,
} from '../figures/index.js';
import { createTownshipLocator, locateTownship, type TownshipLocator } from '../geo/index.js';

/**
 * Slack on straight-line search radii. Walking distance ≥ straight-line distance by the triangle
 * inequality, but segment pieces are measured as fractions of geodesic lengths and the geodesic
 * itself is a local-plane approximation (relative error < 1e-7 at these lengths); 1 % more radius
 * costs a few extra sources and removes any doubt.
 */
const STRAIGHT_LINE_SLACK = 1.01;

/** A request the data cannot satisfy (unknown facility id, slots out of range). `path` names the field; `text` says why, in both languages. */
export class ProposalError extends Error {
  constructor(
    readonly path: string,
    readonly text: Bilingual,
  ) {
    super(text.en);
    this.name = 'ProposalError';
  }
}

/** A new childcare site, operating in the evaluated year. */
export interface ProposedSite {
  lon: number;
  lat: number;
  /** Childcare places (integer ≥ 0). */
  slots: number;
  /** Inclusive (普惠) places, 0…slots; default 0. */
  inclusiveSlots?: number;
  /** Default 'community'. */
  type?: FacilityType;
  name?: string;
}

/** A residential project whose residents are added at its point. */
export interface ProposedProject {
  lon: number;
  lat: number;
  /** Residents it will house (≥ 0). */
  population: number;
  /** When > 0, a facility with these places operates at the same point. */
  plannedSlots?: number;
  /** Inclusive places of that facility, 0…plannedSlots; default 0. */
  plannedInclusiveSlots?: number;
  /** Township code; default the township polygon containing the point. */
  township?: string | null;
  name?: string;
}

export interface FacilityResize {
  id: string;
  slots: number;
  /** Default: the current inclusive places, capped at `slots`. */
  inclusiveSlots?: number;
}

/** New status fields of a facility; an absent field keeps its current value. */
export interface FacilityStatusChange {
  id: string;
  status: FacilityStatus;
  openedYear?: number | null;
  closedYear?: number | null;
}

export interface Proposal {
  sites?: ProposedSite[];
  /** Facility ids taken out of the data altogether. */
  remove?: string[];
  resize?: FacilityResize[];
  statusChanges?: FacilityStatusChange[];
  projects?: ProposedProject[];
}

/** Per-threshold population tallies of one township (row t) or the district (last row). */
interface CoverageTally {
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
  const { walkSpeedKmh, thresholdsMin } = network.parameters;
  const thresholdsM = thresholdsMin.map((t) => thresholdMeters(walkSpeedKmh, t));
  const largestM = thresholdsM.length > 0 ? Math.max(...thresholdsM) : 0;
  const searchLimitM = Math.max(options.searchLimitM ?? largestM, largestM);

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
  const tally = emptyTally(data.townships.length, thresholdsM.length);
  for (let i = 0; i < units.count; i++) {
    addToTally(tally, thresholdsM, unitTownship[i]!, data.populationUnits[i]!.population, walk.distanceM[i]!, 1);
  }

  return {
    data,
    network,
    year,
    approximate: walk.approximate,
    thresholdsMin: [...thresholdsMin],
    thresholdKeys: thresholdsMin.map(String),
    thresholdsM,
    searchLimitM,
    operating,
    operatingIndexById: new Map(operating.map((f, i) => [f.id, i])),
    facilityIndexById: new Map(data.facilities.map((f, i) => [f.id, i])),
    units,
    unitDistanceM: walk.distanceM,
    unitNearest: walk.nearestSource,
    unitTownship,
    unitsByNearest: groupBy(walk.nearestSource, operating.length),
    tally,
    indicators: computeIndicators(data, year),
    townshipIndexByCode,
    townshipLocator: createTownshipLocator(data.townships),
  };
}

/** The baseline's district summary (the "before" of every proposal). */
export function baselineSummary(base: BaselineState): DistrictSummary {
  return districtSummary(base, base.indicators.district, base.tally);
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
      if (beforeM > thresholdM && afterM <= thresholdM) newly[t]! += unit.population;
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
  const byKey = (values: number[]): Record<string, number> =>
    Object.fromEntries(thresholdKeys.map((key, t) => [key, values[t]!]));

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

interface StartedFacility {
  facility: Facility;
  /** Position in proposal.sites, or null (a project's facility or a status change). */
  siteIndex: number | null;
}

interface AppliedProposal {
  facilities: Facility[];
  townships: Township[];
  /** Indexes into base.operating of facilities no longer operating in the year. */
  stoppedOperating: number[];
  stoppedSet: Set<number>;
  startedOperating: StartedFacility[];
  sites: { facility: Facility; snapLegM: number | null }[];
  projects: { project: ProposedProject; township: string | null; facility: Facility | null }[];
}

/** Validates the proposal and builds the modified facility and township lists. */
function applyProposal(base: BaselineState, proposal: Proposal): AppliedProposal {
  const { data, year } = base;
  const facilities = data.facilities.map((f) => ({ ...f }));
  // A facility may be resized and have its status changed, but is named at most once per list,
  // and a removed facility in no other change.
  const touched = new Map<string, string[]>();
  const lookUp = (id: string, list: 'remove' | 'resize' | 'statusChanges', i: number): Facility => {
    const path = `${list}[${i}]`;
    const index = base.facilityIndexById.get(id);
    if (index === undefined) throw new ProposalError(path, bilingual(`没有编号为“${id}”的托育机构`, `No facility with id "${id}"`));
    const earlier = touched.get(id) ?? [];
    const conflict = earlier.find((p) => p.startsWith(`${list}[`) || p.startsWith('remove[') || list === 'remove');
    if (conflict !== undefined) throw new ProposalError(path, bilingual(`托育机构“${id}”已由 ${conflict} 修改`, `Facility "${id}" is already changed by ${conflict}`));
    touched.set(id, [...earlier, path]);
    return facilities[index]!;
  };

  const removed = new Set<string>();
  (proposal.remove ?? []).forEach((id, i) => {
    lookUp(id, 'remove', i);
    removed.add(id);
  });
  (proposal.resize ?? []).forEach((change, i) => {
    const path = `resize[${i}]`;
    const facility = lookUp(change.id, 'resize', i);
    checkSlots(change.slots, `${path}.slots`);
    const inclusiveSlots = change.inclusiveSlots ?? Math.min(facility.inclusiveSlots, change.slots);
    checkInclusive(inclusiveSlots, change.slots, `${path}.inclusiveSlots`);
    facility.slots = change.slots;
    facility.inclusiveSlots = inclusiveSlots;
  });
  (proposal.statusChanges ?? []).forEach((change, i) => {
    const facility = lookUp(change.id, 'statusChanges', i);
    facility.status = change.status;
    if (change.openedYear !== undefined) facility.openedYear = change.openedYear;
    if (change.closedYear !== undefined) facility.closedYear = change.closedYear;
  });

  const stoppedOperating: number[] = [];
  const startedOperating: StartedFacility[] = [];
  const kept: Facility[] = [];
  for (const facility of facilities) {
    const wasOperating = base.operatingIndexById.get(facility.id);
    const isOperating = !removed.has(facility.id) && isOperatingIn(facility, year);
    if (wasOperating !== undefined && !isOperating) stoppedOperating.push(wasOperating);
    if (wasOperating === undefined && isOperating) startedOperating.push({ facility, siteIndex: null });
    if (!removed.has(facility.id)) kept.push(facility);
  }

  const usedIds = new Set(data.facilities.map((f) => f.id));
  const newId = (prefix: string): string => {
    let id = prefix;
    while (usedIds.has(id)) id += '+';
    usedIds.add(id);
    return id;
  };
  const newFacility = (
    id: string,
    point: LonLat,
    slots: number,
    inclusiveSlots: number,
    type: FacilityType,
    name: string,
    township: string | null,
  ): Facility => ({
    id,
    name,
    slots,
    inclusiveSlots,
    type,
    status: 'operating',
    openedYear: null,
    closedYear: null,
    grade: null,
    staff: null,
    certifiedStaff: null,
    township,
    lon: point[0],
    lat: point[1],
  });

  const sites = (proposal.sites ?? []).map((site, i) => {
    const path = `sites[${i}]`;
    const point = checkPoint(site, path);
    checkSlots(site.slots, `${path}.slots`);
    const inclusiveSlots = site.inclusiveSlots ?? 0;
    checkInclusive(inclusiveSlots, site.slots, `${path}.inclusiveSlots`);
    const ti = locateTownship(base.townshipLocator, point);
    const id = newId(`proposed-site-${i + 1}`);
    const facility = newFacility(id, point, site.slots, inclusiveSlots, site.type ?? 'community', site.name ?? id, ti >= 0 ? data.townships[ti]!.code : null);
    startedOperating.push({ facility, siteIndex: i });
    kept.push(facility);
    const snapped = snapSources(base.network, [point])[0] ?? null;
    return { facility, snapLegM: snapped?.legM ?? null };
  });

  const townships = data.townships.map((t) => ({ ...t }));
  const projects = (proposal.projects ?? []).map((project, i) => {
    const path = `projects[${i}]`;
    const point = checkPoint(project, path);
    if (!Number.isFinite(project.population) || project.population < 0) {
      throw new ProposalError(`${path}.population`, bilingual('人口应为不小于 0 的数', 'population must be a number ≥ 0'));
    }
    let ti: number;
    if (project.township != null) {
      ti = base.townshipIndexByCode.get(project.township) ?? -2;
      if (ti === -2) throw new ProposalError(`${path}.township`, bilingual(`没有代码为“${project.township}”的乡镇（街道）`, `No township with code "${project.township}"`));
    } else {
      ti = locateTownship(base.townshipLocator, point);
    }
    if (ti >= 0) townships[ti]!.population += project.population;
    const township = ti >= 0 ? data.townships[ti]!.code : null;
    const plannedSlots = project.plannedSlots ?? 0;
    checkSlots(plannedSlots, `${path}.plannedSlots`);
    let facility: Facility | null = null;
    if (plannedSlots > 0) {
      const inclusiveSlots = project.plannedInclusiveSlots ?? 0;
      checkInclusive(inclusiveSlots, plannedSlots, `${path}.plannedInclusiveSlots`);
      const id = newId(`proposed-project-${i + 1}`);
      facility = newFacility(id, point, plannedSlots, inclusiveSlots, 'community', project.name ?? id, township);
      startedOperating.push({ facility, siteIndex: null });
      kept.push(facility);
    }
    return { project, township, facility };
  });

  return {
    facilities: kept,
    townships,
    stoppedOperating,
    stoppedSet: new Set(stoppedOperating),
    startedOperating,
    sites,
    projects,
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
  return candidates.filter((f) =>
    around.some((p) => geodesicDistanceCoordsM(f.lon, f.lat, p.lon, p.lat) <= radiusM),
  );
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

/** Groups item indexes by key (CSR); keys < 0 are left out. */
function groupBy(keyOf: Int32Array, keyCount: number): { start: Uint32Array; unit: Uint32Array } {
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

function emptyTally(townshipCount: number, thresholdCount: number): CoverageTally {
  const rows = townshipCount + 1;
  return {
    units: new Float64Array(rows),
    unreachableUnits: new Float64Array(rows),
    population: new Float64Array(rows),
    covered: new Float64Array(rows * thresholdCount),
  };
}

function copyTally(tally: CoverageTally): CoverageTally {
  return {
    units: tally.units.slice(),
    unreachableUnits: tally.unreachableUnits.slice(),
    population: tally.population.slice(),
    covered: tally.covered.slice(),
  };
}

/** Adds (sign 1) or takes away (sign −1) one unit in its township row (if any) and the district row. */
function addToTally(
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

function coverageState(base: BaselineState, tally: CoverageTally, row: number): CoverageState {
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

function townshipState(base: BaselineState, indicators: TownshipIndicators, tally: CoverageTally, row: number): TownshipState {
  const { code: _code, name: _name, target: _target, targetComparison: _comparison, ...figures } = indicators;
  return { ...figures, ...coverageState(base, tally, row) };
}

function districtSummary(base: BaselineState, indicators: DistrictIndicators, tally: CoverageTally): DistrictSummary {
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

function checkPoint(point: { lon: number; lat: number }, path: string): LonLat {
  if (!Number.isFinite(point.lon) || point.lon < -180 || point.lon > 180) throw new ProposalError(`${path}.lon`, bilingual('经度应在 [-180, 180] 范围内', 'lon must be in [-180, 180]'));
  if (!Number.isFinite(point.lat) || point.lat < -90 || point.lat > 90) throw new ProposalError(`${path}.lat`, bilingual('纬度应在 [-90, 90] 范围内', 'lat must be in [-90, 90]'));
  return [point.lon, point.lat];
}

function checkSlots(slots: number, path: string): void {
  if (!Number.isInteger(slots) || slots < 0) throw new ProposalError(path, bilingual('托位数应为不小于 0 的整数', 'slots must be an integer ≥ 0'));
}

function checkInclusive(inclusiveSlots: number, slots: number, path: string): void {
  if (!Number.isInteger(inclusiveSlots) || inclusiveSlots < 0 || inclusiveSlots > slots) {
    throw new ProposalError(path, bilingual(`普惠托位数应为 0 至 ${slots} 之间的整数`, `inclusive slots must be an integer in 0…${slots}`));
  }
}
