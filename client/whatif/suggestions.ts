/**
 * Site suggestions (选址建议, `POST /suggestions`): where to put the next k sites so that the most
 * residents not yet within the threshold come within it (maximal covering, optionally weighted by each
 * township's unmet slot demand), or the fewest sites to reach a coverage share (minimum sites).
 * Candidates are generated on the walkable roads at a spacing, or are the planner's own proposed sites.
 * The suggestion is against the year's data with existing facilities kept (not the proposal being
 * edited); accepted sites join the proposal.
 */
import { requestFailure } from '../api/request-failure';
import { formatDecimal, formatInteger, formatShare, getLocale, t } from '../i18n/i18n';
import { h } from '../panels/dom';
import { segmented, type Segment } from '../panels/segmented';
import { suggestSites } from './api';
import { isAcceptedJob, JobProgress, waitForJob } from '../panels/job-progress';
import type { LonLat, SuggestionDrawing } from './layers';
import { PlanningSection, type SectionHost } from './section';
import {
  DEFAULT_SPACING_M,
  MAX_SPACING_M,
  MAX_SUGGESTED,
  MIN_SPACING_M,
  type SuggestedSite,
  type Suggestion,
  type SuggestionRequest,
} from './types';
import './suggestions.css';
import { typedNumberOrNull, typedWholeNumber } from '../i18n/parse-number';

export interface SuggestionHost extends SectionHost {
  context(): { jurisdictionId: string; year: number; thresholdMin: number } | null;
  /** Positions of the proposal's new sites, for "use my proposed sites as candidates" and to mark accepted suggestions. */
  proposedSites(): LonLat[];
  /** The proposal's placed sites, resizes and removals: suggestions start from them (`startFrom`). */
  currentProposal(): NonNullable<SuggestionRequest['startFrom']>;
  /** A suggested position as the proposal stores it (rounded), to find it among the proposed sites. */
  positionKey(position: LonLat): string;
  /** Adds suggested sites (from generated candidates) to the proposal. */
  accept(sites: SuggestedSite[]): void;
  /** Keeps only these of the planner's own proposed sites (chosen among them), each with the slots the planner gave it. */
  keepOnly(chosen: LonLat[]): void;
  townshipName(code: string | null): string | null;
  showOnMap(drawing: SuggestionDrawing | null): void;
  fitTo(points: LonLat[]): void;
}

type Mode = 'maximal_covering' | 'minimum_sites' | 'capacitated_covering' | 'p_median' | 'target_gap';

/** What each mode optimises, in one line under the mode choice. */
const MODE_HINTS = {
  maximal_covering: 'wiModeMaximalHint',
  minimum_sites: 'wiModeMinimumHint',
  capacitated_covering: 'wiModeCapacitatedHint',
  p_median: 'wiModePMedianHint',
  target_gap: 'wiModeTargetGapHint',
} as const;
type Budget = 'perSite' | 'total';
type Source = 'generated' | 'mine';
type Field = 'k' | 'slots' | 'spacing' | 'target';

/** Form defaults: three 60-place sites, candidates every 200 m, 70 % coverage for the minimum-sites mode. */
const DEFAULTS = { k: '3', slotsPerSite: '60', totalSlots: '180', targetPercent: '70' } as const;

/** A whole number as typed (１２０, 1,200, 1.2万: ../i18n/parse-number.ts), or null. */
const parseWhole = typedWholeNumber;

export class SuggestionSection extends PlanningSection<SuggestionHost, Field> {
  private mode: Mode = 'maximal_covering';
  private budget: Budget = 'perSite';
  private source: Source = 'generated';
  /** Text of the fields as typed; `kMax` is the optional cap of the minimum-sites mode (its own field, empty at first). */
  private values: Record<'k' | 'kMax' | 'slotsPerSite' | 'totalSlots' | 'spacing' | 'target', string> = {
    k: DEFAULTS.k,
    kMax: '',
    slotsPerSite: DEFAULTS.slotsPerSite,
    totalSlots: DEFAULTS.totalSlots,
    spacing: String(DEFAULT_SPACING_M),
    target: DEFAULTS.targetPercent,
  };
  private weight = false;
  /** The last answer; `candidates` are the planner's own sites as sent (candidateIndex points into them). */
  private result: { suggestion: Suggestion; source: Source; candidates: LonLat[] | null } | null = null;
  /** "Keep only the chosen" was applied to the current answer (chosen among the planner's own sites). */
  private kept = false;
  /** Progress of the suggestion's job when the server answered 202 (many candidates). */
  private readonly jobProgress: JobProgress;

