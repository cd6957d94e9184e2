/**
 * The before/after of an evaluated proposal: district figures (slots per 1,000 against the target,
 * slot gap, coverage at the selected threshold, residents newly covered) and the per-township table
 * with the changed townships highlighted and listed first. Built as DOM nodes, never HTML strings.
 */
import { formatDecimal, formatInteger, formatShare, formatTarget, t } from '../i18n/i18n';
import { h } from '../panels/dom';
import type { Evaluation, TownshipBeforeAfter } from './types';

/** Differences smaller than this are rounding, not change (slots per 1,000 and shares). */
const EPSILON = 1e-9;

type Direction = 'up' | 'down' | 'same';

function direction(before: number | null, after: number | null): Direction {
  if (before === null || after === null || Math.abs(after - before) < EPSILON) return 'same';
  return after > before ? 'up' : 'down';
}

/** Whether a township's figures differ before and after (slots, residents or coverage at any threshold). */
export function townshipChanged(row: TownshipBeforeAfter): boolean {
  const { before, after } = row;
  if (before.slots !== after.slots || before.population !== after.population || before.inclusiveSlots !== after.inclusiveSlots) return true;
  return Object.keys(after.coverage).some((key) => Math.abs((after.coverage[key] ?? 0) - (before.coverage[key] ?? 0)) >= EPSILON);
}

function signed(value: string, delta: number): string {
  return delta > 0 ? `+${value}` : delta < 0 ? `−${value.replace(/^[-−]/, '')}` : value;
}

/** One district figure: label, before → after, and the change coloured by whether it is good. */
function kpi(options: {
  testId: string;
  label: string;
  before: string;
  after: string;
  delta: string | null;
  good: boolean | null;
  detail?: string | null;
}): HTMLElement {
  const tone = options.good === null ? '' : options.good ? ' is-good' : ' is-bad';
  return h(
    'div',
    { className: 'wi-kpi', 'data-testid': options.testId },
    h('dt', {}, options.label),
    h(
      'dd',
      {},
      h('span', { className: 'wi-kpi-before' }, options.before),
      h('span', { className: 'wi-arrow', 'aria-hidden': 'true' }, '→'),
      h('span', { className: 'wi-kpi-after' }, options.after),
      options.delta ? h('span', { className: `wi-delta${tone}` }, options.delta) : null,
    ),
    options.detail ? h('span', { className: 'wi-kpi-detail' }, options.detail) : null,
  );
}

function districtFigures(evaluation: Evaluation, thresholdMin: number): HTMLElement {
  const key = String(thresholdMin);
  const { before, after } = evaluation;
  const per1000Delta = after.slotsPer1000 === null || before.slotsPer1000 === null ? 0 : after.slotsPer1000 - before.slotsPer1000;
  const gapBefore = before.slotGap;
  const gapAfter = after.slotGap;
  const coverageBefore = before.coverage[key] ?? null;
  const coverageAfter = after.coverage[key] ?? null;
  const coverageDelta = coverageBefore === null || coverageAfter === null ? null : coverageAfter - coverageBefore;
  const newly = evaluation.newlyCoveredPopulation[key] ?? 0;
  const lost = evaluation.lostCoveragePopulation[key] ?? 0;
  const points = (value: number): string => t('wiPoints', { n: formatDecimal(Math.abs(value) * 100, 1) });
  return h(
    'dl',
    { className: 'wi-kpis' },
    kpi({
      testId: 'wi-district-per1000',
      label: t('slotsPer1000'),
      before: formatDecimal(before.slotsPer1000, 2),
      after: formatDecimal(after.slotsPer1000, 2),
      delta: Math.abs(per1000Delta) < 0.005 ? null : signed(formatDecimal(Math.abs(per1000Delta), 2), per1000Delta),
      good: Math.abs(per1000Delta) < EPSILON ? null : per1000Delta > 0,
      detail: after.target === null ? null : t('wiTargetOf', { target: formatTarget(after.target), year: evaluation.year }),
    }),
    kpi({
      testId: 'wi-district-gap',
      label: t('gap'),
      before: formatInteger(gapBefore),
      after: formatInteger(gapAfter),
      delta:
        gapBefore === null || gapAfter === null || gapBefore === gapAfter
          ? null
          : signed(formatInteger(Math.abs(gapAfter - gapBefore)), gapAfter - gapBefore),
      good: gapBefore === null || gapAfter === null || gapBefore === gapAfter ? null : gapAfter < gapBefore,
      detail: t('wiSlotsTotal', { before: formatInteger(before.slots), after: formatInteger(after.slots) }),
    }),
    kpi({
      testId: 'wi-district-coverage',
      label: t('coverage', { n: thresholdMin }),
      before: formatShare(coverageBefore),
      after: formatShare(coverageAfter),
      delta: coverageDelta === null || Math.abs(coverageDelta) < 0.0005 ? null : signed(points(coverageDelta), coverageDelta),
      good: coverageDelta === null || Math.abs(coverageDelta) < EPSILON ? null : coverageDelta > 0,
    }),
    h(
      'div',
      { className: 'wi-kpi wi-kpi-newly', 'data-testid': 'wi-newly-covered' },
      h('dt', {}, t('wiNewlyCovered', { n: thresholdMin })),
      h(
        'dd',
        {},
        h('span', { className: 'wi-kpi-big' }, `+${formatInteger(newly)}`),
        h('span', { className: 'wi-kpi-unit' }, t('wiPersons')),
      ),
      lost > 0 ? h('span', { className: 'wi-kpi-detail is-bad' }, t('wiLostCoverage', { n: formatInteger(lost) })) : null,
    ),
  );
}

