/**
 * Tuowei web client, the map page: starts the page and routes between its tabs. It builds the map and the
 * panels, wires them to the state (app/state.ts) and to the loads (app/loader.ts), and switches the
 * sidebar tab (overview, project check, what-if) from the tab bar and the URL.
 *
 *   controls ──▶ PageLoader (jurisdiction / year / threshold / projects) ──▶ api/client ──▶ state
 *   state ──▶ layers/* (map sources) and panels/* (summary, township table, layer card)
 *   map clicks ──▶ map/interactions ──▶ popups, the project check, the what-if tab
 */
import './theme/tokens.css';
import './theme/base.css';
import './panels/sidebar.css';
import './print.css';
import './dashboard/header-link';
import './import/header-link';
import './admin/header-link';
import './admin/walkthrough';
import type { Polygon } from 'geojson';
import type { ComplianceResult } from './api/types';
import { PageLoader } from './app/loader';
import {
  facilityInfo,
  facilityPosition,
  initialState,
  projectCheckContext,
  selectionQuery,
  townshipName,
  townshipRow,
  whatIfContext,
  type SidebarTab,
} from './app/state';
import { addHelpButtonAfter, setHelpContext } from './help/drawer';
import { addHelpLink } from './help/header-link';
import { applyDocumentLanguage, onLocaleChange, t } from './i18n/i18n';
import { listenToLanguageButton, renderLanguageButton, renderMarkedText } from './panels/page-header';
import { addFacilityLayers, setFacilityVisibility } from './layers/facilities';
import { addProjectCheckLayers, CheckResultOverlay, DRAFT_SOURCE, setDraft, type LonLat } from './layers/project-check';
import { addProjectLayers, setProjectVisibility } from './layers/projects';
import { addRoadLayers } from './layers/roads';
import { addCatchmentLayers, addServiceAreaLayers, setServiceAreaVisibility } from './layers/service-areas';
import { TownshipLabels } from './layers/township-labels';
import {
  addTownshipLayers,
  addTownshipOutlineLayer,
  setTownshipState,
  setTownshipVisibility,
  TOWNSHIP_FILL_LAYER,
} from './layers/townships';
import { addUncoveredLayers, setUncoveredVisibility } from './layers/uncovered';
import { fetchConfig } from './api/client';
import { BasemapControl } from './map/basemaps';
import { applyMapUiStrings, createMap, type MapUiStrings } from './map/create-map';
import { geometryBBox } from './map/geometry';
import { IdleTracker } from './map/idle';
import { bindMapInteractions } from './map/interactions';
import { MapViewport } from './map/viewport';
import { Controls } from './panels/controls';
import { ErrorBanner } from './panels/error-banner';
import { LayerPanel } from './panels/layer-panel';
import { renderSummary } from './panels/summary';
import { TownshipTable } from './panels/township-table';
import { paintFurniture } from './print/furniture';
import { canvasWithLabels } from './print/labels';
import { MapReport } from './print/map-report';
import { ProjectCheckPanel } from './project-check/panel';
import { addAccessibilityLayer, setAccessibilityMode, setAccessibilityVisibility } from './whatif/accessibility-layer';
import { addWhatIfLayers, WhatIfOverlay } from './whatif/layers';
import { WhatIfPanel } from './whatif/panel';
import { ScheduleOverlay } from './whatif/schedule-layer';

const TOWNSHIP_MAX_ZOOM = 14;
/** Width ÷ height of the map picture on the printed check (print.css: a square beside the explanation). */
const PRINT_MAP_ASPECT = 1;

const state = initialState(window.location.search);

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element as T;
}

applyDocumentLanguage();
// The help (header link, the "?" of each panel) shows the targets of the jurisdiction and year on view.
setHelpContext(() => ({ jurisdictionId: state.detail?.id ?? null, year: state.detail ? state.year : null }));
addHelpLink();
addHelpButtonAfter(document.getElementById('townships-heading'), 'townships', { wrap: true });

