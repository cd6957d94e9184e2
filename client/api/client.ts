/**
 * The only place the client talks to the server: one function per public API endpoint.
 * Every function takes an optional AbortSignal so a newer selection can cancel a stale request.
 */
import type {
  ApiErrorBody,
  CatchmentFeature,
  DistrictSummary,
  FacilityCollection,
  JurisdictionDetail,
  JurisdictionListItem,
  ServiceAreaCollection,
  TownshipCollection,
  UncoveredCollection,
} from './types';

/** A failed API call: HTTP status, the server's error code and message, and any field issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
    readonly url = '',
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Relative to the page, so the client also works when served under a path prefix. */
const API_ROOT = 'api';

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'message' in error;
}

async function getJson<T>(path: string, query: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.size > 0 ? `?${params.toString()}` : '';
  const url = `${API_ROOT}${path}${search}`;
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause), [], url);
  }
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    if (isErrorBody(body)) {
      throw new ApiError(response.status, body.error.code, body.error.message, body.error.issues ?? [], url);
    }
    throw new ApiError(response.status, `http_${response.status}`, response.statusText || text.slice(0, 200), [], url);
  }
  if (body === undefined) throw new ApiError(response.status, 'invalid_json', 'The server answered with no JSON', [], url);
  return body as T;
}

const enc = encodeURIComponent;

export function fetchJurisdictions(signal?: AbortSignal): Promise<JurisdictionListItem[]> {
  return getJson('/jurisdictions', {}, signal);
}

export function fetchJurisdiction(id: string, signal?: AbortSignal): Promise<JurisdictionDetail> {
  return getJson(`/jurisdictions/${enc(id)}`, {}, signal);
}

export function fetchSummary(id: string, year: number, signal?: AbortSignal): Promise<DistrictSummary> {
  return getJson(`/jurisdictions/${enc(id)}/summary`, { year }, signal);
}

export function fetchTownships(id: string, year: number, signal?: AbortSignal): Promise<TownshipCollection> {
  return getJson(`/jurisdictions/${enc(id)}/townships.geojson`, { year }, signal);
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

export function fetchCatchment(id: string, facilityId: string, minutes: number, year: number, signal?: AbortSignal): Promise<CatchmentFeature> {
  return getJson(`/jurisdictions/${enc(id)}/facilities/${enc(facilityId)}/catchment`, { minutes, year }, signal);
}
