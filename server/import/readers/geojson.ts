/**
 * GeoJSON and JSON files (.geojson, .json): the version-1 package's own format and its manifest and
 * profile. UTF-8 as RFC 7946 requires (a byte order mark is dropped); the text is parsed as it is and
 * validated by the package schema, which names each feature's problems.
 */
import { bilingual } from '../../model/index.js';
import { say } from '../../schemas/messages.js';
import { UnreadableFile } from '../validate-package.js';
import type { LayerReader, SourceFile } from './reader.js';

const decoder = new TextDecoder('utf-8');

export const geoJsonReader: LayerReader = {
  format: 'GeoJSON',
  accepts: (fileName) => /\.(json|geojson)$/i.test(fileName),
  read: (file: SourceFile) => parseJson(decoder.decode(file.bytes)),
};

export function parseJson(text: string): unknown {
  let value: unknown;
  try {
    // Strip a UTF-8 byte order mark: Windows tools write one and JSON.parse rejects it.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = (error as Error).message;
    const position = /position (\d+)/.exec(reason)?.[1];
    return new UnreadableFile(say(bilingual(`不是有效的 JSON${position !== undefined ? `（第 ${position} 个字符处有语法错误）` : ''}`, `not valid JSON: ${reason}`)));
  }
  // PostgreSQL text cannot hold U+0000; only the escape \u0000 can put one in parsed JSON.
  if (/\\u0000/.test(text) && containsNul(value)) return new UnreadableFile(say(bilingual('含有 NUL 字符（\\u0000），文本中不允许出现', 'holds the NUL character (\\u0000), which text may not contain')));
  return value;
}

/** Whether some string or key inside a parsed JSON value holds U+0000 (iterative: no stack overflow). */
function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return true;
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, element] of Object.entries(item)) {
        if (key.includes('\u0000')) return true;
        stack.push(element);
      }
    }
  }
  return false;
}
