/**
 * Validation messages that schemas write themselves, in the reader's language. A schema cannot know who
 * reads its message, so it asks a language source that the caller installs: the HTTP layer answers with
 * the request's `Accept-Language` (server/http/language.ts), a CLI with its environment; without one,
 * Chinese. The message is chosen when an issue is made, so a schema stays a plain module-level constant.
 */
import { z } from 'zod';
import { bilingual, type Bilingual, type Language } from './bilingual.js';

export { bilingual };

let currentLanguage: () => Language = () => 'zh';

const zodLocales = { zh: z.locales.zhCN().localeError, en: z.locales.en().localeError };
// zod's own messages ("expected number, received string") in the reader's language wherever a schema is
// parsed without an error map of its own: package validation, the CLIs (HTTP parses pass one per request).
z.config({ localeError: (issue) => zodLocales[currentLanguage()](issue) });

/** Installs where the current reader's language comes from (once, at start-up). */
export function readLanguageFrom(source: () => Language): void {
  currentLanguage = source;
}

/** The current reader's language. */
export function readerLanguage(): Language {
  return currentLanguage();
}

/** `text` in the current reader's language, for messages made at parse time (`ctx.addIssue`). */
export function say(text: Bilingual): string {
  return text[currentLanguage()];
}

/**
 * A zod error option in both languages: `.min(1990, localized('年份不得早于 1990 年', 'year must be 1990 or later'))`,
 * `z.number(localized(…))`.
 */
export function localized(zh: string, en: string): { error: () => string } {
  return { error: () => (currentLanguage() === 'en' ? en : zh) };
}
