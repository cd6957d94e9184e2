/**
 * The population-by-year table (townshipPopulation, DATA_FORMAT.md v2) as the registry edits it,
 * without the DOM: a grid of township × year cells holding the text typed (residents and children
 * under 3), the rows the PUT sends, the cell a 422 issue names (`body.rows.N.field`), a block pasted
 * from Excel (tab-separated lines) and where its values go, and a new year column.
 * Pure; unit-tested in test/client/population-model.test.ts.
 */
import { typedWholeNumber } from '../../i18n/parse-number';

export type PopulationField = 'population' | 'populationUnder3';
export const POPULATION_FIELDS: readonly PopulationField[] = ['population', 'populationUnder3'];

/** One row of the table as the API reads and writes it. */
export interface PopulationRow {
  code: string;
  year: number;
  population: number;
  populationUnder3: number | null;
}

export interface Township {
  code: string;
  name: string;
}

/** Years a table may hold (server: yearSchema). */
export const MIN_POPULATION_YEAR = 1990;
export const MAX_POPULATION_YEAR = 2100;

/** The text of every cell, by `cellKey(code, year)`; missing means empty. */
export interface PopulationGrid {
  years: number[];
  cells: Map<string, Record<PopulationField, string>>;
}

export const cellKey = (code: string, year: number): string => `${code}|${year}`;

/** The grid of the stored rows: their years ascending and each figure as plain digits. */
export function gridOf(rows: readonly PopulationRow[]): PopulationGrid {
  const cells = new Map<string, Record<PopulationField, string>>();
  for (const row of rows) {
    cells.set(cellKey(row.code, row.year), {
      population: String(row.population),
      populationUnder3: row.populationUnder3 === null ? '' : String(row.populationUnder3),
    });
  }
  return { years: [...new Set(rows.map((row) => row.year))].sort((a, b) => a - b), cells };
}

/** The text of one cell ('' when empty). */
export function cellText(grid: PopulationGrid, code: string, year: number, field: PopulationField): string {
  return grid.cells.get(cellKey(code, year))?.[field] ?? '';
}

/** The grid with one cell's text replaced (a new grid; the old one is left as it was). */
export function withCell(grid: PopulationGrid, code: string, year: number, field: PopulationField, text: string): PopulationGrid {
  const cells = new Map(grid.cells);
  const key = cellKey(code, year);
  cells.set(key, { population: '', populationUnder3: '', ...cells.get(key), [field]: text });
  return { years: grid.years, cells };
}

/** Why a cell cannot be sent, found before sending. */
export type CellProblem = 'notNumber' | 'populationMissing' | 'under3Exceeds';

export interface CellAddress {
  code: string;
  year: number;
  field: PopulationField;
}

/**
 * The rows to send, by township (in the table's order) then year: a township and year whose two cells
 * are empty is left out (its figures carry forward from an earlier year); numbers as Chinese users type
 * them (１２００, 1,200, 1.2万). Problems name their cell; with any, there is nothing to send.
 */
export function rowsOf(
  grid: PopulationGrid,
  townships: readonly Township[],
): { rows: PopulationRow[]; problems: (CellAddress & { problem: CellProblem })[] } {
  const rows: PopulationRow[] = [];
  const problems: (CellAddress & { problem: CellProblem })[] = [];
  for (const township of townships) {
    for (const year of grid.years) {
      const populationText = cellText(grid, township.code, year, 'population').trim();
      const under3Text = cellText(grid, township.code, year, 'populationUnder3').trim();
      if (populationText === '' && under3Text === '') continue;
      const population = populationText === '' ? null : typedWholeNumber(populationText);
      const under3 = under3Text === '' ? null : typedWholeNumber(under3Text);
      const at = { code: township.code, year };
      if (populationText === '') problems.push({ ...at, field: 'population', problem: 'populationMissing' });
      else if (population === null) problems.push({ ...at, field: 'population', problem: 'notNumber' });
      if (under3Text !== '' && under3 === null) problems.push({ ...at, field: 'populationUnder3', problem: 'notNumber' });
      if (population !== null && under3 !== null && under3 > population)
        problems.push({ ...at, field: 'populationUnder3', problem: 'under3Exceeds' });
      if (population !== null) rows.push({ code: township.code, year, population, populationUnder3: under3 });
    }
  }
  return { rows: problems.length > 0 ? [] : rows, problems };
}

/**
 * The cell a 422 issue's path names among the rows sent: `body.rows.3.populationUnder3` → that row's
 * township, year and field; `body.rows.3.code` or `body.rows.3` → the row's residents cell (the row as a
 * whole); any other path → null (the message goes above the table).
 */
