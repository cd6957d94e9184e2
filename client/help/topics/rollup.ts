/** Help for the roll-up of a city or province (rollup.html). */
import { b, type HelpTopic } from '../types';

export const rollupTopic: HelpTopic = {
  id: 'rollup',
  page: 'dashboard',
  title: b('市、省汇总', 'City and province roll-up'),
  purpose: b(
    '市、省卫健部门一次查看所辖全部县（市、区）的托育指标，并找出未达标的地区。',
    'A city or province office sees the childcare indicators of all its counties at once and finds those below target.',
  ),
  steps: [
    b(
      '从指标看板选择一个市或省，或直接打开汇总页；选择年份。',
      'Choose a city or province on the dashboard, or open the roll-up page directly; choose the year.',
    ),
    b('在表格中点列标题排序，例如按托位缺口从大到小。', 'Sort the table by a column, for example by slot gap, largest first.'),
    b(
      '地图按各县（市、区）的轮廓（其乡镇、街道合并而成，随汇总结果一起保存）着色，下属的市由其各县的轮廓组成；颜色表示每千人口托位数是否达到各县的目标。',
      'The map colours each county by its outline (its townships merged, stored with its results), and a city below by its counties’ outlines together; the colour says whether slots per 1,000 meet each county’s target.',
    ),
    b(
      '点地图或表格中的县（市、区）打开其指标看板；点下属的市打开该市的汇总。',
      'Click a county on the map or in the table to open its dashboard; click a city to open its own roll-up.',
    ),
    b(
      '汇总下方注明有几个县尚无本年度的计算结果时，以本市、省的卫健部门账号登录，点“重新计算”：由后台任务计算这些县，进度条显示已完成几个县，全部完成后汇总自动刷新。',
      'When the note under the totals says some counties have no result for the year, sign in with a bureau account of the city or province and press Recompute: the workers compute those counties, the bar shows how many are done, and the roll-up reloads once they all are.',
    ),
  ],
  figures: [
    {
      name: b('每千人口托位数与缺口', 'Slots per 1,000 and gap'),
      definition: b(
        '各县托位数之和 ÷ 各县常住人口之和 × 1000；缺口为各县缺口之和。均取自各县已保存的计算结果，不在请求时重算。',
        'The counties’ slots added up ÷ their residents added up × 1000; the gap is the sum of the counties’ gaps. All come from each county’s stored results, never recomputed in the request.',
      ),
      indicator: 'slots_per_1000',
    },
    {
      name: b('普惠托位占比', 'Inclusive share'),
      definition: b(
        '各县运营机构的普惠托位之和 ÷ 其托位之和。',
        'The inclusive slots of the counties’ operating facilities added up ÷ their slots added up.',
      ),
    },
    {
      name: b('乡镇（街道）托育机构覆盖率', 'Township institution coverage'),
      definition: b(
        '有运营托育机构的乡镇（街道）数 ÷ 乡镇（街道）总数，各县相加后计算。',
        'Townships with an operating facility ÷ all townships, counted over every county.',
      ),
    },
    {
      name: b('15 分钟步行覆盖率', '15-minute walking coverage'),
      definition: b(
        '步行 15 分钟内有运营托育机构的常住人口 ÷ 常住人口，各县人数相加后计算；每位居民只计入其所在乡镇所属的县。',
        'Residents within a 15-minute walk of an operating facility ÷ residents, with the counties’ counts added up; each resident is counted once, in the county of their township.',
      ),
    },
  ],
};
