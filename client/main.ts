/**
 * Tuowei web client: follows one selection (jurisdiction, year, walking threshold) from the public API
 * to the map layers and the sidebar panels.
 *
 *   controls ──▶ loadJurisdiction / loadYear / loadThreshold ──▶ api/client ──▶ state
 *   state ──▶ layers/* (map sources) and panels/* (summary, township table, layer card)
 *
 * Year data (summary, townships, facilities) and threshold data (service areas, uncovered residents)
 * load separately, so switching the threshold does not refetch the year. The residential projects of the
 * year load on their own too; the "check a project" tab (project-check/panel) takes map clicks while open,
 * and so does the "what-if" tab (whatif/panel), which places proposed sites and adds resize/remove
 * actions to facility popups. The accessibility layer (E2SFCA) loads only when switched on.
 */
import { isAbort, restart } from './api/cancellation';
import { requestedJurisdiction } from './api/url-selection';
import './theme/tokens.css';
import './theme/base.css';
import './panels/sidebar.css';
import './print.css';
import './dashboard/header-link';
import { Popup, type MapGeoJSONFeature, type MapMouseEvent } from 'maplibre-gl';
import {
  fetchCatchment,
  fetchFacilities,
  fetchJurisdiction,
  fetchJurisdictions,
  fetchProjects,
  fetchServiceAreas,
  fetchSummary,
  fetchTownships,
  fetchUncovered,
  projectsCsvUrl,
} from './api/client';
import type { Polygon } from 'geojson';
import type {
  ComplianceResult,
  DistrictSummary,
  FacilityCollection,
  JurisdictionDetail,
  JurisdictionListItem,
  ProjectRow,
  TownshipCollection,
  UncoveredCollection,
} from './api/types';
import { applyDocumentLanguage, formatInteger, getLocale, onLocaleChange, setLocale, t } from './i18n/i18n';
import {
  addFacilityLayers,
  FACILITY_INACTIVE_LAYER,
  FACILITY_LAYER,
  setFacilityData,
  setFacilityVisibility,
} from './layers/facilities';
import { addProjectCheckLayers, CheckResultOverlay, DRAFT_SOURCE, setDraft, type LonLat } from './layers/project-check';
import { addProjectLayers, PROJECT_LAYER, projectPopup, setProjectData, setProjectVisibility } from './layers/projects';
import {
  addCatchmentLayers,
  addServiceAreaLayers,
  setCatchmentData,
  setServiceAreaData,
  setServiceAreaVisibility,
} from './layers/service-areas';
import { TownshipLabels } from './layers/township-labels';
import {
  addTownshipLayers,
  addTownshipOutlineLayer,
  setTownshipData,
  setTownshipState,
  setTownshipVisibility,
  TOWNSHIP_FILL_LAYER,
} from './layers/townships';
import { addUncoveredLayers, setUncoveredData, setUncoveredVisibility, UNCOVERED_LAYER } from './layers/uncovered';
import { applyMapUiStrings, createMap, type MapUiStrings } from './map/create-map';
import { geometryBBox, type BBox } from './map/geometry';
import { IdleTracker } from './map/idle';
import { facilityPopup, townshipPopup, uncoveredPopup } from './map/popups';
import { Controls } from './panels/controls';
import { ErrorBanner } from './panels/error-banner';
import { defaultLayerVisibility, LayerPanel, type LayerVisibility } from './panels/layer-panel';
import { ProjectCheckPanel, type ProjectCheckContext } from './project-check/panel';
import { renderSummary } from './panels/summary';
import { TownshipTable } from './panels/township-table';
import {
  addAccessibilityLayer,
  setAccessibilityData,
  setAccessibilityMode,
  setAccessibilityVisibility,
  type AccessibilityMode,
} from './whatif/accessibility-layer';
import { fetchAccessibilityUnits } from './whatif/api';
import { addWhatIfLayers, WHATIF_SITE_LAYER, WHATIF_SUGGESTION_LAYER, WhatIfOverlay } from './whatif/layers';
import { WhatIfPanel, type FacilityInfo, type WhatIfContext } from './whatif/panel';

