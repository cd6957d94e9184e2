/**
 * A message lookup over a page's own dictionary, in the language the main i18n module keeps
 * (`tuowei.locale` in localStorage), so a page or widget can carry its own strings without touching
 * the shared dictionary. Placeholders are written `{name}`, as in i18n/messages.ts.
 */
import { getLocale, type Locale } from './i18n';

export type Translate<K extends string> = (key: K, values?: Record<string, string | number>) => string;

export function translator<K extends string>(dictionaries: Record<Locale, Record<K, string>>): Translate<K> {
  return (key, values = {}) =>
    dictionaries[getLocale()][key].replace(/\{(\w+)\}/g, (match, name: string) => {
      const value = values[name];
      return value === undefined ? match : String(value);
    });
}
