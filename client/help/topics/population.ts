/** Help for the population-by-year table of the registry (分年度人口, the dashboard). */
import { b, type HelpTopic } from '../types';

export const populationTopic: HelpTopic = {
  id: 'population',
  page: 'dashboard',
  title: b('分年度人口', 'Population by year'),
  purpose: b(
    '录入统计部门提供的各乡镇（街道）逐年常住人口和 3 岁以下婴幼儿数，使每一年的指标按当年人口计算。',
    'Enter the statistics bureau’s residents and children under 3 per township and year, so that each year’s indicators use that year’s population.',
  ),
  steps: [
    b('以卫健部门账号登录后才能编辑；其他人只能查看。', 'Sign in as a health bureau user to edit; everyone else can read the table.'),
    b(
      '在单元格中输入数字，可写作 １２００、1,200 或 1.2万；需要新的年份时点“添加年份”。',
      'Type numbers in the cells as you write them: full-width digits, thousands separators and the Chinese ten-thousand (wan) unit are read too; add a year column when a new year is needed.',
    ),
    b(
      '也可以从 Excel 复制一块单元格粘贴进表格：首列为乡镇名称时按名称对应，首行为表头时自动跳过。',
      'Or paste a block of cells copied from Excel: when its first column names townships each line goes to its township, and a header line is skipped.',
    ),
    b(
      '点“保存”：整张表在一个事务中写入，数据版本加一，所有年份的指标随之重算；有问题时问题显示在对应单元格旁，不写入任何数据。',
      'Press “Save”: the whole table is written in one transaction, the data version goes up and every year’s figures are recomputed; if anything is wrong, each problem shows beside its cell and nothing is written.',
    ),
  ],
  figures: [
    {
      name: b('常住人口', 'Residents'),
      definition: b(
        '某乡镇（街道）某年的常住人口。某年的指标使用该年的数值，没有时沿用此前最近一年的数值，再没有时使用乡镇图层的常住人口。',
        'A township’s resident population in a year. A year’s indicators use that year’s figure, else the latest earlier year’s, else the township layer’s residents.',
      ),
      indicator: 'slots_per_1000',
    },
    {
      name: b('3 岁以下婴幼儿', 'Children under 3'),
      definition: b(
        '托育需求的对象。有此数值时，可达性（E2SFCA）和选址建议以它作为需求；没有时按常住人口 × 规划档案中的 3 岁以下人口占比（2020 年人口普查）估算，并注明来源。不得大于常住人口。',
        'Who needs childcare. Where given, accessibility (E2SFCA) and site suggestions use it as demand; otherwise residents × the profile’s under-3 share (2020 census) stand in, stated with its source. It may not exceed the residents.',
      ),
    },
  ],
  notes: [
    b(
      '最后一个有数据的年份之后为推算年份：人口沿用最后一年，图表以虚线表示。',
      'Years after the last year with data are projected: population carries the last year forward, and charts draw them dashed.',
    ),
  ],
};
