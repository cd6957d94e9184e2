/**
 * What each layer of a package holds (DATA_FORMAT.md), and how offices name it: the properties of every
 * layer with their kind, the column headers that commonly stand for each (Chinese and English), the
 * Chinese names of our `type`/`status`/`kind` values, and how a file is recognised as a layer from its
 * name and columns. Data, not logic: the assembly (assemble.ts) reads these tables.
 */
import type { LayerName } from './preview.js';

export type PropertyKind = 'text' | 'id' | 'integer' | 'number' | 'enum' | 'boolean';

/** Our properties of each layer and their kind (DATA_FORMAT.md's tables; schemas in ../model/package-schema.ts). */
export const LAYER_PROPERTIES: Record<LayerName, Record<string, PropertyKind>> = {
  townships: { code: 'id', name: 'text', population: 'integer', populationUnder3: 'integer', district: 'text' },
  facilities: {
    id: 'id',
    name: 'text',
    slots: 'integer',
    inclusiveSlots: 'integer',
    type: 'enum',
    status: 'enum',
    openedYear: 'integer',
    closedYear: 'integer',
    grade: 'text',
    staff: 'integer',
    certifiedStaff: 'integer',
    township: 'id',
  },
  population: { id: 'id', population: 'number', under3: 'number', township: 'id' },
  roads: { name: 'text', highway: 'text', foot: 'text' },
  projects: {
    id: 'id',
    name: 'text',
    households: 'number',
    population: 'number',
    personsPerHousehold: 'number',
    plannedSlots: 'integer',
    status: 'enum',
    year: 'integer',
    township: 'id',
  },
  health: {
    id: 'id',
    name: 'text',
    kind: 'enum',
    childHealthStaff: 'integer',
    pediatricians: 'integer',
    hospitalLevel: 'integer',
    publicOwnership: 'boolean',
    staffChildrenUnder3: 'integer',
    township: 'id',
  },
  townshipPopulation: { code: 'id', year: 'integer', population: 'integer', populationUnder3: 'integer' },
};

/** The columns a point table names its position with (DATA_FORMAT.md: lon/lat, x/y or wkt). */
export const POSITION_COLUMNS = ['lon', 'lat', 'x', 'y', 'wkt'] as const;
export type PositionColumn = (typeof POSITION_COLUMNS)[number];

/**
 * Column headers that stand for each property, compared without case, spaces, underscores and
 * brackets. Our own property name always matches itself. Where a header means different things in
 * different layers (名称), the layer's own list says so.
 */
const COMMON_HEADERS: Record<string, string[]> = {
  code: ['乡镇代码', '乡镇编码', '街道代码', '行政区划代码', '区划代码', '代码', '编码', 'XZQDM', 'XZDM', 'towncode', 'adcode'],
  name: ['名称', 'NAME', 'mc'],
  population: ['常住人口', '常住人口数', '人口', '人口数', '总人口', 'pop', 'population'],
  populationUnder3: ['三岁以下人口', '3岁以下人口', '0-3岁人口', '0至3岁人口', '三岁以下婴幼儿数', '婴幼儿数', '0-2岁人口'],
  under3: ['三岁以下人口', '3岁以下人口', '0-3岁人口', '婴幼儿数', 'under3'],
  district: ['区县', '所属区县', '县区', 'district'],
  id: ['编号', '机构编号', '机构代码', '项目编号', '统一社会信用代码', 'ID', 'fid', 'osm_id'],
  slots: ['托位数', '托位', '核定托位', '核定托位数', '总托位', '总托位数'],
  inclusiveSlots: ['普惠托位', '普惠托位数', '普惠性托位', '普惠性托位数'],
  type: ['类型', '机构类型', '办托类型', '托育类型', '机构性质'],
  status: ['状态', '运营状态', '办理状态', '建设状态', '项目状态'],
  openedYear: ['开办年份', '开业年份', '开办年度', '建成年份', '投用年份'],
  closedYear: ['停办年份', '关闭年份'],
  grade: ['等级', '评定等级', '星级'],
  staff: ['从业人员', '从业人员数', '保育人员', '保育人员数', '员工数'],
  certifiedStaff: ['持证人员', '持证人员数', '持证保育人员', '持证人数'],
  township: ['所属乡镇', '所属街道', '乡镇街道', '所在乡镇', '乡镇'],
  lon: ['经度', 'lon', 'lng', 'long', 'longitude', 'jd'],
  lat: ['纬度', 'lat', 'latitude', 'wd'],
  x: ['x', 'x坐标', '横坐标', 'easting', 'POINT_X'],
  y: ['y', 'y坐标', '纵坐标', 'northing', 'POINT_Y'],
  wkt: ['wkt', 'geometry', 'geom', '几何', 'shape'],
  highway: ['highway', 'fclass', '道路等级', '道路类型'],
  foot: ['foot'],
  households: ['户数', '住户数', '总户数', '套数', '住宅套数'],
  personsPerHousehold: ['户均人口', '户均人数'],
  plannedSlots: ['配建托位', '配建托位数', '规划托位', '规划托位数', '设计托位'],
  year: ['年份', '年度', '统计年度', '交付年份', '建成年份'],
  kind: ['类别', '机构类别', '类型'],
  childHealthStaff: ['儿童保健人员', '儿童保健人员数', '儿保人员'],
  pediatricians: ['儿科医生', '儿科医师', '儿科医生数', '儿科执业医师'],
  hospitalLevel: ['医院等级', '等级'],
  publicOwnership: ['公立', '是否公立'],
  staffChildrenUnder3: ['职工三岁以下子女数', '职工3岁以下子女数'],
};

