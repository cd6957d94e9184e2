/**
 * What the project check needs from the page (the selection, the map, the busy indicator) and the
 * shapes its modules pass between them.
 */
import type { ComplianceRequest, ComplianceResult, ProjectRow } from '../api/types';
import type { LocationDraft, LonLat } from '../layers/project-check';
import type { TargetComparison } from '../i18n/targets';

/** The selection the check runs against; `personsPerHousehold` is the profile's default. */
export interface ProjectCheckContext {
  jurisdictionId: string;
  jurisdictionName: string;
  year: number;
  personsPerHousehold: number | null;
  standardSlotsPer1000: number | null;
  /** How the profile compares slots per 1,000 with the year's target. */
  slotsComparison: TargetComparison;
}

/** What the panel needs from the page: the selection, the map, and the busy indicator. */
export interface ProjectCheckHost {
  context(): ProjectCheckContext | null;
  /** The location being entered changed: draw it (WGS84). */
  showDraft(draft: LocationDraft | null): void;
  /** A result to show on the map (null clears it); `footprint` is the WGS84 polygon that was checked. */
  showResult(result: ComplianceResult | null, footprint: GeoJsonPolygon | null): void;
  /** Centre the map on a location entered as text. */
  flyTo(position: LonLat): void;
  /** Picking on the map is armed or not (cursor, double-click zoom). */
  pickingChanged(mode: Picking): void;
  /** Marks a request in progress for the page's busy state; returns the function that ends it. */
  begin(): () => void;
  /** A PNG data URL of the map as it is now, or null when the browser refuses. */
  snapshot(): Promise<string | null>;
  /** The data package's sources text, printed under the sheet; null when it gave none. */
  sources(): string | null;
}

/** What map clicks do while the panel is open: pick a point, add a footprint corner, or nothing. */
export type Picking = 'point' | 'draw' | null;

/** A drawn footprint as sent to the server (WGS84, closed ring). */
export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: LonLat[][];
}

/** Where a result came from: a check the user ran (re-run on a new year or language) or a project of the data. */
export type Shown =
  | { kind: 'request'; result: ComplianceResult; body: ComplianceRequest; footprint: GeoJsonPolygon | null }
  | { kind: 'project'; result: ProjectRow };
