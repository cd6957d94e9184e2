/**
 * The one wording of a target and its status, for every screen and report of both pages (map page,
 * what-if, project check, dashboard, printed sheets): how the plan states a target (≥ 5.5 个/千人,
 * 基本全覆盖（≥ 95%）), whether a value meets it under the plan's comparison, and the status words
 * 达标 / 未达标 / 无目标 / 无数据 (Met / Not met / No target / No data). Nothing else writes them.
 *
 * The map's colour bands (met, 80–100 % of target, below 80 %) are a shading of the slot rate, not a
 * status: their legend says so (../layers/attainment.ts), and a status is always one of the four here.
 */
import { formatTarget } from './i18n';
import { translator } from './translate';

/** How the plan compares a value with its target (profile `comparisons`; `>=` when not stated). */
export type TargetComparison = '>=' | '>' | 'substantially_full';
/** The four statuses of an indicator, as the server's indicator table gives them. */
export type TargetStatus = 'met' | 'not_met' | 'no_target' | 'no_data';
/** The unit a target is stated in (the server's indicator units). */
export type TargetUnit = 'per1000' | 'percent' | 'count' | 'per1000_children' | 'per20k' | 'as_reported';

/** "Substantially full coverage" (基本全覆盖) is met at 95 % of the target (POLICY.md). */
export const SUBSTANTIALLY_FULL_RATIO = 0.95;

/** The wording in both languages (exported for the catalogue check, test/client/catalogues.test.ts). */
export const targetCatalogues = {
  zh: {
    unit_per1000: '个/千人',
    unit_percent: '%',
    unit_count: '个',
    unit_per1000_children: '人/千名儿童',
    unit_per20k: '人/2万人',
    unit_as_reported: '',
    substantiallyFull: '基本全覆盖（≥ {value}）',
    status_met: '达标',
    status_not_met: '未达标',
    status_no_target: '无目标',
    status_no_data: '无数据',
  },
  en: {
    unit_per1000: 'per 1,000 residents',
    unit_percent: '%',
    unit_count: '',
    unit_per1000_children: 'per 1,000 children',
    unit_per20k: 'per 20,000 residents',
    unit_as_reported: '',
    substantiallyFull: 'Substantially full (≥ {value})',
    status_met: 'Met',
    status_not_met: 'Not met',
    status_no_target: 'No target',
    status_no_data: 'No data',
  },
};
const tt = translator(targetCatalogues);

/** The unit written after a value ("个/千人", "%"); empty for values taken as reported. */
export function unitLabel(unit: TargetUnit): string {
  return tt(`unit_${unit}`);
}

/** The comparison the profile states for `indicator` in `year` (`>=` when it states none). */
export function comparisonOf(
  comparisons: Record<string, Record<string, string>> | undefined,
  indicator: string,
  year: number,
): TargetComparison {
  const stated = comparisons?.[indicator]?.[String(year)];
  return stated === '>' || stated === 'substantially_full' ? stated : '>=';
}

/**
 * The target as the plan states it: "≥ 5.5 个/千人", "> 5.55 个/千人", "≥ 65%", "基本全覆盖（≥ 95%）";
 * `withUnit: false` leaves the unit out for a table column headed with it ("≥ 5.5"). A percent target
 * is in percent (65, not 0.65), as profiles write it. Null target: "无目标".
 */
export function targetText(target: number | null, comparison: TargetComparison | null, unit: TargetUnit, withUnit = true): string {
  if (target === null) return statusText('no_target');
  const label = withUnit ? unitLabel(unit) : '';
  const written = (value: number): string => `${formatTarget(value)}${unit === 'percent' || !label ? label : ` ${label}`}`;
  switch (comparison) {
    case 'substantially_full':
      return tt('substantiallyFull', { value: written(target * SUBSTANTIALLY_FULL_RATIO) });
    case '>':
      return `> ${written(target)}`;
    default:
      return `≥ ${written(target)}`;
  }
}

/** Whether `value` meets `target` under the plan's comparison (as the server decides an indicator's status). */
export function meetsTarget(value: number, target: number, comparison: TargetComparison | null): boolean {
  switch (comparison) {
    case '>':
      return value > target;
    case 'substantially_full':
      return value >= target * SUBSTANTIALLY_FULL_RATIO;
    default:
      return value >= target;
  }
}

/** The status of `value` against `target`: no data without a value, no target without a target. */
export function targetStatus(
  value: number | null | undefined,
  target: number | null | undefined,
  comparison: TargetComparison | null,
): TargetStatus {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'no_data';
  if (target === null || target === undefined || !Number.isFinite(target)) return 'no_target';
  return meetsTarget(value, target, comparison) ? 'met' : 'not_met';
}

/** 达标 / 未达标 / 无目标 / 无数据 (Met / Not met / No target / No data). */
export function statusText(status: TargetStatus): string {
  return tt(`status_${status}`);
}
