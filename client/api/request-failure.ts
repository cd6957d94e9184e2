/**
 * Failed requests as panels show them. A failure about the request as a whole — not the API's own
 * (its message), no connection, too many requests — is one message; an answer about the request's
 * content (a validation error, a conflict…) is left to the panel, which may place its issues beside
 * the fields they name.
 */
import { t } from '../i18n/i18n';
import { ApiError } from './client';

/** The message for a failure of the request as a whole, or the API's answer to read issue by issue. */
export function requestFailure(error: unknown): string | ApiError {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.status === 0) return t('errorNetwork');
  if (error.status === 429) return error.retryAfterS ? t('pcErrorRateLimitedIn', { s: error.retryAfterS }) : t('pcErrorRateLimited');
  return error;
}
