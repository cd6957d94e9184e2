/**
 * The health indicators: child health centres per township, paediatricians per 1,000 children and
 * child-health workers per 20,000 residents, from the health institutions (which carry no opening year).
 */
import { bilingual, grouped, type Bilingual, type JurisdictionData } from '../../model/index.js';
import { meetsTarget, type Target } from '../figures/index.js';
import { namesOf, noData, percent, type Computed, type Context } from './indicator-row.js';

/** POLICY.md `child_health_staff_per_20k`: one child-health worker per this many residents. */
export const RESIDENTS_PER_CHILD_HEALTH_WORKER = 20_000;
/** A profile `units` note for health_center_coverage matching this means the plan counts centres. */
export const COUNTS_CENTRES = /\bcount/i;

export const HEALTH_WITHOUT_YEARS = bilingual(
  '医疗卫生机构没有开办年份：各年份均按现有数据计算。',
  'Health institutions carry no opening year: the current data are used for every year.',
);

/** True when the profile says the plan counts child health centres instead of a percentage of townships. */
export function countsHealthCentres(data: Pick<JurisdictionData, 'profile'>): boolean {
  return COUNTS_CENTRES.test(data.profile.units?.health_center_coverage ?? '');
}

export const NO_HEALTH_INSTITUTIONS = bilingual(
  '数据中没有医疗卫生机构（health.geojson 缺失或为空）',
  'the data hold no health institutions (health.geojson absent or empty)',
);

export function healthCenters(ctx: Context): Computed {
  const { health, townships, profile } = ctx.data;
  if (health.length === 0) return noData(NO_HEALTH_INSTITUTIONS);
  const centres = health.filter((h) => h.kind === 'child_health_center');
  if (countsHealthCentres(ctx.data)) {
    return {
      value: centres.length,
      reason: null,
      basis: bilingual(
        `数据中共有 ${centres.length} 个儿童健康管理中心；规划按中心个数计，而非乡镇（街道）覆盖比例`,
        `${centres.length} child health management centres (儿童健康管理中心) in the data; the plan counts centres, not a share of townships`,
      ),
      details: { centres: centres.length },
      notes: [HEALTH_WITHOUT_YEARS],
    };
  }
  const minPopulation = profile.parameters.healthCenterMinPopulation;
  const eligible = townships.filter((t) => t.population >= minPopulation);
  if (eligible.length === 0) {
    return noData(
      bilingual(`没有常住人口达到 ${grouped(minPopulation)} 人的乡镇（街道）`, `no township has ${minPopulation} residents or more`),
      [HEALTH_WITHOUT_YEARS],
    );
  }
  const withCentre = new Set(centres.map((c) => c.township).filter((code): code is string => code !== null));
  const served = eligible.filter((t) => withCentre.has(t.code));
  const missing = eligible.filter((t) => !withCentre.has(t.code)).map((t) => t.name);
  const without = namesOf(missing);
  return {
    value: percent(served.length, eligible.length),
    reason: null,
    basis: bilingual(
      `常住人口 ≥ ${grouped(minPopulation)} 人的 ${eligible.length} 个乡镇（街道）中有 ${served.length} 个设有儿童健康管理中心`,
      `${served.length} of ${eligible.length} townships with ≥ ${minPopulation} residents have a child health management centre`,
    ),
    details: { townships: eligible.length, townshipsWithCentre: served.length, minPopulation },
    notes: [
      ...(missing.length > 0 ? [bilingual(`未设中心：${without.zh}。`, `Without a centre: ${without.en}.`)] : []),
      HEALTH_WITHOUT_YEARS,
    ],
  };
}

export function pediatricians(ctx: Context): Computed {
  const { health, townships } = ctx.data;
  if (health.length === 0) return noData(NO_HEALTH_INSTITUTIONS);
  const counted = health.filter((h) => h.pediatricians !== null);
  if (counted.length === 0)
    return noData(bilingual('医疗卫生机构均无儿科医生人数', 'no health institution has a number of paediatricians'));
  const missing = townships.filter((t) => t.populationUnder3 === null).length;
  if (townships.length === 0 || missing > 0) {
    return noData(
      bilingual(
        `数据未提供儿童人口：${townships.length} 个乡镇（街道）中有 ${missing} 个缺少 3 岁以下人口（populationUnder3）`,
        `the data give no child population: populationUnder3 is missing for ${missing} of ${townships.length} townships`,
      ),
      [HEALTH_WITHOUT_YEARS],
    );
  }
  const children = townships.reduce((s, t) => s + t.populationUnder3!, 0);
  if (children === 0)
    return noData(bilingual('各乡镇（街道）3 岁以下儿童合计为 0', 'the townships report no children under 3'), [HEALTH_WITHOUT_YEARS]);
  const doctors = counted.reduce((s, h) => s + h.pediatricians!, 0);
  return {
    value: (doctors / children) * 1000,
    reason: null,
    basis: bilingual(
      `${counted.length} 家医疗卫生机构的儿科医生 ${grouped(doctors)} 人 ÷ 3 岁以下儿童 ${grouped(children)} 人（各乡镇（街道）populationUnder3 之和）× 1000`,
      `${doctors} paediatricians in ${counted.length} health institutions ÷ ${children} children under 3 (Σ township populationUnder3) × 1,000`,
    ),
    details: { pediatricians: doctors, children, institutions: counted.length },
    notes: [
      bilingual(
        '儿童数按 3 岁以下人口计（数据仅提供这一儿童人口）；规划按全体儿童计，故本值高于按更宽年龄段儿童计算的数值。',
        'Children = the under-3 population, the only child population the data give; the plan counts children in general, so the figure is higher than a per-child figure over a wider age range would be.',
      ),
      HEALTH_WITHOUT_YEARS,
    ],
  };
}

