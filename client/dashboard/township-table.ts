/**
 * The township drill-down of the year: every township figure that exists (slots per 1,000 against the
 * target, inclusive share, institutions, 15-minute service circle, child health centre, child-health
 * staff per 20,000). The column of the selected indicator is highlighted.
 */
import { formatDecimal, formatInteger } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import type { TownshipDrilldown, TownshipDrilldownRow } from './api';
import { td, type DashboardMessageKey } from './messages';

interface Column {
  key: keyof TownshipDrilldownRow;
  label: DashboardMessageKey;
  numeric: boolean;
  cell: (row: TownshipDrilldownRow) => Node | string;
}

const percent = (value: number | null): string => (value === null ? '–' : `${formatDecimal(value, 1)}%`);

function yesNo(value: boolean, expected = true): HTMLSpanElement {
  if (!value && !expected) return h('span', { className: 'yn yn-na' }, td('notRequired'));
  return h('span', { className: `yn ${value ? 'yn-yes' : 'yn-no'}` }, td(value ? 'yes' : 'no'));
}

const columns: Column[] = [
  { key: 'population', label: 'colPopulation', numeric: true, cell: (r) => formatInteger(r.population) },
  { key: 'populationUnder3', label: 'colUnder3', numeric: true, cell: (r) => formatInteger(r.populationUnder3) },
  { key: 'slots', label: 'colSlots', numeric: true, cell: (r) => formatInteger(r.slots) },
  {
    key: 'slotsPer1000',
    label: 'colSlotsPer1000',
    numeric: true,
    cell: (r) =>
      h(
        'span',
        {
          className: `attainment ${r.meetsSlotsTarget === null ? 'attainment-none' : r.meetsSlotsTarget ? 'attainment-met' : 'attainment-below'}`,
        },
        formatDecimal(r.slotsPer1000, 2),
      ),
  },
  { key: 'slotGap', label: 'colSlotGap', numeric: true, cell: (r) => formatInteger(r.slotGap) },
  { key: 'inclusiveSharePercent', label: 'colInclusiveShare', numeric: true, cell: (r) => percent(r.inclusiveSharePercent) },
  {
    key: 'hasInstitution',
    label: 'colFacilities',
    numeric: true,
    cell: (r) => `${formatInteger(r.facilityCount)} / ${formatInteger(r.inclusiveFacilityCount)}`,
  },
  { key: 'serviceCircle15Percent', label: 'colServiceCircle', numeric: true, cell: (r) => percent(r.serviceCircle15Percent) },
  { key: 'hasHealthCenter', label: 'colHealthCentre', numeric: false, cell: (r) => yesNo(r.hasHealthCenter, r.healthCenterExpected) },
  { key: 'childHealthStaffPer20k', label: 'colChildHealthStaff', numeric: true, cell: (r) => formatDecimal(r.childHealthStaffPer20k, 2) },
];

/** Drill-down columns that stand for an indicator's township figure although named differently. */
const columnAliases: Partial<Record<keyof TownshipDrilldownRow, keyof TownshipDrilldownRow>> = {
  hasInclusiveInstitution: 'hasInstitution',
};

export class TownshipTable {
  private data: TownshipDrilldown | null = null;
  private highlighted: keyof TownshipDrilldownRow | null = null;
  private selected: string | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly onSelect: (code: string | null) => void,
  ) {}

  setData(data: TownshipDrilldown | null): void {
    this.data = data;
    this.render();
  }

  /** Highlights the column holding the selected indicator's township figure (null: none). */
  highlight(column: keyof TownshipDrilldownRow | null): void {
    this.highlighted = column === null ? null : (columnAliases[column] ?? column);
    this.render();
  }

  render(): void {
    const data = this.data;
    if (!data) {
      replaceChildren(this.container, h('p', { className: 'db-empty' }, td('loading')));
      return;
    }
    const headClass = (column: Column): string =>
      [column.numeric ? 'numeric' : '', column.key === this.highlighted ? 'is-highlighted' : ''].filter(Boolean).join(' ');
    const table = h(
      'table',
      { id: 'township-drilldown', className: 'db-table township-drilldown' },
      h('caption', { className: 'visually-hidden' }, td('townshipsCaption', { year: data.year })),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, td('colTownship')),
          columns.map((column) => h('th', { scope: 'col', className: headClass(column) }, td(column.label))),
        ),
      ),
      h(
        'tbody',
        {},
        data.townships.map((row) => {
          const tr = h(
            'tr',
            { 'data-code': row.code, tabindex: 0, className: row.code === this.selected ? 'selected' : null },
            h('th', { scope: 'row' }, row.name),
            columns.map((column) => h('td', { className: headClass(column) }, column.cell(row))),
          );
          const choose = (): void => {
            this.selected = this.selected === row.code ? null : row.code;
            this.render();
            this.onSelect(this.selected);
          };
          tr.addEventListener('click', choose);
          tr.addEventListener('keydown', (event) => {
            if (event.key === 'Enter') choose();
          });
          return tr;
        }),
      ),
    );
    replaceChildren(
      this.container,
      h('div', { className: 'db-table-scroll' }, table),
      h('p', { className: 'db-footnote' }, td('townshipsFootnote', { n: formatInteger(data.healthCenterMinPopulation) })),
    );
  }
}