export function issueCell(path: string, sent: readonly PopulationRow[]): CellAddress | null {
  const match = /^body\.rows\.(\d+)(?:\.(\w+))?/.exec(path);
  if (!match) return null;
  const row = sent[Number(match[1])];
  if (!row) return null;
  const field = match[2] === 'populationUnder3' ? 'populationUnder3' : 'population';
  return { code: row.code, year: row.year, field };
}

/**
 * A block copied from Excel or WPS: lines of tab-separated cells. A cell Excel quoted (it held a tab,
 * a line break or a quote) is unquoted; the line break Excel puts after the last line is dropped.
 */
export function parsePastedBlock(text: string): string[][] {
  const lines: string[][] = [];
  let line: string[] = [];
  let cell = '';
  let i = 0;
  const normalized = text.replace(/\r\n?/g, '\n');
  while (i < normalized.length) {
    const char = normalized[i]!;
    if (char === '"' && cell === '') {
      // A quoted cell: up to the closing quote; "" is one quote.
      let j = i + 1;
      let quoted = '';
      while (j < normalized.length) {
        if (normalized[j] === '"') {
          if (normalized[j + 1] === '"') {
            quoted += '"';
            j += 2;
            continue;
          }
          break;
        }
        quoted += normalized[j];
        j += 1;
      }
      if (j < normalized.length) {
        cell = quoted;
        i = j + 1;
        continue;
      }
      // No closing quote: the quote was text.
    }
    if (char === '\t') {
      line.push(cell);
      cell = '';
    } else if (char === '\n') {
      line.push(cell);
      lines.push(line);
      line = [];
      cell = '';
    } else cell += char;
    i += 1;
  }
  if (cell !== '' || line.length > 0) {
    line.push(cell);
    lines.push(line);
  }
  return lines;
}

/** Whether a pasted text is a block (more than one cell) rather than one value typed into a cell. */
export function isBlock(text: string): boolean {
  return /[\t\n\r]/.test(text.replace(/[\r\n]+$/, ''));
}

/** A value the block puts into a cell of the table. */
export interface PlacedValue extends CellAddress {
  text: string;
}

/**
 * Where a pasted block's values go. Columns of the table run year by year, residents then children
 * under 3 (`columns`), from the column the paste started in. When the block's first column names the
 * townships (by name or code) each line goes to its township's row, and a first line naming none is
 * taken as a header; otherwise the lines fill the rows down from the row the paste started in. Values
 * beyond the table's last row or column are counted in `outside`, not placed.
 */
export function placeBlock(
  block: readonly (readonly string[])[],
  start: { row: number; column: number },
  townships: readonly Township[],
  columns: readonly { year: number; field: PopulationField }[],
): { values: PlacedValue[]; outside: number; byName: boolean } {
  const townshipOf = (text: string): Township | undefined => {
    const wanted = text.trim();
    return wanted === '' ? undefined : townships.find((t) => t.name === wanted || t.code === wanted);
  };
  const lines = block.filter((line) => line.some((cell) => cell.trim() !== ''));
  const named = lines.map((line) => townshipOf(line[0] ?? ''));
  const header = lines.length > 1 && named[0] === undefined && named.slice(1).every(Boolean);
  const byName = (lines[0]?.length ?? 0) > 1 && (header || (named.length > 0 && named.every(Boolean)));
  const values: PlacedValue[] = [];
  let outside = 0;
  lines.forEach((line, index) => {
    if (byName && header && index === 0) return;
    const township = byName ? named[index] : townships[start.row + index];
    const cells = byName ? line.slice(1) : line;
    cells.forEach((text, offset) => {
      const column = columns[start.column + offset];
      if (!township || !column) {
        if (text.trim() !== '') outside += 1;
        return;
      }
      values.push({ code: township.code, year: column.year, field: column.field, text: text.trim() });
    });
  });
  return { values, outside, byName };
}

/** The table's columns: year by year, residents then children under 3. */
export function columnsOf(years: readonly number[]): { year: number; field: PopulationField }[] {
  return years.flatMap((year) => POPULATION_FIELDS.map((field) => ({ year, field })));
}

/** A year typed to add as a column: the year, or why not ('invalid' or 'exists'). */
export function yearToAdd(text: string, years: readonly number[]): { year: number } | { problem: 'invalid' | 'exists' } {
  const year = typedWholeNumber(text);
  if (year === null || year < MIN_POPULATION_YEAR || year > MAX_POPULATION_YEAR) return { problem: 'invalid' };
  if (years.includes(year)) return { problem: 'exists' };
  return { year };
}

/** The grid with a new (empty) year column, years kept in order. */
export function withYear(grid: PopulationGrid, year: number): PopulationGrid {
  return { years: [...grid.years, year].sort((a, b) => a - b), cells: grid.cells };
}
