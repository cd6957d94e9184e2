/**
 * Configuration comes only from the environment (documented in README.md).
 */
export interface Config {
  /** TCP port of the HTTP server (PORT, default 3000). */
  port: number;
  /** Interface to listen on (HOST, default 0.0.0.0). */
  host: string;
  /** PostgreSQL connection string; absent means the embedded PGlite database (DATABASE_URL). */
  databaseUrl: string | null;
  /** Folder of the embedded database (TUOWEI_DB_DIR, default ./.tuowei/db). */
  dbDir: string;
  /** Folder of the built web client served at / (TUOWEI_CLIENT_DIR, default ./dist/client). */
  clientDir: string;
  /** Data package imported when the database holds no jurisdiction (TUOWEI_DEMO_DIR, default ./data/ouhai-demo; "" disables). */
  demoDir: string | null;
  /** Largest accepted request body (TUOWEI_MAX_BODY_MB, default 50 MiB, for package uploads). */
  maxBodyBytes: number;
  /** Multiplies every per-route rate limit (TUOWEI_RATE_LIMIT_FACTOR, default 1; e.g. 100 for load tests). */
  rateLimitFactor: number;
  /** Express "trust proxy" setting (TUOWEI_TRUST_PROXY, e.g. "loopback" or a hop count); absent trusts none. */
  trustProxy: string | number | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const demo = env.TUOWEI_DEMO_DIR;
  return {
    port: env.PORT ? Number(env.PORT) : 3000,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ? env.DATABASE_URL : null,
    dbDir: env.TUOWEI_DB_DIR ?? './.tuowei/db',
    clientDir: env.TUOWEI_CLIENT_DIR ?? './dist/client',
    demoDir: demo === '' ? null : (demo ?? './data/ouhai-demo'),
    maxBodyBytes: Math.round((env.TUOWEI_MAX_BODY_MB ? Number(env.TUOWEI_MAX_BODY_MB) : 50) * 1024 * 1024),
    rateLimitFactor: env.TUOWEI_RATE_LIMIT_FACTOR ? Number(env.TUOWEI_RATE_LIMIT_FACTOR) : 1,
    trustProxy: env.TUOWEI_TRUST_PROXY ? (/^\d+$/.test(env.TUOWEI_TRUST_PROXY) ? Number(env.TUOWEI_TRUST_PROXY) : env.TUOWEI_TRUST_PROXY) : null,
  };
}