function mapUiStrings(): MapUiStrings {
  return { zoomIn: t('zoomIn'), zoomOut: t('zoomOut'), closePopup: t('closePopup') };
}

// --- the page's parts ----------------------------------------------------------------------------

const mapElement = byId('map');
const { map, styleReady } = createMap(mapElement, mapUiStrings());
const idle = new IdleTracker(map, mapElement);
map.on('error', (event) => {
  // Without a listener MapLibre logs to the console as an error; an unreachable optional basemap
  // is worth a warning, not a failure of the page.
  console.warn('Map:', event.error?.message ?? event);
});
const viewport = new MapViewport(map, mapElement, byId('layer-panel'));
const labels = new TownshipLabels(map);
const mapReport = new MapReport(
  {
    map,
    snapshot: () => viewport.snapshot((canvas) => canvasWithLabels(canvas, mapElement)),
    metresPerPixel: (latitude) => viewport.metresPerPixel(latitude),
    jurisdictionName: () => state.detail?.name ?? '',
    sources: () => state.detail?.sources ?? null,
    layerPanel: byId('layer-panel'),
  },
  byId('map-report'),
);
map.addControl(mapReport, 'top-right');
const basemapControl = new BasemapControl(map);
map.addControl(basemapControl, 'top-right');
const errorBanner = new ErrorBanner(byId('error'));
const summaryElement = byId('summary');
const controls = new Controls(byId('controls'), {
  onJurisdiction: (id) => void loader.jurisdiction(id),
  onYear: (year) => {
    state.year = year;
    yearChanged();
  },
  onThreshold: (thresholdMin) => {
    state.thresholdMin = thresholdMin;
    syncUrl();
    renderThresholdDependents();
    void loader.threshold();
    whatIf.thresholdChanged();
  },
});
const table = new TownshipTable(byId('township-table-container'), { onSelect: (code) => selectTownship(code, true) });
const layerPanel = new LayerPanel(byId('layer-panel'), state.layers, (layers) => {
  state.layers = layers;
  applyLayerVisibility();
  void loader.accessibility();
});
layerPanel.onAccessibilityMode(state.accessibilityMode, (mode) => {
  state.accessibilityMode = mode;
  setAccessibilityMode(map, mode);
});
const checkOverlay = new CheckResultOverlay(map);
const projectCheck = new ProjectCheckPanel(
  byId('project-check'),
  {
    context: () => projectCheckContext(state),
    showDraft: (draft) => {
      if (map.getSource(DRAFT_SOURCE)) setDraft(map, draft);
    },
    showResult: (result, footprint) => showCheckResult(result, footprint),
    flyTo: (position) => map.flyTo({ center: position, zoom: Math.max(map.getZoom(), TOWNSHIP_MAX_ZOOM) }),
    pickingChanged: (mode) => {
      // While drawing, a double-click closes the footprint instead of zooming.
      if (mode === 'draw') map.doubleClickZoom.disable();
      else map.doubleClickZoom.enable();
      map.getCanvas().style.cursor = mode ? 'crosshair' : '';
    },
    begin: () => idle.begin(),
    // The facility numbers are HTML markers, not on the canvas: the overlay paints them in.
    // The printed check's map carries its own north arrow and scale bar, painted into the picture.
    snapshot: () =>
      viewport.snapshot((canvas) =>
        checkOverlay.snapshot(canvas, PRINT_MAP_ASPECT, (context, width, height, ratio) =>
          paintFurniture(context, width, height, {
            bearing: map.getBearing(),
            metresPerPixel: viewport.metresPerPixel(map.getCenter().lat),
            ratio,
          }),
        ),
      ),
    sources: () => state.detail?.sources ?? null,
  },
  byId('print-sheet'),
);
const whatIfOverlay = new WhatIfOverlay(map);
const scheduleOverlay = new ScheduleOverlay(map);
const whatIf = new WhatIfPanel(
  byId('whatif'),
  {
    context: () => whatIfContext(state),
    facility: (id) => facilityInfo(state, id),
    townshipName: (code) => townshipName(state, code),
    begin: () => {
      // The panel shows its own progress; it only must not leave the page's loading pill on when a load
      // of the page ended while it was busy (run() clears the pill only when nothing else is).
      const end = idle.begin();
      return () => {
        end();
        if (!idle.isBusy()) document.body.classList.remove('is-loading');
      };
    },
    selectYear,
    fitTo: (points) => viewport.fitPoints(points),
    closePopup: () => viewport.closePopup(),
  },
  whatIfOverlay,
  scheduleOverlay,
);
const loader = new PageLoader({
  state,
  map,
  styleReady,
  idle,
  viewport,
  errorBanner,
  controls,
  layerPanel,
  labels,
  table,
  projectCheck,
  whatIf,
  summaryElement,
  showJurisdictionName: (name) => {
    byId('jurisdiction-name').textContent = name;
    document.title = `${name} · ${t('appTitle')}`;
  },
  renderSummaryPanel,
  applyLayerVisibility,
  syncUrl,
});

