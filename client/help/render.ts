/**
 * Renders help topics and the indicator definitions into elements, for the drawer (drawer.ts) and the
 * help page (page.ts). Static texts come from the topic modules; the targets and their policy sources
 * come from the viewed jurisdiction's profile (GET /api/jurisdictions/{id}) and its indicator table
 * (GET …/indicators?year=, for the unit, comparison and target note the dashboard shows), never from here.
 */
import type { JurisdictionDetail } from '../api/types';
import type { IndicatorTable } from '../dashboard/api';
import { formatDecimal, formatInteger, formatShare, getLocale, type Locale } from '../i18n/i18n';
import { comparisonOf, targetText, type TargetUnit } from '../i18n/targets';
import { h } from '../panels/dom';
import { documentsCitedBy } from './documents';
import { HELP_INDICATORS, helpIndicator } from './indicators';
import { th } from './messages';
import type { Bilingual, HelpFigure, HelpIndicator, HelpTopic, PolicyDocument } from './types';

/** What the help knows of the jurisdiction being viewed: loading, loaded, failed or none chosen. */
export type HelpProfile =
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'failed' }
  | { state: 'loaded'; year: number; detail: JurisdictionDetail; table: IndicatorTable | null };

type Parameters = JurisdictionDetail['profile']['parameters'];

/** POLICY.md §4 defaults, for the texts when no profile is loaded. */
const DEFAULT_PARAMETERS = {
  walkSpeedKmh: 4,
  thresholdsMin: [5, 10, 15],
  detourFactor: 1.3,
  maxSnapMeters: 500,
  personsPerHousehold: 2.8,
  newCommunitySlotsPer1000: 10,
  healthCenterMinPopulation: 20000,
};

/** The unit each indicator's target is written in when the indicator table does not say (its catalogue unit). */
const DEFAULT_UNITS: Record<string, TargetUnit> = {
  slots_per_1000: 'per1000',
  pediatricians_per_1000_children: 'per1000_children',
  child_health_staff_per_20k: 'per20k',
  new_community_10_per_1000: 'per1000',
};

function text(value: Bilingual, locale: Locale = getLocale()): string {
  return value[locale];
}

/** The values of the placeholders a help text may carry, from the profile's planning parameters. */
export function parameterValues(parameters: Partial<Parameters> | null | undefined): Record<string, string> {
  const p = { ...DEFAULT_PARAMETERS, ...(parameters ?? {}) };
  const minutes = p.thresholdsMin.map((n) => formatInteger(n));
  return {
    walkSpeedKmh: formatDecimal(p.walkSpeedKmh, p.walkSpeedKmh % 1 === 0 ? 0 : 1),
    metres15: formatInteger(Math.round((p.walkSpeedKmh * 1000 * 15) / 60)),
    maxSnapMeters: formatInteger(p.maxSnapMeters),
    detourFactor: formatDecimal(p.detourFactor, 1),
    personsPerHousehold: formatDecimal(p.personsPerHousehold, 1),
    newCommunitySlotsPer1000: formatInteger(p.newCommunitySlotsPer1000),
    healthCenterMinPopulation: formatInteger(p.healthCenterMinPopulation),
    thresholds: minutes.join(getLocale() === 'zh' ? '、' : ', '),
  };
}

/** `text` with its `{name}` placeholders filled from `values` (unknown ones left as written). */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

function parametersOf(profile: HelpProfile): Record<string, string> {
  return parameterValues(profile.state === 'loaded' ? profile.detail.profile.parameters : null);
}

/** "《title》，issuer，number，2023 年" / "“title”, issuer, number, 2023". */
export function documentText(document: PolicyDocument, locale: Locale = getLocale()): string {
  const parts = [
    text(document.issuer, locale),
    document.number ? text(document.number, locale) : null,
    th('helpYearN', { year: document.year }),
  ];
  return locale === 'zh'
    ? `《${document.title.zh}》，${parts.filter(Boolean).join('，')}`
    : `“${document.title.en}”, ${parts.filter(Boolean).join(', ')}`;
}

/**
 * The documents an indicator's targets (or rule) come from, for the viewed profile; `unknown` is the
 * profile's source text when it cites no document the help knows.
 */
