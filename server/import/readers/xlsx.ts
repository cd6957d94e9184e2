/**
 * Excel workbooks (.xlsx): the facility register as offices keep it, with Chinese headers and Amap
 * (GCJ-02) coordinates. Read with exceljs, the maintained reader of the OOXML format (shared strings,
 * rich text, formulas with cached results, dates, hyperlinks, merged cells), which no one should parse
 * by hand. The workbook is checked before exceljs inflates it (zip-entries.ts: a zip bomb is refused).
 *
 * `layer` names a sheet; the only sheet when the workbook has one, a problem listing the sheets when it
 * has several and none is named. Cells become plain values: rich text → its text, a formula → its cached
 * result, a date → an ISO date ('2025-03-01', with the time when it has one), a hyperlink → its text, an
 * error → its code ('#N/A'), empty → null. A cell merged over several rows gives its value to each row
 * (a township written once beside its facilities); a title merged across the columns above the table is
 * skipped, so the header is the first non-empty row below it. Numbers stay numbers and text stays text ('１２００' too);
 * the assembly reads numbers written as text.
 *
 * Rows and numbers: see table-rows.ts. A feature's `id` is its row number in Excel; problems about a
 * feature use its 0-based index among the features (blank rows and rows above the header are skipped).
 * `encoding` is null: the format's text is always Unicode.
 */
import ExcelJS from 'exceljs';
import { bilingual } from '../../model/index.js';
import { chooseLayer } from './layer-choice.js';
import { loadSource, ReadProblem, type LayerReader } from './reader.js';
import { tableFeatures, type TableRow } from './table-rows.js';
import { assertInflatesWithin } from './zip-entries.js';

type Plain = string | number | boolean | null;

/** An ISO date, with the time only when there is one. exceljs gives Excel's local date-times as UTC instants. */
function isoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** A cell's value as a plain value (see the module's comment). */
export function plainCellValue(value: ExcelJS.CellValue): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return isoDate(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return plainCellValue((value as ExcelJS.CellFormulaValue).result ?? null);
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    return typeof text === 'object' && text !== null ? plainCellValue(text as ExcelJS.CellValue) : typeof text === 'string' ? text : null;
  }
  if ('error' in value) return value.error;
  return null;
}

/** The bytes as an ArrayBuffer, which exceljs's load() is typed for; copied only when they are a view on part of one. */
function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? bytes.buffer : bytes.slice().buffer;
}

export const xlsxReader: LayerReader = {
  format: 'XLSX',
  accepts: (fileName) => /\.xlsx$/i.test(fileName),
  readLayer: async (source, _files, options) => {
    // exceljs loads a workbook from its bytes: the .xlsx is read into memory, alone.
    const file = await loadSource(source);
    assertInflatesWithin(file, { zh: 'Excel 文件', en: 'Excel file' });
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(arrayBufferOf(file.bytes));
    } catch (error) {
      const reason = (error as Error).message;
      throw new ReadProblem(
        file.name,
        bilingual(
          `Excel 文件无法读取（不是 .xlsx 或已损坏？）：${reason}`,
          `the Excel file cannot be read (not .xlsx, or damaged?): ${reason}`,
        ),
      );
    }
    const sheets = workbook.worksheets.map((sheet) => sheet.name);
    const name = chooseLayer(file.name, sheets, options.layer, { zh: '工作表', en: 'sheet' });
    const sheet = workbook.worksheets.find((s) => s.name === name)!;
    const rows: TableRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Plain[] = [];
      const masters = new Set<string>();
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        cells[column - 1] = plainCellValue(cell.value);
        if (cells[column - 1] !== null) masters.add(cell.isMerged ? cell.master.address : cell.address);
      });
      // A title above the table ('某县托育机构名录') is one cell merged across the columns: not the header.
      const title = masters.size === 1 && cells.filter((c) => c !== null).length > 1;
      if (title && rows.length === 0) return;
      rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? null) });
    });
    const { fields, features } = tableFeatures(file.name, rows, bilingual(`工作表“${name}”`, `sheet "${name}"`));
    return {
      file: file.name,
      format: 'XLSX',
      layer: name,
      layers: sheets,
      crs: null,
      encoding: null,
      encodingSource: null,
      fields,
      features,
    };
  },
};