// --- rendering -----------------------------------------------------------------------------------

function renderSummaryPanel(): void {
  if (state.summary && state.detail) renderSummary(summaryElement, state.summary, state.detail.profile, state.thresholdMin);
}

function renderThresholdDependents(): void {
  renderSummaryPanel();
  table.setThreshold(state.thresholdMin);
  layerPanel.setThreshold(state.thresholdMin);
}

function renderStaticText(): void {
  renderMarkedText<Parameters<typeof t>[0]>('i18n', (key) => t(key));
  mapElement.setAttribute('aria-label', t('mapLabel'));
  applyMapUiStrings(mapElement, mapUiStrings());
  renderLanguageButton();
  if (state.detail) document.title = `${state.detail.name} · ${t('appTitle')}`;
}

function renderAll(): void {
  renderStaticText();
  controls.render();
  layerPanel.render();
  mapReport.render();
  basemapControl.render();
  renderSummaryPanel();
  table.render();
  projectCheck.render();
  whatIf.render();
  errorBanner.render();
  viewport.closePopup();
}

function applyLayerVisibility(): void {
  if (!map.getLayer(TOWNSHIP_FILL_LAYER)) return;
  setTownshipVisibility(map, state.layers.townships);
  setFacilityVisibility(map, state.layers.facilities, state.layers.nonOperating);
  setServiceAreaVisibility(map, state.layers.serviceAreas);
  setUncoveredVisibility(map, state.layers.uncovered);
  labels.setVisible(state.layers.labels);
  setProjectVisibility(map, state.layers.projects);
  setAccessibilityVisibility(map, state.layers.accessibility);
}

function syncUrl(): void {
  window.history.replaceState(
    null,
    '',
    `${window.location.pathname}?${selectionQuery(state, window.location.search)}${window.location.hash}`,
  );
}

// --- routing: sidebar tabs, year, selection ------------------------------------------------------

const tabButtons = [...document.querySelectorAll<HTMLButtonElement>('.sidebar-tab')];

function setTab(tab: SidebarTab, focus = false): void {
  state.tab = tab;
  for (const button of tabButtons) {
    const selected = button.dataset.tab === tab;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    if (selected && focus) button.focus();
  }
  byId('tabpanel-overview').hidden = tab !== 'overview';
  byId('tabpanel-project-check').hidden = tab !== 'project-check';
  byId('tabpanel-whatif').hidden = tab !== 'whatif';
  viewport.closePopup();
  projectCheck.setActive(tab === 'project-check');
  whatIf.setActive(tab === 'whatif');
  layerPanel.setWhatIfLegend(tab === 'whatif');
  syncUrl();
}

