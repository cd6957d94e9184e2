/**
 * The indicator table on test/fixtures/indicator-town, a made-up package whose answers are worked out
 * by hand below. Layout (equator, no roads, so walking = straight line × 1.3; 15 min = 1,000 m walking
 * = 769.2 m straight; 0.001° ≈ 111.3 m east–west and 110.6 m north–south):
 *
 *   township A 甲街道 lon 0.00–0.01: 30,000 residents (600 under 3)
 *   township B 乙镇   lon 0.01–0.02: 25,000 residents (500 under 3)
 *   township C 丙乡   lon 0.02–0.03:  5,000 residents (100 under 3)     all lat 0.00–0.01
 *
 *   F1 A 120 slots,  0 incl., opened 2020, grade 一级, staff 10 / certified 9
 *   F2 A  60 slots,  0 incl., opened 2024, no grade,   staff  5 / certified 3
 *   F3 B  90 slots, 72 incl., opened 2023, grade 二级, no staff data
 *   F4 C  40 slots, planned (never operating)
 *   F5 B  30 slots,  0 incl., opened 2019, closed 2025 (operating up to 2024), grade 一级, staff 4 / 4
 *
 *   population points: P1 A 10,000 (111 m from F1), P2 A 20,000 (334 m from F1 and F2),
 *   P3 B 15,000 (111 m from F3; 352 m from F5), P4 B 10,000 (628 m from F3; 896 m from F5),
 *   P5 C 5,000 (1,447 m from F3).
 *   health: H1 A primary care (2 child-health staff, 1 paediatrician), H2 B primary care (1, 1),
 *   H3 A child health centre (1, 2).
 *   projects: R1 2024 population 1,000 plans 10 (needs 10: ok); R2 2025 500 households × 2.8 = 1,400
 *   plans 12 (needs 14: short); R3 2026 300 × 3 = 900 plans 9 (needs 9: ok); R4 undated 2,000 plans 25 (ok).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/engine/coverage/index.js';
import {
  flagEmployerWelfare,
  computeIndicatorTable,
  computeIndicatorTrend,
  type IndicatorRow,
  type ReportedValue,
  computeTownshipDrilldown,
} from '../../server/engine/indicators/index.js';
import type { JurisdictionData } from '../../server/model/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { readPackageFolder, validatePackage } from '../../server/import/index.js';

const FIXTURE = path.resolve(__dirname, '../fixtures/indicator-town');

let data: JurisdictionData;

async function loadIndicatorTown(): Promise<JurisdictionData> {
  const validation = validatePackage(await readPackageFolder(FIXTURE), []);
  if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
  const pkg = validation.pkg;
  return {
    id: pkg.id,
    name: pkg.name,
    year: pkg.year,
    profile: pkg.profile,
    townships: pkg.townships,
    facilities: pkg.facilities,
    populationUnits: pkg.populationUnits,
    roads: pkg.roads,
    projects: pkg.projects,
    health: pkg.health,
    dataVersion: 1,
  };
}

function tableOf(d: JurisdictionData, year: number, reported: ReportedValue[] = []): Map<string, IndicatorRow> {
  const coverage = computeCoverage(d, prepareWalkNetwork(d.roads, d.profile.parameters), year);
  return new Map(computeIndicatorTable(d, coverage, year, reported).map((r) => [r.id, r]));
}

const get = (table: Map<string, IndicatorRow>, id: string): IndicatorRow => {
  const row = table.get(id);
  if (!row) throw new Error(`no row ${id}`);
  return row;
};

beforeAll(async () => {
  data = await loadIndicatorTown();
});

describe('indicator table of 2025 (F1, F2, F3 operate)', () => {
  let t: Map<string, IndicatorRow>;
  beforeAll(() => {
    t = tableOf(data, 2025);
  });

  it('lists every POLICY.md indicator once, in the catalogue order', () => {
    expect([...t.keys()]).toEqual([
      'slots_per_1000',
      'inclusive_share',
      'township_institution_coverage',
      'township_inclusive_coverage',
      'service_circle_15min',
      'new_community_10_per_1000',
      'health_center_coverage',
      'certified_staff_rate',
      'graded_institution_rate',
      'pediatricians_per_1000_children',
      'child_health_staff_per_20k',
      'community_station_share',
    ]);
    expect(get(t, 'slots_per_1000').nameZh).toBe('每千人口3岁以下婴幼儿托位数');
  });

  it('slots per 1,000: (120 + 60 + 90) ÷ 60,000 × 1,000 = 4.5 < 5.5', () => {
    const r = get(t, 'slots_per_1000');
    expect(r.value).toBeCloseTo(4.5, 10);
    expect(r).toMatchObject({ unit: 'per1000', origin: 'computed', target: 5.5, comparison: '>=', status: 'not_met', reason: null });
    expect(r.details).toEqual({ slots: 270, population: 60000 });
    expect(r.basis).toEqual({
      zh: '2025 年运营的 3 家机构共 270 个托位 ÷ 60,000 常住人口 × 1000',
      en: '270 slots of 3 facilities operating in 2025 ÷ 60000 residents (常住人口) × 1,000',
    });
  });

  it('inclusive share: 72 ÷ 270 = 26.67 % ≥ 25 %', () => {
    const r = get(t, 'inclusive_share');
    expect(r.value).toBeCloseTo((72 / 270) * 100, 10);
    expect(r).toMatchObject({ unit: 'percent', target: 25, status: 'met' });
  });

  it('institution coverage: A and B of 3 = 66.67 %, "substantially full" of 70 (≥ 66.5) is met', () => {
    const r = get(t, 'township_institution_coverage');
    expect(r.value).toBeCloseTo(200 / 3, 10);
    expect(r).toMatchObject({ target: 70, comparison: 'substantially_full', status: 'met' });
    expect(r.notes).toEqual([{ zh: '未覆盖的乡镇（街道）：丙乡。', en: 'Without: 丙乡.' }]);
  });

  it('inclusive institution coverage: only B (F3 has inclusive slots) = 33.33 % < 50 %', () => {
    const r = get(t, 'township_inclusive_coverage');
    expect(r.value).toBeCloseTo(100 / 3, 10);
    expect(r.status).toBe('not_met');
  });

  it('15-minute circle: P1 + P2 + P3 + P4 = 55,000 of 60,000 = 91.67 % ≥ 90 %, approximate without roads', () => {
    const r = get(t, 'service_circle_15min');
    expect(r.value).toBeCloseTo((55000 / 60000) * 100, 10);
    expect(r.details).toMatchObject({ coveredPopulation: 55000, population: 60000, thresholdM: 1000 });
    expect(r.status).toBe('met');
    expect(r.notes.map((n) => n.en).join(' ')).toMatch(/straight-line/);
    expect(r.notes.map((n) => n.zh).join('')).toMatch(/未加载路网：步行距离按直线距离 × 绕行系数估算/);
    expect(r.basis?.zh).toBe('60,000 常住人口中有 55,000 人距 2025 年运营的托育机构步行 1000 米（15 分钟）以内');
  });

  it('new communities: R1, R2, R4 are dated 2025 or earlier; 2 of 3 comply = 66.67 %, target all (100 %)', () => {
    const r = get(t, 'new_community_10_per_1000');
    expect(r.value).toBeCloseTo(200 / 3, 10);
    expect(r).toMatchObject({ unit: 'percent', target: 100, comparison: '>=', status: 'not_met' });
    expect(r.targetNote?.en).toMatch(/≥ 10 slots per 1,000/);
    expect(r.targetNote?.zh).toBe('新建住宅社区须按每千人 ≥ 10 个托位配置；目标为全部项目达标');
    expect(r.notes).toEqual([
      { zh: '未达配置标准：乙城（规划 12 个，应配 14 个）。', en: 'Short of the standard: 乙城 (12 of 14 slots).' },
    ]);
  });

  it('health centres: A (30,000) and B (25,000) reach 20,000; only A has one = 50 % ≥ 50 %', () => {
    const r = get(t, 'health_center_coverage');
    expect(r.value).toBe(50);
    expect(r).toMatchObject({ unit: 'percent', status: 'met' });
    expect(r.details).toEqual({ townships: 2, townshipsWithCentre: 1, minPopulation: 20000 });
  });

  it('certified staff: (9 + 3) ÷ (10 + 5) = 80 %, not "> 80"; F3 has no staff data', () => {
    const r = get(t, 'certified_staff_rate');
    expect(r.value).toBeCloseTo(80, 10);
    expect(r).toMatchObject({ comparison: '>', status: 'not_met' });
    expect(r.notes).toEqual([
      { zh: '1 家运营机构没有人员数据，未计入。', en: '1 operating facilities have no staff data and are left out.' },
    ]);
  });

  it('graded institutions: F1 and F3 of 3 = 66.67 %, no target in the profile', () => {
    const r = get(t, 'graded_institution_rate');
    expect(r.value).toBeCloseTo(200 / 3, 10);
    expect(r).toMatchObject({ target: null, comparison: null, status: 'no_target' });
  });

  it('paediatricians: (1 + 1 + 2) ÷ 1,200 children under 3 × 1,000 = 3.33, and says which children', () => {
    const r = get(t, 'pediatricians_per_1000_children');
    expect(r.value).toBeCloseTo(4000 / 1200, 10);
    expect(r.basis?.en).toMatch(/1200 children under 3/);
    expect(r.basis?.zh).toMatch(/÷ 3 岁以下儿童 1,200 人/);
    expect(r.status).toBe('met');
  });

  it('child-health staff: A 2 ÷ 30,000 × 20,000 = 1.33, B 1 ÷ 25,000 × 20,000 = 0.8; the weakest (B) decides', () => {
    const r = get(t, 'child_health_staff_per_20k');
    expect(r.value).toBeCloseTo(0.8, 10);
    expect(r.status).toBe('not_met');
    expect(r.details.districtPer20k).toBeCloseTo(1, 10); // 3 ÷ 60,000 × 20,000
    expect(r.details.townshipsBelowTarget).toBe(1);
    expect(r.notes[0]).toEqual({ zh: '低于目标：乙镇（0.80）。', en: 'Below the target: 乙镇 (0.80).' });
    expect(r.notes[1]?.en).toMatch(/丙乡/); // no primary care institution there
    expect(r.notes[1]?.zh).toMatch(/丙乡/);
  });

  it('community stations cannot be computed: no data with a reason', () => {
    const r = get(t, 'community_station_share');
    expect(r).toMatchObject({ value: null, origin: null, status: 'no_data' });
    expect(r.reason?.en).toMatch(/no urban-community layer/);
    expect(r.reason?.zh).toMatch(/婴幼儿照护驿站/);
  });
});

describe('other years', () => {
  it('2024 (F1, F2, F3, F5): 300 slots = 5.0 per 1,000 meets 5; certified (9+3+4) ÷ (10+5+4) = 84.2 %; graded 3 of 4', () => {
    const t = tableOf(data, 2024);
    expect(get(t, 'slots_per_1000')).toMatchObject({ value: 5, target: 5, status: 'met' });
    expect(get(t, 'certified_staff_rate').value).toBeCloseTo((16 / 19) * 100, 10);
    expect(get(t, 'graded_institution_rate').value).toBeCloseTo(75, 10);
    expect(get(t, 'inclusive_share')).toMatchObject({ value: 24, target: null, status: 'no_target' });
  });

  it('2022 (F1, F5): 150 slots = 2.5; P4 is 896 m × 1.3 = 1,165 m from F5, so 45,000 of 60,000 = 75 % covered', () => {
    const t = tableOf(data, 2022);
    expect(get(t, 'slots_per_1000').value).toBeCloseTo(2.5, 10);
    expect(get(t, 'service_circle_15min').value).toBeCloseTo(75, 10);
    // only R4 (undated) counts in 2022, and it complies
    expect(get(t, 'new_community_10_per_1000').value).toBe(100);
  });

  it('trend 2022–2027 gives value, target and status per year', () => {
    const network = prepareWalkNetwork(data.roads, data.profile.parameters);
    const trend = computeIndicatorTrend(data, (year) => computeCoverage(data, network, year), []);
    const slots = trend.find((s) => s.id === 'slots_per_1000')!;
    expect(slots.points.map((p) => p.year)).toEqual([2022, 2023, 2024, 2025, 2026, 2027]);
    // 2022 150, 2023 F1+F3+F5 = 240, 2024 300, 2025–2027 270 slots over 60,000 residents
    expect(slots.points.map((p) => p.value)).toEqual([2.5, 4, 5, 4.5, 4.5, 4.5]);
    expect(slots.points.map((p) => p.status)).toEqual(['not_met', 'met', 'met', 'not_met', 'not_met', 'not_met']);
    expect(slots.points[5]).toMatchObject({ target: 5.5, comparison: '>' });
  });
});

describe('reported values', () => {
  const reported = (indicator: string, year: number, value: number): ReportedValue => ({
    indicator,
    year,
    value,
    note: 'from the annual statistics',
    source: '统计年鉴',
    recordedBy: 'bureau',
    recordedAt: '2025-03-01T00:00:00.000Z',
  });

  it('are never mixed with a computed value: both are returned, each with its status', () => {
    const t = tableOf(data, 2025, [reported('slots_per_1000', 2025, 5.6), reported('slots_per_1000', 2024, 1)]);
    const r = get(t, 'slots_per_1000');
    expect(r).toMatchObject({ value: 4.5, origin: 'computed', status: 'not_met', reportedStatus: 'met' });
    expect(r.reported).toMatchObject({ value: 5.6, source: '统计年鉴', recordedBy: 'bureau' });
  });

  it('stand in where the data cannot compute, with origin "reported" and the reason kept', () => {
    const t = tableOf(data, 2025, [reported('community_station_share', 2025, 55)]);
    const r = get(t, 'community_station_share');
    expect(r).toMatchObject({ value: 55, origin: 'reported', status: 'no_target', reportedStatus: 'no_target' });
    expect(r.reason?.en).toMatch(/no urban-community layer/);
  });

  it('add indicators outside POLICY.md (infant mortality) after the POLICY rows, named when known', () => {
    const rows = computeIndicatorTable(data, null, 2025, [reported('zz_custom', 2025, 3), reported('infant_mortality', 2025, 1.8)]);
    expect(rows.slice(-2).map((r) => [r.id, r.nameZh, r.value, r.origin, r.unit])).toEqual([
      ['infant_mortality', '婴儿死亡率(‰)', 1.8, 'reported', 'as_reported'],
      ['zz_custom', 'zz_custom', 3, 'reported', 'as_reported'],
    ]);
  });

  it('in a trend, a reported-only indicator has no data in the years without a report', () => {
    const trend = computeIndicatorTrend(data, () => null, [reported('infant_mortality', 2023, 2.1)]);
    const mortality = trend.find((s) => s.id === 'infant_mortality')!;
    expect(mortality.points.map((p) => p.value)).toEqual([null, 2.1, null, null, null, null]);
    expect(mortality.points[0]!.status).toBe('no_data');
  });
});

describe('no data, with a clear reason', () => {
  it('says which data are missing', () => {
    const bare: JurisdictionData = {
      ...data,
      facilities: data.facilities.map((f) => ({ ...f, grade: null, staff: null, certifiedStaff: null })),
      townships: data.townships.map((t) => ({ ...t, populationUnder3: t.code === 'C' ? null : t.populationUnder3 })),
      health: [],
      projects: [],
    };
    const t = new Map(computeIndicatorTable(bare, null, 2025, []).map((r) => [r.id, r]));
    const reasons = Object.fromEntries([...t].map(([id, r]) => [id, r.status === 'no_data' ? r.reason?.en : r.status]));
    expect(reasons).toMatchObject({
      service_circle_15min: 'walking coverage was not computed',
      new_community_10_per_1000: 'the data hold no residential projects (projects.geojson absent or empty)',
      health_center_coverage: 'the data hold no health institutions (health.geojson absent or empty)',
      certified_staff_rate: 'no operating facility has staff data (staff and certifiedStaff)',
      graded_institution_rate: 'no facility in the data has a grade (等级)',
      pediatricians_per_1000_children: 'the data hold no health institutions (health.geojson absent or empty)',
      child_health_staff_per_20k: 'the data hold no health institutions (health.geojson absent or empty)',
    });
    const noChildren = computeIndicatorTable({ ...bare, health: data.health }, null, 2025, []).find(
      (r) => r.id === 'pediatricians_per_1000_children',
    )!;
    expect(noChildren.reason).toEqual({
      zh: '数据未提供儿童人口：3 个乡镇（街道）中有 1 个缺少 3 岁以下人口（populationUnder3）',
      en: 'the data give no child population: populationUnder3 is missing for 1 of 3 townships',
    });
    expect(t.get('new_community_10_per_1000')!.reason?.zh).toBe('数据中没有住宅项目（projects.geojson 缺失或为空）');
  });

  it('counts centres when the profile says the plan counts them (Ouhai): 1 centre', () => {
    const counting = { ...data, profile: { ...data.profile, units: { health_center_coverage: 'count of child health centres' } } };
    const r = computeIndicatorTable(counting, null, 2025, []).find((row) => row.id === 'health_center_coverage')!;
    expect(r).toMatchObject({ value: 1, unit: 'count', target: 50, status: 'not_met' });
    expect(r.unitNote).toEqual({
      zh: '按儿童健康管理中心个数计（规划统计中心个数，而非乡镇（街道）覆盖比例）',
      en: 'count of child health centres',
    });
  });
});

describe('township drill-down 2025', () => {
  it('gives each township its own indicators', () => {
    const coverage = computeCoverage(data, prepareWalkNetwork(data.roads, data.profile.parameters), 2025);
    const [a, b, c] = computeTownshipDrilldown(data, coverage, 2025);
    // A: 180 slots ÷ 30,000 = 6.0; needs ⌈5.5 × 30⌉ = 165 → no gap; no inclusive slots; P1 + P2 covered
    expect(a).toMatchObject({ code: 'A', slots: 180, slotsPer1000: 6, slotGap: 0, meetsSlotsTarget: true, inclusiveSharePercent: 0 });
    expect(a).toMatchObject({
      hasInstitution: true,
      hasInclusiveInstitution: false,
      serviceCircle15Percent: 100,
      healthCenterExpected: true,
      hasHealthCenter: true,
    });
    expect(a!.childHealthStaffPer20k).toBeCloseTo(4 / 3, 10);
    // B: 90 ÷ 25,000 = 3.6; needs ⌈5.5 × 25⌉ = 138 → gap 48; 72 ÷ 90 = 80 % inclusive
    expect(b).toMatchObject({
      slots: 90,
      slotGap: 48,
      inclusiveSharePercent: 80,
      hasInclusiveInstitution: true,
      serviceCircle15Percent: 100,
      hasHealthCenter: false,
      childHealthStaffPer20k: 0.8,
    });
    expect(b!.slotsPer1000).toBeCloseTo(3.6, 10);
    // C: nothing operates; needs ⌈5.5 × 5⌉ = 28 slots; P5 uncovered; below 20,000 residents
    expect(c).toMatchObject({
      slots: 0,
      slotsPer1000: 0,
      slotGap: 28,
      inclusiveSharePercent: null,
      hasInstitution: false,
      serviceCircle15Percent: 0,
    });
    expect(c).toMatchObject({ healthCenterExpected: false, childHealthStaff: null, childHealthStaffPer20k: null });
  });
});

describe('employer welfare childcare', () => {
  it('reports no data when no institution carries a hospital level or staff children', () => {
    const result = flagEmployerWelfare(data.health);
    expect(result).toMatchObject({ status: 'no_data', checked: 0, unchecked: 3, flagged: [] });
    expect(result.reason?.en).toMatch(/hospital level/);
    expect(result.reason?.zh).toMatch(/医院等级/);
  });

  it('flags level-2+ public hospitals and units with more than 30 staff children under 3', () => {
    const [h1, h2, h3] = data.health;
    const result = flagEmployerWelfare([
      { ...h1!, hospitalLevel: 2, publicOwnership: true },
      { ...h2!, hospitalLevel: 3, publicOwnership: false, staffChildrenUnder3: 30 },
      { ...h3!, staffChildrenUnder3: 31 },
    ]);
    expect(result.status).toBe('checked');
    expect(result.flagged).toEqual([
      { id: 'H1', name: '甲街道社区卫生服务中心', reasons: [{ zh: '二级公立医院', en: 'public hospital of level 2' }] },
      { id: 'H3', name: '甲街道儿童健康管理中心', reasons: [{ zh: '职工 3 岁以下子女 31 人', en: '31 staff children under 3' }] },
    ]);
  });
});
