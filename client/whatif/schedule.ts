/**
 * 排期规划 / Schedule openings (`POST /plans/schedule`): "what must we open, and when, to meet every
 * yearly target at least cost?". The planner gives the years, the cost per site and per slot (万元), the
 * size a site may have and the candidates (a grid on the roads, or the sites placed in the proposal);
 * the answer is shown as a year-by-year table with its total, how sure it is (proven cheapest, or the
 * best found with how far from the cheapest it can be), the townships that cannot be served and why,
 * and the sites on the map in their year's colour. "Apply" adds the sites to the proposal as changes
 * carrying their year, so a saved scenario's trajectory shows each opening in its year.
 *
 * The schedule starts from the year's existing facilities, not from the proposal being edited.
 */
import { requestFailure } from '../api/request-failure';
import { serverText } from '../api/server-text';
import type { Profile } from '../api/types';
import { formatInteger, formatTarget, getLocale } from '../i18n/i18n';
import { h } from '../panels/dom';
import { segmented } from '../panels/segmented';
import { scheduleOpenings } from './api';
import type { LonLat } from './layers';
import type { ScheduleDrawing } from './schedule-layer';
import { PlanningSection, type SectionHost } from './section';
import { tsch } from './schedule-messages';
import {
  SCHEDULE_DEFAULTS,
  SCHEDULE_LIMITS,
  scheduledSites,
  scheduleQuality,
  scheduleRequest,
  scheduleTable,
  targetYears,
  type Schedule,
  type ScheduledSite,
  type ScheduleField,
  type ScheduleForm,
  type ScheduleSource,
} from './schedule-model';
import './schedule.css';

export interface ScheduleHost extends SectionHost {
  context(): { jurisdictionId: string; year: number; profile: Profile } | null;
  /** Positions of the proposal's placed sites (candidates when the planner chooses "my sites"). */
  proposedSites(): LonLat[];
  /** The number of the proposal's change that placed the site at `position` (its label in the change list), or null. */
  siteNumber(position: LonLat): number | null;
  /** The opening year of the proposal's site at `position`: undefined when there is none there, null without a year. */
  proposedSiteYear(position: LonLat): number | null | undefined;
  /** Adds the sites to the proposal with their year; `own`: they are the proposal's own sites, the others are dropped. */
  apply(sites: ScheduledSite[], own: boolean): void;
  townshipName(code: string | null): string | null;
  showOnMap(drawing: ScheduleDrawing | null): void;
  fitTo(points: LonLat[]): void;
}

/** Which form field an error path of the answer names. */
const FIELD_OF_PATH: Record<string, ScheduleField> = {
  'body.years': 'years',
  'body.costPerSite': 'costPerSite',
  'body.costPerSlot': 'costPerSlot',
  'body.minSlotsPerSite': 'slots',
  'body.maxSlotsPerSite': 'slots',
  'body.discountRate': 'discount',
  'body.timeLimitSeconds': 'seconds',
  'body.candidates': 'spacing',
};

export class ScheduleSection extends PlanningSection<ScheduleHost, ScheduleField> {
  private form: ScheduleForm = { from: '', to: '', ...SCHEDULE_DEFAULTS, source: 'grid' };
  /** The jurisdiction and year the year fields were filled for (refilled when either changes). */
  private yearsFor = '';
  private result: { schedule: Schedule; candidates: LonLat[] | null } | null = null;
  /** The language the map's legend was last written in (a switch redraws it). */
  private drawnLocale = getLocale();

  constructor(host: ScheduleHost) {
    super(host, 'wi-schedule', 'sched-form', 'schedule');
  }

  /** New jurisdiction or year: a schedule belongs to the data it was made for. */
  reset(): void {
    this.request.abort();
    this.result = null;
    this.generalError = null;
    this.draw();
    this.render();
  }

  /** The proposal changed: the count beside "my sites" and the "applied" state follow. */
  proposalChanged(): void {
    this.render();
  }

