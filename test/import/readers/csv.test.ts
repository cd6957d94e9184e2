import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvReader, detectDelimiter } from '../../../server/import/readers/csv.js';
import { readerFor, type LoadedSourceFile, type ReadOptions, type SourceFile } from '../../../server/import/readers/index.js';
import { encodeText, fileMap, ogr2ogr, scratch, sourceFile, tinyTownFeatures, tinyTownPath } from './fixtures.js';

const folder = scratch();
afterAll(() => folder.dispose());

const HEADERS = { id: '机构编号', name: '机构名称', type: '类型', status: '状态', slots: '托位数', inclusiveSlots: '普惠托位数' };

let gbk: LoadedSourceFile;
beforeAll(() => {
  // The facility register as an office has it: Chinese headers, coordinates in a UTM zone, saved as GBK.
  const columns = Object.entries(HEADERS)
    .map(([ours, theirs]) => `"${ours}" AS "${theirs}"`)
    .join(', ');
  ogr2ogr(
    '-f',
    'CSV',
    folder.at('机构.csv'),
    tinyTownPath('facilities'),
    '-t_srs',
    'EPSG:32651',
    '-lco',
    'GEOMETRY=AS_XY',
    '-sql',
    `SELECT ${columns} FROM facilities`,
  );
  const utf8 = sourceFile(folder.at('机构.csv'));
  gbk = { name: '机构.csv', bytes: encodeText(new TextDecoder().decode(utf8.bytes), 'GBK') };
}, 60_000);

const read = (file: SourceFile, options: ReadOptions = {}) => csvReader.readLayer(file, fileMap(file), options);
const csv = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

describe('CSV reader', () => {
  it('is the reader for .csv', () => {
    expect(readerFor('名录.CSV')).toBe(csvReader);
  });

  it('reads a GBK file with Chinese headers as GB18030, every row a feature with its text', async () => {
    const layer = await read(gbk);
    expect(layer).toMatchObject({ format: 'CSV', layer: null, crs: null, encoding: 'GB18030', encodingSource: 'not UTF-8' });
    expect(layer.fields).toEqual(['X', 'Y', ...Object.values(HEADERS)]);
    const source = tinyTownFeatures('facilities');
    expect(layer.features).toHaveLength(source.length);
    layer.features.forEach((feature, i) => {
      expect(feature.geometry).toBeNull();
      expect(feature.id).toBe(i + 2);
      for (const [ours, theirs] of Object.entries(HEADERS))
        expect(feature.properties[theirs]).toBe(String(source[i]!.properties![ours] ?? '') || null);
      // UTM zone 51N: tiny-town (120.65°E) lies west of the central meridian 123°E.
      expect(Number(feature.properties.X)).toBeGreaterThan(250_000);
      expect(Number(feature.properties.X)).toBeLessThan(300_000);
    });
  });

  it('uses the encoding the manifest names, and says when the bytes are not in it', async () => {
    expect(await read(gbk, { encoding: 'GBK' })).toMatchObject({ encoding: 'GBK', encodingSource: 'manifest' });
    await expect(read(gbk, { encoding: 'UTF-8' })).rejects.toMatchObject({ file: '机构.csv', code: 'wrong_encoding' });
    await expect(read({ name: '乱码.csv', bytes: new Uint8Array([0x61, 0x0a, 0x81, 0x20]) })).rejects.toMatchObject({
      file: '乱码.csv',
      code: 'undecidable_encoding',
    });
  });

  it('keeps numbers as written, skips blank rows and numbers features by their spreadsheet row', async () => {
    const text = '\uFEFF机构编号;托位数;经度;纬度\r\n\r\nF1;１２００;120,65;28\r\n;;;\r\n"F;2";"1,200";"120.6\n5";\r\n';
    const layer = await read(csv('欧洲.csv', text));
    expect(layer).toMatchObject({ encoding: 'UTF-8', encodingSource: 'valid UTF-8', fields: ['机构编号', '托位数', '经度', '纬度'] });
    expect(layer.features).toEqual([
      { type: 'Feature', id: 3, geometry: null, properties: { 机构编号: 'F1', 托位数: '１２００', 经度: '120,65', 纬度: '28' } },
      { type: 'Feature', id: 5, geometry: null, properties: { 机构编号: 'F;2', 托位数: '1,200', 经度: '120.6\n5', 纬度: null } },
    ]);
  });

  it('detects comma, semicolon and tab from the header line', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(detectDelimiter('a;b;"c,d,e"\n')).toBe(';');
    expect(detectDelimiter('经度\t纬度\t"名称,全称"')).toBe('\t');
    expect(detectDelimiter('名称')).toBe(',');
  });

  it('names a blank header by its column letter and refuses what cannot be a table', async () => {
    expect((await read(csv('a.csv', 'id,,lon\n1,x,2\n'))).fields).toEqual(['id', 'B', 'lon']);
    await expect(read(csv('b.csv', 'id,lon\n1,2\n3,4,5\n'))).rejects.toMatchObject({ code: 'cell_without_header' });
    const problem = await read(csv('b.csv', 'id,lon\n1,2\n3,4,5\n')).catch((e: unknown) => e);
    expect(problem).toMatchObject({
      file: 'b.csv',
      text: { zh: expect.stringContaining('C3') as string, en: expect.stringContaining('C3') as string },
    });
    await expect(read(csv('c.csv', 'id,名称,名称\n'))).rejects.toMatchObject({ code: 'duplicate_column' });
    await expect(read(csv('d.csv', '\n,,\n'))).rejects.toMatchObject({ code: 'no_header' });
    await expect(read(csv('e.csv', 'a,b\n"1,2\n'))).rejects.toMatchObject({ file: 'e.csv', code: 'malformed_csv' });
  });
});
