/** The route table: every API route, in one list (mounted by app.ts, documented by openapi.ts). */
import type { RouteSpec } from '../route.js';
import { accessRoutes } from './access.js';
import { complianceRoutes } from './compliance.js';
import { coverageRoutes } from './coverage.js';
import { healthRoutes } from './health.js';
import { importRoutes } from './import.js';
import { jurisdictionRoutes } from './jurisdictions.js';

export const routes: RouteSpec<any, any, any>[] = [...healthRoutes, ...importRoutes, ...jurisdictionRoutes, ...coverageRoutes, ...complianceRoutes, ...accessRoutes];