/** The threshold shown first: the plans' 15-minute service circle. */
const DEFAULT_THRESHOLD_MIN = 15;
const FIT_PADDING_PX = 48;
const TOWNSHIP_MAX_ZOOM = 14;
/** Closest zoom when fitting a checked project and its nearest facilities. */
const PROJECT_CHECK_MAX_ZOOM = 15;
/** A click this many pixels from a footprint corner counts as the same corner (double-click, closing). */
const CORNER_TOLERANCE_PX = 6;
/** MapLibre's tile size: metres per pixel = equator circumference × cos(lat) / (512 × 2^zoom). */
const TILE_SIZE_PX = 512;
const EQUATOR_CIRCUMFERENCE_M = 40_075_016.686;

/** Width ÷ height of the map picture on the printed check (print.css: a square beside the explanation). */
const PRINT_MAP_ASPECT = 1;

type SidebarTab = 'overview' | 'project-check' | 'whatif';

/** The `panel` URL parameter of each tab but the first. */
const TAB_PARAMS: Partial<Record<SidebarTab, string>> = { 'project-check': 'check', whatif: 'whatif' };

interface AppState {
  jurisdictions: JurisdictionListItem[];
  detail: JurisdictionDetail | null;
  year: number | null;
  thresholdMin: number;
  summary: DistrictSummary | null;
  townships: TownshipCollection | null;
  facilities: FacilityCollection | null;
  uncovered: UncoveredCollection | null;
  projects: ProjectRow[];
  selectedCode: string | null;
  hoverCode: string | null;
  layers: LayerVisibility;
  tab: SidebarTab;
  accessibilityMode: AccessibilityMode;
  /** Jurisdiction and year of the accessibility units on the map ("" when none). */
  accessibilityLoaded: string;
}

const state: AppState = {
  jurisdictions: [],
  detail: null,
  year: null,
  thresholdMin: DEFAULT_THRESHOLD_MIN,
  summary: null,
  townships: null,
  facilities: null,
  uncovered: null,
  projects: [],
  selectedCode: null,
  hoverCode: null,
  layers: { ...defaultLayerVisibility },
  tab: tabOfParam(new URLSearchParams(window.location.search).get('panel')),
  accessibilityMode: 'all',
  accessibilityLoaded: '',
};

function tabOfParam(param: string | null): SidebarTab {
  const found = (Object.entries(TAB_PARAMS) as [SidebarTab, string][]).find(([, value]) => value === param);
  return found ? found[0] : 'overview';
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element as T;
}

applyDocumentLanguage();

function mapUiStrings(): MapUiStrings {
  return { zoomIn: t('zoomIn'), zoomOut: t('zoomOut'), closePopup: t('closePopup') };
}

