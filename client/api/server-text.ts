/**
 * Texts the server writes for people (reasons, bases, notes) come in both languages: English under the
 * field's own name (`reason`, `notes`) and Chinese beside it with the suffix `Zh` (`reasonZh`,
 * `notesZh`). These pick the page's language, so no English text reaches a Chinese page.
 */
import { getLocale } from '../i18n/i18n';

/** `zh` on a Chinese page, else `en`; null when the server gave none. */
export function serverText<T extends string | null>(en: T, zh: T): T {
  return getLocale() === 'zh' ? zh : en;
}

/** The list in the page's language (`notes` or `notesZh`). */
export function serverTexts(en: readonly string[], zh: readonly string[]): readonly string[] {
  return getLocale() === 'zh' ? zh : en;
}
