/**
 * The annual report as an Excel workbook: the indicator table of the year and the trend. Built by
 * exceljs, in a compute worker when the service has a pool (./index.ts): it is CPU work of tens of
 * milliseconds per county, and loading exceljs is not needed by the threads that answer requests.
 */
import ExcelJS from 'exceljs';
import { PLAN_YEARS } from '../engine/indicators/index.js';
import { comparisonZh, originZh, rounded, statusZh, tableCells, tableColumns, unitZh } from './indicator-cells.js';
import type { IndicatorWorkbookInput } from './index.js';

export async function buildIndicatorWorkbook({ name, year, rows, trends }: IndicatorWorkbookInput): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tuowei 托位';
  workbook.title = `${name} ${year} 年托育指标`;

  const table = workbook.addWorksheet(`指标 ${year}`);
  table.columns = tableColumns.map((c) => ({ ...c }));
  for (const row of rows) table.addRow(tableCells(row));
  table.getRow(1).font = { bold: true };
  table.views = [{ state: 'frozen', ySplit: 1 }];

  const years = trends[0]?.points.map((p) => p.year) ?? [...PLAN_YEARS];
  const trend = workbook.addWorksheet(`趋势 ${years[0]}-${years[years.length - 1]}`);
  trend.columns = [
    { header: '编号', key: 'id', width: 30 },
    { header: '指标', key: 'nameZh', width: 36 },
    { header: '单位', key: 'unit', width: 14 },
    ...years.flatMap((y) => [
      { header: `${y} 数值`, key: `${y}-value`, width: 10 },
      { header: `${y} 来源`, key: `${y}-origin`, width: 8 },
      { header: `${y} 目标`, key: `${y}-target`, width: 10 },
      { header: `${y} 状态`, key: `${y}-status`, width: 8 },
    ]),
  ];
  for (const series of trends) {
    const cells: Record<string, string | number | null> = { id: series.id, nameZh: series.nameZh, unit: unitZh[series.unit] };
    for (const p of series.points) {
      cells[`${p.year}-value`] = rounded(p.value);
      cells[`${p.year}-origin`] = p.origin ? originZh[p.origin] : null;
      cells[`${p.year}-target`] = p.target === null ? null : `${p.comparison ? comparisonZh[p.comparison] : ''}${rounded(p.target)}`;
      cells[`${p.year}-status`] = statusZh[p.status];
    }
    trend.addRow(cells);
  }
  trend.getRow(1).font = { bold: true };
  trend.views = [{ state: 'frozen', ySplit: 1, xSplit: 2 }];

  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
