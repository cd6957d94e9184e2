/**
 * Where a problem of an import is, as one string: `facilities.xlsx#3.托位数` — the file, then `#` and
 * the row (0-based feature index) when it has one, then `.` and the column when it has one. The 422's
 * issue paths (the direct commit and the import job's) and the CLI's problem lines use this one form,
 * so the wizard reads both answers the same way.
 */
import type { ImportProblem } from './preview.js';

export function importProblemPath(problem: Pick<ImportProblem, 'file' | 'row' | 'column'>): string {
  return `${problem.file}${problem.row !== undefined ? `#${problem.row}` : ''}${problem.column ? `.${problem.column}` : ''}`;
}
