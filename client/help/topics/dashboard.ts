/** Help for the dashboard's indicator table, trend, township map and drill-down (dashboard.html). */
import { b, type HelpTopic } from '../types';

export const dashboardTopic: HelpTopic = {
  id: 'dashboard',
  page: 'dashboard',
  title: b('指标看板：指标与趋势', 'Dashboard: indicators and trend'),
  purpose: b(
    '卫健部门查看规划的全部指标：当年数值对照目标、2022–2027 年趋势、乡镇（街道）分布与明细，并导出或打印年度汇总。',
    'For the health bureau: every indicator of the plan, the year’s value against its target, the 2022–2027 trend, the townships on a map and in a table; export or print the annual summary.',
  ),
  steps: [
    b(
      '选择辖区与年份；点击指标一览中的一行，右侧显示该指标的趋势和计算依据。',
      'Choose the jurisdiction and year; click a row of the indicator table to see its trend and basis on the right.',
    ),
    b(
      '数据无法计算的指标（如婴儿死亡率）由卫健部门登录后录入上报值，注明来源；上报值始终与计算值分开显示。',
      'Indicators the data cannot compute (infant mortality, say) are reported by the bureau after signing in, with a source; a reported value is always shown apart from the computed one.',
    ),
    b(
      '“导出 CSV / Excel”下载当年指标表，“打印年度汇总”打印一页汇总。',
      '“Export CSV / Excel” downloads the year’s table; “Print annual summary” prints a one-page summary.',
    ),
  ],
  figures: [
    {
      name: b('数值', 'Value'),
      definition: b(
        '由数据计算的数值；数据无法计算时为上报值，并在“来源”列注明。',
        'The value computed from the data; where the data cannot compute it, the reported value, as the origin column says.',
      ),
    },
    {
      name: b('目标与状态', 'Target and status'),
      definition: b(
        '目标取自本辖区规划档案的当年目标，按规划的写法比较（≥、>、或“基本全覆盖”即达到目标的 95%）；状态为达标、未达标、无目标或无数据之一。',
        'The target is the profile’s target for the year, compared as the plan writes it (≥, >, or “substantially full”: 95 % of the target); the status is one of Met, Not met, No target, No data.',
      ),
    },
    {
      name: b('计算依据', 'Basis'),
      definition: b('该数值由哪些数据算出，如托位数、人口、机构数。', 'What the value is made of: slots, residents, facilities.'),
    },
    {
      name: b('趋势', 'Trend'),
      definition: b(
        '2022–2027 年每年的计算值、规划目标和上报值；每千人口托位数的趋势同时显示常住人口（右轴），人口沿用最近年份数据的年份注明为推算。',
        'The computed value, the plan’s target and the reported value for each year 2022–2027; the slots-per-1,000 trend also shows the resident population (right axis), marking years whose population is carried forward as projected.',
      ),
    },
    {
      name: b('乡镇（街道）分布与明细', 'Townships map and table'),
      definition: b(
        '每个乡镇（街道）的托位、每千人口托位数、缺口、普惠占比与步行覆盖率，定义同地图页的乡镇表。',
        'Each township’s slots, slots per 1,000, gap, inclusive share and walking coverage, defined as in the map page’s township table.',
      ),
      indicator: 'slots_per_1000',
    },
    {
      name: b('职工福利性托育', 'Employer welfare childcare'),
      definition: b(
        '数据中应提供福利性托育的卫生健康单位。',
        'The health units in the data that should provide employer welfare childcare.',
      ),
      indicator: 'employer_welfare',
    },
  ],
  notes: [
    b(
      '每个指标的定义与目标来源见下方“指标定义与目标来源”。',
      'Each indicator’s definition and the source of its target are under “Indicator definitions and target sources” below.',
    ),
  ],
};
