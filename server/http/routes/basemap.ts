/**
 * The offline basemap: the imported roads as GeoJSON, so the map shows streets from our own data with
 * no tile server (intranet deployments have none). Public, like the other map layers.
 */
import { jurisdictionParams } from '../../schemas/common.js';
import { roadFeaturesSchema } from '../../schemas/basemap.js';
import { requireAnalysis } from '../load.js';
import { defineRoute } from '../route.js';

export const basemapRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/roads.geojson',
    summary: 'The jurisdiction’s roads as GeoJSON (name and road class), for the offline basemap',
    tags: ['map'],
    access: 'public',
    params: jurisdictionParams,
    response: roadFeaturesSchema,
    responseMediaType: 'application/geo+json',
    errors: [404],
    handler: async ({ deps, params, res }) => {
      const analysis = await requireAnalysis(deps, params.id);
      // Built once per data version: a district has thousands of road segments and every page load asks.
      // On the event loop: it wraps the roads' own geometries (0.01 ms on the Ouhai demo's 841 roads), which
      // a worker could only send back as a copy (structured clone: 3 to 12 ms).
      const collection = analysis.memo('roads-geojson', () => ({
        type: 'FeatureCollection' as const,
        features: analysis.data.roads.map((road) => ({
          type: 'Feature' as const,
          properties: { name: road.name, highway: road.highway },
          geometry: road.geometry,
        })),
      }));
      res.type('application/geo+json').json(collection);
    },
  }),
];
