/**
 * Shapes of the public JSON API as the client reads them (the HTTP contract of `server/http/routes`).
 * Shares are fractions in [0, 1]; distances are metres; `minutes` are walking minutes.
 * Keys of `coverage` / `coveredPopulation` are thresholds in minutes as strings ("5", "10", "15").
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { z } from 'zod';
import type { complianceRequestSchema, complianceResultSchema, crsSchema, projectRowSchema } from '../../server/schemas/compliance';

/** Coverage share (0..1) per walking threshold in minutes, keyed "5" | "10" | "15". */
export type ByThreshold<T> = Record<string, T>;

export interface JurisdictionListItem {
  id: string;
  name: string;
  /** The analysis year: the default when a request carries no `year`. */
  year: number;
  profileId: string;
  years: number[];
}

export interface ProfileParameters {
  walkSpeedKmh: number;
  thresholdsMin: number[];
  [name: string]: unknown;
}

export interface Profile {
  id: string;
  name: string;
  /** Indicator id → { year → target value }; shares are in percent as in POLICY.md. */
  targets: Record<string, Record<string, number>>;
  comparisons?: Record<string, Record<string, string>>;
  parameters: ProfileParameters;
}

export interface JurisdictionDetail {
  id: string;
  name: string;
  year: number;
  profile: Profile;
  /** [minLon, minLat, maxLon, maxLat] in WGS84 degrees. */
  bbox: [number, number, number, number];
  years?: number[];
}

/** The figures every area (a township, the district) has for a year: slots against residents and target, coverage. */
export interface AreaFigures {
  population: number;
  slots: number;
  inclusiveSlots: number;
  slotsPer1000: number;
  target: number | null;
  slotGap: number | null;
  facilityCount: number;
  inclusiveShare: number | null;
  coverage: ByThreshold<number>;
  coveredPopulation: ByThreshold<number>;
}

export interface TownshipRow extends AreaFigures {
  code: string;
  name: string;
}

export interface DistrictSummary extends AreaFigures {
  year: number;
  townshipInstitutionCoverage: number;
  townshipCount: number;
  townshipsWithOperatingFacility: number;
  uncoveredPopulation: ByThreshold<number>;
  approximate: boolean;
  /** Caveats in English; `notesZh` the same in Chinese (see server-text.ts). */
  notes: string[];
  notesZh: string[];
}

export interface FacilityProperties {
  id: string;
  name: string;
  slots: number;
  inclusiveSlots: number;
  type: string;
  status: string;
  openedYear?: number | null;
  closedYear?: number | null;
  township?: string | null;
  grade?: string | null;
  staff?: number | null;
  certifiedStaff?: number | null;
  /** Operating in the requested year (DATA_FORMAT.md "Operating in year Y"). */
  operating: boolean;
}

export interface ServiceAreaProperties {
  kind: 'facility' | 'union';
  facilityId?: string;
  minutes: number;
}

export interface UncoveredProperties {
  id: string;
  population: number;
  township?: string | null;
  /** Walking distance to the nearest operating facility in metres; null = unreachable. */
  distanceM: number | null;
}

export interface CatchmentProperties {
  facilityId: string;
  minutes: number;
  population: number;
  populationUnits: number;
}

export type TownshipCollection = FeatureCollection<Polygon | MultiPolygon, TownshipRow>;
export type FacilityCollection = FeatureCollection<Point, FacilityProperties>;
export type ServiceAreaCollection = FeatureCollection<Polygon | MultiPolygon, ServiceAreaProperties>;
export type UncoveredCollection = FeatureCollection<Point, UncoveredProperties>;
export type CatchmentFeature = Feature<Polygon | MultiPolygon, CatchmentProperties>;

/** The error body every 4xx/5xx response carries. */
export interface ApiErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

// --- the developer's compliance check (server/schemas/compliance.ts is the single source) ---------

/** Coordinate system of a location given to the check: WGS84, GCJ-02 (Amap/Tencent) or BD-09 (Baidu). */
export type CoordinateSystem = z.infer<typeof crsSchema>;
/** Body of `POST /compliance`: exactly one of `households` or `population`; `location` is [lon, lat] or a GeoJSON Polygon. */
export type ComplianceRequest = z.input<typeof complianceRequestSchema>;
/** The check's answer; distances in metres, `site` in WGS84, `coveredWithin` keyed by walking minutes. */
export type ComplianceResult = z.infer<typeof complianceResultSchema>;
/** One project of the data package with its check (`GET /projects`). */
export type ProjectRow = z.infer<typeof projectRowSchema>;
