/** A synthetic county (./synthetic-province.ts) as a version-1 data package (DATA_FORMAT.md), to import it into the service. */
import type { JurisdictionData } from '../../../server/model/index.js';

/** The province the service benchmark imports its counties below. */
export const PROVINCE_ID = 'synthetic-province';

/** The county's package, below the city or province `parentId`. */
export function countyPackage(data: JurisdictionData, parentId: string): Record<string, unknown> {
  const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features });
  const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
  return {
    'manifest.json': {
      format: 'tuowei-data-package',
      version: 1,
      id: data.id,
      name: data.name,
      year: data.year,
      crs: 'WGS84',
      parentId,
    },
    'profile.json': data.profile,
    'townships.geojson': collection(
      data.townships.map((t) => ({
        type: 'Feature',
        properties: { code: t.code, name: t.name, population: t.population },
        geometry: t.geometry,
      })),
    ),
    'facilities.geojson': collection(
      data.facilities.map((f) => ({
        type: 'Feature',
        properties: {
          id: f.id,
          name: f.name,
          slots: f.slots,
          inclusiveSlots: f.inclusiveSlots,
          type: f.type,
          status: f.status,
          ...(f.openedYear === null ? {} : { openedYear: f.openedYear }),
          ...(f.closedYear === null ? {} : { closedYear: f.closedYear }),
        },
        geometry: point(f.lon, f.lat),
      })),
    ),
    'population.geojson': collection(
      data.populationUnits.map((u) => ({
        type: 'Feature',
        properties: { population: u.population, ...(u.under3 === null ? {} : { under3: u.under3 }) },
        geometry: point(u.lon, u.lat),
      })),
    ),
    'roads.geojson': collection(
      data.roads.map((r) => ({ type: 'Feature', properties: r.highway ? { highway: r.highway } : {}, geometry: r.geometry })),
    ),
  };
}
