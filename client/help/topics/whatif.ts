/** Help for the what-if panel (placing, resizing and removing facilities). */
import { b, type HelpTopic } from '../types';

export const whatIfTopic: HelpTopic = {
  id: 'whatif',
  page: 'map',
  title: b('方案模拟', 'What-if planning'),
  purpose: b(
    '试放新址、调整或撤除现有机构，即时看到规划前后每个乡镇（街道）和全区的全部指标变化。',
    'Try new sites, resize or remove existing facilities, and see at once how every township’s and the district’s figures change.',
  ),
  steps: [
    b(
      '在“新址参数”中填写托位和普惠托位（普惠托位不得超过托位），然后点击地图放置新址。',
      'Set the slots and inclusive slots under “New site” (inclusive slots may not exceed slots), then click the map to place a site.',
    ),
    b(
      '点击现有机构可调整规模或撤除；变更列表中可撤销或移除单项变更。',
      'Click an existing facility to resize or remove it; undo or drop single changes in the list of changes.',
    ),
    b(
      '下方“规划前后对比”列出全区与各乡镇（街道）的变化；有变化的乡镇置顶并高亮，地图上标出新覆盖和失去覆盖的居民。',
      '“Before and after” below lists the district’s and the townships’ changes; changed townships come first and are highlighted, and the map marks residents newly covered or no longer covered.',
    ),
  ],
  figures: [
    {
      name: b('规划前 → 规划后', 'Before → after'),
      definition: b(
        '同一年份、同一步行时间下，不含与含当前方案变更的数值。',
        'The same year and walking time, without and with the proposal’s changes.',
      ),
    },
    {
      name: b('变化量', 'Change'),
      definition: b(
        '由未经舍入的数值相减后再舍入显示，因此可能与两个显示值之差相差最后一位。',
        'Computed from the exact values and rounded once for display, so it may differ by one in the last digit from the difference of the two figures shown.',
      ),
    },
    {
      name: b('每千人口托位数与缺口', 'Slots per 1,000 and gap'),
      definition: b('与概况相同的定义，按方案后的托位计算。', 'As in the summary, with the proposal’s slots.'),
      indicator: 'slots_per_1000',
    },
    {
      name: b('普惠托位占比', 'Inclusive share'),
      definition: b('普惠托位 ÷ 托位，含新址与调整后的托位。', 'Inclusive slots ÷ slots, including new and resized facilities.'),
      indicator: 'inclusive_share',
    },
    {
      name: b('新覆盖居民 / 失去覆盖', 'Newly covered / no longer covered'),
      definition: b(
        '规划后进入（或离开）所选步行时间折算距离的居民人数。',
        'Residents who come within (or fall outside) the chosen walking time after the changes.',
      ),
      indicator: 'service_circle_15min',
    },
  ],
  notes: [
    b(
      '新址距步行道路超过 {maxSnapMeters} 米时无法步行到达任何居民；不在任何乡镇（街道）内的新址计入全区，不计入乡镇托位。',
      'A site farther than {maxSnapMeters} m from any walkable road reaches no resident on foot; a site outside every township counts for the district but not for a township.',
    ),
  ],
};