  // --- request -----------------------------------------------------------------------------------

  protected async run(): Promise<void> {
    const context = this.host.context();
    if (!context || this.busy) return;
    this.generalError = null;
    const built = scheduleRequest(this.form, this.host.proposedSites());
    if ('errors' in built) {
      this.errors = Object.fromEntries(built.errors.map((field) => [field, this.errorText(field)]));
      if (built.noOwnSites) this.generalError = tsch('schedErrorNoOwnSites');
      this.render();
      return;
    }
    this.errors = {};
    await this.send(
      (signal) => scheduleOpenings(context.jurisdictionId, built.body, signal),
      (schedule) => {
        this.result = { schedule, candidates: built.candidates };
        this.draw();
        if (schedule.openings.length > 0) this.host.fitTo(schedule.openings.map((o) => [o.lon, o.lat]));
      },
    );
  }

  private errorText(field: ScheduleField): string {
    const L = SCHEDULE_LIMITS;
    switch (field) {
      case 'years':
        return tsch('schedErrorYears', { min: L.minYear, max: L.maxYear, n: L.maxYears });
      case 'costPerSite':
      case 'costPerSlot':
        return tsch('schedErrorCost');
      case 'slots':
        return tsch('schedErrorSlots');
      case 'discount':
        return tsch('schedErrorDiscount');
      case 'seconds':
        return tsch('schedErrorTimeLimit', { max: L.maxSeconds });
      case 'spacing':
        return tsch('schedErrorSpacing', { min: L.minSpacingM, max: L.maxSpacingM });
    }
  }

  /** The server's refusal: issues beside the fields they name, the rest as one line. */
  protected showError(error: unknown): void {
    const answer = requestFailure(error);
    if (typeof answer === 'string') {
      this.generalError = answer;
      return;
    }
    const unplaced: string[] = [];
    for (const issue of answer.issues) {
      const field = FIELD_OF_PATH[issue.path.replace(/^(body\.\w+).*/, '$1')];
      if (field) this.errors[field] = issue.message;
      else unplaced.push(issue.message);
    }
    this.generalError = [answer.message, ...unplaced].join(' · ');
  }

  private sites(): ScheduledSite[] {
    return this.result ? scheduledSites(this.result.schedule, this.result.candidates) : [];
  }

  /** Every scheduled site is in the proposal with its year. */
  private applied(): boolean {
    const sites = this.sites();
    return sites.length > 0 && sites.every((site) => this.host.proposedSiteYear(site.position) === site.year);
  }

  protected draw(): void {
    this.drawnLocale = getLocale();
    const result = this.active ? this.result : null;
    if (!result || result.schedule.openings.length === 0) {
      this.host.showOnMap(null);
      return;
    }
    const groups = scheduleTable(result.schedule, (code) => this.host.townshipName(code) ?? code);
    this.host.showOnMap({
      sites: groups.flatMap((group) =>
        group.rows.map((row) => ({ position: row.position, number: row.number, year: row.year, colour: group.colour, slots: row.slots })),
      ),
      years: groups.map((group) => ({ year: group.year, colour: group.colour, count: group.rows.length })),
    });
  }

  // --- rendering ---------------------------------------------------------------------------------

  render(): void {
    const context = this.host.context();
    if (this.drawnLocale !== getLocale()) this.draw();
    this.fillYears(context);
    this.renderView({
      title: tsch('schedTitle'),
      intro: tsch('schedIntro'),
      fields: this.formFields(context),
      result: this.result ? this.resultView(this.result.schedule, this.result.candidates !== null) : null,
    });
  }

