/**
 * The facility registry: the list with search and a status filter, and beside it the selected
 * facility's form. Anyone may read; a signed-in bureau may edit attributes, close a facility and add
 * one (position typed or clicked on the map), and sees the facility's history.
 *
 * Edits send the version the form was filled from. When someone else changed the facility meanwhile
 * the server answers 409 with the current facility: the form then shows their values beside the
 * user's changes and lets the user apply the changes again on the current version, or drop them.
 */
import { ApiError } from '../../api/client';
import { formatInteger } from '../../i18n/i18n';
import { h, replaceChildren } from '../../panels/dom';
import { RequestError } from '../../auth/session';
import {
  closeFacility,
  createFacility,
  facilityStatuses,
  fetchFacilityHistory,
  updateFacility,
  type AuditEntry,
  type FacilityChanges,
  type FacilityEditResult,
  type FacilityRecord,
} from '../api';
import { td } from '../messages';
import {
  attributes,
  attributeText,
  changesOf,
  createBodyOf,
  draftOf,
  emptyDraft,
  fieldElement,
  parseDraft,
  type FacilityDraft,
  type FieldName,
} from './facility-form';
import { renderHistory } from './facility-history';
import { typedNumberOrNull } from '../../i18n/parse-number';

export interface RegistryContext {
  jurisdictionId: () => string | null;
  year: () => number | null;
  townshipName: (code: string | null) => string;
  /** Called after every successful edit, before the form re-renders (refreshes indicators, map…). */
  edited: (result: FacilityEditResult) => Promise<void>;
  /** Lets the next map click give a position (null cancels). */
  pickOnMap: (handler: ((lonLat: [number, number]) => void) | null) => void;
  /** Shows the facility on the map (null: none). */
  showOnMap: (record: FacilityRecord | null) => void;
}

interface Conflict {
  /** The facility as the user read it, as it is now, and the user's changes to the first. */
  basis: FacilityRecord;
  current: FacilityRecord;
  changes: FacilityChanges;
}

type StatusFilter = 'all' | (typeof facilityStatuses)[number];

export class FacilityRegistry {
  private records: FacilityRecord[] = [];
  private query = '';
  private statusFilter: StatusFilter = 'all';
  private selectedId: string | null = null;
  private creating = false;
  private draft: FacilityDraft | null = null;
  private fieldErrors: Partial<Record<FieldName | 'closeYear', string>> = {};
  /** Messages as functions, so they follow a language switch. */
  private generalError: (() => string) | null = null;
  private message: (() => string) | null = null;
  private conflict: Conflict | null = null;
  private history: AuditEntry[] | null = null;
  private historyError: string | null = null;
  private canEdit = false;
  private busy = false;
  private picking = false;
  private confirmClose = false;
  private closeYear = '';
  private readonly listBody: HTMLElement;
  private readonly editor: HTMLElement;
  private readonly toolbar: HTMLElement;

  constructor(
    container: HTMLElement,
    private readonly context: RegistryContext,
  ) {
    this.toolbar = h('div', { className: 'reg-toolbar' });
    this.listBody = h('div', { className: 'reg-list-scroll' });
    this.editor = h('div', { className: 'reg-editor', id: 'facility-editor', 'aria-live': 'polite' });
    replaceChildren(container, h('div', { className: 'reg-list' }, this.toolbar, this.listBody), this.editor);
  }

  setRecords(records: FacilityRecord[]): void {
    this.records = records;
    const selected = this.selected();
    if (this.selectedId !== null && !selected) this.select(null);
    this.render();
  }

  setCanEdit(canEdit: boolean): void {
    if (canEdit === this.canEdit) return;
    this.canEdit = canEdit;
    if (!canEdit) {
      this.creating = false;
      this.stopPicking();
    }
    this.history = null;
    this.historyError = null;
    if (canEdit && this.selectedId) void this.loadHistory();
    this.render();
  }

  /** Selects a facility by id (e.g. clicked on the map). */
  select(id: string | null): void {
    this.selectedId = id;
    this.creating = false;
    this.stopPicking();
    const record = this.selected();
    this.resetForm(record);
    this.context.showOnMap(record ?? null);
    this.history = null;
    this.historyError = null;
    if (record && this.canEdit) void this.loadHistory();
    this.render();
  }

  render(): void {
    this.renderToolbar();
    this.renderList();
    this.renderEditor();
  }

  private selected(): FacilityRecord | undefined {
    return this.records.find((record) => record.id === this.selectedId);
  }

