/**
 * What a page writes into its header in code (the markup is the page's HTML, the look of the dashboard's,
 * roll-up's, import wizard's and admin page's header ../theme/page-header.css): the texts marked with a
 * data attribute, the language button, and the jurisdiction and year choice of the dashboard and roll-up.
 */
import { getLocale, setLocale, t } from '../i18n/i18n';
import { h, replaceChildren } from './dom';

/** Writes the text of each element marked `data-<attribute>="<key>"` in the current language. */
export function renderMarkedText<Key extends string>(attribute: string, translate: (key: Key) => string): void {
  for (const element of document.querySelectorAll<HTMLElement>(`[data-${attribute}]`)) {
    element.textContent = translate(element.dataset[attribute] as Key);
  }
}

function languageButton(): HTMLElement {
  const button = document.getElementById('language-toggle');
  if (!button) throw new Error('#language-toggle is missing from the page');
  return button;
}

/** The language button (#language-toggle) switches between Chinese and English. */
export function listenToLanguageButton(): void {
  languageButton().addEventListener('click', () => setLocale(getLocale() === 'zh' ? 'en' : 'zh'));
}

/** Labels the language button with the other language, written in that language. */
export function renderLanguageButton(): void {
  const button = languageButton();
  button.textContent = t('languageOther');
  button.setAttribute('aria-label', `${t('language')}: ${t('languageOther')}`);
  button.lang = getLocale() === 'zh' ? 'en' : 'zh-CN';
}

/** The jurisdiction and year a page shows, and what a change of either does. */
export interface SelectionChoice {
  /** Offered only when there is more than one to choose from. */
  jurisdictions: { id: string; name: string }[];
  jurisdictionId: string | null;
  onJurisdiction(id: string): void;
  years: number[];
  year: number | null;
  yearLabel: string;
  onYear(year: number): void;
}

/** The jurisdiction select (when there is a choice) and the year select, into `container`. */
export function renderSelectionChoice(container: HTMLElement, choice: SelectionChoice): void {
  let jurisdictionField: HTMLElement | null = null;
  if (choice.jurisdictions.length > 1) {
    const select = h(
      'select',
      { id: 'jurisdiction-select' },
      choice.jurisdictions.map((item) => h('option', { value: item.id, selected: item.id === choice.jurisdictionId }, item.name)),
    );
    select.addEventListener('change', () => choice.onJurisdiction(select.value));
    jurisdictionField = h('div', { className: 'field' }, h('label', { for: 'jurisdiction-select' }, t('jurisdiction')), select);
  }
  const yearSelect = h(
    'select',
    { id: 'year-select', disabled: choice.years.length === 0 },
    choice.years.map((year) => h('option', { value: year, selected: year === choice.year }, String(year))),
  );
  yearSelect.addEventListener('change', () => choice.onYear(Number(yearSelect.value)));
  replaceChildren(
    container,
    jurisdictionField,
    h('div', { className: 'field' }, h('label', { for: 'year-select' }, choice.yearLabel), yearSelect),
  );
}
