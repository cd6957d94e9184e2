/**
 * "Check a project" (项目配建核查): the developer's and reviewer's question of a residential project —
 * does it provide at least the standard's slots per 1,000 residents, and if not, how many are missing?
 *
 *   location (map point | pasted coordinates in WGS84 / GCJ-02 / BD-09 | drawn footprint)
 *   + households (× persons per household) or population + planned slots + the selected year
 *   ──▶ POST /compliance ──▶ result card (shortfall, township before/after, walking access, nearest
 *       facilities, explanation with copy, print) and the result on the map (through the host).
 *
 * The rule itself is the server's (DATA_FORMAT.md "New-community compliance"); this panel only collects
 * input and shows the answer. Field errors from the API (`error.issues[].path`, e.g. `body.households`)
 * are shown beside the field they name.
 */
import { ApiError, checkProject } from '../api/client';
import { serverTexts } from '../api/server-text';
import type { ComplianceRequest, ComplianceResult, CoordinateSystem, ProjectRow } from '../api/types';
import { formatDecimal, formatInteger, formatMetres, formatShare, formatTarget, getLocale, t, tMaybe } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { LocationDraft, LonLat } from '../layers/project-check';
import { toWgs84 } from '../../server/engine/crs';
import { h, replaceChildren } from './dom';

/** The selection the check runs against; `personsPerHousehold` is the profile's default. */
export interface ProjectCheckContext {
  jurisdictionId: string;
  jurisdictionName: string;
  year: number;
  personsPerHousehold: number | null;
  standardSlotsPer1000: number | null;
}

/** What the panel needs from the page: the selection, the map, and the busy indicator. */
export interface ProjectCheckHost {
  context(): ProjectCheckContext | null;
  /** The location being entered changed: draw it (WGS84). */
  showDraft(draft: LocationDraft | null): void;
  /** A result to show on the map (null clears it); `footprint` is the WGS84 polygon that was checked. */
  showResult(result: ComplianceResult | null, footprint: GeoJsonPolygon | null): void;
  /** Centre the map on a location entered as text. */
  flyTo(position: LonLat): void;
  /** Picking on the map is armed or not (cursor, double-click zoom). */
  pickingChanged(mode: 'point' | 'draw' | null): void;
  /** Marks a request in progress for the page's busy state; returns the function that ends it. */
  begin(): () => void;
  /** A PNG data URL of the map as it is now, or null when the browser refuses. */
  snapshot(): Promise<string | null>;
}

type LocationMode = 'point' | 'coordinates' | 'footprint';
type PopulationMode = 'households' | 'population';
type NumberKey = 'households' | 'personsPerHousehold' | 'population' | 'plannedSlots';
type FieldKey = 'location' | NumberKey;
interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: LonLat[][];
}

/** Where a result came from: a check the user ran (re-run on a new year or language) or a project of the data. */
type Shown =
  | { kind: 'request'; result: ComplianceResult; body: ComplianceRequest; footprint: GeoJsonPolygon | null }
  | { kind: 'project'; result: ProjectRow };

const COORDINATE_SYSTEMS: CoordinateSystem[] = ['WGS84', 'GCJ-02', 'BD-09'];
const crsLabels: Record<CoordinateSystem, MessageKey> = { WGS84: 'pcCrsWgs84', 'GCJ-02': 'pcCrsGcj02', 'BD-09': 'pcCrsBd09' };
/** How long the "copied" confirmation stays on the copy button. */
const COPIED_FEEDBACK_MS = 2000;

/** Reads a number typed by a person: spaces and thousands separators (, ，) are ignored. Null when empty. */
function parseNumber(text: string): number | null | 'invalid' {
  const cleaned = text.replace(/[\s,，]/g, '');
  if (cleaned === '') return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : 'invalid';
}

/**
 * Reads "lon, lat" as copied from a map site (Amap/Baidu pickers give "120.668114,27.960868").
 * Accepts comma, Chinese comma, semicolon or space between the numbers. When the first number can only
 * be a latitude and the second only a longitude, they are swapped and `swapped` says so.
 */
