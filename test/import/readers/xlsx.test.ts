import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainCellValue, xlsxReader } from '../../../server/import/readers/xlsx.js';
import { readerFor, type LoadedSourceFile, type SourceFile } from '../../../server/import/readers/index.js';
import { MAX_INFLATED_BYTES } from '../../../server/import/readers/zip-entries.js';
import { fileMap, forgeDeclaredSize, ogr2ogr, scratch, tinyTownFeatures, tinyTownPath } from './fixtures.js';

const folder = scratch();
afterAll(() => folder.dispose());

const HEADERS = { id: '机构编号', name: '机构名称', type: '类型', status: '状态', slots: '托位数', inclusiveSlots: '普惠托位数' };

let twoSheets: SourceFile;
let register: LoadedSourceFile;
beforeAll(async () => {
  // Two sheets as GDAL's XLSX driver writes them: townships, and facilities under Chinese headers.
  const columns = Object.entries(HEADERS)
    .map(([ours, theirs]) => `"${ours}" AS "${theirs}"`)
    .join(', ');
  ogr2ogr('-f', 'XLSX', folder.at('名录.xlsx'), tinyTownPath('townships'), '-nln', '乡镇');
  ogr2ogr(
    '-update',
    '-f',
    'XLSX',
    folder.at('名录.xlsx'),
    tinyTownPath('facilities'),
    '-nln',
    '托育机构',
    '-sql',
    `SELECT ${columns} FROM facilities`,
  );
  twoSheets = { name: '名录.xlsx', bytes: new Uint8Array(readFileSync(folder.at('名录.xlsx'))) };

  // A register kept by hand: a merged title, a blank row, lon/lat columns, every kind of cell value.
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('托育机构');
  sheet.getCell('A1').value = '某县托育机构名录';
  sheet.mergeCells('A1:E1');
  sheet.getRow(2).values = ['机构编号', '机构名称', '托位数', '经度', '纬度'];
  const [f1, f2] = tinyTownFeatures('facilities') as { properties: Record<string, unknown>; geometry: { coordinates: number[] } }[];
  sheet.getRow(3).values = [
    'F1',
    { richText: [{ text: '东街道' }, { font: { bold: true }, text: '社区托育中心' }] },
    { formula: '20*2', result: 40 },
    ...f1!.geometry.coordinates,
  ];
  sheet.getRow(5).values = ['F2', { text: '北镇托育园', hyperlink: 'https://example.org' }, '１２００', ...f2!.geometry.coordinates];
  sheet.getRow(6).values = [new Date(Date.UTC(2025, 2, 1)), null, { error: '#N/A' }, 'x', ''];
  register = { name: '机构.xlsx', bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
}, 60_000);

const read = (file: SourceFile, layer?: string) => xlsxReader.readLayer(file, fileMap(file), { layer });

describe('XLSX reader', () => {
  it('is the reader for .xlsx', () => {
    expect(readerFor('名录.XLSX')).toBe(xlsxReader);
    expect(readerFor('名录.xls')).toBeUndefined();
  });

  it('asks which sheet when there are several, and reads the one named as tiny-town has it', async () => {
    const problem = await read(twoSheets).catch((e: unknown) => e);
    expect(problem).toMatchObject({ file: '名录.xlsx', code: 'layer_required' });
    expect((problem as { text: { zh: string } }).text.zh).toContain('“乡镇”、“托育机构”');

    const townships = await read(twoSheets, '乡镇');
    expect(townships).toMatchObject({ format: 'XLSX', layer: '乡镇', layers: ['乡镇', '托育机构'], crs: null, encoding: null });
    expect(townships.fields).toEqual(['code', 'name', 'population']);
    expect(townships.features.map((f) => f.properties)).toEqual(tinyTownFeatures('townships').map((f) => f.properties));

    const facilities = await read(twoSheets, '托育机构');
    expect(facilities.fields).toEqual(Object.values(HEADERS));
    facilities.features.forEach((feature, i) => {
      expect(feature).toMatchObject({ id: i + 2, geometry: null });
      for (const [ours, theirs] of Object.entries(HEADERS))
        expect(feature.properties[theirs]).toBe(tinyTownFeatures('facilities')[i]!.properties![ours] ?? null);
    });
    await expect(read(twoSheets, 'Sheet1')).rejects.toMatchObject({ code: 'unknown_layer' });
  });

  it('reads the only sheet without a layer, skips a merged title and blank rows, and gives plain cell values', async () => {
    const layer = await read(register);
    expect(layer).toMatchObject({ layer: '托育机构', layers: ['托育机构'], fields: ['机构编号', '机构名称', '托位数', '经度', '纬度'] });
    expect(layer.features).toEqual([
      {
        type: 'Feature',
        id: 3,
        geometry: null,
        properties: { 机构编号: 'F1', 机构名称: '东街道社区托育中心', 托位数: 40, 经度: 120.6523945, 纬度: 27.998056 },
      },
      {
        type: 'Feature',
        id: 5,
        geometry: null,
        properties: { 机构编号: 'F2', 机构名称: '北镇托育园', 托位数: '１２００', 经度: 120.651075, 纬度: 28.00378 },
      },
      {
        type: 'Feature',
        id: 6,
        geometry: null,
        properties: { 机构编号: '2025-03-01', 机构名称: null, 托位数: '#N/A', 经度: 'x', 纬度: null },
      },
    ]);
  });

  it('gives dates as ISO dates, with the time only when there is one', () => {
    expect(plainCellValue(new Date(Date.UTC(2025, 11, 31)))).toBe('2025-12-31');
    expect(plainCellValue(new Date(Date.UTC(2025, 11, 31, 8, 30)))).toBe('2025-12-31T08:30:00');
    expect(plainCellValue({ formula: 'TODAY()', result: new Date(Date.UTC(2026, 0, 2)) })).toBe('2026-01-02');
    expect(plainCellValue({ text: { richText: [{ text: '链接' }] }, hyperlink: 'x' } as unknown as ExcelJS.CellValue)).toBe('链接');
  });

  it('refuses what is not a workbook, and a workbook that would inflate past the cap, naming the file', async () => {
    await expect(read({ name: '坏.xlsx', bytes: strToU8('名称,托位数') })).rejects.toMatchObject({ file: '坏.xlsx', code: 'bad_archive' });
    await expect(read({ name: '空.xlsx', bytes: zipSync({ 'a.txt': strToU8('x') }) })).rejects.toMatchObject({ file: '空.xlsx' });
    const bomb = forgeDeclaredSize(register.bytes, MAX_INFLATED_BYTES);
    await expect(read({ name: '炸弹.xlsx', bytes: bomb })).rejects.toMatchObject({ file: '炸弹.xlsx', code: 'too_large' });
  });
});