  /** The plan's target years from the selected year on, as the default span. */
  private fillYears(context: ReturnType<ScheduleHost['context']>): void {
    if (!context) return;
    const key = `${context.jurisdictionId}|${context.year}`;
    if (key === this.yearsFor) return;
    this.yearsFor = key;
    const years = targetYears(context.profile.targets.slots_per_1000, context.year);
    this.form.from = String(years[0] ?? context.year);
    this.form.to = String(years[years.length - 1] ?? context.year);
  }

  private numberField(
    key: Exclude<keyof ScheduleForm, 'source'>,
    field: ScheduleField,
    id: string,
    label: string,
    unit: string | null,
  ): HTMLElement {
    return this.unitField(this.form, key, field, { id, label, unit, inputmode: 'decimal' });
  }

  private formFields(context: ReturnType<ScheduleHost['context']>): HTMLElement[] {
    const years = context ? targetYears(context.profile.targets.slots_per_1000, context.year) : [];
    const mine = this.host.proposedSites().length;
    const source = segmented<ScheduleSource>(
      'sched-source',
      tsch('schedCandidates'),
      [
        { value: 'grid', label: tsch('schedCandidatesGrid') },
        { value: 'mine', label: tsch('schedCandidatesMine', { n: mine }) },
      ],
      this.form.source,
      (value) => {
        this.form.source = value;
        this.errors = {};
        this.generalError = null;
        this.render();
      },
    );
    const submit = h(
      'button',
      { type: 'submit', className: 'button button-primary pc-submit', id: 'sched-run', disabled: !context || this.busy },
      this.busy ? tsch('schedRunning') : tsch('schedRun'),
    );
    return [
      h(
        'fieldset',
        { className: 'pc-section' },
        h('legend', {}, tsch('schedYears')),
        h(
          'div',
          { className: 'pc-grid' },
          this.numberField('from', 'years', 'sched-from', tsch('schedFrom'), null),
          this.numberField('to', 'years', 'sched-to', tsch('schedTo'), null),
        ),
        this.fieldError('years', 'sched-from'),
        h(
          'p',
          { className: 'pc-hint pc-hint-small' },
          years.length > 0 ? tsch('schedYearsHint', { years: years.join('、') }) : tsch('schedYearsNone'),
        ),
      ),
      h(
        'fieldset',
        { className: 'pc-section' },
        h('legend', {}, tsch('schedCosts')),
        h(
          'div',
          { className: 'pc-grid' },
          this.numberField('costPerSite', 'costPerSite', 'sched-cost-site', tsch('schedCostPerSite'), tsch('schedCostUnit')),
          this.numberField('costPerSlot', 'costPerSlot', 'sched-cost-slot', tsch('schedCostPerSlot'), tsch('schedCostUnit')),
        ),
        this.fieldError('costPerSite', 'sched-cost-site'),
        this.fieldError('costPerSlot', 'sched-cost-slot'),
        h(
          'div',
          { className: 'pc-grid' },
          this.numberField('discountPercent', 'discount', 'sched-discount', tsch('schedDiscount'), '%'),
          this.numberField('seconds', 'seconds', 'sched-seconds', tsch('schedTimeLimit'), tsch('schedSecondsUnit')),
        ),
        this.fieldError('discount', 'sched-discount'),
        this.fieldError('seconds', 'sched-seconds'),
        h('p', { className: 'pc-hint pc-hint-small' }, tsch('schedDiscountHint')),
      ),
      h(
        'fieldset',
        { className: 'pc-section' },
        h('legend', {}, tsch('schedSiteSize')),
        h(
          'div',
          { className: 'pc-grid' },
          this.numberField('minSlots', 'slots', 'sched-min-slots', tsch('schedMinSlots'), null),
          this.numberField('maxSlots', 'slots', 'sched-max-slots', tsch('schedMaxSlots'), null),
        ),
        this.fieldError('slots', 'sched-min-slots'),
      ),
      h(
        'fieldset',
        { className: 'pc-section' },
        h('legend', {}, tsch('schedCandidates')),
        source,
        this.form.source === 'grid'
          ? h(
              'div',
              {},
              h(
                'div',
                { className: 'pc-grid' },
                this.numberField('spacing', 'spacing', 'sched-spacing', tsch('schedSpacing'), tsch('schedMetres')),
              ),
              this.fieldError('spacing', 'sched-spacing'),
              h('p', { className: 'pc-hint pc-hint-small' }, tsch('schedSpacingHint')),
            )
          : h('p', { className: 'pc-hint pc-hint-small' }, tsch('schedMineHint')),
      ),
      h(
        'div',
        { className: 'pc-actions' },
        submit,
        h('span', { className: 'pc-hint' }, tsch('schedBaseline')),
        this.generalError ? h('p', { className: 'pc-general-error', role: 'alert', id: 'sched-error' }, this.generalError) : null,
      ),
    ];
  }

