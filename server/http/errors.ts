/**
 * Errors a route may throw on purpose. The one error handler (error-handler.ts) turns them into
 * `{ "error": { "code", "message", "issues"? } }` with their HTTP status.
 */
export interface ErrorIssue {
  /** Where the problem is: a request field ("query.year"), or a package location ("facilities.geojson#3.slots"). */
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ErrorIssue[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} not found`);

export const unprocessable = (message: string, issues: ErrorIssue[] = [], details?: Record<string, unknown>): HttpError =>
  new HttpError(422, 'unprocessable', message, issues, details);

export const badRequest = (message: string, issues: ErrorIssue[] = []): HttpError =>
  new HttpError(400, 'bad_request', message, issues);
