/**
 * CSV cells as spreadsheet programs read them. A text starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is a formula to Excel and LibreOffice (CSV injection, OWASP): such texts get a leading
 * apostrophe, which the spreadsheet shows as text. Numbers stay numbers (−3 is not a formula).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: quoted when it holds a comma, quote or line break; formula-like text neutralised. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
