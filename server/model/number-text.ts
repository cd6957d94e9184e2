/**
 * Numbers as offices write them in spreadsheets and attribute tables: "710", full-width "１２００",
 * thousands separators "1,200" or "1，200", a trailing "万" (ten thousand: "1.2万" = 12000), spaces.
 * DATA_FORMAT.md version 2: numbers written as text are read as numbers; anything else is not a number.
 */

/** Full-width digits, signs, point and comma (U+FF10–FF19 and friends) as their ASCII forms. */
function halfWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF0B\uFF0D\uFF0E\uFF0C]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** A thousands-separated or plain decimal number, optionally signed. */
const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/**
 * The number a text stands for, or null when it is not one. Blank text is null too (the caller decides
 * whether a blank is allowed). Numbers pass through unchanged.
 */
export function numberFromText(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  let text = halfWidth(value).replace(/[\s\u3000]/g, '');
  let factor = 1;
  if (text.endsWith('万')) {
    factor = 10000;
    text = text.slice(0, -1);
  }
  if (!NUMBER.test(text)) return null;
  const number = Number(text.replace(/,/g, '')) * factor;
  // 1.2万 is 12000, not 12000.000000000002.
  return factor === 1 ? number : Math.round(number * 1e6) / 1e6;
}
