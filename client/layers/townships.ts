/**
 * Township polygons filled by slots per 1,000 against the year's target (see attainment.ts),
 * with an outline that thickens for the selected township and on hover.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { TownshipCollection } from '../api/types';
import { attainmentColors, attainmentOf, type Attainment } from './attainment';

export const TOWNSHIP_SOURCE = 'townships';
export const TOWNSHIP_FILL_LAYER = 'townships-fill';
export const TOWNSHIP_OUTLINE_LAYER = 'townships-outline';

/** What the map needs of a township; the full row stays in the app state, looked up by `code`. */
interface TownshipMapProperties {
  code: string;
  name: string;
  attainment: Attainment;
}

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };

export function addTownshipLayers(map: MapLibreMap): void {
  map.addSource(TOWNSHIP_SOURCE, { type: 'geojson', data: empty, promoteId: 'code' });
  map.addLayer({
    id: TOWNSHIP_FILL_LAYER,
    type: 'fill',
    source: TOWNSHIP_SOURCE,
    paint: {
      'fill-color': [
        'match',
        // A scenario's year on the trajectory slider, when one is shown (showTownshipYear), else the year's data.
        ['coalesce', ['feature-state', 'yearAttainment'], ['get', 'attainment']],
        'met',
        attainmentColors.met,
        'near',
        attainmentColors.near,
        'below',
        attainmentColors.below,
        attainmentColors.none,
      ],
      'fill-opacity': [
        'case',
        ['boolean', ['feature-state', 'selected'], false],
        0.62,
        ['boolean', ['feature-state', 'hover'], false],
        0.55,
        0.42,
      ],
    },
  });
}

/** The outline goes above service areas so township borders stay readable; added separately for ordering. */
export function addTownshipOutlineLayer(map: MapLibreMap): void {
  map.addLayer({
    id: TOWNSHIP_OUTLINE_LAYER,
    type: 'line',
    source: TOWNSHIP_SOURCE,
    paint: {
      'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#102a43', '#ffffff'],
      'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, ['boolean', ['feature-state', 'hover'], false], 2, 1.2],
    },
  });
}

export function setTownshipData(map: MapLibreMap, townships: TownshipCollection): void {
  const data: FeatureCollection<Polygon | MultiPolygon, TownshipMapProperties> = {
    type: 'FeatureCollection',
    features: townships.features.map((feature) => ({
      type: 'Feature',
      geometry: feature.geometry,
      properties: {
        code: feature.properties.code,
        name: feature.properties.name,
        attainment: attainmentOf(feature.properties.slotsPer1000, feature.properties.target),
      },
    })),
  };
  void map.getSource<GeoJSONSource>(TOWNSHIP_SOURCE)?.setData(data);
}

let yearCodes: string[] = [];

/**
 * Colours the townships by a scenario's figures of one year (the trajectory's year slider): attainment by
 * township code; null returns to the year's data.
 */
export function showTownshipYear(map: MapLibreMap, attainment: ReadonlyMap<string, Attainment> | null): void {
  if (!map.getSource(TOWNSHIP_SOURCE)) return;
  for (const code of yearCodes) map.removeFeatureState({ source: TOWNSHIP_SOURCE, id: code }, 'yearAttainment');
  yearCodes = attainment ? [...attainment.keys()] : [];
  for (const [code, value] of attainment ?? []) map.setFeatureState({ source: TOWNSHIP_SOURCE, id: code }, { yearAttainment: value });
}

/** Marks one township (by code) as selected or hovered, clearing the previous one. */
export function setTownshipState(map: MapLibreMap, key: 'selected' | 'hover', previous: string | null, next: string | null): void {
  if (previous !== null && previous !== next) map.setFeatureState({ source: TOWNSHIP_SOURCE, id: previous }, { [key]: false });
  if (next !== null) map.setFeatureState({ source: TOWNSHIP_SOURCE, id: next }, { [key]: true });
}

export function setTownshipVisibility(map: MapLibreMap, visible: boolean): void {
  const visibility = visible ? 'visible' : 'none';
  map.setLayoutProperty(TOWNSHIP_FILL_LAYER, 'visibility', visibility);
}