const mapElement = byId('map');
const { map, styleReady } = createMap(mapElement, mapUiStrings());
const idle = new IdleTracker(map, mapElement);
map.on('error', (event) => {
  // Without a listener MapLibre logs to the console as an error; an unreachable optional basemap
  // is worth a warning, not a failure of the page.
  console.warn('Map:', event.error?.message ?? event);
});
const labels = new TownshipLabels(map);
const errorBanner = new ErrorBanner(byId('error'));
const summaryElement = byId('summary');
const controls = new Controls(byId('controls'), {
  onJurisdiction: (id) => void loadJurisdiction(id),
  onYear: (year) => {
    state.year = year;
    yearChanged();
  },
  onThreshold: (thresholdMin) => {
    state.thresholdMin = thresholdMin;
    syncUrl();
    renderThresholdDependents();
    void loadThreshold();
    whatIf.thresholdChanged();
  },
});
const table = new TownshipTable(byId('township-table-container'), { onSelect: (code) => selectTownship(code, true) });
const layerPanel = new LayerPanel(byId('layer-panel'), state.layers, (layers) => {
  state.layers = layers;
  applyLayerVisibility();
  void loadAccessibility();
});
layerPanel.onAccessibilityMode(state.accessibilityMode, (mode) => {
  state.accessibilityMode = mode;
  setAccessibilityMode(map, mode);
});
const checkOverlay = new CheckResultOverlay(map);
const projectCheck = new ProjectCheckPanel(
  byId('project-check'),
  {
    context: projectCheckContext,
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
    snapshot: () => mapSnapshot(),
  },
  byId('print-sheet'),
);
const whatIfOverlay = new WhatIfOverlay(map);
const whatIf = new WhatIfPanel(
  byId('whatif'),
  {
    context: whatIfContext,
    facility: facilityInfo,
    townshipName: (code) => (code ? (townshipRow(code)?.properties.name ?? code) : null),
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
    fitTo: (points) => fitPoints(points),
    closePopup: () => closePopup(),
  },
  whatIfOverlay,
);

// --- cancellation and error handling -------------------------------------------------------------

/** Runs one load with the busy indicator; shows failures (not cancellations) in the error banner. */
async function run(task: () => Promise<void>, retry: () => void): Promise<void> {
  const end = idle.begin();
  errorBanner.clear();
  document.body.classList.add('is-loading');
  try {
    await task();
  } catch (error) {
    if (!isAbort(error)) errorBanner.show(error, () => {
      errorBanner.clear();
      retry();
    });
  } finally {
    end();
    if (!idle.isBusy()) document.body.classList.remove('is-loading');
  }
}

// --- loading -------------------------------------------------------------------------------------

async function loadJurisdictions(): Promise<void> {
  await run(
    async () => {
      const signal = restart('jurisdictions');
      state.jurisdictions = await fetchJurisdictions(signal);
      const chosen = requestedJurisdiction(state.jurisdictions);
      controls.update({ jurisdictions: state.jurisdictions });
      if (!chosen) {
        summaryElement.textContent = t('noData');
        return;
      }
      await loadJurisdiction(chosen.id, true);
    },
    () => void loadJurisdictions(),
  );
}

async function loadJurisdiction(id: string, initial = false): Promise<void> {
  await run(
    async () => {
      const signal = restart('jurisdiction');
      controls.update({ jurisdictionId: id });
      const detail = await fetchJurisdiction(id, signal);
      const listed = state.jurisdictions.find((item) => item.id === id);
      const years = listed?.years ?? detail.years ?? [detail.year];
      const params = new URLSearchParams(window.location.search);
      const requestedYear = initial ? Number(params.get('year')) : NaN;
      const requestedThreshold = initial ? Number(params.get('t')) : NaN;
      const thresholds = detail.profile.parameters.thresholdsMin?.length ? detail.profile.parameters.thresholdsMin : [5, 10, 15];
      state.detail = detail;
      state.year = years.includes(requestedYear) ? requestedYear : detail.year;
      state.thresholdMin = thresholds.includes(requestedThreshold)
        ? requestedThreshold
        : thresholds.includes(state.thresholdMin)
          ? state.thresholdMin
          : (thresholds.includes(DEFAULT_THRESHOLD_MIN) ? DEFAULT_THRESHOLD_MIN : Math.max(...thresholds));
      state.selectedCode = null;
      state.projects = [];
      state.accessibilityLoaded = '';
      projectCheck.reset();
      controls.update({ jurisdictionId: id, years, year: state.year, thresholdsMin: thresholds, thresholdMin: state.thresholdMin });
      layerPanel.setThreshold(state.thresholdMin);
      byId('jurisdiction-name').textContent = detail.name;
      document.title = `${detail.name} · ${t('appTitle')}`;
      syncUrl();
      whatIf.reset();
      await styleReady;
      if (detail.bbox) fitBBox(detail.bbox, false);
      await Promise.all([loadYear(), loadThreshold(), loadProjects(), loadAccessibility()]);
    },
    () => void loadJurisdiction(id, initial),
  );
}

