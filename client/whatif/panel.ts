/**
 * "What-if" (方案模拟): the planner's proposal on the main map page.
 *
 *   map click ──▶ new site (slots, inclusive slots, type)      facility popup ──▶ resize / remove
 *   suggestion accepted ──▶ new sites                          saved scenario loaded ──▶ its changes
 *        └──────────── ordered change list (undo, clear) ──▶ POST /proposals/evaluate (debounced)
 *                      ──▶ district before/after, township table, newly covered residents on the map
 *
 * The panel owns the proposal; the scenario section (scenarios.ts) saves and loads it, the suggestion
 * section (suggestions.ts) adds to it. The page (client/main.ts) routes map clicks and popups here
 * while the tab is open; the overlay (layers.ts) draws the proposal only then.
 */
import { LatestRequest } from '../api/cancellation';
import { requestFailure } from '../api/request-failure';
import { formatDecimal, formatInteger, t, tMaybe } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import { evaluateProposal } from './api';
import { evaluationView } from './evaluation-view';
import type { LonLat, SuggestionDrawing, WhatIfOverlay } from './layers';
import {
  changeOfPath,
  coverageChanges,
  evaluationRequest,
  inclusiveAtShare,
  ProposalHistory,
  thresholdMeters,
  type RequestList,
} from './proposal';
import { ScenarioSection } from './scenarios';
import { ScheduleSection } from './schedule';
import type { ScheduleOverlay } from './schedule-layer';
import type { ScheduledSite } from './schedule-model';
import { tsch } from './schedule-messages';
import { SuggestionSection } from './suggestions';
import {
  FACILITY_TYPE_CHOICES,
  type AddFacility,
  type Change,
  type Evaluation,
  type FacilityType,
  type Scenario,
  type SuggestedSite,
} from './types';
import './whatif.css';
import { typedWholeNumber } from '../i18n/parse-number';
import { type TargetComparison } from '../i18n/targets';
import type { Profile } from '../api/types';
import { withHelp } from '../help/drawer';

/** Wait after the last edit before evaluating: typing "120" sends one request, not three. */
const DEBOUNCE_MS = 250;
/** Coordinates of placed sites are kept to 6 decimals (≈ 0.1 m). */
const COORDINATE_DECIMALS = 6;
/** Defaults of a new site: a 60-place community facility, half of it inclusive (普惠). */
const NEW_SITE_DEFAULTS = { slots: '60', inclusiveSlots: '30', type: 'community' as FacilityType };

/** The selection the proposal is evaluated against. */
export interface WhatIfContext {
  jurisdictionId: string;
  year: number;
  thresholdMin: number;
  walkSpeedKmh: number;
  /** How the profile compares slots per 1,000 with the year's target. */
  slotsComparison: TargetComparison;
  /** The jurisdiction's policy profile: the targets the before/after is read against. */
  profile: Profile;
}

/** An existing facility as the panel needs it (from the page's facilities of the year). */
export interface FacilityInfo {
  id: string;
  name: string;
  slots: number;
  inclusiveSlots: number;
  operating: boolean;
  position: LonLat;
}

/** What the panel needs from the page. */
export interface WhatIfHost {
  context(): WhatIfContext | null;
  facility(id: string): FacilityInfo | null;
  townshipName(code: string | null): string | null;
  /** Marks a request in progress for the page's busy state; returns the function that ends it. */
  begin(): () => void;
  /** Switches the page to `year` (a loaded scenario's baseline year). */
  selectYear(year: number): void;
  fitTo(points: LonLat[]): void;
  closePopup(): void;
}

interface Evaluated {
  result: Evaluation;
  /** The change list it was computed for (the list may have moved on while a newer one is pending). */
  changes: readonly Change[];
  origin: Record<RequestList, number[]>;
  latencyMs: number;
}

/** A whole number as typed (１２０, 1,200, 1.2万: ../i18n/parse-number.ts), or null. */
const parseWhole = typedWholeNumber;

const round = (value: number): number => Number(value.toFixed(COORDINATE_DECIMALS));

