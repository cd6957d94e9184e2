/**
 * Errors a route may throw on purpose. The one error handler (error-handler.ts) turns them into
 * `{ "error": { "code", "message", "issues"? } }` with their HTTP status, the message in the language the
 * client asked for (`Accept-Language`, Chinese by default: see language.ts).
 *
 * A message is a `Bilingual` `{zh, en}`, written in both languages at the place that knows the problem;
 * the type admits nothing else, so a message cannot reach a reader in one language only.
 */
import { bilingual, type Bilingual } from '../model/index.js';

export { bilingual, type Bilingual };
export type Message = Bilingual;

export interface ErrorIssue {
  /** Where the problem is: a request field ("query.year"), or a package location ("facilities.geojson#3.slots"). */
  path: string;
  message: Message;
}

export class HttpError extends Error {
  /** The message in both languages. */
  readonly text: Bilingual;
  constructor(
    readonly status: number,
    readonly code: string,
    message: Message,
    readonly issues: ErrorIssue[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    super(message.en);
    this.text = message;
    this.name = 'HttpError';
  }
}

/** 404 naming what is missing: `notFound(bilingual('辖区“x”', 'jurisdiction "x"'))` → 未找到辖区“x” / jurisdiction "x" not found. */
export const notFound = (what: Message): HttpError =>
  new HttpError(404, 'not_found', bilingual(`未找到${what.zh}`, `${what.en} not found`));

export const unprocessable = (message: Message, issues: ErrorIssue[] = [], details?: Record<string, unknown>): HttpError =>
  new HttpError(422, 'unprocessable', message, issues, details);

export const badRequest = (message: Message, issues: ErrorIssue[] = []): HttpError => new HttpError(400, 'bad_request', message, issues);
