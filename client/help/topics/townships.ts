/** Help for the township table (the overview tab). */
import { b, type HelpTopic } from '../types';

export const townshipsTopic: HelpTopic = {
  id: 'townships',
  page: 'map',
  title: b('乡镇（街道）表', 'Township table'),
  purpose: b(
    '逐个乡镇（街道）比较托位、缺口与步行覆盖，找出最需要补位的地方。',
    'Compares slots, gaps and walking coverage township by township, to find where slots are needed most.',
  ),
  steps: [
    b('点击列标题排序；再点一次反向排序。', 'Click a column heading to sort; click again to reverse.'),
    b('点击一行，地图缩放到该乡镇（街道）。', 'Click a row to zoom the map to that township.'),
    b('表格较宽时可左右滚动，所有列都可查看。', 'Scroll sideways when the table is wider than the panel; every column stays reachable.'),
  ],
  figures: [
    { name: b('人口', 'Population'), definition: b('该乡镇（街道）的常住人口。', 'The township’s resident population.') },
    {
      name: b('托位', 'Slots'),
      definition: b(
        '位于该乡镇（街道）内的当年运营机构托位数之和；机构所属乡镇以数据注明的为准，否则为包含该点的乡镇。',
        'Slots of the facilities operating in the year located in the township; a facility’s township is the one the data name, else the polygon containing it.',
      ),
    },
    {
      name: b('千人托位', 'Slots per 1,000'),
      definition: b('托位 ÷ 人口 × 1000。', 'Slots ÷ population × 1,000.'),
      indicator: 'slots_per_1000',
    },
    {
      name: b('目标', 'Target'),
      definition: b('本辖区规划中当年的每千人口托位目标。', 'The plan’s slots-per-1,000 target for the year.'),
      indicator: 'slots_per_1000',
    },
    { name: b('缺口', 'Gap'), definition: b('max(0, ⌈目标 × 人口 ÷ 1000⌉ − 托位)。', 'max(0, ⌈target × population ÷ 1,000⌉ − slots).') },
    {
      name: b('普惠占比', 'Inclusive share'),
      definition: b('该乡镇（街道）运营机构的普惠托位 ÷ 托位。', 'Inclusive slots ÷ slots of the township’s operating facilities.'),
      indicator: 'inclusive_share',
    },
    {
      name: b('机构', 'Facilities'),
      definition: b('位于该乡镇（街道）内的当年运营机构数。', 'Facilities operating in the year located in the township.'),
    },
    {
      name: b('分钟覆盖', 'Minute coverage'),
      definition: b(
        '该乡镇（街道）内被覆盖的人口 ÷ 其内人口单元的总人口；覆盖指步行到最近运营机构不超过所选时间。',
        'Covered population ÷ total population of the township’s population units; covered means within the chosen walking time of the nearest operating facility.',
      ),
      indicator: 'service_circle_15min',
    },
  ],
};
