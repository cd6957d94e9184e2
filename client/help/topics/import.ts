/** Help for the import wizard (import.html). */
import { b, type HelpTopic } from '../types';

export const importTopic: HelpTopic = {
  id: 'import',
  page: 'import',
  title: b('数据导入', 'Import data'),
  purpose: b(
    '卫健部门或管理员把本辖区已有的文件（Shapefile、GeoPackage、Excel、CSV、KML、OpenStreetMap 道路、人口栅格）导入为规划数据。',
    'For bureau staff and administrators: bring the jurisdiction’s own files (Shapefile, GeoPackage, Excel, CSV, KML, OpenStreetMap roads, a population raster) in as planning data.',
  ),
  steps: [
    b('填写辖区名称、编号、数据年份和所用规划档案。', 'Enter the jurisdiction’s name, id, data year and policy profile.'),
    b(
      '为每个图层选择文件；为托位、人口等字段指定对应的列，为状态和类型指定取值对照（常见中文写法自动识别并说明）。',
      'Choose a file for each layer; map our fields (slots, population…) to its columns and its values for status and type (common Chinese names are recognised, and the wizard says which it applied).',
    ),
    b(
      '坐标系从文件读取，也可指定（WGS84、CGCS2000、GCJ-02、BD-09 或 EPSG 编号）；无法确定时报错，绝不猜测。',
      'The coordinate system is read from the file or set by you (WGS84, CGCS2000, GCJ-02, BD-09 or an EPSG code); one that cannot be placed is an error, never a guess.',
    ),
    b(
      '预览无误后导入。整个数据包先完整校验，任何一处错误都会指明文件、行号、字段和问题，且不写入任何数据；再次导入同一辖区将整体替换其数据。',
      'Import after the preview. The whole package is checked first: any problem is named with file, row, field and issue, and nothing is written; importing a jurisdiction again replaces its data in one step.',
    ),
  ],
  figures: [
    {
      name: b('乡镇（街道）', 'Townships'),
      definition: b(
        '必需：乡镇边界，带编号、名称和常住人口，可带 3 岁以下人口。',
        'Required: township boundaries with code, name and resident population, optionally the under-3 population.',
      ),
    },
    {
      name: b('托育机构', 'Facilities'),
      definition: b(
        '必需：机构点位，带托位、普惠托位（0 至托位数）、类型和状态，可带开办、停办年份。',
        'Required: facility points with slots, inclusive slots (0 up to slots), type and status, optionally opening and closing years.',
      ),
    },
    {
      name: b('人口', 'Population'),
      definition: b(
        '可选：人口点或栅格。栅格中每个大于 0 的像元为一个人口单元；乡镇带人口时按乡镇人口等比缩放。缺少人口数据时按乡镇人口均匀分布在网格上，结果标为近似值。',
        'Optional: population points or a raster. Each raster cell above 0 becomes a population unit; where townships carry population, each township’s units are scaled to it. Without population data each township’s population is spread over a grid and results are marked approximate.',
      ),
    },
    {
      name: b('道路', 'Roads'),
      definition: b(
        '可选：用于计算步行距离。道路只在共享完全相同坐标的节点处相连；高速公路、快速路、在建道路等不可步行，标注禁止步行的道路除外；小区内部道路照常计入。',
        'Optional: for walking distances. Roads connect only where they share a node with identical coordinates; motorways, trunk roads, roads under construction and ways closed to pedestrians are not walkable; the internal roads of gated communities count.',
      ),
    },
    {
      name: b('分年度人口', 'Population by year'),
      definition: b(
        '可选：每个乡镇每年的常住人口；某年取该年数值，否则此前最近一年，否则乡镇图层的人口。',
        'Optional: each township’s residents per year; a year uses its own figure, else the latest earlier one, else the township layer’s.',
      ),
    },
  ],
};