export class WhatIfPanel {
  private active = false;
  private readonly history = new ProposalHistory();
  private newSite = { ...NEW_SITE_DEFAULTS };
  private newSiteError: string | null = null;
  private evaluated: Evaluated | null = null;
  private evaluationError: { text: string; change: number | null } | null = null;
  private pending = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly evaluation = new LatestRequest();
  private endBusy: (() => void) | null = null;
  private readonly editor: HTMLElement;
  private readonly results: HTMLElement;
  private readonly scenarios: ScenarioSection;
  private readonly suggestions: SuggestionSection;
  /** 排期规划: the least-cost schedule of openings (./schedule.ts). */
  private readonly plan: ScheduleSection;

  constructor(
    private readonly container: HTMLElement,
    private readonly host: WhatIfHost,
    private readonly overlay: WhatIfOverlay,
    private readonly scheduleOverlay: Pick<ScheduleOverlay, 'show'> | null = null,
  ) {
    this.editor = h('div', { className: 'wi-editor' });
    this.results = h('div', { className: 'wi-results-container', 'aria-live': 'polite' });
    this.scenarios = new ScenarioSection({
      context: () => this.host.context(),
      changes: () => this.history.changes,
      load: (scenario) => this.loadScenario(scenario),
      loadedChanged: () => this.render(),
      begin: () => this.host.begin(),
      showYearOnMap: (attainment) => this.overlay.showYear(attainment),
    });
    this.suggestions = new SuggestionSection({
      context: () => this.host.context(),
      proposedSites: () => this.history.changes.flatMap((c) => (c.kind === 'addFacility' ? [[c.lon, c.lat] as LonLat] : [])),
      currentProposal: () => {
        const { body } = evaluationRequest(this.history.changes, this.host.context()?.year ?? 0);
        return { sites: body.sites ?? [], remove: body.remove ?? [], resize: body.resize ?? [] };
      },
      positionKey: ([lon, lat]) => `${round(lon)},${round(lat)}`,
      accept: (sites) => this.acceptSuggestions(sites),
      keepOnly: (chosen) => this.keepOnly(chosen),
      townshipName: (code) => this.host.townshipName(code),
      showOnMap: (drawing: SuggestionDrawing | null) => this.overlay.showSuggestions(drawing),
      fitTo: (points) => this.host.fitTo(points),
      begin: () => this.host.begin(),
    });
    this.plan = new ScheduleSection({
      context: () => this.host.context(),
      proposedSites: () => this.history.changes.flatMap((c) => (c.kind === 'addFacility' ? [[c.lon, c.lat] as LonLat] : [])),
      siteNumber: (position) => {
        const index = this.siteIndexAt(position);
        return index >= 0 ? index + 1 : null;
      },
      proposedSiteYear: (position) => {
        const change = this.history.changes[this.siteIndexAt(position)];
        return change?.kind === 'addFacility' ? (change.year ?? null) : undefined;
      },
      apply: (sites, own) => this.applySchedule(sites, own),
      townshipName: (code) => this.host.townshipName(code),
      showOnMap: (drawing) => this.scheduleOverlay?.show(drawing),
      fitTo: (points) => this.host.fitTo(points),
      begin: () => this.host.begin(),
    });
    container.after(this.suggestions.element, this.plan.element, this.scenarios.element);
  }

  // --- called by the page ------------------------------------------------------------------------

  /** The tab is shown or hidden: map clicks place sites and the overlay is drawn only while shown. */
  setActive(active: boolean): void {
    this.active = active;
    this.overlay.setVisible(active);
    this.suggestions.setActive(active);
    this.plan.setActive(active);
    if (active) void this.scenarios.start();
  }

  /** Whether map clicks place a site now (the page shows a crosshair). */
  placing(): boolean {
    return this.active;
  }

  /** A new jurisdiction: the proposal, suggestions and loaded scenario belong to the old one. */
  reset(): void {
    this.cancelEvaluation();
    this.history.reset();
    this.evaluated = null;
    this.evaluationError = null;
    this.scenarios.reset();
    this.suggestions.reset();
    this.plan.reset();
    this.draw();
    this.render();
  }

  /** The year changed: the proposal is evaluated against the new year's data; a suggestion is dropped. */
  yearChanged(): void {
    this.suggestions.reset();
    this.plan.reset();
    this.schedule();
    this.render();
  }

  /** The threshold changed: the figures and the highlighted residents follow (the answer holds every threshold). */
  thresholdChanged(): void {
    this.draw();
    this.render();
  }

  /** The page's data changed (facilities of the year, language): redraw and re-render. */
  refresh(): void {
    this.draw();
    this.render();
  }

