/**
 * The dashboard's calls to the API: the indicator table, trends, township drill-down, reported values
 * and the facility registry (server/http/routes/indicators.ts and facility-registry.ts). Shapes are the
 * server's own zod schemas (server/schemas/dashboard.ts), imported as types only so no schema code is
 * bundled. Shares are percent (0–100) throughout. Writes go through auth/session (cookie + CSRF token).
 */
import type { z } from 'zod';
import type {
  auditEntrySchema,
  FACILITY_STATUSES,
  FACILITY_TYPES,
  facilityCreateBodySchema,
  facilityEditResultSchema,
  facilityPatchBodySchema,
  facilityRecordSchema,
  indicatorRowSchema,
  indicatorTableSchema,
  indicatorTrendSchema,
  reportedValueBodySchema,
  reportedValueSchema,
  townshipDrilldownRowSchema,
  townshipDrilldownSchema,
} from '../../server/schemas/dashboard';
import type {
  townshipPopulationBodySchema,
  townshipPopulationEditResultSchema,
  townshipPopulationSchema,
} from '../../server/schemas/township-population';
import { requestJson } from '../auth/session';

export type IndicatorTable = z.infer<typeof indicatorTableSchema>;
export type IndicatorRow = z.infer<typeof indicatorRowSchema>;
export type IndicatorTrend = z.infer<typeof indicatorTrendSchema>;
export type TrendPoint = IndicatorTrend['points'][number];
export type IndicatorStatus = IndicatorRow['status'];
export type IndicatorUnit = IndicatorRow['unit'];
export type TargetComparison = NonNullable<IndicatorRow['comparison']>;
export type ReportedValue = z.infer<typeof reportedValueSchema>;
export type ReportedValueBody = z.input<typeof reportedValueBodySchema>;
export type TownshipDrilldown = z.infer<typeof townshipDrilldownSchema>;
export type TownshipDrilldownRow = z.infer<typeof townshipDrilldownRowSchema>;
export type FacilityRecord = z.infer<typeof facilityRecordSchema>;
export type FacilityEditResult = z.infer<typeof facilityEditResultSchema>;
export type FacilityCreateBody = z.input<typeof facilityCreateBodySchema>;
export type FacilityChanges = Omit<z.input<typeof facilityPatchBodySchema>, 'version'>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type FacilityType = (typeof FACILITY_TYPES)[number];
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];
export type TownshipPopulation = z.infer<typeof townshipPopulationSchema>;
export type TownshipPopulationBody = z.input<typeof townshipPopulationBodySchema>;
export type TownshipPopulationEditResult = z.infer<typeof townshipPopulationEditResultSchema>;

/** The facility types and statuses of server/schemas/dashboard.ts, for the form's selects (checked against them by type). */
export const facilityTypes = [
  'community',
  'private',
  'employer',
  'kindergarten_class',
  'family',
  'station',
  'center',
] as const satisfies readonly FacilityType[];
export const facilityStatuses = ['operating', 'planned', 'closed'] as const satisfies readonly FacilityStatus[];
// Fails to compile when the server adds a type or status the lists above lack.
const everyType: Record<Exclude<FacilityType, (typeof facilityTypes)[number]>, never> = {};
const everyStatus: Record<Exclude<FacilityStatus, (typeof facilityStatuses)[number]>, never> = {};
void everyType;
void everyStatus;

const enc = encodeURIComponent;
const base = (id: string): string => `/jurisdictions/${enc(id)}`;

export function fetchIndicatorTable(id: string, year: number, signal?: AbortSignal): Promise<IndicatorTable> {
  return requestJson('GET', `${base(id)}/indicators?year=${year}`, signal ? { signal } : {});
}

/** One indicator year by year, 2022–2027. */
export function fetchIndicatorTrend(id: string, indicator: string, signal?: AbortSignal): Promise<IndicatorTrend> {
  return requestJson('GET', `${base(id)}/indicators/${enc(indicator)}/trend`, signal ? { signal } : {});
}

export function fetchTownshipDrilldown(id: string, year: number, signal?: AbortSignal): Promise<TownshipDrilldown> {
  return requestJson('GET', `${base(id)}/indicators/townships?year=${year}`, signal ? { signal } : {});
}

/** Records (or replaces) the bureau's value for an indicator and year; needs the bureau role. */
export function recordReportedValue(id: string, indicator: string, year: number, body: ReportedValueBody): Promise<ReportedValue> {
  return requestJson('PUT', `${base(id)}/indicators/${enc(indicator)}/reported/${year}`, { body });
}

export function deleteReportedValue(id: string, indicator: string, year: number): Promise<ReportedValue> {
  return requestJson('DELETE', `${base(id)}/indicators/${enc(indicator)}/reported/${year}`);
}

/** Link to the year's indicator table as CSV or as an Excel workbook (relative to the page). */
export function indicatorExportUrl(id: string, year: number, format: 'csv' | 'xlsx'): string {
  return `api${base(id)}/indicators/export.${format}?year=${year}`;
}

/** Every facility of the registry with its version. */
export function fetchFacilityRecords(id: string, signal?: AbortSignal): Promise<FacilityRecord[]> {
  return requestJson('GET', `${base(id)}/facilities`, signal ? { signal } : {});
}

/** The facility's edits, newest first (needs the bureau role). */
export function fetchFacilityHistory(id: string, facilityId: string, signal?: AbortSignal): Promise<AuditEntry[]> {
  return requestJson('GET', `${base(id)}/facilities/${enc(facilityId)}/history?limit=50`, signal ? { signal } : {});
}

export function createFacility(id: string, body: FacilityCreateBody): Promise<FacilityEditResult> {
  return requestJson('POST', `${base(id)}/facilities`, { body });
}

/** Changes attributes of the facility as read at `version`; a newer version on the server answers 409 with `current`. */
export function updateFacility(id: string, facilityId: string, changes: FacilityChanges, version: number): Promise<FacilityEditResult> {
  return requestJson('PATCH', `${base(id)}/facilities/${enc(facilityId)}`, { body: { ...changes, version } });
}

/** Closes the facility from `closedYear` (the first year it no longer operates). */
export function closeFacility(id: string, facilityId: string, closedYear: number, version: number): Promise<FacilityEditResult> {
  return requestJson('DELETE', `${base(id)}/facilities/${enc(facilityId)}?closedYear=${closedYear}&version=${version}`);
}

/** The population-by-year table: residents and children under 3 per township and year. */
export function fetchTownshipPopulation(id: string, signal?: AbortSignal): Promise<TownshipPopulation> {
  return requestJson('GET', `${base(id)}/township-population`, signal ? { signal } : {});
}

/** Replaces the whole table in one transaction (bureau); the data version is bumped. A 422 names `body.rows.N.field`. */
export function saveTownshipPopulation(id: string, body: TownshipPopulationBody): Promise<TownshipPopulationEditResult> {
  return requestJson('PUT', `${base(id)}/township-population`, { body });
}
