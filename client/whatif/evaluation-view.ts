/**
 * The before/after of an evaluated proposal: district figures (slots per 1,000 against the target,
 * slot gap, coverage at the selected threshold, residents newly covered) and the per-township table
 * with the changed townships highlighted and listed first. Built as DOM nodes, never HTML strings.
 */
import { changeRoundingNote, changeText, isShownChange, type ChangeKind } from '../i18n/change';
import { formatDecimal, formatInteger, formatShare, t } from '../i18n/i18n';
import { comparisonOf, targetText } from '../i18n/targets';
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

/** How the plan states the targets the before/after is read against (the one wording of ../i18n/targets.ts). */
export interface TargetContext {
  /** The profile's comparisons: indicator → year → comparison. */
  comparisons: Record<string, Record<string, string>> | undefined;
}

function districtFigures(evaluation: Evaluation, thresholdMin: number, targets: TargetContext): HTMLElement {
  const key = String(thresholdMin);
  const { before, after } = evaluation;
  const year = evaluation.year;
  // Every change from the exact values, rounded once for display (../i18n/change.ts).
  const exact = (a: number | null | undefined, b: number | null | undefined): number | null =>
    a === null || a === undefined || b === null || b === undefined ? null : b - a;
  const per1000Delta = exact(before.slotsPer1000, after.slotsPer1000);
  const gapDelta = exact(before.slotGap, after.slotGap);
  const coverageBefore = before.coverage[key] ?? null;
  const coverageAfter = after.coverage[key] ?? null;
  const coverageDelta = exact(coverageBefore, coverageAfter);
  const inclusiveDelta = exact(before.inclusiveShare, after.inclusiveShare);
  const institutionDelta = exact(before.townshipInstitutionCoverage, after.townshipInstitutionCoverage);
  const newly = evaluation.newlyCoveredPopulation[key] ?? 0;
  const lost = evaluation.lostCoveragePopulation[key] ?? 0;
  const tone = (delta: number | null, kind: ChangeKind, higherIsBetter: boolean): boolean | null =>
    isShownChange(delta, kind) ? delta > 0 === higherIsBetter : null;
  const shareTarget = (indicator: string, target: number | null): string | null =>
    target === null
      ? null
      : t('wiTargetOf', { target: targetText(target, comparisonOf(targets.comparisons, indicator, year), 'percent'), year });
  return h(
    'dl',
    { className: 'wi-kpis' },
    kpi({
      testId: 'wi-district-per1000',
      label: t('slotsPer1000'),
      before: formatDecimal(before.slotsPer1000, 2),
      after: formatDecimal(after.slotsPer1000, 2),
      delta: changeText(per1000Delta, 'per1000'),
      good: tone(per1000Delta, 'per1000', true),
      detail:
        after.target === null
          ? null
          : t('wiTargetOf', {
              target: targetText(after.target, comparisonOf(targets.comparisons, 'slots_per_1000', year), 'per1000'),
              year,
            }),
    }),
    kpi({
      testId: 'wi-district-gap',
      label: t('gap'),
      before: formatInteger(before.slotGap),
      after: formatInteger(after.slotGap),
      delta: changeText(gapDelta, 'count'),
      good: tone(gapDelta, 'count', false),
      detail: t('wiSlotsTotal', { before: formatInteger(before.slots), after: formatInteger(after.slots) }),
    }),
    kpi({
      testId: 'wi-district-coverage',
      label: t('coverage', { n: thresholdMin }),
      before: formatShare(coverageBefore),
      after: formatShare(coverageAfter),
      delta: changeText(coverageDelta, 'points'),
      good: tone(coverageDelta, 'points', true),
    }),
    kpi({
      testId: 'wi-district-inclusive',
      label: t('inclusiveShare'),
      before: formatShare(before.inclusiveShare),
      after: formatShare(after.inclusiveShare),
      delta: changeText(inclusiveDelta, 'points'),
      good: tone(inclusiveDelta, 'points', true),
      detail: [
        t('wiInclusiveSlotsTotal', { before: formatInteger(before.inclusiveSlots), after: formatInteger(after.inclusiveSlots) }),
        shareTarget('inclusive_share', after.inclusiveShareTarget),
      ]
        .filter(Boolean)
        .join(' · '),
    }),
    kpi({
      testId: 'wi-district-institutions',
      label: t('townshipInstitutionCoverage'),
      before: formatShare(before.townshipInstitutionCoverage),
      after: formatShare(after.townshipInstitutionCoverage),
      delta: changeText(institutionDelta, 'points'),
      good: tone(institutionDelta, 'points', true),
      detail: [
        t('townshipsWithFacility', {
          n: formatInteger(after.townshipsWithOperatingFacility),
          total: formatInteger(after.townshipCount),
        }),
        shareTarget('township_institution_coverage', after.townshipInstitutionCoverageTarget),
      ]
        .filter(Boolean)
        .join(' · '),
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
export function evaluationView(
  evaluation: Evaluation,
  thresholdMin: number,
  latencyMs: number,
  warnings: string[],
  targets: TargetContext,
): HTMLElement {
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
    districtFigures(evaluation, thresholdMin, targets),
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
        changeRoundingNote(),
        evaluation.changedUnitsTruncated ? t('wiUnitsTruncated') : null,
        evaluation.approximate ? t('approximate') : null,
      ]
        .filter(Boolean)
        .join(' '),
    ),
  );
}
