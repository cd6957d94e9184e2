/**
 * The one place where database rows (snake_case, ./database.ts) become engine domain objects
 * (../engine/types.ts) and back. Repositories select rows and call these; nothing else sees a row.
 */
import { bbox } from '@turf/turf';
import type { Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import type { Insertable, Selectable } from 'kysely';
import type {
  Facility,
  FacilityStatus,
  FacilityType,
  HealthInstitution,
  HealthInstitutionKind,
  PolicyProfile,
  PopulationUnit,
  ProjectStatus,
  ResidentialProject,
  Road,
  Township,
} from '../model/index.js';
import type {
  FacilitiesTable,
  HealthInstitutionsTable,
  PopulationUnitsTable,
  ResidentialProjectsTable,
  RoadsTable,
  TownshipsTable,
} from './database.js';

/** Geometry columns of an insert: GeoJSON as JSON text plus its bounding box. */
function geometryColumns(geometry: Exclude<Geometry, GeoJSON.GeometryCollection>) {
  const [minLon, minLat, maxLon, maxLat] = bbox(geometry) as [number, number, number, number];
  return { geometry: JSON.stringify(geometry), min_lon: minLon, min_lat: minLat, max_lon: maxLon, max_lat: maxLat };
}

/** Database `double precision`/`integer` arrive as numbers from both drivers; guard against a driver change. */
function num(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}
function numOrNull(value: number | string | null): number | null {
  return value === null ? null : num(value);
}

// ---- townships ------------------------------------------------------------------------------

export type TownshipRow = Omit<Selectable<TownshipsTable>, 'jurisdiction_id' | 'seq' | 'min_lon' | 'min_lat' | 'max_lon' | 'max_lat'>;

export function toTownship(row: TownshipRow): Township {
  return {
    code: row.code,
    name: row.name,
    population: num(row.population),
    populationUnder3: numOrNull(row.population_under3),
    district: row.district,
    geometry: row.geometry as Polygon | MultiPolygon,
  };
}

export function townshipToRow(jurisdictionId: string, t: Township): Insertable<TownshipsTable> {
  return {
    jurisdiction_id: jurisdictionId,
    code: t.code,
    name: t.name,
    population: t.population,
    population_under3: t.populationUnder3,
    district: t.district,
    ...geometryColumns(t.geometry),
  };
}

// ---- facilities -----------------------------------------------------------------------------

export type FacilityRow = Omit<
  Selectable<FacilitiesTable>,
  'jurisdiction_id' | 'seq' | 'geometry' | 'min_lon' | 'min_lat' | 'max_lon' | 'max_lat' | 'version'
>;

export function toFacility(row: FacilityRow): Facility {
  return {
    id: row.id,
    name: row.name,
    slots: num(row.slots),
    inclusiveSlots: num(row.inclusive_slots),
    type: row.type as FacilityType,
    status: row.status as FacilityStatus,
    openedYear: numOrNull(row.opened_year),
    closedYear: numOrNull(row.closed_year),
    grade: row.grade,
    staff: numOrNull(row.staff),
    certifiedStaff: numOrNull(row.certified_staff),
    township: row.township,
    lon: num(row.lon),
    lat: num(row.lat),
  };
}

export function facilityToRow(jurisdictionId: string, f: Facility): Insertable<FacilitiesTable> {
  return {
    jurisdiction_id: jurisdictionId,
    id: f.id,
    name: f.name,
    slots: f.slots,
    inclusive_slots: f.inclusiveSlots,
    type: f.type,
    status: f.status,
    opened_year: f.openedYear,
    closed_year: f.closedYear,
    grade: f.grade,
    staff: f.staff,
    certified_staff: f.certifiedStaff,
    township: f.township,
    lon: f.lon,
    lat: f.lat,
    ...geometryColumns({ type: 'Point', coordinates: [f.lon, f.lat] }),
  };
}

// ---- population units -----------------------------------------------------------------------

export type PopulationUnitRow = Omit<
  Selectable<PopulationUnitsTable>,
  'jurisdiction_id' | 'geometry' | 'min_lon' | 'min_lat' | 'max_lon' | 'max_lat'
>;

export function toPopulationUnit(row: PopulationUnitRow): PopulationUnit {
  return {
    id: row.id,
    index: num(row.idx),
    population: num(row.population),
    under3: numOrNull(row.under3),
    township: row.township,
    lon: num(row.lon),
    lat: num(row.lat),
    approximate: row.approximate,
  };
}

/** `geometry` is the unit's original shape (point or polygon); lon/lat its representative point. */
export function populationUnitToRow(
  jurisdictionId: string,
  u: PopulationUnit,
  geometry: Point | Polygon,
): Insertable<PopulationUnitsTable> {
  return {
    jurisdiction_id: jurisdictionId,
    idx: u.index,
    id: u.id,
    population: u.population,
    under3: u.under3,
    township: u.township,
    lon: u.lon,
    lat: u.lat,
    approximate: u.approximate,
    ...geometryColumns(geometry),
  };
}

// ---- roads ----------------------------------------------------------------------------------

export type RoadRow = Pick<Selectable<RoadsTable>, 'name' | 'highway' | 'foot' | 'geometry'>;

export function toRoad(row: RoadRow): Road {
  return { geometry: row.geometry as Road['geometry'], highway: row.highway, foot: row.foot, name: row.name };
}

export function roadToRow(jurisdictionId: string, index: number, r: Road): Insertable<RoadsTable> {
  return { jurisdiction_id: jurisdictionId, idx: index, name: r.name, highway: r.highway, foot: r.foot, ...geometryColumns(r.geometry) };
}

// ---- residential projects -------------------------------------------------------------------

export type ProjectRow = Omit<
  Selectable<ResidentialProjectsTable>,
  'jurisdiction_id' | 'seq' | 'min_lon' | 'min_lat' | 'max_lon' | 'max_lat'
>;

export function toProject(row: ProjectRow): ResidentialProject {
  return {
    id: row.id,
    name: row.name,
    households: numOrNull(row.households),
    population: numOrNull(row.population),
    personsPerHousehold: numOrNull(row.persons_per_household),
    plannedSlots: num(row.planned_slots),
    status: row.status as ProjectStatus,
    year: numOrNull(row.year),
    township: row.township,
    lon: num(row.lon),
    lat: num(row.lat),
    geometry: row.geometry as Point | Polygon,
  };
}

export function projectToRow(jurisdictionId: string, p: ResidentialProject): Insertable<ResidentialProjectsTable> {
  return {
    jurisdiction_id: jurisdictionId,
    id: p.id,
    name: p.name,
    households: p.households,
    population: p.population,
    persons_per_household: p.personsPerHousehold,
    planned_slots: p.plannedSlots,
    status: p.status,
    year: p.year,
    township: p.township,
    lon: p.lon,
    lat: p.lat,
    ...geometryColumns(p.geometry),
  };
}

// ---- health institutions --------------------------------------------------------------------

export type HealthRow = Omit<
  Selectable<HealthInstitutionsTable>,
  'jurisdiction_id' | 'seq' | 'geometry' | 'min_lon' | 'min_lat' | 'max_lon' | 'max_lat'
>;

export function toHealthInstitution(row: HealthRow): HealthInstitution {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as HealthInstitutionKind,
    childHealthStaff: numOrNull(row.child_health_staff),
    pediatricians: numOrNull(row.pediatricians),
    hospitalLevel: numOrNull(row.hospital_level),
    publicOwnership: row.public_ownership,
    staffChildrenUnder3: numOrNull(row.staff_children_under3),
    township: row.township,
    lon: num(row.lon),
    lat: num(row.lat),
  };
}

export function healthInstitutionToRow(jurisdictionId: string, h: HealthInstitution): Insertable<HealthInstitutionsTable> {
  return {
    jurisdiction_id: jurisdictionId,
    id: h.id,
    name: h.name,
    kind: h.kind,
    child_health_staff: h.childHealthStaff,
    pediatricians: h.pediatricians,
    hospital_level: h.hospitalLevel ?? null,
    public_ownership: h.publicOwnership ?? null,
    staff_children_under3: h.staffChildrenUnder3 ?? null,
    township: h.township,
    lon: h.lon,
    lat: h.lat,
    ...geometryColumns({ type: 'Point', coordinates: [h.lon, h.lat] }),
  };
}

// ---- profiles, timestamps -------------------------------------------------------------------

/** Profiles are stored whole as jsonb; this is where a stored one re-enters the engine's type. */
export function toPolicyProfile(stored: unknown): PolicyProfile {
  return stored as PolicyProfile;
}

export function toIsoString(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}
