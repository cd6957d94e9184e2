/**
 * The answer of a check as a card: verdict and shortfall, the population, required and planned slots,
 * the township before and after the project, walking access and the nearest facilities, the server's
 * caveats, and the explanation to copy or print. The same card shows a project of the data.
 */
import { serverTexts } from '../api/server-text';
import type { ComplianceResult } from '../api/types';
import { formatDecimal, formatInteger, formatMetres, formatShare, formatTarget, getLocale, t, tMaybe } from '../i18n/i18n';
import { h } from '../panels/dom';
import type { CopyButton } from './clipboard';
import type { ProjectCheckContext, Shown } from './host';
import './result-card.css';
import { statusText, targetText } from '../i18n/targets';

/** What the card needs besides the result. */
export interface ResultCardOptions {
  /** The form was edited since: the card is greyed with a note. */
  stale: boolean;
  copy: CopyButton;
  print(): void;
}

export function resultCard(shown: Shown, context: ProjectCheckContext | null, options: ResultCardOptions): HTMLElement {
  const r = shown.result;
  const project = shown.kind === 'project' ? shown.result : null;
  const heading = h(
    'div',
    { className: 'pc-card-head' },
    h('h3', {}, project ? project.name : t('pcResultTitle')),
    h(
      'p',
      { className: 'pc-card-meta' },
      [
        project ? `${tMaybe(`pcStatus_${project.status}`, project.status)}${project.projectYear ? ` · ${project.projectYear}` : ''}` : null,
        // The township code in the parentheses of the page's language (full-width only in Chinese).
        r.township ? (getLocale() === 'zh' ? `${r.township.name}（${r.township.code}）` : `${r.township.name} (${r.township.code})`) : null,
        t('pcCheckYear', { year: r.year }),
      ]
        .filter(Boolean)
        .join(' · '),
    ),
  );
  // The server's caveats in the page language; the first (free capacity is not modelled) is always there.
  const notes = serverTexts(r.notes, r.notesZh);
  return h(
    'article',
    { className: `pc-card${options.stale ? ' is-stale' : ''}`, id: 'project-check-result', 'data-testid': 'pc-result' },
    heading,
    options.stale ? h('p', { className: 'pc-stale-note no-print' }, t('pcStale')) : null,
    verdict(r),
    figures(r, project !== null),
    r.crs.converted
      ? h(
          'p',
          { className: 'pc-crs-note' },
          t('pcCrsConverted', { crs: r.crs.input, lon: r.site[0].toFixed(6), lat: r.site[1].toFixed(6) }),
        )
      : null,
    r.township?.footprintShare !== null && r.township?.footprintShare !== undefined
      ? h(
          'p',
          { className: 'pc-crs-note' },
          t('pcFootprintShare', { share: formatShare(r.township.footprintShare), name: r.township.name }),
        )
      : null,
    townshipImpact(r, context),
    walkingAccess(r),
    notes.length > 0
      ? h(
          'ul',
          { className: 'pc-notes' },
          notes.map((note) => h('li', {}, note)),
        )
      : null,
    explanation(r, options),
    h(
      'p',
      { className: 'pc-card-foot' },
      t('pcDataVersion', { name: context?.jurisdictionName ?? '', version: r.dataVersion }),
      r.approximate ? ` · ${t('approximate')}` : '',
    ),
  );
}

