/**
 * The district summary: population, slots, slots per 1,000 against the year's target, gap, inclusive
 * share, township institution coverage and the covered share within the selected walking threshold.
 */
import { serverTexts } from '../api/server-text';
import type { DistrictSummary, Profile } from '../api/types';
import { formatDecimal, formatInteger, formatShare, t } from '../i18n/i18n';
import { comparisonOf, meetsTarget, statusText, targetStatus, targetText } from '../i18n/targets';
import { attainmentOf } from '../layers/attainment';
import { h, replaceChildren } from './dom';
import './summary.css';
import { withHelp } from '../help/drawer';

/** A percentage target from the profile, in percent as POLICY.md writes it (65 for 65 %), or null. */
function percentTarget(profile: Profile, indicator: string, year: number): number | null {
  const value = profile.targets[indicator]?.[String(year)];
  return typeof value === 'number' ? value : null;
}

/** "目标 ≥ 65%" for a share (a fraction) against its profile target, or undefined without a target. */
function shareTarget(profile: Profile, indicator: string, year: number): string | undefined {
  const target = percentTarget(profile, indicator, year);
  if (target === null) return undefined;
  return t('vsTarget', { target: targetText(target, comparisonOf(profile.comparisons, indicator, year), 'percent') });
}

function metric(labelText: string, value: string, detail?: (string | Node)[] | string, className = ''): HTMLElement {
  return h(
    'div',
    { className: `metric ${className}`.trim() },
    h('dt', {}, labelText),
    h('dd', {}, h('span', { className: 'metric-value' }, value), detail ? h('span', { className: 'metric-detail' }, detail) : null),
  );
}

export function renderSummary(container: HTMLElement, summary: DistrictSummary, profile: Profile, thresholdMin: number): void {
  const key = String(thresholdMin);
  // The badge's colour is the map's shading band; its words are the one status wording (../i18n/targets.ts).
  const attainment = attainmentOf(summary.slotsPer1000, summary.target);
  const slotsComparison = comparisonOf(profile.comparisons, 'slots_per_1000', summary.year);
  const status = targetStatus(summary.slotsPer1000, summary.target, slotsComparison);
  const inclusiveTarget = shareTarget(profile, 'inclusive_share', summary.year);
  const inclusiveTargetValue = percentTarget(profile, 'inclusive_share', summary.year);
  const inclusiveComparison = comparisonOf(profile.comparisons, 'inclusive_share', summary.year);
  const institutionTarget = shareTarget(profile, 'township_institution_coverage', summary.year);
  const coverage = summary.coverage[key] ?? null;
  const covered = summary.coveredPopulation[key] ?? null;
  const uncovered = summary.uncoveredPopulation[key] ?? null;
  const notes = serverTexts(summary.notes, summary.notesZh);

  const headline = h(
    'div',
    { className: `headline attainment-border-${attainment}` },
    h('div', { className: 'headline-label' }, t('slotsPer1000')),
    h(
      'div',
      { className: 'headline-value' },
      h('span', { className: 'big-number', 'data-testid': 'summary-slots-per-1000' }, formatDecimal(summary.slotsPer1000, 2)),
      h(
        'span',
        { className: 'headline-target' },
        summary.target === null
          ? statusText('no_target')
          : t('vsTarget', { target: targetText(summary.target, slotsComparison, 'per1000') }),
      ),
    ),
    h('span', { className: `badge attainment-${attainment}`, 'data-status': status }, statusText(status)),
  );

  const coverageBar = h(
    'div',
    { className: 'coverage-bar', role: 'img', 'aria-label': `${t('coverage', { n: thresholdMin })}: ${formatShare(coverage)}` },
    h('div', { className: 'coverage-bar-fill', style: `width: ${Math.max(0, Math.min(1, coverage ?? 0)) * 100}%` }),
  );

  replaceChildren(
    container,
    withHelp(
      h('h2', { className: 'panel-title' }, t('summaryTitle'), h('span', { className: 'panel-year' }, String(summary.year))),
      'overview',
    ),
    headline,
    h(
      'dl',
      { className: 'metrics' },
      metric(t('population'), formatInteger(summary.population)),
      metric(t('slots'), formatInteger(summary.slots), `${t('facilityCount')} ${formatInteger(summary.facilityCount)}`),
      metric(t('gap'), formatInteger(summary.slotGap), undefined, summary.slotGap && summary.slotGap > 0 ? 'warn' : ''),
      metric(
        t('inclusiveShare'),
        formatShare(summary.inclusiveShare),
        inclusiveTarget,
        inclusiveTargetValue !== null &&
          summary.inclusiveShare !== null &&
          !meetsTarget(summary.inclusiveShare * 100, inclusiveTargetValue, inclusiveComparison)
          ? 'warn'
          : '',
      ),
      metric(
        t('townshipInstitutionCoverage'),
        formatShare(summary.townshipInstitutionCoverage),
        [
          t('townshipsWithFacility', {
            n: formatInteger(summary.townshipsWithOperatingFacility),
            total: formatInteger(summary.townshipCount),
          }),
          institutionTarget ? ` · ${institutionTarget}` : '',
        ],
        'wide',
      ),
    ),
    h(
      'div',
      { className: 'coverage-block' },
      h(
        'div',
        { className: 'coverage-head' },
        h('span', {}, t('coverage', { n: thresholdMin })),
        h('strong', { 'data-testid': 'summary-coverage' }, formatShare(coverage)),
      ),
      coverageBar,
      h(
        'div',
        { className: 'coverage-counts' },
        h(
          'span',
          {},
          h('i', { className: 'dot dot-covered', 'aria-hidden': 'true' }),
          `${t('coveredPopulation')} ${formatInteger(covered)}`,
        ),
        h(
          'span',
          {},
          h('i', { className: 'dot dot-uncovered', 'aria-hidden': 'true' }),
          `${t('uncoveredPopulation')} ${formatInteger(uncovered)}`,
        ),
      ),
    ),
    summary.approximate || notes.length > 0
      ? h(
          'div',
          { className: 'notes', role: 'note' },
          summary.approximate ? h('strong', {}, `≈ ${t('approximate')}`) : null,
          notes.length > 0
            ? h(
                'ul',
                {},
                notes.map((note) => h('li', {}, note)),
              )
            : null,
        )
      : null,
  );
}