async function loadYear(): Promise<void> {
  const { detail, year } = state;
  if (!detail || year === null) return;
  await run(
    async () => {
      const signal = restart('year');
      closePopup();
      const [summary, townships, facilities] = await Promise.all([
        fetchSummary(detail.id, year, signal),
        fetchTownships(detail.id, year, signal),
        fetchFacilities(detail.id, year, signal),
      ]);
      state.summary = summary;
      state.townships = townships;
      state.facilities = facilities;
      await styleReady;
      setTownshipData(map, townships);
      setFacilityData(map, facilities);
      labels.setData(townships);
      applyLayerVisibility();
      if (state.selectedCode !== null) setTownshipState(map, 'selected', null, state.selectedCode);
      renderSummaryPanel();
      table.setData(
        townships.features.map((feature) => feature.properties),
        state.thresholdMin,
      );
      table.setSelected(state.selectedCode);
      // Resized and removed facilities are drawn at the year's facility positions.
      whatIf.refresh();
    },
    () => void loadYear(),
  );
}

/** The E2SFCA accessibility units of the year, loaded once the layer is switched on. */
async function loadAccessibility(): Promise<void> {
  const { detail, year } = state;
  if (!detail || year === null || !state.layers.accessibility) return;
  const key = `${detail.id}:${year}`;
  if (state.accessibilityLoaded === key) return;
  await run(
    async () => {
      const signal = restart('accessibility');
      const units = await fetchAccessibilityUnits(detail.id, year, signal);
      await styleReady;
      setAccessibilityData(map, units);
      state.accessibilityLoaded = key;
    },
    () => void loadAccessibility(),
  );
}

/** Service areas and uncovered residents, which depend on both the year and the threshold: reload on either. */
async function loadThreshold(): Promise<void> {
  const { detail, year, thresholdMin } = state;
  if (!detail || year === null) return;
  await run(
    async () => {
      const signal = restart('threshold');
      closePopup();
      setCatchmentData(map, null);
      const [areas, uncovered] = await Promise.all([
        fetchServiceAreas(detail.id, year, thresholdMin, signal),
        fetchUncovered(detail.id, year, thresholdMin, signal),
      ]);
      state.uncovered = uncovered;
      await styleReady;
      setServiceAreaData(map, areas);
      setUncoveredData(map, uncovered);
    },
    () => void loadThreshold(),
  );
}

/** The year's residential projects with their checks: the map layer, the CSV link and the panel's count. */
async function loadProjects(): Promise<void> {
  const { detail, year } = state;
  if (!detail || year === null) return;
  await run(
    async () => {
      const signal = restart('projects');
      const language = getLocale();
      const rows = await fetchProjects(detail.id, year, language, signal);
      state.projects = rows;
      await styleReady;
      setProjectData(map, rows);
      const csvUrl = rows.length > 0 ? projectsCsvUrl(detail.id, year, language) : null;
      layerPanel.setProjectsCsvUrl(csvUrl);
      projectCheck.setProjects(rows, csvUrl);
    },
    () => void loadProjects(),
  );
}

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
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n as Parameters<typeof t>[0];
    element.textContent = t(key);
  }
  mapElement.setAttribute('aria-label', t('mapLabel'));
  applyMapUiStrings(mapElement, mapUiStrings());
  const languageButton = byId<HTMLButtonElement>('language-toggle');
  languageButton.textContent = t('languageOther');
  languageButton.setAttribute('aria-label', `${t('language')}: ${t('languageOther')}`);
  languageButton.lang = getLocale() === 'zh' ? 'en' : 'zh-CN';
  if (state.detail) document.title = `${state.detail.name} · ${t('appTitle')}`;
}

