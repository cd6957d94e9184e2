/**
 * The offline basemap's streets: the jurisdiction's imported roads (GET /roads.geojson) drawn as a
 * street map draws them — a grey casing under a white line, wider for main roads, thin and dashed for
 * footways — above the township fills and below every planning layer. Needs no tile server.
 */
import type { FeatureCollection, LineString, MultiLineString } from 'geojson';
import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

export const ROADS_SOURCE = 'roads';
export const ROAD_CASING_LAYER = 'roads-casing';
export const ROAD_LAYER = 'roads-line';
export const FOOTWAY_LAYER = 'roads-footway';

export type RoadCollection = FeatureCollection<LineString | MultiLineString, { name: string | null; highway: string | null }>;

const MAIN = ['motorway', 'trunk', 'primary', 'secondary', 'motorway_link', 'trunk_link', 'primary_link', 'secondary_link'];
const PATHS = ['footway', 'path', 'pedestrian', 'steps', 'cycleway', 'track'];

/** Line width in pixels by road class and zoom: main roads, other streets. */
function width(main: number, street: number): ExpressionSpecification {
  return [
    'interpolate',
    ['linear'],
    ['zoom'],
    10,
    ['case', ['in', ['get', 'highway'], ['literal', MAIN]], main * 0.5, street * 0.4],
    16,
    ['case', ['in', ['get', 'highway'], ['literal', MAIN]], main * 2, street * 1.6],
  ];
}

const isPath: ExpressionSpecification = ['in', ['coalesce', ['get', 'highway'], ''], ['literal', PATHS]];

/** `attribution`: the offline basemap's credit, shown by MapLibre's AttributionControl. */
export function addRoadLayers(map: MapLibreMap, attribution?: string): void {
  map.addSource(ROADS_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, attribution });
  map.addLayer({
    id: ROAD_CASING_LAYER,
    type: 'line',
    source: ROADS_SOURCE,
    filter: ['!', isPath],
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': '#9aa5b1', 'line-width': width(4.5, 3), 'line-opacity': 0.9 },
  });
  map.addLayer({
    id: ROAD_LAYER,
    type: 'line',
    source: ROADS_SOURCE,
    filter: ['!', isPath],
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: {
      'line-color': ['case', ['in', ['get', 'highway'], ['literal', MAIN]], '#fff3c4', '#ffffff'],
      'line-width': width(3, 1.8),
    },
  });
  map.addLayer({
    id: FOOTWAY_LAYER,
    type: 'line',
    source: ROADS_SOURCE,
    filter: isPath,
    paint: { 'line-color': '#7b8794', 'line-width': 1, 'line-dasharray': [2, 2] },
  });
}

export function setRoadData(map: MapLibreMap, roads: RoadCollection): void {
  void map.getSource<GeoJSONSource>(ROADS_SOURCE)?.setData(roads);
}

export function setRoadVisibility(map: MapLibreMap, visible: boolean): void {
  for (const id of [ROAD_CASING_LAYER, ROAD_LAYER, FOOTWAY_LAYER]) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }
}
