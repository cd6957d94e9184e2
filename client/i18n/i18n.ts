/**
 * Current locale, message lookup and number formatting. The choice is remembered in localStorage.
 * All numbers shown to the user go through the `Intl.NumberFormat` helpers here.
 */
import { en, zh, type MessageKey } from './messages';

export type Locale = 'zh' | 'en';

const STORAGE_KEY = 'tuowei.locale';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { zh, en };
const intlLocales: Record<Locale, string> = { zh: 'zh-CN', en: 'en-US' };

function readStoredLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

let current: Locale = readStoredLocale();
const listeners = new Set<(locale: Locale) => void>();

export function getLocale(): Locale {
  return current;
}

/** Switches the language, remembers it, and tells every subscriber to re-render. */
export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
  applyDocumentLanguage();
  for (const listener of listeners) listener(locale);
}

export function onLocaleChange(listener: (locale: Locale) => void): void {
  listeners.add(listener);
}

export function applyDocumentLanguage(): void {
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

/** The message for `key` in the current language, with `{name}` placeholders filled from `values`. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const template = dictionaries[current][key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = values[name];
    return value === undefined ? match : String(value);
  });
}

/** Message lookup for keys built at run time (facility types, statuses); falls back to the raw value. */
export function tMaybe(key: string, fallback: string): string {
  const dictionary = dictionaries[current] as Record<string, string>;
  return dictionary[key] ?? fallback;
}

const formatterCache = new Map<string, Intl.NumberFormat>();

function formatter(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const cacheKey = `${current}|${JSON.stringify(options)}`;
  let cached = formatterCache.get(cacheKey);
  if (!cached) {
    cached = new Intl.NumberFormat(intlLocales[current], options);
    formatterCache.set(cacheKey, cached);
  }
  return cached;
}

const DASH = '–';

/** A whole number with grouping (people, slots, counts). */
export function formatInteger(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return formatter({ maximumFractionDigits: 0 }).format(value);
}

/** A decimal with a fixed number of fraction digits (slots per 1,000, targets). */
export function formatDecimal(value: number | null | undefined, fractionDigits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return formatter({ minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value);
}

/** A target as printed in the plan: up to two decimals, no trailing zeros (5.5, 5.55). */
export function formatTarget(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return formatter({ maximumFractionDigits: 2 }).format(value);
}

/** A share given as a fraction in [0, 1], shown as a percentage with one decimal. */
export function formatShare(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return DASH;
  return formatter({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(fraction);
}

/** Distance in metres, rounded to whole metres. */
export function formatMetres(distanceM: number | null | undefined): string {
  if (distanceM === null || distanceM === undefined || !Number.isFinite(distanceM)) return DASH;
  return t('metres', { n: formatInteger(Math.round(distanceM)) });
}
