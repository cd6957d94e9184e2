/**
 * The developer's check of a residential project: compliance with the new-community standard
 * (compliance.ts), the township it lies in, what its residents and planned slots do to that
 * township's slots per 1,000 in the year, and how far it is on foot from operating facilities.
 * Free capacity of existing facilities is not modelled.
 */
import { pointOnFeature, centroid, booleanPointInPolygon, feature } from '@turf/turf';
import type { Polygon } from 'geojson';
import { bilingual, type Bilingual, type JurisdictionData, type LonLat, type Township } from '../../model/index.js';
import { checkCompliance, type ComplianceResult } from './compliance.js';
import { evaluateProjectRules, type RuleVerdict } from './rules.js';
import { thresholdMeters } from '../coverage/index.js';
import { computeIndicators, isOperatingIn, slotsAgainstTarget, targetFor, type Target, type YearIndicators } from '../figures/index.js';
import { townshipOfPoint, townshipsOfFootprint } from '../geo/index.js';
import { distancesToSnappedTargets, snapTargets, type SnappedTargets, type WalkNetwork } from '../network/index.js';

/** How many nearest facilities a check lists. */
const NEAREST_FACILITY_COUNT = 5;
/** Nearest facilities are searched up to this multiple of the largest threshold. */
const NEAREST_SEARCH_FACTOR = 3;

export interface ProjectInput {
  /** A point, or a footprint polygon, in WGS84. */
  location: LonLat | Polygon;
  population: number | null;
  households: number | null;
  personsPerHousehold: number | null;
  plannedSlots: number;
  /** `new` (default): a new community; `existing`: a built neighbourhood. Chooses which profile rules apply. */
  neighbourhood?: 'new' | 'existing';
  /** Floor area of the planned childcare facility in m², for a floor-area rule; absent = not given. */
  plannedFloorAreaM2?: number | null;
}

export interface TownshipFigures {
  population: number;
  slots: number;
  slotsPer1000: number | null;
  slotGap: number | null;
  meetsTarget: boolean | null;
}

export interface ProjectAssessment extends ComplianceResult {
  year: number;
  /** The point distances are measured from (the point, or a point inside the footprint). */
  site: LonLat;
  township: { code: string; name: string; footprintShare: number | null } | null;
  /** Walking thresholds (minutes as keys) → whether an operating facility is within reach. */
  coveredWithin: Record<string, boolean>;
  /** Walking distance in metres to the nearest operating facility; null when none within the search limit. */
  nearestFacilityDistanceM: number | null;
  nearestFacilities: { id: string; name: string; slots: number; inclusiveSlots: number; distanceM: number }[];
  /** Search limit of the nearest-facility list, metres. */
  searchLimitM: number;
  townshipImpact: {
    year: number;
    target: number | null;
    before: TownshipFigures;
    after: TownshipFigures;
    slotsPer1000Change: number | null;
  } | null;
  approximate: boolean;
  /** The profile's city rules (data, with sources) judged on this project. */
  rules: RuleVerdict[];
  /** Caveats of the check; the first (free capacity is not modelled) is always there. */
  notes: Bilingual[];
}

function siteOf(location: LonLat | Polygon): LonLat {
  if (Array.isArray(location)) return location;
  const center = centroid(feature(location)).geometry.coordinates as LonLat;
  return booleanPointInPolygon(center, location) ? center : (pointOnFeature(feature(location)).geometry.coordinates as LonLat);
}

/** A township's residents and slots judged as the indicators judge them (the target itself is given once, in `townshipImpact`). */
function figures(population: number, slots: number, target: Target | null): TownshipFigures {
  const verdict = slotsAgainstTarget(slots, population, target);
  return { population, slots, slotsPer1000: verdict.slotsPer1000, slotGap: verdict.slotGap, meetsTarget: verdict.meetsTarget };
}

/**
 * Assess one project in `year`. Throws RangeError when neither population nor households is given
 * (the HTTP layer rejects that before calling).
 */
/**
 * @param snappedOperating The year's operating facilities (data.facilities operating in `year`, in that
 *   order) already snapped to `network`: the same for every project of the year, so a service checking
 *   many projects snaps them once (snapOperatingFacilities) rather than on every check.
 */
