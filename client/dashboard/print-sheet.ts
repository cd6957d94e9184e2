/**
 * The annual summary as printed: one A4 page with the title, the year, the indicator table with
 * statuses and origins, the date it was printed and the data version. Kept filled with the shown year
 * so the browser's own print command gives the same page as the "print" button (dashboard-print.css
 * shows only this sheet on paper).
 */
import { formatInteger, getLocale } from '../i18n/i18n';
import { serverText } from '../api/server-text';
import { h, replaceChildren } from '../panels/dom';
import { printHead } from '../panels/print-head';
import type { IndicatorTable } from './api';
import { formatTargetText, formatValue, indicatorName, reportedText, statusLabel } from './format';
import { td } from './messages';

/** `profileName` is the plan's name as the policy profile gives it (its id is not for people). */
export function renderPrintSheet(
  sheet: HTMLElement,
  jurisdictionName: string,
  profileName: string,
  table: IndicatorTable,
  printedAt: Date,
): void {
  const counts = { met: 0, not_met: 0, no_target: 0, no_data: 0 };
  for (const row of table.indicators) counts[row.status] += 1;
  const reasons = table.indicators.filter((row) => row.status === 'no_data' && row.reason);
  replaceChildren(
    sheet,
    printHead(td('printTitle', { name: jurisdictionName, year: table.year }), td('printSubtitle')),
    h(
      'p',
      { className: 'dbp-meta' },
      td('printMeta', {
        date: printedAt.toLocaleDateString(document.documentElement.lang || 'zh-CN', { year: 'numeric', month: 'long', day: 'numeric' }),
        version: table.dataVersion,
        profile: profileName,
      }),
    ),
    h(
      'p',
      { className: 'dbp-counts' },
      td('printCounts', {
        met: formatInteger(counts.met),
        notMet: formatInteger(counts.not_met),
        noTarget: formatInteger(counts.no_target),
        noData: formatInteger(counts.no_data),
      }),
    ),
    h(
      'table',
      { className: 'dbp-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, '#'),
          h('th', {}, td('colIndicator')),
          h('th', {}, td('colValue')),
          h('th', {}, td('colTarget')),
          h('th', {}, td('colStatus')),
          h('th', {}, td('colOrigin')),
        ),
      ),
      h(
        'tbody',
        {},
        table.indicators.map((row, index) =>
          h(
            'tr',
            {},
            h('td', { className: 'dbp-index' }, String(index + 1)),
            h('td', {}, indicatorName(row)),
            h('td', { className: 'dbp-value' }, row.value === null ? td('noData') : formatValue(row.value, row.unit)),
            h('td', {}, formatTargetText(row.target, row.comparison, row.unit)),
            h('td', {}, h('span', { className: `dbp-status status-${row.status}` }, statusLabel(row.status))),
            h(
              'td',
              {},
              row.origin === null ? '—' : td(row.origin === 'computed' ? 'originComputed' : 'originReported'),
              row.origin === 'computed' && row.reported
                ? h('span', { className: 'dbp-aside' }, td('alsoReported', { value: reportedText(row) ?? '' }))
                : null,
              row.origin === 'reported' && row.reported?.source ? h('span', { className: 'dbp-aside' }, row.reported.source) : null,
            ),
          ),
        ),
      ),
    ),
    reasons.length > 0
      ? h(
          'div',
          { className: 'dbp-notes' },
          h('strong', {}, td('printNoDataNotes')),
          h(
            'ol',
            {},
            reasons.map((row) =>
              h('li', {}, `${indicatorName(row)}${getLocale() === 'zh' ? '：' : ': '}${serverText(row.reason, row.reasonZh)}`),
            ),
          ),
        )
      : null,
    h('footer', { className: 'dbp-foot' }, td('printFooter')),
  );
}