  /** A click on the map while the tab is open: places a new site there. True when used. */
  handleMapClick(position: LonLat): boolean {
    if (!this.active) return false;
    const site = this.newSiteChange(position);
    if (!site) {
      this.render();
      return true;
    }
    this.history.add(site);
    this.changed();
    return true;
  }

  /** What-if actions for a facility's popup: resize it or take it out of the proposal's world. */
  facilityActions(facility: FacilityInfo): HTMLElement | null {
    if (!this.active || !facility.operating) return null;
    const changes = this.history.changes;
    const index = changes.findIndex((c) => (c.kind === 'resizeFacility' || c.kind === 'removeFacility') && c.id === facility.id);
    const existing = index >= 0 ? changes[index]! : null;
    const slots = h('input', {
      id: 'wi-popup-slots',
      className: 'input',
      inputmode: 'numeric',
      value: existing?.kind === 'resizeFacility' ? existing.slots : facility.slots,
      'aria-label': t('wiNewSlots'),
    });
    const resize = h('button', { type: 'button', className: 'button button-small', id: 'wi-popup-resize' }, t('wiResize'));
    const error = h('p', { className: 'pc-field-error', hidden: true });
    resize.addEventListener('click', () => {
      const value = parseWhole(slots.value);
      if (value === null) {
        error.textContent = t('wiErrorWhole');
        error.hidden = false;
        return;
      }
      this.history.changeFacility({ kind: 'resizeFacility', id: facility.id, slots: value });
      this.host.closePopup();
      this.changed();
    });
    const remove = h(
      'button',
      { type: 'button', className: 'button button-small wi-danger', id: 'wi-popup-remove' },
      t('wiRemoveFacility'),
    );
    remove.addEventListener('click', () => {
      this.history.changeFacility({ kind: 'removeFacility', id: facility.id });
      this.host.closePopup();
      this.changed();
    });
    let undo: HTMLElement | null = null;
    if (existing) {
      undo = h('button', { type: 'button', className: 'button button-small button-ghost' }, t('wiDropChange'));
      undo.addEventListener('click', () => {
        this.history.removeAt(index);
        this.host.closePopup();
        this.changed();
      });
    }
    return h(
      'div',
      { className: 'wi-popup' },
      h('p', { className: 'wi-popup-title' }, t('wiPopupTitle')),
      existing ? h('p', { className: 'wi-popup-state' }, this.describe(existing, index).title) : null,
      h(
        'div',
        { className: 'wi-popup-row' },
        h('div', { className: 'wi-input-unit' }, slots, h('span', { className: 'wi-unit' }, t('wiSlotsUnit'))),
        resize,
      ),
      h('div', { className: 'wi-popup-row' }, remove, undo),
      error,
    );
  }

  /** Popup of a proposed site (clicked on the map): its figures and an editor. */
  sitePopup(changeIndex: number): HTMLElement | null {
    const change = this.history.changes[changeIndex];
    if (change?.kind !== 'addFacility') return null;
    const { title, detail } = this.describe(change, changeIndex);
    const remove = h('button', { type: 'button', className: 'button button-small wi-danger' }, t('wiRemoveSite'));
    remove.addEventListener('click', () => {
      this.history.removeAt(changeIndex);
      this.host.closePopup();
      this.changed();
    });
    return h(
      'div',
      { className: 'popup wi-popup' },
      h('h3', {}, title),
      detail ? h('p', { className: 'wi-popup-state' }, detail) : null,
      this.siteFields(change, changeIndex, 'popup'),
      h('div', { className: 'wi-popup-row' }, remove),
    );
  }

  /** Position of a proposed site, for the popup anchor. */
  sitePosition(changeIndex: number): LonLat | null {
    const change = this.history.changes[changeIndex];
    return change?.kind === 'addFacility' ? [change.lon, change.lat] : null;
  }

  // --- the proposal ------------------------------------------------------------------------------

  private newSiteChange(position: LonLat): AddFacility | null {
    const slots = parseWhole(this.newSite.slots);
    const inclusive = parseWhole(this.newSite.inclusiveSlots);
    if (slots === null || inclusive === null) {
      this.newSiteError = t('wiErrorWhole');
      return null;
    }
    // Refused, never clipped: the planner must see that the figures typed do not fit (the server refuses them too).
    if (inclusive > slots) {
      this.newSiteError = t('wiErrorInclusiveExceeds', { inclusive: formatInteger(inclusive), slots: formatInteger(slots) });
      return null;
    }
    this.newSiteError = null;
    return {
      kind: 'addFacility',
      lon: round(position[0]),
      lat: round(position[1]),
      slots,
      inclusiveSlots: inclusive,
      type: this.newSite.type,
    };
  }

