/**
 * Creates the MapLibre map. By default it needs no network: a plain background on which our own layers
 * are drawn (no tiles, glyphs or sprites). A basemap style URL can be configured with `?basemap=URL`
 * or `window.TUOWEI_BASEMAP`; our layers are then drawn on top of it.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { StyleSpecification } from 'maplibre-gl';
import './map.css';

maplibregl.setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** Optional basemap style URL set by the page that hosts the client. */
    TUOWEI_BASEMAP?: string;
  }
}

export const BACKGROUND_COLOR = '#eef1f4';

const offlineStyle: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }],
};

/** The configured basemap style URL, if any (query parameter first, then the page global). */
export function basemapUrl(): string | null {
  const fromQuery = new URLSearchParams(window.location.search).get('basemap');
  if (fromQuery) return fromQuery;
  return typeof window.TUOWEI_BASEMAP === 'string' && window.TUOWEI_BASEMAP.length > 0 ? window.TUOWEI_BASEMAP : null;
}

/** MapLibre's own control texts, in the UI language (its `locale` option is read only at creation). */
export interface MapUiStrings {
  zoomIn: string;
  zoomOut: string;
  closePopup: string;
}

export function applyMapUiStrings(container: HTMLElement, strings: MapUiStrings): void {
  const set = (selector: string, text: string): void => {
    for (const element of container.querySelectorAll<HTMLElement>(selector)) {
      element.title = text;
      element.setAttribute('aria-label', text);
    }
  };
  set('.maplibregl-ctrl-zoom-in', strings.zoomIn);
  set('.maplibregl-ctrl-zoom-out', strings.zoomOut);
  set('.maplibregl-popup-close-button', strings.closePopup);
}

export interface CreatedMap {
  map: maplibregl.Map;
  /** Resolves once the style is loaded and layers can be added. */
  styleReady: Promise<void>;
}

/** Builds the map in `container`; controls are labelled with `strings`. */
export function createMap(container: HTMLElement, strings: MapUiStrings): CreatedMap {
  const map = new maplibregl.Map({
    container,
    locale: {
      'NavigationControl.ZoomIn': strings.zoomIn,
      'NavigationControl.ZoomOut': strings.zoomOut,
      'Popup.Close': strings.closePopup,
    },
    style: basemapUrl() ?? offlineStyle,
    center: [120.6, 28.0],
    zoom: 10,
    attributionControl: { compact: true },
    dragRotate: false,
    pitchWithRotate: false,
    fadeDuration: 0,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-right');
  const styleReady = new Promise<void>((resolve) => {
    if (map.isStyleLoaded()) resolve();
    else map.once('load', () => resolve());
  });
  return { map, styleReady };
}