export function assessProject(
  data: JurisdictionData,
  network: WalkNetwork,
  project: ProjectInput,
  year: number,
  snappedOperating?: SnappedTargets,
  /** `computeIndicators(data, year)`, when the caller keeps it: the same for every check of a data version. */
  yearIndicators?: YearIndicators,
): ProjectAssessment {
  const compliance = checkCompliance(project, data.profile.parameters);
  const site = siteOf(project.location);
  const notes: Bilingual[] = [
    bilingual(
      '现有托育机构的空余托位未纳入测算；距离表示步行可达的机构，不代表其有空余托位。',
      'Free capacity of existing facilities is not modelled; distances show what is within reach, not vacant places.',
    ),
  ];

  let township: Township | null;
  let footprintShare: number | null = null;
  if (Array.isArray(project.location)) {
    township = townshipOfPoint(data.townships, project.location);
  } else {
    const shares = townshipsOfFootprint(data.townships, project.location);
    township = shares[0]?.township ?? null;
    footprintShare = shares[0]?.share ?? null;
    if (shares.length > 1) {
      const name = shares[0]!.township.name;
      const sharePercent = (shares[0]!.share * 100).toFixed(1);
      notes.push(
        bilingual(
          `用地范围跨 ${shares.length} 个乡镇（街道），按面积占比最大的${name}（${sharePercent}%）核算。`,
          `The footprint spans ${shares.length} townships; it is assigned to ${name} (${sharePercent} % of its area).`,
        ),
      );
    }
  }

  const { walkSpeedKmh, thresholdsMin } = data.profile.parameters;
  const thresholds = thresholdsMin.map((t) => ({ key: String(t), metres: thresholdMeters(walkSpeedKmh, t) }));
  const searchLimitM = NEAREST_SEARCH_FACTOR * Math.max(0, ...thresholds.map((t) => t.metres));
  const operating = data.facilities.filter((f) => isOperatingIn(f, year));
  const walk = distancesToSnappedTargets(network, [site], snappedOperating ?? snapOperatingFacilities(data, network, year), searchLimitM);
  const reached = operating
    .map((f, i) => ({ id: f.id, name: f.name, slots: f.slots, inclusiveSlots: f.inclusiveSlots, distanceM: walk.distanceM[i]! }))
    .filter((f) => Number.isFinite(f.distanceM))
    .sort((a, b) => a.distanceM - b.distanceM);
  const nearestDistanceM = reached[0]?.distanceM ?? null;
  const coveredWithin = Object.fromEntries(thresholds.map((t) => [t.key, nearestDistanceM !== null && nearestDistanceM <= t.metres]));
  if (walk.approximate) {
    notes.push(
      bilingual(
        '未加载路网：步行距离按直线距离 × 绕行系数估算。',
        'No road network is loaded: walking distances are straight-line distances × the detour factor.',
      ),
    );
  }

  let townshipImpact: ProjectAssessment['townshipImpact'] = null;
  if (township) {
    const row = (yearIndicators ?? computeIndicators(data, year)).townships.find((t) => t.code === township.code)!;
    const target = targetFor(data.profile, 'slots_per_1000', year);
    const before = figures(row.population, row.slots, target);
    const after = figures(row.population + compliance.population, row.slots + compliance.plannedSlots, target);
    townshipImpact = {
      year,
      target: target?.value ?? null,
      before,
      after,
      slotsPer1000Change: before.slotsPer1000 !== null && after.slotsPer1000 !== null ? after.slotsPer1000 - before.slotsPer1000 : null,
    };
  }

  return {
    ...compliance,
    year,
    site,
    township: township ? { code: township.code, name: township.name, footprintShare } : null,
    coveredWithin,
    nearestFacilityDistanceM: nearestDistanceM,
    nearestFacilities: reached.slice(0, NEAREST_FACILITY_COUNT),
    searchLimitM,
    townshipImpact,
    approximate: walk.approximate,
    rules: evaluateProjectRules(data.profile.rules, {
      neighbourhood: project.neighbourhood ?? 'new',
      population: compliance.population,
      plannedSlots: compliance.plannedSlots,
      plannedFloorAreaM2: project.plannedFloorAreaM2 ?? null,
      nearestFacilityDistanceM: nearestDistanceM,
      walkSpeedKmh,
    }),
    notes,
  };
}

/** The facilities operating in `year`, in data order, snapped to `network` (assessProject's `snappedOperating`). */
export function snapOperatingFacilities(data: JurisdictionData, network: WalkNetwork, year: number): SnappedTargets {
  return snapTargets(
    network,
    data.facilities.filter((f) => isOperatingIn(f, year)).map((f): LonLat => [f.lon, f.lat]),
  );
}
