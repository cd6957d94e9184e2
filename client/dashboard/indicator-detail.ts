/**
 * Under the trend chart: what the selected indicator's value is made of (basis, notes, or why there is
 * no value), the bureau's reported value of the year with its source, and — for a signed-in bureau — the
 * form to record or delete a reported value (value in the indicator's unit, note, source). Errors of a
 * field are shown next to it.
 */
import { ApiError } from '../api/client';
import { serverText, serverTexts } from '../api/server-text';
import { h, replaceChildren } from '../panels/dom';
import type { IndicatorRow, ReportedValueBody } from './api';
import { formatDateTime, formatValue, indicatorName, statusLabel, unitLabel } from './format';
import { td, type DashboardMessageKey } from './messages';
import { typedNumberOrNull } from '../i18n/parse-number';

export interface ReportedValueActions {
  save: (indicator: string, year: number, body: ReportedValueBody) => Promise<void>;
  remove: (indicator: string, year: number) => Promise<void>;
}

const INDICATOR_ID_PATTERN = /^[a-z0-9_]{1,64}$/;

export class IndicatorDetail {
  private row: IndicatorRow | null = null;
  private year: number | null = null;
  private canEdit = false;
  private busy = false;
  private fieldErrors: Record<string, string> = {};
  private generalError: string | null = null;
  /** The last action's outcome, as a key so it follows a language switch. */
  private message: DashboardMessageKey | null = null;
  /** What the user typed, kept across re-renders until the indicator or year changes. */
  private draft: Record<'indicator' | 'value' | 'source' | 'note', string> | null = null;
  /** The form stays folded (a button) until the bureau opens it, so the map stays in view. */
  private formOpen = false;
  /** True once the user chose to report an indicator other than the selected row (typed by its id). */
  private customIndicator = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly actions: ReportedValueActions,
  ) {}

  set(row: IndicatorRow | null, year: number | null, canEdit: boolean): void {
    if (row?.id !== this.row?.id || year !== this.year) {
      this.fieldErrors = {};
      this.generalError = null;
      this.message = null;
      this.draft = null;
      this.customIndicator = false;
    }
    this.row = row;
    this.year = year;
    this.canEdit = canEdit;
    this.render();
  }

  render(): void {
    const row = this.row;
    if (!row || this.year === null) {
      replaceChildren(this.container);
      return;
    }
    const basis = serverText(row.basis, row.basisZh);
    const targetNote = serverText(row.targetNote, row.targetNoteZh);
    const reason = serverText(row.reason, row.reasonZh);
    const notes = serverTexts(row.notes, row.notesZh);
    const explanation = h(
      'div',
      { className: 'db-explain' },
      basis ? h('p', {}, h('span', { className: 'db-explain-label' }, td('basis')), basis) : null,
      targetNote ? h('p', {}, h('span', { className: 'db-explain-label' }, td('targetNote')), targetNote) : null,
      reason ? h('p', {}, h('span', { className: 'db-explain-label' }, td('noDataReason')), reason) : null,
      notes.length > 0
        ? h(
            'ul',
            { className: 'db-explain-notes' },
            notes.map((note) => h('li', {}, note)),
          )
        : null,
      row.reported
        ? h(
            'p',
            { className: 'db-explain-reported', 'data-testid': 'reported-value' },
            h('span', { className: 'db-explain-label' }, td('reportedValueLabel', { year: row.reported.year })),
            `${formatValue(row.reported.value, row.unit)}${row.reportedStatus ? ` · ${statusLabel(row.reportedStatus)}` : ''}`,
            h(
              'span',
              { className: 'db-explain-meta' },
              [
                row.reported.source,
                row.reported.note,
                td('recordedBy', { name: row.reported.recordedBy, at: formatDateTime(row.reported.recordedAt) }),
              ]
                .filter(Boolean)
                .join(' · '),
            ),
          )
        : null,
    );
    replaceChildren(
      this.container,
      explanation,
      this.canEdit ? this.formOrButton(row, this.year) : h('p', { className: 'db-hint' }, td('signInToReport')),
    );
  }

  private formOrButton(row: IndicatorRow, year: number): HTMLElement {
    if (this.formOpen) return this.form(row, year);
    const open = h(
      'button',
      { type: 'button', id: 'reported-open', className: 'button button-small' },
      td(row.reported ? 'editReported' : 'openReportForm', { year }),
    );
    open.addEventListener('click', () => {
      this.formOpen = true;
      this.render();
      this.container.querySelector<HTMLInputElement>('#reported-value')?.focus();
    });
    return h(
      'div',
      { className: 'db-report-open' },
      open,
      this.message ? h('span', { className: 'db-ok', role: 'status' }, td(this.message)) : null,
    );
  }

  private form(row: IndicatorRow, year: number): HTMLFormElement {
    const field = (name: string, label: string, input: HTMLInputElement, wide = false): HTMLElement => {
      const error = this.fieldErrors[name];
      if (error) input.setAttribute('aria-invalid', 'true');
      const id = `reported-${name}`;
      input.id = id;
      return h(
        'div',
        { className: `field${wide ? ' field-wide' : ''}${error ? ' has-error' : ''}` },
        h('label', { for: id }, label),
        input,
        error ? h('p', { className: 'pc-field-error', id: `${id}-error` }, error) : null,
      );
    };
    const draft = (this.draft ??= {
      indicator: row.id,
      value: row.reported ? String(row.reported.value) : '',
      source: row.reported?.source ?? '',
      note: row.reported?.note ?? '',
    });
    // The selected indicator is shown by its name (its id only in the tooltip); an id is typed only for
    // an indicator the table does not list (e.g. infant mortality), after choosing "other indicator".
    const custom = this.customIndicator || draft.indicator !== row.id;
    const indicator = custom
      ? h('input', { className: 'input', value: draft.indicator, maxlength: 64, spellcheck: 'false', autocomplete: 'off' })
      : h('input', { className: 'input', value: indicatorName(row), readonly: true, title: row.id, tabindex: -1 });
    const indicatorIdOf = (): string => (custom ? indicator.value.trim() : row.id);
    const other = custom
      ? null
      : h('button', { type: 'button', className: 'button button-small', id: 'reported-other' }, td('reportOtherIndicator'));
    other?.addEventListener('click', () => {
      this.customIndicator = true;
      draft.indicator = '';
      this.render();
      this.container.querySelector<HTMLInputElement>('#reported-indicator')?.focus();
    });
    const value = h('input', { className: 'input', type: 'text', inputmode: 'decimal', autocomplete: 'off', value: draft.value });
    const source = h('input', { className: 'input', maxlength: 500, value: draft.source, placeholder: td('sourcePlaceholder') });
    const note = h('input', { className: 'input', maxlength: 2000, value: draft.note });
    for (const [key, input] of [
      ...(custom ? ([['indicator', indicator]] as const) : []),
      ['value', value],
      ['source', source],
      ['note', note],
    ] as const) {
      input.addEventListener('input', () => {
        draft[key] = input.value;
      });
    }
    const save = h('button', { type: 'submit', className: 'button button-primary', disabled: this.busy }, td('saveReported'));
    const fold = h('button', { type: 'button', className: 'button', disabled: this.busy }, td('cancel'));
    fold.addEventListener('click', () => {
      this.formOpen = false;
      this.draft = null;
      this.customIndicator = false;
      this.fieldErrors = {};
      this.generalError = null;
      this.render();
    });
    const remove = row.reported ? h('button', { type: 'button', className: 'button', disabled: this.busy }, td('deleteReported')) : null;
    remove?.addEventListener('click', () => void this.run(() => this.actions.remove(indicatorIdOf(), year), 'reportedDeleted'));
    const form = h(
      'form',
      { className: 'db-report-form', id: 'reported-form', novalidate: true },
      h('h3', {}, td('reportTitle', { year })),
      h(
        'div',
        { className: 'db-form-grid' },
        field('indicator', td(custom ? 'reportIndicatorId' : 'reportIndicator'), indicator),
        other,
        field('value', td('reportValue', { unit: unitLabel(row.unit) || '—' }), value),
        field('source', td('reportSource'), source, true),
        field('note', td('reportNote'), note, true),
      ),
      this.generalError ? h('p', { className: 'pc-field-error', role: 'alert' }, this.generalError) : null,
      this.message ? h('p', { className: 'db-ok', role: 'status' }, td(this.message)) : null,
      h('div', { className: 'db-form-actions' }, remove, fold, save),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const id = indicatorIdOf();
      const errors: Record<string, string> = {};
      if (!INDICATOR_ID_PATTERN.test(id)) errors.indicator = td('indicatorIdInvalid');
      // Typed as people type it (１２００, 1,200, 1.2万): ../i18n/parse-number.ts.
      const number = typedNumberOrNull(value.value) ?? Number.NaN;
      if (!Number.isFinite(number)) errors.value = td('valueRequired');
      if (Object.keys(errors).length > 0) {
        this.fieldErrors = errors;
        this.generalError = null;
        this.message = null;
        this.render();
        return;
      }
      const body: ReportedValueBody = { value: number, source: source.value.trim() || null, note: note.value.trim() || null };
      void this.run(() => this.actions.save(id, year, body), 'reportedSaved');
    });
    return form;
  }

  private async run(action: () => Promise<void>, success: DashboardMessageKey): Promise<void> {
    this.busy = true;
    this.fieldErrors = {};
    this.generalError = null;
    this.message = null;
    this.render();
    try {
      await action();
      this.message = success;
      this.draft = null;
      this.customIndicator = false;
      this.formOpen = false;
    } catch (error) {
      this.showError(error);
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private showError(error: unknown): void {
    if (error instanceof ApiError && error.issues.length > 0) {
      for (const issue of error.issues) {
        const name = issue.path.replace(/^(body|params)\./, '');
        const key = name === 'year' ? 'value' : name;
        if (['indicator', 'value', 'source', 'note'].includes(key)) this.fieldErrors[key] = issue.message;
        else this.generalError = `${issue.path}: ${issue.message}`;
      }
      if (Object.keys(this.fieldErrors).length === 0 && !this.generalError) this.generalError = error.message;
      return;
    }
    this.generalError = error instanceof Error ? error.message : String(error);
  }
}
