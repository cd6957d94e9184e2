/**
 * Residential projects of the data package, each with its new-community check (≥ 10 slots per 1,000
 * residents): a small house-shaped marker at the project's site, green when compliant, red when short.
 * The icons are drawn on a canvas at start, so the layer needs no sprite or glyph server.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import type { ProjectRow } from '../api/types';
import { formatInteger, formatMetres, t, tMaybe } from '../i18n/i18n';
import { h } from '../panels/dom';

export const PROJECT_SOURCE = 'projects';
export const PROJECT_LAYER = 'projects-marker';

export const projectColors = {
  compliant: '#1a9850',
  short: '#d7301f',
} as const;

const ICON_COMPLIANT = 'project-compliant';
const ICON_SHORT = 'project-short';
/** Icon edge in CSS pixels; drawn at twice the resolution for sharp edges on high-density screens. */
const ICON_SIZE_PX = 22;
const ICON_PIXEL_RATIO = 2;

interface ProjectMapProperties {
  id: string;
  compliant: boolean;
}

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** A rounded square in `color` with a white border and a white house: reads as "housing", not a facility circle. */
function houseIcon(color: string): ImageData {
  const size = ICON_SIZE_PX * ICON_PIXEL_RATIO;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d')!;
  context.scale(ICON_PIXEL_RATIO, ICON_PIXEL_RATIO);
  const s = ICON_SIZE_PX;
  context.beginPath();
  context.roundRect(1.5, 1.5, s - 3, s - 3, 5);
  context.fillStyle = color;
  context.fill();
  context.lineWidth = 2;
  context.strokeStyle = '#ffffff';
  context.stroke();
  // The house: a roof triangle over a body with a door.
  context.fillStyle = '#ffffff';
  context.beginPath();
  context.moveTo(s / 2, 5.5);
  context.lineTo(s - 5.5, 11);
  context.lineTo(5.5, 11);
  context.closePath();
  context.fill();
  context.fillRect(7.5, 10.5, s - 15, 6.5);
  context.fillStyle = color;
  context.fillRect(s / 2 - 1.3, 13, 2.6, 4);
  return context.getImageData(0, 0, size, size);
}

export function addProjectLayers(map: MapLibreMap): void {
  if (!map.hasImage(ICON_COMPLIANT)) map.addImage(ICON_COMPLIANT, houseIcon(projectColors.compliant), { pixelRatio: ICON_PIXEL_RATIO });
  if (!map.hasImage(ICON_SHORT)) map.addImage(ICON_SHORT, houseIcon(projectColors.short), { pixelRatio: ICON_PIXEL_RATIO });
  map.addSource(PROJECT_SOURCE, { type: 'geojson', data: empty, promoteId: 'id' });
  map.addLayer({
    id: PROJECT_LAYER,
    type: 'symbol',
    source: PROJECT_SOURCE,
    layout: {
      'icon-image': ['case', ['get', 'compliant'], ICON_COMPLIANT, ICON_SHORT],
      'icon-size': ['interpolate', ['linear'], ['zoom'], 10, 0.8, 14, 1.1],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      // Short projects drawn last, on top: they are the ones a reviewer looks for.
      'symbol-sort-key': ['case', ['get', 'compliant'], 0, 1],
    },
  });
}

export function setProjectData(map: MapLibreMap, rows: ProjectRow[]): void {
  const data: FeatureCollection<Point, ProjectMapProperties> = {
    type: 'FeatureCollection',
    features: rows.map((row) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [row.site[0], row.site[1]] },
      properties: { id: row.id, compliant: row.compliant },
    })),
  };
  void map.getSource<GeoJSONSource>(PROJECT_SOURCE)?.setData(data);
}

export function setProjectVisibility(map: MapLibreMap, visible: boolean): void {
  map.setLayoutProperty(PROJECT_LAYER, 'visibility', visible ? 'visible' : 'none');
}

/** Popup of one project: the check in brief, and a button that opens the full result card. */
export function projectPopup(row: ProjectRow, onOpen: () => void): HTMLElement {
  const button = h('button', { type: 'button', className: 'button button-small button-primary' }, t('pcOpenInPanel'));
  button.addEventListener('click', onOpen);
  const population =
    row.populationSource === 'households'
      ? t('pcPopulationFromHouseholds', {
          households: formatInteger(row.households),
          perHousehold: String(row.personsPerHousehold),
          population: formatInteger(row.population),
        })
      : formatInteger(row.population);
  const entries: [string, string][] = [
    [t('facilityStatus'), `${tMaybe(`pcStatus_${row.status}`, row.status)}${row.projectYear ? ` · ${row.projectYear}` : ''}`],
    [t('pcPopulation'), population],
    [t('pcRequiredVsPlanned'), `${formatInteger(row.requiredSlots)} / ${formatInteger(row.plannedSlots)}`],
    [t('township'), row.township?.name ?? '–'],
    [t('pcNearestFacility'), formatMetres(row.nearestFacilityDistanceM)],
  ];
  return h(
    'div',
    { className: 'popup popup-project' },
    h('h3', {}, row.name),
    h(
      'p',
      { className: `popup-status ${row.compliant ? 'is-compliant' : 'is-short'}` },
      row.compliant ? t('pcCompliant') : t('pcShortBy', { n: formatInteger(row.shortfall) }),
    ),
    h(
      'dl',
      { className: 'popup-rows' },
      entries.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value))),
    ),
    h('div', { className: 'popup-actions' }, button),
  );
}
