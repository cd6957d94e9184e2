/**
 * The thousands-separated numbers of explanations and notes (server/model/bilingual.ts) are written in
 * JavaScript for speed; they must read exactly as ICU's `Intl.NumberFormat('en-US')` writes them.
 */
import { describe, expect, it } from 'vitest';
import { grouped, groupedDecimal } from '../../server/model/bilingual.js';
import { seededRandom } from '../fixtures/synthetic-city.js';

const icu = (digits: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });

describe('grouped and groupedDecimal', () => {
  it('write hand-checked numbers', () => {
    expect(grouped(963238)).toBe('963,238');
    expect(grouped(-1234.5)).toBe('-1,234');
    expect(grouped(999.5)).toBe('1,000');
    expect(grouped(12)).toBe('12');
    expect(groupedDecimal(1234.5678)).toBe('1,234.57');
    expect(groupedDecimal(2.5955049699113686, 1)).toBe('2.6');
    expect(groupedDecimal(1.005)).toBe('1.01'); // the shortest decimal is 1.005: half away from zero
    expect(groupedDecimal(0.999)).toBe('1');
    expect(groupedDecimal(-0.001)).toBe('-0');
    expect(groupedDecimal(99999.996)).toBe('100,000');
    expect(groupedDecimal(5.5, 0)).toBe('6');
    expect(groupedDecimal(1e21)).toBe('1,000,000,000,000,000,000,000');
  });

  it('equal ICU on a million numbers of every size, sign and number of decimals', () => {
    const next = seededRandom(15);
    const formats = [0, 1, 2, 3, 4].map(icu);
    const mismatches: string[] = [];
    for (let i = 0; i < 1_000_000 && mismatches.length < 5; i++) {
      const digits = i % 5;
      const magnitude = 10 ** Math.floor(next() * 22 - 8);
      const kind = i % 4;
      // Plain doubles, numbers on a decimal grid (ties such as 2.675 or 0.125 included), integers, and negatives.
      let n = next() * magnitude;
      if (kind === 1) n = Math.round(n * 1000) / 1000 + (next() < 0.5 ? 0.005 : 0.0005);
      if (kind === 2) n = Math.round(n);
      if (next() < 0.3) n = -n;
      const expected = formats[digits]!.format(n);
      const actual = groupedDecimal(n, digits);
      if (actual !== expected) mismatches.push(`groupedDecimal(${n}, ${digits}) = ${actual}, ICU ${expected}`);
      const whole = formats[0]!.format(Math.round(n));
      if (grouped(n) !== whole) mismatches.push(`grouped(${n}) = ${grouped(n)}, ICU ${whole}`);
    }
    for (const n of [0, -0, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, 2 ** 60, 1e-7, -1e-7, 0.5, -0.5, 1.5, 2.5])
      for (const digits of [0, 2]) {
        if (groupedDecimal(n, digits) !== icu(digits).format(n)) mismatches.push(`groupedDecimal(${n}, ${digits})`);
        if (grouped(n) !== icu(0).format(Math.round(n))) mismatches.push(`grouped(${n})`);
      }
    expect(mismatches).toEqual([]);
  });
});
