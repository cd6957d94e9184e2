/**
 * Every indicator of POLICY.md and every city rule the built-in profiles carry, defined once: what the
 * figure is and how the service computes it (DATA_FORMAT.md "Normative definitions"; the indicator
 * table's basis in server/engine/indicators/), and where each policy document states it (POLICY.md's
 * source column, by document: "000" is the Ouhai plan, "002" the Shengzhou plan). Targets are not
 * written here: the help reads them from the profile being viewed.
 */
import { b, type HelpIndicator } from './types';

const OUHAI = '000_04f2ab49c84bc8e5';
const SHENGZHOU = '002_ebdfaba6c490bd15';
const JINING = '003_9940c985cdc91648';

const row = (n: number) => b(`主要指标表第 ${n} 行`, `table of main indicators, row ${n}`);

export const HELP_INDICATORS: readonly HelpIndicator[] = [
  {
    id: 'slots_per_1000',
    name: b('每千人口3岁以下婴幼儿托位数', 'Childcare slots for children under 3 per 1,000 residents'),
    definition: b(
      '当年运营的托育机构托位数之和 ÷ 常住人口 × 1000。按乡镇（街道）计时，只计位于该乡镇（街道）内的机构；全区为各乡镇（街道）之和。“当年运营”指状态为运营中（或已停办但停办年份晚于当年），且开办年份未注明或不晚于当年。托位缺口 = max(0, ⌈目标 × 常住人口 ÷ 1000⌉ − 托位数)。',
      'Sum of the slots of the childcare facilities operating in the year ÷ resident population × 1,000. For a township only the facilities located in it count; the district sums over all townships. “Operating in the year”: status operating (or closed with a closing year after the year) and an opening year that is absent or not after the year. Slot gap = max(0, ⌈target × population ÷ 1,000⌉ − slots).',
    ),
    references: { [OUHAI]: row(4), [SHENGZHOU]: row(3) },
  },
  {
    id: 'service_circle_15min',
    name: b('15分钟托育服务圈', '15-minute childcare service circle'),
    definition: b(
      '步行 15 分钟内能到达一家当年运营托育机构的常住人口占比。15 分钟按规划参数的步行速度 {walkSpeedKmh} 千米/小时折算为 {metres15} 米步行距离；步行距离沿导入的道路计算（见“地图与图层”中的步行距离定义）。乡镇（街道）的覆盖率 = 其中被覆盖的人口 ÷ 其内人口单元的总人口。',
      'Share of residents who can reach a childcare facility operating in the year within 15 minutes on foot. 15 minutes at the profile’s walking speed of {walkSpeedKmh} km/h is {metres15} m of walking distance, measured along the imported roads (see the walking distance under “Map and layers”). A township’s coverage share = covered population ÷ total population of the population units in it.',
    ),
    references: {
      [OUHAI]: b('§二（一）5、§二（三）4', '§2 (1) 5 and §2 (3) 4'),
      [SHENGZHOU]: b('§一（二）、§二（二）5', '§1 (2) and §2 (2) 5'),
    },
  },
  {
    id: 'new_community_10_per_1000',
    name: b('新建社区每千人10个以上托位', 'New residential communities: at least 10 slots per 1,000 residents'),
    definition: b(
      '新建居住社区应按所住人口每千人不少于 {newCommunitySlotsPer1000} 个托位配建。单个项目：人口 = 填报人口，否则户数 × 户均人口（项目填报值，否则规划参数 {personsPerHousehold} 人/户）；应配托位 = ⌈人口 × {newCommunitySlotsPer1000} ÷ 1000⌉；规划托位 ≥ 应配托位即达标，缺口 = 应配 − 规划（为正时）。指标看板中的数值为当年及以前（或未注明年份）的住宅项目中达标项目所占比例。',
      'A new residential community must provide at least {newCommunitySlotsPer1000} childcare slots per 1,000 residents it will house. For one project: population = the stated population, else households × persons per household (the project’s value, else the profile’s {personsPerHousehold}); required slots = ⌈population × {newCommunitySlotsPer1000} ÷ 1,000⌉; compliant when planned slots ≥ required; shortfall = required − planned when positive. The dashboard’s value is the share of residential projects dated in the year or earlier (or undated) that comply.',
    ),
    references: { [OUHAI]: b('§二（一）5', '§2 (1) 5') },
  },
  {
    id: 'inclusive_share',
    name: b('普惠托位占比', 'Share of inclusive (government-priced) slots'),
    definition: b(
      '当年运营机构的普惠托位之和 ÷ 托位之和，以百分比表示。',
      'Sum of inclusive slots ÷ sum of slots, over the facilities operating in the year, in percent.',
    ),
    references: { [OUHAI]: row(5), [SHENGZHOU]: row(4) },
  },
  {
    id: 'township_institution_coverage',
    name: b('乡镇（街道）托育机构覆盖率', 'Townships with a childcare institution'),
    definition: b(
      '当年有至少一家运营托育机构的乡镇（街道）数 ÷ 全部乡镇（街道）数。规划写作“基本全覆盖”的年份，达到目标的 95% 即为达标。',
      'Townships with at least one facility operating in the year ÷ all townships. In years the plan says “substantially full coverage”, 95 % of the target meets it.',
    ),
    references: { [OUHAI]: row(6), [SHENGZHOU]: row(5) },
  },
  {
    id: 'township_inclusive_coverage',
    name: b('乡镇（街道）普惠性托育服务机构覆盖率', 'Townships with an inclusive childcare institution'),
    definition: b(
      '当年有至少一家提供普惠托位的运营机构的乡镇（街道）数 ÷ 全部乡镇（街道）数。',
      'Townships with at least one operating facility that offers inclusive slots ÷ all townships.',
    ),
    references: { [SHENGZHOU]: row(6) },
  },
  {
    id: 'health_center_coverage',
    name: b('“医防护”儿童健康管理中心覆盖率', 'Child health management centre coverage'),
    definition: b(
      '常住人口不少于 {healthCenterMinPopulation} 人的乡镇（街道）中，设有儿童健康管理中心的所占比例。规划按中心个数计目标时（如瓯海），数值为数据中儿童健康管理中心的个数。',
      'Share of the townships with at least {healthCenterMinPopulation} residents that have a child health management centre. Where the plan counts centres instead (Ouhai), the value is the number of child health management centres in the data.',
    ),
    references: { [OUHAI]: row(10), [SHENGZHOU]: row(9) },
  },
  {
    id: 'certified_staff_rate',
    name: b('托育机构从业人员持证率', 'Certified childcare staff rate'),
    definition: b(
      '有人员数据的运营机构中，持证人员数之和 ÷ 从业人员数之和。',
      'Sum of certified staff ÷ sum of staff, over the operating facilities whose staff numbers are known.',
    ),
    references: { [OUHAI]: row(8), [SHENGZHOU]: row(10) },
  },
  {
    id: 'graded_institution_rate',
    name: b('托育机构等级覆盖率', 'Graded childcare institution rate'),
    definition: b(
      '当年运营的托育机构中已评定等级的所占比例；未注明等级的按未评级计。',
      'Share of the facilities operating in the year that have a grade; a facility without one counts as ungraded.',
    ),
    references: { [SHENGZHOU]: row(12) },
  },
  {
    id: 'pediatricians_per_1000_children',
    name: b('每千名儿童儿科执业（助理）医生数', 'Paediatricians per 1,000 children'),
    definition: b(
      '医疗卫生机构的儿科执业（助理）医生数 ÷ 儿童数 × 1000；儿童数为各乡镇（街道）填报的3岁以下人口之和，所用口径在指标说明中注明。',
      'Paediatricians (licensed and assistant) of the health institutions ÷ children × 1,000; children are the townships’ stated under-3 population, and the indicator’s basis says which count was used.',
    ),
    references: { [OUHAI]: row(11), [SHENGZHOU]: row(11) },
  },
  {
    id: 'child_health_staff_per_20k',
    name: b('基层医疗卫生机构每2万人口儿童保健人员数', 'Child-health workers per 20,000 residents in primary care'),
    definition: b(
      '每个基层医疗卫生机构每 2 万常住人口至少配备 1 名专职儿童保健人员。按乡镇（街道）计算：其基层医疗卫生机构的儿童保健人员数 ÷ 常住人口 × 20000；要求适用于每个机构，故以最低的乡镇（街道）为准。',
      'Each primary care institution should have at least one full-time child-health worker per 20,000 residents. Per township: child-health workers of its primary care institutions ÷ residents × 20,000; the rule applies to each institution, so the weakest township decides.',
    ),
    references: { [OUHAI]: b('附件3 第三部分（一）', 'annex 3, part 3 (1)') },
  },
  {
    id: 'community_station_share',
    name: b('城市社区婴幼儿照护驿站覆盖率', 'Urban communities with an infant care station'),
    definition: b(
      '设有婴幼儿照护驿站的城市社区所占比例（到 2027 年不低于 50%；符合条件的完整社区达到托育设施配置标准的不低于 60%）。数据包不含社区边界，由卫健部门填报数值。',
      'Share of urban communities with an infant care station (at least 50 % by 2027; at least 60 % of the eligible complete communities meeting the childcare facility standard). The data package has no community boundaries, so the bureau reports the value.',
    ),
    references: { [SHENGZHOU]: b('§二（二）5', '§2 (2) 5') },
  },
  {
    id: 'new_residential_area_facility',
    name: b('新建居住区托育服务机构全覆盖', 'A childcare facility for every new residential area'),
    definition: b(
      '新建、改建居住区须在规定步行时间内有一家运营或规划中的托育机构（驿站），步行时间由规则给出，与 15 分钟托育服务圈一致。',
      'A new or rebuilt residential area must have an operating or planned childcare facility (or station) within the rule’s walking time, the same walk as the 15-minute service circle.',
    ),
    references: { [SHENGZHOU]: b('§二（二）5', '§2 (2) 5') },
  },
  {
    id: 'employer_welfare',
    name: b('单位福利性托育', 'Employer welfare childcare'),
    definition: b(
      '二级及以上公立医院，以及3岁以下职工子女超过 30 人的卫生健康单位，应提供福利性托育服务；指标看板列出数据中应提供的单位。',
      'Level-2 and higher public hospitals, and health units with more than 30 staff children under 3, should provide employer welfare childcare; the dashboard lists the units in the data that should.',
    ),
    references: { [JINING]: b('§二（六）15', '§2 (6) 15') },
    appliesEverywhere: true,
  },
];

export function helpIndicator(id: string): HelpIndicator | undefined {
  return HELP_INDICATORS.find((indicator) => indicator.id === id);
}
