/** The help's own strings (buttons, drawer, help page), in the language the main i18n module keeps. */
import { translator } from '../i18n/translate';

const zh = {
  helpButton: '帮助',
  helpButtonLabel: '帮助：{topic}',
  helpLink: '帮助',
  helpLinkTitle: '各面板的用途、操作步骤、数字的定义和目标的政策来源',
  helpPageTitle: '使用帮助',
  helpPageIntro: '每个面板的用途、操作步骤、所显示数字的定义，以及每项目标的政策来源。目标与来源取自所选辖区的规划档案。',
  helpContents: '目录',
  helpClose: '关闭帮助',
  helpAllTopics: '全部帮助',
  helpPurpose: '用途',
  helpSteps: '操作步骤',
  helpFigures: '数字的定义',
  helpNotes: '说明',
  helpTarget: '{year} 年目标：{target}',
  helpTargetNone: '{year} 年规划档案中无此目标',
  helpTargetsByYear: '规划目标',
  helpSource: '依据：{source}',
  helpReference: '（{reference}）',
  helpProfile: '规划档案：{name}',
  helpNoProfile: '选择辖区后，这里显示该辖区规划档案中的目标及其政策来源。',
  helpLoadingProfile: '正在读取规划档案中的目标…',
  helpProfileFailed: '暂时无法读取规划档案中的目标，请稍后再试。',
  helpProfileSourceUnknown: '规划档案未注明目标来源文件：{source}',
  helpDemand: '3 岁以下儿童占常住人口的比例：{share}（第七次全国人口普查县级数据）',
  helpIndicatorsTitle: '指标定义与目标来源',
  helpIndicatorsIntro: '规划中的每项指标：定义、所选辖区各年目标及其政策来源。',
  helpJurisdiction: '辖区',
  helpYear: '年份',
  helpBackToMap: '返回地图',
  helpPageMap: '地图页',
  helpPageDashboard: '指标看板',
  helpPageImport: '数据导入',
  helpPageAdmin: '系统管理',
  helpYearN: '{year} 年',
};

const en: Record<keyof typeof zh, string> = {
  helpButton: 'Help',
  helpButtonLabel: 'Help: {topic}',
  helpLink: 'Help',
  helpLinkTitle: 'What each panel is for, what to do, what every figure means and the policy source of every target',
  helpPageTitle: 'Help',
  helpPageIntro:
    'What each panel is for, what to do, the definition of every figure it shows, and the policy source of every target. Targets and sources come from the chosen jurisdiction’s policy profile.',
  helpContents: 'Contents',
  helpClose: 'Close help',
  helpAllTopics: 'All help',
  helpPurpose: 'What it is for',
  helpSteps: 'What to do',
  helpFigures: 'What the figures mean',
  helpNotes: 'Notes',
  helpTarget: 'Target for {year}: {target}',
  helpTargetNone: 'The profile sets no target for {year}',
  helpTargetsByYear: 'Plan targets',
  helpSource: 'Source: {source}',
  helpReference: ' ({reference})',
  helpProfile: 'Policy profile: {name}',
  helpNoProfile: 'Choose a jurisdiction to see the targets of its policy profile and their policy sources here.',
  helpLoadingProfile: 'Reading the targets of the policy profile…',
  helpProfileFailed: 'The targets of the policy profile cannot be read right now; please try again later.',
  helpProfileSourceUnknown: 'The profile names no known policy document for its targets: {source}',
  helpDemand: 'Children under 3 as a share of residents: {share} (2020 census, county table)',
  helpIndicatorsTitle: 'Indicator definitions and target sources',
  helpIndicatorsIntro: 'Every indicator of the plan: its definition, the chosen jurisdiction’s target for each year and its policy source.',
  helpJurisdiction: 'Jurisdiction',
  helpYear: 'Year',
  helpBackToMap: 'Back to the map',
  helpPageMap: 'Map page',
  helpPageDashboard: 'Dashboard',
  helpPageImport: 'Import data',
  helpPageAdmin: 'Administration',
  helpYearN: '{year}',
};

export type HelpMessageKey = keyof typeof zh;

/** Both catalogues, for the check that every string exists in each language (test/client/help.test.ts). */
export const helpCatalogues = { zh, en };

export const th = translator<HelpMessageKey>({ zh, en });
