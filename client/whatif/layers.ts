/**
 * The what-if proposal on the map: proposed sites (numbered as in the change list), resized and removed
 * facilities, the residents the proposal newly brings within the selected threshold (and those it
 * leaves), and suggested sites (numbered by rank). Numbers are HTML badges that let clicks through to
 * the circles beneath, which the page hit-tests (WHATIF_SITE_LAYER, WHATIF_SUGGESTION_LAYER).
 * All coordinates are WGS84 [longitude, latitude].
 */
import { Marker, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import type { Attainment } from '../layers/attainment';
import { populationRadius } from '../layers/population-radius';
import { showTownshipYear } from '../layers/townships';
import type { ChangedUnit } from './types';

export type LonLat = [number, number];

export const WHATIF_UNITS_SOURCE = 'whatif-units';
export const WHATIF_CHANGES_SOURCE = 'whatif-changes';
export const WHATIF_SUGGESTIONS_SOURCE = 'whatif-suggestions';
export const WHATIF_SITE_LAYER = 'whatif-sites';
export const WHATIF_SUGGESTION_LAYER = 'whatif-suggestion-sites';
const GAINED_LAYER = 'whatif-gained';
const LOST_LAYER = 'whatif-lost';
const FACILITY_CHANGE_LAYER = 'whatif-facility-changes';
const PROJECT_LAYER = 'whatif-projects';

export const whatIfColors = {
  site: '#e8590c',
  resize: '#f59f00',
  remove: '#c92a2a',
  project: '#5f3dc4',
  gained: '#2b8a3e',
  lost: '#c92a2a',
  suggestion: '#7048e8',
} as const;

/** What to draw: the proposal's changes at their positions, and the changed units at the selected threshold. */
export interface WhatIfDrawing {
  sites: { position: LonLat; number: number; changeIndex: number; slots: number }[];
  resized: { position: LonLat; number: number; grows: boolean }[];
  removed: { position: LonLat; number: number }[];
  projects: { position: LonLat; number: number }[];
  gained: ChangedUnit[];
  lost: ChangedUnit[];
}

export interface SuggestionDrawing {
  sites: { position: LonLat; rank: number; accepted: boolean }[];
}

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Radius ∝ √population, growing with zoom (as the uncovered-residents layer, slightly larger so it reads on top). */
const unitRadius = populationRadius({ min: 2, perRoot: 0.22 }, { min: 4, perRoot: 0.75 });

export function addWhatIfLayers(map: MapLibreMap): void {
  map.addSource(WHATIF_UNITS_SOURCE, { type: 'geojson', data: empty });
  map.addSource(WHATIF_CHANGES_SOURCE, { type: 'geojson', data: empty });
  map.addSource(WHATIF_SUGGESTIONS_SOURCE, { type: 'geojson', data: empty });
  map.addLayer({
    id: GAINED_LAYER,
    type: 'circle',
    source: WHATIF_UNITS_SOURCE,
    filter: ['==', ['get', 'role'], 'gained'],
    paint: {
      'circle-radius': unitRadius,
      'circle-color': whatIfColors.gained,
      'circle-opacity': 0.85,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1,
    },
  });
  map.addLayer({
    id: LOST_LAYER,
    type: 'circle',
    source: WHATIF_UNITS_SOURCE,
    filter: ['==', ['get', 'role'], 'lost'],
    paint: {
      'circle-radius': unitRadius,
      'circle-color': '#ffffff',
      'circle-opacity': 0.4,
      'circle-stroke-color': whatIfColors.lost,
      'circle-stroke-width': 1.6,
    },
  });
  map.addLayer({
    id: FACILITY_CHANGE_LAYER,
    type: 'circle',
    source: WHATIF_CHANGES_SOURCE,
    filter: ['in', ['get', 'role'], ['literal', ['resize', 'remove']]],
    paint: {
      'circle-radius': 14,
      'circle-color': 'rgba(255,255,255,0)',
      'circle-stroke-color': ['case', ['==', ['get', 'role'], 'remove'], whatIfColors.remove, whatIfColors.resize],
      'circle-stroke-width': 3,
    },
  });
  map.addLayer({
    id: PROJECT_LAYER,
    type: 'circle',
    source: WHATIF_CHANGES_SOURCE,
    filter: ['==', ['get', 'role'], 'project'],
    paint: { 'circle-radius': 11, 'circle-color': whatIfColors.project, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  });
  map.addLayer({
    id: WHATIF_SITE_LAYER,
    type: 'circle',
    source: WHATIF_CHANGES_SOURCE,
    filter: ['==', ['get', 'role'], 'site'],
    paint: {
      'circle-radius': 12,
      'circle-color': whatIfColors.site,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2.5,
    },
  });
  map.addLayer({
    id: WHATIF_SUGGESTION_LAYER,
    type: 'circle',
    source: WHATIF_SUGGESTIONS_SOURCE,
    paint: {
      'circle-radius': 12,
      'circle-color': ['case', ['get', 'accepted'], '#adb5bd', whatIfColors.suggestion],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2.5,
    },
  });
}

function point(position: LonLat, properties: Record<string, unknown>): Feature {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: position }, properties };
}