  constructor(host: SuggestionHost) {
    const progress = new JobProgress();
    super(host, 'wi-suggestions', 'wi-suggest-form', 'suggestions', progress);
    this.jobProgress = progress;
  }

  /** New jurisdiction or year: a suggestion belongs to the data it was made for. */
  reset(): void {
    this.request.abort();
    this.result = null;
    this.kept = false;
    this.generalError = null;
    this.draw();
    this.render();
  }

  /** The planner's own sites changed: the count beside "use my sites" and the accepted marks follow. */
  proposalChanged(): void {
    this.draw();
    this.render();
  }

  /** A suggested site is accepted while the proposal has a new site at its position (undo takes it back). */
  private isAccepted(site: SuggestedSite): boolean {
    const key = this.host.positionKey([site.lon, site.lat]);
    return this.host.proposedSites().some((position) => this.host.positionKey(position) === key);
  }

  // --- request -----------------------------------------------------------------------------------

  private buildRequest(context: { year: number; thresholdMin: number }): { body: SuggestionRequest; candidates: LonLat[] | null } | null {
    const errors: Partial<Record<Field, string>> = {};
    const kText = this.mode === 'minimum_sites' ? this.values.kMax : this.values.k;
    const k = parseWhole(kText);
    if (kText.trim() === '' && this.mode === 'minimum_sites') {
      // optional: the most sites to try
    } else if (k === null || k < 1 || k > MAX_SUGGESTED) errors.k = t('wiErrorRange', { min: 1, max: MAX_SUGGESTED });
    const perSite = parseWhole(this.values.slotsPerSite);
    const total = parseWhole(this.values.totalSlots);
    const useTotal = this.mode === 'maximal_covering' && this.budget === 'total';
    // Only maximal covering may split a total budget; the other modes need slots per site.
    if (useTotal ? total === null : perSite === null) errors.slots = t('wiErrorWhole');
    let candidates: LonLat[] | { spacingM: number };
    if (this.source === 'mine') {
      const mine = this.host.proposedSites();
      if (mine.length === 0) this.generalError = t('wiErrorNoOwnSites');
      candidates = mine;
    } else {
      const spacing = parseWhole(this.values.spacing);
      if (spacing === null || spacing < MIN_SPACING_M || spacing > MAX_SPACING_M)
        errors.spacing = t('wiErrorRange', { min: MIN_SPACING_M, max: MAX_SPACING_M });
      candidates = { spacingM: spacing ?? DEFAULT_SPACING_M };
    }
    let targetCoverage: number | undefined;
    if (this.mode === 'minimum_sites') {
      const percent = typedNumberOrNull(this.values.target, { percent: true });
      if (percent === null || percent <= 0 || percent > 100) errors.target = t('wiErrorRange', { min: 1, max: 100 });
      else targetCoverage = percent / 100;
    }
    this.errors = errors;
    if (Object.keys(errors).length > 0 || this.generalError) return null;
    const body: SuggestionRequest = { year: context.year, mode: this.mode, candidates, minutes: context.thresholdMin };
    if (k !== null) body.k = k;
    if (useTotal) body.totalSlots = total!;
    else body.slotsPerSite = perSite!;
    if (this.mode === 'maximal_covering') body.weightByUnmetDemand = this.weight;
    else if (this.mode === 'minimum_sites') body.targetCoverage = targetCoverage!;
    // Suggestions add to what the planner has done: placed sites cover, resized and removed facilities count.
    // Choosing among the planner's own sites, those sites are the candidates, not the starting point.
    const current = this.host.currentProposal();
    const startFrom = this.source === 'mine' ? { ...current, sites: [] } : current;
    if ((startFrom.sites?.length ?? 0) + (startFrom.remove?.length ?? 0) + (startFrom.resize?.length ?? 0) > 0) body.startFrom = startFrom;
    return { body, candidates: Array.isArray(candidates) ? candidates : null };
  }