  private acceptSuggestions(sites: SuggestedSite[]): void {
    const defaults = parseWhole(this.newSite.slots) ?? 0;
    const share = defaults > 0 ? (parseWhole(this.newSite.inclusiveSlots) ?? 0) / defaults : 0;
    const added: AddFacility[] = sites.map((site) => ({
      kind: 'addFacility',
      lon: round(site.lon),
      lat: round(site.lat),
      slots: site.slots,
      inclusiveSlots: inclusiveAtShare(site.slots, share),
      type: this.newSite.type,
    }));
    this.history.set([...this.history.changes, ...added]);
    this.changed();
  }

  /** The index of the proposal's placed site at `position` (as the proposal rounds it), or -1. */
  private siteIndexAt([lon, lat]: LonLat): number {
    const key = `${round(lon)},${round(lat)}`;
    return this.history.changes.findIndex((c) => c.kind === 'addFacility' && `${round(c.lon)},${round(c.lat)}` === key);
  }

  /**
   * A schedule of openings joins the proposal, each site with its opening year and slots. Chosen among
   * the proposal's own sites (`own`), those sites take their year and slots and the ones not chosen are
   * dropped; otherwise the sites are added (a site already there only takes its year and slots). One undo step.
   */
  private applySchedule(sites: ScheduledSite[], own: boolean): void {
    const defaults = parseWhole(this.newSite.slots) ?? 0;
    const share = defaults > 0 ? (parseWhole(this.newSite.inclusiveSlots) ?? 0) / defaults : 0;
    const scheduled = new Map(sites.map((site) => [`${round(site.position[0])},${round(site.position[1])}`, site]));
    const placed = new Set<string>();
    const next: Change[] = this.history.changes.flatMap((change): Change[] => {
      if (change.kind !== 'addFacility') return [change];
      const key = `${round(change.lon)},${round(change.lat)}`;
      const site = scheduled.get(key);
      if (!site) return own ? [] : [change];
      placed.add(key);
      const inclusiveSlots = Math.min(change.inclusiveSlots ?? 0, site.slots);
      return [{ ...change, slots: site.slots, inclusiveSlots, year: site.year }];
    });
    for (const [key, site] of scheduled) {
      if (placed.has(key)) continue;
      next.push({
        kind: 'addFacility',
        lon: round(site.position[0]),
        lat: round(site.position[1]),
        slots: site.slots,
        inclusiveSlots: inclusiveAtShare(site.slots, share),
        type: this.newSite.type,
        year: site.year,
      });
    }
    this.history.set(next);
    this.changed();
  }

  private keepOnly(chosen: LonLat[]): void {
    const keys = new Set(chosen.map(([lon, lat]) => `${lon},${lat}`));
    this.history.set(this.history.changes.filter((change) => change.kind !== 'addFacility' || keys.has(`${change.lon},${change.lat}`)));
    this.changed();
  }

  private loadScenario(scenario: Scenario): void {
    this.history.reset([...scenario.changes]);
    this.evaluated = null;
    this.evaluationError = null;
    const context = this.host.context();
    if (context && context.year !== scenario.year)
      this.host.selectYear(scenario.year); // the page then calls yearChanged()
    else this.schedule();
    const points = scenario.changes.flatMap((c): LonLat[] => {
      if (c.kind === 'addFacility' || c.kind === 'addProject') return [[c.lon, c.lat]];
      const facility = this.host.facility(c.id);
      return facility ? [facility.position] : [];
    });
    if (points.length > 0) this.host.fitTo(points);
    this.suggestions.proposalChanged();
    this.draw();
    this.render();
  }

  /** After every edit: redraw now, evaluate after the debounce. */
  private changed(): void {
    this.suggestions.proposalChanged();
    this.schedule();
    this.draw();
    this.render();
  }

  // --- evaluation --------------------------------------------------------------------------------

