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
  return wholeNumbers.format(Math.round(n));
}
// One formatter each, made once: `toLocaleString` builds an ICU formatter on every call, which was half
// the cost of a compliance check's explanation.
const wholeNumbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimals = new Map<number, Intl.NumberFormat>();

/** A number with thousands separators and at most `digits` decimals: 1234.5678 → "1,234.57". */
export function groupedDecimal(n: number, digits = 2): string {
  let format = decimals.get(digits);
  if (!format) decimals.set(digits, (format = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })));
  return format.format(n);
}