  private resultView(schedule: Schedule, ownSites: boolean): HTMLElement {
    const groups = scheduleTable(schedule, (code) => this.host.townshipName(code) ?? code);
    const slots = groups.reduce((sum, group) => sum + group.slots, 0);
    const first = schedule.years[0] ?? '';
    const last = schedule.years[schedule.years.length - 1] ?? '';
    const discounted = schedule.discountedCost !== schedule.totalCost;
    const applied = this.applied();
    const apply = h(
      'button',
      { type: 'button', className: 'button button-primary', id: 'sched-apply', disabled: applied || schedule.openings.length === 0 },
      applied
        ? tsch('schedApplied')
        : ownSites
          ? tsch('schedApplyMine', { n: schedule.openings.length })
          : tsch('schedApply', { n: schedule.openings.length }),
    );
    apply.addEventListener('click', () => {
      this.host.apply(this.sites(), ownSites);
      this.render();
    });
    const siteLabel = (row: (typeof groups)[number]['rows'][number]): string => {
      if (ownSites) {
        const number = this.host.siteNumber(row.position);
        if (number !== null) return tsch('schedOwnSiteN', { n: number });
      }
      return tsch('schedSiteN', { n: row.number });
    };
    const table =
      groups.length === 0
        ? h('p', { className: 'pc-hint', id: 'sched-nothing' }, tsch('schedNothingToOpen'))
        : h(
            'div',
            { className: 'sched-table-wrap' },
            h(
              'table',
              { className: 'wi-table sched-table', id: 'sched-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, tsch('schedColYear')),
                  h('th', { scope: 'col' }, tsch('schedColTownship')),
                  h('th', { scope: 'col' }, tsch('schedColSite')),
                  h('th', { scope: 'col', className: 'numeric' }, tsch('schedColSlots')),
                  h('th', { scope: 'col', className: 'numeric' }, tsch('schedColCost')),
                ),
              ),
              h(
                'tbody',
                {},
                groups.flatMap((group) => [
                  ...group.rows.map((row) =>
                    h(
                      'tr',
                      { 'data-year': row.year, 'data-township': row.townshipCode, className: 'sched-row' },
                      h(
                        'td',
                        {},
                        h(
                          'span',
                          { className: 'sched-year' },
                          h('i', { className: 'swatch swatch-circle', 'aria-hidden': 'true', style: `--swatch-color: ${group.colour}` }),
                          String(row.year),
                        ),
                      ),
                      h('td', { className: 'sched-township' }, row.township),
                      h('td', { title: `${row.position[0].toFixed(5)}, ${row.position[1].toFixed(5)}` }, siteLabel(row)),
                      h('td', { className: 'numeric' }, formatInteger(row.slots)),
                      h('td', { className: 'numeric' }, formatTarget(row.cost)),
                    ),
                  ),
                  h(
                    'tr',
                    { className: 'sched-year-total', 'data-year-total': group.year },
                    h('th', { scope: 'row', colspan: 3 }, tsch('schedYearTotal', { year: group.year })),
                    h('td', { className: 'numeric' }, formatInteger(group.slots)),
                    h('td', { className: 'numeric' }, formatTarget(group.cost)),
                  ),
                ]),
              ),
            ),
          );
    return h(
      'div',
      { className: 'wi-section-result sched-result', id: 'sched-result' },
      h('h3', {}, tsch('schedResultTitle', { from: first, to: last })),
      qualityLine(schedule),
      h(
        'dl',
        { className: 'wi-kpis wi-kpis-3' },
        h(
          'div',
          { className: 'wi-kpi', 'data-testid': 'sched-total' },
          h('dt', {}, tsch('schedTotalCost')),
          h(
            'dd',
            {},
            h('span', { className: 'wi-kpi-big' }, formatTarget(schedule.totalCost)),
            h('span', { className: 'wi-kpi-unit' }, tsch('schedCostUnit')),
          ),
          discounted
            ? h(
                'span',
                { className: 'wi-kpi-detail' },
                tsch('schedDiscounted', { cost: `${formatTarget(schedule.discountedCost)} ${tsch('schedCostUnit')}` }),
              )
            : null,
        ),
        h(
          'div',
          { className: 'wi-kpi', 'data-testid': 'sched-sites' },
          h('dt', {}, tsch('schedSites')),
          h('dd', {}, h('span', { className: 'wi-kpi-after' }, tsch('schedSitesValue', { n: formatInteger(schedule.openings.length) }))),
          h('span', { className: 'wi-kpi-detail' }, tsch('schedCandidateCount', { n: formatInteger(schedule.candidateCount) })),
        ),
        h(
          'div',
          { className: 'wi-kpi', 'data-testid': 'sched-slots' },
          h('dt', {}, tsch('schedSlotsAdded')),
          h('dd', {}, h('span', { className: 'wi-kpi-after' }, formatInteger(slots))),
        ),
      ),
      table,
      schedule.infeasible.length > 0
        ? h(
            'div',
            { className: 'wi-message is-warning', id: 'sched-infeasible', role: 'note' },
            h('p', { className: 'sched-infeasible-title' }, tsch('schedInfeasibleTitle')),
            h(
              'ul',
              { className: 'sched-infeasible' },
              schedule.infeasible.map((township) =>
                h(
                  'li',
                  { 'data-code': township.code },
                  tsch('schedInfeasibleItem', {
                    name: township.name,
                    year: township.year,
                    gap: formatInteger(township.gap),
                    reason: serverText(township.reason, township.reasonZh),
                  }),
                ),
              ),
            ),
          )
        : null,
      schedule.openings.length > 0
        ? h('div', { className: 'pc-actions' }, apply, h('span', { className: 'pc-hint pc-hint-small' }, tsch('schedApplyHint')))
        : null,
    );
  }
}

/** Proven cheapest; or the best found, with the bound no schedule can beat and the gap; or a heuristic's, with the server's reason. */
function qualityLine(schedule: Schedule): HTMLElement {
  const quality = scheduleQuality(schedule);
  let text: string;
  if (quality.kind === 'optimal') text = tsch('schedOptimal');
  else if (quality.kind === 'bounded')
    text = tsch('schedBounded', {
      cost: `${formatTarget(schedule.discountedCost)} ${tsch('schedCostUnit')}`,
      bound: `${formatTarget(quality.bound)} ${tsch('schedCostUnit')}`,
      gap: formatTarget(quality.gapPercent),
    });
  else text = tsch('schedHeuristic');
  const note = quality.kind === 'heuristic' ? serverText(schedule.note, schedule.noteZh) : null;
  return h(
    'p',
    {
      className: `wi-message ${quality.kind === 'optimal' ? 'is-info' : 'is-warning'}`,
      id: 'sched-quality',
      'data-optimal': String(schedule.optimal),
    },
    text,
    note ? h('span', { className: 'pc-hint pc-hint-small' }, ` ${note}`) : null,
  );
}