  private cancelEvaluation(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.evaluation.cancel();
    this.pending = false;
    this.endBusy?.();
    this.endBusy = null;
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.evaluation.cancel();
    if (this.history.changes.length === 0 || !this.host.context()) {
      this.cancelEvaluation();
      this.evaluated = null;
      this.evaluationError = null;
      return;
    }
    this.pending = true;
    this.endBusy ??= this.host.begin();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.evaluate();
    }, DEBOUNCE_MS);
  }

  private async evaluate(): Promise<void> {
    const context = this.host.context();
    const changes = this.history.changes;
    if (!context || changes.length === 0) {
      this.cancelEvaluation();
      return;
    }
    const { body, origin } = evaluationRequest(changes, context.year);
    const started = performance.now();
    await this.evaluation.run((signal) => evaluateProposal(context.jurisdictionId, body, signal), {
      answered: (result) => {
        this.evaluated = { result, changes, origin, latencyMs: performance.now() - started };
        this.evaluationError = null;
      },
      failed: (error) => {
        this.evaluationError = this.errorOf(error, origin);
      },
      settled: () => {
        this.pending = false;
        this.draw();
        this.render();
        this.endBusy?.();
        this.endBusy = null;
      },
    });
  }

  private errorOf(error: unknown, origin: Record<RequestList, number[]>): { text: string; change: number | null } {
    const answer = requestFailure(error);
    if (typeof answer === 'string') return { text: answer, change: null };
    const issue = answer.issues[0];
    const change = issue ? changeOfPath(issue.path, origin) : null;
    const text =
      change === null
        ? [answer.message, ...answer.issues.map((i) => `${i.path}: ${i.message}`)].join(' · ')
        : t('wiChangeError', { n: change + 1, message: issue!.message });
    return { text, change };
  }

  /** The evaluation that belongs to the current list, or the last one while a newer is on its way. */
  private current(): Evaluated | null {
    return this.history.changes.length === 0 ? null : this.evaluated;
  }

  // --- map ---------------------------------------------------------------------------------------

  private draw(): void {
    const context = this.host.context();
    const changes = this.history.changes;
    const evaluated = this.current();
    const drawing = {
      sites: [] as { position: LonLat; number: number; changeIndex: number; slots: number }[],
      resized: [] as { position: LonLat; number: number; grows: boolean }[],
      removed: [] as { position: LonLat; number: number }[],
      projects: [] as { position: LonLat; number: number }[],
      gained: [] as Evaluation['changedUnits'],
      lost: [] as Evaluation['changedUnits'],
    };
    changes.forEach((change, index) => {
      const number = index + 1;
      if (change.kind === 'addFacility')
        drawing.sites.push({ position: [change.lon, change.lat], number, changeIndex: index, slots: change.slots });
      else if (change.kind === 'addProject') drawing.projects.push({ position: [change.lon, change.lat], number });
      else {
        const facility = this.host.facility(change.id);
        if (!facility) return;
        if (change.kind === 'removeFacility') drawing.removed.push({ position: facility.position, number });
        else drawing.resized.push({ position: facility.position, number, grows: change.slots >= facility.slots });
      }
    });
    if (evaluated && context) {
      const key = String(context.thresholdMin);
      const limitM = evaluated.result.before.thresholdMeters[key] ?? thresholdMeters(context.walkSpeedKmh, context.thresholdMin);
      const { gained, lost } = coverageChanges(evaluated.result.changedUnits, limitM);
      drawing.gained = gained;
      drawing.lost = lost;
    }
    this.overlay.show(changes.length === 0 ? null : drawing);
  }

  // --- rendering ---------------------------------------------------------------------------------

  render(): void {
    const focusedId =
      document.activeElement instanceof HTMLElement && this.container.contains(document.activeElement) ? document.activeElement.id : '';
    const context = this.host.context();
    const loaded = this.scenarios.loadedState();
    replaceChildren(this.editor, this.newSiteSection(), this.changeSection());
    const evaluated = this.current();
    replaceChildren(
      this.results,
      this.statusLine(),
      this.laterYearsNote(),
      evaluated && context
        ? evaluationView(evaluated.result, context.thresholdMin, evaluated.latencyMs, this.warnings(evaluated), {
            comparisons: context.profile.comparisons,
          })
        : null,
    );
    replaceChildren(
      this.container,
      withHelp(
        h('h2', { className: 'panel-title' }, t('wiTitle'), context ? h('span', { className: 'panel-year' }, String(context.year)) : null),
        'whatif',
      ),
      h('p', { className: 'pc-intro' }, t('wiIntro')),
      loaded
        ? h(
            'p',
            { className: 'wi-loaded', id: 'wi-loaded' },
            t('wiLoadedScenario', { name: loaded.name }),
            loaded.modified ? h('span', { className: 'wi-tag is-modified' }, t('wiModified')) : null,
          )
        : null,
      this.editor,
      this.results,
    );
    this.scenarios.render();
    this.suggestions.render();
    this.plan.render();
    if (focusedId) document.getElementById(focusedId)?.focus();
  }

  private newSiteSection(): HTMLElement {
    const field = (key: 'slots' | 'inclusiveSlots', id: string, label: string): HTMLElement => {
      const input = h('input', {
        id,
        className: 'input',
        inputmode: 'numeric',
        autocomplete: 'off',
        value: this.newSite[key],
        'aria-invalid': this.newSiteError ? 'true' : null,
      });
      input.addEventListener('input', () => {
        this.newSite[key] = input.value;
      });
      return h('div', { className: 'field' }, h('label', { for: id }, label), input);
    };
    const type = h(
      'select',
      { id: 'wi-new-type' },
      FACILITY_TYPE_CHOICES.map((value) => h('option', { value, selected: value === this.newSite.type }, tMaybe(`type_${value}`, value))),
    );
    type.addEventListener('change', () => {
      this.newSite.type = type.value as FacilityType;
    });
    return h(
      'fieldset',
      { className: `pc-section wi-new-site${this.newSiteError ? ' has-error' : ''}` },
      h('legend', {}, t('wiNewSite')),
      h(
        'div',
        { className: 'pc-grid' },
        field('slots', 'wi-new-slots', t('slots')),
        field('inclusiveSlots', 'wi-new-inclusive', t('inclusiveSlots')),
        h('div', { className: 'field' }, h('label', { for: 'wi-new-type' }, t('facilityType')), type),
      ),
      h(
        'p',
        { className: `pc-hint${this.active ? ' pc-hint-set' : ''}`, id: 'wi-place-hint' },
        h('span', { className: 'wi-crosshair', 'aria-hidden': 'true' }),
        t('wiPlaceHint'),
      ),
      this.newSiteError ? h('p', { className: 'pc-field-error', role: 'alert' }, this.newSiteError) : null,
    );
  }

  /** Title and detail of a change in the planner's words; a change of a later year says from when it acts. */
  private describe(change: Change, index: number): { title: string; detail: string | null } {
    const described = this.describeChange(change, index);
    if (change.year === undefined) return described;
    const year = tsch('schedChangeYear', { year: change.year });
    return { title: described.title, detail: described.detail ? `${year} · ${described.detail}` : year };
  }

  private describeChange(change: Change, index: number): { title: string; detail: string | null } {
    const evaluated = this.current();
    const context = this.host.context();
    const key = String(context?.thresholdMin ?? 15);
    switch (change.kind) {
      case 'addFacility': {
        // Figures of the last answer only where it was computed for this very change.
        const site =
          evaluated && evaluated.changes[index] === change
            ? (evaluated.result.sites.find((s) => evaluated.origin.sites[s.index] === index) ?? null)
            : null;
        const township = site ? this.host.townshipName(site.township) : null;
        const newly = site?.newlyCoveredPopulation[key];
        return {
          title: change.name ?? t('wiSiteTitle', { n: index + 1 }),
          detail:
            [
              township ?? (site && site.township === null ? t('wiOutsideTownships') : null),
              newly === undefined ? null : t('wiSiteNewly', { n: formatInteger(newly), minutes: key }),
            ]
              .filter(Boolean)
              .join(' · ') || null,
        };
      }
      case 'resizeFacility': {
        const facility = this.host.facility(change.id);
        return {
          title: t('wiResizeTitle', { name: facility?.name ?? change.id }),
          detail: t('wiResizeDetail', { before: formatInteger(facility?.slots ?? null), after: formatInteger(change.slots) }),
        };
      }
      case 'removeFacility': {
        const facility = this.host.facility(change.id);
        return {
          title: t('wiRemoveTitle', { name: facility?.name ?? change.id }),
          detail: facility ? t('wiRemoveDetail', { n: formatInteger(facility.slots) }) : null,
        };
      }
      case 'addProject': {
        const residents =
          change.population ?? (change.households !== undefined ? `${formatInteger(change.households)} ${t('pcHouseholds')}` : null);
        return {
          title: change.name ?? t('wiProjectTitle', { n: index + 1 }),
          detail: t('wiProjectDetail', {
            residents: typeof residents === 'number' ? formatInteger(residents) : (residents ?? '–'),
            slots: formatInteger(change.plannedSlots ?? 0),
          }),
        };
      }
    }
  }

  /** Slots, inclusive slots and type of a proposed site, edited in place (list or popup). */
  private siteFields(change: AddFacility, index: number, where: 'list' | 'popup'): HTMLElement {
    const commit = (next: AddFacility): void => {
      this.history.replace(index, next);
      if (where === 'popup') this.host.closePopup();
      this.changed();
    };
    const slots = h('input', {
      className: 'input input-small',
      inputmode: 'numeric',
      value: change.slots,
      id: `wi-${where}-site-${index}-slots`,
      'aria-label': t('slots'),
    });
    // A value that does not fit is refused with its reason beside the fields, never clipped.
    const error = h('p', { className: 'pc-field-error wi-site-error', role: 'alert', hidden: true });
    const refuse = (input: HTMLInputElement, message: string): void => {
      input.setAttribute('aria-invalid', 'true');
      error.textContent = message;
      error.hidden = false;
    };
    const exceeds = (inclusiveSlots: number, siteSlots: number): string =>
      t('wiErrorInclusiveExceeds', { inclusive: formatInteger(inclusiveSlots), slots: formatInteger(siteSlots) });
    slots.addEventListener('change', () => {
      const value = parseWhole(slots.value);
      if (value === null) return refuse(slots, t('wiErrorWhole'));
      if ((change.inclusiveSlots ?? 0) > value) return refuse(slots, exceeds(change.inclusiveSlots ?? 0, value));
      commit({ ...change, slots: value });
    });
    const inclusive = h('input', {
      className: 'input input-small',
      inputmode: 'numeric',
      value: change.inclusiveSlots ?? 0,
      id: `wi-${where}-site-${index}-inclusive`,
      'aria-label': t('inclusiveSlots'),
    });
    inclusive.addEventListener('change', () => {
      const value = parseWhole(inclusive.value);
      if (value === null) return refuse(inclusive, t('wiErrorWhole'));
      if (value > change.slots) return refuse(inclusive, exceeds(value, change.slots));
      commit({ ...change, inclusiveSlots: value });
    });
    const type = h(
      'select',
      { className: 'select-small', 'aria-label': t('facilityType'), id: `wi-${where}-site-${index}-type` },
      FACILITY_TYPE_CHOICES.map((value) =>
        h('option', { value, selected: value === (change.type ?? 'community') }, tMaybe(`type_${value}`, value)),
      ),
    );
    type.addEventListener('change', () => commit({ ...change, type: type.value as FacilityType }));
    return h(
      'div',
      { className: 'wi-site-fields' },
      h('label', { className: 'wi-inline' }, h('span', {}, t('slots')), slots),
      h('label', { className: 'wi-inline' }, h('span', {}, t('wiInclusiveShort')), inclusive),
      type,
      error,
    );
  }

  private changeSection(): HTMLElement {
    const changes = this.history.changes;
    const undo = h(
      'button',
      { type: 'button', className: 'button button-small', id: 'wi-undo', disabled: !this.history.canUndo },
      `↶ ${t('wiUndo')}`,
    );
    undo.addEventListener('click', () => {
      this.history.undo();
      this.host.closePopup();
      this.changed();
    });
    const clear = h(
      'button',
      { type: 'button', className: 'button button-small', id: 'wi-clear', disabled: changes.length === 0 },
      t('wiClear'),
    );
    clear.addEventListener('click', () => {
      this.history.clear();
      this.scenarios.detach();
      this.host.closePopup();
      this.changed();
    });
    const errorChange = this.evaluationError?.change ?? null;
    const list =
      changes.length === 0
        ? h('p', { className: 'wi-empty', id: 'wi-changes-empty' }, t('wiNoChanges'))
        : h(
            'ol',
            { className: 'wi-changes', id: 'wi-changes' },
            changes.map((change, index) => {
              const { title, detail } = this.describe(change, index);
              const remove = h(
                'button',
                { type: 'button', className: 'wi-icon-button', title: t('wiDropChange'), 'aria-label': `${t('wiDropChange')}: ${title}` },
                '×',
              );
              remove.addEventListener('click', () => {
                this.history.removeAt(index);
                this.host.closePopup();
                this.changed();
              });
              const badgeClass =
                change.kind === 'addFacility'
                  ? 'whatif-badge-site'
                  : change.kind === 'removeFacility'
                    ? 'whatif-badge-remove'
                    : change.kind === 'resizeFacility'
                      ? 'whatif-badge-resize'
                      : 'whatif-badge-project';
              let editor: HTMLElement | null = null;
              if (change.kind === 'addFacility') editor = this.siteFields(change, index, 'list');
              else if (change.kind === 'resizeFacility') {
                const input = h('input', {
                  className: 'input input-small',
                  inputmode: 'numeric',
                  value: change.slots,
                  id: `wi-list-resize-${index}`,
                  'aria-label': t('wiNewSlots'),
                });
                input.addEventListener('change', () => {
                  const value = parseWhole(input.value);
                  if (value === null) input.setAttribute('aria-invalid', 'true');
                  else {
                    this.history.replace(index, { kind: 'resizeFacility', id: change.id, slots: value });
                    this.changed();
                  }
                });
                editor = h(
                  'div',
                  { className: 'wi-site-fields' },
                  h('label', { className: 'wi-inline' }, h('span', {}, t('wiNewSlots')), input),
                );
              }
              return h(
                'li',
                { className: `wi-change wi-change-${change.kind}${errorChange === index ? ' has-error' : ''}`, 'data-index': index },
                h('span', { className: `whatif-badge ${badgeClass} is-static`, 'aria-hidden': 'true' }, String(index + 1)),
                h(
                  'div',
                  { className: 'wi-change-body' },
                  h('strong', { className: 'wi-change-title' }, title),
                  detail ? h('span', { className: 'wi-change-detail' }, detail) : null,
                  editor,
                ),
                remove,
              );
            }),
          );
    return h(
      'div',
      { className: 'wi-changes-block' },
      h(
        'div',
        { className: 'wi-changes-head' },
        h('h3', { className: 'wi-subtitle' }, t('wiChanges', { n: changes.length })),
        h('div', { className: 'wi-changes-actions' }, undo, clear),
      ),
      list,
    );
  }

  private statusLine(): HTMLElement | null {
    if (this.evaluationError)
      return h('p', { className: 'pc-general-error', role: 'alert', id: 'wi-evaluation-error' }, this.evaluationError.text);
    if (this.pending)
      return h(
        'p',
        { className: 'wi-status', id: 'wi-evaluating', role: 'status' },
        h('span', { className: 'wi-spinner', 'aria-hidden': 'true' }),
        t('wiEvaluating'),
      );
    if (this.history.changes.length === 0) return h('p', { className: 'wi-status is-idle' }, t('wiNothingToEvaluate'));
    return null;
  }

  /** Changes whose year comes after the evaluated year are not in its figures: say so. */
  private laterYearsNote(): HTMLElement | null {
    const year = this.host.context()?.year;
    if (year === undefined) return null;
    const later = this.history.changes.filter((change) => change.year !== undefined && change.year > year).length;
    return later > 0 ? h('p', { className: 'wi-status is-idle', id: 'wi-later-years' }, tsch('schedLaterYears', { n: later, year })) : null;
  }

  /** Warnings about the sites in the page's language, from the answer's fields (not its English text). */
  private warnings(evaluated: Evaluated): string[] {
    const warnings: string[] = [];
    for (const index of evaluated.result.sitesOutsideTownships) {
      const change = evaluated.origin.sites[index];
      if (change !== undefined) warnings.push(t('wiWarnOutside', { n: change + 1 }));
    }
    if (!evaluated.result.approximate) {
      for (const site of evaluated.result.sites) {
        const change = evaluated.origin.sites[site.index];
        if (site.snapLegM === null && change !== undefined) warnings.push(t('wiWarnNoRoad', { n: change + 1 }));
        else if (site.snapLegM !== null && site.snapLegM > 100 && change !== undefined)
          warnings.push(t('wiWarnFarRoad', { n: change + 1, m: formatDecimal(site.snapLegM, 0) }));
      }
    }
    return warnings;
  }
}
