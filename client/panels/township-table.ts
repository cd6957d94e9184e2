/**
 * The township table: every column sortable (headers are buttons carrying aria-sort), a row click or
 * Enter selects the township (the map zooms to it and highlights it). Coverage is the share of residents
 * within the selected walking threshold.
 */
import type { TownshipRow } from '../api/types';
import { formatDecimal, formatInteger, formatShare, getLocale, t } from '../i18n/i18n';
import { targetText, type TargetComparison } from '../i18n/targets';
import type { MessageKey } from '../i18n/messages';
import { attainmentOf } from '../layers/attainment';
import { h, replaceChildren } from './dom';

export type TownshipColumn =
  'name' | 'population' | 'slots' | 'slotsPer1000' | 'target' | 'slotGap' | 'inclusiveShare' | 'facilityCount' | 'coverage';

export type SortDirection = 'ascending' | 'descending';

export interface TownshipSort {
  column: TownshipColumn;
  direction: SortDirection;
}

interface ColumnDefinition {
  column: TownshipColumn;
  /** Full name, for the sort button's accessible name and tooltip. */
  label: (thresholdMin: number) => string;
  /** Short header text so nine columns fit the sidebar. */
  short: (thresholdMin: number) => string;
  /** The value sorted on; null sorts last in either direction. */
  value: (row: TownshipRow, thresholdMin: number) => number | string | null;
  /** `comparison` is how the profile compares slots per 1,000 with the target this year. */
  cell: (row: TownshipRow, thresholdMin: number, comparison: TargetComparison) => string | Node;
  numeric: boolean;
}

function coverageOf(row: TownshipRow, thresholdMin: number): number | null {
  const share = row.coverage[String(thresholdMin)];
  return typeof share === 'number' ? share : null;
}

function label(key: MessageKey): () => string {
  return () => t(key);
}

const columns: ColumnDefinition[] = [
  {
    column: 'name',
    label: label('townshipName'),
    short: label('townshipName'),
    value: (row) => row.name,
    cell: (row) => row.name,
    numeric: false,
  },
  {
    column: 'population',
    label: label('population'),
    short: label('colPopulation'),
    value: (row) => row.population,
    cell: (row) => formatInteger(row.population),
    numeric: true,
  },
  {
    column: 'slots',
    label: label('slots'),
    short: label('colSlots'),
    value: (row) => row.slots,
    cell: (row) => formatInteger(row.slots),
    numeric: true,
  },
  {
    column: 'slotsPer1000',
    label: label('slotsPer1000'),
    short: label('colSlotsPer1000'),
    value: (row) => row.slotsPer1000,
    cell: (row) =>
      h('span', { className: `attainment attainment-${attainmentOf(row.slotsPer1000, row.target)}` }, formatDecimal(row.slotsPer1000, 2)),
    numeric: true,
  },
  {
    column: 'target',
    label: label('target'),
    short: label('colTarget'),
    value: (row) => row.target,
    // The plan's wording without the unit (the column is headed slots per 1,000): "≥ 5.5".
    cell: (row, _thresholdMin, comparison) => targetText(row.target, comparison, 'per1000', false),
    numeric: true,
  },
  {
    column: 'slotGap',
    label: label('gap'),
    short: label('colGap'),
    value: (row) => row.slotGap,
    cell: (row) => formatInteger(row.slotGap),
    numeric: true,
  },
  {
    column: 'inclusiveShare',
    label: label('inclusiveShare'),
    short: label('colInclusiveShare'),
    value: (row) => row.inclusiveShare,
    cell: (row) => formatShare(row.inclusiveShare),
    numeric: true,
  },
  {
    column: 'facilityCount',
    label: label('facilityCount'),
    short: label('colFacilityCount'),
    value: (row) => row.facilityCount,
    cell: (row) => formatInteger(row.facilityCount),
    numeric: true,
  },
  {
    column: 'coverage',
    label: (thresholdMin) => t('coverage', { n: thresholdMin }),
    short: (thresholdMin) => t('colCoverage', { n: thresholdMin }),
    value: coverageOf,
    cell: (row, thresholdMin) => formatShare(coverageOf(row, thresholdMin)),
    numeric: true,
  },
];

/** Sorted copy of `rows`: names by the locale's collation (pinyin for Chinese), nulls always last. */
export function sortTownships(rows: readonly TownshipRow[], sort: TownshipSort, thresholdMin: number): TownshipRow[] {
  const definition = columns.find((candidate) => candidate.column === sort.column) ?? columns[0]!;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const collator = new Intl.Collator(getLocale() === 'zh' ? 'zh-CN' : 'en-US', { numeric: true });
  return [...rows].sort((a, b) => {
    const va = definition.value(a, thresholdMin);
    const vb = definition.value(b, thresholdMin);
    if (va === null && vb === null) return collator.compare(a.name, b.name);
    if (va === null) return 1;
    if (vb === null) return -1;
    const order = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
    return order === 0 ? collator.compare(a.name, b.name) : sign * order;
  });
}

