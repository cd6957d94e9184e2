/**
 * The only place the client talks to the server: one function per public API endpoint.
 * Every function takes an optional AbortSignal so a newer selection can cancel a stale request.
 */
import type {
  Answer,
  ApiErrorBody,
  CatchmentFeature,
  ComplianceRequest,
  ComplianceResult,
  DistrictSummary,
  FacilityCollection,
  JurisdictionDetail,
  JurisdictionListItem,
  PublicConfig,
  ProjectRow,
  ServiceAreaCollection,
  TownshipCollection,
  UncoveredCollection,
} from './types';
import { getLocale } from '../i18n/i18n';
import type { RoadCollection } from '../layers/roads';

/** A failed API call: HTTP status, the server's error code and message, and any field issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
    readonly url = '',
    /** For 429: seconds until the server accepts requests again, when it said so. */
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Relative to the page, so the client also works when served under a path prefix. */
const API_ROOT = 'api';

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  return params.size > 0 ? `?${params.toString()}` : '';
}

/** Seconds until a rate limit resets, from `Retry-After` or the draft-8 `RateLimit` header (`…;t=53`). */
function retryAfterSeconds(headers: Headers): number | null {
  const retryAfter = Number(headers.get('Retry-After'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter;
  const match = /;\s*t=(\d+)/.exec(headers.get('RateLimit') ?? '');
  return match?.[1] ? Number(match[1]) : null;
}

/** One API call: JSON in and out, failures as ApiError (network errors get status 0). */
async function requestJson<T>(url: string, init: RequestInit): Promise<T> {
  const signal = init.signal ?? undefined;
  let response: Response;
  try {
    // The server writes its messages (errors, problems) in the language the page shows.
    response = await fetch(url, {
      ...init,
      headers: { Accept: 'application/json', 'Accept-Language': getLocale() === 'en' ? 'en' : 'zh-CN', ...init.headers },
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause), [], url);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const retryAfterS = response.status === 429 ? retryAfterSeconds(response.headers) : null;
    if (isErrorBody(body)) {
      throw new ApiError(response.status, body.error.code, body.error.message, body.error.issues ?? [], url, retryAfterS);
    }
    throw new ApiError(response.status, `http_${response.status}`, response.statusText || text.slice(0, 200), [], url, retryAfterS);
  }
  if (body === undefined) throw new ApiError(response.status, 'invalid_json', 'The server answered with no JSON', [], url);
  return body as T;
}

function getJson<T>(path: string, query: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(`${API_ROOT}${path}${queryString(query)}`, { signal });
}

function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(`${API_ROOT}${path}`, {
    method: 'POST',
    signal,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const enc = encodeURIComponent;

/** The basemaps the operator configured (the offline one first). */
export function fetchConfig(signal?: AbortSignal): Promise<PublicConfig> {
  return getJson('/config', {}, signal);
}

export function fetchJurisdictions(signal?: AbortSignal): Promise<JurisdictionListItem[]> {
  return getJson('/jurisdictions', {}, signal);
}

export function fetchJurisdiction(id: string, signal?: AbortSignal): Promise<JurisdictionDetail> {
  return getJson(`/jurisdictions/${enc(id)}`, {}, signal);
}

export function fetchSummary(id: string, year: number, signal?: AbortSignal): Promise<DistrictSummary> {
  return getJson(`/jurisdictions/${enc(id)}/summary`, { year }, signal);
}

/** A city's or province's figures added up from its counties' stored results, with a table of its children. */
export function fetchRollup(id: string, year: number, signal?: AbortSignal): Promise<Answer<'/api/jurisdictions/{id}/rollup'>> {
  return getJson(`/jurisdictions/${enc(id)}/rollup`, { year }, signal);
}

/** The map of a roll-up: each child of a city or province with its stored outline and its figures, in one answer. */
export function fetchRollupMap(id: string, year: number, signal?: AbortSignal): Promise<Answer<'/api/jurisdictions/{id}/rollup.geojson'>> {
  return getJson(`/jurisdictions/${enc(id)}/rollup.geojson`, { year }, signal);
}

export function fetchTownships(id: string, year: number, signal?: AbortSignal): Promise<TownshipCollection> {
  return getJson(`/jurisdictions/${enc(id)}/townships.geojson`, { year }, signal);
}

/** The jurisdiction's roads for the offline basemap (the same for every year). */
export function fetchRoads(id: string, signal?: AbortSignal): Promise<RoadCollection> {
  return getJson(`/jurisdictions/${enc(id)}/roads.geojson`, {}, signal);
}

export function fetchFacilities(id: string, year: number, signal?: AbortSignal): Promise<FacilityCollection> {
  return getJson(`/jurisdictions/${enc(id)}/facilities.geojson`, { year }, signal);
}

/** Walking service areas of the facilities operating in `year`, within `minutes` walking minutes. */
export function fetchServiceAreas(id: string, year: number, minutes: number, signal?: AbortSignal): Promise<ServiceAreaCollection> {
  return getJson(`/jurisdictions/${enc(id)}/service-areas`, { year, minutes }, signal);
}

/** Population units farther than `minutes` walking minutes from every facility operating in `year`. */
export function fetchUncovered(id: string, year: number, minutes: number, signal?: AbortSignal): Promise<UncoveredCollection> {
  return getJson(`/jurisdictions/${enc(id)}/uncovered`, { year, minutes }, signal);
}

export function fetchCatchment(
  id: string,
  facilityId: string,
  minutes: number,
  year: number,
  signal?: AbortSignal,
): Promise<CatchmentFeature> {
  return getJson(`/jurisdictions/${enc(id)}/facilities/${enc(facilityId)}/catchment`, { minutes, year }, signal);
}

/** The developer's check of one residential project (public, rate-limited per client). */
export function checkProject(id: string, body: ComplianceRequest, signal?: AbortSignal): Promise<ComplianceResult> {
  return postJson(`/jurisdictions/${enc(id)}/compliance`, body, signal);
}

/** Every residential project of the data with its check in `year`; explanations in `language`. */
export function fetchProjects(id: string, year: number, language: 'zh' | 'en', signal?: AbortSignal): Promise<ProjectRow[]> {
  return getJson(`/jurisdictions/${enc(id)}/projects`, { year, language }, signal);
}

/** Link to the same list as CSV (UTF-8 with BOM, opens in Excel). */
export function projectsCsvUrl(id: string, year: number, language: 'zh' | 'en'): string {
  return `${API_ROOT}/jurisdictions/${enc(id)}/projects${queryString({ year, format: 'csv', language })}`;
}