export function parseCoordinates(text: string): { position: LonLat; swapped: boolean } | null {
  const parts = text
    .trim()
    .split(/[\s,，;；]+/)
    .filter((part) => part.length > 0);
  if (parts.length !== 2) return null;
  const [a, b] = parts.map(Number) as [number, number];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  if (Math.abs(a) <= 90 && Math.abs(b) > 90 && Math.abs(b) <= 180) return { position: [b, a], swapped: true };
  if (Math.abs(a) > 180 || Math.abs(b) > 90) return null;
  return { position: [a, b], swapped: false };
}

/** Field of an API issue path: "body.households" → households, "body.location.coordinates.0" → location. */
function fieldOfPath(path: string): FieldKey | null {
  const name = path.replace(/^body\./, '').split('.')[0];
  if (name === 'location' || name === 'crs') return 'location';
  if (name === 'households' || name === 'personsPerHousehold' || name === 'population' || name === 'plannedSlots') return name;
  return null;
}

/** A copy that works without the async clipboard (insecure origin, denied permission): a hidden textarea. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the textarea.
  }
  const area = h('textarea', { className: 'visually-hidden', readonly: true, 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

export class ProjectCheckPanel {
  private active = false;
  private locationMode: LocationMode = 'point';
  private point: LonLat | null = null;
  private coordinatesText = '';
  private crs: CoordinateSystem = 'WGS84';
  private vertices: LonLat[] = [];
  private closed = false;
  private hover: LonLat | null = null;
  private populationMode: PopulationMode = 'households';
  private values: Record<NumberKey, string> = {
    households: '',
    personsPerHousehold: '',
    population: '',
    plannedSlots: '',
  };
  private fieldErrors: Partial<Record<FieldKey, string>> = {};
  private generalError: string | null = null;
  private shown: Shown | null = null;
  private stale = false;
  private busy = false;
  private controller: AbortController | null = null;
  private copied = false;
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
    this.controller?.abort();
    this.point = null;
    this.vertices = [];
    this.closed = false;
    this.hover = null;
    this.coordinatesText = '';
    this.fieldErrors = {};
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
    this.controller?.abort();
    this.fieldErrors = {};
    this.generalError = null;
    this.stale = false;
    this.setShown({ kind: 'project', result: row });
    this.render();
    this.resultContainer.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  /** A click on the map. Returns true when the panel used it (then no popup opens). */
  handleMapClick(position: LonLat, toleranceM: number): boolean {
    if (!this.active) return false;
    if (this.locationMode === 'point') {
      this.point = position;
      this.locationChanged();
      return true;
    }
    if (this.locationMode === 'footprint' && !this.closed) {
      const last = this.vertices.at(-1);
      const first = this.vertices[0];
      if (last && distanceM(last, position) <= toleranceM) return true; // second click of a double-click
      if (first && this.vertices.length >= 3 && distanceM(first, position) <= toleranceM) {
        this.finishFootprint();
        return true;
      }
      this.vertices = [...this.vertices, position];
      this.locationChanged();
      return true;
    }
    return false;
  }

  /** A double-click on the map: finishes the footprint being drawn. True when used (no zoom then). */
  handleMapDoubleClick(): boolean {
    if (!this.active || this.locationMode !== 'footprint' || this.closed) return false;
    this.finishFootprint();
    return true;
  }

  /** Pointer movement while drawing: the rubber band from the last vertex. */
  handleMapMove(position: LonLat | null): void {
    if (!this.active || this.locationMode !== 'footprint' || this.closed || this.vertices.length === 0) return;
    this.hover = position;
    this.refreshMap(false);
  }

  /** Whether map clicks currently pick a location (the page shows a crosshair). */
  picking(): 'point' | 'draw' | null {
    if (!this.active) return null;
    if (this.locationMode === 'point') return 'point';
    if (this.locationMode === 'footprint' && !this.closed) return 'draw';
    return null;
  }

  // --- state changes -----------------------------------------------------------------------------

  private announcePicking(): void {
    this.host.pickingChanged(this.picking());
  }

  /** The map shows the panel's things only while its tab is open; the entry is hidden under a current result. */
  private refreshMap(withResult = true): void {
    this.host.showDraft(this.active && (!this.shown || this.stale) ? this.draft() : null);
    if (!withResult) return;
    const shown = this.active ? this.shown : null;
    this.host.showResult(shown?.result ?? null, shown?.kind === 'request' ? shown.footprint : null);
  }

  private draft(): LocationDraft {
    if (this.locationMode === 'point') return { point: this.point, vertices: [], closed: false, hover: null };
    if (this.locationMode === 'coordinates') return { point: this.coordinatesWgs84(), vertices: [], closed: false, hover: null };
    return { point: null, vertices: this.vertices, closed: this.closed, hover: this.closed ? null : this.hover };
  }

  /** The pasted coordinates converted to WGS84 for the map (the server converts again for the check). */
  private coordinatesWgs84(): LonLat | null {
    const parsed = parseCoordinates(this.coordinatesText);
    if (!parsed) return null;
    const [lon, lat] = toWgs84(parsed.position, this.crs);
    return [lon, lat];
  }

  private locationChanged(): void {
    delete this.fieldErrors.location;
    if (this.shown) this.stale = true;
    this.refreshMap(false);
    this.announcePicking();
    this.render();
  }

  private finishFootprint(): void {
    if (this.vertices.length < 3) {
      this.fieldErrors.location = t('pcErrorFootprintVertices');
      this.render();
      return;
    }
    this.closed = true;
    this.hover = null;
    this.locationChanged();
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

  // --- building and sending the request ----------------------------------------------------------

  /** The request from the form, or the errors that keep it from being sent. */
  private buildRequest(context: ProjectCheckContext): { body: ComplianceRequest; footprint: GeoJsonPolygon | null } | null {
    const errors: Partial<Record<FieldKey, string>> = {};
    let location: ComplianceRequest['location'] | null = null;
    let footprint: GeoJsonPolygon | null = null;
    let crs: CoordinateSystem = 'WGS84';
    if (this.locationMode === 'point') {
      if (this.point) location = this.point;
      else errors.location = t('pcErrorPickPoint');
    } else if (this.locationMode === 'coordinates') {
      const parsed = parseCoordinates(this.coordinatesText);
      if (parsed) {
        location = parsed.position;
        crs = this.crs;
      } else errors.location = this.coordinatesText.trim() === '' ? t('pcErrorCoordinatesEmpty') : t('pcErrorCoordinatesInvalid');
    } else if (!this.closed || this.vertices.length < 3) {
      errors.location = this.vertices.length < 3 ? t('pcErrorFootprintVertices') : t('pcErrorFootprintOpen');
    } else {
      footprint = { type: 'Polygon', coordinates: [[...this.vertices, this.vertices[0]!]] };
      location = footprint;
    }

    const numberField = (key: NumberKey, required: boolean): number | undefined => {
      const value = parseNumber(this.values[key]);
      if (value === 'invalid') errors[key] = t('pcErrorNumber');
      else if (value === null && required) errors[key] = t('pcErrorRequired');
      return typeof value === 'number' ? value : undefined;
    };
    const body: ComplianceRequest = {
      location: location ?? [0, 0],
      plannedSlots: numberField('plannedSlots', true) ?? 0,
      year: context.year,
      crs,
      language: getLocale(),
    };
    if (this.populationMode === 'households') {
      body.households = numberField('households', true);
      const perHousehold = numberField('personsPerHousehold', false);
      if (perHousehold !== undefined) body.personsPerHousehold = perHousehold;
    } else {
      body.population = numberField('population', true);
    }
    this.fieldErrors = errors;
    return Object.keys(errors).length > 0 ? null : { body, footprint };
  }

  private async submit(): Promise<void> {
    const context = this.host.context();
    if (!context || this.busy) return;
    this.generalError = null;
    const request = this.buildRequest(context);
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
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const end = this.host.begin();
    this.busy = true;
    this.render();
    try {
      const result = await checkProject(context.jurisdictionId, body, controller.signal);
      this.fieldErrors = {};
      this.generalError = null;
      this.stale = false;
      this.setShown({ kind: 'request', result, body, footprint });
    } catch (error) {
      if (controller.signal.aborted) return;
      this.showApiError(error);
    } finally {
      if (this.controller === controller) {
        this.busy = false;
        this.controller = null;
        this.render();
        if (Object.keys(this.fieldErrors).length > 0) this.focusFirstError();
        else if (reveal && this.shown) this.resultContainer.scrollIntoView({ block: 'start', behavior: 'smooth' });
      }
      end();
    }
  }

  private showApiError(error: unknown): void {
    this.fieldErrors = {};
    this.generalError = null;
    if (!(error instanceof ApiError)) {
      this.generalError = error instanceof Error ? error.message : String(error);
      return;
    }
    if (error.status === 0) {
      this.generalError = t('errorNetwork');
    } else if (error.status === 429) {
      this.generalError = error.retryAfterS ? t('pcErrorRateLimitedIn', { s: error.retryAfterS }) : t('pcErrorRateLimited');
    } else if (error.status === 422) {
      const detail = error.issues.find((issue) => fieldOfPath(issue.path) === 'location')?.message ?? error.message;
      this.fieldErrors.location = `${t('pcErrorOutside')} (${detail})`;
    } else if (error.status === 413) {
      this.generalError = t('pcErrorTooLarge');
    } else {
      const unplaced: string[] = [];
      for (const issue of error.issues) {
        const field = fieldOfPath(issue.path);
        if (field) this.fieldErrors[field] = this.fieldErrors[field] ? `${this.fieldErrors[field]}; ${issue.message}` : issue.message;
        else unplaced.push(`${issue.path}: ${issue.message}`);
      }
      if (unplaced.length > 0 || error.issues.length === 0) this.generalError = [error.message, ...unplaced].join(' · ');
    }
  }

  private focusFirstError(): void {
    const order: FieldKey[] = ['location', 'households', 'personsPerHousehold', 'population', 'plannedSlots'];
    const first = order.find((key) => this.fieldErrors[key]);
    if (!first) return;
    const target = this.form.querySelector<HTMLElement>(`[data-field="${first}"] input, [data-field="${first}"] button`);
    target?.focus();
  }

  // --- rendering ---------------------------------------------------------------------------------

  render(): void {
    const focusedId = document.activeElement instanceof HTMLElement && this.container.contains(document.activeElement) ? document.activeElement.id : '';
    const context = this.host.context();
    replaceChildren(this.form, this.locationSection(), this.residentsSection(context), this.actions(context));
    replaceChildren(this.resultContainer, this.shown ? this.resultCard(this.shown, context) : null);
    replaceChildren(
      this.container,
      h('h2', { className: 'panel-title' }, t('pcTitle'), context ? h('span', { className: 'panel-year' }, String(context.year)) : null),
      h('p', { className: 'pc-intro' }, t('pcIntro', { standard: formatTarget(context?.standardSlotsPer1000 ?? 10) })),
      this.form,
      this.resultContainer,
      this.projectsLine(),
    );
    if (focusedId) document.getElementById(focusedId)?.focus();
    this.fillPrintSheet();
  }

  private fieldError(key: FieldKey): HTMLElement | null {
    const message = this.fieldErrors[key];
    return message ? h('p', { className: 'pc-field-error', id: `pc-error-${key}`, role: 'alert' }, message) : null;
  }

  private segmented<T extends string>(name: string, options: { value: T; label: string }[], current: T, onChange: (value: T) => void): HTMLElement {
    return h(
      'div',
      { className: 'segmented segmented-full', role: 'radiogroup' },
      options.map((option) => {
        const id = `${name}-${option.value}`;
        const input = h('input', { type: 'radio', name, id, value: option.value, checked: option.value === current });
        input.addEventListener('change', () => {
          if (input.checked) onChange(option.value);
        });
        return h('span', { className: 'segment' }, input, h('label', { for: id }, option.label));
      }),
    );
  }

  private locationSection(): HTMLElement {
    const modes = this.segmented<LocationMode>(
      'pc-location-mode',
      [
        { value: 'point', label: t('pcModePoint') },
        { value: 'coordinates', label: t('pcModeCoordinates') },
        { value: 'footprint', label: t('pcModeFootprint') },
      ],
      this.locationMode,
      (mode) => {
        this.locationMode = mode;
        this.hover = null;
        this.locationChanged();
      },
    );
    modes.setAttribute('aria-label', t('pcLocation'));
    let body: (HTMLElement | null)[] = [];
    if (this.locationMode === 'point') {
      body = [
        h(
          'p',
          { className: `pc-hint${this.point ? ' pc-hint-set' : ''}`, id: 'pc-point-status' },
          this.point ? t('pcPointChosen', { lon: this.point[0].toFixed(6), lat: this.point[1].toFixed(6) }) : t('pcPointHint'),
        ),
      ];
    } else if (this.locationMode === 'coordinates') {
      const input = h('input', {
        type: 'text',
        id: 'pc-coordinates',
        className: 'input',
        inputmode: 'decimal',
        autocomplete: 'off',
        spellcheck: 'false',
        placeholder: '120.668114, 27.960868',
        'aria-describedby': 'pc-coordinates-hint',
        'aria-invalid': this.fieldErrors.location ? 'true' : null,
      });
      input.value = this.coordinatesText;
      input.addEventListener('input', () => {
        this.coordinatesText = input.value;
        delete this.fieldErrors.location;
        if (this.shown) this.stale = true;
        this.refreshMap(false);
        // Updated in place: re-rendering here would replace the field the user is moving to.
        const hint = this.form.querySelector('#pc-coordinates-hint');
        if (hint) hint.textContent = parseCoordinates(input.value)?.swapped ? t('pcCoordinatesSwapped') : t('pcCoordinatesHint');
      });
      const select = h(
        'select',
        { id: 'pc-crs' },
        COORDINATE_SYSTEMS.map((crs) => h('option', { value: crs, selected: crs === this.crs }, t(crsLabels[crs]))),
      );
      select.addEventListener('change', () => {
        this.crs = select.value as CoordinateSystem;
        this.locationChanged();
      });
      const locate = h('button', { type: 'button', className: 'button', id: 'pc-locate' }, t('pcLocate'));
      locate.addEventListener('click', () => {
        const position = this.coordinatesWgs84();
        if (position) this.host.flyTo(position);
        else {
          this.fieldErrors.location = this.coordinatesText.trim() === '' ? t('pcErrorCoordinatesEmpty') : t('pcErrorCoordinatesInvalid');
          this.render();
        }
      });
      const parsed = parseCoordinates(this.coordinatesText);
      body = [
        h(
          'div',
          { className: 'pc-row' },
          h('div', { className: 'field pc-grow' }, h('label', { for: 'pc-coordinates' }, t('pcCoordinates')), input),
          h('div', { className: 'field' }, h('label', { for: 'pc-crs' }, t('pcCrs')), select),
          locate,
        ),
        h(
          'p',
          { className: 'pc-hint', id: 'pc-coordinates-hint' },
          parsed?.swapped ? t('pcCoordinatesSwapped') : t('pcCoordinatesHint'),
        ),
      ];
    } else {
      const finish = h('button', { type: 'button', className: 'button', id: 'pc-finish', disabled: this.closed || this.vertices.length < 3 }, t('pcFinish'));
      finish.addEventListener('click', () => this.finishFootprint());
      const undo = h('button', { type: 'button', className: 'button', disabled: this.closed || this.vertices.length === 0 }, t('pcUndo'));
      undo.addEventListener('click', () => {
        this.vertices = this.vertices.slice(0, -1);
        this.locationChanged();
      });
      const clear = h('button', { type: 'button', className: 'button', disabled: this.vertices.length === 0 }, t('pcRedraw'));
      clear.addEventListener('click', () => {
        this.vertices = [];
        this.closed = false;
        this.hover = null;
        this.locationChanged();
      });
      const status = this.closed
        ? t('pcFootprintDone', { n: this.vertices.length })
        : this.vertices.length === 0
          ? t('pcFootprintHint')
          : t('pcFootprintDrawing', { n: this.vertices.length });
      body = [
        h('p', { className: `pc-hint${this.closed ? ' pc-hint-set' : ''}`, id: 'pc-footprint-status' }, status),
        h('div', { className: 'pc-row pc-draw-actions' }, finish, undo, clear),
      ];
    }
    return h(
      'fieldset',
      { className: `pc-section${this.fieldErrors.location ? ' has-error' : ''}`, 'data-field': 'location' },
      h('legend', {}, t('pcLocation')),
      modes,
      ...body,
      this.fieldError('location'),
    );
  }

  private numberInput(key: NumberKey, label: string, options: { placeholder?: string; hint?: string; step?: string } = {}): HTMLElement {
    const id = `pc-${key}`;
    const error = this.fieldErrors[key];
    const input = h('input', {
      type: 'text',
      inputmode: options.step === '1' ? 'numeric' : 'decimal',
      id,
      name: key,
      className: 'input',
      autocomplete: 'off',
      placeholder: options.placeholder ?? '',
      'aria-invalid': error ? 'true' : null,
      'aria-describedby': error ? `pc-error-${key}` : options.hint ? `${id}-hint` : null,
    });
    input.value = this.values[key];
    input.addEventListener('input', () => {
      this.values[key] = input.value;
      if (this.shown) this.stale = true;
      if (this.fieldErrors[key]) {
        delete this.fieldErrors[key];
        input.removeAttribute('aria-invalid');
        input.closest('.field')?.classList.remove('has-error');
        input.closest('.field')?.querySelector('.pc-field-error')?.remove();
      }
      this.resultContainer.querySelector('.pc-card')?.classList.toggle('is-stale', this.stale);
    });
    return h(
      'div',
      { className: `field${error ? ' has-error' : ''}`, 'data-field': key },
      h('label', { for: id }, label),
      input,
      options.hint ? h('span', { className: 'pc-hint pc-hint-small', id: `${id}-hint` }, options.hint) : null,
      this.fieldError(key),
    );
  }

  private residentsSection(context: ProjectCheckContext | null): HTMLElement {
    const modes = this.segmented<PopulationMode>(
      'pc-population-mode',
      [
        { value: 'households', label: t('pcByHouseholds') },
        { value: 'population', label: t('pcByPopulation') },
      ],
      this.populationMode,
      (mode) => {
        this.populationMode = mode;
        delete this.fieldErrors.households;
        delete this.fieldErrors.population;
        delete this.fieldErrors.personsPerHousehold;
        if (this.shown) this.stale = true;
        this.render();
      },
    );
    modes.setAttribute('aria-label', t('pcResidents'));
    const defaultPerHousehold = context?.personsPerHousehold ?? null;
    const residents =
      this.populationMode === 'households'
        ? [
            this.numberInput('households', t('pcHouseholds'), { placeholder: '1,000', step: '1' }),
            this.numberInput('personsPerHousehold', t('pcPersonsPerHousehold'), {
              placeholder: defaultPerHousehold === null ? '' : String(defaultPerHousehold),
              hint: defaultPerHousehold === null ? undefined : t('pcPersonsDefault', { n: String(defaultPerHousehold) }),
            }),
          ]
        : [this.numberInput('population', t('pcPopulationInput'), { placeholder: '2,800' })];
    return h(
      'fieldset',
      { className: 'pc-section' },
      h('legend', {}, t('pcResidents')),
      modes,
      h('div', { className: 'pc-grid' }, ...residents, this.numberInput('plannedSlots', t('pcPlannedSlots'), { placeholder: '0', step: '1' })),
    );
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

  // --- the result card ---------------------------------------------------------------------------

  private resultCard(shown: Shown, context: ProjectCheckContext | null): HTMLElement {
    const r = shown.result;
    const project = shown.kind === 'project' ? shown.result : null;
    const populationWhere =
      r.populationSource === 'households'
        ? t(r.personsPerHouseholdSource === 'project' ? 'pcFromHouseholdsGiven' : 'pcFromHouseholdsDefault', {
            households: formatInteger(r.households),
            perHousehold: String(r.personsPerHousehold),
          })
        : t(project ? 'pcFromPopulationData' : 'pcFromPopulationGiven');

    const verdict = h(
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
        ? h(
            'div',
            { className: 'pc-shortfall' },
            h('span', { className: 'pc-shortfall-value' }, `+${formatInteger(r.plannedSlots - r.requiredSlots)}`),
            h('span', { className: 'pc-shortfall-label' }, t('pcAboveRequired')),
          )
        : h(
            'div',
            { className: 'pc-shortfall' },
            h('span', { className: 'pc-shortfall-value', 'data-testid': 'pc-shortfall' }, formatInteger(r.shortfall)),
            h('span', { className: 'pc-shortfall-label' }, t('pcShortfallSlots')),
          ),
    );

    const figures = h(
      'dl',
      { className: 'pc-figures' },
      h(
        'div',
        { className: 'pc-figure' },
        h('dt', {}, t('pcPopulation')),
        h('dd', {}, h('span', { className: 'pc-figure-value', 'data-testid': 'pc-population' }, formatInteger(r.population)), h('span', { className: 'pc-figure-detail' }, populationWhere)),
      ),
      h(
        'div',
        { className: 'pc-figure' },
        h('dt', {}, t('pcRequired')),
        h(
          'dd',
          {},
          h('span', { className: 'pc-figure-value', 'data-testid': 'pc-required' }, formatInteger(r.requiredSlots)),
          h('span', { className: 'pc-figure-detail' }, `⌈${formatInteger(r.population)} × ${formatTarget(r.standardSlotsPer1000)} ÷ 1000⌉`),
        ),
      ),
      h(
        'div',
        { className: `pc-figure${r.compliant ? '' : ' is-short'}` },
        h('dt', {}, t('pcPlanned')),
        h('dd', {}, h('span', { className: 'pc-figure-value', 'data-testid': 'pc-planned' }, formatInteger(r.plannedSlots)), h('span', { className: 'pc-figure-detail' }, t('pcPlannedDetail'))),
      ),
    );

    const heading = h(
      'div',
      { className: 'pc-card-head' },
      h('h3', {}, project ? project.name : t('pcResultTitle')),
      h(
        'p',
        { className: 'pc-card-meta' },
        [
          project ? `${tMaybe(`pcStatus_${project.status}`, project.status)}${project.projectYear ? ` · ${project.projectYear}` : ''}` : null,
          r.township ? `${r.township.name}（${r.township.code}）` : null,
          t('pcCheckYear', { year: r.year }),
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    );

    // The server's caveats in the page language; the first (free capacity is not modelled) is always there.
    const notes = serverTexts(r.notes, r.notesZh);
    const card = h(
      'article',
      { className: `pc-card${this.stale ? ' is-stale' : ''}`, id: 'project-check-result', 'data-testid': 'pc-result' },
      heading,
      this.stale ? h('p', { className: 'pc-stale-note no-print' }, t('pcStale')) : null,
      verdict,
      figures,
      r.crs.converted ? h('p', { className: 'pc-crs-note' }, t('pcCrsConverted', { crs: r.crs.input, lon: r.site[0].toFixed(6), lat: r.site[1].toFixed(6) })) : null,
      r.township?.footprintShare !== null && r.township?.footprintShare !== undefined
        ? h('p', { className: 'pc-crs-note' }, t('pcFootprintShare', { share: formatShare(r.township.footprintShare), name: r.township.name }))
        : null,
      this.townshipImpact(r),
      this.walkingAccess(r),
      notes.length > 0 ? h('ul', { className: 'pc-notes' }, notes.map((note) => h('li', {}, note))) : null,
      this.explanation(r),
      h(
        'p',
        { className: 'pc-card-foot' },
        t('pcDataVersion', { name: context?.jurisdictionName ?? '', version: r.dataVersion }),
        r.approximate ? ` · ${t('approximate')}` : '',
      ),
    );
    return card;
  }

  private townshipImpact(r: ComplianceResult): HTMLElement | null {
    const impact = r.townshipImpact;
    if (!impact || !r.township) return null;
    const change = impact.slotsPer1000Change;
    const changeText = change === null ? '–' : `${change > 0 ? '+' : change < 0 ? '−' : '±'}${formatDecimal(Math.abs(change), 2)}`;
    const row = (label: string, before: string | Node, after: string | Node, extra: string | Node = '', className = ''): HTMLElement =>
      h('tr', { className }, h('th', { scope: 'row' }, label), h('td', {}, before), h('td', {}, after), h('td', { className: 'pc-change' }, extra));
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
        h('span', { className: 'pc-block-sub' }, impact.target === null ? t('targetNone') : t('pcTargetYear', { year: impact.year, target: formatTarget(impact.target) })),
      ),
      h(
        'table',
        { className: 'pc-impact' },
        h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', { scope: 'col' }, t('pcBefore')), h('th', { scope: 'col' }, t('pcAfter')), h('th', { scope: 'col' }, t('pcChange')))),
        h(
          'tbody',
          {},
          row(t('population'), formatInteger(impact.before.population), formatInteger(impact.after.population), `+${formatInteger(impact.after.population - impact.before.population)}`),
          row(t('slots'), formatInteger(impact.before.slots), formatInteger(impact.after.slots), `+${formatInteger(impact.after.slots - impact.before.slots)}`),
          row(t('slotsPer1000'), per1000(impact.before), per1000(impact.after), h('strong', { className: change !== null && change < 0 ? 'is-down' : 'is-up' }, changeText), 'pc-impact-key'),
          row(t('gap'), formatInteger(impact.before.slotGap), formatInteger(impact.after.slotGap), impact.before.slotGap !== null && impact.after.slotGap !== null ? signed(impact.after.slotGap - impact.before.slotGap) : '–'),
        ),
      ),
    );
  }

  private walkingAccess(r: ComplianceResult): HTMLElement {
    const thresholds = Object.keys(r.coveredWithin).map(Number).sort((a, b) => a - b);
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

  private explanation(r: ComplianceResult): HTMLElement {
    const copy = h('button', { type: 'button', className: 'button button-small no-print', id: 'pc-copy' }, this.copied ? t('pcCopied') : t('pcCopy'));
    copy.addEventListener('click', () => {
      void copyText(r.explanation).then((ok) => {
        this.copied = ok;
        copy.textContent = ok ? t('pcCopied') : t('pcCopyFailed');
        window.setTimeout(() => {
          this.copied = false;
          copy.textContent = t('pcCopy');
        }, COPIED_FEEDBACK_MS);
      });
    });
    const print = h('button', { type: 'button', className: 'button button-small no-print', id: 'pc-print' }, t('pcPrint'));
    print.addEventListener('click', () => void this.print());
    return h(
      'section',
      { className: 'pc-block pc-explanation-block' },
      h('h4', {}, t('pcExplanation'), h('span', { className: 'pc-block-actions' }, copy, print)),
      h('p', { className: 'pc-explanation', 'data-testid': 'pc-explanation', lang: getLocale() === 'zh' ? 'zh-CN' : 'en' }, r.explanation),
    );
  }

  // --- print -------------------------------------------------------------------------------------

  private async print(): Promise<void> {
    this.lastSnapshot = (await this.host.snapshot()) ?? this.lastSnapshot;
    this.fillPrintSheet();
    window.print();
  }

  /**
   * The one-page A4 sheet, kept filled while a result is shown (print.css shows it instead of the app):
   * a title, a copy of the card, and the latest map snapshot when the browser gave one.
   */
  private fillPrintSheet(): void {
    const card = this.resultContainer.querySelector('.pc-card');
    if (!card || !this.shown) {
      replaceChildren(this.printSheet);
      return;
    }
    const context = this.host.context();
    const printed = new Date().toLocaleDateString(getLocale() === 'zh' ? 'zh-CN' : 'en-GB');
    replaceChildren(
      this.printSheet,
      h(
        'header',
        { className: 'print-head' },
        h('div', { className: 'brand-mark', 'aria-hidden': 'true' }, '托'),
        h('div', {}, h('h1', {}, t('pcPrintTitle')), h('p', {}, `${context?.jurisdictionName ?? ''} · ${t('pcPrinted', { date: printed })}`)),
      ),
      printCopy(card, this.lastSnapshot ? h('img', { className: 'print-map', src: this.lastSnapshot, alt: t('mapLabel') }) : null),
    );
  }
}

/**
 * A copy of the card for the print sheet, without ids and test ids (they must stay unique in the page),
 * with the map picture beside the explanation.
 */
function printCopy(card: Element, map: HTMLElement | null): Node {
  const copy = card.cloneNode(true) as Element;
  for (const element of [copy, ...copy.querySelectorAll('[id], [data-testid]')]) {
    element.removeAttribute('id');
    element.removeAttribute('data-testid');
  }
  if (map) copy.querySelector('.pc-explanation-block')?.after(map);
  copy.classList.toggle('has-map', map !== null);
  return copy;
}

function signed(value: number): string {
  return value > 0 ? `+${formatInteger(value)}` : value < 0 ? `−${formatInteger(-value)}` : '±0';
}

/** Metres between two nearby WGS84 points (equirectangular; for click tolerances, not for analysis). */
function distanceM(a: LonLat, b: LonLat): number {
  const metresPerDegree = 111_320;
  const dx = (b[0] - a[0]) * metresPerDegree * Math.cos(((a[1] + b[1]) / 2) * (Math.PI / 180));
  const dy = (b[1] - a[1]) * metresPerDegree;
  return Math.hypot(dx, dy);
}
