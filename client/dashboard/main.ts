/**
 * The health bureau's indicator dashboard (dashboard.html): follows one selection (jurisdiction, year,
 * indicator) from the API to the panels.
 *
 *   year ──▶ indicator table, township drill-down, map colours, reports (CSV, Excel, print)
 *   indicator ──▶ trend chart 2022–2027, explanation + reported-value form, map colours, highlighted column
 *   session (auth/) ──▶ bureau functions: reported values, facility registry edits and history
 *
 * Every edit (a facility, a reported value) reloads the year's table, drill-down and trend, so what the
 * page shows is always what the server computes for the new data version.
 */
import { restart } from '../api/cancellation';
import { requestedJurisdiction } from '../api/url-selection';
import '../theme/tokens.css';
import '../theme/base.css';
import '../theme/page-header.css';
import './dashboard.css';
import './dashboard-print.css';
import { fetchJurisdiction, fetchJurisdictions, fetchTownships } from '../api/client';
import { bodyBusyMarker, createLoadRunner } from '../app/load-runner';
import { serverText } from '../api/server-text';
import type { JurisdictionDetail, JurisdictionListItem, TownshipCollection } from '../api/types';
import { currentSession, loadSession, mayAct, onSessionChange } from '../auth/session';
import { SignInWidget } from '../auth/sign-in';
import { addHelpButtonAfter, setHelpContext } from '../help/drawer';
import { addHelpLink } from '../help/header-link';
import { applyDocumentLanguage, formatInteger, onLocaleChange } from '../i18n/i18n';
import { ErrorBanner } from '../panels/error-banner';
import { h, replaceChildren } from '../panels/dom';
import { listenToLanguageButton, renderLanguageButton, renderMarkedText, renderSelectionChoice } from '../panels/page-header';
import {
  deleteReportedValue,
  fetchFacilityRecords,
  fetchIndicatorTable,
  fetchIndicatorTrend,
  fetchTownshipDrilldown,
  indicatorExportUrl,
  recordReportedValue,
  type FacilityRecord,
  type IndicatorRow,
  type IndicatorTable as IndicatorTableData,
  type IndicatorTrend,
  type TownshipDrilldown,
} from './api';
import { indicatorName, statusLabel } from './format';
import { IndicatorDetail } from './indicator-detail';
import { IndicatorTable } from './indicator-table';
import { td, type DashboardMessageKey } from './messages';
import { renderPrintSheet } from './print-sheet';
import { FacilityRegistry } from './registry/registry';
import { PopulationTable } from './registry/population';
import { TownshipMap } from './township-map';
import { townshipMetricOf } from './township-metrics';
import { TownshipTable } from './township-table';
import { TrendChart } from './trend-chart';

/** The plans' period: the year selector always offers it (plus any other year the data have). */
const PLAN_YEARS = [2022, 2023, 2024, 2025, 2026, 2027];

interface DashboardState {
  jurisdictions: JurisdictionListItem[];
  detail: JurisdictionDetail | null;
  years: number[];
  year: number | null;
  table: IndicatorTableData | null;
  drilldown: TownshipDrilldown | null;
  townships: TownshipCollection | null;
  records: FacilityRecord[];
  indicator: string | null;
  trend: IndicatorTrend | null;
}

