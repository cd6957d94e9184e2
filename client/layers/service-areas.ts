/**
 * Walking service areas within the selected threshold: the union drawn as a semi-transparent fill,
 * each facility's own area as a thin outline. A facility catchment (one facility, on request) is drawn
 * on its own source above them.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { CatchmentFeature, ServiceAreaCollection } from '../api/types';

export const SERVICE_AREA_SOURCE = 'service-areas';
export const SERVICE_AREA_FILL_LAYER = 'service-areas-fill';
export const SERVICE_AREA_LINE_LAYER = 'service-areas-line';
export const CATCHMENT_SOURCE = 'catchment';
export const CATCHMENT_FILL_LAYER = 'catchment-fill';
export const CATCHMENT_LINE_LAYER = 'catchment-line';

export const serviceAreaColor = '#2b83ba';
export const catchmentColor = '#e6a100';

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };

export function addServiceAreaLayers(map: MapLibreMap): void {
  map.addSource(SERVICE_AREA_SOURCE, { type: 'geojson', data: empty });
  map.addLayer({
    id: SERVICE_AREA_FILL_LAYER,
    type: 'fill',
    source: SERVICE_AREA_SOURCE,
    filter: ['==', ['get', 'kind'], 'union'],
    paint: { 'fill-color': serviceAreaColor, 'fill-opacity': 0.16 },
  });
  map.addLayer({
    id: SERVICE_AREA_LINE_LAYER,
    type: 'line',
    source: SERVICE_AREA_SOURCE,
    paint: {
      'line-color': serviceAreaColor,
      'line-width': ['case', ['==', ['get', 'kind'], 'union'], 1.8, 0.6],
      'line-opacity': ['case', ['==', ['get', 'kind'], 'union'], 0.95, 0.4],
      'line-dasharray': [3, 2],
    },
  });
}

export function addCatchmentLayers(map: MapLibreMap): void {
  map.addSource(CATCHMENT_SOURCE, { type: 'geojson', data: empty });
  map.addLayer({
    id: CATCHMENT_FILL_LAYER,
    type: 'fill',
    source: CATCHMENT_SOURCE,
    paint: { 'fill-color': catchmentColor, 'fill-opacity': 0.2 },
  });
  map.addLayer({
    id: CATCHMENT_LINE_LAYER,
    type: 'line',
    source: CATCHMENT_SOURCE,
    paint: { 'line-color': catchmentColor, 'line-width': 2.5 },
  });
}

/**
 * Shows the union when the server sends one; when it sends only per-facility areas, fills those instead
 * so the layer is never empty by accident.
 */
export function setServiceAreaData(map: MapLibreMap, areas: ServiceAreaCollection): void {
  const hasUnion = areas.features.some((feature) => feature.properties.kind === 'union');
  map.setFilter(SERVICE_AREA_FILL_LAYER, hasUnion ? ['==', ['get', 'kind'], 'union'] : null);
  void map.getSource<GeoJSONSource>(SERVICE_AREA_SOURCE)?.setData(areas);
}

export function setCatchmentData(map: MapLibreMap, catchment: CatchmentFeature | null): void {
  const data: FeatureCollection = catchment ? { type: 'FeatureCollection', features: [catchment] } : empty;
  void map.getSource<GeoJSONSource>(CATCHMENT_SOURCE)?.setData(data);
}

export function setServiceAreaVisibility(map: MapLibreMap, visible: boolean): void {
  const visibility = visible ? 'visible' : 'none';
  map.setLayoutProperty(SERVICE_AREA_FILL_LAYER, 'visibility', visibility);
  map.setLayoutProperty(SERVICE_AREA_LINE_LAYER, 'visibility', visibility);
}
