/**
 * 分年度人口 / Population by year in the dashboard's registry: the statistics bureau's residents and
 * children under 3 per township (by name) and year, as a table of cells. Anyone may read it; a signed-in
 * bureau edits cells (numbers as Chinese users type them: １２００, 1,200, 1.2万), adds a year column,
 * pastes a block copied from Excel into any cell, and saves the whole table in one PUT (one transaction
 * on the server, which bumps the data version; the page then reloads its figures). A 422's issues are
 * shown beside the cells they name (`body.rows.N.field`); nothing is written then.
 */
import { ApiError } from '../../api/client';
import { formatInteger } from '../../i18n/i18n';
import { h, replaceChildren } from '../../panels/dom';
import { fetchTownshipPopulation, saveTownshipPopulation } from '../api';
import {
  cellKey,
  cellText,
  columnsOf,
  gridOf,
  isBlock,
  issueCell,
  parsePastedBlock,
  placeBlock,
  rowsOf,
  withCell,
  withYear,
  yearToAdd,
  type CellAddress,
  type CellProblem,
  type PopulationField,
  type PopulationGrid,
  type PopulationRow,
  type Township,
} from './population-model';
import { tpop } from './population-messages';
import './population.css';

export interface PopulationContext {
  jurisdictionId(): string | null;
  /** The jurisdiction's townships in the order the table lists them. */
  townships(): Township[];
  /** After a save (the data version changed): reload the page's figures. */
  edited(dataVersion: number): Promise<void>;
}

const PROBLEM_TEXT: Record<CellProblem, () => string> = {
  notNumber: () => tpop('popNotNumber'),
  populationMissing: () => tpop('popPopulationMissing'),
  under3Exceeds: () => tpop('popUnder3Exceeds'),
};

const errorKey = (address: CellAddress): string => `${cellKey(address.code, address.year)}|${address.field}`;
const inputId = (code: string, year: number, field: PopulationField): string => `pop-${code}-${year}-${field}`;
const sameRows = (a: readonly PopulationRow[], b: readonly PopulationRow[]): boolean => {
  const text = (rows: readonly PopulationRow[]) =>
    JSON.stringify(
      [...rows]
        .sort((x, y) => (x.code === y.code ? x.year - y.year : x.code < y.code ? -1 : 1))
        .map((r) => [r.code, r.year, r.population, r.populationUnder3]),
    );
  return text(a) === text(b);
};

export class PopulationTable {
  private stored: PopulationRow[] = [];
  private grid: PopulationGrid = gridOf([]);
  private loadedFor: string | null = null;
  private canEdit = false;
  private busy = false;
  private dirty = false;
  /** Messages beside cells, by `code|year|field`, as functions so they follow a language switch. */
  private cellErrors = new Map<string, () => string>();
  private generalError: (() => string) | null = null;
  private message: (() => string) | null = null;
  private yearText = '';
  private yearError: (() => string) | null = null;
  private readonly heading: HTMLElement;
  private readonly sub: HTMLElement;
  private readonly intro: HTMLElement;
  private readonly tableBox: HTMLElement;
  private readonly controls: HTMLElement;

  constructor(
    private readonly container: HTMLElement,
    private readonly context: PopulationContext,
  ) {
    this.heading = h('h2', { id: 'population-heading' });
    this.sub = h('span', { className: 'db-card-sub' });
    this.intro = h('p', { className: 'db-hint pop-intro' });
    this.controls = h('div', { className: 'pop-controls' });
    this.tableBox = h('div', { className: 'pop-table-wrap', id: 'population-table-wrap' });
    replaceChildren(container, h('div', { className: 'db-card-head' }, this.heading, this.sub), this.intro, this.tableBox, this.controls);
  }

  /** Reads the jurisdiction's table (a new jurisdiction, or after someone else's save). */
  async load(): Promise<void> {
    const id = this.context.jurisdictionId();
    if (!id) return;
    try {
      const table = await fetchTownshipPopulation(id);
      this.loadedFor = id;
      this.reset(table.rows);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.generalError = () => tpop('popLoadFailed', { message: text });
    }
    this.render();
  }

  setCanEdit(canEdit: boolean): void {
    if (canEdit === this.canEdit) return;
    this.canEdit = canEdit;
    this.render();
  }

  private reset(rows: PopulationRow[]): void {
    this.stored = rows;
    this.grid = gridOf(rows);
    this.dirty = false;
    this.cellErrors.clear();
    this.generalError = null;
    this.yearError = null;
  }

  // --- editing ---------------------------------------------------------------------------------

