/**
 * Childcare facilities as circles: area proportional to slots, coloured inclusive / other
 * (inclusive when inclusive slots are at least half of the facility's slots). Facilities not
 * operating in the selected year are drawn small and grey on their own layer, which can be hidden.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection, Point } from 'geojson';
import type { FacilityCollection, FacilityProperties } from '../api/types';

export const FACILITY_SOURCE = 'facilities';
export const FACILITY_LAYER = 'facilities-operating';
export const FACILITY_INACTIVE_LAYER = 'facilities-inactive';

/** A facility counts as inclusive on the map when this share of its slots or more is inclusive. */
export const INCLUSIVE_FACILITY_SHARE = 0.5;

export const facilityColors = {
  inclusive: '#1f6fb2',
  other: '#8e44ad',
  inactive: '#9aa5b1',
} as const;

interface FacilityMapProperties {
  id: string;
  slots: number;
  inclusive: boolean;
  operating: boolean;
}

export function isInclusiveFacility(properties: Pick<FacilityProperties, 'slots' | 'inclusiveSlots'>): boolean {
  return properties.slots > 0 && properties.inclusiveSlots / properties.slots >= INCLUSIVE_FACILITY_SHARE;
}

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * Radius in pixels grows with √slots so circle area is proportional to slots, and with zoom so a
 * hundred facilities do not merge at district scale: 100 slots → 7 px at zoom 10, 13 px from zoom 13.
 */
function radiusBySlots(scale = 1): ExpressionSpecification {
  const sqrtSlots: ExpressionSpecification = ['sqrt', ['max', ['get', 'slots'], 0]];
  return ['interpolate', ['linear'], ['zoom'], 10, ['*', scale, ['+', 2, ['*', 0.5, sqrtSlots]]], 13, ['*', scale, ['+', 3, sqrtSlots]]];
}

export function addFacilityLayers(map: MapLibreMap): void {
  map.addSource(FACILITY_SOURCE, { type: 'geojson', data: empty, promoteId: 'id' });
  map.addLayer({
    id: FACILITY_INACTIVE_LAYER,
    type: 'circle',
    source: FACILITY_SOURCE,
    filter: ['!', ['get', 'operating']],
    paint: {
      'circle-radius': radiusBySlots(0.8),
      'circle-color': facilityColors.inactive,
      'circle-opacity': 0.55,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1,
      'circle-stroke-opacity': 0.8,
    },
  });
  map.addLayer({
    id: FACILITY_LAYER,
    type: 'circle',
    source: FACILITY_SOURCE,
    filter: ['get', 'operating'],
    paint: {
      'circle-radius': radiusBySlots(),
      'circle-color': ['case', ['get', 'inclusive'], facilityColors.inclusive, facilityColors.other],
      'circle-opacity': 0.9,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 10, 1, 13, 1.5],
    },
  });
}

export function setFacilityData(map: MapLibreMap, facilities: FacilityCollection): void {
  const data: FeatureCollection<Point, FacilityMapProperties> = {
    type: 'FeatureCollection',
    features: facilities.features.map((feature) => ({
      type: 'Feature',
      geometry: feature.geometry,
      properties: {
        id: feature.properties.id,
        slots: feature.properties.slots,
        inclusive: isInclusiveFacility(feature.properties),
        operating: feature.properties.operating,
      },
    })),
  };
  void map.getSource<GeoJSONSource>(FACILITY_SOURCE)?.setData(data);
}

export function setFacilityVisibility(map: MapLibreMap, operatingVisible: boolean, inactiveVisible: boolean): void {
  map.setLayoutProperty(FACILITY_LAYER, 'visibility', operatingVisible ? 'visible' : 'none');
  map.setLayoutProperty(FACILITY_INACTIVE_LAYER, 'visibility', operatingVisible && inactiveVisible ? 'visible' : 'none');
}
