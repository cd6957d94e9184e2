/**
 * A planner's proposal — new sites, removed, resized or re-statused facilities, residential projects —
 * and how it changes a year's facility and township lists. Every input is checked here; a request the
 * data cannot satisfy throws ProposalError naming the field, in both languages.
 */
import {
  bilingual,
  type Bilingual,
  type Facility,
  type FacilityStatus,
  type FacilityType,
  type LonLat,
  type Township,
} from '../../model/index.js';
import { snapSources } from '../network/index.js';
import { isOperatingIn } from '../figures/index.js';
import { locateTownship } from '../geo/index.js';
import type { BaselineState } from './baseline.js';

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

export interface StartedFacility {
  facility: Facility;
  /** Position in proposal.sites, or null (a project's facility or a status change). */
  siteIndex: number | null;
}

export interface AppliedProposal {
  facilities: Facility[];
  townships: Township[];
  /** Indexes into base.operating of facilities no longer operating in the year. */
  stoppedOperating: number[];
  stoppedSet: Set<number>;
  startedOperating: StartedFacility[];
  sites: { facility: Facility; snapLegM: number | null }[];
  projects: { project: ProposedProject; township: string | null; facility: Facility | null }[];
}

/** What applying a proposal needs of a year: a baseline has it all, a trajectory year builds it without a coverage run. */
export type ProposalContext = Pick<
  BaselineState,
  'data' | 'year' | 'network' | 'facilityIndexById' | 'operatingIndexById' | 'townshipLocator' | 'townshipIndexByCode'
>;

/** Validates the proposal and builds the modified facility and township lists. */
export function applyProposal(base: ProposalContext, proposal: Proposal): AppliedProposal {
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
    if (conflict !== undefined)
      throw new ProposalError(
        path,
        bilingual(`托育机构“${id}”已由 ${conflict} 修改`, `Facility "${id}" is already changed by ${conflict}`),
      );
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
    const facility = newFacility(
      id,
      point,
      site.slots,
      inclusiveSlots,
      site.type ?? 'community',
      site.name ?? id,
      ti >= 0 ? data.townships[ti]!.code : null,
    );
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
      if (ti === -2)
        throw new ProposalError(
          `${path}.township`,
          bilingual(`没有代码为“${project.township}”的乡镇（街道）`, `No township with code "${project.township}"`),
        );
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

export function checkPoint(point: { lon: number; lat: number }, path: string): LonLat {
  if (!Number.isFinite(point.lon) || point.lon < -180 || point.lon > 180)
    throw new ProposalError(`${path}.lon`, bilingual('经度应在 [-180, 180] 范围内', 'lon must be in [-180, 180]'));
  if (!Number.isFinite(point.lat) || point.lat < -90 || point.lat > 90)
    throw new ProposalError(`${path}.lat`, bilingual('纬度应在 [-90, 90] 范围内', 'lat must be in [-90, 90]'));
  return [point.lon, point.lat];
}

export function checkSlots(slots: number, path: string): void {
  if (!Number.isInteger(slots) || slots < 0)
    throw new ProposalError(path, bilingual('托位数应为不小于 0 的整数', 'slots must be an integer ≥ 0'));
}

export function checkInclusive(inclusiveSlots: number, slots: number, path: string): void {
  if (!Number.isInteger(inclusiveSlots) || inclusiveSlots < 0 || inclusiveSlots > slots) {
    throw new ProposalError(path, bilingual(`普惠托位数应为 0 至 ${slots} 之间的整数`, `inclusive slots must be an integer in 0…${slots}`));
  }
}
