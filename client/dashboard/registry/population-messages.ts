/**
 * Strings of the population-by-year table in the dashboard's registry (./population.ts), in their own
 * catalogue (same language switch as the page, ../../i18n/translate.ts). Chinese first; English mirrors
 * every key. Checked by test/client/catalogues.test.ts.
 */
import { translator } from '../../i18n/translate';

const zh = {
  popTitle: '分年度人口',
  popSub: '统计部门的各乡镇（街道）常住人口与 3 岁以下婴幼儿数；某年的指标用该年人口',
  popIntro:
    '空白格沿用最近一个较早年份的数字，再无则用乡镇图层的人口。可从 Excel 复制一块单元格（可带乡镇名称列和标题行），在表中任一格粘贴。',
  popTownship: '乡镇（街道）',
  popResidents: '常住人口',
  popUnder3: '3 岁以下',
  popYearN: '{year} 年',
  popNoYears: '尚无分年度人口表：各年都用乡镇图层的人口。',
  popAddYear: '添加年份',
  popAddYearLabel: '要添加的年份',
  popYearInvalid: '请填写 1990–2100 之间的年份',
  popYearExists: '{year} 年已在表中',
  popSave: '保存分年度人口',
  popDiscard: '放弃修改',
  popSaving: '正在保存…',
  popUnsaved: '有未保存的修改',
  popSaved: '已保存 {n} 行（数据版本 {version}），全部指标已按新人口重新计算。',
  popNothingChanged: '没有修改。',
  popProblems: '有 {n} 处问题，请先改正标出的单元格；未写入任何数据。',
  popNotNumber: '应为不小于 0 的整数（可写 １２００、1,200 或 1.2万）',
  popPopulationMissing: '填写了 3 岁以下人数，也须填写常住人口',
  popUnder3Exceeds: '3 岁以下人数不得多于常住人口',
  popPasted: '已粘贴 {n} 个数值。',
  popPastedByName: '已按乡镇名称粘贴 {n} 个数值。',
  popPastedOutside: '{n} 个数值超出表格范围，未粘贴。',
  popSignIn: '卫健部门登录后可编辑分年度人口。',
  popCellLabel: '{township} {year} 年{field}',
  popLoadFailed: '分年度人口读取失败：{message}',
};

type PopulationMessageKey = keyof typeof zh;

const en: Record<PopulationMessageKey, string> = {
  popTitle: 'Population by year',
  popSub: 'The statistics bureau’s residents and children under 3 per township; a year’s indicators use that year’s population',
  popIntro:
    'An empty cell takes the latest earlier year’s figure, else the township layer’s. Copy a block of cells in Excel (with a column of township names and a header line if you like) and paste it into any cell of the table.',
  popTownship: 'Township',
  popResidents: 'Residents',
  popUnder3: 'Under 3',
  popYearN: '{year}',
  popNoYears: 'No population-by-year table yet: every year uses the township layer’s population.',
  popAddYear: 'Add year',
  popAddYearLabel: 'Year to add',
  popYearInvalid: 'Give a year between 1990 and 2100',
  popYearExists: '{year} is already in the table',
  popSave: 'Save population by year',
  popDiscard: 'Discard changes',
  popSaving: 'Saving…',
  popUnsaved: 'Unsaved changes',
  popSaved: 'Saved {n} rows (data version {version}); every indicator was recomputed with the new population.',
  popNothingChanged: 'Nothing changed.',
  popProblems: '{n} problem(s): correct the marked cells first; nothing was written.',
  popNotNumber: 'must be a whole number of at least 0 (1200 or 1,200)',
  popPopulationMissing: 'with children under 3, give the residents too',
  popUnder3Exceeds: 'children under 3 must not exceed the residents',
  popPasted: '{n} values pasted.',
  popPastedByName: '{n} values pasted by township name.',
  popPastedOutside: '{n} values fell outside the table and were not pasted.',
  popSignIn: 'Sign in as the health bureau to edit the population by year.',
  popCellLabel: '{township} {year} {field}',
  popLoadFailed: 'Could not read the population by year: {message}',
};

/** Both catalogues, for the check that every string exists in both languages (test/client/catalogues.test.ts). */
export const populationCatalogues = { zh, en };

export const tpop = translator<PopulationMessageKey>(populationCatalogues);
