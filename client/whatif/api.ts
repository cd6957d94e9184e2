/**
 * The what-if routes, one function each (server/http/routes/proposals.ts, scenarios.ts,
 * suggestions.ts, accessibility.ts). Evaluation, suggestions and accessibility are public; every
 * scenario route needs the planner role and goes with the session cookie (and the CSRF token on writes).
 * Every function takes an optional AbortSignal so a newer request can cancel a stale one.
 */
import type {
  AccessibilityUnits,
  Change,
  Comparison,
  Evaluation,
  ProposalRequest,
  Scenario,
  ScenarioListItem,
  Suggestion,
  SuggestionRequest,
  Trajectory,
} from './types';
import { requestJson } from '../auth/session';
import type { AcceptedJob } from '../panels/job-progress';
import type { Schedule, ScheduleRequest } from './schedule-model';

const enc = encodeURIComponent;
const jurisdiction = (id: string): string => `/jurisdictions/${enc(id)}`;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** Before and after of a proposal (public, rate-limited). */
export function evaluateProposal(id: string, body: ProposalRequest, signal?: AbortSignal): Promise<Evaluation> {
  return requestJson('POST', `${jurisdiction(id)}/proposals/evaluate`, { body, ...withSignal(signal) });
}

/**
 * Suggested sites for new facilities (public, rate-limited; a few seconds on a district). With many
 * candidates the server answers 202 with a job instead (see client/panels/job-progress.ts).
 */
export function suggestSites(id: string, body: SuggestionRequest, signal?: AbortSignal): Promise<Suggestion | AcceptedJob> {
  return requestJson('POST', `${jurisdiction(id)}/suggestions`, { body, ...withSignal(signal) });
}

/** Population units with their E2SFCA slots (and inclusive slots) within reach per 1,000 residents. */
export function fetchAccessibilityUnits(id: string, year: number, signal?: AbortSignal): Promise<AccessibilityUnits> {
  return requestJson('GET', `${jurisdiction(id)}/accessibility.geojson?year=${year}`, withSignal(signal));
}

/** What a scenario stores: a name, the baseline year and the ordered changes (WGS84). */
export interface ScenarioInput {
  name: string;
  year: number;
  changes: Change[];
  description?: string | null;
}

export function listScenarios(id: string, signal?: AbortSignal): Promise<ScenarioListItem[]> {
  return requestJson('GET', `${jurisdiction(id)}/scenarios`, withSignal(signal));
}

export function fetchScenario(id: string, sid: number, signal?: AbortSignal): Promise<Scenario> {
  return requestJson('GET', `${jurisdiction(id)}/scenarios/${sid}`, withSignal(signal));
}

export function createScenario(id: string, input: ScenarioInput): Promise<Scenario> {
  return requestJson('POST', `${jurisdiction(id)}/scenarios`, { body: input });
}

/** Replaces a scenario if it is still at `version`; a 409 RequestError carries `details.current` otherwise. */
export function updateScenario(id: string, sid: number, version: number, input: ScenarioInput): Promise<Scenario> {
  return requestJson('PUT', `${jurisdiction(id)}/scenarios/${sid}`, { body: { ...input, version } });
}

export function deleteScenario(id: string, sid: number, version: number): Promise<Scenario> {
  return requestJson('DELETE', `${jurisdiction(id)}/scenarios/${sid}?version=${version}`);
}

export function duplicateScenario(id: string, sid: number, name?: string): Promise<Scenario> {
  return requestJson('POST', `${jurisdiction(id)}/scenarios/${sid}/duplicate`, { body: name === undefined ? {} : { name } });
}

/** Both scenarios evaluated and their differences (b − a). */
export function compareScenarios(id: string, a: number, b: number, signal?: AbortSignal): Promise<Comparison> {
  return requestJson('GET', `${jurisdiction(id)}/scenarios/compare?a=${a}&b=${b}`, withSignal(signal));
}

/** Link to a scenario's export: its changes as GeoJSON, or a data package with the changes applied. */
export function scenarioExportUrl(id: string, sid: number, format: 'geojson' | 'package'): string {
  return `api${jurisdiction(id)}/scenarios/${sid}/export?format=${format}`;
}

/** A saved scenario year by year: each change from its year, each year with its own population (planner). */
export function fetchTrajectory(id: string, sid: number, signal?: AbortSignal): Promise<Trajectory> {
  return requestJson('GET', `${jurisdiction(id)}/scenarios/${sid}/trajectory`, withSignal(signal));
}

/** The least-cost schedule of openings year by year (public, rate-limited; the solve takes up to `timeLimitSeconds`). */
export function scheduleOpenings(id: string, body: ScheduleRequest, signal?: AbortSignal): Promise<Schedule> {
  return requestJson('POST', `${jurisdiction(id)}/plans/schedule`, { body, ...withSignal(signal) });
}
