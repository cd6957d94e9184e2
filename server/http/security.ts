/**
 * Protections in front of the routes: security headers (helmet, with a Content-Security-Policy the
 * MapLibre client works under), CORS limited to configured origins, the GeoJSON size limits
 * (features and vertices) of request bodies, and no NUL characters or lone surrogates in any text (PostgreSQL refuses
 * them with an error that would otherwise surface as a 500).
 */
import type { Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config, GeoJsonLimits } from '../config.js';
import { bilingual, HttpError, type ErrorIssue } from './errors.js';
import { unstorableText } from '../model/index.js';
import { requestLanguage } from './language.js';

/**
 * helmet's defaults plus the CSP the client needs: MapLibre runs its worker from a blob: URL, draws
 * images from data:/blob: URLs and sets inline styles; data come from this origin (and an optional
 * basemap's origins). No inline scripts.
 */
export function helmetOptions(config: Pick<Config, 'basemapOrigins'>): HelmetOptions {
  const basemap = config.basemapOrigins;
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...basemap],
        fontSrc: ["'self'", 'data:', ...basemap],
        connectSrc: ["'self'", ...basemap],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The API serves JSON to tools of other origins only through CORS (below), never embedded.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  };
}

/**
 * The headers of `helmetOptions` on every response. They depend on the configuration only, so they are
 * taken from helmet once and set in one step per response, instead of through its thirteen middlewares
 * on every request.
 */
export function securityHeaders(config: Pick<Config, 'basemapOrigins'>): RequestHandler {
  const headers = headersOf(helmet(helmetOptions(config)));
  return (_req, res, next) => {
    res.setHeaders(headers);
    next();
  };
}

/** The headers a middleware that only sets headers (helmet's) sets, found by running it once on a recorder. */
function headersOf(middleware: RequestHandler): Map<string, string> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  let finished = false;
  void middleware({} as Request, recorder as unknown as Response, (error?: unknown) => {
    if (error instanceof Error) throw error;
    if (error) throw new Error('the security headers middleware failed');
    finished = true;
  });
  if (!finished) throw new Error('the security headers middleware did not finish at once');
  return headers;
}

/** Methods and request headers a configured origin may use. */
const CORS_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const CORS_HEADERS = 'Authorization, Content-Type, X-CSRF-Token, X-Request-Id';
/** Preflight answers may be cached by the browser this long (seconds). */
const CORS_MAX_AGE_S = 600;

/**
 * CORS for /api: only origins listed in TUOWEI_CORS_ORIGINS get `Access-Control-Allow-Origin`
 * (none by default, so browsers allow same-origin calls only). Credentials (cookies) are never
 * allowed cross-origin: other sites' tools authenticate with bearer tokens. A preflight from an
 * unlisted origin is answered 403.
 */
export function cors(config: Pick<Config, 'corsOrigins'>): RequestHandler {
  const allowed = new Set(config.corsOrigins);
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin === undefined) return next();
    res.vary('Origin');
    const listed = allowed.has(origin);
    if (listed) {
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Expose-Headers', 'X-Request-Id, RateLimit, RateLimit-Policy, Retry-After');
    }
    if (req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined) {
      if (!listed) {
        const message = bilingual(
          `来源 ${origin} 无权调用此接口（见 TUOWEI_CORS_ORIGINS）`,
          `the origin ${origin} may not call this API (TUOWEI_CORS_ORIGINS)`,
        );
        res.status(403).json({ error: { code: 'cors', message: message[requestLanguage(req)] } });
        return;
      }
      res.set('Access-Control-Allow-Methods', CORS_METHODS);
      res.set('Access-Control-Allow-Headers', CORS_HEADERS);
      res.set('Access-Control-Max-Age', String(CORS_MAX_AGE_S));
      res.status(204).end();
      return;
    }
    next();
  };
}

/** GeoJSON nesting deeper than this is not GeoJSON (a MultiPolygon inside a package is ~10 levels). */
export const MAX_JSON_DEPTH = 64;

export interface GeoJsonSize {
  /** Objects with `"type": "Feature"`. */
  features: number;
  /** Positions: arrays whose first two elements are numbers. */
  vertices: number;
  /** Deepest nesting of arrays and objects. */
  depth: number;
  /** Whether some text or key holds U+0000 or a lone surrogate, which the database cannot store. */
  hasUnstorableText: boolean;
}

const isUnstorable = (text: string): boolean => unstorableText(text) !== null;

/**
 * Counts the GeoJSON features and positions anywhere inside a parsed JSON value (a package's files,
 * a footprint) and looks for NUL characters, without recursion so that hostile nesting cannot
 * overflow the stack. Does not look deeper than `MAX_JSON_DEPTH + 1`.
 */
