/** The route table: every API route, in one list (mounted by app.ts, documented by openapi.ts). */
import type { AnyRouteSpec } from '../route.js';
import { accessRoutes } from './access.js';
import { adminRoutes } from './admin.js';
import { accessibilityRoutes } from './accessibility.js';
import { basemapRoutes } from './basemap.js';
import { complianceRoutes } from './compliance.js';
import { configRoutes } from './config.js';
import { coverageRoutes } from './coverage.js';
import { facilityRegistryRoutes } from './facility-registry.js';
import { healthRoutes } from './health.js';
import { importRoutes } from './import.js';
import { importsRoutes } from './imports.js';
import { indicatorRoutes } from './indicators.js';
import { jobRoutes } from './jobs.js';
import { jurisdictionRoutes } from './jurisdictions.js';
import { proposalRoutes } from './proposals.js';
import { rollupRoutes } from './rollup.js';
import { scenarioRoutes } from './scenarios.js';
import { scheduleRoutes } from './schedule.js';
import { suggestionRoutes } from './suggestions.js';
import { townshipPopulationRoutes } from './township-population.js';
import { trajectoryRoutes } from './trajectory.js';

export const routes: AnyRouteSpec[] = [
  ...healthRoutes,
  ...importRoutes,
  ...importsRoutes,
  ...jurisdictionRoutes,
  ...basemapRoutes,
  ...configRoutes,
  ...coverageRoutes,
  ...complianceRoutes,
  ...accessRoutes,
  ...adminRoutes,
  ...indicatorRoutes,
  ...facilityRegistryRoutes,
  ...townshipPopulationRoutes,
  ...proposalRoutes,
  ...scenarioRoutes,
  ...trajectoryRoutes,
  ...accessibilityRoutes,
  ...suggestionRoutes,
  ...scheduleRoutes,
  ...rollupRoutes,
  ...jobRoutes,
];
