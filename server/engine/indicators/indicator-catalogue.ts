/**
 * The indicators of ../shared/POLICY.md as the bureau's table lists them: id, Chinese and English
 * name, and the unit in which this service reports the value. Shares are reported in percent
 * (0–100), as the plans write their targets, never as fractions.
 */
import type { IndicatorId } from '../../model/index.js';

/**
 * Unit of an indicator's value in the table:
 * - `per1000`: slots per 1,000 residents;
 * - `percent`: a share in percent (0–100);
 * - `count`: a number of things (e.g. child health centres, when a plan counts them);
 * - `per1000_children`: per 1,000 children (the child population the data provide, stated per row);
 * - `per20k`: per 20,000 residents;
 * - `as_reported`: a value the bureau reported for an indicator outside POLICY.md, in its own unit.
 */
export type IndicatorUnit = 'per1000' | 'percent' | 'count' | 'per1000_children' | 'per20k' | 'as_reported';

export interface IndicatorDefinition {
  id: string;
  nameZh: string;
  nameEn: string;
  unit: IndicatorUnit;
}

/** POLICY.md §1–2 in its order; the table lists these first, then any other reported ids. */
export const POLICY_INDICATORS: readonly (IndicatorDefinition & { id: IndicatorId })[] = [
  { id: 'slots_per_1000', nameZh: '每千人口3岁以下婴幼儿托位数', nameEn: 'Childcare slots per 1,000 residents', unit: 'per1000' },
  { id: 'inclusive_share', nameZh: '普惠托位占比', nameEn: 'Share of inclusive (government-priced) slots', unit: 'percent' },
  {
    id: 'township_institution_coverage',
    nameZh: '乡镇(街道)托育机构覆盖率',
    nameEn: 'Townships with a childcare institution',
    unit: 'percent',
  },
  {
    id: 'township_inclusive_coverage',
    nameZh: '乡镇(街道)普惠性托育服务机构覆盖率',
    nameEn: 'Townships with an inclusive childcare institution',
    unit: 'percent',
  },
  { id: 'service_circle_15min', nameZh: '15分钟托育服务圈', nameEn: 'Residents within 15 minutes’ walk of a facility', unit: 'percent' },
  {
    id: 'new_community_10_per_1000',
    nameZh: '新建社区每千人10个以上托位',
    nameEn: 'New residential communities meeting the slots standard',
    unit: 'percent',
  },
  {
    id: 'health_center_coverage',
    nameZh: '“医防护”儿童健康管理中心覆盖率',
    nameEn: 'Child health management centre coverage',
    unit: 'percent',
  },
  { id: 'certified_staff_rate', nameZh: '托育机构从业人员持证率', nameEn: 'Certified childcare staff rate', unit: 'percent' },
  { id: 'graded_institution_rate', nameZh: '托育机构等级覆盖率', nameEn: 'Graded childcare institution rate', unit: 'percent' },
  {
    id: 'pediatricians_per_1000_children',
    nameZh: '每千名儿童儿科执业(助理)医生数',
    nameEn: 'Paediatricians per 1,000 children',
    unit: 'per1000_children',
  },
  {
    id: 'child_health_staff_per_20k',
    nameZh: '基层医疗卫生机构每2万人口儿童保健人员数',
    nameEn: 'Child-health workers per 20,000 residents in primary care',
    unit: 'per20k',
  },
  {
    id: 'community_station_share',
    nameZh: '城市社区婴幼儿照护驿站覆盖率',
    nameEn: 'Urban communities with an infant care station',
    unit: 'percent',
  },
];

/**
 * Rows of the plans' tables that the data cannot compute and a bureau reports (seeds 000 and 002,
 * table rows 1–2), named here so the report shows their names; any other id matching
 * `^[a-z0-9_]+$` may be reported too and is then named by its id.
 */
export const REPORTED_ONLY_INDICATORS: readonly IndicatorDefinition[] = [
  { id: 'infant_mortality', nameZh: '婴儿死亡率(‰)', nameEn: 'Infant mortality (‰)', unit: 'as_reported' },
  { id: 'under5_mortality', nameZh: '5岁以下儿童死亡率(‰)', nameEn: 'Under-5 mortality (‰)', unit: 'as_reported' },
];

const byId = new Map<string, IndicatorDefinition>([...POLICY_INDICATORS, ...REPORTED_ONLY_INDICATORS].map((d) => [d.id, d]));
const policyIds: ReadonlySet<string> = new Set(POLICY_INDICATORS.map((d) => d.id));

/** The catalogue entry of `id`; an id outside POLICY.md (a reported-only indicator) is named by its id. */
export function indicatorDefinition(id: string): IndicatorDefinition {
  return byId.get(id) ?? { id, nameZh: id, nameEn: id, unit: 'as_reported' };
}

export function isPolicyIndicator(id: string): boolean {
  return policyIds.has(id);
}