export function policySources(
  indicator: HelpIndicator,
  profile: Pick<JurisdictionDetail['profile'], 'targets' | 'rules' | 'source'>,
): { documents: PolicyDocument[]; unknown: string | null } {
  const rule = profile.rules.find((candidate) => candidate.id === indicator.id);
  const hasTargets = profile.targets[indicator.id] !== undefined;
  if (rule) return { documents: documentsCitedBy(rule.source), unknown: documentsCitedBy(rule.source).length ? null : rule.source };
  if (hasTargets) {
    const cited = documentsCitedBy(profile.source);
    return { documents: cited, unknown: cited.length ? null : profile.source };
  }
  // A rule applied to every jurisdiction (employer welfare): the documents that state it. Otherwise this
  // profile sets nothing for the indicator, and another city's plan is no source for it.
  if (indicator.appliesEverywhere) return { documents: documentsCitedBy(Object.keys(indicator.references).join(' ')), unknown: null };
  return { documents: [], unknown: null };
}

function sourceElements(indicator: HelpIndicator, detail: JurisdictionDetail): HTMLElement[] {
  const { documents, unknown } = policySources(indicator, detail.profile);
  const elements = documents.map((document) => {
    const reference = indicator.references[document.seed];
    return h(
      'p',
      { className: 'help-source' },
      th('helpSource', { source: documentText(document) + (reference ? th('helpReference', { reference: text(reference) }) : '') }),
    );
  });
  if (unknown) elements.push(h('p', { className: 'help-source' }, th('helpProfileSourceUnknown', { source: unknown })));
  return elements;
}

/** The target of `indicator` in the viewed year, written as every screen writes it (i18n/targets.ts). */
function yearTarget(id: string, year: number, detail: JurisdictionDetail, table: IndicatorTable | null): string | null {
  const row = table?.indicators.find((candidate) => candidate.id === id);
  const value = detail.profile.targets[id]?.[String(year)];
  if (value === undefined) return null;
  const unit = row?.unit ?? DEFAULT_UNITS[id] ?? 'percent';
  const comparison = row?.comparison ?? comparisonOf(detail.profile.comparisons, id, year);
  const note = row ? (getLocale() === 'zh' ? row.targetNoteZh : row.targetNote) : null;
  const written = targetText(value, comparison, unit);
  if (!note) return written;
  return getLocale() === 'zh' ? `${written}（${note}）` : `${written} (${note})`;
}

/**
 * The indicator's target for the viewed year and its policy source; `withSource: false` leaves the source
 * out (a topic names it at the first figure of that indicator only).
 */
function targetBlock(indicatorId: string, profile: HelpProfile, withSource = true): HTMLElement | null {
  const indicator = helpIndicator(indicatorId);
  if (!indicator) return null;
  if (profile.state !== 'loaded') return null;
  const { detail, year, table } = profile;
  const target = yearTarget(indicatorId, year, detail, table);
  const isRule = detail.profile.rules.some((rule) => rule.id === indicatorId);
  // Neither a target nor a rule of this profile: nothing to show beside the definition.
  if (detail.profile.targets[indicatorId] === undefined && !isRule && !indicator.appliesEverywhere) return null;
  const value =
    target !== null
      ? h('p', { className: 'help-target-value' }, th('helpTarget', { year, target }))
      : isRule || detail.profile.targets[indicatorId] === undefined
        ? null
        : h('p', { className: 'help-target-value' }, th('helpTargetNone', { year }));
  const sources = withSource ? sourceElements(indicator, detail) : [];
  return value || sources.length > 0 ? h('div', { className: 'help-target' }, value, sources) : null;
}

/** A note about the profile: none chosen, loading, failed, or its name (and census demand share). */
export function profileNote(profile: HelpProfile): HTMLElement {
  switch (profile.state) {
    case 'none':
      return h('p', { className: 'help-profile' }, th('helpNoProfile'));
    case 'loading':
      return h('p', { className: 'help-profile' }, th('helpLoadingProfile'));
    case 'failed':
      return h('p', { className: 'help-profile' }, th('helpProfileFailed'));
    default: {
      const demand = profile.detail.profile.demand;
      return h(
        'div',
        { className: 'help-profile' },
        h('p', {}, th('helpProfile', { name: profile.detail.profile.name })),
        demand ? h('p', {}, th('helpDemand', { share: formatShare(demand.under3Share) })) : null,
      );
    }
  }
}

