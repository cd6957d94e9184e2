/**
 * Configuration comes only from the environment (documented in README.md, "Configuration").
 * An unparsable value fails the start with a message naming the variable, rather than running with a
 * silently different setting.
 */
import os from 'node:os';
import path from 'node:path';
import type { Level } from 'pino';

/** Most GeoJSON features and positions (vertices) accepted in one request body. */
export interface GeoJsonLimits {
  maxFeatures: number;
  maxVertices: number;
}

export interface Config {
  /**
   * Server mode: several replicas share the database, so rate limits are counted in it and cached
   * results follow other replicas' writes by LISTEN/NOTIFY (TUOWEI_SHARED_STATE "true"/"false";
   * default: true when DATABASE_URL is set).
   */
  sharedState: boolean;
  /** TCP port of the HTTP server (PORT, default 3000). */
  port: number;
  /** Interface to listen on (HOST, default 0.0.0.0). */
  host: string;
  /** PostgreSQL connection string; absent means the embedded PGlite database (DATABASE_URL). */
  databaseUrl: string | null;
  /** PostgreSQL only: the schema to work in, created if missing (TUOWEI_DB_SCHEMA; absent: the server's default search_path). */
  dbSchema: string | null;
  /** Folder of the embedded database (TUOWEI_DB_DIR, default ./.tuowei/db). */
  dbDir: string;
  /** Folder of the built web client served at / (TUOWEI_CLIENT_DIR, default ./dist/client). */
  clientDir: string;
  /** Data package imported when the database holds no jurisdiction (TUOWEI_DEMO_DIR, default ./data/ouhai-demo; "" disables). */
  demoDir: string | null;
  /** Largest accepted request body (TUOWEI_MAX_BODY_MB, default 50 MiB, for package uploads). */
  maxBodyBytes: number;
  /** Jurisdictions whose data and results stay in memory, least recently used out first (TUOWEI_CACHED_JURISDICTIONS). */
  cachedJurisdictions: number;
  /** Largest total size of the files in an uploaded zip package once unpacked (TUOWEI_MAX_UNZIPPED_MB, default 500 MiB). */
  maxUnzippedBytes: number;
  /** Folder of the import previews' files (TUOWEI_IMPORT_DIR): one sub-folder per preview, removed on commit and expiry. */
  importDir: string;
  /** GeoJSON in bodies of bureau/planner/admin routes, e.g. package uploads (TUOWEI_MAX_FEATURES, default 500,000; TUOWEI_MAX_VERTICES, default 5,000,000). */
  uploadLimits: GeoJsonLimits;
  /** GeoJSON in bodies of public routes, e.g. compliance footprints (TUOWEI_MAX_PUBLIC_FEATURES, default 100; TUOWEI_MAX_PUBLIC_VERTICES, default 5,000). */
  publicLimits: GeoJsonLimits;
  /** Multiplies every per-client rate limit (TUOWEI_RATE_LIMIT_FACTOR, default 1; e.g. 100 for load tests). */
  rateLimitFactor: number;
  /** Requests per minute per client on public routes that declare no limit of their own (TUOWEI_PUBLIC_RATE_LIMIT, default 600). */
  publicRateLimitPerMinute: number;
  /** Express "trust proxy" setting (TUOWEI_TRUST_PROXY, e.g. "loopback" or a hop count); absent trusts none. */
  trustProxy: string | number | null;
  /** Origins allowed to call the API from a browser (TUOWEI_CORS_ORIGINS, comma list; default none: same origin only). */
  corsOrigins: string[];
  /** Origins of a basemap (style, tiles, glyphs) the client may load, added to the Content-Security-Policy (TUOWEI_BASEMAP_ORIGINS, comma list). */
  basemapOrigins: string[];
  /** Basemaps the client may offer besides the offline one (GET /api/config); their origins are added to basemapOrigins. */
  basemaps: BasemapConfig;
  /** Secure flag of the session cookie (TUOWEI_COOKIE_SECURE: "auto" = when the request came over https, "true", "false"; default auto). */
  cookieSecure: 'auto' | boolean;
  /** Lifetime of a browser session in hours (TUOWEI_SESSION_HOURS, default 12). */
  sessionHours: number;
  /** pino log level (LOG_LEVEL, default "info"; "silent" under NODE_ENV=test). */
  logLevel: Level | 'silent';
  /** How long a SIGTERM waits for in-flight requests before exiting anyway (TUOWEI_SHUTDOWN_TIMEOUT_S, default 30). */
  shutdownTimeoutMs: number;
  /** Worker threads of the compute pool (networks, coverage, suggestions) (TUOWEI_COMPUTE_THREADS, default: cores − 1, at least 1). */
  computeThreads: number | null;
  /** Server mode: whether `npm start` also runs jobs, besides `npm run worker` (TUOWEI_SERVER_RUNS_JOBS, default true). Embedded mode always does. */
  serverRunsJobs: boolean;
  /** Server mode: seconds without a heartbeat after which a job's worker counts as dead and the job is retried (TUOWEI_JOB_HEARTBEAT_S, default 30, at least 10). */
  jobHeartbeatSeconds: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const ORIGIN = /^https?:\/\/[^/\s,]+$/;

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, check: (n: number) => boolean = (n) => n > 0): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || !check(value)) throw new Error(`${name}="${text}" is not a valid value`);
  return value;
}

function booleanFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const text = env[name]?.trim().toLowerCase();
  if (text === undefined || text === '') return fallback;
  if (text !== 'true' && text !== 'false') throw new Error(`${name}="${env[name]}" is not true or false`);
  return text === 'true';
}

/** Operator-configured basemaps (all optional: without them the client offers only the offline basemap). */
export interface BasemapConfig {
  /** Tianditu (天地图) browser key (TUOWEI_TIANDITU_KEY); it is sent to browsers, as Tianditu browser keys are meant to be. */
  tiandituKey: string | null;
  /** An XYZ raster tile template with {z}/{x}/{y} (TUOWEI_BASEMAP_XYZ). */
  xyz: string | null;
  /** Attribution of the XYZ tiles (TUOWEI_BASEMAP_ATTRIBUTION). */
  xyzAttribution: string | null;
}

/** Where Tianditu serves its tiles (t0…t7 subdomains), for the Content-Security-Policy. */
export const TIANDITU_ORIGINS = Array.from({ length: 8 }, (_, i) => `https://t${i}.tianditu.gov.cn`);

function basemapsFrom(env: NodeJS.ProcessEnv): BasemapConfig {
  const xyz = env.TUOWEI_BASEMAP_XYZ?.trim() || null;
  if (xyz !== null && !(/^https?:\/\//.test(xyz) && xyz.includes('{z}') && xyz.includes('{x}') && xyz.includes('{y}')))
    throw new Error(`TUOWEI_BASEMAP_XYZ="${xyz}" is not an http(s) tile template with {z}, {x} and {y}`);
  return {
    tiandituKey: env.TUOWEI_TIANDITU_KEY?.trim() || null,
    xyz,
    xyzAttribution: env.TUOWEI_BASEMAP_ATTRIBUTION?.trim() || null,
  };
}

/** The origins the configured basemaps load tiles from. */
function basemapTileOrigins(basemaps: BasemapConfig): string[] {
  const origins = basemaps.tiandituKey ? [...TIANDITU_ORIGINS] : [];
  if (basemaps.xyz) origins.push(new URL(basemaps.xyz.replace(/[{}]/g, '')).origin);
  return origins;
}

function originsFrom(env: NodeJS.ProcessEnv, name: string): string[] {
  const list = (env[name] ?? '')
    .split(',')
    .map((s) => s.trim().replace(/\/$/, ''))
    .filter(Boolean);
  for (const origin of list) {
    if (!ORIGIN.test(origin)) throw new Error(`${name}: "${origin}" is not an origin such as https://planning.example.gov.cn`);
  }
  return list;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const demo = env.TUOWEI_DEMO_DIR;
  const logLevel = env.LOG_LEVEL ?? (env.NODE_ENV === 'test' || process.env.NODE_ENV === 'test' ? 'silent' : 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new Error(`LOG_LEVEL="${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  const cookieSecure = (env.TUOWEI_COOKIE_SECURE ?? 'auto').trim().toLowerCase();
  if (!['auto', 'true', 'false'].includes(cookieSecure))
    throw new Error(`TUOWEI_COOKIE_SECURE="${cookieSecure}" is not auto, true or false`);
  const schema = env.TUOWEI_DB_SCHEMA?.trim() || null;
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`TUOWEI_DB_SCHEMA="${schema}" is not a lowercase SQL identifier`);
  const whole = (n: number) => Number.isInteger(n) && n > 0;
  const shared = (env.TUOWEI_SHARED_STATE ?? '').trim().toLowerCase();
  if (!['', 'true', 'false'].includes(shared)) throw new Error(`TUOWEI_SHARED_STATE="${shared}" is not true or false`);
  return {
    sharedState: shared === '' ? Boolean(env.DATABASE_URL) : shared === 'true',
    port: env.PORT ? Number(env.PORT) : 3000,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ? env.DATABASE_URL : null,
    dbSchema: schema,
    dbDir: env.TUOWEI_DB_DIR ?? './.tuowei/db',
    clientDir: env.TUOWEI_CLIENT_DIR ?? './dist/client',
    demoDir: demo === '' ? null : (demo ?? './data/ouhai-demo'),
    maxBodyBytes: Math.round(numberFrom(env, 'TUOWEI_MAX_BODY_MB', 50) * 1024 * 1024),
    cachedJurisdictions: numberFrom(env, 'TUOWEI_CACHED_JURISDICTIONS', 50, whole),
    maxUnzippedBytes: Math.round(numberFrom(env, 'TUOWEI_MAX_UNZIPPED_MB', 500) * 1024 * 1024),
    importDir: env.TUOWEI_IMPORT_DIR?.trim() || path.join(os.tmpdir(), 'tuowei-imports'),
    uploadLimits: {
      maxFeatures: numberFrom(env, 'TUOWEI_MAX_FEATURES', 500_000, whole),
      maxVertices: numberFrom(env, 'TUOWEI_MAX_VERTICES', 5_000_000, whole),
    },
    publicLimits: {
      maxFeatures: numberFrom(env, 'TUOWEI_MAX_PUBLIC_FEATURES', 100, whole),
      maxVertices: numberFrom(env, 'TUOWEI_MAX_PUBLIC_VERTICES', 5_000, whole),
    },
    rateLimitFactor: numberFrom(env, 'TUOWEI_RATE_LIMIT_FACTOR', 1),
    publicRateLimitPerMinute: numberFrom(env, 'TUOWEI_PUBLIC_RATE_LIMIT', 600, whole),
    trustProxy: env.TUOWEI_TRUST_PROXY
      ? /^\d+$/.test(env.TUOWEI_TRUST_PROXY)
        ? Number(env.TUOWEI_TRUST_PROXY)
        : env.TUOWEI_TRUST_PROXY
      : null,
    corsOrigins: originsFrom(env, 'TUOWEI_CORS_ORIGINS'),
    basemapOrigins: [...new Set([...originsFrom(env, 'TUOWEI_BASEMAP_ORIGINS'), ...basemapTileOrigins(basemapsFrom(env))])],
    basemaps: basemapsFrom(env),
    cookieSecure: cookieSecure === 'auto' ? 'auto' : cookieSecure === 'true',
    sessionHours: numberFrom(env, 'TUOWEI_SESSION_HOURS', 12),
    logLevel: logLevel as Config['logLevel'],
    shutdownTimeoutMs: numberFrom(env, 'TUOWEI_SHUTDOWN_TIMEOUT_S', 30) * 1000,
    computeThreads: env.TUOWEI_COMPUTE_THREADS ? numberFrom(env, 'TUOWEI_COMPUTE_THREADS', 1, whole) : null,
    serverRunsJobs: booleanFrom(env, 'TUOWEI_SERVER_RUNS_JOBS', true),
    jobHeartbeatSeconds: numberFrom(env, 'TUOWEI_JOB_HEARTBEAT_S', 30, (n) => Number.isInteger(n) && n >= 10),
  };
}