/** Switches the page to `year` as the year select would (a loaded scenario brings its baseline year). */
function selectYear(year: number): void {
  const listed = state.jurisdictions.find((item) => item.id === state.detail?.id);
  const years = listed?.years ?? state.detail?.years ?? [];
  if (year === state.year || !years.includes(year)) return;
  state.year = year;
  controls.update({ year });
  yearChanged();
}

/** The selected year changed: the URL, the year's data, the projects and the panels follow. */
function yearChanged(): void {
  syncUrl();
  void loader.year();
  void loader.threshold();
  void loader.projects();
  projectCheck.yearChanged();
  whatIf.yearChanged();
  void loader.accessibility();
}

function selectTownship(code: string, zoom: boolean): void {
  const feature = townshipRow(state, code);
  if (!feature) return;
  setTownshipState(map, 'selected', state.selectedCode, code);
  state.selectedCode = code;
  table.setSelected(code);
  if (zoom) {
    const bbox = geometryBBox(feature.geometry);
    if (bbox) viewport.fitBBox(bbox, true, TOWNSHIP_MAX_ZOOM);
  }
}

/** The result last fitted, so re-showing it (tab switch) does not move the map again. */
let fittedCheck: object | null = null;

function showCheckResult(result: ComplianceResult | null, footprint: Polygon | null): void {
  if (!result) {
    checkOverlay.show(null);
    return;
  }
  const facilities = result.nearestFacilities.flatMap((facility, index) => {
    const position = facilityPosition(state, facility.id);
    return position ? [{ position, rank: index + 1 }] : [];
  });
  checkOverlay.show({ site: result.site, footprint, compliant: result.compliant, facilities });
  if (result.township) selectTownship(result.township.code, false);
  if (fittedCheck === result) return;
  fittedCheck = result;
  const points: LonLat[] = [
    result.site,
    ...facilities.map((facility) => facility.position),
    ...(footprint?.coordinates[0] ?? []).map(([lon, lat]) => [lon!, lat!] as LonLat),
  ];
  viewport.fitPoints(points);
}

// --- start ---------------------------------------------------------------------------------------

listenToLanguageButton();
onLocaleChange(() => {
  renderAll();
  projectCheck.languageChanged();
  void loader.projects();
});
for (const button of tabButtons) {
  button.addEventListener('click', () => setTab(button.dataset.tab as SidebarTab));
  button.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const index = tabButtons.indexOf(button) + (event.key === 'ArrowRight' ? 1 : -1);
    const next = tabButtons[(index + tabButtons.length) % tabButtons.length];
    if (next) setTab(next.dataset.tab as SidebarTab, true);
  });
}
renderAll();
setTab(state.tab);

void styleReady.then(() => {
  // Bottom to top: township fills, roads (the offline basemap's streets), service areas, township outlines, accessibility, catchment, uncovered,
  // facilities, projects, the project check, the what-if proposal.
  addTownshipLayers(map);
  addRoadLayers(map, t('basemapOfflineAttribution'));
  addServiceAreaLayers(map);
  addTownshipOutlineLayer(map);
  addAccessibilityLayer(map);
  setAccessibilityMode(map, state.accessibilityMode);
  addCatchmentLayers(map);
  addUncoveredLayers(map);
  addFacilityLayers(map);
  addProjectLayers(map);
  addProjectCheckLayers(map);
  addWhatIfLayers(map);
  scheduleOverlay.addLayers();
  applyLayerVisibility();
  whatIf.refresh();
  bindMapInteractions(map, {
    state,
    viewport,
    projectCheck,
    whatIf,
    selectTownship,
    showCatchment: (facilityId, target) => loader.catchment(facilityId, target),
    showProjectCheck: () => setTab('project-check'),
  });
});

void loader.jurisdictions();
// The configured basemaps; without any (or when the call fails) the offline basemap stays, alone.
void Promise.all([fetchConfig(), styleReady])
  .then(([config]) => basemapControl.setBasemaps(config.basemaps))
  .catch((error: unknown) => console.warn('Basemaps:', error));
