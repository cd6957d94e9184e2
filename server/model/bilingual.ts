/**
 * A message the server writes for people, in Chinese (the planners' language and the UI default) and
 * English. Engine functions return their reasons, bases and notes in this shape; the HTTP layer sends
 * the English text under the field's own name (`reason`, `notes`, as before) and the Chinese text beside
 * it with the suffix `Zh` (`reasonZh`, `notesZh`), like `nameEn`/`nameZh` of an indicator.
 *
 * Names and figures from the data (township names, profile notes) go into both texts as they are.
 */

export type Language = 'zh' | 'en';

export interface Bilingual {
  zh: string;
  en: string;
}

export function bilingual(zh: string, en: string): Bilingual {
  return { zh, en };
}

/** The text of `message` in `language`; null stays null. */
export function textIn(message: Bilingual | null, language: Language): string | null {
  return message === null ? null : message[language];
}

/** The texts of `messages` in `language`, in order. */
export function textsIn(messages: readonly Bilingual[], language: Language): string[] {
  return messages.map((m) => m[language]);
}

/** A text's two JSON fields: English under `Field`, Chinese under `${Field}Zh` (`reason`, `reasonZh`). */
export type BilingualFields<Field extends string, Text> = { [K in Field]: Text } & { [K in `${Field}Zh`]: Text };

/**
 * A text (or list of texts) as every response sends it: English under the field's own name and
 * Chinese beside it with the suffix `Zh`, in that order, e.g. `{ ...bilingualFields('reason', row.reason) }`
 * → `{ reason: 'No data…', reasonZh: '无数据…' }`. Null stays null in both; a list gives two lists.
 */
export function bilingualFields<Field extends string>(field: Field, message: Bilingual): BilingualFields<Field, string>;
export function bilingualFields<Field extends string>(field: Field, message: Bilingual | null): BilingualFields<Field, string | null>;
export function bilingualFields<Field extends string>(field: Field, messages: readonly Bilingual[]): BilingualFields<Field, string[]>;
export function bilingualFields(field: string, message: Bilingual | null | readonly Bilingual[]): Record<string, string | string[] | null> {
  const inLanguage = (language: Language) => (isList(message) ? textsIn(message, language) : textIn(message, language));
  return { [field]: inLanguage('en'), [`${field}Zh`]: inLanguage('zh') };
}

function isList(message: Bilingual | null | readonly Bilingual[]): message is readonly Bilingual[] {
  return Array.isArray(message);
}

/** A whole number with thousands separators, as Chinese planning documents write it: 963238 → "963,238". */
export function grouped(n: number): string {
  const whole = Math.round(n);
  return Number.isSafeInteger(whole) && !Object.is(whole, -0) ? withSeparators(String(whole)) : wholeNumbers.format(whole);
}

/**
 * A number with thousands separators and at most `digits` decimals: 1234.5678 → "1,234.57".
 *
 * Written out in JavaScript for ordinary numbers, and exactly as `Intl.NumberFormat('en-US', {
 * maximumFractionDigits })` writes them (test/model/number-format.test.ts compares the two on a million
 * numbers): ICU rounds the shortest decimal that reads back as the number (`String(n)`), half away from
 * zero, and drops trailing zeros. A compliance check's explanation formats a dozen numbers, and ICU's
 * formatter cost as much as the rest of the explanation. Other numbers (exponent notation, −0, not
 * finite) go to ICU.
 */
export function groupedDecimal(n: number, digits = 2): string {
  const text = String(n);
  if (!Number.isInteger(digits) || digits < 0 || digits > 20 || text.includes('e') || !Number.isFinite(n) || Object.is(n, -0)) {
    return decimalFormat(digits).format(n);
  }
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  const point = unsigned.indexOf('.');
  let whole = point < 0 ? unsigned : unsigned.slice(0, point);
  let fraction = point < 0 ? '' : unsigned.slice(point + 1);
  if (fraction.length > digits) {
    const roundUp = fraction.charCodeAt(digits) >= 53; // '5'
    fraction = fraction.slice(0, digits);
    if (roundUp) {
      const digitsUp = incrementDecimal(whole + fraction);
      whole = digitsUp.slice(0, digitsUp.length - fraction.length);
      fraction = digitsUp.slice(digitsUp.length - fraction.length);
    }
  }
  fraction = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${withSeparators(whole)}${fraction ? `.${fraction}` : ''}`;
}

// ICU's formatters for what the fast paths above leave to them, made once each (`toLocaleString` builds
// one per call).
const wholeNumbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimals = new Map<number, Intl.NumberFormat>();
function decimalFormat(digits: number): Intl.NumberFormat {
  let format = decimals.get(digits);
  if (!format) decimals.set(digits, (format = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })));
  return format;
}

/** "1234567" → "1,234,567" (an optional leading "-" is kept). */
function withSeparators(digitsText: string): string {
  const sign = digitsText.startsWith('-') ? '-' : '';
  const body = sign ? digitsText.slice(1) : digitsText;
  if (body.length <= 3) return digitsText;
  let out = body.slice(0, body.length % 3 || 3);
  for (let i = out.length; i < body.length; i += 3) out += `,${body.slice(i, i + 3)}`;
  return sign + out;
}

/** A string of decimal digits plus one in its last place: "0999" → "1000", "99" → "100". */
function incrementDecimal(digitsText: string): string {
  const chars = digitsText.split('');
  let i = chars.length - 1;
  while (i >= 0 && chars[i] === '9') chars[i--] = '0';
  if (i < 0) return `1${chars.join('')}`;
  chars[i] = String.fromCharCode(chars[i]!.charCodeAt(0) + 1);
  return chars.join('');
}
