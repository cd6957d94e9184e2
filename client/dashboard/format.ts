/**
 * How the dashboard writes an indicator's value, target and status: one place for units (shares are
 * percent 0–100 as the API gives them, not fractions), the plan's comparisons and the status colours,
 * shared by the table, the chart, the map legend and the printed summary.
 */
import { formatDecimal, formatInteger, formatTarget, getLocale } from '../i18n/i18n';
import type { IndicatorRow, IndicatorStatus, IndicatorUnit, TargetComparison } from './api';
import { statusText, targetText, unitLabel } from '../i18n/targets';

export { meetsTarget, SUBSTANTIALLY_FULL_RATIO, unitLabel } from '../i18n/targets';

export const statusColors: Record<IndicatorStatus, string> = {
  met: '#1a9850',
  not_met: '#d7301f',
  no_target: '#829ab1',
  no_data: '#b7bec7',
};

/** A moment (ISO 8601) as date and time in the page language. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(getLocale() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** The indicator's name in the page language. */
export function indicatorName(row: { nameZh: string; nameEn: string }): string {
  return getLocale() === 'zh' ? row.nameZh : row.nameEn;
}

/** The number alone, with the precision its unit deserves. */
export function formatNumber(value: number | null | undefined, unit: IndicatorUnit): string {
  switch (unit) {
    case 'count':
      return formatInteger(value);
    case 'percent':
      return formatDecimal(value, 1);
    case 'as_reported':
      return formatTarget(value);
    default:
      return formatDecimal(value, 2);
  }
}

/** Value with its unit, e.g. "5.00 个/千人", "57.5%". */
export function formatValue(value: number | null | undefined, unit: IndicatorUnit): string {
  const number = formatNumber(value, unit);
  if (value === null || value === undefined) return number;
  const label = unitLabel(unit);
  if (!label) return number;
  return unit === 'percent' ? `${number}${label}` : `${number} ${label}`;
}

/** The plan's target as it states it: the one wording of ../i18n/targets.ts. */
export function formatTargetText(target: number | null, comparison: TargetComparison | null, unit: IndicatorUnit): string {
  return targetText(target, comparison, unit);
}

export function statusLabel(status: IndicatorStatus): string {
  return statusText(status);
}

/** The reported value of a row, written with its unit (the row's value may be the computed one). */
export function reportedText(row: IndicatorRow): string | null {
  return row.reported ? formatValue(row.reported.value, row.unit) : null;
}
