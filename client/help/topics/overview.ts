/** Help for the district summary (the overview tab's summary panel). */
import { b, type HelpTopic } from '../types';

export const overviewTopic: HelpTopic = {
  id: 'overview',
  page: 'map',
  title: b('全区概况', 'District summary'),
  purpose: b(
    '一眼看到全区所选年份的托位水平、缺口、普惠占比和步行覆盖，对照当年目标。',
    'The district’s slot level, gap, inclusive share and walking coverage for the chosen year, against the year’s targets.',
  ),
  steps: [
    b('在上方选择年份与步行时间，概况随之更新。', 'Choose the year and the walking time at the top; the summary follows.'),
    b(
      '结果标为近似值时，说明缺少道路或人口点数据，距离或人口为估算。',
      'When results are marked approximate, roads or population points are missing and distances or population are estimated.',
    ),
  ],
  figures: [
    {
      name: b('常住人口', 'Resident population'),
      definition: b(
        '各乡镇（街道）常住人口之和（所选年份有分年人口时用该年数值）。',
        'Sum of the townships’ resident population (the year’s figure where population by year is loaded).',
      ),
    },
    {
      name: b('托位数', 'Slots'),
      definition: b('当年运营的托育机构的托位数之和。', 'Sum of the slots of the facilities operating in the year.'),
    },
    {
      name: b('每千人口托位数', 'Slots per 1,000 residents'),
      definition: b('托位数 ÷ 常住人口 × 1000。', 'Slots ÷ resident population × 1,000.'),
      indicator: 'slots_per_1000',
    },
    {
      name: b('托位缺口', 'Slot gap'),
      definition: b(
        'max(0, ⌈当年目标 × 常住人口 ÷ 1000⌉ − 托位数)：达到当年每千人口托位目标还需增加的托位。',
        'max(0, ⌈year’s target × population ÷ 1,000⌉ − slots): the slots still needed to reach the year’s slots-per-1,000 target.',
      ),
      indicator: 'slots_per_1000',
    },
    {
      name: b('普惠托位占比', 'Inclusive share'),
      definition: b('普惠托位之和 ÷ 托位之和，均按当年运营机构计。', 'Inclusive slots ÷ slots, over the facilities operating in the year.'),
      indicator: 'inclusive_share',
    },
    {
      name: b('乡镇托育机构覆盖率', 'Township institution coverage'),
      definition: b(
        '至少有一家当年运营机构的乡镇（街道）数 ÷ 全部乡镇（街道）数。',
        'Townships with at least one facility operating in the year ÷ all townships.',
      ),
      indicator: 'township_institution_coverage',
    },
    {
      name: b('步行覆盖率', 'Walking coverage'),
      definition: b(
        '到最近的当年运营机构步行距离不超过所选时间折算距离（{walkSpeedKmh} 千米/小时）的人口 ÷ 总人口；已覆盖人口与未覆盖人口之和为总人口。',
        'Residents whose walk to the nearest facility operating in the year is within the chosen time (at {walkSpeedKmh} km/h) ÷ all residents; covered and uncovered population add up to the total.',
      ),
      indicator: 'service_circle_15min',
    },
  ],
};
