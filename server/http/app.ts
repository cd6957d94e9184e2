/**
 * The Express application: JSON and zip body parsing, the route table, the OpenAPI document,
 * the built web client at /, and the one error handler.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { AppDeps } from './deps.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { buildOpenApiDocument } from './openapi.js';
import { mountRoutes } from './route.js';
import { routes } from './routes/index.js';

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Behind a reverse proxy, TUOWEI_TRUST_PROXY lets rate limits see the client's address.
  if (deps.config.trustProxy) app.set('trust proxy', deps.config.trustProxy);

  // Body parsers are mounted per route (route.ts), each with the route's own size limit.
  const openApi = buildOpenApiDocument(routes, '0.1.0');
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

  app.use(errorHandler());
  return app;
}