/** Meets the standard or not, with the slots above the requirement or the shortfall. */
function verdict(r: ComplianceResult): HTMLElement {
  const shortfall = (value: HTMLElement, label: string): HTMLElement =>
    h('div', { className: 'pc-shortfall' }, value, h('span', { className: 'pc-shortfall-label' }, label));
  return h(
    'div',
    { className: `pc-verdict ${r.compliant ? 'is-compliant' : 'is-short'}`, 'data-testid': 'pc-verdict' },
    h('div', { className: 'pc-verdict-icon', 'aria-hidden': 'true' }, r.compliant ? '✓' : '!'),
    h(
      'div',
      { className: 'pc-verdict-text' },
      h('strong', { className: 'pc-verdict-title' }, r.compliant ? t('pcCompliant') : t('pcNotCompliant')),
      h('span', { className: 'pc-verdict-rule' }, t('pcRule', { standard: formatTarget(r.standardSlotsPer1000) })),
    ),
    r.compliant
      ? shortfall(
          h('span', { className: 'pc-shortfall-value' }, `+${formatInteger(r.plannedSlots - r.requiredSlots)}`),
          t('pcAboveRequired'),
        )
      : shortfall(
          h('span', { className: 'pc-shortfall-value', 'data-testid': 'pc-shortfall' }, formatInteger(r.shortfall)),
          t('pcShortfallSlots'),
        ),
  );
}

/** Population (and where it came from), required slots (and the formula), planned slots. */
function figures(r: ComplianceResult, fromData: boolean): HTMLElement {
  const populationWhere =
    r.populationSource === 'households'
      ? t(r.personsPerHouseholdSource === 'project' ? 'pcFromHouseholdsGiven' : 'pcFromHouseholdsDefault', {
          households: formatInteger(r.households),
          perHousehold: String(r.personsPerHousehold),
        })
      : t(fromData ? 'pcFromPopulationData' : 'pcFromPopulationGiven');
  const figure = (label: string, testId: string, value: number, detail: string, className = 'pc-figure'): HTMLElement =>
    h(
      'div',
      { className },
      h('dt', {}, label),
      h(
        'dd',
        {},
        h('span', { className: 'pc-figure-value', 'data-testid': testId }, formatInteger(value)),
        h('span', { className: 'pc-figure-detail' }, detail),
      ),
    );
  return h(
    'dl',
    { className: 'pc-figures' },
    figure(t('pcPopulation'), 'pc-population', r.population, populationWhere),
    figure(
      t('pcRequired'),
      'pc-required',
      r.requiredSlots,
      `⌈${formatInteger(r.population)} × ${formatTarget(r.standardSlotsPer1000)} ÷ 1000⌉`,
    ),
    figure(t('pcPlanned'), 'pc-planned', r.plannedSlots, t('pcPlannedDetail'), `pc-figure${r.compliant ? '' : ' is-short'}`),
  );
}

/** The township's population, slots, slots per 1,000 and gap before and after the project. */
function townshipImpact(r: ComplianceResult, context: ProjectCheckContext | null): HTMLElement | null {
  const impact = r.townshipImpact;
  if (!impact || !r.township) return null;
  const change = impact.slotsPer1000Change;
  const changeText = change === null ? '–' : `${change > 0 ? '+' : change < 0 ? '−' : '±'}${formatDecimal(Math.abs(change), 2)}`;
  const row = (label: string, before: string | Node, after: string | Node, extra: string | Node = '', className = ''): HTMLElement =>
    h(
      'tr',
      { className },
      h('th', { scope: 'row' }, label),
      h('td', {}, before),
      h('td', {}, after),
      h('td', { className: 'pc-change' }, extra),
    );
  const per1000 = (figures: typeof impact.before): Node =>
    h(
      'span',
      { className: `attainment attainment-${figures.meetsTarget === null ? 'none' : figures.meetsTarget ? 'met' : 'below'}` },
      formatDecimal(figures.slotsPer1000, 2),
    );
  return h(
    'section',
    { className: 'pc-block pc-township-block', 'data-testid': 'pc-township' },
    h(
      'h4',
      {},
      t('pcTownshipImpact', { name: r.township.name }),
      h(
        'span',
        { className: 'pc-block-sub' },
        impact.target === null
          ? statusText('no_target')
          : t('pcTargetYear', { year: impact.year, target: targetText(impact.target, context?.slotsComparison ?? '>=', 'per1000') }),
      ),
    ),
    h(
      'table',
      { className: 'pc-impact' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, ''),
          h('th', { scope: 'col' }, t('pcBefore')),
          h('th', { scope: 'col' }, t('pcAfter')),
          h('th', { scope: 'col' }, t('pcChange')),
        ),
      ),
      h(
        'tbody',
        {},
        row(
          t('population'),
          formatInteger(impact.before.population),
          formatInteger(impact.after.population),
          `+${formatInteger(impact.after.population - impact.before.population)}`,
        ),
        row(
          t('slots'),
          formatInteger(impact.before.slots),
          formatInteger(impact.after.slots),
          `+${formatInteger(impact.after.slots - impact.before.slots)}`,
        ),
        row(
          t('slotsPer1000'),
          per1000(impact.before),
          per1000(impact.after),
          h('strong', { className: change !== null && change < 0 ? 'is-down' : 'is-up' }, changeText),
          'pc-impact-key',
        ),
        row(
          t('gap'),
          formatInteger(impact.before.slotGap),
          formatInteger(impact.after.slotGap),
          impact.before.slotGap !== null && impact.after.slotGap !== null ? signed(impact.after.slotGap - impact.before.slotGap) : '–',
        ),
      ),
    ),
  );
}

