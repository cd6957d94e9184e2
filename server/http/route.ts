/**
 * A route is declared once, as data: method, path, the role it requires, zod schemas for its
 * params/query/body/response, and a handler. The same declaration mounts the Express handler,
 * feeds the OpenAPI document and lets a test walk the route table to check every write's role.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { z } from 'zod';
import type { AppDeps } from './deps.js';
import { authenticate, mayAccessJurisdiction, requireJurisdictionScope, type Caller, type Role } from './auth.js';
import { requestLanguage } from './language.js';
import { enforceGeoJsonLimits, rejectUnstorableText } from './security.js';
import { bilingual, type Bilingual } from './errors.js';
import { ifNoneMatchHits, ResponseCache } from './response-cache.js';
import { sharedRateLimitStore } from './rate-limit-store.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: anyone, or a caller holding one of the roles (admin always may). */
export type Access = 'public' | Role;

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  caller: Caller | null;
  /** The request body as bytes, when it came in one of `bodyMediaTypes` (e.g. a zip); `body` is then undefined. */
  rawBody: Buffer | null;
  deps: AppDeps;
  req: Request;
  res: Response;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  /** OpenAPI-style path, e.g. `/api/jurisdictions/{id}/townships`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * JSON Schema of a `multipart/form-data` body, for the OpenAPI document. The route then has no `body`
   * schema and reads the form itself (server/http/multipart.ts), streaming it under its size limits.
   */
  multipartForm?: Record<string, unknown>;
  /** Media type of the request body, when not JSON (e.g. `application/zip` besides JSON). */
  bodyMediaTypes?: string[];
  response: z.ZodType;
  /** Media type of a success response when not JSON (the handler then writes the response itself). */
  responseMediaType?: string;
  /**
   * The route may answer `202 Accepted` with a job instead (`{"job": {…}}` and `Location: /api/jobs/{id}`,
   * written by routes/jobs.ts acceptJob): documented in OpenAPI beside the success.
   */
  mayAnswerWithJob?: boolean;
  /** HTTP status of a success (default 200). */
  successStatus?: number;
  /** Largest accepted request body in bytes (default: the server's TUOWEI_MAX_BODY_MB). */
  maxBodyBytes?: number;
  /**
   * Positions (coordinate pairs) the route's own schema accepts in one body, when that is more than the
   * configured limit for its access level (e.g. a planner's 20,000 candidate sites on a public route).
   */
  maxPositions?: number;
  /**
   * Requests per minute per client (by IP) before 429. Absent: a public route shares the default
   * public budget (TUOWEI_PUBLIC_RATE_LIMIT); other routes have no limit.
   */
  rateLimitPerMinute?: number;
  /**
   * What a GET's answer depends on, when nothing but data: one jurisdiction's data (`jurisdiction`, the
   * `{id}` of the path) or every jurisdiction's (`jurisdictions`). The answer is then serialised once per
   * data version and language, kept in memory, and sent with an ETag (304 on If-None-Match) and
   * `Cache-Control: no-cache`, so the browser revalidates every time and downloads only what changed.
   */
  cache?: 'jurisdiction' | 'jurisdictions';
  /** Extra documented error statuses besides 400 (and 401/403 for non-public routes). */
  errors?: number[];
  /** Returns the response body, or a promise of it. */
  handler: (ctx: RouteContext<P, Q, B>) => unknown;
}

/**
 * A route of any parameter, query and body types: the route table holds routes of different types, and
 * each route's handler is type-checked against its own schemas where it is declared.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- erasing each route's own P, Q, B in a heterogeneous table
export type AnyRouteSpec = RouteSpec<any, any, any>;

/** Declare a route; the generic parameters are inferred from the schemas. */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec<P, Q, B> {
  return spec;
}

/** `/api/x/{id}` → `/api/x/:id` for Express. */
export function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