  protected async run(): Promise<void> {
    const context = this.host.context();
    if (!context || this.busy) return;
    this.generalError = null;
    const request = this.buildRequest(context);
    if (!request) {
      this.render();
      return;
    }
    await this.send(
      async (signal) => {
        const answer = await suggestSites(context.jurisdictionId, request.body, signal);
        if (!isAcceptedJob(answer)) return answer;
        // Many candidates: the server runs the suggestion as a job; show its progress until it ends.
        this.jobProgress.show(answer.job);
        return waitForJob<Suggestion>(answer.job.id, { signal, onProgress: (job) => this.jobProgress.show(job) });
      },
      (suggestion) => {
        this.result = { suggestion, source: this.source, candidates: request.candidates };
        this.kept = false;
        this.draw();
        if (suggestion.sites.length > 0) this.host.fitTo(suggestion.sites.map((site) => [site.lon, site.lat]));
      },
    );
  }

  protected showError(error: unknown): void {
    const answer = requestFailure(error);
    this.generalError =
      typeof answer === 'string'
        ? answer
        : [answer.message, ...answer.issues.map((issue) => `${issue.path}: ${issue.message}`)].join(' · ');
  }

  private accept(sites: SuggestedSite[]): void {
    const result = this.result;
    if (!result) return;
    if (result.candidates) {
      const own = result.candidates;
      this.kept = true;
      this.host.keepOnly(
        sites.flatMap((site) => {
          const position = own[site.candidateIndex];
          return position ? [position] : [];
        }),
      );
    } else {
      const fresh = sites.filter((site) => !this.isAccepted(site));
      if (fresh.length === 0) return;
      this.host.accept(fresh);
    }
    this.draw();
    this.render();
  }

  protected draw(): void {
    const sites = this.active ? (this.result?.suggestion.sites ?? []) : [];
    this.host.showOnMap(
      sites.length === 0
        ? null
        : {
            sites: sites.map((site, i) => ({
              position: [site.lon, site.lat] as LonLat,
              rank: i + 1,
              accepted: this.result?.candidates ? this.kept : this.isAccepted(site),
            })),
          },
    );
  }

  // --- rendering ---------------------------------------------------------------------------------

  render(): void {
    const context = this.host.context();
    this.renderView({
      title: t('wiSuggestTitle'),
      intro: t('wiSuggestIntro', { n: context?.thresholdMin ?? 15 }),
      fields: this.formFields(context),
      result: this.result ? this.resultView(this.result.suggestion, this.result.candidates !== null) : null,
    });
  }

  /** A segmented choice of the form; a change clears the errors (they were about the other choice). */
  private segmented<T extends string>(
    name: string,
    label: string,
    options: Segment<T>[],
    current: T,
    onChange: (value: T) => void,
  ): HTMLElement {
    return segmented(name, label, options, current, (value) => {
      onChange(value);
      this.errors = {};
      this.generalError = null;
      this.render();
    });
  }

  private numberField(
    key: keyof SuggestionSection['values'],
    field: Field,
    id: string,
    label: string,
    suffix: string | null,
    hint?: string,
  ): HTMLElement {
    return this.unitField(
      this.values,
      key,
      field,
      { id, label, unit: suffix, inputmode: 'numeric' },
      hint ? h('span', { className: 'pc-hint pc-hint-small' }, hint) : null,
      this.fieldError(field, id),
    );
  }

