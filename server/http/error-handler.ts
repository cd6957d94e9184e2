/**
 * The one error handler. Every error becomes `{ "error": { "code", "message", "issues"? } }`:
 * invalid request fields → 400 naming each field (`query.year`), deliberate HttpErrors with their
 * status, body-parser failures → 400/413/415, anything unexpected → 500 without internals.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Language } from '../model/index.js';
import { bilingual, type Bilingual, HttpError, type ErrorIssue } from './errors.js';
import { inLanguage, requestLanguage } from './language.js';
import { RequestPartError } from './route.js';
import { ScopeRequiredError } from '../db/scopes.js';

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

const INTERNAL = bilingual('服务器内部错误', 'internal server error');

/** What body-parser and Express's own http-errors carry. */
interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
  charset?: string;
  encoding?: string;
}

/** The JSON parser's position of a syntax error ("… at position 12"), for a message in any language. */
function jsonErrorPosition(message: string): string {
  const position = /position (\d+)/.exec(message)?.[1];
  return position === undefined ? '' : position;
}

/** A 4xx from body-parser or Express, in both languages; undefined for anything else (→ 500). */
function bodyParserError(error: BodyParserError): { status: number; code: string; message: Bilingual; issues?: ErrorIssue[] } | undefined {
  const raw = String(error?.message ?? '');
  switch (error?.type) {
    case 'entity.too.large':
      return {
        status: 413,
        code: 'payload_too_large',
        message: bilingual('请求体超过服务器可接受的大小', 'the request body is larger than the server accepts'),
      };
    case 'entity.parse.failed': {
      const position = jsonErrorPosition(raw);
      const zh = position ? `JSON 语法错误（第 ${position} 个字符处）` : 'JSON 语法错误';
      return {
        status: 400,
        code: 'invalid_json',
        message: bilingual('请求体不是有效的 JSON', 'the request body is not valid JSON'),
        issues: [{ path: 'body', message: bilingual(zh, raw) }],
      };
    }
    case 'encoding.unsupported':
      return { status: 415, code: 'unsupported_media_type', message: bilingual(`不支持的内容编码“${error.encoding ?? ''}”`, raw) };
    case 'charset.unsupported':
      return {
        status: 415,
        code: 'unsupported_media_type',
        message: bilingual(`不支持的字符集“${error.charset ?? ''}”，请使用 UTF-8`, raw),
      };
    case 'request.aborted':
      return {
        status: 400,
        code: 'bad_request',
        message: bilingual('请求在传输完成前被中断', 'the request was aborted before its body arrived'),
      };
    case 'request.size.invalid':
      return {
        status: 400,
        code: 'bad_request',
        message: bilingual('请求体的长度与 Content-Length 不符', 'the request body does not match its Content-Length'),
      };
  }
  const status = error?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      status,
      code: 'bad_request',
      message: bilingual(`请求无法处理（HTTP ${status}）`, raw || `the request cannot be processed (HTTP ${status})`),
    };
  }
  return undefined;
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
    if (error instanceof ScopeRequiredError) {
      // A change that would leave a planner or bureau credential without jurisdictions (e.g. an admin
      // made planner without naming any): the request's fields, not the server, are at fault.
      const text = bilingual(
        '规划人员和卫健部门的账号须指定辖区；只有管理员可不限辖区',
        'a planner or bureau credential must list its jurisdictions; only an admin may be unscoped',
      );
      res.status(400).json({
        error: { code: 'invalid_request', message: text[language], issues: [{ path: 'body.jurisdictions', message: text[language] }] },
      });
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
    const sent = bodyParserError(error as BodyParserError);
    if (sent) {
      const { status, code, message, issues } = sent;
      res.status(status).json({ error: { code, message: message[language], ...(issues ? { issues: issuesIn(issues, language) } : {}) } });
      return;
    }
    log(error);
    res.status(500).json({ error: { code: 'internal', message: INTERNAL[language] } });
  };
}
