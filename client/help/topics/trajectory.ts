/** Help for saved scenarios, their comparison and the year-by-year trajectory (the what-if tab). */
import { b, type HelpTopic } from '../types';

export const trajectoryTopic: HelpTopic = {
  id: 'trajectory',
  page: 'map',
  title: b('方案保存、对比与逐年评估', 'Scenarios, comparison and years'),
  purpose: b(
    '保存方案、比较两个方案，并逐年查看方案在规划期内何时达到目标。',
    'Save scenarios, compare two of them, and follow a scenario year by year to see when it meets its targets.',
  ),
  steps: [
    b(
      '以规划人员身份登录后保存方案；他人已先保存新版本时，您的修改不会覆盖对方。',
      'Sign in as a planner to save; if someone saved a newer version first, your save does not overwrite it.',
    ),
    b(
      '选择方案 A 与方案 B 点“对比”，查看全区和各乡镇（街道）的差值。',
      'Pick scenarios A and B and press “Compare” for the district and township differences.',
    ),
    b(
      '点“逐年”查看方案逐年的全区每千人托位、目标和各乡镇（街道）首次达标年份。',
      'Press “By year” for the district’s slots per 1,000 year by year, the targets, and the first year each township meets its target.',
    ),
    b(
      '拖动年份滑块：表格显示该年各乡镇（街道）的数值，地图按该年的每千人口托位数着色；离开方案模拟页后地图恢复为所选年份的数据。',
      'Move the year slider: the table shows each township’s figures of that year and the map colours the townships by that year’s slots per 1,000; leaving the what-if tab returns the map to the selected year’s data.',
    ),
  ],
  figures: [
    {
      name: b('逐年数值', 'Figures by year'),
      definition: b(
        '每年使用该年的人口（分年度人口表中该年或此前最近一年的数值，否则乡镇图层的常住人口）和该年运营的机构：数据中的开办与停办年份，加上截至该年生效的方案变更。',
        'Each year uses that year’s population (the township-by-year table’s figure of that year or the latest earlier one, else the township layer’s residents) and the facilities operating that year: the data’s opening and closing years plus the proposal’s changes acting by then.',
      ),
      indicator: 'slots_per_1000',
    },
    {
      name: b('推算年份', 'Projected years'),
      definition: b(
        '最后一个人口数据年份之后的年份为推算：人口沿用最后一年的数据，托位为截至该年生效的变更，图中以虚线表示，并注明沿用自哪一年。',
        'Years after the last year of population data are projected: population carries forward the last year’s figures, slots are the changes acting by then; the chart draws them dashed and says what they carry forward.',
      ),
    },
    {
      name: b('首次达标年份', 'First year meeting the target'),
      definition: b(
        '乡镇（街道）每千人口托位数首次达到当年目标的年份。',
        'The first year a township’s slots per 1,000 meet that year’s target.',
      ),
      indicator: 'slots_per_1000',
    },
    {
      name: b('方案对比差值', 'Comparison difference'),
      definition: b(
        '方案 B 减方案 A，由未经舍入的数值计算；两方案基于不同年份时差值也包含年份变化。',
        'Scenario B minus scenario A, from the exact values; when the two are based on different years the difference includes the change of year.',
      ),
    },
  ],
};