  private edit(code: string, year: number, field: PopulationField, text: string): void {
    this.grid = withCell(this.grid, code, year, field, text);
    this.dirty = true;
    this.message = null;
    // Typing is not re-rendered (the cell keeps the focus); only the "unsaved" mark follows.
    this.renderControls();
  }

  private paste(event: ClipboardEvent, row: number, column: number): void {
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (!isBlock(text)) return;
    event.preventDefault();
    const townships = this.context.townships();
    const placed = placeBlock(parsePastedBlock(text), { row, column }, townships, columnsOf(this.grid.years));
    for (const value of placed.values) {
      this.grid = withCell(this.grid, value.code, value.year, value.field, value.text);
      this.cellErrors.delete(errorKey(value));
    }
    this.dirty = this.dirty || placed.values.length > 0;
    const n = placed.values.length;
    const outside = placed.outside;
    this.message = () =>
      [tpop(placed.byName ? 'popPastedByName' : 'popPasted', { n }), outside > 0 ? tpop('popPastedOutside', { n: outside }) : '']
        .filter(Boolean)
        .join(' ');
    this.render();
  }

  private addYear(): void {
    const added = yearToAdd(this.yearText, this.grid.years);
    if ('problem' in added) {
      const year = this.yearText.trim();
      this.yearError = added.problem === 'exists' ? () => tpop('popYearExists', { year }) : () => tpop('popYearInvalid');
      this.render();
      return;
    }
    this.grid = withYear(this.grid, added.year);
    this.yearText = '';
    this.yearError = null;
    this.render();
    document.getElementById(inputId(this.context.townships()[0]?.code ?? '', added.year, 'population'))?.focus();
  }

  private async save(): Promise<void> {
    const id = this.context.jurisdictionId();
    if (!id || this.busy) return;
    const townships = this.context.townships();
    const { rows, problems } = rowsOf(this.grid, townships);
    this.cellErrors.clear();
    this.generalError = null;
    this.message = null;
    if (problems.length > 0) {
      for (const problem of problems) this.cellErrors.set(errorKey(problem), PROBLEM_TEXT[problem.problem]);
      this.generalError = () => tpop('popProblems', { n: problems.length });
      this.render();
      return;
    }
    if (sameRows(rows, this.stored)) {
      this.dirty = false;
      this.message = () => tpop('popNothingChanged');
      this.render();
      return;
    }
    this.busy = true;
    this.render();
    try {
      const result = await saveTownshipPopulation(id, { rows });
      this.reset(result.rows);
      this.message = () => tpop('popSaved', { n: formatInteger(result.rows.length), version: result.dataVersion });
      this.busy = false;
      this.render();
      await this.context.edited(result.dataVersion);
    } catch (error) {
      this.busy = false;
      this.showError(error, rows);
      this.render();
    }
  }

  /** A refusal: each issue beside the cell it names, the rest above the table. */
  private showError(error: unknown, sent: readonly PopulationRow[]): void {
    if (!(error instanceof ApiError)) {
      const text = error instanceof Error ? error.message : String(error);
      this.generalError = () => text;
      return;
    }
    const unplaced: string[] = [];
    for (const issue of error.issues) {
      const cell = issueCell(issue.path, sent);
      if (cell) {
        const key = errorKey(cell);
        const earlier = this.cellErrors.get(key);
        this.cellErrors.set(key, earlier ? () => `${earlier()}；${issue.message}` : () => issue.message);
      } else unplaced.push(issue.message);
    }
    const text = [error.message, ...unplaced].join(' — ');
    this.generalError = () => text;
  }

  // --- rendering -------------------------------------------------------------------------------

  render(): void {
    const focusedId =
      document.activeElement instanceof HTMLElement && this.container.contains(document.activeElement) ? document.activeElement.id : '';
    this.heading.textContent = tpop('popTitle');
    this.sub.textContent = tpop('popSub');
    this.intro.textContent = tpop('popIntro');
    this.renderTable();
    this.renderControls();
    if (focusedId) document.getElementById(focusedId)?.focus();
  }

