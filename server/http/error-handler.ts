/**
 * The one error handler. Every error becomes `{ "error": { "code", "message", "issues"? } }`:
 * invalid request fields → 400 naming each field (`query.year`), deliberate HttpErrors with their
 * status, body-parser failures → 400/413/415, anything unexpected → 500 without internals.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Language } from '../model/index.js';
import { HttpError, type ErrorIssue } from './errors.js';
import { inLanguage, requestLanguage } from './language.js';
import { RequestPartError } from './route.js';

interface SentIssue {
  path: string;
  message: string;
}

function zodIssues(error: ZodError, prefix: string): SentIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

function issuesIn(issues: readonly ErrorIssue[], language: Language): SentIssue[] {
  return issues.map((issue) => ({ path: issue.path, message: inLanguage(issue.message, language) }));
}

export const notFoundHandler: RequestHandler = (req, res) => {
  const message = requestLanguage(req) === 'en' ? `no route for ${req.method} ${req.path}` : `没有此接口：${req.method} ${req.path}`;
  res.status(404).json({ error: { code: 'not_found', message } });
};

export function errorHandler(log: (error: unknown) => void = (e) => console.error(e)): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const language = requestLanguage(req);
    if (error instanceof RequestPartError && error.error instanceof ZodError) {
      const issues = zodIssues(error.error, error.part);
      const fields = [...new Set(issues.map((i) => i.path))].join(', ');
      const message = language === 'en' ? `invalid ${fields}` : `请求字段有误：${fields}`;
      res.status(400).json({ error: { code: 'invalid_request', message, issues } });
      return;
    }
    if (error instanceof HttpError) {
      res.status(error.status).json({
        error: {
          code: error.code,
          message: error.text[language],
          ...(error.issues.length ? { issues: issuesIn(error.issues, language) } : {}),
          ...(error.details ?? {}),
        },
      });
      return;
    }
    // body-parser (express.json/raw) errors carry a status and a type.
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'payload_too_large', message: 'the request body is larger than the server accepts' } });
      return;
    }
    if (type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'invalid_json', message: 'the request body is not valid JSON', issues: [{ path: 'body', message: String((error as Error).message) }] } });
      return;
    }
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      res.status(415).json({ error: { code: 'unsupported_media_type', message: String((error as Error).message) } });
      return;
    }
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: 'bad_request', message: String((error as Error).message) } });
      return;
    }
    log(error);
    res.status(500).json({ error: { code: 'internal', message: 'internal server error' } });
  };
}
