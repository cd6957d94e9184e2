/** Help for the site suggestions (the what-if tab): every mode and the proof of optimality. */
import { b, type HelpTopic } from '../types';

export const suggestionsTopic: HelpTopic = {
  id: 'suggestions',
  page: 'map',
  title: b('选址建议', 'Site suggestions'),
  purpose: b(
    '在保留当年运营机构和当前方案的前提下，按所选目标推荐新址，并说明每个新址的理由。',
    'Suggests new sites for the chosen objective, keeping the year’s operating facilities and the current proposal, and says why each site was chosen.',
  ),
  steps: [
    b(
      '选择目标、新址数 k 和托位（每址托位或托位总预算）。',
      'Choose the objective, the number of sites k and the slots (per site or a total budget).',
    ),
    b(
      '候选位置可沿步行道路按间距自动生成，或只从方案中已放置的新址里挑选。',
      'Candidates are generated along the walkable roads at a spacing, or taken from the sites already placed in the proposal.',
    ),
    b(
      '点“生成建议”；可逐个或全部采纳，采纳的新址加入方案并立即重算。',
      'Press “Suggest”; accept sites one by one or all at once: they join the proposal and everything is recomputed.',
    ),
  ],
  figures: [
    {
      name: b('最大覆盖（k 个新址）', 'Maximal covering (k sites)'),
      definition: b(
        '选 k 个新址，使当年尚未被覆盖的居民中进入所选步行时间的人数最多；勾选按缺口加权时，未覆盖居民按其所在乡镇（街道）距当年目标的托位缺口加权，已达标乡镇排在最后。',
        'Chooses k sites that bring the most residents still uncovered in the year within the walking time; weighted by gap, each uncovered resident counts by their township’s slot gap to the year’s target, and townships already at target come last.',
      ),
    },
    {
      name: b('最少新址（达到覆盖率）', 'Minimum sites (coverage share)'),
      definition: b(
        '用最少的新址（可设上限 k）使步行覆盖率达到目标覆盖率；达不到时给出候选位置能达到的最高值。',
        'The fewest sites (at most k when given) that bring walking coverage to the target share; when unreachable, the highest share the candidates allow.',
      ),
    },
    {
      name: b('容量约束覆盖（k 个新址）', 'Capacitated covering (k sites)'),
      definition: b(
        '选 k 个每址托位固定的新址，每家机构至多服务其托位数，使步行时间内得到服务的托位需求（居民 × 所在乡镇千人托位目标 ÷ 1000）最多，并列出每个新址服务的人口单元。',
        'Chooses k sites of the given slots, each facility serving at most its slots, to serve the most slot demand (residents × their township’s slots-per-1,000 target ÷ 1,000) within the walking time; lists the units each new site serves.',
      ),
    },
    {
      name: b('最短总步行距离（k 个新址）', 'Least total walking distance (k sites)'),
      definition: b(
        '选 k 个新址，使全体居民到最近机构的步行距离按人口加权之和（人·千米）最小；超过截断时间的距离按截断时间的距离计。',
        'Chooses k sites minimising the sum of residents × walking distance to the nearest facility (person-km); a distance beyond the cut-off time counts as the cut-off distance.',
      ),
    },
    {
      name: b('千人托位缺口最小（k 个新址）', 'Smallest slot gap to target (k sites)'),
      definition: b(
        '选 k 个每址托位固定的新址，使各乡镇（街道）距当年千人托位目标的托位缺口之和最小；同等条件下覆盖最多居民；可另设目标覆盖率为约束。',
        'Chooses k sites of the given slots minimising the sum of the townships’ slot gaps to the year’s target; among equal answers the most residents covered; a target coverage share may be added as a constraint.',
      ),
      indicator: 'slots_per_1000',
    },
    {
      name: b('已证明最优 / 最优界 / 差距', 'Proven optimal / bound / gap'),
      definition: b(
        '每个问题作为混合整数规划精确求解。“已证明最优”表示没有更好的方案；时限内未证明时给出目前最好的解、最优值的界（任何方案都不可能优于它）和相对差距（最好解与界之差占界的比例），即“距最优至多”的百分比。规模过大时改用启发式搜索，不证明最优，并说明原因。',
        'Each problem is solved exactly as a mixed-integer programme. “Proven optimal” means no better answer exists; when the time limit ends first, the best answer found is given with the bound (no answer can be better) and the relative gap (the distance between the answer and the bound, as a share of the bound): “at most this far from optimal”. Instances too large for the exact solver use a heuristic search, which proves nothing, and the note says why.',
      ),
    },
    {
      name: b('每个新址的理由', 'Why each site'),
      definition: b(
        '新覆盖的居民人数，以及所在乡镇（街道）托位缺口减少的个数；所在乡镇已达标时注明。',
        'Residents it newly covers and how much it reduces its township’s slot gap; a township already at target is said so.',
      ),
    },
  ],
};
