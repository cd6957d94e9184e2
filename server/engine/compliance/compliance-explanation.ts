/**
 * A plain-language explanation of a project check, in Chinese (default) or English, written to be
 * pasted into a review opinion: the rule, the numbers, the walking access and the data version.
 */
import { grouped, groupedDecimal, type Language } from '../../model/index.js';
import type { ProjectAssessment } from './project-assessment.js';

export type { Language };

export interface ExplanationContext {
  jurisdictionName: string;
  /** The policy profile the standard comes from, e.g. 温州市瓯海区 “瓯有善育” 2023–2027. */
  profileName: string;
  dataVersion: number;
  /** E.g. "GCJ-02": the coordinates were converted to WGS84 before the check. */
  convertedFrom: string | null;
}

const int = (n: number): string => grouped(n);
const num = (n: number, digits = 2): string => groupedDecimal(n, digits);
const per1000 = (n: number | null): string => (n === null ? '—' : n.toFixed(2));

export function explainAssessment(a: ProjectAssessment, context: ExplanationContext, language: Language = 'zh'): string {
  return language === 'en' ? english(a, context) : chinese(a, context);
}

function chinese(a: ProjectAssessment, c: ExplanationContext): string {
  const parts: string[] = [];
  parts.push(`依据《${c.profileName}》新建社区“每千人${num(a.standardSlotsPer1000)}个以上托位”的配置标准：`);
  const population =
    a.populationSource === 'population'
      ? `项目居住人口 ${num(a.population)} 人（申报值）`
      : `项目居住人口按 ${int(a.households!)} 户 × ${num(a.personsPerHousehold!)} 人/户（${a.personsPerHouseholdSource === 'project' ? '项目申报值' : '规划默认值'}）= ${num(a.population)} 人计`;
  parts.push(
    `${population}，应配置托位 ⌈${num(a.population)} × ${num(a.standardSlotsPer1000)} ÷ 1000⌉ = ${int(a.requiredSlots)} 个；规划托位 ${int(a.plannedSlots)} 个，` +
      (a.compliant ? '符合标准。' : `不符合标准，缺口 ${int(a.shortfall)} 个托位。`),
  );
  if (a.township && a.townshipImpact) {
    const i = a.townshipImpact;
    const target = i.target === null ? `${i.year} 年无目标值` : `${i.year} 年目标 ${num(i.target)}`;
    parts.push(
      `项目位于${a.township.name}（${a.township.code}）。计入本项目居民与规划托位后，该乡镇（街道）${i.year} 年每千人口托位数由 ${per1000(i.before.slotsPer1000)} 变为 ${per1000(i.after.slotsPer1000)}（${target}）` +
        (i.after.slotGap !== null ? `，托位缺口由 ${int(i.before.slotGap!)} 个变为 ${int(i.after.slotGap)} 个。` : '。'),
    );
  }
  const within = Object.entries(a.coveredWithin)
    .filter(([, ok]) => ok)
    .map(([m]) => Number(m));
  if (a.nearestFacilities.length > 0) {
    const nearest = a.nearestFacilities[0]!;
    parts.push(
      (within.length > 0 ? `项目选址步行 ${Math.min(...within)} 分钟内有运营中的托育机构` : '项目选址步行 15 分钟内没有运营中的托育机构') +
        `，最近的是${nearest.name}，步行约 ${int(nearest.distanceM)} 米。`,
    );
  } else {
    parts.push(`项目选址步行 ${int(a.searchLimitM)} 米内没有运营中的托育机构。`);
  }
  parts.push('（现有机构的空余托位未纳入测算。）');
  if (c.convertedFrom) parts.push(`坐标已由 ${c.convertedFrom} 转换为 WGS84。`);
  parts.push(`数据版本：${c.jurisdictionName} 第 ${c.dataVersion} 版。`);
  return parts.join('');
}

function english(a: ProjectAssessment, c: ExplanationContext): string {
  const parts: string[] = [];
  parts.push(
    `Rule: a new residential community must provide at least ${num(a.standardSlotsPer1000)} childcare slots per 1,000 residents (${c.profileName}).`,
  );
  const population =
    a.populationSource === 'population'
      ? `The project houses ${num(a.population)} residents (as declared)`
      : `The project houses ${int(a.households!)} households × ${num(a.personsPerHousehold!)} persons per household (${a.personsPerHouseholdSource === 'project' ? 'declared by the project' : 'planning default'}) = ${num(a.population)} residents`;
  parts.push(
    `${population}, so it must provide ⌈${num(a.population)} × ${num(a.standardSlotsPer1000)} ÷ 1000⌉ = ${int(a.requiredSlots)} slots; it plans ${int(a.plannedSlots)}: ` +
      (a.compliant ? 'compliant.' : `not compliant, ${int(a.shortfall)} slots short.`),
  );
  if (a.township && a.townshipImpact) {
    const i = a.townshipImpact;
    const target = i.target === null ? `no target for ${i.year}` : `${i.year} target ${num(i.target)}`;
    parts.push(
      `It lies in ${a.township.name} (${a.township.code}). With its residents and planned slots, the township's slots per 1,000 in ${i.year} go from ${per1000(i.before.slotsPer1000)} to ${per1000(i.after.slotsPer1000)} (${target})` +
        (i.after.slotGap !== null ? `, and its slot gap from ${int(i.before.slotGap!)} to ${int(i.after.slotGap)}.` : '.'),
    );
  }
  const within = Object.entries(a.coveredWithin)
    .filter(([, ok]) => ok)
    .map(([m]) => Number(m));
  if (a.nearestFacilities.length > 0) {
    const nearest = a.nearestFacilities[0]!;
    parts.push(
      (within.length > 0
        ? `An operating childcare facility is within a ${Math.min(...within)}-minute walk`
        : 'No operating childcare facility is within a 15-minute walk') +
        `; the nearest is ${nearest.name}, about ${int(nearest.distanceM)} m on foot.`,
    );
  } else {
    parts.push(`No operating childcare facility is within ${int(a.searchLimitM)} m on foot.`);
  }
  parts.push('(Free capacity of existing facilities is not modelled.)');
  if (c.convertedFrom) parts.push(`Coordinates were converted from ${c.convertedFrom} to WGS84.`);
  parts.push(`Data version: ${c.jurisdictionName}, version ${c.dataVersion}.`);
  return parts.join(' ');
}
