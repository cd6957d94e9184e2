/**
 * The text encoding of a .dbf or .csv (DATA_FORMAT.md version 2, `encoding`): the manifest's, else the
 * .cpg's, else the .dbf language-driver byte's, else UTF-8 when the bytes are valid UTF-8, else GB18030
 * (a superset of GBK, what ArcGIS writes on a Chinese Windows without a .cpg). Bytes that are neither
 * valid UTF-8 nor valid GB18030 cannot be decided: a problem, never mojibake stored without a word.
 */
import { bilingual, type Bilingual } from '../../model/index.js';
import { TEXT_ENCODINGS, type TextEncoding } from './reader.js';

export interface DecidedEncoding {
  encoding: TextEncoding;
  /** How it was decided, for the import report. */
  source: 'manifest' | 'cpg' | 'dbf language byte' | 'valid UTF-8' | 'not UTF-8';
}

/** The WHATWG label of each encoding (Node's TextDecoder, full ICU). */
const LABEL: Record<TextEncoding, string> = { 'UTF-8': 'utf-8', GBK: 'gbk', GB18030: 'gb18030', Big5: 'big5' };

/** The names a .cpg (or a manifest) writes for each encoding. */
const NAMES: [RegExp, TextEncoding][] = [
  [/^(utf-?8|65001)$/i, 'UTF-8'],
  [/^(gbk|cp936|936|ms936|windows-936|gb2312|euc-cn)$/i, 'GBK'],
  [/^(gb18030|54936)$/i, 'GB18030'],
  [/^(big5|cp950|950|big5-hkscs)$/i, 'Big5'],
];

/** The encoding a name stands for ('cp936' → GBK), or null. */
export function encodingOfName(name: string): TextEncoding | null {
  const t = name.trim();
  return TEXT_ENCODINGS.find((e) => e.toLowerCase() === t.toLowerCase()) ?? NAMES.find(([pattern]) => pattern.test(t))?.[1] ?? null;
}

/** The encoding a .dbf's language-driver byte (offset 29) names, when it names a Chinese code page or UTF-8. */
export function encodingOfLanguageByte(byte: number): TextEncoding | null {
  // ESRI's table of dBASE language drivers: 0x4D and 0x7A are code page 936 (GBK), 0x4F and 0x78 are 950 (Big5).
  if (byte === 0x4d || byte === 0x7a) return 'GBK';
  if (byte === 0x4f || byte === 0x78) return 'Big5';
  return null;
}

const strict = (encoding: TextEncoding) => new TextDecoder(LABEL[encoding], { fatal: true });

function decodes(bytes: Uint8Array, encoding: TextEncoding): boolean {
  try {
    strict(encoding).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides the encoding of `textBytes` (the bytes holding the file's text) by DATA_FORMAT's rule.
 * Returns a problem when given no name and the bytes are neither UTF-8 nor GB18030.
 */
export function decideEncoding(
  textBytes: Uint8Array,
  given: { manifest?: TextEncoding; cpg?: string; languageByte?: number },
): DecidedEncoding | { problem: Bilingual } {
  if (given.manifest) return { encoding: given.manifest, source: 'manifest' };
  const fromCpg = given.cpg !== undefined ? encodingOfName(given.cpg) : null;
  if (fromCpg) return { encoding: fromCpg, source: 'cpg' };
  const fromByte = given.languageByte !== undefined ? encodingOfLanguageByte(given.languageByte) : null;
  if (fromByte) return { encoding: fromByte, source: 'dbf language byte' };
  if (decodes(textBytes, 'UTF-8')) return { encoding: 'UTF-8', source: 'valid UTF-8' };
  if (decodes(textBytes, 'GB18030')) return { encoding: 'GB18030', source: 'not UTF-8' };
  return {
    problem: bilingual(
      '无法确定文字编码：既不是 UTF-8 也不是 GBK/GB18030。请在清单中指明 encoding（UTF-8、GBK、GB18030、Big5）',
      'cannot decide the text encoding: the bytes are neither UTF-8 nor GBK/GB18030; name the encoding in the manifest (UTF-8, GBK, GB18030, Big5)',
    ),
  };
}

/** `bytes` decoded as `encoding`; a problem when they are not valid in it (a wrong encoding named in the manifest). */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string | { problem: Bilingual } {
  try {
    return strict(encoding)
      .decode(bytes)
      .replace(/^\uFEFF/, '');
  } catch {
    return {
      problem: bilingual(
        `文字不是有效的 ${encoding} 编码，请检查清单中的 encoding`,
        `the text is not valid ${encoding}; check the manifest’s encoding`,
      ),
    };
  }
}

/** The WHATWG label of an encoding, for decoders that take one (the Shapefile reader's). */
export function encodingLabel(encoding: TextEncoding): string {
  return LABEL[encoding];
}
