/**
 * Plain data the engine computes over. Everything here is in the planner's units:
 * coordinates are WGS84 [longitude, latitude] (longitude first, as in GeoJSON),
 * distances in metres, populations in persons, slots in childcare places.
 *
 * Repositories map database rows to these shapes; the engine never sees SQL or HTTP.
 */
import type { LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';

/** WGS84 longitude, latitude in degrees. */
export type LonLat = [number, number];

/** Ids of the indicators in ../shared/POLICY.md. */
export type IndicatorId =
  | 'slots_per_1000'
  | 'service_circle_15min'
  | 'new_community_10_per_1000'
  | 'inclusive_share'
  | 'township_institution_coverage'
  | 'township_inclusive_coverage'
  | 'health_center_coverage'
  | 'certified_staff_rate'
  | 'graded_institution_rate'
  | 'pediatricians_per_1000_children'
  | 'child_health_staff_per_20k'
  | 'community_station_share';

/**
 * How a plan states its target: "≥ 5.5", "> 5.55", or "基本全覆盖" (substantially full).
 * `>=` is the default when a profile does not say.
 */
export type TargetComparison = '>=' | '>' | 'substantially_full';

/** Planning parameters of a profile (POLICY.md §4, DATA_FORMAT.md profile.json). */
export interface PlanningParameters {
  /** Walking speed in km/h (default 4.0). */
  walkSpeedKmh: number;
  /** Walking-time thresholds in minutes (default [5, 10, 15]). */
  thresholdsMin: number[];
  /** Straight-line × detourFactor when no road network is loaded (default 1.3). */
  detourFactor: number;
  /** A point farther than this from every walkable road is unreachable (default 500 m). */
  maxSnapMeters: number;
  /** Persons per household for a residential project that gives households (default 2.8). */
  personsPerHousehold: number;
  /** Slots a new residential community must provide per 1,000 residents (default 10). */
  newCommunitySlotsPer1000: number;
  /** Townships with at least this many residents should have a child health centre (default 20,000). */
  healthCenterMinPopulation: number;
  /** Spacing of the grid a township's population is spread over when a package has no population units (default 200 m). */
  populationGridSpacingM: number;
  /** Most grid points per township; a larger township gets a wider grid, and the import says so (default 5,000). */
  maxPopulationGridPoints: number;
}

/** A jurisdiction's policy profile: yearly targets per indicator, plus planning parameters. */
export interface PolicyProfile {
  id: string;
  name: string;
  /** indicator id → year ("2025") → target value, in the unit the plan uses (percent for shares). */
  targets: Partial<Record<string, Record<string, number>>>;
  /** indicator id → year → comparison; absent means '>='. */
  comparisons?: Partial<Record<string, Record<string, TargetComparison>>>;
  /** indicator id → unit note where the plan's unit is unusual (e.g. a count instead of a percentage). */
  units?: Partial<Record<string, string>>;
  /** Where the targets come from (plan, table, seed file). */
  source?: string;
  parameters: PlanningParameters;
  /**
   * Childcare demand where no under-3 count exists: residents × `under3Share` (0..1), the county's share
   * of children aged 0–2 in the 2020 census, with where it comes from. Absent: demand is residents.
   */
  demand?: DemandProfile;
  /** Rules that differ by city (see JurisdictionRule); evaluated in compliance and the dashboard. */
  rules?: JurisdictionRule[];
}

/** The under-3 share of a profile and its source (data/derive-under3-shares.ts writes it). */
export interface DemandProfile {
  /** Children aged 0–2 ÷ residents (0..1). */
  under3Share: number;
  /** Census table, county and how the share was derived. */
  source: string;
}

/**
 * A rule of a city's plan, as data: the engine knows only these generic kinds; which apply and their
 * numbers live in the profile, each with its source.
 */
export type JurisdictionRule =
  | {
      /** Residential projects of the given kinds must plan at least `value` slots per 1,000 residents. */
      kind: 'min_slots_per_1000';
      id: string;
      /** `new`: proposed or approved projects; `existing`: built neighbourhoods. */
      appliesTo: ('new' | 'existing')[];
      value: number;
      source: string;
    }
  | {
      /** A planned facility needs at least `value` m² of floor area per slot. */
      kind: 'min_floor_area_per_slot';
      id: string;
      value: number;
      source: string;
    }
  | {
      /** Facilities of `facilityType` hold at most `value` slots each. */
      kind: 'max_slots_per_facility';
      id: string;
      facilityType: FacilityType;
      value: number;
      source: string;
    }
  | {
      /** Residential projects of the given kinds must have an operating or planned facility within `withinMinutes` walking. */
      kind: 'facility_required';
      id: string;
      appliesTo: ('new' | 'existing')[];
      withinMinutes: number;
      source: string;
    };

/**
 * One row of the statistics bureau's table (DATA_FORMAT.md v2, layer `townshipPopulation`): a township's
 * residents (and children under 3) in a year. Persons.
 */
export interface TownshipPopulationRow {
  code: string;
  year: number;
  population: number;
  populationUnder3?: number | null;
}

export interface Township {
  code: string;
  name: string;
  /** Resident population (常住人口). */
  population: number;
  populationUnder3: number | null;
  district: string | null;
  geometry: Polygon | MultiPolygon;
}

export type FacilityType = 'community' | 'private' | 'employer' | 'kindergarten_class' | 'family' | 'station' | 'center';

export type FacilityStatus = 'operating' | 'planned' | 'closed';

export interface Facility {
  id: string;
  name: string;
  slots: number;
  inclusiveSlots: number;
  type: FacilityType;
  status: FacilityStatus;
  openedYear: number | null;
  closedYear: number | null;
  grade: string | null;
  staff: number | null;
  certifiedStaff: number | null;
  /** Township code: the `township` property if given, else the township polygon containing the point. */
  township: string | null;
  lon: number;
  lat: number;
}

export interface PopulationUnit {
  id: string;
  /** Position in population.geojson (0-based); stable key for results. */
  index: number;
  population: number;
  under3: number | null;
  /** Township code: the `township` property if given, else the township polygon containing it. */
  township: string | null;
  /** Representative point (the point itself, or a point inside a polygon unit). */
  lon: number;
  lat: number;
  /** True when the units were generated from township totals (no population.geojson). */
  approximate: boolean;
}

export interface Road {
  geometry: LineString | MultiLineString;
  highway: string | null;
  /** "no" excludes the way from the walking network. */
  foot: string | null;
  name: string | null;
}

export type ProjectStatus = 'proposed' | 'approved' | 'built';

export interface ResidentialProject {
  id: string;
  name: string;
  households: number | null;
  population: number | null;
  personsPerHousehold: number | null;
  plannedSlots: number;
  status: ProjectStatus;
  year: number | null;
  township: string | null;
  /** Representative point of the project (the point, or a point inside its footprint). */
  lon: number;
  lat: number;
  geometry: GeoJSON.Point | Polygon;
}

export type HealthInstitutionKind = 'child_health_center' | 'primary_care';

export interface HealthInstitution {
  id: string;
  name: string;
  kind: HealthInstitutionKind;
  childHealthStaff: number | null;
  pediatricians: number | null;
  // The figures of the employer welfare childcare rule (./employer-welfare.ts): optional properties of
  // health.geojson beyond ../shared/DATA_FORMAT.md. Imported institutions carry all three, null when
  // the package does not give them; absent means the same.
  /** Hospital level: 1 (一级), 2 (二级), 3 (三级); null when unknown or not a hospital. */
  hospitalLevel?: number | null;
  /** True for a public (公立) institution; null when unknown. */
  publicOwnership?: boolean | null;
  /** Children under 3 of the institution's staff; null when unknown. */
  staffChildrenUnder3?: number | null;
  township: string | null;
  lon: number;
  lat: number;
}

/** Everything the engine needs about one jurisdiction. */
export interface JurisdictionData {
  id: string;
  name: string;
  /** The analysis year of the package. */
  year: number;
  profile: PolicyProfile;
  townships: Township[];
  facilities: Facility[];
  populationUnits: PopulationUnit[];
  roads: Road[];
  projects: ResidentialProject[];
  health: HealthInstitution[];
  /**
   * Township figures by year (the `townshipPopulation` layer); absent or empty when the package has none.
   * Use engine/figures populationOfYear to read a year's figures.
   */
  townshipPopulation?: TownshipPopulationRow[];
  /** Increments on every change of facilities, roads, population or townships; keys caches. */
  dataVersion: number;
}
