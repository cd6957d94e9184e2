/**
 * Every string a person reads in the client exists in both languages, and each is written in its own
 * language: no English words inside a Chinese string (beyond units, acronyms and names listed below),
 * no Chinese characters inside an English one. Covers the map page's catalogue, the dashboard's, the
 * admin page's (with the map page's walkthrough), the roll-up page's, the facility type names and the target wording.
 */
import { describe, expect, it } from 'vitest';
import { adminCatalogues } from '../../client/admin/messages.js';
import { dashboardCatalogues } from '../../client/dashboard/messages.js';
import { rollupCatalogues } from '../../client/rollup/messages.js';
import { en, facilityTypeNames, zh } from '../../client/i18n/messages.js';
import { targetCatalogues } from '../../client/i18n/targets.js';
import { scheduleCatalogues } from '../../client/whatif/schedule-messages.js';
import { populationCatalogues } from '../../client/dashboard/registry/population-messages.js';

const catalogues: Record<string, { zh: Record<string, string>; en: Record<string, string> }> = {
  'i18n/messages.ts': { zh, en },
  'dashboard/messages.ts': dashboardCatalogues,
  'admin/messages.ts': adminCatalogues,
  'rollup/messages.ts': rollupCatalogues,
  'facility type names': facilityTypeNames,
  'i18n/targets.ts': targetCatalogues,
  'whatif/schedule-messages.ts': scheduleCatalogues,
  'dashboard/registry/population-messages.ts': populationCatalogues,
};

/**
 * Latin words a Chinese sentence may carry: units, acronyms, file formats, product and standard names
 * that Chinese planning documents also write in Latin letters.
 */
const ALLOWED_IN_ZH = new Set(
  [
    'km',
    'm',
    'CSV',
    'Excel',
    'GeoJSON',
    'JSON',
    'API',
    'E2SFCA',
    'WGS84',
    'GCJ',
    'BD',
    'ID',
    'PDF',
    'A4',
    'A3',
    'pp',
    'OpenStreetMap',
    'OSM',
    'XYZ',
    'URL',
    'PNG',
    'xlsx',
    'geojson',
    'Token',
    'token',
    'min',
    'GPS',
    'GCJ02',
    'BD09',
  ].map((w) => w.toLowerCase()),
);
/**
 * Strings that must be in the other language or carry an id, by key: the language switch names the
 * other language in that language (English / 中文); an indicator id's format is shown with an example id;
 * a count has no unit word in English (4 centres → "≥ 4").
 */
const EXCEPTIONS = new Set(['languageOther', 'indicatorIdInvalid', 'unit_count']);
/** Latin words (letters, then letters or digits: WGS84, E2SFCA) of two or more characters, skipping `{placeholders}`. */
function latinWords(text: string): string[] {
  return (text.replace(/\{\w+\}/g, '').match(/[A-Za-z][A-Za-z0-9]+/g) ?? []).filter((word) => !ALLOWED_IN_ZH.has(word.toLowerCase()));
}
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60]/;

describe.each(Object.entries(catalogues))('the %s catalogue', (_name, catalogue) => {
  it('has every key in both languages, none empty unless both are', () => {
    expect(Object.keys(catalogue.en).sort()).toEqual(Object.keys(catalogue.zh).sort());
    const oneSidedEmpty = Object.keys(catalogue.zh).filter(
      (key) => !EXCEPTIONS.has(key) && (catalogue.zh[key] === '') !== (catalogue.en[key] === ''),
    );
    expect(oneSidedEmpty).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    const differing = Object.keys(catalogue.zh).filter(
      (key) => placeholders(catalogue.zh[key]!).join() !== placeholders(catalogue.en[key] ?? '').join(),
    );
    expect(differing).toEqual([]);
  });

  it('has no English words inside the Chinese strings', () => {
    const offending = Object.entries(catalogue.zh)
      .filter(([key]) => !EXCEPTIONS.has(key))
      .map(([key, text]) => [key, latinWords(text)] as const)
      .filter(([, words]) => words.length > 0)
      .map(([key, words]) => `${key}: ${words.join(' ')}`);
    expect(offending).toEqual([]);
  });

  it('has no Chinese inside the English strings', () => {
    const offending = Object.entries(catalogue.en)
      .filter(([key, text]) => !EXCEPTIONS.has(key) && CJK.test(text))
      .map(([key, text]) => `${key}: ${text}`);
    expect(offending).toEqual([]);
  });
});