  private renderTable(): void {
    const townships = this.context.townships();
    const years = this.grid.years;
    if (years.length === 0) {
      replaceChildren(this.tableBox, h('p', { className: 'db-empty', id: 'population-empty' }, tpop('popNoYears')));
      return;
    }
    const columns = columnsOf(years);
    const editable = this.canEdit && !this.busy && this.loadedFor !== null;
    const fieldLabel = (field: PopulationField): string => (field === 'population' ? tpop('popResidents') : tpop('popUnder3'));
    const head = h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', rowspan: 2, className: 'pop-township' }, tpop('popTownship')),
        years.map((year) =>
          h('th', { scope: 'colgroup', colspan: 2, className: 'pop-year', 'data-year': year }, tpop('popYearN', { year })),
        ),
      ),
      h(
        'tr',
        {},
        columns.map((column) =>
          h('th', { scope: 'col', className: `numeric pop-field pop-field-${column.field}` }, fieldLabel(column.field)),
        ),
      ),
    );
    const body = h(
      'tbody',
      {},
      townships.map((township, row) =>
        h(
          'tr',
          { 'data-code': township.code },
          h('th', { scope: 'row', className: 'pop-township', title: township.code }, township.name),
          columns.map((column, index) => {
            const text = cellText(this.grid, township.code, column.year, column.field);
            const error = this.cellErrors.get(errorKey({ code: township.code, year: column.year, field: column.field }));
            const id = inputId(township.code, column.year, column.field);
            if (!editable) {
              const value = text === '' ? '' : formatInteger(Number(text));
              return h('td', { className: 'numeric', 'data-year': column.year, 'data-field': column.field }, value);
            }
            const input = h('input', {
              id,
              className: 'input pop-input',
              inputmode: 'numeric',
              autocomplete: 'off',
              value: text,
              'aria-label': tpop('popCellLabel', { township: township.name, year: column.year, field: fieldLabel(column.field) }),
              'aria-invalid': error ? 'true' : null,
              'aria-describedby': error ? `${id}-error` : null,
            });
            input.addEventListener('input', () => this.edit(township.code, column.year, column.field, input.value));
            input.addEventListener('paste', (event) => this.paste(event, row, index));
            return h(
              'td',
              { className: `numeric${error ? ' has-error' : ''}`, 'data-year': column.year, 'data-field': column.field },
              input,
              error ? h('p', { className: 'pc-field-error pop-cell-error', id: `${id}-error`, role: 'alert' }, error()) : null,
            );
          }),
        ),
      ),
    );
    replaceChildren(this.tableBox, h('table', { className: 'db-table pop-table', id: 'population-table' }, head, body));
  }

  private renderControls(): void {
    const status = [
      this.generalError ? h('p', { className: 'pc-field-error', role: 'alert', id: 'population-error' }, this.generalError()) : null,
      this.message ? h('p', { className: 'db-ok', role: 'status', id: 'population-message' }, this.message()) : null,
    ];
    if (!this.canEdit) {
      replaceChildren(this.controls, status, h('p', { className: 'db-hint' }, tpop('popSignIn')));
      return;
    }
    const yearInput = h('input', {
      id: 'population-year',
      className: 'input pop-year-input',
      inputmode: 'numeric',
      autocomplete: 'off',
      value: this.yearText,
      placeholder: String(Math.max(new Date().getFullYear(), ...this.grid.years.map((y) => y + 1))),
      'aria-invalid': this.yearError ? 'true' : null,
      disabled: this.busy,
    });
    yearInput.addEventListener('input', () => {
      this.yearText = yearInput.value;
    });
    yearInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        this.addYear();
      }
    });
    const addYear = h(
      'button',
      { type: 'button', className: 'button', id: 'population-add-year', disabled: this.busy },
      tpop('popAddYear'),
    );
    addYear.addEventListener('click', () => this.addYear());
    const discard = h(
      'button',
      { type: 'button', className: 'button', id: 'population-discard', disabled: this.busy || !this.dirty },
      tpop('popDiscard'),
    );
    discard.addEventListener('click', () => {
      this.reset(this.stored);
      this.message = null;
      this.render();
    });
    const save = h(
      'button',
      { type: 'button', className: 'button button-primary', id: 'population-save', disabled: this.busy || this.grid.years.length === 0 },
      this.busy ? tpop('popSaving') : tpop('popSave'),
    );
    save.addEventListener('click', () => void this.save());
    replaceChildren(
      this.controls,
      h(
        'div',
        { className: 'pop-actions' },
        h(
          'div',
          { className: `field pop-add-year${this.yearError ? ' has-error' : ''}` },
          h('label', { for: 'population-year' }, tpop('popAddYearLabel')),
          h('div', { className: 'pop-inline' }, yearInput, addYear),
          this.yearError ? h('p', { className: 'pc-field-error' }, this.yearError()) : null,
        ),
        h(
          'div',
          { className: 'db-form-actions' },
          this.dirty ? h('span', { className: 'pop-unsaved', id: 'population-unsaved' }, tpop('popUnsaved')) : null,
          discard,
          save,
        ),
      ),
      status,
    );
  }
}
