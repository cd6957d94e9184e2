/**
 * The roll-up page (rollup.html) of a city or province (issue #15): its counties' indicators added up
 * from their stored results (GET …/rollup; nothing is recomputed), a sortable table of the areas directly
 * below and a map of them coloured by slot target attainment, drawn from one answer (GET …/rollup.geojson:
 * each county's stored outline, a city as its counties'). A county below opens its dashboard; a city
 * below opens its own roll-up. A county asked for here is sent to its dashboard.
 */
import '../theme/tokens.css';
import '../theme/base.css';
import '../theme/page-header.css';
import '../dashboard/dashboard.css';
import './rollup.css';
import { restart } from '../api/cancellation';
import { fetchJurisdiction, fetchJurisdictions, fetchRollup, fetchRollupMap } from '../api/client';
import type { JurisdictionListItem } from '../api/types';
import { bodyBusyMarker, createLoadRunner } from '../app/load-runner';
import { applyDocumentLanguage, getLocale, onLocaleChange } from '../i18n/i18n';
import { statusText } from '../i18n/targets';
import { addHelpButtonAfter, setHelpContext } from '../help/drawer';
import { addHelpLink } from '../help/header-link';
import { h, replaceChildren } from '../panels/dom';
import { listenToLanguageButton, renderLanguageButton, renderMarkedText, renderSelectionChoice } from '../panels/page-header';
import { ErrorBanner } from '../panels/error-banner';
import {
  figureCells,
  outlinePath,
  projector,
  slotStatus,
  sortChildren,
  statusColors,
  unionBox,
  type Rollup,
  type RollupChild,
  type RollupMap,
  type SortKey,
} from './format';
import { tr, type RollupMessageKey } from './messages';
import { RollupRefresh } from './refresh';

interface RollupState {
  jurisdictions: JurisdictionListItem[];
  id: string | null;
  years: number[];
  year: number | null;
  rollup: Rollup | null;
  /** The areas below with their stored outlines, for the map. */
  map: RollupMap | null;
  sortKey: SortKey;
  ascending: boolean;
}

const state: RollupState = {
  jurisdictions: [],
  id: null,
  years: [],
  year: null,
  rollup: null,
  map: null,
  sortKey: 'name',
  ascending: true,
};