function renderAll(): void {
  renderStaticText();
  controls.render();
  layerPanel.render();
  renderSummaryPanel();
  table.render();
  projectCheck.render();
  whatIf.render();
  errorBanner.render();
  closePopup();
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
  const params = new URLSearchParams(window.location.search);
  if (state.detail) params.set('j', state.detail.id);
  if (state.year !== null) params.set('year', String(state.year));
  params.set('t', String(state.thresholdMin));
  const panel = TAB_PARAMS[state.tab];
  if (panel) params.set('panel', panel);
  else params.delete('panel');
  window.history.replaceState(null, '', `${window.location.pathname}?${params.toString()}${window.location.hash}`);
}

/** Keeps fitted areas clear of the layer card when the map is wide enough to spare the room. */
function fitPadding(): { top: number; right: number; bottom: number; left: number } {
  const card = byId('layer-panel');
  const mapWidth = mapElement.clientWidth;
  const cardRoom = card.offsetWidth + FIT_PADDING_PX / 2;
  const left = mapWidth > 2.5 * cardRoom ? cardRoom + FIT_PADDING_PX / 2 : FIT_PADDING_PX;
  return { top: FIT_PADDING_PX, right: FIT_PADDING_PX, bottom: FIT_PADDING_PX, left };
}

function fitBBox(bbox: BBox, animate: boolean, maxZoom?: number): void {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  if (![minLon, minLat, maxLon, maxLat].every(Number.isFinite)) return;
  map.fitBounds(
    [
      [minLon, minLat],
      [maxLon, maxLat],
    ],
    { padding: fitPadding(), animate, ...(maxZoom === undefined ? {} : { maxZoom }) },
  );
}

/** Fits the map to a few points (a checked project and its facilities, suggested sites), not closer than a street. */
function fitPoints(points: readonly LonLat[]): void {
  const lons = points.map((point) => point[0]);
  const lats = points.map((point) => point[1]);
  fitBBox([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], true, PROJECT_CHECK_MAX_ZOOM);
}

// --- sidebar tabs and the project check ----------------------------------------------------------

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
  closePopup();
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
  void loadYear();
  void loadThreshold();
  void loadProjects();
  projectCheck.yearChanged();
  whatIf.yearChanged();
  void loadAccessibility();
}

function whatIfContext(): WhatIfContext | null {
  const { detail, year } = state;
  if (!detail || year === null) return null;
  return { jurisdictionId: detail.id, year, thresholdMin: state.thresholdMin, walkSpeedKmh: detail.profile.parameters.walkSpeedKmh };
}

function facilityInfo(id: string): FacilityInfo | null {
  const facility = state.facilities?.features.find((feature) => String(feature.properties.id) === id);
  const [lon, lat] = facility?.geometry.coordinates ?? [];
  if (!facility || lon === undefined || lat === undefined) return null;
  const { name, slots, inclusiveSlots, operating } = facility.properties;
  return { id, name, slots, inclusiveSlots, operating, position: [lon, lat] };
}

function numberParameter(name: 'personsPerHousehold' | 'newCommunitySlotsPer1000'): number | null {
  const value = state.detail?.profile.parameters[name];
  return value !== undefined && Number.isFinite(value) ? value : null;
}

function projectCheckContext(): ProjectCheckContext | null {
  const { detail, year } = state;
  if (!detail || year === null) return null;
  return {
    jurisdictionId: detail.id,
    jurisdictionName: detail.name,
    year,
    personsPerHousehold: numberParameter('personsPerHousehold'),
    standardSlotsPer1000: numberParameter('newCommunitySlotsPer1000'),
  };
}

function facilityPosition(id: string): LonLat | null {
  const facility = state.facilities?.features.find((feature) => feature.properties.id === id);
  const [lon, lat] = facility?.geometry.coordinates ?? [];
  return lon !== undefined && lat !== undefined ? [lon, lat] : null;
}

/** The result last fitted, so re-showing it (tab switch) does not move the map again. */
let fittedCheck: object | null = null;

