/**
 * "Check a project" (项目配建核查): the developer's and reviewer's question of a residential project —
 * does it provide at least the standard's slots per 1,000 residents, and if not, how many are missing?
 *
 *   location (location-input: map point | pasted coordinates in WGS84 / GCJ-02 / BD-09 | drawn footprint)
 *   + households (× persons per household) or population + planned slots (residents-input) + the year
 *   ──▶ request: POST /compliance ──▶ result-card (shortfall, township before/after, walking access,
 *       nearest facilities, explanation with copy, print-sheet) and the result on the map (through the host).
 *
 * The rule itself is the server's (DATA_FORMAT.md "New-community compliance"); this panel only collects
 * input and shows the answer. Field errors from the API (`error.issues[].path`, e.g. `body.households`)
 * are shown beside the field they name. This module keeps the state between them: what is shown, whether
 * the form was edited since (stale), the request under way.
 */
import { checkProject } from '../api/client';
import { LatestRequest } from '../api/cancellation';
import type { ComplianceRequest, ProjectRow } from '../api/types';
import { formatTarget, getLocale, t } from '../i18n/i18n';
import type { LonLat } from '../layers/project-check';
import { h, replaceChildren } from '../panels/dom';
import { CopyButton } from './clipboard';
import { FieldErrors } from './fields';
import type { GeoJsonPolygon, Picking, ProjectCheckContext, ProjectCheckHost, Shown } from './host';
import { LocationInput } from './location-input';
import { fillPrintSheet } from './print-sheet';
import { buildRequest, checkErrors } from './request';
import { ResidentsInput } from './residents-input';
import { resultCard } from './result-card';
import './form.css';
import { withHelp } from '../help/drawer';

export type { ProjectCheckContext, ProjectCheckHost } from './host';

export class ProjectCheckPanel {
  private active = false;
  private readonly errors = new FieldErrors();
  private readonly location: LocationInput;
  private readonly residents: ResidentsInput;
  private generalError: string | null = null;
  private shown: Shown | null = null;
  /** The form was edited after the shown result was checked. */
  private stale = false;
  private busy = false;
  private readonly request = new LatestRequest();
  private readonly copy = new CopyButton();
  private projects: ProjectRow[] = [];
  private projectsCsvUrl: string | null = null;
  private lastSnapshot: string | null = null;
  private readonly form: HTMLElement;
  private readonly resultContainer: HTMLElement;

