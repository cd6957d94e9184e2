/** Help for the map and its layers (index.html, the map and the layer panel). */
import { b, type HelpTopic } from '../types';

export const mapTopic: HelpTopic = {
  id: 'map',
  page: 'map',
  title: b('地图与图层', 'Map and layers'),
  purpose: b(
    '在地图上查看本辖区各乡镇（街道）的托位水平、托育机构、步行服务圈和未覆盖居民，是规划工作的起点。',
    'Shows each township’s slot level, the childcare facilities, the walking service areas and the residents left uncovered: the starting point of planning work.',
  ),
  steps: [
    b(
      '在上方选择辖区、年份和步行时间（{thresholds} 分钟）；地图和各面板随之更新。',
      'Choose the jurisdiction, the year and the walking time ({thresholds} minutes) at the top; the map and every panel follow.',
    ),
    b(
      '在右侧图层面板打开或关闭图层；每个可见图层都在图例中说明。面板可以折叠，不遮挡地图。',
      'Turn layers on and off in the layer panel on the right; every visible layer is explained in the legend. Collapse the panel to free the map.',
    ),
    b(
      '点击乡镇查看其指标，点击机构查看托位、类型和服务范围。',
      'Click a township for its figures, a facility for its slots, type and service area.',
    ),
    b(
      '“底图”可切换离线底图（本辖区导入的道路）与运维配置的天地图或其他底图；“打印地图”按 A4 或 A3 输出带比例尺、指北针、图例、日期和数据来源的地图。',
      '“Basemap” switches between the offline basemap (the imported roads) and Tianditu or another basemap the operator configured; “Print map” prints the map on A4 or A3 with scale bar, north arrow, legend, date and data sources.',
    ),
  ],
  figures: [
    {
      name: b('乡镇（街道）着色', 'Township shading'),
      definition: b(
        '按当年每千人口托位数对照当年目标着色：达到目标、目标的 80%–100%、低于目标的 80%。着色只是托位水平的分档，是否达标以“达标 / 未达标”为准。',
        'Slots per 1,000 residents against the year’s target: met, 80–100 % of the target, below 80 %. The shading is a banding of the slot level; whether a township meets its target is always stated as Met / Not met.',
      ),
      indicator: 'slots_per_1000',
    },
    {
      name: b('托育机构', 'Facilities'),
      definition: b(
        '圆点大小表示托位数；普惠托位不少于其托位一半的机构为“普惠为主”。当年未运营（规划中、尚未开办或已停办）的机构单独显示。',
        'Dot size is the number of slots; a facility with inclusive slots for at least half of its slots is “mainly inclusive”. Facilities not operating in the year (planned, not yet opened or closed) are shown apart.',
      ),
    },
    {
      name: b('步行距离', 'Walking distance'),
      definition: b(
        '导入道路时：从每个点沿直线走到最近的可步行道路段上的最近位置（按 WGS84 椭球计算的米数），再沿道路网走最短路径。距所有可步行道路都超过 {maxSnapMeters} 米的点视为无法步行到达。没有道路数据时：直线距离 × {detourFactor}，结果标为近似值。',
        'With roads loaded: a straight leg from each point to the nearest position on the nearest walkable road segment (metres on the WGS84 ellipsoid), plus the shortest path along the road network. A point farther than {maxSnapMeters} m from every walkable road cannot be reached on foot. Without roads: straight-line distance × {detourFactor}, and results are marked approximate.',
      ),
    },
    {
      name: b('步行服务圈', 'Walking service area'),
      definition: b(
        '从当年运营的机构出发，在所选步行时间内可到达的范围：步行速度 {walkSpeedKmh} 千米/小时，15 分钟即 {metres15} 米。',
        'What can be reached on foot from the facilities operating in the year within the chosen time, at {walkSpeedKmh} km/h ({metres15} m in 15 minutes).',
      ),
      indicator: 'service_circle_15min',
    },
    {
      name: b('未覆盖居民', 'Uncovered residents'),
      definition: b(
        '到最近的当年运营机构的步行距离超过所选步行时间折算距离的人口单元，圆点大小表示人口。人口为常住人口；数据包没有人口点时，按乡镇人口在乡镇范围内均匀分布的网格点近似，结果标为近似值。',
        'Population units whose walk to the nearest facility operating in the year is longer than the chosen time allows; dot size is population. Population means resident population; where the package has no population points, each township’s population is spread evenly over a grid inside it and results are marked approximate.',
      ),
    },
    {
      name: b('托位可达性（E2SFCA）', 'Slot accessibility (E2SFCA)'),
      definition: b(
        '考虑竞争的两步移动搜寻法（高斯距离衰减）。第一步，每家运营机构的托位数 ÷ 其服务半径内按距离加权的需求，得到每份需求的托位；第二步，每个人口单元把步行可达机构的这一比值按距离加权相加，× 1000 显示为每千名需求可及托位。服务半径为最大步行时间的距离（15 分钟即 {metres15} 米），权重在距离为 0 时为 1、到服务半径时为 0。需求为 3 岁以下儿童：人口点的 3 岁以下人数，否则乡镇（街道）的 3 岁以下人口，否则常住人口 × 本辖区人口普查中 3 岁以下儿童的占比；没有这些数据时为常住人口。可分别按全部托位与普惠托位计算。',
        'The two-step floating catchment method with Gaussian distance decay, which accounts for competition. Step 1: each operating facility’s slots ÷ the distance-weighted demand within its catchment. Step 2: each population unit adds up these ratios of the facilities it can reach, weighted by distance, × 1,000: slots within reach per 1,000 of demand. The catchment is the longest walking time’s distance ({metres15} m for 15 minutes); the weight is 1 at distance 0 and 0 at the catchment. Demand is children under 3: the population unit’s count, else the township’s under-3 population, else residents × the county’s census share of children under 3; without any of these, residents. Shown for all slots and for inclusive slots.',
      ),
    },
    {
      name: b('居住项目', 'Residential projects'),
      definition: b(
        '数据中的居住项目，按托位配建是否达到新建社区标准着色（见“项目配建核查”）。',
        'The residential projects in the data, coloured by whether their planned slots meet the new-community standard (see “Project check”).',
      ),
      indicator: 'new_community_10_per_1000',
    },
  ],
  notes: [
    b(
      '所有人口均为常住人口；“当年运营”的机构按年份判断：运营中（或停办年份晚于当年）且开办年份不晚于当年。',
      'Population is always resident population; a facility operates in a year when it is operating (or closes after that year) and opened in or before it.',
    ),
  ],
};