/** A per-client (by IP) limiter of `perMinute` requests per minute, answering 429 in our error format. */
function rateLimiter(perMinute: number, factor: number, scope: Bilingual, deps: AppDeps, name: string): RequestHandler {
  const limit = Math.max(1, Math.round(perMinute * factor));
  // In server mode every replica counts in the one database, so two replicas still allow `limit`, not twice it.
  const store = deps.config.sharedState ? sharedRateLimitStore(deps.db, name) : undefined;
  return rateLimit({
    ...(store ? { store, passOnStoreError: false } : {}),
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      const message = bilingual(
        `${scope.zh}每个客户端每分钟最多 ${limit} 次请求，请稍后再试`,
        `at most ${limit} requests per minute per client ${scope.en}; retry later`,
      );
      res.status(429).json({ error: { code: 'too_many_requests', message: message[requestLanguage(req)] } });
    },
  });
}

/**
 * Mount routes on a router. For each route, in order: the per-client rate limit (a public route's
 * own `rateLimitPerMinute`, else the shared budget of all public routes, TUOWEI_PUBLIC_RATE_LIMIT),
 * authentication (before the body is read, so a caller without the role cannot make the server parse
 * 50 MB), the body parsers with the route's size limit, the GeoJSON limits, then the schemas.
 * Parsing errors are thrown as ZodError and answered with 400 by the one error handler; there is no
 * try/catch here because Express 5 forwards rejected promises.
 */
