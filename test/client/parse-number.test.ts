/**
 * The one reader of typed numbers (client/i18n/parse-number.ts): full-width digits, thousands
 * separators, 万/千, the ideographic full stop, percent where allowed; and what it refuses.
 */
import { describe, expect, it } from 'vitest';
import { parseTypedNumber, typedNumberOrNull, typedWholeNumber } from '../../client/i18n/parse-number.js';

describe('parseTypedNumber', () => {
  it.each([
    ['1200', 1200],
    ['１２００', 1200],
    ['1,200', 1200],
    ['1，200', 1200],
    ['１，２００', 1200],
    ['12,345,678', 12_345_678],
    [' 1 200 ', 1200],
    ['1.5', 1.5],
    ['１．５', 1.5],
    ['1。5', 1.5],
    ['.5', 0.5],
    ['-3', -3],
    ['－３', -3],
    ['−3', -3],
    ['1.2万', 12_000],
    ['１．２万', 12_000],
    ['3万', 30_000],
    ['0.35万', 3_500],
    ['12.345万', 123_450],
    ['1,200万', 12_000_000],
    ['2千', 2_000],
    ['1.5千', 1_500],
  ])('reads %j as %d', (text, value) => {
    expect(parseTypedNumber(text)).toEqual({ ok: true, value });
  });

  it.each(['abc', '1,2', '12,34', '1,2345', '1.2.3', '万', '1万万', '1e3', '0x10', '1 2 3 a', '70%', '1.5亿', '--1'])(
    'refuses %j',
    (text) => {
      expect(parseTypedNumber(text)).toEqual({ ok: false, problem: 'invalid' });
    },
  );

  it('says a blank field is empty, not invalid', () => {
    expect(parseTypedNumber('   ')).toEqual({ ok: false, problem: 'empty' });
    expect(parseTypedNumber('　')).toEqual({ ok: false, problem: 'empty' });
  });

  it('accepts a percent sign only where the field asks for it, keeping the value in percent', () => {
    expect(parseTypedNumber('70%', { percent: true })).toEqual({ ok: true, value: 70 });
    expect(parseTypedNumber('７０％', { percent: true })).toEqual({ ok: true, value: 70 });
    expect(parseTypedNumber('70', { percent: true })).toEqual({ ok: true, value: 70 });
  });
});

describe('typedWholeNumber and typedNumberOrNull', () => {
  it('keeps whole numbers ≥ 0, including 万 amounts that come out whole', () => {
    expect(typedWholeNumber('１２０')).toBe(120);
    expect(typedWholeNumber('1.2万')).toBe(12_000);
    expect(typedWholeNumber('1.5')).toBeNull();
    expect(typedWholeNumber('-1')).toBeNull();
    expect(typedWholeNumber('')).toBeNull();
  });
  it('gives null for empty and invalid text', () => {
    expect(typedNumberOrNull('')).toBeNull();
    expect(typedNumberOrNull('x')).toBeNull();
    expect(typedNumberOrNull('2.8')).toBe(2.8);
  });
});