  private resetForm(record: FacilityRecord | null | undefined): void {
    this.draft = record ? draftOf(record) : null;
    this.fieldErrors = {};
    this.generalError = null;
    this.message = null;
    this.conflict = null;
    this.confirmClose = false;
    this.closeYear = String(this.context.year() ?? '');
  }

  private stopPicking(): void {
    if (!this.picking) return;
    this.picking = false;
    this.context.pickOnMap(null);
  }

  // --- list ------------------------------------------------------------------------------------

  private renderToolbar(): void {
    // Rendered once and kept, so typing in the search box never loses focus.
    if (this.toolbar.childElementCount > 0) {
      this.toolbar.querySelector('.reg-count')!.textContent = td('facilityCount', {
        shown: formatInteger(this.visible().length),
        total: formatInteger(this.records.length),
      });
      this.toolbar.querySelector<HTMLButtonElement>('#facility-add')!.hidden = !this.canEdit;
      return;
    }
    const search = h('input', {
      id: 'facility-search',
      type: 'search',
      className: 'input',
      placeholder: td('searchPlaceholder'),
      'aria-label': td('searchLabel'),
      autocomplete: 'off',
    });
    search.addEventListener('input', () => {
      this.query = search.value;
      this.renderList();
      this.renderToolbar();
    });
    const filter = h(
      'select',
      { id: 'facility-status-filter', 'aria-label': td('facStatus') },
      h('option', { value: 'all' }, td('statusAll')),
      facilityStatuses.map((status) => h('option', { value: status }, attributeText('status', status))),
    );
    filter.addEventListener('change', () => {
      this.statusFilter = filter.value as StatusFilter;
      this.renderList();
      this.renderToolbar();
    });
    const add = h(
      'button',
      { type: 'button', id: 'facility-add', className: 'button button-primary', hidden: !this.canEdit },
      td('addFacility'),
    );
    add.addEventListener('click', () => this.startCreate());
    replaceChildren(this.toolbar, search, filter, add, h('span', { className: 'reg-count' }));
    this.renderToolbar();
  }

  /** Rebuilds the toolbar (after a language switch). */
  renderText(): void {
    replaceChildren(this.toolbar);
    this.render();
  }

  private visible(): FacilityRecord[] {
    const query = this.query.trim().toLowerCase();
    return this.records.filter((record) => {
      if (this.statusFilter !== 'all' && record.status !== this.statusFilter) return false;
      if (!query) return true;
      return [record.id, record.name, this.context.townshipName(record.township), record.grade ?? ''].some((value) =>
        value.toLowerCase().includes(query),
      );
    });
  }

