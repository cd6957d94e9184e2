/** Help for the least-cost schedule of openings (排期规划, the what-if tab). */
import { b, type HelpTopic } from '../types';

export const scheduleTopic: HelpTopic = {
  id: 'schedule',
  page: 'map',
  title: b('排期规划', 'Schedule openings'),
  purpose: b(
    '回答“何时在何处开办多少托位，才能以最低费用让每个乡镇（街道）逐年达到每千人口托位数目标”。',
    'Answers “what must we open, where and when, so that every township meets its yearly slots-per-1,000 target at the least cost”.',
  ),
  steps: [
    b(
      '选择规划年份（默认为规划档案中有目标的年份）、每处开办费用和每个托位费用（万元）、每处最少和最多托位。',
      'Choose the years (by default those with a target in the plan), the cost of opening a site and of each slot (10,000 yuan), and the fewest and most slots a site may have.',
    ),
    b(
      '选择候选点位：道路上的候选网格（间距越小候选越多），或方案中已放置的新址。',
      'Choose the candidates: a grid of points on the roads (a smaller spacing gives more candidates), or the sites you placed in the proposal.',
    ),
    b(
      '点“排期”。结果按年份列出乡镇（街道）、点位、托位和费用，地图按开办年份着色。',
      'Press “Schedule”. The result lists year, township, site, slots and cost, and the map colours the sites by their opening year.',
    ),
    b(
      '点“按年份加入当前方案”，新址带着开办年份加入方案；保存方案后在“逐年”中查看各年达标情况。',
      'Press the button that adds the schedule to the proposal: each site keeps its opening year; save the scenario and open “By year” to see each year’s figures.',
    ),
  ],
  figures: [
    {
      name: b('托位缺口', 'Slot gap'),
      definition: b(
        '某年某乡镇（街道）的缺口 = ⌈当年目标 × 当年常住人口 ÷ 1000⌉ − 当年运营机构的托位数（不小于 0）。排期使截至每一年开办的托位不少于该年的缺口；已开办的点位此后一直运营。',
        'A township’s gap in a year = ⌈the year’s target × the year’s residents ÷ 1000⌉ − slots of the facilities operating that year (at least 0). The schedule opens, up to each year, at least that year’s gap; a site once open stays open.',
      ),
      indicator: 'slots_per_1000',
    },
    {
      name: b('总费用', 'Total cost'),
      definition: b(
        '各开办点位的“每处开办费用 + 托位数 × 每个托位费用”之和；填写年折现率时，晚开办的费用按每年该比例折现后再相加。',
        'The sum over opened sites of “cost per site + slots × cost per slot”; with a yearly discount rate, later openings are discounted by that rate per year before they are added.',
      ),
    },
    {
      name: b('已证明最低 / 差距', 'Proven cheapest / gap'),
      definition: b(
        '求解器证明不存在更便宜的排期时，结果标注为费用最低；在时限内未能证明时，给出已知最好排期的费用、任何排期都不会低于的下界，以及两者的相对差距（最多高出的百分比）。规模过大时改用启发式方法，并如实说明未证明最低。',
        'When the solver proves that no cheaper schedule exists the result says so; when it cannot within the time limit, it gives the best schedule found, a bound no schedule can beat, and the relative gap between them (how much more it may cost at most). Instances too large for the exact solver get a heuristic schedule, stated as not proven cheapest.',
      ),
    },
    {
      name: b('无法满足的乡镇', 'Townships that cannot be served'),
      definition: b(
        '乡镇（街道）内没有候选点位，或候选点位按每处最多托位计也容纳不下其缺口时，该乡镇不进入排期，并说明原因和自哪一年起缺多少托位。',
        'A township with no candidate inside it, or whose candidates cannot hold its gap at the most slots per site, is left out of the schedule, with the reason and the gap from the first year it arises.',
      ),
    },
  ],
  notes: [
    b(
      '各年人口取分年度人口表中该年或此前最近一年的数值，否则沿用乡镇图层的常住人口；没有后续年份人口时，所有开办会排在第一年。',
      'Each year’s population is the township-by-year table’s figure of that year or the latest earlier one, else the township layer’s residents; without population for later years every opening falls in the first year.',
    ),
  ],
};
