/**
 * Shapefiles (.shp with the .dbf beside it, and the .prj and .cpg when present): the format every GIS
 * desk in China exports, typically in a CGCS2000 Gauss-Krüger zone with GBK text and no .cpg (ArcGIS's
 * habit on a Chinese Windows). Geometry and attributes are parsed by the `shapefile` package; this
 * module decides the text encoding (text-encoding.ts) and reads the CRS from the .prj.
 */
import { open } from 'shapefile';
import { bilingual } from '../../model/index.js';
import { decideEncoding, decodeText, encodingLabel } from './text-encoding.js';
import { loadSource, ReadProblem, type LayerReader, type SourceFeature, type SourceLayer, type TextEncoding } from './reader.js';
import { baseName, sidecar } from './sidecars.js';

/** Offset of the language-driver byte and of the header length in a .dbf header (dBASE III). */
const DBF_LANGUAGE_BYTE = 29;
const DBF_HEADER_LENGTH = 8;

export const shapefileReader: LayerReader = {
  format: 'Shapefile',
  accepts: (fileName) => /\.shp$/i.test(fileName),
  readLayer: async (file, files, options) => {
    const dbfFile = sidecar(file, files, '.dbf');
    if (!dbfFile)
      throw new ReadProblem(
        file.name,
        bilingual(
          `缺少属性表文件 ${baseName(file.name)}.dbf：Shapefile 的 .shp、.dbf（以及 .shx、.prj）须一起上传`,
          `${baseName(file.name)}.dbf is missing: a Shapefile's .shp and .dbf (and .shx, .prj) must be uploaded together`,
        ),
        'missing_dbf',
      );
    // The .shp and .dbf are parsed from memory (the shapefile package's API), one layer at a time.
    const dbf = await loadSource(dbfFile);
    if (dbf.bytes.length < 32)
      throw new ReadProblem(dbf.name, bilingual('.dbf 文件已损坏（长度不足）', 'the .dbf file is damaged (too short)'));
    const prjFile = sidecar(file, files, '.prj');
    const cpgFile = sidecar(file, files, '.cpg');
    const prj = prjFile ? await loadSource(prjFile) : undefined;
    const cpg = cpgFile ? await loadSource(cpgFile) : undefined;
    const headerLength = dbf.bytes[DBF_HEADER_LENGTH]! | (dbf.bytes[DBF_HEADER_LENGTH + 1]! << 8);
    const decided = decideEncoding(dbf.bytes.subarray(Math.min(headerLength, dbf.bytes.length)), {
      manifest: options.encoding,
      cpg: cpg ? new TextDecoder().decode(cpg.bytes) : undefined,
      languageByte: dbf.bytes[DBF_LANGUAGE_BYTE],
    });
    if ('problem' in decided) throw new ReadProblem(dbf.name, decided.problem, 'undecidable_encoding');
    const textOk = decodeText(dbf.bytes.subarray(Math.min(headerLength, dbf.bytes.length)), decided.encoding);
    if (typeof textOk !== 'string') throw new ReadProblem(dbf.name, textOk.problem, 'wrong_encoding');
    const fieldNames = dbfFieldNames(dbf.bytes, headerLength, decided.encoding);
    let features: SourceFeature[];
    try {
      const source = await open((await loadSource(file)).bytes, dbf.bytes, { encoding: encodingLabel(decided.encoding) });
      features = [];
      for (let result = await source.read(); !result.done; result = await source.read()) {
        const feature = result.value;
        const properties: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(feature.properties ?? {})) properties[columnName(key)] = value;
        features.push({ type: 'Feature', geometry: feature.geometry, properties });
      }
    } catch (error) {
      throw new ReadProblem(
        file.name,
        bilingual(
          `Shapefile 无法读取（文件已损坏？）：${(error as Error).message}`,
          `the Shapefile cannot be read (damaged?): ${(error as Error).message}`,
        ),
      );
    }
    let prjText: string | null = null;
    if (prj) {
      const text = decodeText(prj.bytes, 'UTF-8');
      prjText = typeof text === 'string' ? text.trim() : null;
    }
    const layer: SourceLayer = {
      file: file.name,
      format: 'Shapefile',
      layer: null,
      layers: [],
      crs: prjText ? { kind: 'definition', wkt: prjText } : null,
      encoding: decided.encoding,
      encodingSource: decided.source,
      fields: fieldNames,
      features,
    };
    return layer;
  },
};

/**
 * A column name as a person reads it. A .dbf name holds at most 10 bytes, so GDAL and ArcGIS cut longer
 * UTF-8 or GBK names inside a character (机构编号 in UTF-8 is 12 bytes): the broken tail is dropped.
 */
function columnName(raw: string): string {
  return raw.replace(/\uFFFD+$/u, '').trim();
}

/** The column names of a .dbf (32-byte descriptors after the 32-byte header, up to the 0x0D terminator). */
function dbfFieldNames(bytes: Uint8Array, headerLength: number, encoding: TextEncoding): string[] {
  const decoder = new TextDecoder(encodingLabel(encoding));
  const names: string[] = [];
  for (let at = 32; at + 32 <= headerLength && bytes[at] !== 0x0d; at += 32) {
    const raw = bytes.subarray(at, at + 11);
    const end = raw.indexOf(0);
    names.push(columnName(decoder.decode(raw.subarray(0, end < 0 ? 11 : end))));
  }
  return names;
}