// The help (header link, the "?" of each card) shows the targets of the city or province and year on view.
setHelpContext(() => ({ jurisdictionId: state.id, year: state.year }));
addHelpLink();
for (const heading of ['totals-heading', 'children-heading', 'map-heading']) addHelpButtonAfter(document.getElementById(heading), 'rollup');

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from rollup.html`);
  return element as T;
}

applyDocumentLanguage();
const errorBanner = new ErrorBanner(byId('error'));
// Recompute (for who may edit the jurisdiction on view) and the sign-in: ./refresh.ts.
const refresh = new RollupRefresh(
  byId('ru-refresh'),
  byId('auth'),
  () => state,
  () => loadYear(),
);

/** Runs one load with the page's busy marker (body[data-busy]); failures go to the banner. */
const run = createLoadRunner({ errorBanner, markers: [bodyBusyMarker()] });

/** Where a child opens: a county's dashboard, a city's roll-up. */
function childUrl(child: { id: string; level: string }): string {
  const params = new URLSearchParams({ j: child.id });
  if (state.year !== null) params.set('year', String(state.year));
  return `${child.level === 'county' ? './dashboard.html' : './rollup.html'}?${params.toString()}`;
}

function openChild(child: RollupChild): void {
  window.location.assign(childUrl(child));
}

async function loadJurisdictions(): Promise<void> {
  await run(
    async () => {
      state.jurisdictions = await fetchJurisdictions(restart('jurisdictions'));
      const requested = new URLSearchParams(window.location.search).get('j');
      const asked = state.jurisdictions.find((j) => j.id === requested);
      if (asked?.level === 'county') {
        window.location.replace(childUrl(asked));
        return;
      }
      const chosen = asked ?? state.jurisdictions.find((j) => j.level !== 'county');
      if (!chosen) {
        replaceChildren(byId('ru-table'), h('p', { className: 'db-empty' }, tr('noChildren')));
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
      const detail = await fetchJurisdiction(id, restart('jurisdiction'));
      state.id = detail.id;
      state.years = [...new Set([detail.year, ...detail.years])].sort((a, b) => a - b);
      const requestedYear = initial ? Number(new URLSearchParams(window.location.search).get('year')) : NaN;
      state.year = state.years.includes(requestedYear) ? requestedYear : detail.year;
      await loadYear();
    },
    () => void loadJurisdiction(id, initial),
  );
}

async function loadYear(): Promise<void> {
  const { id, year } = state;
  if (id === null || year === null) return;
  await run(
    async () => {
      const signal = restart('year');
      const [rollup, map] = await Promise.all([fetchRollup(id, year, signal), fetchRollupMap(id, year, signal)]);
      state.rollup = rollup;
      state.map = map;
      syncUrl();
      render();
    },
    () => void loadYear(),
  );
}

function syncUrl(): void {
  const params = new URLSearchParams(window.location.search);
  if (state.id) params.set('j', state.id);
  if (state.year !== null) params.set('year', String(state.year));
  window.history.replaceState(null, '', `${window.location.pathname}?${params.toString()}`);
}

// --- rendering -----------------------------------------------------------------------------------

function levelText(level: string): string {
  return tr(`level_${level}` as RollupMessageKey);
}

function renderHeader(): void {
  const rollup = state.rollup;
  byId('jurisdiction-name').textContent = rollup ? `${rollup.name} · ${levelText(rollup.level)}` : '\u00a0';
  document.title = rollup ? `${rollup.name} · ${tr('pageTitle')}` : tr('pageTitle');
  byId('totals-year').textContent = rollup ? tr('yearN', { year: rollup.year }) : '';
  // Cities and provinces only: a county opens its dashboard.
  renderSelectionChoice(byId('ru-controls'), {
    jurisdictions: state.jurisdictions.filter((j) => j.level !== 'county'),
    jurisdictionId: state.id,
    onJurisdiction: (id) => void loadJurisdiction(id),
    years: state.years,
    year: state.year,
    yearLabel: tr('yearLabel'),
    onYear: (year) => {
      state.year = year;
      void loadYear();
    },
  });
}

function renderTotals(): void {
  const rollup = state.rollup;
  if (!rollup) return;
  const cells = figureCells(rollup.figures);
  const status = slotStatus(rollup.figures);
  const tile = (label: RollupMessageKey, value: string, testId: string, className = 'db-tile db-tile-meta') =>
    h(
      'div',
      { className, 'data-testid': testId },
      h('span', { className: 'db-tile-value' }, value),
      h('span', { className: 'db-tile-label' }, tr(label)),
    );
  replaceChildren(
    byId('ru-totals'),
    tile('tilePopulation', cells.population, 'total-population'),
    tile('tileSlotsPer1000', cells.slotsPer1000, 'total-slots-per-1000', `db-tile db-tile-${status}`),
    tile('tileSlotGap', cells.slotGap, 'total-slot-gap'),
    tile('tileInclusive', cells.inclusiveShare, 'total-inclusive'),
    tile('tileTownshipCoverage', cells.townshipCoverage, 'total-township-coverage'),
    tile('tileCoverage15', cells.coverage15, 'total-coverage-15'),
  );
  const notes = [
    rollup.pending.length > 0
      ? tr('pendingNote', {
          n: rollup.pending.length,
          names: rollup.pending.map((p) => p.name).join(getLocale() === 'zh' ? '、' : ', '),
        })
      : tr('completeNote', { n: rollup.figures.counties }),
  ];
  if (rollup.figures.countiesWithoutTarget > 0) notes.push(tr('countiesWithoutTarget', { n: rollup.figures.countiesWithoutTarget }));
  byId('ru-note').textContent = notes.join(getLocale() === 'zh' ? '；' : '; ');
}

const COLUMNS: { key: SortKey; label: RollupMessageKey; numeric: boolean }[] = [
  { key: 'name', label: 'colName', numeric: false },
  { key: 'population', label: 'colPopulation', numeric: true },
  { key: 'slots', label: 'colSlots', numeric: true },
  { key: 'slotsPer1000', label: 'colSlotsPer1000', numeric: true },
  { key: 'slotGap', label: 'colSlotGap', numeric: true },
  { key: 'status', label: 'colStatus', numeric: false },
  { key: 'inclusiveShare', label: 'colInclusive', numeric: true },
  { key: 'townshipCoverage', label: 'colTownshipCoverage', numeric: true },
  { key: 'coverage15', label: 'colCoverage15', numeric: true },
];

function renderTable(): void {
  const rollup = state.rollup;
  const container = byId('ru-table');
  if (!rollup) return;
  if (rollup.children.length === 0) {
    replaceChildren(container, h('p', { className: 'db-empty' }, tr('noChildren')));
    return;
  }
  const head = h(
    'tr',
    {},
    COLUMNS.map((column) => {
      const sorted = state.sortKey === column.key;
      const button = h('button', { type: 'button', title: tr('sortBy', { column: tr(column.label) }) }, tr(column.label));
      button.addEventListener('click', () => {
        state.ascending = sorted ? !state.ascending : true;
        state.sortKey = column.key;
        renderTable();
      });
      return h(
        'th',
        {
          scope: 'col',
          className: column.numeric ? 'numeric' : null,
          'aria-sort': sorted ? (state.ascending ? 'ascending' : 'descending') : null,
          'data-column': column.key,
        },
        button,
      );
    }),
  );
  const rows = sortChildren(rollup.children, state.sortKey, state.ascending).map((child) => {
    const cells = figureCells(child.figures);
    const status = slotStatus(child.figures);
    const link = h(
      'a',
      { href: childUrl(child), title: tr(child.level === 'county' ? 'openCounty' : 'openRegion', { name: child.name }) },
      child.name,
    );
    return h(
      'tr',
      { 'data-child': child.id },
      h(
        'th',
        { scope: 'row' },
        link,
        child.level === 'county' ? null : h('span', { className: 'db-card-sub' }, ` ${levelText(child.level)}`),
      ),
      h('td', { className: 'numeric' }, cells.population),
      h('td', { className: 'numeric' }, cells.slots),
      h('td', { className: 'numeric' }, cells.slotsPer1000),
      h('td', { className: 'numeric' }, cells.slotGap),
      h('td', {}, h('span', { className: 'ru-status', style: `--status-color: ${statusColors[status]}` }, statusText(status))),
      h('td', { className: 'numeric' }, cells.inclusiveShare),
      h('td', { className: 'numeric' }, cells.townshipCoverage),
      h('td', { className: 'numeric' }, cells.coverage15),
    );
  });
  replaceChildren(
    container,
    h(
      'table',
      { id: 'rollup-table', className: 'db-table ru-table', 'aria-label': tr('tableCaption', { year: rollup.year }) },
      h('thead', {}, head),
      h('tbody', {}, rows),
    ),
  );
}

const SVG = 'http://www.w3.org/2000/svg';
const MAP_WIDTH = 480;
const MAP_HEIGHT = 360;
/** An area smaller than this (px) on the map is drawn as a marker of this radius. */
const MIN_AREA_PX = 7;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

function renderMap(): void {
  const { rollup, map } = state;
  const container = byId('ru-map');
  if (!rollup || !map) return;
  const areas = map.features.map((feature) => ({ child: feature.properties, outline: feature.geometry }));
  const box = unionBox(areas.map(({ child }) => child.bbox));
  const drawing = svg('svg', { viewBox: `0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`, role: 'img', 'aria-label': tr('mapLabel') });
  if (box) {
    const project = projector(box, MAP_WIDTH, MAP_HEIGHT, 24);
    for (const { child, outline } of areas) {
      if (!child.bbox) continue;
      const color = statusColors[slotStatus(child.figures)];
      const [x0, y0] = project(child.bbox[0], child.bbox[3]);
      const [x1, y1] = project(child.bbox[2], child.bbox[1]);
      // A county: its stored outline; a city: its counties' outlines together, filled in one colour.
      const area =
        outline && (x1 - x0 >= MIN_AREA_PX || y1 - y0 >= MIN_AREA_PX)
          ? svg('path', { d: outlinePath(outline, project), class: 'ru-area', fill: color, stroke: color })
          : // Too small to see at this scale (counties far apart), or no outline stored yet: a marker where it lies.
            svg('circle', { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, r: MIN_AREA_PX, class: 'ru-area', fill: color, stroke: color });
      area.setAttribute('tabindex', '0');
      area.setAttribute('data-child', child.id);
      const title = svg('title', {});
      title.textContent = `${child.name} · ${statusText(slotStatus(child.figures))} · ${figureCells(child.figures).slotsPer1000}`;
      area.append(title);
      area.addEventListener('click', () => openChild(child));
      area.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') openChild(child);
      });
      drawing.append(area);
    }
    for (const { child } of areas) {
      if (!child.bbox) continue;
      const [x, y] = project((child.bbox[0] + child.bbox[2]) / 2, (child.bbox[1] + child.bbox[3]) / 2);
      // Kept inside the drawing: a county at its edge is labelled towards the middle.
      const anchor = x < MAP_WIDTH / 4 ? 'start' : x > (3 * MAP_WIDTH) / 4 ? 'end' : 'middle';
      const label = svg('text', {
        x,
        y: y - MIN_AREA_PX - 2,
        'text-anchor': anchor,
        'font-size': 13,
        'pointer-events': 'none',
        fill: '#102a43',
      });
      label.textContent = child.name;
      drawing.append(label);
    }
  }
  replaceChildren(container, drawing);
  const statuses = ['met', 'not_met', 'no_target', 'no_data'] as const;
  replaceChildren(
    byId('ru-legend'),
    h('span', { className: 'db-legend-title' }, tr('legendTitle')),
    statuses.map((status) =>
      h(
        'span',
        { className: 'db-legend-item' },
        h('span', { className: 'db-legend-swatch', style: `background: ${statusColors[status]}` }),
        statusText(status),
      ),
    ),
  );
}

function renderStaticText(): void {
  renderMarkedText<RollupMessageKey>('t', tr);
  renderLanguageButton();
}

function render(): void {
  renderStaticText();
  renderHeader();
  renderTotals();
  renderTable();
  renderMap();
  refresh.render();
  errorBanner.render();
}

listenToLanguageButton();
onLocaleChange(() => render());
renderStaticText();
void loadJurisdictions();