const state: DashboardState = {
  jurisdictions: [],
  detail: null,
  years: PLAN_YEARS,
  year: null,
  table: null,
  drilldown: null,
  townships: null,
  records: [],
  indicator: new URLSearchParams(window.location.search).get('i'),
  trend: null,
};

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from dashboard.html`);
  return element as T;
}

applyDocumentLanguage();

// The help (header link, the "?" of each card) shows the targets of the jurisdiction and year on view.
setHelpContext(() => ({ jurisdictionId: state.detail?.id ?? null, year: state.detail ? state.year : null }));
addHelpLink();
for (const heading of ['indicators-heading', 'trend-heading', 'map-heading', 'townships-heading'])
  addHelpButtonAfter(document.getElementById(heading), 'dashboard');
addHelpButtonAfter(document.getElementById('registry-heading'), 'registry');

const errorBanner = new ErrorBanner(byId('error'));
const signIn = new SignInWidget(byId('auth'));
const indicatorTable = new IndicatorTable(byId('indicator-table-container'), { onSelect: (id) => selectIndicator(id) });
const trendChart = new TrendChart(byId<HTMLCanvasElement>('trend-chart'));
const townshipMap = new TownshipMap(byId('db-map'), byId('db-map-legend'), (id) => {
  registry.select(id);
  byId('registry').scrollIntoView({ behavior: 'smooth', block: 'start' });
});
const townshipTable = new TownshipTable(byId('township-drilldown-container'), (code) => townshipMap.selectTownship(code));
const detail = new IndicatorDetail(byId('indicator-detail'), {
  save: async (indicator, year, body) => {
    await recordReportedValue(requireJurisdiction(), indicator, year, body);
    await refreshAfterEdit();
  },
  remove: async (indicator, year) => {
    await deleteReportedValue(requireJurisdiction(), indicator, year);
    await refreshAfterEdit();
  },
});
const registry = new FacilityRegistry(byId('registry-container'), {
  jurisdictionId: () => state.detail?.id ?? null,
  year: () => state.year,
  townshipName: (code) => townshipName(code),
  edited: async (result) => {
    state.records = state.records.map((record) => (record.id === result.facility.id ? result.facility : record));
    if (!state.records.some((record) => record.id === result.facility.id)) state.records.push(result.facility);
    await refreshAfterEdit();
  },
  pickOnMap: (handler) => {
    townshipMap.pick(handler);
    if (handler) byId('db-map').scrollIntoView({ behavior: 'smooth', block: 'center' });
  },
  showOnMap: (record) => townshipMap.selectFacility(record),
});

const population = new PopulationTable(byId('population'), {
  jurisdictionId: () => state.detail?.id ?? null,
  townships: () => (state.townships?.features ?? []).map((feature) => ({ code: feature.properties.code, name: feature.properties.name })),
  // The population of every year changed (new data version): the year's figures and the trend are read again.
  edited: () => refreshAfterEdit(),
});
addHelpButtonAfter(document.getElementById('population-heading'), 'population');

// --- loading -------------------------------------------------------------------------------------

/** Runs one load with the busy markers (body[data-busy], the map's idle flag); failures go to the banner. */
const run = createLoadRunner({ errorBanner, markers: [bodyBusyMarker(), () => townshipMap.idle.begin()] });

function requireJurisdiction(): string {
  if (!state.detail) throw new Error('no jurisdiction loaded');
  return state.detail.id;
}

async function loadJurisdictions(): Promise<void> {
  await run(
    async () => {
      state.jurisdictions = await fetchJurisdictions(restart('jurisdictions'));
      const chosen = requestedJurisdiction(state.jurisdictions);
      if (!chosen) {
        replaceChildren(byId('indicator-table-container'), h('p', { className: 'db-empty' }, td('noJurisdiction')));
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
      const jurisdictionDetail = await fetchJurisdiction(id, signal);
      if (jurisdictionDetail.level !== 'county') {
        // A city or province has no townships of its own: its counties' figures add up on the roll-up page.
        const params = new URLSearchParams({ j: id });
        const requested = new URLSearchParams(window.location.search).get('year');
        if (requested) params.set('year', requested);
        window.location.replace(`./rollup.html?${params.toString()}`);
        return;
      }
      const years = [...new Set([...PLAN_YEARS, ...(jurisdictionDetail.years ?? [])])].sort((a, b) => a - b);
      const requestedYear = initial ? Number(new URLSearchParams(window.location.search).get('year')) : NaN;
      state.detail = jurisdictionDetail;
      // Whether the user may edit depends on the jurisdiction too: a session loaded before it (signed in
      // on another page) or a switch to a jurisdiction outside the user's scope changes what is allowed.
      registry.setCanEdit(mayAct(currentSession(), 'bureau', jurisdictionDetail.id));
      state.years = years;
      state.year = years.includes(requestedYear)
        ? requestedYear
        : years.includes(jurisdictionDetail.year)
          ? jurisdictionDetail.year
          : years[years.length - 1]!;
      if (!initial) state.indicator = null;
      renderHeader();
      const [townships, records] = await Promise.all([fetchTownships(id, state.year, signal), fetchFacilityRecords(id, signal)]);
      state.townships = townships;
      state.records = records;
      registry.setRecords(records);
      void population.load();
      await townshipMap.setTownships(townships);
      await loadYear();
    },
    () => void loadJurisdiction(id, initial),
  );
}

/** The year's indicator table and drill-down, then the selected indicator's trend. */
async function loadYear(): Promise<void> {
  const { detail: jurisdiction, year } = state;
  if (!jurisdiction || year === null) return;
  await run(
    async () => {
      const signal = restart('year');
      const [table, drilldown] = await Promise.all([
        fetchIndicatorTable(jurisdiction.id, year, signal),
        fetchTownshipDrilldown(jurisdiction.id, year, signal),
      ]);
      state.table = table;
      state.drilldown = drilldown;
      if (!state.indicator || !table.indicators.some((row) => row.id === state.indicator))
        state.indicator = table.indicators[0]?.id ?? null;
      syncUrl();
      renderYear();
      await Promise.all([townshipMap.setFacilities(state.records, year), loadTrend()]);
    },
    () => void loadYear(),
  );
}

async function loadTrend(): Promise<void> {
  const { detail: jurisdiction, indicator } = state;
  if (!jurisdiction || !indicator) return;
  await run(
    async () => {
      const trend = await fetchIndicatorTrend(jurisdiction.id, indicator, restart('trend'));
      state.trend = trend;
      renderTrend();
    },
    () => void loadTrend(),
  );
}

/** After an edit: the data version changed, so the year's figures and the trend are fetched again. */
async function refreshAfterEdit(): Promise<void> {
  registry.setRecords(state.records);
  await loadYear();
}

// --- selection -----------------------------------------------------------------------------------

function selectIndicator(id: string): void {
  if (id === state.indicator) return;
  state.indicator = id;
  syncUrl();
  indicatorTable.setSelected(id);
  renderIndicatorDependents();
  void loadTrend();
}

function selectedRow(): IndicatorRow | null {
  return state.table?.indicators.find((row) => row.id === state.indicator) ?? null;
}

function townshipName(code: string | null): string {
  if (code === null) return '—';
  return state.townships?.features.find((feature) => feature.properties.code === code)?.properties.name ?? code;
}

function syncUrl(): void {
  const params = new URLSearchParams(window.location.search);
  if (state.detail) params.set('j', state.detail.id);
  if (state.year !== null) params.set('year', String(state.year));
  if (state.indicator) params.set('i', state.indicator);
  window.history.replaceState(null, '', `${window.location.pathname}?${params.toString()}${window.location.hash}`);
}

// --- rendering -----------------------------------------------------------------------------------

function renderHeader(): void {
  const jurisdiction = state.detail;
  byId('jurisdiction-name').textContent = jurisdiction?.name ?? '\u00a0';
  document.title = jurisdiction ? `${jurisdiction.name} · ${td('pageTitle')}` : td('pageTitle');
  renderSelectionChoice(byId('db-controls'), {
    jurisdictions: state.jurisdictions,
    jurisdictionId: jurisdiction?.id ?? null,
    onJurisdiction: (id) => void loadJurisdiction(id),
    years: state.years,
    year: state.year,
    yearLabel: td('yearLabel'),
    onYear: (year) => {
      state.year = year;
      syncUrl();
      void loadYear();
    },
  });
  renderExportLinks();
}

function renderExportLinks(): void {
  const csv = byId<HTMLAnchorElement>('export-csv');
  const xlsx = byId<HTMLAnchorElement>('export-xlsx');
  const jurisdiction = state.detail;
  if (!jurisdiction || state.year === null) return;
  csv.href = indicatorExportUrl(jurisdiction.id, state.year, 'csv');
  xlsx.href = indicatorExportUrl(jurisdiction.id, state.year, 'xlsx');
}

function renderYear(): void {
  const table = state.table;
  renderHeader();
  indicatorTable.setData(table);
  indicatorTable.setSelected(state.indicator);
  byId('indicators-year').textContent = table ? td('yearN', { year: table.year }) : '';
  byId('townships-year').textContent = state.drilldown ? td('yearN', { year: state.drilldown.year }) : '';
  townshipTable.setData(state.drilldown);
  renderOverview();
  renderEmployerWelfare();
  renderPrint();
  renderIndicatorDependents();
}

/** Everything that follows the selected indicator: map colours, highlighted column, explanation. */
function renderIndicatorDependents(): void {
  const row = selectedRow();
  byId('trend-heading').textContent = row ? indicatorName(row) : '\u00a0';
  townshipTable.highlight(row ? (townshipMetricOf(row.id)?.column ?? null) : null);
  void townshipMap.setIndicator(row, state.drilldown?.townships ?? []);
  detail.set(row, state.year, mayAct(currentSession(), 'bureau', state.detail?.id ?? null));
  if (state.trend && state.trend.id === state.indicator) renderTrend();
}

function renderTrend(): void {
  if (!state.trend || state.trend.id !== state.indicator) return;
  trendChart.show(state.trend, state.year);
  const canvas = byId<HTMLCanvasElement>('trend-chart');
  canvas.setAttribute('aria-label', td('trendLabel', { name: indicatorName(state.trend) }));
  canvas.dataset.indicator = state.trend.id;
}

function renderOverview(): void {
  const table = state.table;
  const container = byId('status-overview');
  if (!table) {
    replaceChildren(container);
    return;
  }
  const statuses = ['met', 'not_met', 'no_target', 'no_data'] as const;
  const counts = statuses.map((status) => table.indicators.filter((row) => row.status === status).length);
  const reported = table.indicators.filter((row) => row.reported !== null).length;
  replaceChildren(
    container,
    statuses.map((status, index) =>
      h(
        'div',
        { className: `db-tile db-tile-${status}`, 'data-testid': `count-${status}` },
        h('span', { className: 'db-tile-value' }, formatInteger(counts[index])),
        h('span', { className: 'db-tile-label' }, statusLabel(status)),
      ),
    ),
    h(
      'div',
      { className: 'db-tile db-tile-meta' },
      h('span', { className: 'db-tile-label' }, td('overviewYear', { year: table.year })),
      h('span', { className: 'db-tile-detail' }, td('overviewMeta', { n: table.indicators.length, reported, version: table.dataVersion })),
    ),
  );
}

function renderEmployerWelfare(): void {
  const welfare = state.table?.employerWelfare;
  const element = byId('employer-welfare');
  if (!welfare) {
    element.textContent = '';
    return;
  }
  const flagged = welfare.flagged.map((unit) => unit.name).join('、');
  replaceChildren(
    element,
    h('strong', {}, td('employerWelfareTitle')),
    ' ',
    welfare.status === 'checked'
      ? welfare.flagged.length > 0
        ? td('employerWelfareFlagged', { n: welfare.flagged.length, names: flagged })
        : td('employerWelfareNone', { n: welfare.checked })
      : td('employerWelfareNoData', { reason: serverText(welfare.reason, welfare.reasonZh) ?? '' }),
  );
}

function renderPrint(): void {
  if (state.table && state.detail)
    renderPrintSheet(byId('db-print-sheet'), state.detail.name, state.detail.profile.name, state.table, new Date());
}

function renderStaticText(): void {
  renderMarkedText<DashboardMessageKey>('t', td);
  renderLanguageButton();
}

function renderAll(): void {
  renderStaticText();
  renderHeader();
  signIn.render();
  errorBanner.render();
  townshipMap.renderText(selectedRow());
  registry.renderText();
  population.render();
  if (state.table) renderYear();
}

// --- wiring --------------------------------------------------------------------------------------

listenToLanguageButton();
onLocaleChange(() => renderAll());
byId('print-report').addEventListener('click', () => {
  renderPrint();
  window.print();
});
// The browser's own print command prints the same sheet, dated today.
window.addEventListener('beforeprint', () => renderPrint());
onSessionChange((session) => {
  registry.setCanEdit(mayAct(session, 'bureau', state.detail?.id ?? null));
  population.setCanEdit(mayAct(session, 'bureau', state.detail?.id ?? null));
  detail.set(selectedRow(), state.year, mayAct(session, 'bureau', state.detail?.id ?? null));
});

renderStaticText();
renderOverviewPlaceholder();
void run(
  async () => {
    await loadSession().catch(() => undefined);
  },
  () => undefined,
);
void loadJurisdictions();

function renderOverviewPlaceholder(): void {
  indicatorTable.render();
  townshipTable.render();
  registry.render();
  population.render();
}

// Exposed for the browser test's assertions about the current selection.
declare global {
  interface Window {
    __tuoweiDashboard?: { state: DashboardState };
  }
}
window.__tuoweiDashboard = { state };