  constructor(
    private readonly container: HTMLElement,
    private readonly host: ProjectCheckHost,
    private readonly printSheet: HTMLElement,
  ) {
    this.form = h('form', { className: 'pc-form', novalidate: true, id: 'project-check-form' });
    this.resultContainer = h('div', { className: 'pc-result-container', 'aria-live': 'polite' });
    this.location = new LocationInput(this.errors, {
      edited: () => {
        this.markStale();
        this.refreshMap(false);
      },
      redraw: () => this.refreshMap(false),
      pickingChanged: () => this.announcePicking(),
      render: () => this.render(),
      flyTo: (position) => this.host.flyTo(position),
    });
    this.residents = new ResidentsInput(this.errors, {
      typed: () => {
        this.markStale();
        this.resultContainer.querySelector('.pc-card')?.classList.toggle('is-stale', this.stale);
      },
      changed: () => {
        this.markStale();
        this.render();
      },
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    window.addEventListener('beforeprint', () => this.fillPrintSheet());
  }

  // --- called by the page ------------------------------------------------------------------------

  /** The panel's tab is shown or hidden; map picking is armed only while it is shown. */
  setActive(active: boolean): void {
    this.active = active;
    document.body.classList.toggle('print-project-check', active && this.shown !== null);
    this.announcePicking();
    this.refreshMap();
  }

  /** A new jurisdiction: forget everything entered. */
  reset(): void {
    this.request.abort();
    this.location.clear();
    this.errors.clear();
    this.generalError = null;
    this.setShown(null);
    this.render();
  }

  /** The selected year changed: a shown check is run again for the new year. */
  yearChanged(): void {
    this.render();
    if (this.shown?.kind === 'request') void this.send({ ...this.shown.body, year: this.host.context()?.year }, this.shown.footprint);
  }

  /** The UI language changed: texts re-render, and a check's explanation is fetched in the new language. */
  languageChanged(): void {
    this.render();
    if (this.shown?.kind === 'request') void this.send({ ...this.shown.body, language: getLocale() }, this.shown.footprint);
  }

  /** The data's projects for the selected year (and language); a shown project is refreshed from them. */
  setProjects(rows: ProjectRow[], csvUrl: string | null): void {
    this.projects = rows;
    this.projectsCsvUrl = csvUrl;
    if (this.shown?.kind === 'project') {
      const id = this.shown.result.id;
      const row = rows.find((candidate) => candidate.id === id);
      this.setShown(row ? { kind: 'project', result: row } : null);
    }
    this.render();
  }

  /** Shows the check of a project from the data (popup button). */
  showProject(row: ProjectRow): void {
    this.request.abort();
    this.errors.clear();
    this.generalError = null;
    this.stale = false;
    this.setShown({ kind: 'project', result: row });
    this.render();
    this.resultContainer.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  /** A click on the map. Returns true when the panel used it (then no popup opens). */
  handleMapClick(position: LonLat, toleranceM: number): boolean {
    return this.active && this.location.handleMapClick(position, toleranceM);
  }

  /** A double-click on the map: finishes the footprint being drawn. True when used (no zoom then). */
  handleMapDoubleClick(): boolean {
    return this.active && this.location.handleMapDoubleClick();
  }

  /** Pointer movement while drawing: the rubber band from the last vertex. */
  handleMapMove(position: LonLat | null): void {
    if (this.active) this.location.handleMapMove(position);
  }

  /** Whether map clicks currently pick a location (the page shows a crosshair). */
  picking(): Picking {
    return this.active ? this.location.picking() : null;
  }

  // --- state changes -----------------------------------------------------------------------------

  private announcePicking(): void {
    this.host.pickingChanged(this.picking());
  }

  private markStale(): void {
    if (this.shown) this.stale = true;
  }

  /** The map shows the panel's things only while its tab is open; the entry is hidden under a current result. */
  private refreshMap(withResult = true): void {
    this.host.showDraft(this.active && (!this.shown || this.stale) ? this.location.draft() : null);
    if (!withResult) return;
    const shown = this.active ? this.shown : null;
    this.host.showResult(shown?.result ?? null, shown?.kind === 'request' ? shown.footprint : null);
  }

  private setShown(shown: Shown | null): void {
    this.shown = shown;
    document.body.classList.toggle('print-project-check', this.active && shown !== null);
    this.refreshMap();
    // A map picture for printing with Ctrl+P, taken once the map shows this result.
    this.lastSnapshot = null;
    if (shown && this.active) {
      void this.host.snapshot().then((snapshot) => {
        if (this.shown !== shown) return;
        this.lastSnapshot = snapshot;
        this.fillPrintSheet();
      });
    }
  }

  // --- sending the request -----------------------------------------------------------------------

  private async submit(): Promise<void> {
    const context = this.host.context();
    if (!context || this.busy) return;
    this.generalError = null;
    const { request, errors } = buildRequest(context, this.location, this.residents);
    this.errors.replace(errors);
    if (!request) {
      this.render();
      this.focusFirstError();
      return;
    }
    await this.send(request.body, request.footprint, true);
  }

  /** Sends a check; `reveal` scrolls the sidebar to the new result (a fresh check, not a re-run). */
  private async send(body: ComplianceRequest, footprint: GeoJsonPolygon | null, reveal = false): Promise<void> {
    const context = this.host.context();
    if (!context) return;
    const end = this.host.begin();
    this.busy = true;
    this.render();
    try {
      await this.request.run((signal) => checkProject(context.jurisdictionId, body, signal), {
        answered: (result) => {
          this.errors.clear();
          this.generalError = null;
          this.stale = false;
          this.setShown({ kind: 'request', result, body, footprint });
        },
        failed: (error) => {
          const { fields, general } = checkErrors(error);
          this.errors.replace(fields);
          this.generalError = general;
        },
        settled: () => {
          this.busy = false;
          this.render();
          if (this.errors.any()) this.focusFirstError();
          else if (reveal && this.shown) this.resultContainer.scrollIntoView({ block: 'start', behavior: 'smooth' });
        },
      });
    } finally {
      end();
    }
  }

  private focusFirstError(): void {
    const first = this.errors.first();
    if (!first) return;
    const target = this.form.querySelector<HTMLElement>(`[data-field="${first}"] input, [data-field="${first}"] button`);
    target?.focus();
  }

  // --- rendering ---------------------------------------------------------------------------------

  render(): void {
    const focusedId =
      document.activeElement instanceof HTMLElement && this.container.contains(document.activeElement) ? document.activeElement.id : '';
    const context = this.host.context();
    replaceChildren(this.form, this.location.render(), this.residents.render(context), this.actions(context));
    replaceChildren(
      this.resultContainer,
      this.shown ? resultCard(this.shown, context, { stale: this.stale, copy: this.copy, print: () => void this.print() }) : null,
    );
    replaceChildren(
      this.container,
      withHelp(
        h('h2', { className: 'panel-title' }, t('pcTitle'), context ? h('span', { className: 'panel-year' }, String(context.year)) : null),
        'project-check',
      ),
      h('p', { className: 'pc-intro' }, t('pcIntro', { standard: formatTarget(context?.standardSlotsPer1000 ?? 10) })),
      this.form,
      this.resultContainer,
      this.projectsLine(),
    );
    if (focusedId) document.getElementById(focusedId)?.focus();
    this.fillPrintSheet();
  }

  private actions(context: ProjectCheckContext | null): HTMLElement {
    const submit = h(
      'button',
      { type: 'submit', className: 'button button-primary pc-submit', id: 'pc-submit', disabled: !context || this.busy },
      this.busy ? t('pcChecking') : t('pcCheck'),
    );
    return h(
      'div',
      { className: 'pc-actions' },
      submit,
      context ? h('span', { className: 'pc-hint' }, t('pcYearNote', { year: context.year })) : null,
      this.generalError ? h('p', { className: 'pc-general-error', role: 'alert', id: 'pc-general-error' }, this.generalError) : null,
    );
  }

  private projectsLine(): HTMLElement | null {
    if (this.projects.length === 0) return null;
    const short = this.projects.filter((row) => !row.compliant).length;
    return h(
      'p',
      { className: 'pc-projects-line' },
      t('pcProjectsInData', { n: this.projects.length, short }),
      this.projectsCsvUrl ? h('a', { href: this.projectsCsvUrl, download: '', className: 'pc-csv-link' }, t('pcDownloadCsv')) : null,
    );
  }

  // --- print -------------------------------------------------------------------------------------

  private async print(): Promise<void> {
    this.lastSnapshot = (await this.host.snapshot()) ?? this.lastSnapshot;
    this.fillPrintSheet();
    window.print();
  }

  /** Keeps the print sheet filled with the shown result and the latest map snapshot. */
  private fillPrintSheet(): void {
    const card = this.shown ? this.resultContainer.querySelector('.pc-card') : null;
    fillPrintSheet(this.printSheet, card, this.host.context()?.jurisdictionName ?? '', this.lastSnapshot, this.host.sources());
  }
}
