/**
 * What the mouse does on the map page: a click opens the popup of the top feature (what-if sites,
 * projects, facilities, uncovered residents, townships) or hands the point to the project check or the
 * what-if tab while they pick; hovering highlights the township and sets the cursor.
 */
import { comparisonOf } from '../i18n/targets';
import type { MapGeoJSONFeature, MapMouseEvent, Map as MapLibreMap } from 'maplibre-gl';
import { type AppState, facilityInfo, townshipName, townshipRow } from '../app/state';
import { FACILITY_INACTIVE_LAYER, FACILITY_LAYER } from '../layers/facilities';
import { PROJECT_LAYER, projectPopup } from '../layers/projects';
import { setTownshipState, TOWNSHIP_FILL_LAYER } from '../layers/townships';
import { UNCOVERED_LAYER } from '../layers/uncovered';
import type { ProjectCheckPanel } from '../project-check/panel';
import { WHATIF_SITE_LAYER, WHATIF_SUGGESTION_LAYER } from '../whatif/layers';
import type { WhatIfPanel } from '../whatif/panel';
import { facilityPopup, townshipPopup, uncoveredPopup } from './popups';
import type { MapViewport } from './viewport';

/** A click this many pixels from a footprint corner counts as the same corner (double-click, closing). */
const CORNER_TOLERANCE_PX = 6;

/** Top to bottom: the first of these under the pointer is the one clicked. */
const clickableLayers = [
  WHATIF_SITE_LAYER,
  WHATIF_SUGGESTION_LAYER,
  PROJECT_LAYER,
  FACILITY_LAYER,
  FACILITY_INACTIVE_LAYER,
  UNCOVERED_LAYER,
  TOWNSHIP_FILL_LAYER,
];
/** Layers whose click opens a popup even while the what-if tab places sites. */
const whatIfClickable = new Set([WHATIF_SITE_LAYER, PROJECT_LAYER, FACILITY_LAYER, FACILITY_INACTIVE_LAYER]);

export interface MapInteractionHost {
  state: AppState;
  viewport: MapViewport;
  projectCheck: ProjectCheckPanel;
  whatIf: WhatIfPanel;
  selectTownship(code: string, zoom: boolean): void;
  showCatchment(facilityId: string, target: HTMLElement | null): Promise<void>;
  showProjectCheck(): void;
}

/** Listens to clicks, double-clicks and pointer moves on `map` (call once its layers exist). */
export function bindMapInteractions(map: MapLibreMap, host: MapInteractionHost): void {
  const { state, viewport, projectCheck, whatIf } = host;

  function topFeature(event: MapMouseEvent): MapGeoJSONFeature | null {
    const layers = clickableLayers.filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
    if (layers.length === 0) return null;
    const features = map.queryRenderedFeatures(event.point, { layers });
    for (const layer of clickableLayers) {
      const found = features.find((feature) => feature.layer.id === layer);
      if (found) return found;
    }
    return null;
  }

  function onClick(event: MapMouseEvent): void {
    const lngLat: [number, number] = [event.lngLat.lng, event.lngLat.lat];
    if (projectCheck.handleMapClick(lngLat, CORNER_TOLERANCE_PX * viewport.metresPerPixel(event.lngLat.lat))) {
      viewport.closePopup();
      return;
    }
    const feature = topFeature(event);
    if (whatIf.placing() && !(feature && whatIfClickable.has(feature.layer.id))) {
      // A suggested site is placed where it is (the panel accepts it); elsewhere a new site is placed.
      if (feature?.layer.id !== WHATIF_SUGGESTION_LAYER) whatIf.handleMapClick(lngLat);
      viewport.closePopup();
      return;
    }
    if (!feature || state.year === null) {
      viewport.closePopup();
      return;
    }
    const layer = feature.layer.id;
    if (layer === WHATIF_SITE_LAYER) {
      const index = Number(feature.properties.changeIndex);
      const content = whatIf.sitePopup(index);
      const position = whatIf.sitePosition(index);
      if (content && position) viewport.openPopup(position, content);
    } else if (layer === PROJECT_LAYER) {
      const id = String(feature.properties.id);
      const row = state.projects.find((candidate) => candidate.id === id);
      if (!row) return;
      viewport.openPopup(
        row.site,
        projectPopup(row, () => {
          host.showProjectCheck();
          projectCheck.showProject(row);
        }),
      );
    } else if (layer === FACILITY_LAYER || layer === FACILITY_INACTIVE_LAYER) {
      const id = String(feature.properties.id);
      const facility = state.facilities?.features.find((candidate) => String(candidate.properties.id) === id);
      if (!facility) return;
      const [lon, lat] = facility.geometry.coordinates;
      const content = facilityPopup(
        { ...facility.properties, township: townshipName(state, facility.properties.township) },
        state.year,
        state.thresholdMin,
        () => {
          void host.showCatchment(id, content.querySelector<HTMLElement>('[data-role="catchment"]'));
        },
      );
      const info = facilityInfo(state, id);
      const whatIfActions = info ? whatIf.facilityActions(info) : null;
      if (whatIfActions) content.append(whatIfActions);
      viewport.openPopup(lon !== undefined && lat !== undefined ? [lon, lat] : lngLat, content);
    } else if (layer === UNCOVERED_LAYER) {
      const id = String(feature.properties.id);
      const unit = state.uncovered?.features.find((candidate) => String(candidate.properties.id) === id);
      if (!unit) return;
      viewport.openPopup(lngLat, uncoveredPopup(unit.properties, townshipName(state, unit.properties.township)));
    } else {
      const code = String(feature.properties.code);
      const row = townshipRow(state, code);
      if (!row) return;
      host.selectTownship(code, false);
      viewport.openPopup(
        lngLat,
        townshipPopup(
          row.properties,
          state.thresholdMin,
          comparisonOf(state.detail?.profile.comparisons, 'slots_per_1000', state.year ?? 0),
        ),
      );
    }
  }

  function onMove(event: MapMouseEvent): void {
    if (projectCheck.picking()) {
      map.getCanvas().style.cursor = 'crosshair';
      projectCheck.handleMapMove([event.lngLat.lng, event.lngLat.lat]);
      return;
    }
    const feature = topFeature(event);
    const placing = whatIf.placing() && !(feature && whatIfClickable.has(feature.layer.id));
    map.getCanvas().style.cursor = placing ? 'crosshair' : feature ? 'pointer' : '';
    const code = feature?.layer.id === TOWNSHIP_FILL_LAYER ? String(feature.properties.code) : null;
    if (code !== state.hoverCode) {
      setTownshipState(map, 'hover', state.hoverCode, code);
      state.hoverCode = code;
    }
  }

  map.on('click', onClick);
  map.on('dblclick', (event) => {
    if (projectCheck.handleMapDoubleClick()) event.preventDefault();
  });
  map.on('mousemove', onMove);
  map.on('mouseout', () => {
    projectCheck.handleMapMove(null);
    if (state.hoverCode !== null) setTownshipState(map, 'hover', state.hoverCode, null);
    state.hoverCode = null;
  });
}
