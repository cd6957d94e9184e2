import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMZ_MAX_KML_BYTES, kmlReader } from '../../../server/import/readers/kml.js';
import { readerFor, type SourceFile } from '../../../server/import/readers/index.js';
import { encodeText, fileMap, forgeDeclaredSize, ogr2ogr, scratch, sourceFile, tinyTownFeatures, tinyTownPath } from './fixtures.js';

const folder = scratch();
afterAll(() => folder.dispose());

let twoFolders: Uint8Array;
beforeAll(() => {
  // GDAL's KML driver writes one Folder per layer with a Schema and SimpleData, as most GIS tools do.
  ogr2ogr('-f', 'GPKG', folder.at('two.gpkg'), tinyTownPath('townships'), '-nln', '乡镇');
  ogr2ogr('-update', '-f', 'GPKG', folder.at('two.gpkg'), tinyTownPath('facilities'), '-nln', '托育机构');
  ogr2ogr('-f', 'KML', folder.at('两个文件夹.kml'), folder.at('two.gpkg'));
  ogr2ogr('-f', 'KML', folder.at('乡镇.kml'), tinyTownPath('townships'), '-nln', '乡镇');
  twoFolders = new Uint8Array(readFileSync(folder.at('两个文件夹.kml')));
}, 60_000);

const read = (file: SourceFile, layer?: string) => kmlReader.readLayer(file, fileMap(file), { layer });

/** What Google Earth saves: nested folders, altitudes, an HTML description, Data elements. */
const googleEarth = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>规划.kml</name>
<Style id="s"><IconStyle><scale>1.2</scale><Icon><href>http://maps.google.com/x.png</href></Icon></IconStyle></Style>
<Folder><name>项目</name>
  <Folder><name>2025</name>
    <Placemark><name>滨江花园</name><description><![CDATA[<b>住宅</b> 1200 户]]></description><styleUrl>#s</styleUrl>
      <ExtendedData><Data name="户数"><value>1200</value></Data><Data name="配建托位"><value>１２０</value></Data></ExtendedData>
      <Point><coordinates>120.6501,27.9990,35.5</coordinates></Point></Placemark>
  </Folder>
  <Folder><name>2026</name>
    <Placemark><name>北苑</name><LineString><coordinates>120.64,28.0,10 120.65,28.01,12</coordinates></LineString></Placemark>
    <Placemark><name>无坐标</name></Placemark>
  </Folder>