function badge(text: string, className: string, label: string): HTMLElement {
  const element = document.createElement('div');
  element.className = `whatif-badge ${className}`;
  element.textContent = text;
  element.title = label;
  element.setAttribute('aria-hidden', 'true');
  return element;
}

/** Draws the proposal and the suggestions; shown only while the what-if tab is open. */
export class WhatIfOverlay {
  private markers: Marker[] = [];
  private suggestionMarkers: Marker[] = [];
  private visible = false;
  private drawing: WhatIfDrawing | null = null;
  private suggestions: SuggestionDrawing | null = null;
  private yearAttainment: ReadonlyMap<string, Attainment> | null = null;

  constructor(private readonly map: MapLibreMap) {}

  setVisible(visible: boolean): void {
    this.visible = visible;
    showTownshipYear(this.map, visible ? this.yearAttainment : null);
    this.redraw();
  }

  show(drawing: WhatIfDrawing | null): void {
    this.drawing = drawing;
    this.redraw();
  }

  /** The townships coloured by a scenario's year (the trajectory's slider), while the what-if tab is shown; null: the data's year. */
  showYear(attainment: ReadonlyMap<string, Attainment> | null): void {
    this.yearAttainment = attainment;
    showTownshipYear(this.map, this.visible ? attainment : null);
  }

  showSuggestions(suggestions: SuggestionDrawing | null): void {
    this.suggestions = suggestions;
    this.redraw();
  }

  private redraw(): void {
    for (const marker of [...this.markers, ...this.suggestionMarkers]) marker.remove();
    this.markers = [];
    this.suggestionMarkers = [];
    const drawing = this.visible ? this.drawing : null;
    const suggestions = this.visible ? this.suggestions : null;

    const units: Feature[] = [];
    const changes: Feature[] = [];
    if (drawing) {
      for (const unit of drawing.gained) units.push(point([unit.lon, unit.lat], { role: 'gained', population: unit.population }));
      for (const unit of drawing.lost) units.push(point([unit.lon, unit.lat], { role: 'lost', population: unit.population }));
      for (const site of drawing.sites) {
        changes.push(point(site.position, { role: 'site', changeIndex: site.changeIndex, slots: site.slots }));
        this.addMarker(this.markers, site.position, badge(String(site.number), 'whatif-badge-site', `#${site.number}`));
      }
      for (const facility of drawing.resized) {
        changes.push(point(facility.position, { role: 'resize' }));
        this.addMarker(
          this.markers,
          facility.position,
          badge(facility.grows ? '+' : '−', 'whatif-badge-resize', `#${facility.number}`),
          [14, -14],
        );
      }
      for (const facility of drawing.removed) {
        changes.push(point(facility.position, { role: 'remove' }));
        this.addMarker(this.markers, facility.position, badge('×', 'whatif-badge-remove', `#${facility.number}`), [14, -14]);
      }
      for (const project of drawing.projects) {
        changes.push(point(project.position, { role: 'project' }));
        this.addMarker(this.markers, project.position, badge(String(project.number), 'whatif-badge-project', `#${project.number}`));
      }
    }
    const suggested: Feature[] = [];
    // An accepted suggestion is a proposed site now, drawn (and numbered) as such.
    for (const site of (suggestions?.sites ?? []).filter((s) => !s.accepted)) {
      suggested.push(point(site.position, { rank: site.rank, accepted: site.accepted }));
      this.addMarker(
        this.suggestionMarkers,
        site.position,
        badge(String(site.rank), `whatif-badge-suggestion${site.accepted ? ' is-accepted' : ''}`, `#${site.rank}`),
      );
    }
    this.setData(WHATIF_UNITS_SOURCE, units);
    this.setData(WHATIF_CHANGES_SOURCE, changes);
    this.setData(WHATIF_SUGGESTIONS_SOURCE, suggested);
  }

  private addMarker(list: Marker[], position: LonLat, element: HTMLElement, offset: [number, number] = [0, 0]): void {
    list.push(new Marker({ element, offset }).setLngLat(position).addTo(this.map));
  }

  private setData(source: string, features: Feature[]): void {
    void this.map.getSource<GeoJSONSource>(source)?.setData({ type: 'FeatureCollection', features });
  }
}
