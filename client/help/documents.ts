/**
 * The policy documents of shared/seeds/ (POLICY.md), as their first page states them: title, issuing
 * body, document number and year of issue. A profile cites a document by its seed file in its `source`
 * (and each rule in its own `source`); the help names the document from here.
 */
import { b, type PolicyDocument } from './types';

export const POLICY_DOCUMENTS: readonly PolicyDocument[] = [
  {
    seed: '000_04f2ab49c84bc8e5',
    title: b(
      '瓯海区公共服务“七优享”工程“瓯有善育”专项实施方案（2023—2027年）',
      'Ouhai District “Seven Excellent Public Services” programme: implementation plan for good childcare in Ouhai (2023–2027)',
    ),
    issuer: b(
      '瓯海区公共服务七优享工程工作专班办公室（瓯海区人民政府办公室代章）',
      'Office of the Ouhai District task force for the “Seven Excellent Public Services” programme (sealed by the Ouhai District Government Office)',
    ),
    number: b('温瓯七优享办〔2023〕2号', 'Wen Ou Qi You Xiang Ban [2023] No. 2'),
    year: 2023,
  },
  {
    seed: '002_ebdfaba6c490bd15',
    title: b(
      '嵊州市公共服务“七优享”工程“幼有善育”专项实施方案（2023—2027年）',
      'Shengzhou “Seven Excellent Public Services” programme: implementation plan for good care of young children (2023–2027)',
    ),
    issuer: b('嵊州市卫生健康局', 'Shengzhou Municipal Health Bureau'),
    number: null,
    year: 2024,
  },
  {
    seed: '003_9940c985cdc91648',
    title: b(
      '关于加强医育结合促进托育服务高质量发展的实施方案',
      'Implementation plan for integrating medical care and childcare to promote high-quality childcare services',
    ),
    issuer: b('济宁市卫生健康委员会', 'Jining Municipal Health Commission'),
    number: b('济卫家庭字〔2023〕10号', 'Ji Wei Jia Ting Zi [2023] No. 10'),
    year: 2023,
  },
  {
    seed: '004_d8d546f12b8a25c0',
    title: b(
      '福建省母婴安全行动提升计划实施方案（2021—2025年）和福建省健康儿童提升计划实施方案（2021—2025年）',
      'Fujian implementation plans for improving maternal and infant safety and for healthy children (2021–2025)',
    ),
    issuer: b('福建省卫生健康委员会', 'Fujian Provincial Health Commission'),
    number: b('闽卫妇幼〔2022〕55号', 'Min Wei Fu You [2022] No. 55'),
    year: 2022,
  },
];

/** The documents a source text cites (by seed file stem, or by its three-digit prefix "seeds/000_"). */
export function documentsCitedBy(source: string | null | undefined): PolicyDocument[] {
  if (!source) return [];
  return POLICY_DOCUMENTS.filter((document) => source.includes(document.seed) || source.includes(`seeds/${document.seed.slice(0, 4)}`));
}
