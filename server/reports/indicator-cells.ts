/**
 * The indicator table's cells as the bureau hands the annual report in (Chinese headers and words), for
 * the CSV export and the Excel workbook alike.
 */
import { textIn, textsIn, type TargetComparison } from '../model/index.js';
import type { IndicatorRow, IndicatorStatus, IndicatorUnit } from '../engine/indicators/index.js';

export const statusZh: Record<IndicatorStatus, string> = { met: '达标', not_met: '未达标', no_target: '无目标', no_data: '无数据' };
export const unitZh: Record<IndicatorUnit, string> = {
  per1000: '个/千人',
  percent: '%',
  count: '个',
  per1000_children: '人/千名儿童',
  per20k: '人/2万人',
  as_reported: '（按上报）',
};
export const comparisonZh: Record<TargetComparison, string> = { '>=': '≥', '>': '>', substantially_full: '基本全覆盖(≥95%)' };
export const originZh = { computed: '计算', reported: '上报' } as const;

/** Rounds away float noise for a report cell (the JSON keeps full precision). */
export const rounded = (x: number | null | undefined): number | null =>
  x === null || x === undefined ? null : Math.round(x * 10_000) / 10_000;

export const tableColumns = [
  { header: '编号', key: 'id', width: 30 },
  { header: '指标', key: 'nameZh', width: 36 },
  { header: 'Indicator', key: 'nameEn', width: 40 },
  { header: '年份', key: 'year', width: 8 },
  { header: '数值', key: 'value', width: 12 },
  { header: '单位', key: 'unit', width: 14 },
  { header: '数值来源', key: 'origin', width: 10 },
  { header: '目标', key: 'target', width: 10 },
  { header: '目标口径', key: 'comparison', width: 18 },
  { header: '状态', key: 'status', width: 10 },
  { header: '上报值', key: 'reportedValue', width: 10 },
  { header: '上报状态', key: 'reportedStatus', width: 10 },
  { header: '上报说明', key: 'reportedNote', width: 30 },
  { header: '上报来源', key: 'reportedSource', width: 24 },
  { header: '计算依据', key: 'basis', width: 60 },
  { header: '无数据原因', key: 'reason', width: 50 },
  { header: '备注', key: 'notes', width: 60 },
] as const;

export type TableCells = Record<(typeof tableColumns)[number]['key'], string | number | null>;

export function tableCells(row: IndicatorRow): TableCells {
  return {
    id: row.id,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    year: row.year,
    value: rounded(row.value),
    unit: row.unitNote ? `${unitZh[row.unit]}（${row.unitNote.zh}）` : unitZh[row.unit],
    origin: row.origin ? originZh[row.origin] : null,
    target: rounded(row.target),
    comparison: row.comparison ? comparisonZh[row.comparison] : null,
    status: statusZh[row.status],
    reportedValue: rounded(row.reported?.value),
    reportedStatus: row.reportedStatus ? statusZh[row.reportedStatus] : null,
    reportedNote: row.reported?.note ?? null,
    reportedSource: row.reported?.source ?? null,
    basis: [row.basis?.zh, row.targetNote?.zh].filter(Boolean).join('；') || null,
    reason: textIn(row.reason, 'zh'),
    notes: textsIn(row.notes, 'zh').join('') || null,
  };
}
