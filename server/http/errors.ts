/**
 * Errors a route may throw on purpose. The one error handler (error-handler.ts) turns them into
 * `{ "error": { "code", "message", "issues"? } }` with their HTTP status, the message in the language the
 * client asked for (`Accept-Language`, Chinese by default: see language.ts).
 *
 * A message is a `Bilingual` `{zh, en}` (write both at the place that knows the problem); a plain string
 * is English only and is sent as it is in both languages, so every new message should be bilingual.
 */
import { bilingual, type Bilingual } from '../model/index.js';

export type Message = string | Bilingual;

export interface ErrorIssue {
  /** Where the problem is: a request field ("query.year"), or a package location ("facilities.geojson#3.slots"). */
  path: string;
  message: Message;
}

export class HttpError extends Error {
  /** The message in both languages (a plain string is used for both). */
  readonly text: Bilingual;
  constructor(
    readonly status: number,
    readonly code: string,
    message: Message,
    readonly issues: ErrorIssue[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    const text = typeof message === 'string' ? bilingual(message, message) : message;
    super(text.en);
    this.text = text;
    this.name = 'HttpError';
  }
}

export const notFound = (what: Message): HttpError => {
  const text = typeof what === 'string' ? bilingual(what, what) : what;
  return new HttpError(404, 'not_found', bilingual(`未找到${text.zh}`, `${text.en} not found`));
};

export const unprocessable = (message: Message, issues: ErrorIssue[] = [], details?: Record<string, unknown>): HttpError =>
  new HttpError(422, 'unprocessable', message, issues, details);

export const badRequest = (message: Message, issues: ErrorIssue[] = []): HttpError =>
  new HttpError(400, 'bad_request', message, issues);
