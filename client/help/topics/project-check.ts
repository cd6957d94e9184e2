/** Help for the project (developer) compliance check (the project check tab). */
import { b, type HelpTopic } from '../types';

export const projectCheckTopic: HelpTopic = {
  id: 'project-check',
  page: 'map',
  title: b('项目配建核查', 'Project check'),
  purpose: b(
    '核查一个新建居住项目的托位配建是否达到新建社区标准，并查看它对所在乡镇（街道）的影响和步行可达的托育机构。',
    'Checks whether a new residential project plans enough childcare slots for the new-community standard, and shows its effect on its township and the childcare facilities within walking reach.',
  ),
  steps: [
    b(
      '确定项目位置：在地图上点选、输入坐标（WGS84、GCJ-02 或 BD-09，自动转换为 WGS84）或绘制用地范围。',
      'Place the project: click the map, enter coordinates (WGS84, GCJ-02 or BD-09, converted to WGS84) or draw its footprint.',
    ),
    b(
      '填写户数（可填户均人口）或居住人口，以及规划托位数，点“核查”。',
      'Enter households (optionally persons per household) or population, and the planned slots; press “Check”.',
    ),
    b('结果可复制为核查意见，或在一页 A4 上打印。', 'Copy the result as a written opinion, or print it on one A4 page.'),
  ],
  figures: [
    {
      name: b('居住人口', 'Residents'),
      definition: b(
        '填报的人口；按户数填报时为户数 × 户均人口（填报值，否则规划参数 {personsPerHousehold} 人/户），结果注明所用数值。',
        'The stated population; when households are given, households × persons per household (the value entered, else the profile’s {personsPerHousehold}); the result says which value it used.',
      ),
    },
    {
      name: b('应配托位', 'Required slots'),
      definition: b('⌈居住人口 × {newCommunitySlotsPer1000} ÷ 1000⌉。', '⌈residents × {newCommunitySlotsPer1000} ÷ 1,000⌉.'),
      indicator: 'new_community_10_per_1000',
    },
    {
      name: b('是否达标与缺口', 'Verdict and shortfall'),
      definition: b(
        '规划托位 ≥ 应配托位即符合配建标准；否则缺口 = 应配托位 − 规划托位。',
        'Compliant when planned slots ≥ required slots; otherwise shortfall = required − planned.',
      ),
    },
    {
      name: b('对所在乡镇（街道）的影响', 'Effect on the township'),
      definition: b(
        '把项目的居民与规划托位计入所在乡镇（街道）前后的每千人口托位数，对照当年目标；用地范围跨乡镇时按面积占比最大的乡镇核算。',
        'The township’s slots per 1,000 residents before and after adding the project’s residents and planned slots, against the year’s target; a footprint across townships counts in the one holding most of its area.',
      ),
      indicator: 'slots_per_1000',
    },
    {
      name: b('步行可达', 'Walking access'),
      definition: b(
        '从项目位置沿道路步行到当年运营的最近机构的距离与所需时间（{walkSpeedKmh} 千米/小时）；距道路超过 {maxSnapMeters} 米则无法步行到达。',
        'Walking distance along the roads from the project to the nearest facilities operating in the year, and the time it takes at {walkSpeedKmh} km/h; farther than {maxSnapMeters} m from any road cannot be reached on foot.',
      ),
      indicator: 'service_circle_15min',
    },
  ],
};
