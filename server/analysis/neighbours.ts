/**
 * Cross-border walking coverage (issue #15). When other counties are in the service, a resident near
 * the border may walk to a facility on the other side. The shell gathers, for one county, every other
 * jurisdiction whose townships reach within the border buffer of its extent — the largest threshold
 * distance plus maxSnapMeters: no walk that starts inside the county and ends farther than that from
 * it can be within a threshold — and their facilities and roads in that window, and hands them to the
 * pure engine as plain data. Residents are counted only by their own county (the engine sums its
 * population units only), so nobody is counted twice.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import {
  getTownshipExtent,
  listFacilitiesInWindow,
  listJurisdictionsOverlapping,
  listJurisdictionsWithTownshipCodes,
  listJurisdictionNames,
  listRoadsInWindow,
  type Window,
} from '../db/neighbours.repository.js';
import { thresholdMeters } from '../engine/coverage/index.js';
import type { Facility, JurisdictionData, Road } from '../model/index.js';

export interface Neighbourhood {
  /** Other jurisdictions whose townships reach into the window, by id. */
  ids: string[];
  /** Their names, in the order of `ids` (the id when a name is missing): what notes show people. */
  names: string[];
  /** Their facilities in the window, ids prefixed with their jurisdiction ("other/F1"). */
  facilities: Facility[];
  /** Their roads in the window. */
  roads: Road[];
  /** The border buffer, metres; 0 without neighbours. */
  bufferM: number;
}

export const NO_NEIGHBOURS: Neighbourhood = { ids: [], names: [], facilities: [], roads: [], bufferM: 0 };

/** Metres per degree of latitude (WGS84, mean). */
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON_EQUATOR = 111_320;

/** The county's extent grown by `bufferM` metres on every side. */
export function bufferedWindow([w, s, e, n]: Window, bufferM: number): Window {
  const dLat = bufferM / M_PER_DEG_LAT;
  // At the latitude farthest from the equator, where a degree of longitude is shortest.
  const cos = Math.cos((Math.max(Math.abs(s), Math.abs(n)) * Math.PI) / 180);
  const dLon = bufferM / (M_PER_DEG_LON_EQUATOR * Math.max(cos, 0.01));
  return [w - dLon, s - dLat, e + dLon, n + dLat];
}

/** The border buffer of a profile: the largest walking threshold's distance plus maxSnapMeters. */
export function borderBufferM(data: Pick<JurisdictionData, 'profile'>): number {
  const { walkSpeedKmh, thresholdsMin, maxSnapMeters } = data.profile.parameters;
  const largest = thresholdsMin.length > 0 ? Math.max(...thresholdsMin.map((t) => thresholdMeters(walkSpeedKmh, t))) : 0;
  return largest + maxSnapMeters;
}

export async function loadNeighbours(db: Kysely<Database>, data: JurisdictionData): Promise<Neighbourhood> {
  const extent = await getTownshipExtent(db, data.id);
  if (!extent) return NO_NEIGHBOURS;
  const bufferM = borderBufferM(data);
  const window = bufferedWindow(extent, bufferM);
  const near = await listJurisdictionsOverlapping(db, data.id, window);
  // A jurisdiction holding one of our townships covers the same ground (a scenario exported and imported
  // under a new id, a re-import beside the old): it is another version of this county, not a neighbour,
  // and its facilities must not stand in for ours. Townships' codes (乡镇代码) are unique across counties.
  const sameGround = new Set(
    await listJurisdictionsWithTownshipCodes(
      db,
      near,
      data.townships.map((t) => t.code),
    ),
  );
  const ids = near.filter((id) => !sameGround.has(id));
  if (ids.length === 0) return NO_NEIGHBOURS;
  const names = await listJurisdictionNames(db, ids);
  return {
    ids,
    names: ids.map((id) => names.get(id) ?? id),
    facilities: await listFacilitiesInWindow(db, ids, window),
    roads: await listRoadsInWindow(db, ids, window),
    bufferM,
  };
}