  private renderList(): void {
    const rows = this.visible();
    const table = h(
      'table',
      { id: 'facility-table', className: 'db-table reg-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, td('facId')),
          h('th', { scope: 'col' }, td('facName')),
          h('th', { scope: 'col' }, td('colTownship')),
          h('th', { scope: 'col' }, td('facStatus')),
          h('th', { scope: 'col', className: 'numeric' }, td('facSlots')),
          h('th', { scope: 'col', className: 'numeric' }, td('facInclusiveSlotsShort')),
          h('th', { scope: 'col' }, td('facGrade')),
        ),
      ),
      h(
        'tbody',
        {},
        rows.length === 0
          ? h('tr', {}, h('td', { colspan: 7, className: 'db-empty' }, td('noFacilities')))
          : rows.map((record) => {
              const tr = h(
                'tr',
                { 'data-id': record.id, tabindex: 0, className: record.id === this.selectedId ? 'selected' : null },
                h('td', { className: 'reg-id' }, record.id),
                h('th', { scope: 'row' }, record.name),
                h('td', {}, this.context.townshipName(record.township)),
                h('td', {}, h('span', { className: `fac-status fac-status-${record.status}` }, attributeText('status', record.status))),
                h('td', { className: 'numeric' }, formatInteger(record.slots)),
                h('td', { className: 'numeric' }, formatInteger(record.inclusiveSlots)),
                h('td', {}, record.grade ?? '—'),
              );
              tr.addEventListener('click', () => this.select(record.id));
              tr.addEventListener('keydown', (event) => {
                if (event.key === 'Enter') this.select(record.id);
              });
              return tr;
            }),
      ),
    );
    replaceChildren(this.listBody, table);
  }

  // --- editor ----------------------------------------------------------------------------------

  private startCreate(): void {
    this.selectedId = null;
    this.context.showOnMap(null);
    this.creating = true;
    this.resetForm(null);
    this.draft = emptyDraft(this.context.year() ?? new Date().getFullYear());
    this.history = null;
    this.render();
    this.editor.querySelector<HTMLInputElement>('#fac-name')?.focus();
  }

  private onInput = (name: FieldName, value: string): void => {
    if (!this.draft) return;
    this.draft[name] = value;
    if (name === 'type' || name === 'status' || name === 'crs') this.renderEditor();
  };

  private renderEditor(): void {
    const record = this.selected();
    if (!this.creating && !record) {
      replaceChildren(
        this.editor,
        h(
          'div',
          { className: 'reg-placeholder' },
          h('p', {}, td('selectFacility')),
          this.canEdit ? null : h('p', { className: 'db-hint' }, td('signInToEdit')),
        ),
      );
      return;
    }
    const draft = this.draft!;
    const disabled = !this.canEdit || this.busy;
    const fields = attributes.map((attribute) =>
      fieldElement(attribute.name, td(attribute.label), draft, this.fieldErrors[attribute.name], disabled, this.onInput),
    );
    const heading = this.creating
      ? h('div', { className: 'reg-editor-head' }, h('h3', {}, td('newFacility')))
      : h(
          'div',
          { className: 'reg-editor-head' },
          h('h3', {}, record!.name),
          h(
            'span',
            { className: 'reg-meta' },
            `${record!.id} · ${this.context.townshipName(record!.township)} · ${td('versionN', { n: record!.version })}`,
          ),
        );
    const position = this.creating ? this.positionFields(draft, disabled) : null;
    const save = h(
      'button',
      { type: 'submit', id: 'facility-save', className: 'button button-primary', disabled },
      this.creating ? td('createFacility') : td('saveChanges'),
    );
    const cancel = this.creating ? h('button', { type: 'button', className: 'button', disabled: this.busy }, td('cancel')) : null;
    cancel?.addEventListener('click', () => {
      this.creating = false;
      this.stopPicking();
      this.render();
    });
    const form = h(
      'form',
      { id: 'facility-form', className: 'reg-form', novalidate: true },
      h('div', { className: 'db-form-grid reg-grid' }, fields, position),
      this.conflict ? this.conflictBox(this.conflict) : null,
      this.generalError ? h('p', { className: 'pc-field-error', role: 'alert', id: 'facility-error' }, this.generalError()) : null,
      this.message ? h('p', { className: 'db-ok', role: 'status', id: 'facility-message' }, this.message()) : null,
      this.canEdit ? h('div', { className: 'db-form-actions' }, cancel, save) : h('p', { className: 'db-hint' }, td('signInToEdit')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void (this.creating ? this.create() : this.save());
    });
    replaceChildren(
      this.editor,
      heading,
      form,
      !this.creating && record && this.canEdit ? this.closeBlock(record) : null,
      !this.creating && record && this.canEdit
        ? h('section', { className: 'reg-history-block' }, h('h4', {}, td('historyTitle')), renderHistory(this.history, this.historyError))
        : null,
    );
  }

  private positionFields(draft: FacilityDraft, disabled: boolean): HTMLElement[] {
    const pick = h(
      'button',
      { type: 'button', id: 'facility-pick', className: `button${this.picking ? ' button-primary' : ''}`, disabled },
      this.picking ? td('pickingOnMap') : td('pickOnMap'),
    );
    pick.addEventListener('click', () => {
      if (this.picking) {
        this.stopPicking();
        this.renderEditor();
        return;
      }
      this.picking = true;
      this.context.pickOnMap(([lon, lat]) => {
        this.picking = false;
        if (!this.draft) return;
        this.draft.lon = String(lon);
        this.draft.lat = String(lat);
        this.draft.crs = 'WGS84';
        delete this.fieldErrors.lon;
        delete this.fieldErrors.lat;
        this.renderEditor();
      });
      this.renderEditor();
    });
    return [
      fieldElement('lon', td('facLon'), draft, this.fieldErrors.lon, disabled, this.onInput),
      fieldElement('lat', td('facLat'), draft, this.fieldErrors.lat, disabled, this.onInput),
      fieldElement('crs', td('facCrs'), draft, this.fieldErrors.crs, disabled, this.onInput),
      h('div', { className: 'field reg-pick' }, h('span', { className: 'field-label' }, '\u00a0'), pick),
    ];
  }

  private closeBlock(record: FacilityRecord): HTMLElement {
    if (record.status === 'closed') {
      return h('p', { className: 'db-hint reg-closed' }, td('alreadyClosed', { year: record.closedYear ?? '—' }));
    }
    const error = this.fieldErrors.closeYear;
    const year = h('input', {
      id: 'fac-close-year',
      className: 'input',
      inputmode: 'numeric',
      value: this.closeYear,
      disabled: this.busy,
      'aria-invalid': error ? 'true' : null,
    });
    year.addEventListener('input', () => {
      this.closeYear = year.value;
    });
    const button = h(
      'button',
      { type: 'button', id: 'facility-close', className: `button ${this.confirmClose ? 'button-danger' : ''}`, disabled: this.busy },
      this.confirmClose ? td('confirmClose') : td('closeFacility'),
    );
    button.addEventListener('click', () => {
      if (!this.confirmClose) {
        this.confirmClose = true;
        this.renderEditor();
        return;
      }
      void this.close(record);
    });
    return h(
      'section',
      { className: 'reg-close' },
      h(
        'div',
        { className: `field${error ? ' has-error' : ''}` },
        h('label', { for: 'fac-close-year' }, td('closeFromYear')),
        year,
        error ? h('p', { className: 'pc-field-error' }, error) : null,
      ),
      button,
      this.confirmClose ? h('p', { className: 'db-hint' }, td('closeHint')) : null,
    );
  }

  /** Their edit beside the user's: every attribute either changed, as read, as it is now, and as the user wants it. */
  private conflictBox(conflict: Conflict): HTMLElement {
    const { basis, current, changes } = conflict;
    const mine = new Set(Object.keys(changes));
    const names = attributes.map((attribute) => attribute.name).filter((name) => mine.has(name) || basis[name] !== current[name]);
    const reapply = h(
      'button',
      { type: 'button', id: 'facility-reapply', className: 'button button-primary', disabled: this.busy },
      td('reapply'),
    );
    reapply.addEventListener('click', () => void this.patch(current, changes));
    const discard = h('button', { type: 'button', className: 'button', disabled: this.busy }, td('discardMine'));
    discard.addEventListener('click', () => {
      this.resetForm(current);
      this.render();
    });
    return h(
      'div',
      { className: 'reg-conflict', role: 'alert', id: 'facility-conflict' },
      h('strong', {}, td('conflictTitle')),
      h('p', {}, td('conflictText', { version: current.version })),
      h(
        'table',
        { className: 'reg-conflict-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, td('conflictField')),
            h('th', {}, td('conflictRead', { version: basis.version })),
            h('th', {}, td('conflictCurrent')),
            h('th', {}, td('conflictMine')),
          ),
        ),
        h(
          'tbody',
          {},
          names.map((name) => {
            const label = attributes.find((attribute) => attribute.name === name)!.label;
            const theirs = basis[name] !== current[name];
            return h(
              'tr',
              {},
              h('th', { scope: 'row' }, td(label)),
              h('td', {}, attributeText(name, basis[name])),
              h('td', { className: theirs ? 'reg-conflict-changed' : null }, attributeText(name, current[name])),
              h(
                'td',
                { className: mine.has(name) ? 'reg-conflict-changed' : null },
                mine.has(name) ? attributeText(name, changes[name]) : td('unchanged'),
              ),
            );
          }),
        ),
      ),
      h('div', { className: 'db-form-actions' }, discard, reapply),
    );
  }

  // --- actions ---------------------------------------------------------------------------------

  private async save(): Promise<void> {
    const record = this.selected();
    if (!record || !this.draft) return;
    const { values, errors } = parseDraft(this.draft);
    if (Object.keys(errors).length > 0) {
      this.fieldErrors = errors;
      this.generalError = null;
      this.message = null;
      this.renderEditor();
      return;
    }
    const changes = changesOf(record, values);
    if (Object.keys(changes).length === 0) {
      this.fieldErrors = {};
      this.message = () => td('nothingChanged');
      this.renderEditor();
      return;
    }
    await this.patch(record, changes);
  }

  /** Sends `changes` based on `basis`'s version; a 409 opens the conflict box with the current facility. */
  private async patch(basis: FacilityRecord, changes: FacilityChanges): Promise<void> {
    const id = this.context.jurisdictionId();
    if (!id) return;
    await this.run(async () => {
      try {
        const result = await updateFacility(id, basis.id, changes, basis.version);
        await this.applied(result, () => td('savedVersion', { version: result.facility.version, dataVersion: result.dataVersion }));
      } catch (error) {
        const current = conflictCurrent(error);
        if (!current) throw error;
        this.replaceRecord(current);
        this.conflict = { basis, current, changes };
        this.draft = { ...draftOf(current), ...this.draftOfChanges(changes) };
        void this.loadHistory();
      }
    });
  }

  private draftOfChanges(changes: FacilityChanges): Partial<FacilityDraft> {
    const partial: Partial<FacilityDraft> = {};
    for (const [name, value] of Object.entries(changes))
      partial[name as FieldName] = value === null || value === undefined ? '' : String(value);
    return partial;
  }

  private async create(): Promise<void> {
    const id = this.context.jurisdictionId();
    if (!id || !this.draft) return;
    const { body, errors } = createBodyOf(this.draft);
    if (!body) {
      this.fieldErrors = errors;
      this.generalError = null;
      this.renderEditor();
      return;
    }
    await this.run(async () => {
      const result = await createFacility(id, body);
      this.creating = false;
      this.stopPicking();
      this.selectedId = result.facility.id;
      await this.applied(result, () => td('createdFacility', { id: result.facility.id, dataVersion: result.dataVersion }));
    });
  }

  private async close(record: FacilityRecord): Promise<void> {
    const id = this.context.jurisdictionId();
    if (!id) return;
    const year = typedNumberOrNull(this.closeYear);
    if (year === null || !Number.isInteger(year)) {
      this.fieldErrors = { closeYear: td('fieldNotNumber') };
      this.renderEditor();
      return;
    }
    await this.run(async () => {
      try {
        const result = await closeFacility(id, record.id, year, record.version);
        await this.applied(result, () => td('closedVersion', { year, dataVersion: result.dataVersion }));
      } catch (error) {
        const current = conflictCurrent(error);
        if (!current) throw error;
        this.replaceRecord(current);
        this.resetForm(current);
        this.generalError = () => td('conflictOnClose', { version: current.version });
        void this.loadHistory();
      }
    });
  }

  /** After a successful edit: the record in the list, the form, the history, and the rest of the page. */
  private async applied(result: FacilityEditResult, message: () => string): Promise<void> {
    this.replaceRecord(result.facility);
    this.resetForm(result.facility);
    this.message = message;
    this.context.showOnMap(result.facility);
    await this.context.edited(result);
    void this.loadHistory();
  }

  private replaceRecord(record: FacilityRecord): void {
    const index = this.records.findIndex((candidate) => candidate.id === record.id);
    if (index >= 0) this.records[index] = record;
    else this.records = [...this.records, record];
  }

  /** Runs an edit with the form disabled; field errors of the answer go next to their fields. */
  private async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.fieldErrors = {};
    this.generalError = null;
    this.message = null;
    this.conflict = null;
    this.renderEditor();
    try {
      await action();
    } catch (error) {
      this.showError(error);
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private showError(error: unknown): void {
    if (!(error instanceof ApiError)) {
      const text = error instanceof Error ? error.message : String(error);
      this.generalError = () => text;
      return;
    }
    const known = new Set<string>([...attributes.map((attribute) => attribute.name), 'lon', 'lat', 'crs']);
    const unplaced: string[] = [];
    for (const issue of error.issues) {
      const name = issue.path.replace(/^(body|query)\./, '');
      if (known.has(name)) this.fieldErrors[name as FieldName] = issue.message;
      else if (name === 'closedYear' && issue.path.startsWith('query.')) this.fieldErrors.closeYear = issue.message;
      else unplaced.push(`${issue.path}: ${issue.message}`);
    }
    if (error.status === 401 || error.status === 403) this.generalError = () => td('notAllowed', { message: error.message });
    else if (unplaced.length > 0 || error.issues.length === 0) this.generalError = () => [error.message, ...unplaced].join(' — ');
  }

  private async loadHistory(): Promise<void> {
    const id = this.context.jurisdictionId();
    const facilityId = this.selectedId;
    if (!id || !facilityId || !this.canEdit) return;
    try {
      const entries = await fetchFacilityHistory(id, facilityId);
      if (this.selectedId !== facilityId) return;
      this.history = entries;
      this.historyError = null;
    } catch (error) {
      this.historyError = error instanceof Error ? error.message : String(error);
    }
    this.renderEditor();
  }
}

/** The current facility from a 409 answer, or null for any other error. */
function conflictCurrent(error: unknown): FacilityRecord | null {
  if (!(error instanceof RequestError) || error.status !== 409) return null;
  const current = error.details.current;
  return typeof current === 'object' && current !== null && 'version' in current ? (current as FacilityRecord) : null;
}
