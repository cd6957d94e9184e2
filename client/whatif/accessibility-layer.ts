/**
 * Capacity-aware accessibility (E2SFCA, `GET /accessibility.geojson`) as a map layer: each population
 * unit a circle (area ∝ population) coloured by the slots within reach per 1,000 residents once
 * everyone nearby competes for them — all slots, or inclusive slots only. The classes are fixed so a
 * colour means the same in every year and jurisdiction; the red end is where residents compete for too
 * few slots even inside the 15-minute circle.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection } from 'geojson';
import { populationRadius } from '../layers/population-radius';
import type { AccessibilityUnits } from './types';

export const ACCESSIBILITY_SOURCE = 'accessibility';
export const ACCESSIBILITY_LAYER = 'accessibility-units';

/** Which slots the layer shows. */
export type AccessibilityMode = 'all' | 'inclusive';

/**
 * Classes of slots per 1,000 residents: none within reach, then lower bounds 0 (exclusive), 2, 4, 6,
 * 10. Diverging red → blue around the plans' 2025 targets (5.5 for Ouhai, 4.6 for Shengzhou).
 */
export const accessibilityClasses: { from: number; to: number | null; color: string }[] = [
  { from: 0, to: 0, color: '#b2182b' },
  { from: 0, to: 2, color: '#ef8a62' },
  { from: 2, to: 4, color: '#fddbc7' },
  { from: 4, to: 6, color: '#d1e5f0' },
  { from: 6, to: 10, color: '#67a9cf' },
  { from: 10, to: null, color: '#2166ac' },
];

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };

function colorBy(property: 'slotsPer1000' | 'inclusiveSlotsPer1000'): ExpressionSpecification {
  const [none, ...rest] = accessibilityClasses;
  // Zero exactly is its own class; `step` then takes each class from its lower bound.
  const steps: (number | string)[] = [];
  rest.forEach((cls, i) => {
    if (i > 0) steps.push(cls.from, cls.color);
  });
  return ['case', ['<=', ['get', property], 0], none!.color, ['step', ['get', property], rest[0]!.color, ...steps]];
}

export function addAccessibilityLayer(map: MapLibreMap): void {
  map.addSource(ACCESSIBILITY_SOURCE, { type: 'geojson', data: empty });
  map.addLayer({
    id: ACCESSIBILITY_LAYER,
    type: 'circle',
    source: ACCESSIBILITY_SOURCE,
    layout: { visibility: 'none' },
    paint: {
      'circle-radius': populationRadius({ min: 1.8, perRoot: 0.2 }, { min: 3.5, perRoot: 0.7 }),
      'circle-color': colorBy('slotsPer1000'),
      'circle-opacity': 0.85,
      'circle-stroke-color': '#486581',
      'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 11, 0.2, 14, 0.6],
      'circle-stroke-opacity': 0.6,
    },
  });
}

export function setAccessibilityData(map: MapLibreMap, units: AccessibilityUnits | null): void {
  void map.getSource<GeoJSONSource>(ACCESSIBILITY_SOURCE)?.setData((units as FeatureCollection | null) ?? empty);
}

export function setAccessibilityMode(map: MapLibreMap, mode: AccessibilityMode): void {
  if (!map.getLayer(ACCESSIBILITY_LAYER)) return;
  map.setPaintProperty(ACCESSIBILITY_LAYER, 'circle-color', colorBy(mode === 'all' ? 'slotsPer1000' : 'inclusiveSlotsPer1000'));
}

export function setAccessibilityVisibility(map: MapLibreMap, visible: boolean): void {
  if (!map.getLayer(ACCESSIBILITY_LAYER)) return;
  map.setLayoutProperty(ACCESSIBILITY_LAYER, 'visibility', visible ? 'visible' : 'none');
}
