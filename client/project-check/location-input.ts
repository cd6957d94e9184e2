/**
 * Where the project is, entered one of three ways: a point clicked on the map, coordinates pasted in
 * WGS84 / GCJ-02 / BD-09, or a footprint drawn corner by corner (closed by clicking the first corner, by
 * a double-click or by "finish"). The entry is drawn on the map as a draft (WGS84) while it is edited.
 */
import type { ComplianceRequest, CoordinateSystem } from '../api/types';
import { t } from '../i18n/i18n';
import type { LocationDraft, LonLat } from '../layers/project-check';
import { h } from '../panels/dom';
import { segmented } from '../panels/segmented';
import { COORDINATE_SYSTEMS, crsLabels, distanceM, parseCoordinates, pastedWgs84 } from './coordinates';
import type { FieldErrors, FieldMessages } from './fields';
import type { GeoJsonPolygon, Picking } from './host';

type LocationMode = 'point' | 'coordinates' | 'footprint';

/** The location part of the request, read from the entry. */
export interface LocationPart {
  location: ComplianceRequest['location'];
  footprint: GeoJsonPolygon | null;
  crs: CoordinateSystem;
}

/** What the location entry needs from the panel. */
export interface LocationInputHost {
  /** The location was edited: a shown result is out of date, and the draft is drawn again. */
  edited(): void;
  /** Only the draft is drawn again (the pointer moved while drawing). */
  redraw(): void;
  /** What map clicks do may have changed. */
  pickingChanged(): void;
  render(): void;
  flyTo(position: LonLat): void;
}

export class LocationInput {
  private mode: LocationMode = 'point';
  private point: LonLat | null = null;
  private coordinatesText = '';
  private crs: CoordinateSystem = 'WGS84';
  private vertices: LonLat[] = [];
  private closed = false;
  /** The pointer while drawing: the rubber band from the last corner. */
  private hover: LonLat | null = null;

  constructor(
    private readonly errors: FieldErrors,
    private readonly host: LocationInputHost,
  ) {}

  /** Forgets the location entered (the way of entering it and the coordinate system stay). */
  clear(): void {
    this.point = null;
    this.vertices = [];
    this.closed = false;
    this.hover = null;
    this.coordinatesText = '';
  }

  /** A click on the map. Returns true when the entry used it. */
  handleMapClick(position: LonLat, toleranceM: number): boolean {
    if (this.mode === 'point') {
      this.point = position;
      this.changed();
      return true;
    }
    if (this.mode === 'footprint' && !this.closed) {
      const last = this.vertices.at(-1);
      const first = this.vertices[0];
      if (last && distanceM(last, position) <= toleranceM) return true; // second click of a double-click
      if (first && this.vertices.length >= 3 && distanceM(first, position) <= toleranceM) {
        this.finishFootprint();
        return true;
      }
      this.vertices = [...this.vertices, position];
      this.changed();
      return true;
    }
    return false;
  }

  /** A double-click on the map: finishes the footprint being drawn. True when used. */
  handleMapDoubleClick(): boolean {
    if (this.mode !== 'footprint' || this.closed) return false;
    this.finishFootprint();
    return true;
  }

  /** Pointer movement: while drawing, the rubber band follows it. */
  handleMapMove(position: LonLat | null): void {
    if (this.mode !== 'footprint' || this.closed || this.vertices.length === 0) return;
    this.hover = position;
    this.host.redraw();
  }

  /** What map clicks do now. */
  picking(): Picking {
    if (this.mode === 'point') return 'point';
    if (this.mode === 'footprint' && !this.closed) return 'draw';
    return null;
  }

  /** The entry as drawn on the map (WGS84). */
  draft(): LocationDraft {
    if (this.mode === 'point') return { point: this.point, vertices: [], closed: false, hover: null };
    if (this.mode === 'coordinates')
      return { point: pastedWgs84(this.coordinatesText, this.crs), vertices: [], closed: false, hover: null };
    return { point: null, vertices: this.vertices, closed: this.closed, hover: this.closed ? null : this.hover };
  }

  /** The location for the request, or null with the reason in `errors.location`. */
  read(errors: FieldMessages): LocationPart | null {
    if (this.mode === 'point') {
      if (this.point) return { location: this.point, footprint: null, crs: 'WGS84' };
      errors.location = t('pcErrorPickPoint');
      return null;
    }
    if (this.mode === 'coordinates') {
      const parsed = parseCoordinates(this.coordinatesText);
      if (parsed) return { location: parsed.position, footprint: null, crs: this.crs };
      errors.location = this.coordinatesError();
      return null;
    }
    if (!this.closed || this.vertices.length < 3) {
      errors.location = this.vertices.length < 3 ? t('pcErrorFootprintVertices') : t('pcErrorFootprintOpen');
      return null;
    }
    const footprint: GeoJsonPolygon = { type: 'Polygon', coordinates: [[...this.vertices, this.vertices[0]!]] };
    return { location: footprint, footprint, crs: 'WGS84' };
  }

