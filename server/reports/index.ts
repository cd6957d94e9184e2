/**
 * Reports handed to the bureau: the indicator table's cells (indicator-cells.ts, for CSV and Excel) and
 * the Excel workbook (indicator-workbook.ts), which is built in the compute pool when there is one.
 */
import type { IndicatorRow, IndicatorTrend } from '../engine/indicators/index.js';

/** What the workbook is made of: plain data, so that it can cross to a worker thread. */
export interface IndicatorWorkbookInput {
  /** The jurisdiction's name, in the workbook's title. */
  name: string;
  year: number;
  rows: IndicatorRow[];
  trends: IndicatorTrend[];
}

/** What builds the workbook elsewhere: the compute pool (server/jobs/compute/pool.ts). */
export interface WorkbookBuilder {
  indicatorWorkbook(input: IndicatorWorkbookInput): Promise<Uint8Array>;
}

/** The workbook's bytes, built by the compute pool when there is one (else here; exceljs loaded on first use). */
export async function indicatorWorkbook(compute: WorkbookBuilder | null, input: IndicatorWorkbookInput): Promise<Buffer> {
  const bytes = compute
    ? await compute.indicatorWorkbook(input)
    : await (await import('./indicator-workbook.js')).buildIndicatorWorkbook(input);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
