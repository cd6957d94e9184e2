/**
 * Capacity-aware accessibility (E2SFCA, engine/accessibility.ts): slots within reach per 1,000
 * residents once everyone nearby competes for them, per township (population-weighted), for the
 * district and per population unit (a map layer). Computed once per data version and year, in the
 * compute pool (JurisdictionAnalysis.accessibility). Public.
 */
import { jurisdictionParams, yearQuery } from '../../schemas/common.js';
import { accessibilityFeaturesSchema, accessibilitySchema, demandJson } from '../../schemas/whatif.js';
import { requireAnalysisOfYear } from '../load.js';
import { defineRoute } from '../route.js';

const method =
  'Two-step floating catchment area with Gaussian distance decay (E2SFCA); the catchment is the largest threshold’s walking distance (1,000 m at 4 km/h). Demand is children under 3: the units’ `under3`, else the township’s `populationUnder3` of the year spread by residents, else residents × the profile’s census under-3 share; `demand` says which. Σ demand × accessibility ÷ 1000 = slots of facilities with children under 3 in their catchment.';

export const accessibilityRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/accessibility',
    cache: 'jurisdiction',
    summary:
      'E2SFCA accessibility of the year: slots (and inclusive slots) within reach per 1,000 children under 3, per township and district',
    description: method,
    tags: ['accessibility'],
    access: 'public',
    params: jurisdictionParams,
    query: yearQuery,
    response: accessibilitySchema,
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      const { catchmentM, approximate, townships, district, facilities, demandSummary } = await analysis.accessibility(year);
      return { year, demand: demandJson(demandSummary), catchmentM, approximate, townships, district, facilities };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/accessibility.geojson',
    cache: 'jurisdiction',
    summary: 'Population units as points with their E2SFCA accessibility (map layer)',
    description: method,
    tags: ['map', 'accessibility'],
    access: 'public',
    params: jurisdictionParams,
    query: yearQuery,
    response: accessibilityFeaturesSchema,
    responseMediaType: 'application/geo+json',
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      const { units: accessible } = await analysis.accessibility(year);
      // The features are made here from the pool's E2SFCA result: 1.4 ms (median) on the Ouhai demo's
      // 3,040 units. A worker would have to send the same features back, and copying them between threads
      // costs more than making them (structured clone: 6 to 19 ms).
      return analysis.memo(`accessibility.geojson:${year}`, () => {
        const units = analysis.dataOf(year).populationUnits;
        return {
          type: 'FeatureCollection' as const,
          features: accessible.map((unit, i) => ({
            type: 'Feature' as const,
            properties: unit,
            geometry: { type: 'Point' as const, coordinates: [units[i]!.lon, units[i]!.lat] as [number, number] },
          })),
        };
      });
    },
  }),
];
