/**
 * GeoJSON and JSON files (.geojson, .json): the version-1 package's own format and its manifest and
 * profile. UTF-8 as RFC 7946 requires (a byte order mark is dropped); the text is parsed as it is and
 * validated by the package schema, which names each feature's problems.
 */
import { bilingual, unstorableText } from '../../model/index.js';
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
  // PostgreSQL text cannot hold U+0000 and UTF-8 has no lone surrogates; only JSON escapes (\u0000,
  // \ud800) can put either into parsed JSON, so only texts with such an escape are searched.
  const problem = /\\u(0000|d[89a-f])/i.test(text) ? firstUnstorableText(value) : null;
  if (problem === 'nul') return new UnreadableFile(say(bilingual('含有 NUL 字符（\\u0000），文本中不允许出现', 'holds the NUL character (\\u0000), which text may not contain')));
  if (problem === 'lone_surrogate') {
    return new UnreadableFile(say(bilingual('含有单独的 UTF-16 代理字符（如 \\ud800），不是有效文本', 'holds a lone UTF-16 surrogate (such as \\ud800), which is not valid text')));
  }
  return value;
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