function townshipTable(evaluation: Evaluation, thresholdMin: number): HTMLElement {
  const key = String(thresholdMin);
  const rows = evaluation.townships.map((row) => ({ row, changed: townshipChanged(row) }));
  // Changed townships first (in their order), then the rest: the eye finds the effect at once.
  const ordered = [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)];
  const cell = (value: string, className: string, dir: Direction = 'same'): HTMLElement =>
    h(
      'td',
      { className: `numeric ${className}${dir === 'same' ? '' : ` is-${dir}`}` },
      value,
      dir === 'same' ? null : h('span', { className: 'wi-dir', 'aria-hidden': 'true' }, dir === 'up' ? ' ▲' : ' ▼'),
    );
  return h(
    'div',
    { className: 'table-scroll' },
    h(
      'table',
      { className: 'wi-table', id: 'wi-township-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col', rowspan: 2 }, t('townshipName')),
          h('th', { scope: 'colgroup', colspan: 2, className: 'numeric' }, t('colSlotsPer1000')),
          h('th', { scope: 'colgroup', colspan: 2, className: 'numeric' }, t('colCoverage', { n: thresholdMin })),
          h('th', { scope: 'col', rowspan: 2, className: 'numeric' }, t('wiColGapAfter')),
        ),
        h(
          'tr',
          { className: 'wi-subhead' },
          h('th', { scope: 'col', className: 'numeric' }, t('pcBefore')),
          h('th', { scope: 'col', className: 'numeric' }, t('pcAfter')),
          h('th', { scope: 'col', className: 'numeric' }, t('pcBefore')),
          h('th', { scope: 'col', className: 'numeric' }, t('pcAfter')),
        ),
      ),
      h(
        'tbody',
        {},
        ordered.map(({ row, changed }) => {
          const coverageBefore = row.before.coverage[key] ?? null;
          const coverageAfter = row.after.coverage[key] ?? null;
          return h(
            'tr',
            { 'data-code': row.code, className: changed ? 'is-changed' : null },
            h('th', { scope: 'row' }, row.name),
            cell(formatDecimal(row.before.slotsPer1000, 2), 'wi-before-per1000'),
            cell(formatDecimal(row.after.slotsPer1000, 2), 'wi-after-per1000', direction(row.before.slotsPer1000, row.after.slotsPer1000)),
            cell(formatShare(coverageBefore), 'wi-before-coverage'),
            cell(formatShare(coverageAfter), 'wi-after-coverage', direction(coverageBefore, coverageAfter)),
            cell(formatInteger(row.after.slotGap), 'wi-after-gap'),
          );
        }),
      ),
    ),
  );
}

/** The result card; `latencyMs` is the round trip the planner waited for. */
export function evaluationView(evaluation: Evaluation, thresholdMin: number, latencyMs: number, warnings: string[]): HTMLElement {
  const changedCount = evaluation.townships.filter(townshipChanged).length;
  return h(
    'section',
    { className: 'wi-results', id: 'wi-results', 'aria-labelledby': 'wi-results-title' },
    h(
      'div',
      { className: 'wi-results-head' },
      h('h3', { id: 'wi-results-title' }, t('wiResultsTitle', { year: evaluation.year })),
      h(
        'span',
        { className: 'wi-latency', 'data-testid': 'wi-latency', title: t('wiLatencyTitle') },
        t('wiLatency', { ms: Math.round(latencyMs) }),
      ),
    ),
    districtFigures(evaluation, thresholdMin),
    warnings.length > 0
      ? h(
          'ul',
          { className: 'wi-warnings', role: 'status' },
          warnings.map((warning) => h('li', {}, warning)),
        )
      : null,
    h('p', { className: 'wi-table-caption' }, t('wiTownshipsChanged', { n: changedCount, total: evaluation.townships.length })),
    townshipTable(evaluation, thresholdMin),
    h(
      'p',
      { className: 'wi-footnote' },
      [
        t('wiMapLegendNote', { n: thresholdMin }),
        evaluation.changedUnitsTruncated ? t('wiUnitsTruncated') : null,
        evaluation.approximate ? t('approximate') : null,
      ]
        .filter(Boolean)
        .join(' '),
    ),
  );
}
