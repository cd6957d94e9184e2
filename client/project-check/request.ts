/**
 * The compliance request (POST /compliance) from the form, and the API's refusals placed back on the
 * form: a field's issue beside that field, the rest as one general message.
 */
import { requestFailure } from '../api/request-failure';
import type { ComplianceRequest } from '../api/types';
import { getLocale, t } from '../i18n/i18n';
import { fieldOfPath, type FieldMessages } from './fields';
import type { GeoJsonPolygon, ProjectCheckContext } from './host';
import type { LocationInput } from './location-input';
import type { ResidentsInput } from './residents-input';

/** A request ready to send, with the footprint it checks (for the map). */
export interface CheckRequest {
  body: ComplianceRequest;
  footprint: GeoJsonPolygon | null;
}

/** The request from the form for the selected year and page language, or null and the errors that keep it from being sent. */
export function buildRequest(
  context: ProjectCheckContext,
  location: LocationInput,
  residents: ResidentsInput,
): { request: CheckRequest | null; errors: FieldMessages } {
  const errors: FieldMessages = {};
  const place = location.read(errors);
  const { plannedSlots, ...people } = residents.read(errors);
  const body: ComplianceRequest = {
    location: place?.location ?? [0, 0],
    plannedSlots,
    year: context.year,
    crs: place?.crs ?? 'WGS84',
    language: getLocale(),
    ...people,
  };
  const request = Object.keys(errors).length > 0 ? null : { body, footprint: place?.footprint ?? null };
  return { request, errors };
}

/** Where a failed check's errors are shown: beside fields, or as the one general message. */
export interface CheckErrors {
  fields: FieldMessages;
  general: string | null;
}

/**
 * The messages for a failed check: a location outside the jurisdiction (422) beside the location, a
 * body too large (413) and other request failures as general messages, and validation issues beside the
 * field they name (issues that name no field join the general message).
 */
export function checkErrors(error: unknown): CheckErrors {
  const answer = requestFailure(error);
  if (typeof answer === 'string') return { fields: {}, general: answer };
  const fields: FieldMessages = {};
  if (answer.status === 422) {
    const detail = answer.issues.find((issue) => fieldOfPath(issue.path) === 'location')?.message ?? answer.message;
    fields.location = `${t('pcErrorOutside')} (${detail})`;
    return { fields, general: null };
  }
  if (answer.status === 413) return { fields, general: t('pcErrorTooLarge') };
  const unplaced: string[] = [];
  for (const issue of answer.issues) {
    const field = fieldOfPath(issue.path);
    if (field) fields[field] = fields[field] ? `${fields[field]}; ${issue.message}` : issue.message;
    else unplaced.push(`${issue.path}: ${issue.message}`);
  }
  const general = unplaced.length > 0 || answer.issues.length === 0 ? [answer.message, ...unplaced].join(' · ') : null;
  return { fields, general };
}
