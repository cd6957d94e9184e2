/**
 * The 15-minute childcare service circle: service-area polygons (display only), residents beyond
 * the threshold, and one facility's catchment. The numbers come from network distances (coverage.ts).
 */
import { jurisdictionParams } from '../../schemas/common.js';
import {
  catchmentQuery,
  catchmentSchema,
  coverageQuery,
  facilityParams,
  serviceAreaFeaturesSchema,
  uncoveredFeaturesSchema,
} from '../../schemas/coverage.js';
import { bilingual, notFound } from '../errors.js';
import { requireAnalysis, requireAnalysisOfYear, resolveMinutes } from '../load.js';
import { defineRoute } from '../route.js';

export const coverageRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/service-areas',
    cache: 'jurisdiction',
    summary: 'Walking service areas of the facilities operating in the year (display only), and their union',
    tags: ['coverage'],
    access: 'public',
    params: jurisdictionParams,
    query: coverageQuery,
    response: serviceAreaFeaturesSchema,
    responseMediaType: 'application/geo+json',
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      const minutes = resolveMinutes(analysis, query.minutes);
      // Once per year and threshold, in the compute pool (one bounded walk and a polygon per facility).
      return analysis.serviceAreas(year, minutes);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/uncovered',
    cache: 'jurisdiction',
    summary: 'Population units farther than the threshold from every operating facility, with their walking distance',
    tags: ['coverage'],
    access: 'public',
    params: jurisdictionParams,
    query: coverageQuery,
    response: uncoveredFeaturesSchema,
    responseMediaType: 'application/geo+json',
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      const minutes = resolveMinutes(analysis, query.minutes);
      const coverage = analysis.coverage(year);
      const limitM = coverage.thresholdM[String(minutes)]!;
      const units = analysis.data.populationUnits;
      const features = [];
      for (let i = 0; i < coverage.units.length; i++) {
        const unit = coverage.units[i]!;
        if (unit.distanceM !== null && unit.distanceM <= limitM) continue;
        const source = units[i]!;
        features.push({
          type: 'Feature',
          properties: {
            id: unit.id,
            population: unit.population,
            township: unit.township,
            distanceM: unit.distanceM,
            nearestFacilityId: unit.nearestFacilityId,
            reason: unit.distanceM === null ? 'unreachable' : 'beyond_threshold',
          },
          geometry: { type: 'Point', coordinates: [source.lon, source.lat] },
        });
      }
      return { type: 'FeatureCollection', features };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/facilities/{fid}/catchment',
    cache: 'jurisdiction',
    summary: 'One facility’s walking catchment: its service area and the population within the threshold',
    tags: ['coverage'],
    access: 'public',
    params: facilityParams,
    query: catchmentQuery,
    response: catchmentSchema,
    responseMediaType: 'application/geo+json',
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const facility = analysis.data.facilities.find((f) => f.id === params.fid);
      if (!facility)
        throw notFound(
          bilingual(`辖区“${params.id}”中的托育机构“${params.fid}”`, `facility "${params.fid}" in jurisdiction "${params.id}"`),
        );
      const minutes = resolveMinutes(analysis, query.minutes);
      // Once per facility and threshold, in the compute pool.
      return analysis.catchment(facility, minutes);
    },
  }),
];