/** Headers that mean a property only in one layer (a facility's 机构名称, a township's 乡镇名称). */
const LAYER_HEADERS: Partial<Record<LayerName, Record<string, string[]>>> = {
  townships: { name: ['乡镇名称', '街道名称', '乡镇街道名称', 'XZQMC', 'XZMC', '乡镇', '街道'] },
  facilities: { name: ['机构名称', '托育机构名称', '单位名称'] },
  projects: { name: ['项目名称', '小区名称', '楼盘名称'] },
  health: { name: ['机构名称', '医疗机构名称', '单位名称'] },
  population: { population: ['人口', 'pop', 'population', '人数', 'value'] },
  townshipPopulation: { code: ['乡镇代码', '乡镇编码', '代码', 'XZQDM'] },
};

const normalise = (header: string) => header.toLowerCase().replace(/[\s_\-（）()[\]【】:：]/g, '');

/**
 * The proposed mapping of `fields` for `layer`: our property → source column, for every property (and
 * position column of point tables) a header stands for. A column is used for one property only; a
 * header equal to our own property name wins over a synonym.
 */
export function proposeMapping(layer: LayerName, fields: readonly string[], isTable: boolean): Record<string, string> {
  const wanted = [...Object.keys(LAYER_PROPERTIES[layer]), ...(isTable && layer !== 'townshipPopulation' ? POSITION_COLUMNS : [])];
  const byNormalised = new Map(fields.map((f) => [normalise(f), f]));
  const used = new Set<string>();
  const mapping: Record<string, string> = {};
  const take = (property: string, header: string) => {
    const field = byNormalised.get(normalise(header));
    if (field === undefined || used.has(field) || mapping[property]) return;
    mapping[property] = field;
    used.add(field);
  };
  for (const property of wanted) take(property, property);
  for (const property of wanted) for (const header of LAYER_HEADERS[layer]?.[property] ?? []) take(property, header);
  for (const property of wanted) for (const header of COMMON_HEADERS[property] ?? []) take(property, header);
  // A column already named as our property needs no mapping entry: it is read under its own name.
  for (const [property, field] of Object.entries(mapping)) if (field === property) delete mapping[property];
  return mapping;
}

/**
 * The Chinese names every office uses for our values (DATA_FORMAT.md version 2, `values`), applied when
 * the manifest does not map a value itself. Keys are compared without spaces.
 */
export const BUILT_IN_VALUES: Record<string, Record<string, string>> = {
  status: {
    正常运营: 'operating',
    运营中: 'operating',
    已开办: 'operating',
    正常: 'operating',
    在营: 'operating',
    规划: 'planned',
    在建: 'planned',
    拟建: 'planned',
    规划建设: 'planned',
    筹建: 'planned',
    停办: 'closed',
    关闭: 'closed',
    已停办: 'closed',
    已关闭: 'closed',
    // residential projects
    拟报批: 'proposed',
    待审批: 'proposed',
    已批复: 'approved',
    已审批: 'approved',
    已建成: 'built',
    已交付: 'built',
  },
  type: {
    社区: 'community',
    社区托育: 'community',
    民办: 'private',
    单位办托: 'employer',
    用人单位: 'employer',
    幼儿园托班: 'kindergarten_class',
    家庭托育点: 'family',
    托育驿站: 'station',
    托育综合服务中心: 'center',
  },
  kind: {
    妇幼保健院: 'child_health_center',
    妇幼保健计划生育服务中心: 'child_health_center',
    儿童保健中心: 'child_health_center',
    社区卫生服务中心: 'primary_care',
    乡镇卫生院: 'primary_care',
    卫生院: 'primary_care',
  },
};

/** Words in a file's name that say which layer it is, most specific first. */
const NAME_HINTS: [LayerName, RegExp][] = [
  ['townshipPopulation', /(分年|逐年|年度|历年).*人口|township.?population|人口.*(年|统计)/i],
  ['health', /卫生|医院|保健|health/i],
  ['facilities', /托育|托位|机构|facilit/i],
  ['projects', /项目|小区|楼盘|住宅|project|residential/i],
  ['roads', /道路|路网|road|highway|osm/i],
  ['population', /人口|population|pop|worldpop/i],
  ['townships', /乡镇|街道|镇街|行政区|township|xzq|boundar/i],
];

/**
 * The layer a file most likely is: from its name, else from its columns and geometry. Null when
 * nothing says (the user picks it in the wizard).
 */
export function detectLayer(fileName: string, fields: readonly string[], geometryType: string | null): LayerName | null {
  const base = fileName.replace(/^.*\//, '');
  if (/\.osm\.pbf$/i.test(base)) return 'roads';
  if (/\.tiff?$/i.test(base)) return 'population';
  for (const [layer, pattern] of NAME_HINTS)
    if (pattern.test(base)) return layer === 'townshipPopulation' && geometryType ? 'population' : layer;
  const has = (layer: LayerName, property: string) =>
    fields.some((f) => normalise(f) === normalise(property)) || Object.keys(proposeMapping(layer, fields, true)).includes(property);
  if (geometryType && /LineString/.test(geometryType)) return 'roads';
  if (!geometryType && has('townshipPopulation', 'year') && has('townshipPopulation', 'population')) return 'townshipPopulation';
  if (geometryType && /Polygon/.test(geometryType) && has('townships', 'code')) return 'townships';
  if (has('facilities', 'slots')) return 'facilities';
  if (has('projects', 'plannedSlots') || has('projects', 'households')) return 'projects';
  if (has('health', 'kind') && has('health', 'pediatricians')) return 'health';
  if (has('population', 'population')) return 'population';
  return null;
}
