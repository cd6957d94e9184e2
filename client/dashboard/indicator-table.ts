/**
 * The year's indicator table: name, value with unit, the plan's target with its comparison, status
 * (colour) and origin. A computed value and a reported one are never merged: a row shows where its
 * value comes from, and a reported figure beside a computed one is written on its own line with its
 * own status. Rows without data say why. Clicking a row (or Enter) selects the indicator.
 */
import { serverText } from '../api/server-text';
import { h, replaceChildren } from '../panels/dom';
import type { IndicatorRow, IndicatorTable as IndicatorTableData } from './api';
import { formatTargetText, formatValue, indicatorName, reportedText, statusLabel } from './format';
import { td } from './messages';

export interface IndicatorTableCallbacks {
  onSelect: (indicatorId: string) => void;
}

export class IndicatorTable {
  private data: IndicatorTableData | null = null;
  private selected: string | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly callbacks: IndicatorTableCallbacks,
  ) {}

  setData(data: IndicatorTableData | null): void {
    this.data = data;
    this.render();
  }

  setSelected(indicatorId: string | null): void {
    this.selected = indicatorId;
    for (const row of this.container.querySelectorAll<HTMLTableRowElement>('tbody tr[data-indicator]')) {
      const isSelected = row.dataset.indicator === indicatorId;
      row.classList.toggle('selected', isSelected);
      row.setAttribute('aria-selected', String(isSelected));
    }
  }

  render(): void {
    const data = this.data;
    if (!data) {
      replaceChildren(this.container, h('p', { className: 'db-empty' }, td('loading')));
      return;
    }
    const table = h(
      'table',
      { id: 'indicator-table', className: 'db-table indicator-table' },
      h('caption', { className: 'visually-hidden' }, td('indicatorTableCaption', { year: data.year })),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, td('colIndicator')),
          h('th', { scope: 'col', className: 'numeric' }, td('colValue')),
          h('th', { scope: 'col' }, td('colTarget')),
          h('th', { scope: 'col' }, td('colStatus')),
          h('th', { scope: 'col' }, td('colOrigin')),
        ),
      ),
      h(
        'tbody',
        {},
        data.indicators.map((row) => this.row(row)),
      ),
    );
    replaceChildren(this.container, table);
    this.setSelected(this.selected);
  }

  private row(row: IndicatorRow): HTMLTableRowElement {
    const valueCell =
      row.value !== null
        ? h('td', { className: 'numeric ind-value' }, h('span', { className: 'ind-number' }, formatValue(row.value, row.unit)))
        : h(
            'td',
            { className: 'ind-value ind-value-missing' },
            h('span', { className: 'ind-nodata' }, td('noData')),
            h('span', { className: 'ind-reason' }, serverText(row.reason, row.reasonZh) ?? td('noDataReasonUnknown')),
          );
    const tr = h(
      'tr',
      { 'data-indicator': row.id, 'data-status': row.status, tabindex: 0, 'aria-selected': 'false' },
      h(
        'th',
        { scope: 'row', className: 'ind-name' },
        h('span', { className: 'ind-title' }, indicatorName(row)),
        row.unitNote ? h('span', { className: 'ind-note' }, serverText(row.unitNote, row.unitNoteZh)) : null,
      ),
      valueCell,
      h(
        'td',
        { className: 'ind-target', title: serverText(row.targetNote, row.targetNoteZh) },
        formatTargetText(row.target, row.comparison, row.unit),
      ),
      h('td', {}, statusBadge(row.status)),
      h('td', { className: 'ind-origin' }, originCell(row)),
    );
    tr.addEventListener('click', () => this.callbacks.onSelect(row.id));
    tr.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this.callbacks.onSelect(row.id);
      }
    });
    return tr;
  }
}

export function statusBadge(status: IndicatorRow['status']): HTMLSpanElement {
  return h(
    'span',
    { className: `status-badge status-${status}` },
    h('span', { className: 'status-dot', 'aria-hidden': 'true' }),
    statusLabel(status),
  );
}

/** Origin chip; a reported value the row does not use (the computed one wins) is shown separately. */
function originCell(row: IndicatorRow): (HTMLElement | null)[] {
  if (row.origin === null) return [h('span', { className: 'origin-chip origin-none' }, '—')];
  const chip = h(
    'span',
    { className: `origin-chip origin-${row.origin}` },
    td(row.origin === 'computed' ? 'originComputed' : 'originReported'),
  );
  const reported = row.reported;
  if (row.origin === 'reported' && reported) {
    return [chip, h('span', { className: 'ind-note' }, [reported.source, reported.note].filter(Boolean).join(' · ') || td('noSource'))];
  }
  if (row.origin === 'computed' && reported) {
    return [
      chip,
      h(
        'span',
        { className: 'ind-reported-aside' },
        td('alsoReported', { value: reportedText(row) ?? '' }),
        row.reportedStatus ? ` · ${statusLabel(row.reportedStatus)}` : '',
      ),
    ];
  }
  return [chip];
}
