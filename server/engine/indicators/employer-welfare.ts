/**
 * Employer welfare childcare (单位福利托育, seeds/003 §二(六)15): level-2-or-higher public hospitals,
 * and health units with more than 30 staff children under 3, should provide childcare for their staff.
 *
 * The rule needs a hospital's level and ownership, or the number of its staff's children under 3.
 * health.geojson carries them as optional properties (`hospitalLevel`, `publicOwnership`,
 * `staffChildrenUnder3`: our extension of ../shared/DATA_FORMAT.md, described in data/README.md). The
 * function checks the institutions that carry them; when none does, the answer is "no data", with
 * the reason.
 */
import { bilingual, type Bilingual, type HealthInstitution } from '../../model/index.js';

/** A hospital of this level (二级) or higher, when public, should provide employer childcare. */
export const MIN_HOSPITAL_LEVEL = 2;
/** A health unit with more than this many staff children under 3 should provide employer childcare. */
export const MAX_STAFF_CHILDREN_UNDER3 = 30;

export interface EmployerWelfareFlag {
  id: string;
  name: string;
  /** Why the institution should provide employer childcare. */
  reasons: Bilingual[];
}

export interface EmployerWelfareResult {
  /** `no_data` when no institution carries the figures the rule needs. */
  status: 'checked' | 'no_data';
  rule: Bilingual;
  reason: Bilingual | null;
  /** Institutions that carry at least one of the figures. */
  checked: number;
  /** Institutions without any of the figures (not checked). */
  unchecked: number;
  flagged: EmployerWelfareFlag[];
}

export const EMPLOYER_WELFARE_RULE = bilingual(
  `二级及以上公立医院，以及职工 3 岁以下子女超过 ${MAX_STAFF_CHILDREN_UNDER3} 人的卫生单位，应提供职工福利性托育服务（seeds/003 §二(六)15）`,
  `level-${MIN_HOSPITAL_LEVEL}-or-higher public hospitals, and health units with more than ${MAX_STAFF_CHILDREN_UNDER3} staff children under 3, should provide employer welfare childcare (seeds/003 §二(六)15)`,
);

/** Hospital levels as the Chinese grading writes them. */
const LEVEL_ZH: Record<number, string> = { 1: '一级', 2: '二级', 3: '三级' };

const known = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

/** Flags the institutions that should provide employer welfare childcare, where the data say so. */
export function flagEmployerWelfare(health: readonly HealthInstitution[]): EmployerWelfareResult {
  const flagged: EmployerWelfareFlag[] = [];
  let checked = 0;
  for (const h of health) {
    const hasLevel = known(h.hospitalLevel) && known(h.publicOwnership);
    const hasChildren = known(h.staffChildrenUnder3);
    if (!hasLevel && !hasChildren) continue;
    checked++;
    const reasons: Bilingual[] = [];
    if (hasLevel && h.publicOwnership && h.hospitalLevel! >= MIN_HOSPITAL_LEVEL) {
      reasons.push(
        bilingual(`${LEVEL_ZH[h.hospitalLevel!] ?? `${h.hospitalLevel} 级`}公立医院`, `public hospital of level ${h.hospitalLevel}`),
      );
    }
    if (hasChildren && h.staffChildrenUnder3! > MAX_STAFF_CHILDREN_UNDER3) {
      reasons.push(bilingual(`职工 3 岁以下子女 ${h.staffChildrenUnder3} 人`, `${h.staffChildrenUnder3} staff children under 3`));
    }
    if (reasons.length > 0) flagged.push({ id: h.id, name: h.name, reasons });
  }
  const reason =
    checked > 0
      ? null
      : health.length === 0
        ? bilingual('数据中没有医疗卫生机构', 'the data hold no health institutions')
        : bilingual(
            '医疗卫生机构均无医院等级及所有制信息，也无职工 3 岁以下子女数；可在数据包的医疗卫生机构图层中补充',
            'no health institution carries a hospital level with ownership, or its number of staff children under 3; add them to the health institutions of the data package',
          );
  return {
    status: checked > 0 ? 'checked' : 'no_data',
    rule: EMPLOYER_WELFARE_RULE,
    reason,
    checked,
    unchecked: health.length - checked,
    flagged,
  };
}
