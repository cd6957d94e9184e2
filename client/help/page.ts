/**
 * The help page (help.html): every panel's help with an anchor (help.html#suggestions), and the
 * definitions of every indicator with the targets and policy sources of the chosen jurisdiction's
 * profile. The jurisdiction and year come from the URL (`?j=…&year=…`, as the other pages write them),
 * else the first jurisdiction and its data year; the language is the one the other pages keep.
 */
import '../theme/tokens.css';
import '../theme/base.css';
import './help.css';
import { fetchJurisdictions } from '../api/client';
import { requestedJurisdiction } from '../api/url-selection';
import type { JurisdictionListItem } from '../api/types';
import { applyDocumentLanguage, getLocale, onLocaleChange, t } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import { listenToLanguageButton, renderLanguageButton, renderMarkedText } from '../panels/page-header';
import { th, type HelpMessageKey } from './messages';
import { loadHelpProfile } from './profile';
import { renderIndicators, renderTopic, type HelpProfile } from './render';
import { HELP_TOPICS } from './topics/index';
import type { HelpPage } from './types';

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from help.html`);
  return element as T;
}

const PAGE_NAMES: Record<HelpPage, HelpMessageKey> = {
  map: 'helpPageMap',
  dashboard: 'helpPageDashboard',
  import: 'helpPageImport',
  admin: 'helpPageAdmin',
};

let jurisdictions: JurisdictionListItem[] = [];
let selected: { id: string; year: number } | null = null;
let profile: HelpProfile = { state: 'none' };
/** Scrolls to the URL's anchor once, after the first full render. */
let scrolled = false;

function requestedYear(item: JurisdictionListItem): number {
  const year = Number(new URLSearchParams(window.location.search).get('year'));
  return item.years.includes(year) ? year : item.year;
}

function syncUrl(): void {
  if (!selected) return;
  const params = new URLSearchParams(window.location.search);
  params.set('j', selected.id);
  params.set('year', String(selected.year));
  window.history.replaceState(null, '', `${window.location.pathname}?${params.toString()}${window.location.hash}`);
}

function renderStaticText(): void {
  renderMarkedText<HelpMessageKey>('h', th);
  document.title = `${th('helpPageTitle')} · ${t('appTitle')}`;
  renderLanguageButton();
}

function renderControls(): void {
  const container = byId('help-controls');
  if (jurisdictions.length === 0 || !selected) {
    replaceChildren(container);
    return;
  }
  const jurisdictionSelect = h(
    'select',
    { id: 'help-jurisdiction' },
    jurisdictions.map((item) => h('option', { value: item.id, selected: item.id === selected!.id }, item.name)),
  );
  jurisdictionSelect.addEventListener('change', () => {
    const item = jurisdictions.find((candidate) => candidate.id === jurisdictionSelect.value);
    if (item) choose({ id: item.id, year: item.year });
  });
  const current = jurisdictions.find((item) => item.id === selected!.id);
  const yearSelect = h(
    'select',
    { id: 'help-year' },
    (current?.years ?? [selected.year]).map((year) =>
      h('option', { value: String(year), selected: year === selected!.year }, th('helpYearN', { year })),
    ),
  );
  yearSelect.addEventListener('change', () => choose({ id: selected!.id, year: Number(yearSelect.value) }));
  replaceChildren(
    container,
    h('div', { className: 'field' }, h('label', { for: 'help-jurisdiction' }, th('helpJurisdiction')), jurisdictionSelect),
    h('div', { className: 'field' }, h('label', { for: 'help-year' }, th('helpYear')), yearSelect),
  );
}

function renderContents(): void {
  replaceChildren(
    byId('help-contents'),
    h('h2', { id: 'help-contents-title' }, th('helpContents')),
    h(
      'ul',
      {},
      HELP_TOPICS.map((topic) => h('li', {}, h('a', { href: `#${topic.id}` }, topic.title[getLocale()]))),
      h('li', {}, h('a', { href: '#indicators' }, th('helpIndicatorsTitle'))),
    ),
  );
}

function renderTopics(): void {
  const sections = HELP_TOPICS.map((topic) => {
    const section = renderTopic(topic, profile, { headingLevel: 'h2' });
    section.id = topic.id;
    section.querySelector('.help-topic-title')?.append(h('span', { className: 'help-page-of' }, th(PAGE_NAMES[topic.page])));
    return section;
  });
  const indicators = renderIndicators(profile, { headingLevel: 'h2' });
  indicators.id = 'indicators';
  replaceChildren(byId('help-topics'), sections, indicators);
  if (!scrolled && profile.state !== 'loading' && window.location.hash) {
    scrolled = true;
    document.getElementById(decodeURIComponent(window.location.hash.slice(1)))?.scrollIntoView();
  }
}

function renderAll(): void {
  renderStaticText();
  renderControls();
  renderContents();
  renderTopics();
}

function choose(next: { id: string; year: number }): void {
  selected = next;
  syncUrl();
  profile = { state: 'loading' };
  renderAll();
  void loadHelpProfile(next.id, next.year).then((loaded) => {
    if (selected !== next) return;
    profile = loaded;
    renderAll();
  });
}

applyDocumentLanguage();
listenToLanguageButton();
onLocaleChange(() => renderAll());
renderAll();
void fetchJurisdictions()
  .then((listed) => {
    jurisdictions = listed;
    const item = requestedJurisdiction(listed);
    if (item) choose({ id: item.id, year: requestedYear(item) });
    else renderAll();
  })
  .catch(() => {
    profile = { state: 'failed' };
    renderAll();
  });