  private formFields(context: { year: number; thresholdMin: number } | null): (HTMLElement | null)[] {
    const maximal = this.mode === 'maximal_covering';
    const mine = this.host.proposedSites().length;
    const mode = this.segmented<Mode>(
      'wi-suggest-mode',
      t('wiSuggestMode'),
      [
        { value: 'maximal_covering', label: t('wiModeMaximal') },
        { value: 'minimum_sites', label: t('wiModeMinimum') },
        { value: 'capacitated_covering', label: t('wiModeCapacitated') },
        { value: 'p_median', label: t('wiModePMedian') },
        { value: 'target_gap', label: t('wiModeTargetGap') },
      ],
      this.mode,
      (value) => (this.mode = value),
    );
    const slotsField =
      maximal && this.budget === 'total'
        ? this.numberField('totalSlots', 'slots', 'wi-suggest-total', t('wiTotalSlots'), t('wiSlotsUnit'))
        : this.numberField('slotsPerSite', 'slots', 'wi-suggest-slots', t('wiSlotsPerSite'), t('wiSlotsUnit'));
    const minimum = this.mode === 'minimum_sites';
    const grid = h(
      'div',
      { className: 'pc-grid' },
      minimum
        ? this.numberField('kMax', 'k', 'wi-suggest-kmax', t('wiKMax'), t('wiSitesUnit'), t('wiKMaxHint'))
        : this.numberField('k', 'k', 'wi-suggest-k', t('wiK'), t('wiSitesUnit')),
      slotsField,
      minimum
        ? this.numberField('target', 'target', 'wi-suggest-target', t('wiTargetCoverage', { n: context?.thresholdMin ?? 15 }), '%')
        : null,
    );
    const modeHint = h('p', { className: 'pc-hint pc-hint-small', id: 'wi-suggest-mode-hint' }, t(MODE_HINTS[this.mode]));
    const budget = maximal
      ? this.segmented<Budget>(
          'wi-suggest-budget',
          t('wiBudget'),
          [
            { value: 'perSite', label: t('wiBudgetPerSite') },
            { value: 'total', label: t('wiBudgetTotal') },
          ],
          this.budget,
          (value) => (this.budget = value),
        )
      : null;
    const source = this.segmented<Source>(
      'wi-suggest-source',
      t('wiCandidates'),
      [
        { value: 'generated', label: t('wiCandidatesGenerated') },
        { value: 'mine', label: t('wiCandidatesMine', { n: mine }) },
      ],
      this.source,
      (value) => (this.source = value),
    );
    const spacing =
      this.source === 'generated'
        ? h(
            'div',
            { className: 'pc-grid' },
            this.numberField('spacing', 'spacing', 'wi-suggest-spacing', t('wiSpacing'), t('wiMetresUnit')),
          )
        : h('p', { className: 'pc-hint pc-hint-small' }, t('wiCandidatesMineHint'));
    // What the sites are ranked by, stated as the planner's choice: residents newly covered, or the
    // slot gap of townships below target (uncovered residents weighed by their township's gap, so
    // townships already at target come last).
    const rank = maximal
      ? this.segmented<'coverage' | 'gap'>(
          'wi-suggest-rank',
          t('wiRankBy'),
          [
            { value: 'coverage', label: t('wiRankCoverage') },
            { value: 'gap', label: t('wiRankGap') },
          ],
          this.weight ? 'gap' : 'coverage',
          (value) => (this.weight = value === 'gap'),
        )
      : null;
    const submit = h(
      'button',
      { type: 'submit', className: 'button button-primary pc-submit', id: 'wi-suggest-run', disabled: !context || this.busy },
      this.busy ? t('wiSuggesting') : t('wiSuggestRun'),
    );
    return [
      h('fieldset', { className: 'pc-section' }, h('legend', {}, t('wiSuggestMode')), mode, modeHint, grid, budget),
      h('fieldset', { className: 'pc-section' }, h('legend', {}, t('wiCandidates')), source, spacing),
      rank
        ? h(
            'fieldset',
            { className: 'pc-section' },
            h('legend', {}, t('wiRankBy')),
            rank,
            h('p', { className: 'pc-hint pc-hint-small' }, t('wiWeightUnmet')),
          )
        : null,
      h(
        'div',
        { className: 'pc-actions' },
        submit,
        context ? h('span', { className: 'pc-hint' }, t('wiSuggestBaseline', { year: context.year })) : null,
        this.generalError ? h('p', { className: 'pc-general-error', role: 'alert', id: 'wi-suggest-error' }, this.generalError) : null,
      ),
    ];
  }

