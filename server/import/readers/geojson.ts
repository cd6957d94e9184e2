/**
 * GeoJSON and JSON files (.geojson, .json): the version-1 package's own format and its manifest and
 * profile. UTF-8 as RFC 7946 requires (a byte order mark is dropped); the text is parsed as it is and
 * validated by the package schema, which names each feature's problems. Bytes that are not UTF-8 are
 * refused, never turned into replacement characters: Chinese text saved as GBK/GB18030 (what many
 * Windows tools write) would otherwise be stored as mojibake without anyone noticing.
 */
import { bilingual, type Bilingual, unstorableText } from '../../model/index.js';
import { say } from '../../model/messages.js';
import { UnreadableFile } from '../validate-package.js';
import {
  loadSource,
  loadSourceSync,
  ReadProblem,
  type LayerReader,
  type LoadedSourceFile,
  type SourceFeature,
  type SourceFile,
} from './reader.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030', { fatal: true });

/** A version-1 package's JSON file, parsed, or an UnreadableFile saying why it cannot be (never throws for bad content). */
export function readJsonFile(file: SourceFile): unknown {
  const parsed = parseJsonFile(loadSourceSync(file));
  return 'problem' in parsed ? new UnreadableFile(say(parsed.problem)) : parsed.value;
}

/** A JSON file's parsed value, or why it cannot be parsed. */
function parseJsonFile(file: LoadedSourceFile): { value: unknown } | { problem: Bilingual } {
  let text: string;
  try {
    text = utf8.decode(file.bytes);
  } catch {
    return { problem: notUtf8(file.bytes) };
  }
  return parseJsonText(text);
}

/**
 * A GeoJSON layer of a version-2 package, in any CRS: the `crs` member (GeoJSON 2008, still written by
 * QGIS and ogr2ogr: {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}}) says which.
 */
export const geoJsonReader: LayerReader = {
  format: 'GeoJSON',
  accepts: (fileName) => /\.(json|geojson)$/i.test(fileName),
  readLayer: async (file) => {
    const parsed = parseJsonFile(await loadSource(file));
    if ('problem' in parsed) return Promise.reject(new ReadProblem(file.name, parsed.problem));
    const collection = parsed.value as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
    if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features))
      return Promise.reject(
        new ReadProblem(file.name, bilingual('不是 GeoJSON 要素集合（FeatureCollection）', 'not a GeoJSON FeatureCollection')),
      );
    const features = (collection.features as SourceFeature[]).map((f) => ({
      type: 'Feature' as const,
      geometry: f?.geometry ?? null,
      properties: { ...(f?.properties ?? {}) },
    }));
    const fields = [...new Set(features.flatMap((f) => Object.keys(f.properties)))];
    const crsName = collection.crs?.properties?.name;
    return Promise.resolve({
      file: file.name,
      format: 'GeoJSON',
      layer: null,
      layers: [],
      crs: typeof crsName === 'string' ? { kind: 'name' as const, name: crsName } : null,
      encoding: null,
      encodingSource: null,
      fields,
      features,
    });
  },
};

/** Why bytes that are not UTF-8 are refused; says so when they read as GB18030 (GBK) instead. */
function notUtf8(bytes: Uint8Array): Bilingual {
  let looksGbk: boolean;
  try {
    looksGbk = /[\u4e00-\u9fff]/.test(gb18030.decode(bytes));
  } catch {
    looksGbk = false;
  }
  return looksGbk
    ? bilingual(
        '不是 UTF-8 编码：看起来是 GBK/GB18030，请另存为 UTF-8 后再导入（GeoJSON 规定使用 UTF-8）',
        'not UTF-8: it reads as GBK/GB18030 text; save it as UTF-8 and import again (GeoJSON must be UTF-8)',
      )
    : bilingual('不是有效的 UTF-8 文本（GeoJSON 规定使用 UTF-8）', 'not valid UTF-8 text (GeoJSON must be UTF-8)');
}

/** Parsed JSON text, or why it cannot be stored (not JSON, a NUL character, a lone surrogate). */
export function parseJsonText(text: string): { value: unknown } | { problem: Bilingual } {
  let value: unknown;
  try {
    // Strip a UTF-8 byte order mark: Windows tools write one and JSON.parse rejects it.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = (error as Error).message;
    const position = /position (\d+)/.exec(reason)?.[1];
    return {
      problem: bilingual(
        `不是有效的 JSON${position !== undefined ? `（第 ${position} 个字符处有语法错误）` : ''}`,
        `not valid JSON: ${reason}`,
      ),
    };
  }
  // PostgreSQL text cannot hold U+0000 and UTF-8 has no lone surrogates; only JSON escapes (\u0000,
  // \ud800) can put either into parsed JSON, so only texts with such an escape are searched.
  const problem = /\\u(0000|d[89a-f])/i.test(text) ? firstUnstorableText(value) : null;
  if (problem === 'nul')
    return {
      problem: bilingual('含有 NUL 字符（\\u0000），文本中不允许出现', 'holds the NUL character (\\u0000), which text may not contain'),
    };
  if (problem === 'lone_surrogate') {
    return {
      problem: bilingual(
        '含有单独的 UTF-16 代理字符（如 \\ud800），不是有效文本',
        'holds a lone UTF-16 surrogate (such as \\ud800), which is not valid text',
      ),
    };
  }
  return { value };
}

/** What is wrong with the first string or key inside a parsed JSON value the database cannot store (iterative: no stack overflow). */
function firstUnstorableText(value: unknown): 'nul' | 'lone_surrogate' | null {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      const problem = unstorableText(item);
      if (problem) return problem;
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, element] of Object.entries(item)) {
        const problem = unstorableText(key);
        if (problem) return problem;
        stack.push(element);
      }
    }
  }
  return null;
}