/** Within which walking thresholds the site is served, and the nearest facilities on foot. */
function walkingAccess(r: ComplianceResult): HTMLElement {
  const thresholds = Object.keys(r.coveredWithin)
    .map(Number)
    .sort((a, b) => a - b);
  return h(
    'section',
    { className: 'pc-block pc-walking-block', 'data-testid': 'pc-walking' },
    h('h4', {}, t('pcWalkingAccess'), h('span', { className: 'pc-block-sub' }, t('pcWalkingSub'))),
    h(
      'ul',
      { className: 'pc-chips' },
      thresholds.map((minutes) => {
        const covered = r.coveredWithin[String(minutes)] === true;
        return h(
          'li',
          { className: `pc-chip ${covered ? 'is-yes' : 'is-no'}` },
          h('span', { 'aria-hidden': 'true' }, covered ? '✓' : '✕'),
          ` ${t('minutesShort', { n: minutes })}`,
          h('span', { className: 'visually-hidden' }, covered ? t('pcCovered') : t('pcNotCovered')),
        );
      }),
    ),
    r.nearestFacilities.length === 0
      ? h('p', { className: 'pc-hint' }, t('pcNoFacilityWithin', { distance: formatMetres(r.searchLimitM) }))
      : h(
          'ol',
          { className: 'pc-facilities' },
          r.nearestFacilities.map((facility, index) =>
            h(
              'li',
              {},
              h('span', { className: 'pc-rank', 'aria-hidden': 'true' }, String(index + 1)),
              h('span', { className: 'pc-facility-name' }, facility.name),
              h('span', { className: 'pc-facility-slots' }, t('pcFacilitySlots', { n: formatInteger(facility.slots) })),
              h('span', { className: 'pc-facility-distance' }, formatMetres(facility.distanceM)),
            ),
          ),
        ),
  );
}

/** The server's explanation in the page language, with copy and print. */
function explanation(r: ComplianceResult, options: ResultCardOptions): HTMLElement {
  const print = h('button', { type: 'button', className: 'button button-small no-print', id: 'pc-print' }, t('pcPrint'));
  print.addEventListener('click', () => options.print());
  return h(
    'section',
    { className: 'pc-block pc-explanation-block' },
    h('h4', {}, t('pcExplanation'), h('span', { className: 'pc-block-actions' }, options.copy.render(r.explanation), print)),
    h('p', { className: 'pc-explanation', 'data-testid': 'pc-explanation', lang: getLocale() === 'zh' ? 'zh-CN' : 'en' }, r.explanation),
  );
}

/** A change in whole numbers with its sign: +3, −2, ±0. */
function signed(value: number): string {
  return value > 0 ? `+${formatInteger(value)}` : value < 0 ? `−${formatInteger(-value)}` : '±0';
}