export interface TownshipTableOptions {
  onSelect: (code: string) => void;
}

export class TownshipTable {
  private rows: TownshipRow[] = [];
  private thresholdMin = 15;
  private comparison: TargetComparison = '>=';
  private selectedCode: string | null = null;
  private sort: TownshipSort = { column: 'slotsPer1000', direction: 'ascending' };
  private readonly table: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly headRow: HTMLTableRowElement;
  private readonly caption: HTMLTableCaptionElement;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: TownshipTableOptions,
  ) {
    this.caption = h('caption', { className: 'visually-hidden' });
    this.headRow = h('tr');
    this.body = h('tbody');
    this.table = h('table', { className: 'township-table', id: 'township-table' }, this.caption, h('thead', {}, this.headRow), this.body);
    container.append(h('div', { className: 'table-scroll' }, this.table));
    this.body.addEventListener('click', (event) => {
      const row = (event.target as Element).closest<HTMLTableRowElement>('tr[data-code]');
      if (row?.dataset.code) this.options.onSelect(row.dataset.code);
    });
    this.body.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      const row = (event.target as Element).closest<HTMLTableRowElement>('tr[data-code]');
      if (!row?.dataset.code) return;
      event.preventDefault();
      this.options.onSelect(row.dataset.code);
    });
  }

  setData(rows: TownshipRow[], thresholdMin: number, comparison: TargetComparison = '>='): void {
    this.rows = rows;
    this.thresholdMin = thresholdMin;
    this.comparison = comparison;
    this.render();
  }

  setThreshold(thresholdMin: number): void {
    this.thresholdMin = thresholdMin;
    this.render();
  }

  setSelected(code: string | null): void {
    this.selectedCode = code;
    for (const row of this.body.querySelectorAll<HTMLTableRowElement>('tr[data-code]')) {
      const selected = row.dataset.code === code;
      row.classList.toggle('selected', selected);
      if (selected) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
      if (selected) row.scrollIntoView({ block: 'nearest' });
    }
  }

  /** Re-renders headers and rows (also after a language switch). */
  render(): void {
    this.caption.textContent = t('townshipsTitle');
    replaceChildren(
      this.headRow,
      columns.map((definition) => {
        const active = this.sort.column === definition.column;
        const text = definition.label(this.thresholdMin);
        const button = h(
          'button',
          {
            type: 'button',
            className: 'sort-button',
            title: t('sortBy', { column: text }),
            'aria-label': t('sortBy', { column: text }),
            'data-column': definition.column,
          },
          h('span', {}, definition.short(this.thresholdMin)),
          h(
            'span',
            { className: 'sort-indicator', 'aria-hidden': 'true' },
            active ? (this.sort.direction === 'ascending' ? '▲' : '▼') : '↕',
          ),
        );
        button.addEventListener('click', () => this.toggleSort(definition.column));
        return h(
          'th',
          { scope: 'col', className: definition.numeric ? 'numeric' : '', 'aria-sort': active ? this.sort.direction : 'none' },
          button,
        );
      }),
    );
    const sorted = sortTownships(this.rows, this.sort, this.thresholdMin);
    if (sorted.length === 0) {
      replaceChildren(this.body, h('tr', {}, h('td', { colspan: columns.length, className: 'empty' }, t('noTownshipsMatch'))));
      return;
    }
    replaceChildren(
      this.body,
      sorted.map((row) =>
        h(
          'tr',
          {
            'data-code': row.code,
            tabindex: 0,
            className: row.code === this.selectedCode ? 'selected' : '',
            'aria-current': row.code === this.selectedCode ? 'true' : null,
          },
          columns.map((definition) =>
            definition.column === 'name'
              ? h('th', { scope: 'row' }, definition.cell(row, this.thresholdMin, this.comparison))
              : h('td', { className: definition.numeric ? 'numeric' : '' }, definition.cell(row, this.thresholdMin, this.comparison)),
          ),
        ),
      ),
    );
  }

  private toggleSort(column: TownshipColumn): void {
    if (this.sort.column === column) {
      this.sort = { column, direction: this.sort.direction === 'ascending' ? 'descending' : 'ascending' };
    } else {
      this.sort = { column, direction: column === 'name' ? 'ascending' : 'descending' };
    }
    this.render();
    this.container.querySelector<HTMLButtonElement>(`button[data-column="${column}"]`)?.focus();
  }
}