function showCheckResult(result: ComplianceResult | null, footprint: Polygon | null): void {
  if (!result) {
    checkOverlay.show(null);
    return;
  }
  const facilities = result.nearestFacilities.flatMap((facility, index) => {
    const position = facilityPosition(facility.id);
    return position ? [{ position, rank: index + 1 }] : [];
  });
  checkOverlay.show({ site: result.site, footprint, compliant: result.compliant, facilities });
  if (result.township) selectTownship(result.township.code, false);
  if (fittedCheck === result) return;
  fittedCheck = result;
  const points: LonLat[] = [result.site, ...facilities.map((facility) => facility.position), ...(footprint?.coordinates[0] ?? []).map(([lon, lat]) => [lon!, lat!] as LonLat)];
  fitPoints(points);
}

/**
 * A PNG of the map for the printed check, with the facility numbers (HTML markers, not on the canvas)
 * painted in. Read inside the 'render' event, while the WebGL drawing buffer still holds the frame.
 */
function mapSnapshot(): Promise<string | null> {
  const capture = (): Promise<string | null> =>
    new Promise((resolve) => {
      map.once('render', () => {
        try {
          resolve(checkOverlay.snapshot(map.getCanvas(), PRINT_MAP_ASPECT));
        } catch {
          resolve(null); // a tainted canvas (foreign basemap without CORS) cannot be read
        }
      });
      map.triggerRepaint();
    });
  if (!map.isMoving() && map.loaded()) return capture();
  return new Promise((resolve) => map.once('idle', () => void capture().then(resolve)));
}