/**
 * The plan's rule is ≥ 1 child-health worker per 20,000 residents in each primary care institution.
 * An institution's service population is not in the data, so each township's primary care institutions
 * are taken together against the township's residents, and the value is the lowest township figure:
 * the rule holds everywhere exactly when that figure meets the target. The district average is in `details`.
 */
export function childHealthStaff(ctx: Context, target: Target | null): Computed {
  const { health, townships } = ctx.data;
  if (health.length === 0) return noData(NO_HEALTH_INSTITUTIONS);
  const primary = health.filter((h) => h.kind === 'primary_care');
  if (primary.length === 0) return noData(bilingual('数据中没有基层医疗卫生机构', 'the data hold no primary care institution'));
  const known = primary.filter((h) => h.childHealthStaff !== null);
  if (known.length === 0) {
    return noData(bilingual('基层医疗卫生机构均无儿童保健人员数', 'no primary care institution has a number of child-health staff'));
  }
  const staffByTownship = new Map<string, number>();
  for (const h of known) {
    if (h.township !== null) staffByTownship.set(h.township, (staffByTownship.get(h.township) ?? 0) + h.childHealthStaff!);
  }
  const checked = townships
    .filter((t) => t.population > 0 && staffByTownship.has(t.code))
    .map((t) => ({
      township: t,
      staff: staffByTownship.get(t.code)!,
      per20k: (staffByTownship.get(t.code)! / t.population) * RESIDENTS_PER_CHILD_HEALTH_WORKER,
    }));
  if (checked.length === 0) {
    return noData(
      bilingual(
        '有儿童保健人员数据的基层医疗卫生机构均不在有常住人口的乡镇（街道）内',
        'no primary care institution with staff data lies in a township with residents',
      ),
    );
  }
  const weakest = checked.reduce((a, b) => (b.per20k < a.per20k ? b : a));
  const population = townships.reduce((s, t) => s + t.population, 0);
  const staff = known.reduce((s, h) => s + h.childHealthStaff!, 0);
  const below = target ? checked.filter((c) => !meetsTarget(c.per20k, target)) : [];
  const without = townships.filter((t) => t.population > 0 && !staffByTownship.has(t.code)).map((t) => t.name);
  const notes: Bilingual[] = [];
  if (below.length > 0) {
    const zh = namesOf(below.map((c) => `${c.township.name}（${c.per20k.toFixed(2)}）`)).zh;
    const en = namesOf(below.map((c) => `${c.township.name} (${c.per20k.toFixed(2)})`)).en;
    notes.push(bilingual(`低于目标：${zh}。`, `Below the target: ${en}.`));
  }
  if (without.length > 0) {
    const names = namesOf(without);
    notes.push(
      bilingual(
        `以下乡镇（街道）没有有儿童保健人员数据的基层医疗卫生机构，未核查：${names.zh}。`,
        `No primary care institution with staff data in: ${names.en} (not checked).`,
      ),
    );
  }
  notes.push(HEALTH_WITHOUT_YEARS);
  return {
    value: weakest.per20k,
    reason: null,
    basis: bilingual(
      `最低的乡镇（街道）：${weakest.township.name}，其基层医疗卫生机构儿童保健人员 ${grouped(weakest.staff)} 人 ÷ 常住人口 ${grouped(weakest.township.population)} 人 × 20,000；该要求适用于每个机构，故以最低的乡镇（街道）为准`,
      `lowest township: ${weakest.township.name}, ${weakest.staff} child-health workers in its primary care institutions ÷ ${weakest.township.population} residents × 20,000; the rule applies to each institution, so the weakest township decides`,
    ),
    details: {
      districtPer20k: population > 0 ? (staff / population) * RESIDENTS_PER_CHILD_HEALTH_WORKER : 0,
      childHealthStaff: staff,
      population,
      townshipsChecked: checked.length,
      townshipsBelowTarget: below.length,
    },
    notes,
  };
}
