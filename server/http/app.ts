/**
 * The Express application, outermost first: request logging with request ids, security headers,
 * CORS for /api, cookies, the route table (each route with its own rate limit, authentication, body
 * limits and schemas: route.ts), the OpenAPI document, the built web client at /, and the one error
 * handler.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express from 'express';
import type { Logger } from 'pino';
import type { AppDeps } from './deps.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { languageContext } from './language.js';
import { createLogger, requestLogging } from './logging.js';
import { buildOpenApiDocument } from './openapi.js';
import { mountRoutes } from './route.js';
import { routes } from './routes/index.js';
import { cors, securityHeaders } from './security.js';

export interface AppOptions {
  /** The service's logger (default: a new one at the configured LOG_LEVEL). */
  logger?: Logger;
}

export function createApp(deps: AppDeps, options: AppOptions = {}): express.Express {
  const logger = options.logger ?? createLogger(deps.config);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Behind a reverse proxy, TUOWEI_TRUST_PROXY lets rate limits see the client's address (and the
  // session cookie's Secure flag see https).
  if (deps.config.trustProxy) app.set('trust proxy', deps.config.trustProxy);

  app.use(requestLogging(logger));
  app.use(languageContext);
  app.use(securityHeaders(deps.config));
  app.use('/api', cors(deps.config));
  app.use(cookieParser());

  // Body parsers are mounted per route (route.ts), each with the route's own size limit.
  const openApi = buildOpenApiDocument(routes);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });

  const router = express.Router();
  mountRoutes(router, routes, deps);
  app.use(router);
  app.use('/api', notFoundHandler);

  const clientDir = path.resolve(deps.config.clientDir);
  if (existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
    app.get('/{*page}', (_req, res) => {
      res.sendFile(path.join(clientDir, 'index.html'));
    });
  }

  // The request's own log line (with its id and status 500) follows from requestLogging.
  app.use(errorHandler((error) => logger.error({ err: error }, 'unhandled error')));
  return app;
}
