/**
 * Rows of a table (a CSV file or an Excel sheet) turned into features without geometry: the header row
 * is the first non-empty row, every later non-empty row is a feature with each column as a property under
 * its header. The assembly builds points from the mapped lon/lat, x/y or wkt columns afterwards.
 *
 * Row numbers: a feature's `id` is the row number a person sees in Excel or a spreadsheet program
 * (1-based, the header row included, blank rows counted), so messages can point at the row on screen.
 * Problems about a feature (`row` in the import report) use the 0-based feature index, as for every
 * format; blank rows are skipped, so the two differ when a table has blank rows or rows above its header.
 */
import { bilingual, type Bilingual } from '../../model/index.js';
import { ReadProblem, type SourceFeature } from './reader.js';

/** One row as the program shows it: its 1-based number and its cells by 0-based column (null when empty). */
export interface TableRow {
  row: number;
  cells: readonly (string | number | boolean | null)[];
}

/** The column's letter as a spreadsheet shows it (0 → 'A', 26 → 'AA'). */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const isEmpty = (cell: unknown) => cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');

/**
 * The columns (in order) and features of `rows`. A header cell left blank is named by its column letter
 * ('D'). Throws a ReadProblem naming `file` (and `where`, e.g. the sheet, before the message) for a table without a header,
 * a column name used twice, or a value in a column that has no header.
 */
export function tableFeatures(file: string, rows: Iterable<TableRow>, where?: Bilingual): { fields: string[]; features: SourceFeature[] } {
  const problem = (zh: string, en: string, code: string) =>
    new ReadProblem(file, bilingual(where ? `${where.zh}：${zh}` : zh, where ? `${where.en}: ${en}` : en), code);
  let fields: string[] | null = null;
  let firstColumn = 0;
  const features: SourceFeature[] = [];
  for (const { row, cells } of rows) {
    const used = cells.flatMap((cell, column) => (isEmpty(cell) ? [] : [column]));
    if (used.length === 0) continue;
    if (!fields) {
      // The table may start right of column A (a title column left blank); columns before it are not part of it.
      firstColumn = used[0]!;
      fields = [];
      for (let column = firstColumn; column <= used.at(-1)!; column++) {
        const cell = cells[column];
        const name = isEmpty(cell) ? columnLetter(column) : String(cell).trim();
        if (fields.includes(name))
          throw problem(
            `表头（第 ${row} 行）有两列都叫“${name}”，请改名后再导入`,
            `two columns of the header (row ${row}) are both named "${name}"; rename one and import again`,
            'duplicate_column',
          );
        fields.push(name);
      }
      continue;
    }
    const outside = used.find((column) => column < firstColumn || column >= firstColumn + fields!.length);
    if (outside !== undefined) {
      const cell = `${columnLetter(outside)}${row}`;
      throw problem(
        `单元格 ${cell} 有内容，但这一列没有表头：请给这一列加上表头，或清空它`,
        `cell ${cell} has a value but its column has no header: give the column a header or clear it`,
        'cell_without_header',
      );
    }
    const properties: Record<string, unknown> = {};
    fields.forEach((name, i) => {
      const cell = cells[firstColumn + i];
      properties[name] = isEmpty(cell) ? null : cell;
    });
    features.push({ type: 'Feature', id: row, geometry: null, properties });
  }
  if (!fields) throw problem('表格是空的：没有表头行', 'the table is empty: it has no header row', 'no_header');
  return { fields, features };
}
