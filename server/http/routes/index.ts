/** The route table: every API route, in one list (mounted by app.ts, documented by openapi.ts). */
import type { AnyRouteSpec } from '../route.js';
import { accessRoutes } from './access.js';
import { accessibilityRoutes } from './accessibility.js';
import { complianceRoutes } from './compliance.js';
import { coverageRoutes } from './coverage.js';
import { facilityRegistryRoutes } from './facility-registry.js';
import { healthRoutes } from './health.js';
import { importRoutes } from './import.js';
import { indicatorRoutes } from './indicators.js';
import { jobRoutes } from './jobs.js';
import { jurisdictionRoutes } from './jurisdictions.js';
import { proposalRoutes } from './proposals.js';
import { scenarioRoutes } from './scenarios.js';
import { suggestionRoutes } from './suggestions.js';

export const routes: AnyRouteSpec[] = [
  ...healthRoutes,
  ...importRoutes,
  ...jurisdictionRoutes,
  ...coverageRoutes,
  ...complianceRoutes,
  ...accessRoutes,
  ...indicatorRoutes,
  ...facilityRegistryRoutes,
  ...proposalRoutes,
  ...scenarioRoutes,
  ...accessibilityRoutes,
  ...suggestionRoutes,
  ...jobRoutes,
];