export function measureGeoJson(value: unknown): GeoJsonSize {
  const size: GeoJsonSize = { features: 0, vertices: 0, depth: 0, hasUnstorableText: typeof value === 'string' && isUnstorable(value) };
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > size.depth) size.depth = depth;
    if (depth > MAX_JSON_DEPTH) continue;
    if (Array.isArray(item)) {
      if (item.length >= 2 && typeof item[0] === 'number' && typeof item[1] === 'number') {
        size.vertices++;
        continue;
      }
      for (const element of item) {
        if (typeof element === 'object' && element !== null) stack.push([element, depth + 1]);
        else if (typeof element === 'string' && isUnstorable(element)) size.hasUnstorableText = true;
      }
    } else {
      if ((item as { type?: unknown }).type === 'Feature') size.features++;
      for (const [key, element] of Object.entries(item)) {
        if (isUnstorable(key)) size.hasUnstorableText = true;
        if (typeof element === 'object' && element !== null) stack.push([element, depth + 1]);
        else if (typeof element === 'string' && isUnstorable(element)) size.hasUnstorableText = true;
      }
    }
  }
  return size;
}

/** Where the first unstorable text is, as a dotted path below `where`, and what is wrong with it. */
function unstorablePath(value: unknown, where: string): { path: string; problem: 'nul' | 'lone_surrogate' } {
  const stack: [unknown, string][] = [[value, where]];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      const problem = unstorableText(item);
      if (problem) return { path, problem };
    } else if (typeof item === 'object' && item !== null && path.split('.').length <= MAX_JSON_DEPTH + 1) {
      for (const [key, element] of Object.entries(item)) {
        const problem = unstorableText(key);
        if (problem) return { path: `${path}.${JSON.stringify(key)}`, problem };
        stack.push([element, `${path}.${key}`]);
      }
    }
  }
  return { path: where, problem: 'nul' };
}

/** 400 when a parsed request part (params, query) holds a NUL character or a lone surrogate. */
export function rejectUnstorableText(value: unknown, where: string): void {
  if (measureGeoJson(value).hasUnstorableText) throw unstorableTextError(value, where);
}

function unstorableTextError(value: unknown, where: string): HttpError {
  const { path, problem } = unstorablePath(value, where);
  if (problem === 'lone_surrogate') {
    return new HttpError(
      400,
      'invalid_text',
      bilingual(
        `${where} 含有不完整的 UTF-16 代理字符（单独的 \\ud800–\\udfff），不是有效文本`,
        `the ${where} holds a lone UTF-16 surrogate (\\ud800–\\udfff without its pair), which is not valid text`,
      ),
      [{ path, message: bilingual('不得含有单独的 UTF-16 代理字符', 'must not contain a lone UTF-16 surrogate') }],
    );
  }
  return new HttpError(
    400,
    'invalid_text',
    bilingual(
      `${where} 含有 NUL 字符（U+0000），文本中不允许出现`,
      `the ${where} holds a NUL character (U+0000), which text may not contain`,
    ),
    [{ path, message: bilingual('不得含有 NUL 字符（U+0000）', 'must not contain the NUL character (U+0000)') }],
  );
}

/**
 * Throws 400 when a parsed body is nested too deeply or holds a NUL character or a lone surrogate, and 413 when it holds
 * more GeoJSON features or vertices than `limits` allow.
 */
export function enforceGeoJsonLimits(value: unknown, limits: GeoJsonLimits, where = 'body'): void {
  const size = measureGeoJson(value);
  if (size.depth > MAX_JSON_DEPTH) {
    throw new HttpError(
      400,
      'too_deep',
      bilingual(`${where} 的嵌套层数超过 ${MAX_JSON_DEPTH} 层`, `the ${where} is nested more than ${MAX_JSON_DEPTH} levels deep`),
      [{ path: where, message: bilingual(`嵌套超过 ${MAX_JSON_DEPTH} 层`, `nested more than ${MAX_JSON_DEPTH} levels`) }],
    );
  }
  if (size.hasUnstorableText) throw unstorableTextError(value, where);
  const issues: ErrorIssue[] = [];
  if (size.features > limits.maxFeatures) {
    issues.push({
      path: where,
      message: bilingual(
        `含 ${size.features} 个 GeoJSON 要素，最多接受 ${limits.maxFeatures} 个`,
        `${size.features} GeoJSON features; at most ${limits.maxFeatures} are accepted`,
      ),
    });
  }
  if (size.vertices > limits.maxVertices) {
    issues.push({
      path: where,
      message: bilingual(
        `含 ${size.vertices} 个坐标点，最多接受 ${limits.maxVertices} 个`,
        `${size.vertices} coordinate positions; at most ${limits.maxVertices} are accepted`,
      ),
    });
  }
  if (issues.length > 0) {
    throw new HttpError(
      413,
      'geojson_too_large',
      bilingual(`${where} 中的 GeoJSON 超出服务器可接受的规模`, `the ${where} holds more GeoJSON than the server accepts`),
      issues,
      {
        limits: { maxFeatures: limits.maxFeatures, maxVertices: limits.maxVertices },
      },
    );
  }
}
