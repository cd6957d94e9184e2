/**
 * Numbers as people in China type them, read in one place for every numeric field of the client:
 * full-width digits and signs from a Chinese input method (`１２００`, `１．５`), thousands separators
 * (`12,000`, `12，000`), spaces, the ideographic full stop `。` a pinyin keyboard gives for `.`, and the
 * magnitude words `万` (10,000) and `千` (1,000) where planners write them (`1.2万` = 12,000 residents).
 * A percent sign is allowed only where the field says so.
 *
 * The result is exact for what was typed: `1.2万` is 12000, not 12000.000000000002.
 */

/** Why a text is not a number, for the field's message. */
export type NumberProblem = 'empty' | 'invalid';

export type ParsedNumber = { ok: true; value: number } | { ok: false; problem: NumberProblem };

export interface ParseNumberOptions {
  /** Accept a trailing `%` (`70%`, `７０％`); the value stays in percent (70). Default false. */
  percent?: boolean;
}

const MAGNITUDES: Record<string, number> = { 万: 10_000, 千: 1_000 };

/** `1,234,567` or `1234567`; the digits after the point, if any, never carry separators. */
const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$/;

/** Reads a number typed by a person (see the module comment). */
export function parseTypedNumber(text: string, options: ParseNumberOptions = {}): ParsedNumber {
  // NFKC turns full-width digits, ．，－＋％ and the ideographic space into their ASCII forms.
  let cleaned = text
    .normalize('NFKC')
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/。/g, '.')
    .replace(/[−–]/g, '-');
  if (cleaned === '') return { ok: false, problem: 'empty' };
  if (options.percent && cleaned.endsWith('%')) cleaned = cleaned.slice(0, -1);
  let factor = 1;
  const last = cleaned.slice(-1);
  if (MAGNITUDES[last] !== undefined) {
    factor = MAGNITUDES[last];
    cleaned = cleaned.slice(0, -1);
  }
  if (!NUMBER.test(cleaned)) return { ok: false, problem: 'invalid' };
  const digits = cleaned.replace(/,/g, '');
  const value = factor === 1 ? Number(digits) : scaled(digits, factor);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: 'invalid' };
}

/** The number, or null when the text is empty or not a number (for fields that only need the value). */
export function typedNumberOrNull(text: string, options: ParseNumberOptions = {}): number | null {
  const parsed = parseTypedNumber(text, options);
  return parsed.ok ? parsed.value : null;
}

/** A whole number ≥ 0 (slots, residents, households, metres), or null. `1.2万` counts, `1.5` does not. */
export function typedWholeNumber(text: string): number | null {
  const value = typedNumberOrNull(text);
  return value !== null && Number.isInteger(value) && value >= 0 ? value : null;
}

/** `digits` × `factor` (a power of ten) by moving the decimal point, so no binary rounding creeps in. */
function scaled(digits: string, factor: number): number {
  const shift = Math.round(Math.log10(factor));
  const negative = digits.startsWith('-');
  const unsigned = digits.replace(/^[+-]/, '');
  const [whole = '', fraction = ''] = unsigned.split('.');
  const padded = fraction.padEnd(shift, '0');
  const text = `${whole}${padded.slice(0, shift)}.${padded.slice(shift) || '0'}`;
  const value = Number(text);
  return negative ? -value : value;
}
