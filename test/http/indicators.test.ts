/**
 * The indicator dashboard over HTTP, on both databases: the hand-worked indicator-town package
 * (answers in test/engine/indicator-table.test.ts), reported values with roles and audit, the CSV and
 * Excel reports, and the Ouhai demo, where every indicator of every plan year shows a value or a reason.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AnalysisService } from '../../server/analysis/analysis-service.js';
import { summariseProjectRules } from '../../server/engine/compliance/index.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

const indicatorTown = path.resolve(__dirname, '../fixtures/indicator-town');
const ouhaiDemo = path.resolve(__dirname, '../../data/ouhai-demo');

/** Collects a binary response body (supertest buffers only text and JSON by default). */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Splits one CSV line into cells ("a,""b"",c" quoting as in RFC 4180). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  return [...cells, cell];
}

describe.each(databaseKinds)('indicator API on %s', (kind) => {
  const town = useTestApp(kind, [indicatorTown, ouhaiDemo], { tokens: { bureau: 'bureau clerk', planner: 'planner' }, timeout: 120_000 });

  const base = '/api/jurisdictions/indicator-town';

  it('returns the table of the year with the hand-worked values', async () => {
    const res = await request(town.app).get(`${base}/indicators?year=2025`).expect(200);
    expect(res.body).toMatchObject({ jurisdictionId: 'indicator-town', year: 2025, profileId: 'indicator-town' });
    const byId = Object.fromEntries(res.body.indicators.map((r: any) => [r.id, r]));
    expect(byId.slots_per_1000).toMatchObject({ value: 4.5, target: 5.5, status: 'not_met', origin: 'computed', unit: 'per1000' });
    expect(byId.service_circle_15min.value).toBeCloseTo((55000 / 60000) * 100, 9); // P1–P4 covered
    expect(byId.certified_staff_rate).toMatchObject({ value: 80, comparison: '>', status: 'not_met' }); // 12 ÷ 15
    expect(byId.health_center_coverage).toMatchObject({ value: 50, status: 'met' }); // A of A, B
    expect(byId.community_station_share).toMatchObject({ value: null, status: 'no_data' });
    expect(res.body.employerWelfare).toMatchObject({ status: 'no_data', checked: 0, unchecked: 3 });
  });

  it('writes every text in English under its own name and in Chinese with the suffix Zh', async () => {
    const res = await request(town.app).get(`${base}/indicators?year=2025`).expect(200);
    const byId = Object.fromEntries(res.body.indicators.map((r: any) => [r.id, r]));
    // 3 facilities operate in 2025 (F1, F2, F3): 120 + 60 + 90 = 270 slots over 60,000 residents
    expect(byId.slots_per_1000).toMatchObject({
      basis: '270 slots of 3 facilities operating in 2025 ÷ 60000 residents (常住人口) × 1,000',
      basisZh: '2025 年运营的 3 家机构共 270 个托位 ÷ 60,000 常住人口 × 1000',
      reason: null,
      reasonZh: null,
    });
    expect(byId.township_institution_coverage).toMatchObject({ notes: ['Without: 丙乡.'], notesZh: ['未覆盖的乡镇（街道）：丙乡。'] });
    expect(byId.new_community_10_per_1000.targetNoteZh).toBe('新建住宅社区须按每千人 ≥ 10 个托位配置；目标为全部项目达标');
    expect(byId.community_station_share.reason).toMatch(/no urban-community layer/);
    expect(byId.community_station_share.reasonZh).toMatch(/^数据中没有城市社区图层/);
    expect(res.body.employerWelfare.reason).toMatch(/hospital level/);
    expect(res.body.employerWelfare.reasonZh).toMatch(/医院等级/);
    expect(res.body.employerWelfare.ruleZh).toMatch(/^二级及以上公立医院/);
    const trend = await request(town.app).get(`${base}/indicators/community_station_share/trend`).expect(200);
    expect(trend.body.points[0].reasonZh).toBe(byId.community_station_share.reasonZh);
  });

  it('defaults to the analysis year and rejects bad years and unknown jurisdictions', async () => {
    expect((await request(town.app).get(`${base}/indicators`).expect(200)).body.year).toBe(2025);
    const bad = await request(town.app).get(`${base}/indicators?year=20x5`).expect(400);
    expect(bad.body.error.issues[0].path).toBe('query.year');
    await request(town.app).get('/api/jurisdictions/nowhere/indicators').expect(404);
  });

  it('gives the township drill-down', async () => {
    const res = await request(town.app).get(`${base}/indicators/townships?year=2025`).expect(200);
    expect(res.body.healthCenterMinPopulation).toBe(20000);
    expect(
      res.body.townships.map((t: any) => [
        t.code,
        t.slots,
        t.slotGap,
        t.hasInstitution,
        t.hasInclusiveInstitution,
        t.serviceCircle15Percent,
      ]),
    ).toEqual([
      ['A', 180, 0, true, false, 100],
      ['B', 90, 48, true, true, 100],
      ['C', 0, 28, false, false, 0],
    ]);
  });

  it('gives one indicator’s trend 2022–2027, and 404 for an id neither in POLICY.md nor reported', async () => {
    const res = await request(town.app).get(`${base}/indicators/slots_per_1000/trend`).expect(200);
    expect(res.body.points.map((p: any) => [p.year, p.value, p.status])).toEqual([
      [2022, 2.5, 'not_met'],
      [2023, 4, 'met'],
      [2024, 5, 'met'],
      [2025, 4.5, 'not_met'],
      [2026, 4.5, 'not_met'],
      [2027, 4.5, 'not_met'],
    ]);
    await request(town.app).get(`${base}/indicators/no_such_thing/trend`).expect(404);
    await request(town.app).get(`${base}/indicators/Bad-Id/trend`).expect(400);
  });

  it('records reported values only with the bureau role; nothing is written otherwise', async () => {
    const url = `${base}/indicators/infant_mortality/reported/2024`;
    const body = { value: 1.8, note: '全区婴儿死亡率', source: '卫健局年报 2024' };
    await request(town.app).put(url).send(body).expect(401);
    await request(town.app).put(url).set('Authorization', 'Bearer nonsense').send(body).expect(401);
    await request(town.app).put(url).set(town.as('planner')).send(body).expect(403);
    expect((await request(town.app).get(`${base}/indicators/reported`).expect(200)).body).toEqual([]);
    expect((await request(town.app).get(`${base}/audit`).set(town.as('bureau')).expect(200)).body).toEqual([]);

    const bad = await request(town.app).put(url).set(town.as('bureau')).send({ value: 'high' }).expect(400);
    expect(bad.body.error.issues[0].path).toBe('body.value');
    // A share is reported in percent: 250 % or −1 % is a typing error, refused naming the field.
    for (const value of [250, -1, 100.5]) {
      const share = await request(town.app)
        .put(`${base}/indicators/inclusive_share/reported/2024`)
        .set(town.as('bureau'))
        .send({ value })
        .expect(400);
      expect(share.body.error.issues).toEqual([{ path: 'body.value', message: expect.stringContaining('0–100') }]);
    }
    // infant_mortality is in its own unit (‰): no percent bound.

    const saved = await request(town.app).put(url).set(town.as('bureau')).send(body).expect(200);
    expect(saved.body).toMatchObject({
      indicator: 'infant_mortality',
      year: 2024,
      value: 1.8,
      note: '全区婴儿死亡率',
      source: '卫健局年报 2024',
      recordedBy: 'bureau clerk',
    });
    const trend = await request(town.app).get(`${base}/indicators/infant_mortality/trend`).expect(200);
    expect(trend.body.nameZh).toBe('婴儿死亡率(‰)');
    expect(trend.body.points.map((p: any) => p.value)).toEqual([null, null, 1.8, null, null, null]);
    expect(trend.body.points[2]).toMatchObject({ origin: 'reported', status: 'no_target' });
  });

  it('keeps a reported value beside the computed one, and audits record and delete', async () => {
    const url = `${base}/indicators/slots_per_1000/reported/2025`;
    await request(town.app).put(url).set(town.as('bureau')).send({ value: 5.6, source: '统计公报' }).expect(200);
    await request(town.app).put(url).set(town.as('bureau')).send({ value: 5.7, source: '统计公报（修订）' }).expect(200);
    const table = await request(town.app).get(`${base}/indicators?year=2025`).expect(200);
    const slots = table.body.indicators.find((r: any) => r.id === 'slots_per_1000');
    expect(slots).toMatchObject({
      value: 4.5,
      origin: 'computed',
      status: 'not_met',
      reported: { value: 5.7, source: '统计公报（修订）' },
      reportedStatus: 'met',
    });

    await request(town.app).delete(url).set(town.as('planner')).expect(403);
    await request(town.app).delete(url).set(town.as('bureau')).expect(200);
    await request(town.app).delete(url).set(town.as('bureau')).expect(404);
    const audit = await request(town.app).get(`${base}/audit?entity=reported_value`).set(town.as('bureau')).expect(200);
    const mine = audit.body.filter((e: any) => e.entityId === 'slots_per_1000/2025');
    expect(mine.map((e: any) => [e.action, e.before?.value ?? null, e.after?.value ?? null, e.actor])).toEqual([
      ['delete', 5.7, null, 'bureau clerk'],
      ['record', 5.6, 5.7, 'bureau clerk'],
      ['record', null, 5.6, 'bureau clerk'],
    ]);
    const after = await request(town.app).get(`${base}/indicators?year=2025`).expect(200);
    expect(after.body.indicators.find((r: any) => r.id === 'slots_per_1000').reported).toBeNull();
  });

  it('exports the table as CSV with Chinese headers', async () => {
    const res = await request(town.app).get(`${base}/indicators/export.csv?year=2025`).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/indicator-town-indicators-2025\.csv/);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csvCells(lines[0]!).slice(0, 5)).toEqual(['编号', '指标', 'Indicator', '年份', '数值']);
    expect(lines).toHaveLength(1 + 12);
    const slots = csvCells(lines.find((l) => l.startsWith('slots_per_1000,'))!);
    expect(slots.slice(0, 10)).toEqual([
      'slots_per_1000',
      '每千人口3岁以下婴幼儿托位数',
      'Childcare slots per 1,000 residents',
      '2025',
      '4.5',
      '个/千人',
      '计算',
      '5.5',
      '≥',
      '未达标',
    ]);
    // basis, reason and notes are Chinese, like the headers
    expect(slots[14]).toBe('2025 年运营的 3 家机构共 270 个托位 ÷ 60,000 常住人口 × 1000');
    const stations = csvCells(lines.find((l) => l.startsWith('community_station_share,'))!);
    expect(stations[15]).toMatch(/^数据中没有城市社区图层/);
  });

  it('exports an Excel workbook that exceljs reads back: the table and the trend', async () => {
    const res = await request(town.app).get(`${base}/indicators/export.xlsx?year=2025`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(res.body as Buffer).buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['指标 2025', '趋势 2022-2027']);
    const table = workbook.getWorksheet('指标 2025')!;
    expect(table.getRow(1).getCell(2).value).toBe('指标');
    const slotsRow = table.getRow(2);
    expect([slotsRow.getCell(1).value, slotsRow.getCell(5).value, slotsRow.getCell(10).value]).toEqual(['slots_per_1000', 4.5, '未达标']);
    expect(table.rowCount).toBe(1 + 12);
    const trend = workbook.getWorksheet('趋势 2022-2027')!;
    expect(trend.getRow(1).getCell(4).value).toBe('2022 数值');
    // slots per 1,000: 2022 value 2.5, 2024 value 5 (columns: id, name, unit, then 4 per year)
    expect([trend.getRow(2).getCell(4).value, trend.getRow(2).getCell(12).value]).toEqual([2.5, 5]);
  });

  it('Ouhai demo: every indicator of every plan year shows a value or a reason, with the POLICY.md targets', async () => {
    const res = await request(town.app).get('/api/jurisdictions/ouhai-demo/indicators/trend').expect(200);
    const series = Object.fromEntries(res.body.map((s: any) => [s.id, s]));
    for (const s of res.body) {
      for (const p of s.points) {
        const shown = p.value !== null || (typeof p.reason === 'string' && p.reason.length > 0);
        expect(shown, `${s.id} ${p.year}`).toBe(true);
      }
    }
    const targets = (id: string) => series[id].points.map((p: any) => (p.target === null ? null : `${p.comparison} ${p.target}`));
    // POLICY.md §1–2, ouhai 2022 → 2027
    expect(targets('slots_per_1000')).toEqual(['>= 4.3', '>= 4.8', '>= 5.2', '>= 5.5', '>= 5.55', '> 5.55']);
    expect(targets('inclusive_share')).toEqual(['>= 50', '>= 55', '>= 60', '>= 65', '>= 70', '> 70']);
    expect(targets('township_institution_coverage')).toEqual([
      '>= 79.57',
      '>= 80',
      '>= 85',
      'substantially_full 100',
      'substantially_full 100',
      'substantially_full 100',
    ]);
    expect(targets('health_center_coverage')).toEqual([null, '>= 2', '>= 3', '>= 4', '>= 4', '>= 4']);
    expect(series.health_center_coverage.unit).toBe('count');
    expect(targets('certified_staff_rate')).toEqual(['>= 90', '>= 93', '>= 95', '>= 95', '> 95', '> 95']);
    expect(targets('pediatricians_per_1000_children')).toEqual(['>= 1.5', '>= 1.52', '>= 1.55', '>= 1.6', '>= 1.62', '>= 1.65']);
    expect(targets('child_health_staff_per_20k')).toEqual(Array(6).fill('>= 1'));
    // the generator calibrated the demo to 4.3 slots per 1,000 in 2022 (data/ouhai-demo manifest)
    expect(series.slots_per_1000.points[0].value).toBeCloseTo(4.3, 2);
    expect(series.community_station_share.points[3].reason).toMatch(/no urban-community layer/);
  });

  it('Ouhai demo: the city rules judged over every project (checked in the compute pool) are those of the checks made inline', async () => {
    const res = await request(town.app).get('/api/jurisdictions/ouhai-demo/indicators?year=2025').expect(200);
    // Without a compute pool every check runs on the calling thread.
    const inline = (await new AnalysisService(town.db).get('ouhai-demo'))!;
    const projects = inline.data.projects;
    expect(projects.some((p) => p.geometry.type === 'Polygon')).toBe(true);
    const checks = await inline.checkProjects(
      2025,
      projects.map((p) => ({
        location: p.geometry.type === 'Polygon' ? p.geometry : ([p.lon, p.lat] as [number, number]),
        population: p.population,
        households: p.population === null ? p.households : null,
        personsPerHousehold: p.population === null ? p.personsPerHousehold : null,
        plannedSlots: p.plannedSlots,
        neighbourhood: p.status === 'built' ? ('existing' as const) : ('new' as const),
      })),
    );
    const [expected] = summariseProjectRules(
      inline.data.profile.rules,
      checks.map((c) => ('assessment' in c ? c.assessment.rules : [])),
    );
    const rule = res.body.rules.find((r: any) => r.id === 'new_community_10_per_1000');
    expect(expected!.required).toBeGreaterThan(0);
    expect(rule).toMatchObject({ required: expected!.required, actual: expected!.actual, passed: expected!.passed });
    expect(rule.messageZh).toMatch(/适用 \d+ 个住宅项目/);
  });
});
