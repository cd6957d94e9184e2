/**
 * Residents outside the selected walking threshold, as graduated circles (area proportional to
 * population). Units that cannot reach any facility on foot (`distanceM` null) get their own colour.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import type { UncoveredCollection } from '../api/types';
import { populationRadius } from './population-radius';

export const UNCOVERED_SOURCE = 'uncovered';
export const UNCOVERED_LAYER = 'uncovered-residents';

export const uncoveredColors = {
  beyondThreshold: '#c2185b',
  unreachable: '#4a148c',
} as const;

interface UncoveredMapProperties {
  id: string;
  population: number;
  unreachable: boolean;
}

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };

export function addUncoveredLayers(map: MapLibreMap): void {
  map.addSource(UNCOVERED_SOURCE, { type: 'geojson', data: empty, promoteId: 'id' });
  map.addLayer({
    id: UNCOVERED_LAYER,
    type: 'circle',
    source: UNCOVERED_SOURCE,
    paint: {
      // 300 people → 3.5 px at zoom 10, 12 px at zoom 15.
      'circle-radius': populationRadius({ min: 1.5, perRoot: 0.2 }, { min: 3, perRoot: 0.7 }),
      'circle-color': ['case', ['get', 'unreachable'], uncoveredColors.unreachable, uncoveredColors.beyondThreshold],
      'circle-opacity': ['interpolate', ['linear'], ['zoom'], 10, 0.35, 14, 0.5],
      'circle-stroke-color': ['case', ['get', 'unreachable'], uncoveredColors.unreachable, uncoveredColors.beyondThreshold],
      'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 11, 0, 13, 0.8],
      'circle-stroke-opacity': 0.9,
    },
  });
}

export function setUncoveredData(map: MapLibreMap, uncovered: UncoveredCollection): void {
  const data: FeatureCollection<Point, UncoveredMapProperties> = {
    type: 'FeatureCollection',
    features: uncovered.features.map((feature) => ({
      type: 'Feature',
      geometry: feature.geometry,
      properties: {
        id: String(feature.properties.id),
        population: feature.properties.population,
        unreachable: feature.properties.distanceM === null,
      },
    })),
  };
  void map.getSource<GeoJSONSource>(UNCOVERED_SOURCE)?.setData(data);
}

export function setUncoveredVisibility(map: MapLibreMap, visible: boolean): void {
  map.setLayoutProperty(UNCOVERED_LAYER, 'visibility', visible ? 'visible' : 'none');
}
