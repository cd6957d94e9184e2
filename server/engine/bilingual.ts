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

/** A whole number with thousands separators, as Chinese planning documents write it: 963238 → "963,238". */
export function grouped(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