  /** The form's "location" fieldset: the three ways, the one chosen, and the location's error. */
  render(): HTMLElement {
    const modes = segmented<LocationMode>(
      'pc-location-mode',
      t('pcLocation'),
      [
        { value: 'point', label: t('pcModePoint') },
        { value: 'coordinates', label: t('pcModeCoordinates') },
        { value: 'footprint', label: t('pcModeFootprint') },
      ],
      this.mode,
      (mode) => {
        this.mode = mode;
        this.hover = null;
        this.changed();
      },
    );
    const body = this.mode === 'point' ? this.pointBody() : this.mode === 'coordinates' ? this.coordinatesBody() : this.footprintBody();
    return h(
      'fieldset',
      { className: `pc-section${this.errors.get('location') ? ' has-error' : ''}`, 'data-field': 'location' },
      h('legend', {}, t('pcLocation')),
      modes,
      ...body,
      this.errors.element('location'),
    );
  }

  private changed(): void {
    this.errors.clear('location');
    this.host.edited();
    this.host.pickingChanged();
    this.host.render();
  }

  private finishFootprint(): void {
    if (this.vertices.length < 3) {
      this.errors.set('location', t('pcErrorFootprintVertices'));
      this.host.render();
      return;
    }
    this.closed = true;
    this.hover = null;
    this.changed();
  }

  private coordinatesError(): string {
    return this.coordinatesText.trim() === '' ? t('pcErrorCoordinatesEmpty') : t('pcErrorCoordinatesInvalid');
  }

  private pointBody(): HTMLElement[] {
    return [
      h(
        'p',
        { className: `pc-hint${this.point ? ' pc-hint-set' : ''}`, id: 'pc-point-status' },
        this.point ? t('pcPointChosen', { lon: this.point[0].toFixed(6), lat: this.point[1].toFixed(6) }) : t('pcPointHint'),
      ),
    ];
  }

  private coordinatesBody(): HTMLElement[] {
    const hintText = (text: string): string => (parseCoordinates(text)?.swapped ? t('pcCoordinatesSwapped') : t('pcCoordinatesHint'));
    const hint = h('p', { className: 'pc-hint', id: 'pc-coordinates-hint' }, hintText(this.coordinatesText));
    const input = h('input', {
      type: 'text',
      id: 'pc-coordinates',
      className: 'input',
      inputmode: 'decimal',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: '120.668114, 27.960868',
      'aria-describedby': 'pc-coordinates-hint',
      'aria-invalid': this.errors.get('location') ? 'true' : null,
    });
    input.value = this.coordinatesText;
    input.addEventListener('input', () => {
      this.coordinatesText = input.value;
      this.errors.clear('location');
      this.host.edited();
      // Updated in place: re-rendering here would replace the field the user is moving to.
      hint.textContent = hintText(input.value);
    });
    const select = h(
      'select',
      { id: 'pc-crs' },
      COORDINATE_SYSTEMS.map((crs) => h('option', { value: crs, selected: crs === this.crs }, t(crsLabels[crs]))),
    );
    select.addEventListener('change', () => {
      this.crs = select.value as CoordinateSystem;
      this.changed();
    });
    const locate = h('button', { type: 'button', className: 'button', id: 'pc-locate' }, t('pcLocate'));
    locate.addEventListener('click', () => {
      const position = pastedWgs84(this.coordinatesText, this.crs);
      if (position) this.host.flyTo(position);
      else {
        this.errors.set('location', this.coordinatesError());
        this.host.render();
      }
    });
    return [
      h(
        'div',
        { className: 'pc-row' },
        h('div', { className: 'field pc-grow' }, h('label', { for: 'pc-coordinates' }, t('pcCoordinates')), input),
        h('div', { className: 'field' }, h('label', { for: 'pc-crs' }, t('pcCrs')), select),
        locate,
      ),
      hint,
    ];
  }

  private footprintBody(): HTMLElement[] {
    const count = this.vertices.length;
    const finish = h('button', { type: 'button', className: 'button', id: 'pc-finish', disabled: this.closed || count < 3 }, t('pcFinish'));
    finish.addEventListener('click', () => this.finishFootprint());
    const undo = h('button', { type: 'button', className: 'button', disabled: this.closed || count === 0 }, t('pcUndo'));
    undo.addEventListener('click', () => {
      this.vertices = this.vertices.slice(0, -1);
      this.changed();
    });
    const redraw = h('button', { type: 'button', className: 'button', disabled: count === 0 }, t('pcRedraw'));
    redraw.addEventListener('click', () => {
      this.vertices = [];
      this.closed = false;
      this.hover = null;
      this.changed();
    });
    const status = this.closed
      ? t('pcFootprintDone', { n: count })
      : count === 0
        ? t('pcFootprintHint')
        : t('pcFootprintDrawing', { n: count });
    return [
      h('p', { className: `pc-hint${this.closed ? ' pc-hint-set' : ''}`, id: 'pc-footprint-status' }, status),
      h('div', { className: 'pc-row pc-draw-actions' }, finish, undo, redraw),
    ];
  }
}