  private resultView(suggestion: Suggestion, ownSites: boolean): HTMLElement {
    const weighted = suggestion.weightingUsed === 'unmetDemand';
    const fresh = ownSites ? (this.kept ? [] : suggestion.sites) : suggestion.sites.filter((site) => !this.isAccepted(site));
    const acceptAll = h(
      'button',
      { type: 'button', className: 'button button-primary', id: 'wi-accept-all', disabled: fresh.length === 0 },
      ownSites ? t('wiKeepChosen', { n: suggestion.sites.length }) : t('wiAcceptAll', { n: fresh.length }),
    );
    acceptAll.addEventListener('click', () => this.accept(suggestion.sites));
    const stillNeeded = suggestion.townships.filter((row) => (row.slotGapAfter ?? 0) > 0);
    const reachedLine =
      suggestion.mode === 'minimum_sites'
        ? h(
            'p',
            { className: `wi-message ${suggestion.reached ? 'is-info' : 'is-error'}` },
            suggestion.reached
              ? t('wiReached', { n: suggestion.sites.length, share: formatShare(suggestion.targetCoverage) })
              : t('wiNotReached', { share: formatShare(suggestion.targetCoverage), after: formatShare(suggestion.coverageAfter) }),
          )
        : null;
    const coveringMode = suggestion.mode === 'maximal_covering' || suggestion.mode === 'minimum_sites';
    const objectiveKpi = coveringMode
      ? null
      : h(
          'div',
          { className: 'wi-kpi', 'data-testid': 'wi-objective' },
          h('dt', {}, t(OBJECTIVE_LABELS[suggestion.mode as keyof typeof OBJECTIVE_LABELS], { n: suggestion.minutes })),
          h(
            'dd',
            {},
            h('span', { className: 'wi-kpi-before' }, formatObjective(suggestion.objectiveBefore ?? 0, suggestion.objectiveUnit)),
            h('span', { className: 'wi-arrow', 'aria-hidden': 'true' }, '→'),
            h('span', { className: 'wi-kpi-after' }, formatObjective(suggestion.objective, suggestion.objectiveUnit)),
          ),
        );
    return h(
      'div',
      { className: 'wi-section-result', id: 'wi-suggest-result' },
      qualityLine(suggestion),
      // Which demand the suggestion weighed (children under 3, and how they were counted), in the reader's language.
      h(
        'p',
        { className: 'pc-hint pc-hint-small', 'data-testid': 'wi-suggest-demand' },
        getLocale() === 'en' ? suggestion.demand.note : suggestion.demand.noteZh,
      ),
      h(
        'dl',
        { className: 'wi-kpis wi-kpis-3' },
        objectiveKpi ??
          h(
            'div',
            { className: 'wi-kpi', 'data-testid': 'wi-objective' },
            h('dt', {}, weighted ? t('wiObjectiveWeighted') : t('wiObjective', { n: suggestion.minutes })),
            h(
              'dd',
              {},
              h('span', { className: 'wi-kpi-big' }, `+${formatInteger(suggestion.objective)}`),
              weighted ? null : h('span', { className: 'wi-kpi-unit' }, t('wiPersons')),
            ),
            weighted
              ? h('span', { className: 'wi-kpi-detail' }, t('wiNewlyPersons', { n: formatInteger(suggestion.newlyCoveredPopulation) }))
              : null,
          ),
        h(
          'div',
          { className: 'wi-kpi' },
          h('dt', {}, t('coverage', { n: suggestion.minutes })),
          h(
            'dd',
            {},
            h('span', { className: 'wi-kpi-before' }, formatShare(suggestion.baseline.coverage)),
            h('span', { className: 'wi-arrow', 'aria-hidden': 'true' }, '→'),
            h('span', { className: 'wi-kpi-after' }, formatShare(suggestion.coverageAfter)),
          ),
        ),
        h(
          'div',
          { className: 'wi-kpi' },
          h('dt', {}, t('wiCandidateCount')),
          h('dd', {}, h('span', { className: 'wi-kpi-after' }, formatInteger(suggestion.candidateCount))),
          h('span', { className: 'wi-kpi-detail' }, t('wiUsefulCandidates', { n: formatInteger(suggestion.usefulCandidates) })),
        ),
      ),
      reachedLine,
      h(
        'ol',
        { className: 'wi-suggestion-list', id: 'wi-suggestion-list' },
        suggestion.sites.map((site, i) => {
          const accepted = ownSites ? this.kept : this.isAccepted(site);
          // Chosen among the planner's own sites, a site is already in the proposal: only "keep the chosen" applies.
          const button = ownSites
            ? null
            : h(
                'button',
                { type: 'button', className: 'button button-small', disabled: accepted },
                accepted ? t('wiAccepted') : t('wiAccept'),
              );
          button?.addEventListener('click', () => this.accept([site]));
          return h(
            'li',
            { className: `wi-suggestion-item${accepted ? ' is-accepted' : ''}`, 'data-rank': i + 1 },
            h('span', { className: 'whatif-badge whatif-badge-suggestion is-static', 'aria-hidden': 'true' }, String(i + 1)),
            h(
              'div',
              { className: 'wi-suggestion-text' },
              h('strong', {}, this.host.townshipName(site.township) ?? t('wiOutsideTownships')),
              // Chosen among the planner's own sites, a site keeps the slots the planner gave it.
              h(
                'span',
                { className: 'wi-scenario-meta', title: `${site.lon.toFixed(5)}, ${site.lat.toFixed(5)}` },
                ownSites ? '' : `${formatInteger(site.slots)} ${t('wiSlotsUnit')}`,
              ),
              // Why this site: residents it newly brings within reach and the township gap it closes.
              h('span', { className: 'wi-suggestion-why', 'data-testid': 'wi-suggestion-why' }, siteReason(site)),
            ),
            h(
              'span',
              { className: 'wi-gain', title: t('wiMarginalGainTitle') },
              `+${formatInteger(site.marginalGain)}`,
              h('small', {}, weighted ? t('wiGainWeighted') : t('wiPersons')),
            ),
            button,
          );
        }),
      ),
      suggestion.sites.length > 0
        ? h('div', { className: 'pc-actions' }, acceptAll)
        : h('p', { className: 'pc-hint' }, t('wiNoSuggestion')),
      stillNeeded.length > 0
        ? h(
            'p',
            { className: 'wi-footnote' },
            t('wiStillNeeded', { year: suggestion.year }),
            stillNeeded.map((row) => `${row.name} ${formatInteger(row.slotGapAfter)}`).join('、'),
          )
        : null,
      h(
        'p',
        { className: 'wi-footnote' },
        suggestion.candidateSource === 'generated' && suggestion.spacingM !== null
          ? t('wiCandidatesNoteGenerated', { spacing: formatInteger(suggestion.spacingM), n: formatDecimal(suggestion.minutes, 0) })
          : t('wiCandidatesNoteGiven'),
      ),
    );
  }
}