function metresPerPixel(latitude: number): number {
  return (EQUATOR_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (TILE_SIZE_PX * 2 ** map.getZoom());
}

// --- selection and popups ------------------------------------------------------------------------

let popup: Popup | null = null;

function closePopup(): void {
  popup?.remove();
  popup = null;
}

function openPopup(lngLat: [number, number], content: HTMLElement): void {
  closePopup();
  popup = new Popup({ maxWidth: '300px', closeButton: true, focusAfterOpen: false }).setLngLat(lngLat).setDOMContent(content).addTo(map);
}

function townshipRow(code: string) {
  return state.townships?.features.find((feature) => feature.properties.code === code) ?? null;
}

function selectTownship(code: string, zoom: boolean): void {
  const feature = townshipRow(code);
  if (!feature) return;
  setTownshipState(map, 'selected', state.selectedCode, code);
  state.selectedCode = code;
  table.setSelected(code);
  if (zoom) {
    const bbox = geometryBBox(feature.geometry);
    if (bbox) fitBBox(bbox, true, TOWNSHIP_MAX_ZOOM);
  }
}

async function showCatchment(facilityId: string, target: HTMLElement | null): Promise<void> {
  const { detail, year, thresholdMin } = state;
  if (!detail || year === null) return;
  await run(
    async () => {
      const signal = restart('catchment');
      const catchment = await fetchCatchment(detail.id, facilityId, thresholdMin, year, signal);
      setCatchmentData(map, catchment);
      if (target) {
        target.textContent = t('catchmentPopulation', { n: thresholdMin, population: formatInteger(catchment.properties.population) });
      }
    },
    () => void showCatchment(facilityId, target),
  );
}

const clickableLayers = [WHATIF_SITE_LAYER, WHATIF_SUGGESTION_LAYER, PROJECT_LAYER, FACILITY_LAYER, FACILITY_INACTIVE_LAYER, UNCOVERED_LAYER, TOWNSHIP_FILL_LAYER];
/** Layers whose click opens a popup even while the what-if tab places sites. */
const whatIfClickable = new Set([WHATIF_SITE_LAYER, PROJECT_LAYER, FACILITY_LAYER, FACILITY_INACTIVE_LAYER]);

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

function onMapClick(event: MapMouseEvent): void {
  const lngLat: [number, number] = [event.lngLat.lng, event.lngLat.lat];
  if (projectCheck.handleMapClick(lngLat, CORNER_TOLERANCE_PX * metresPerPixel(event.lngLat.lat))) {
    closePopup();
    return;
  }
  const feature = topFeature(event);
  if (whatIf.placing() && !(feature && whatIfClickable.has(feature.layer.id))) {
    // A suggested site is placed where it is (the panel accepts it); elsewhere a new site is placed.
    if (feature?.layer.id !== WHATIF_SUGGESTION_LAYER) whatIf.handleMapClick(lngLat);
    closePopup();
    return;
  }
  if (!feature || state.year === null) {
    closePopup();
    return;
  }
  const layer = feature.layer.id;
  if (layer === WHATIF_SITE_LAYER) {
    const index = Number(feature.properties.changeIndex);
    const content = whatIf.sitePopup(index);
    const position = whatIf.sitePosition(index);
    if (content && position) openPopup(position, content);
  } else if (layer === PROJECT_LAYER) {
    const id = String(feature.properties.id);
    const row = state.projects.find((candidate) => candidate.id === id);
    if (!row) return;
    openPopup(
      row.site,
      projectPopup(row, () => {
        setTab('project-check');
        projectCheck.showProject(row);
      }),
    );
  } else if (layer === FACILITY_LAYER || layer === FACILITY_INACTIVE_LAYER) {
    const id = String(feature.properties.id);
    const facility = state.facilities?.features.find((candidate) => String(candidate.properties.id) === id);
    if (!facility) return;
    const [lon, lat] = facility.geometry.coordinates;
    const townshipCode = facility.properties.township;
    const townshipName = townshipCode ? (townshipRow(townshipCode)?.properties.name ?? townshipCode) : null;
    const content = facilityPopup({ ...facility.properties, township: townshipName }, state.year, state.thresholdMin, () => {
      void showCatchment(id, content.querySelector<HTMLElement>('[data-role="catchment"]'));
    });
    const info = facilityInfo(id);
    const whatIfActions = info ? whatIf.facilityActions(info) : null;
    if (whatIfActions) content.append(whatIfActions);
    openPopup(lon !== undefined && lat !== undefined ? [lon, lat] : lngLat, content);
  } else if (layer === UNCOVERED_LAYER) {
    const id = String(feature.properties.id);
    const unit = state.uncovered?.features.find((candidate) => String(candidate.properties.id) === id);
    if (!unit) return;
    const townshipName = unit.properties.township ? (townshipRow(unit.properties.township)?.properties.name ?? unit.properties.township) : null;
    openPopup(lngLat, uncoveredPopup(unit.properties, townshipName));
  } else {
    const code = String(feature.properties.code);
    const row = townshipRow(code);
    if (!row) return;
    selectTownship(code, false);
    openPopup(lngLat, townshipPopup(row.properties, state.thresholdMin));
  }
}

function onMapMove(event: MapMouseEvent): void {
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

// --- start ---------------------------------------------------------------------------------------

byId('language-toggle').addEventListener('click', () => setLocale(getLocale() === 'zh' ? 'en' : 'zh'));
onLocaleChange(() => {
  renderAll();
  projectCheck.languageChanged();
  void loadProjects();
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
  // Bottom to top: township fills, service areas, township outlines, accessibility, catchment, uncovered,
  // facilities, projects, the project check, the what-if proposal.
  addTownshipLayers(map);
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
  applyLayerVisibility();
  whatIf.refresh();
  map.on('click', onMapClick);
  map.on('dblclick', (event) => {
    if (projectCheck.handleMapDoubleClick()) event.preventDefault();
  });
  map.on('mousemove', onMapMove);
  map.on('mouseout', () => {
    projectCheck.handleMapMove(null);
    if (state.hoverCode !== null) setTownshipState(map, 'hover', state.hoverCode, null);
    state.hoverCode = null;
  });
});

void loadJurisdictions();