function figureItem(figure: HelpFigure, profile: HelpProfile, values: Record<string, string>, sourced: Set<string>): HTMLElement[] {
  const indicator = figure.indicator;
  const block = indicator ? targetBlock(indicator, profile, !sourced.has(indicator)) : null;
  if (indicator) sourced.add(indicator);
  return [h('dt', {}, text(figure.name)), h('dd', {}, h('p', {}, fill(text(figure.definition), values)), block)];
}

/** One topic: title (with `headingLevel`), purpose, steps, figures with their targets and sources, notes. */
export function renderTopic(
  topic: HelpTopic,
  profile: HelpProfile,
  options: { headingLevel: 'h2' | 'h3' | null; headingId?: string },
): HTMLElement {
  const values = parametersOf(profile);
  const sourced = new Set<string>();
  return h(
    'section',
    { className: 'help-topic', 'data-help-topic': topic.id },
    options.headingLevel
      ? h(options.headingLevel, { className: 'help-topic-title', id: options.headingId ?? null }, text(topic.title))
      : null,
    h('p', { className: 'help-purpose' }, fill(text(topic.purpose), values)),
    h('h4', {}, th('helpSteps')),
    h(
      'ol',
      { className: 'help-steps' },
      topic.steps.map((step) => h('li', {}, fill(text(step), values))),
    ),
    h('h4', {}, th('helpFigures')),
    h(
      'dl',
      { className: 'help-figures' },
      topic.figures.flatMap((figure) => figureItem(figure, profile, values, sourced)),
    ),
    topic.notes?.length
      ? [
          h('h4', {}, th('helpNotes')),
          h(
            'ul',
            { className: 'help-notes' },
            topic.notes.map((note) => h('li', {}, fill(text(note), values))),
          ),
        ]
      : null,
  );
}

/** The profile's targets of `id`, year by year ("2022: ≥ 4.3 个/千人"), or null when it sets none. */
function targetsByYear(id: string, profile: HelpProfile): HTMLElement | null {
  if (profile.state !== 'loaded') return null;
  const targets = profile.detail.profile.targets[id];
  if (!targets) return null;
  const row = profile.table?.indicators.find((candidate) => candidate.id === id);
  const unit = row?.unit ?? DEFAULT_UNITS[id] ?? 'percent';
  const years = Object.keys(targets).sort();
  return h(
    'p',
    { className: 'help-target-years' },
    `${th('helpTargetsByYear')}${getLocale() === 'zh' ? '：' : ': '}`,
    years
      .map((year) => `${year}: ${targetText(targets[year]!, comparisonOf(profile.detail.profile.comparisons, id, Number(year)), unit)}`)
      .join(getLocale() === 'zh' ? '；' : '; '),
  );
}

/** Every indicator: definition, the profile's targets year by year and their policy source. */
export function renderIndicators(profile: HelpProfile, options: { headingLevel: 'h2' | 'h3'; headingId?: string }): HTMLElement {
  const values = parametersOf(profile);
  return h(
    'section',
    { className: 'help-topic help-indicators', 'data-help-topic': 'indicators' },
    h(options.headingLevel, { className: 'help-topic-title', id: options.headingId ?? null }, th('helpIndicatorsTitle')),
    h('p', { className: 'help-purpose' }, th('helpIndicatorsIntro')),
    profileNote(profile),
    h(
      'dl',
      { className: 'help-figures' },
      HELP_INDICATORS.flatMap((indicator) => [
        h('dt', { id: `indicator-${indicator.id}` }, text(indicator.name)),
        h(
          'dd',
          {},
          h('p', {}, fill(text(indicator.definition), values)),
          targetsByYear(indicator.id, profile),
          profile.state === 'loaded' ? targetBlock(indicator.id, profile) : null,
        ),
      ]),
    ),
  );
}
