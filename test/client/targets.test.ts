/**
 * The one wording of targets, statuses and changes (client/i18n/targets.ts, client/i18n/change.ts),
 * in both languages: the same target reads the same on every screen, and a change is rounded once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeText, isShownChange } from '../../client/i18n/change.js';
import { setLocale } from '../../client/i18n/i18n.js';
import { comparisonOf, meetsTarget, statusText, targetStatus, targetText } from '../../client/i18n/targets.js';

// The locale switch sets the page's lang attribute; outside a browser a bare element stands in.
beforeAll(() => {
  (globalThis as { document?: unknown }).document = { documentElement: {} };
});
afterAll(() => {
  setLocale('zh');
  delete (globalThis as { document?: unknown }).document;
});

describe('targetText and statusText', () => {
  it('write the plan’s targets in Chinese', () => {
    setLocale('zh');
    expect(targetText(5.5, '>=', 'per1000')).toBe('≥ 5.5 个/千人');
    expect(targetText(5.5, '>=', 'per1000', false)).toBe('≥ 5.5');
    expect(targetText(5.55, '>', 'per1000')).toBe('> 5.55 个/千人');
    expect(targetText(65, '>=', 'percent')).toBe('≥ 65%');
    expect(targetText(100, 'substantially_full', 'percent')).toBe('基本全覆盖（≥ 95%）');
    expect(targetText(4, '>=', 'count')).toBe('≥ 4 个');
    expect(targetText(null, '>=', 'percent')).toBe('无目标');
    expect(['met', 'not_met', 'no_target', 'no_data'].map((s) => statusText(s as 'met'))).toEqual(['达标', '未达标', '无目标', '无数据']);
  });
  it('write the same targets in English', () => {
    setLocale('en');
    expect(targetText(5.5, '>=', 'per1000')).toBe('≥ 5.5 per 1,000 residents');
    expect(targetText(100, 'substantially_full', 'percent')).toBe('Substantially full (≥ 95%)');
    expect(targetText(4, '>=', 'count')).toBe('≥ 4');
    expect(statusText('not_met')).toBe('Not met');
    setLocale('zh');
  });
});

describe('meetsTarget, targetStatus and comparisonOf', () => {
  it('decide a status under the plan’s comparison', () => {
    expect(meetsTarget(5.5, 5.5, '>=')).toBe(true);
    expect(meetsTarget(5.5, 5.5, '>')).toBe(false);
    expect(meetsTarget(95, 100, 'substantially_full')).toBe(true);
    expect(meetsTarget(94.9, 100, 'substantially_full')).toBe(false);
    // 5.45 against 5.5 is 未达标 — never a third word such as 接近目标.
    expect(targetStatus(5.45, 5.5, '>=')).toBe('not_met');
    expect(targetStatus(null, 5.5, '>=')).toBe('no_data');
    expect(targetStatus(5, null, '>=')).toBe('no_target');
  });
  it('reads the comparison from the profile, >= when it states none', () => {
    const comparisons = { township_institution_coverage: { '2025': 'substantially_full' }, slots_per_1000: { '2025': '>' } };
    expect(comparisonOf(comparisons, 'township_institution_coverage', 2025)).toBe('substantially_full');
    expect(comparisonOf(comparisons, 'slots_per_1000', 2025)).toBe('>');
    expect(comparisonOf(comparisons, 'slots_per_1000', 2026)).toBe('>=');
    expect(comparisonOf(undefined, 'inclusive_share', 2025)).toBe('>=');
  });
});

describe('changeText', () => {
  it('rounds the exact change once, at the precision of its figure', () => {
    setLocale('zh');
    // 2.5955 → 3.1845 is shown 2.60 → 3.18; the change is the exact 0.589, rounded once.
    expect(changeText(3.1845 - 2.5955, 'per1000')).toBe('+0.59');
    expect(changeText(-12, 'count')).toBe('−12');
    expect(changeText(0.0134, 'points')).toBe('+1.3 个百分点');
    expect(changeText(0.004, 'per1000')).toBeNull();
    expect(changeText(0.0004, 'points')).toBeNull();
    expect(changeText(null, 'count')).toBeNull();
    expect(isShownChange(0.006, 'per1000')).toBe(true);
  });
});
