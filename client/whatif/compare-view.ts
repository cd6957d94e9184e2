/**
 * Two saved scenarios side by side (`GET /scenarios/compare?a=&b=`): the district figures after each,
 * and the difference b − a, then the townships where they differ. Coverage at the selected threshold.
 */
import { formatDecimal, formatInteger, formatShare, t } from '../i18n/i18n';
import { h } from '../panels/dom';
import type { Comparison } from './types';

const EPSILON = 1e-9;

function difference(value: number | null | undefined, format: (v: number) => string): HTMLElement {
  if (value === null || value === undefined || Math.abs(value) < EPSILON) return h('td', { className: 'numeric wi-diff' }, '0');
  return h('td', { className: `numeric wi-diff ${value > 0 ? 'is-up' : 'is-down'}` }, `${value > 0 ? '+' : '−'}${format(Math.abs(value))}`);
}

export function comparisonView(comparison: Comparison, thresholdMin: number): HTMLElement {
  const key = String(thresholdMin);
  const { a, b, differences } = comparison;
  const share = (v: number | null | undefined): string => formatShare(v ?? null);
  const points = (v: number): string => t('wiPoints', { n: formatDecimal(v * 100, 1) });
  const districtRows: [string, string, string, HTMLElement][] = [
    [
      t('slotsPer1000'),
      formatDecimal(a.after.slotsPer1000, 2),
      formatDecimal(b.after.slotsPer1000, 2),
      difference(differences.district.slotsPer1000, (v) => formatDecimal(v, 2)),
    ],
    [t('slots'), formatInteger(a.after.slots), formatInteger(b.after.slots), difference(differences.district.slots, formatInteger)],
    [t('gap'), formatInteger(a.after.slotGap), formatInteger(b.after.slotGap), difference(differences.district.slotGap, formatInteger)],
    [
      t('coverage', { n: thresholdMin }),
      share(a.after.coverage[key]),
      share(b.after.coverage[key]),
      difference(differences.district.coverage[key], points),
    ],
    [
      t('wiNewlyCovered', { n: thresholdMin }),
      formatInteger(a.newlyCoveredPopulation[key]),
      formatInteger(b.newlyCoveredPopulation[key]),
      difference((b.newlyCoveredPopulation[key] ?? 0) - (a.newlyCoveredPopulation[key] ?? 0), formatInteger),
    ],
    [
      t('facilityCount'),
      formatInteger(a.after.facilityCount),
      formatInteger(b.after.facilityCount),
      difference(differences.district.facilityCount, formatInteger),
    ],
  ];
  const townships = differences.townships.filter(
    (row) => Math.abs(row.slots ?? 0) > 0 || Math.abs(row.slotsPer1000 ?? 0) > EPSILON || Math.abs(row.coverage[key] ?? 0) > EPSILON,
  );
  const head = (first: string): HTMLElement =>
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, first),
        h('th', { scope: 'col', className: 'numeric', title: a.scenario.name }, `A · ${a.scenario.name}`),
        h('th', { scope: 'col', className: 'numeric', title: b.scenario.name }, `B · ${b.scenario.name}`),
        h('th', { scope: 'col', className: 'numeric' }, 'B − A'),
      ),
    );
  return h(
    'div',
    { className: 'wi-compare', id: 'wi-compare-result' },
    h(
      'div',
      { className: 'table-scroll' },
      h(
        'table',
        { className: 'wi-table wi-compare-table' },
        head(t('wiCompareDistrict')),
        h(
          'tbody',
          {},
          districtRows.map(([label, left, right, diff]) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, label),
              h('td', { className: 'numeric' }, left),
              h('td', { className: 'numeric' }, right),
              diff,
            ),
          ),
        ),
      ),
    ),
    townships.length === 0
      ? h('p', { className: 'pc-hint' }, t('wiCompareNoTownshipDifference'))
      : h(
          'div',
          { className: 'table-scroll' },
          h(
            'table',
            { className: 'wi-table wi-compare-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, t('townshipName')),
                h('th', { scope: 'col', className: 'numeric' }, `Δ ${t('colSlots')}`),
                h('th', { scope: 'col', className: 'numeric' }, `Δ ${t('colSlotsPer1000')}`),
                h('th', { scope: 'col', className: 'numeric' }, `Δ ${t('colCoverage', { n: thresholdMin })}`),
              ),
            ),
            h(
              'tbody',
              {},
              townships.map((row) =>
                h(
                  'tr',
                  { 'data-code': row.code },
                  h('th', { scope: 'row' }, row.name),
                  difference(row.slots, formatInteger),
                  difference(row.slotsPer1000, (v) => formatDecimal(v, 2)),
                  difference(row.coverage[key], points),
                ),
              ),
            ),
          ),
        ),
    // The server's only note says the years differ; written here in the page's language.
    a.year !== b.year ? h('p', { className: 'wi-footnote' }, t('wiCompareYears', { a: a.year, b: b.year })) : null,
  );
}