export function mountRoutes(router: Router, routes: AnyRouteSpec[], deps: AppDeps): void {
  const { config } = deps;
  // One budget shared by every public route without a limit of its own.
  const publicLimiter = rateLimiter(
    config.publicRateLimitPerMinute,
    config.rateLimitFactor,
    bilingual('公开接口', 'on public endpoints'),
    deps,
    'public',
  );
  const responses = new ResponseCache();
  for (const route of routes) {
    const middleware: RequestHandler[] = [];
    if (route.rateLimitPerMinute) {
      middleware.push(
        rateLimiter(
          route.rateLimitPerMinute,
          config.rateLimitFactor,
          bilingual(`${route.method.toUpperCase()} ${route.path} 接口`, `on ${route.method.toUpperCase()} ${route.path}`),
          deps,
          `${route.method} ${route.path}`,
        ),
      );
    } else if (route.access === 'public') {
      middleware.push(publicLimiter);
    }
    middleware.push(async (req, res, next) => {
      res.locals.caller = await authenticate(req, deps, route.access);
      next();
    });
    if (route.body) {
      const limit = route.maxBodyBytes ?? config.maxBodyBytes;
      middleware.push(express.json({ limit }));
      if (route.bodyMediaTypes) middleware.push(express.raw({ type: route.bodyMediaTypes, limit }));
    }
    const configured = route.access === 'public' ? config.publicLimits : config.uploadLimits;
    const geoJsonLimits = { ...configured, maxVertices: Math.max(configured.maxVertices, route.maxPositions ?? 0) };
    router[route.method](expressPath(route.path), ...middleware, async (req: Request, res: Response) => {
      const caller = (res.locals.caller as Caller | null | undefined) ?? null;
      rejectUnstorableText(req.params, 'params');
      rejectUnstorableText(req.query, 'query');
      const params: unknown = route.params ? prefixed('params', () => route.params!.parse(req.params) as unknown) : {};
      const query: unknown = route.query ? prefixed('query', () => route.query!.parse(req.query) as unknown) : {};
      // A scoped caller works only on its own jurisdictions (public routes look at no caller).
      if (caller && route.path.startsWith('/api/jurisdictions/{id}')) {
        const id = (params as { id: string }).id;
        // The tree is asked only when the scope does not name the jurisdiction itself.
        if (!mayAccessJurisdiction(caller, id)) requireJurisdictionScope(caller, id, (await deps.analysis.tree()).ancestorsOf(id));
      }
      const rawBody = Buffer.isBuffer(req.body) ? req.body : null;
      if (route.body && !rawBody && req.body !== undefined) enforceGeoJsonLimits(req.body, geoJsonLimits);
      const body: unknown = route.body && !rawBody ? prefixed('body', () => route.body!.parse(req.body ?? {}) as unknown) : undefined;
      const context = { params, query, body, caller, rawBody, deps, req, res };
      if (route.cache && route.method === 'get') {
        const versionOf = () =>
          route.cache === 'jurisdiction' ? deps.analysis.versionKey((params as { id: string }).id) : deps.analysis.allVersionsKey();
        const version = await versionOf();
        // null: no such jurisdiction; the handler answers 404 as usual.
        if (version !== null) {
          const key = ResponseCache.key(req.originalUrl, requestLanguage(req), version);
          const etag = ResponseCache.etag(key);
          // A browser gets the answer gzip-compressed once per version (the Ouhai demo's uncovered layer: 311 KB
          // → 35 KB); the compressed bytes are another representation with its own ETag.
          const gzip = acceptsGzip(req);
          res
            .set({ ETag: gzip ? gzipEtag(etag) : etag, 'Cache-Control': 'no-cache' })
            .vary('Accept-Language')
            .vary('Accept-Encoding');
          const ifNoneMatch = req.get('if-none-match');
          if (ifNoneMatchHits(ifNoneMatch, etag) || ifNoneMatchHits(ifNoneMatch, gzipEtag(etag))) {
            res.status(304).end();
            return;
          }
          let answer = responses.get(key);
          if (!answer) {
            const result = await route.handler(context);
            if (res.headersSent) return;
            answer = await ResponseCache.entry(Buffer.from(JSON.stringify(result)), route.responseMediaType ?? 'application/json');
            // Kept only when the data did not change while it was computed, so a key never holds another version's answer.
            if ((await versionOf()) === version) responses.set(key, answer);
            else res.removeHeader('ETag');
          }
          if (gzip && answer.gzip) res.status(200).type(answer.type).set('Content-Encoding', 'gzip').send(answer.gzip);
          else {
            if (gzip && res.get('ETag')) res.set('ETag', etag);
            res.status(200).type(answer.type).send(answer.body);
          }
          return;
        }
      }
      const result = await route.handler(context);
      if (res.headersSent) return;
      if (route.method === 'get' || (route.responseMediaType && !route.responseMediaType.endsWith('json'))) {
        if (route.responseMediaType?.endsWith('json')) res.type(route.responseMediaType);
        res.status(route.successStatus ?? 200).json(result);
        return;
      }
      // An answer to a POST, PUT, PATCH or DELETE is never revalidated, so it is sent without the ETag
      // Express would hash for it (a SHA-1 of every body: 3–4 % of a compliance check, by profile).
      const text = JSON.stringify(result) ?? '';
      res
        .status(route.successStatus ?? 200)
        .set({
          'Content-Type': `${route.responseMediaType ?? 'application/json'}; charset=utf-8`,
          'Content-Length': String(Buffer.byteLength(text)),
        })
        .end(text);
    });
  }
}

/** Whether the client takes gzip-compressed answers (its Accept-Encoding names gzip, not with q=0). */
function acceptsGzip(req: Request): boolean {
  return /\bgzip\b/i.test(req.get('accept-encoding') ?? '') && req.acceptsEncodings('gzip', 'identity') === 'gzip';
}

/** The ETag of the gzip-compressed bytes of the answer whose ETag is `etag`. */
function gzipEtag(etag: string): string {
  return `${etag.slice(0, -1)}-gzip"`;
}

/** Marks which part of the request a ZodError came from, so the error names `query.year`, not `year`. */
export class RequestPartError extends Error {
  constructor(
    readonly part: 'params' | 'query' | 'body',
    readonly error: unknown,
  ) {
    super(`invalid ${part}`);
  }
}

function prefixed<T>(part: 'params' | 'query' | 'body', parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new RequestPartError(part, error);
  }
}
