/**
 * Two saved scenarios side by side (`GET /scenarios/compare?a=&b=`): the district figures after each,
 * and the difference b − a, then the townships where they differ. Coverage at the selected threshold.
 */
import { changeRoundingNote, changeText, isShownChange, type ChangeKind } from '../i18n/change';
import { formatDecimal, formatInteger, formatShare, t } from '../i18n/i18n';
import { h } from '../panels/dom';
import type { Comparison } from './types';

/** The exact difference b − a, rounded once to its figure's precision (../i18n/change.ts); "0" when it rounds to nothing. */
function difference(value: number | null | undefined, kind: ChangeKind): HTMLElement {
  const text = changeText(value, kind);
  if (text === null || !isShownChange(value, kind)) return h('td', { className: 'numeric wi-diff' }, '0');
  return h('td', { className: `numeric wi-diff ${value > 0 ? 'is-up' : 'is-down'}` }, text);
}

export function comparisonView(comparison: Comparison, thresholdMin: number): HTMLElement {
  const key = String(thresholdMin);
  const { a, b, differences } = comparison;
  const share = (v: number | null | undefined): string => formatShare(v ?? null);
  const districtRows: [string, string, string, HTMLElement][] = [
    [
      t('slotsPer1000'),
      formatDecimal(a.after.slotsPer1000, 2),
      formatDecimal(b.after.slotsPer1000, 2),
      difference(differences.district.slotsPer1000, 'per1000'),
    ],
    [t('slots'), formatInteger(a.after.slots), formatInteger(b.after.slots), difference(differences.district.slots, 'count')],
    [t('gap'), formatInteger(a.after.slotGap), formatInteger(b.after.slotGap), difference(differences.district.slotGap, 'count')],
    [
      t('coverage', { n: thresholdMin }),
      share(a.after.coverage[key]),
      share(b.after.coverage[key]),
      difference(differences.district.coverage[key], 'points'),
    ],
    [
      t('wiNewlyCovered', { n: thresholdMin }),
      formatInteger(a.newlyCoveredPopulation[key]),
      formatInteger(b.newlyCoveredPopulation[key]),
      difference((b.newlyCoveredPopulation[key] ?? 0) - (a.newlyCoveredPopulation[key] ?? 0), 'count'),
    ],
    [
      t('facilityCount'),
      formatInteger(a.after.facilityCount),
      formatInteger(b.after.facilityCount),
      difference(differences.district.facilityCount, 'count'),
    ],
  ];
  const townships = differences.townships.filter(
    (row) => isShownChange(row.slots, 'count') || isShownChange(row.slotsPer1000, 'per1000') || isShownChange(row.coverage[key], 'points'),
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
                  difference(row.slots, 'count'),
                  difference(row.slotsPer1000, 'per1000'),
                  difference(row.coverage[key], 'points'),
                ),
              ),
            ),
          ),
        ),
    // The server's only note says the years differ; written here in the page's language.
    a.year !== b.year ? h('p', { className: 'wi-footnote' }, t('wiCompareYears', { a: a.year, b: b.year })) : null,
    h('p', { className: 'wi-footnote' }, changeRoundingNote()),
  );
}