</Folder>
<GroundOverlay><name>底图</name><Icon><href>map.png</href></Icon><LatLonBox><north>28</north><south>27</south><east>121</east><west>120</west></LatLonBox></GroundOverlay>
</Document></kml>`;

describe('KML reader', () => {
  it('is the reader for .kml and .kmz', () => {
    expect(readerFor('规划.KML')).toBe(kmlReader);
    expect(readerFor('县/规划.kmz')).toBe(kmlReader);
  });

  it('reads the only folder in WGS84 with every feature and its SimpleData as tiny-town has it', async () => {
    const layer = await read(sourceFile(folder.at('乡镇.kml')));
    expect(layer).toMatchObject({ format: 'KML', layer: '乡镇', layers: ['乡镇'], crs: { kind: 'epsg', code: 4326 }, encoding: null });
    const source = tinyTownFeatures('townships');
    // GDAL writes the name column as the Placemark's <name>, before its ExtendedData.
    expect(layer.fields).toEqual(['name', 'code', 'population']);
    expect(layer.features.map((f) => f.properties)).toEqual(source.map((f) => f.properties));
    layer.features.forEach((f, i) => expect(f.geometry).toEqual(source[i]!.geometry));
  });

  it('asks which folder when there are several, and reads the one named', async () => {
    const file = { name: '两个文件夹.kml', bytes: twoFolders };
    const problem = await read(file).catch((e: unknown) => e);
    expect(problem).toMatchObject({ file: '两个文件夹.kml', code: 'layer_required' });
    expect((problem as { text: { zh: string } }).text.zh).toContain('“乡镇”、“托育机构”');

    const layer = await read(file, '托育机构');
    expect(layer.layers).toEqual(['乡镇', '托育机构']);
    const source = tinyTownFeatures('facilities');
    expect(layer.features.map((f) => f.properties)).toEqual(source.map((f) => f.properties));
    expect(layer.features.map((f) => f.geometry)).toEqual(source.map((f) => f.geometry));
    await expect(read(file, '道路')).rejects.toMatchObject({ code: 'unknown_layer' });
  });

  it('reads nested folders by path or bare name, in 2D, with data but not styles', async () => {
    const file = { name: '规划.kml', bytes: strToU8(googleEarth) };
    await expect(read(file)).rejects.toMatchObject({ code: 'layer_required' });
    const all = await read(file, '项目');
    expect(all.layers).toEqual(['项目', '项目/2025', '项目/2026']);
    expect(all.features.map((f) => f.properties.name)).toEqual(['滨江花园', '北苑', '无坐标']);

    const layer = await read(file, '2025');
    expect(layer.layer).toBe('项目/2025');
    expect(layer.fields).toEqual(['name', 'description', '户数', '配建托位']);
    // Full-width digits stay text: the assembly reads numbers written as text.
    expect(layer.features).toEqual([
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [120.6501, 27.999] },
        properties: { name: '滨江花园', description: '<b>住宅</b> 1200 户', 户数: '1200', 配建托位: '１２０' },
      },
    ]);
    const later = await read(file, '项目/2026');
    expect(later.features.map((f) => f.geometry)).toEqual([
      {
        type: 'LineString',
        coordinates: [
          [120.64, 28],
          [120.65, 28.01],
        ],
      },
      null,
    ]);
  });

  it('reads a KML whose XML declaration names GBK', async () => {
    const bytes = encodeText(googleEarth.replace('encoding="UTF-8"', 'encoding="GBK"'), 'GBK');
    const layer = await read({ name: 'gbk.kml', bytes }, '项目');
    expect(layer.features.map((f) => f.properties.name)).toEqual(['滨江花园', '北苑', '无坐标']);
  });

  it('reads doc.kml, else the first .kml, of a KMZ', async () => {
    const kmz = { name: '机构.kmz', bytes: zipSync({ 'files/icon.png': new Uint8Array(8), 'doc.kml': twoFolders }) };
    const layer = await read(kmz, '托育机构');
    expect(layer).toMatchObject({ file: '机构.kmz', format: 'KMZ', layer: '托育机构' });
    expect(layer.features).toHaveLength(5);
    const other = { name: 'b.kmz', bytes: zipSync({ 'a/规划.kml': strToU8(googleEarth) }) };
    expect((await read(other, '2026')).features).toHaveLength(2);
    const empty = { name: 'c.kmz', bytes: zipSync({ 'readme.txt': strToU8('x') }) };
    await expect(read(empty)).rejects.toMatchObject({ file: 'c.kmz', code: 'no_layer' });
  });

  it('refuses a KMZ whose KML would inflate past the cap, before inflating it', async () => {
    const bytes = forgeDeclaredSize(zipSync({ 'doc.kml': strToU8(googleEarth) }), KMZ_MAX_KML_BYTES + 1);
    const problem = await read({ name: '炸弹.kmz', bytes }).catch((e: unknown) => e);
    expect(problem).toMatchObject({ file: '炸弹.kmz', code: 'too_large' });
    expect((problem as { text: { en: string } }).text.en).toContain('200 MB');
  });

  it('refuses what is not KML, naming the file', async () => {
    await expect(read({ name: '坏.kml', bytes: strToU8('<kml><Document><Placemark>') })).rejects.toMatchObject({ file: '坏.kml' });
    await expect(read({ name: '坏.kmz', bytes: strToU8('not a zip') })).rejects.toMatchObject({ file: '坏.kmz' });
    await expect(read({ name: 'x.kml', bytes: new Uint8Array([0xff, 0xfe, 0x41]) })).rejects.toMatchObject({ code: 'wrong_encoding' });
  });
});