/** Label of the objective of the modes that are not covering counts. */
const OBJECTIVE_LABELS = {
  capacitated_covering: 'wiObjectiveServed',
  p_median: 'wiObjectiveDistance',
  target_gap: 'wiObjectiveGap',
} as const;

/** The objective in its unit: person- or child-metres as kilometres, slots to one decimal. */
function formatObjective(value: number, unit: Suggestion['objectiveUnit']): string {
  if (unit === 'person_m') return t('wiPersonKm', { n: formatInteger(Math.round(value / 1000)) });
  if (unit === 'child_m') return t('wiChildKm', { n: formatInteger(Math.round(value / 1000)) });
  if (unit === 'slots') return t('wiSlotsValue', { n: (Math.round(value * 10) / 10).toLocaleString() });
  return formatInteger(value);
}

/** "Proven optimal", or the best found with its gap to the bound, or the heuristic's reason. */
function qualityLine(suggestion: Suggestion): HTMLElement {
  const text = suggestion.optimal
    ? t('wiProvenOptimal')
    : suggestion.gap !== null
      ? t('wiBestFound', { gap: (suggestion.gap * 100).toFixed(2) })
      : t('wiHeuristicOnly');
  const note = suggestion.optimal ? null : getLocale() === 'en' ? suggestion.note : suggestion.noteZh;
  return h(
    'p',
    {
      className: `wi-message ${suggestion.optimal ? 'is-info' : 'is-warning'}`,
      id: 'wi-suggest-quality',
      'data-optimal': String(suggestion.optimal),
    },
    text,
    note ? h('span', { className: 'pc-hint pc-hint-small' }, ` ${note}`) : null,
  );
}

/** "新覆盖 330 人 · 缩小所在乡镇托位缺口 15 个" / "330 residents newly covered · township gap reduced by 15". */
function siteReason(site: SuggestedSite): string {
  const parts = [t('wiWhyCovered', { n: formatInteger(site.marginalPopulation) })];
  parts.push(site.townshipGapReduced > 0 ? t('wiWhyGap', { n: formatInteger(site.townshipGapReduced) }) : t('wiWhyNoGap'));
  return parts.join(' · ');
}
