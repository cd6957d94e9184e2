/**
 * The employer welfare childcare rule (单位福利托育, seeds/003 §二(六)15) with imported figures, on both
 * databases: health.geojson's optional hospitalLevel, publicOwnership and staffChildrenUnder3 (our
 * extension of ../shared/DATA_FORMAT.md) pass through the import, the database and GET …/indicators;
 * bad values are refused by name with nothing written; a package without them still answers
 * "no data"; a scenario's package export writes them back so that it re-imports the same.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { getJurisdictionData } from '../../server/db/jurisdictions.repository.js';
import { tinyTownAt } from '../fixtures/tiny-town.js';
import { useTestApp } from '../helpers/app.js';
import { tableChecksums } from '../helpers/checksums.js';
import { databaseKinds } from '../helpers/databases.js';
import { tinyTownFiles } from '../import/tiny-town-files.js';

/** A health institution of tiny-town at grid position (u, v), with the given properties. */
function healthFeature(u: number, v: number, properties: Record<string, unknown>) {
  return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: tinyTownAt(u, v) } };
}

/**
 * Four institutions: a public level-2 hospital (flagged), a private level-3 hospital with 12 staff
 * children (checked, not flagged), a health centre with 31 staff children (flagged), and one without
 * any of the figures (not checked).
 */
const WITH_FIGURES = [
  healthFeature(1, 1, { id: 'H1', name: '小镇妇幼保健院', kind: 'child_health_center', hospitalLevel: 2, publicOwnership: true }),
  healthFeature(3, 1, {
    id: 'H2',
    name: '小镇仁爱医院',
    kind: 'primary_care',
    hospitalLevel: 3,
    publicOwnership: false,
    staffChildrenUnder3: 12,
  }),
  healthFeature(1, 3, { id: 'H3', name: '东街道社区卫生服务中心', kind: 'primary_care', childHealthStaff: 2, staffChildrenUnder3: 31 }),
  healthFeature(2, 4, {
    id: 'H4',
    name: '北镇卫生院',
    kind: 'primary_care',
    childHealthStaff: 1,
    hospitalLevel: null,
    publicOwnership: null,
  }),
];

/** tiny-town under another id, with `health` as its health.geojson. */
function packageWith(id: string, health: object[]) {
  const files = tinyTownFiles();
  files['manifest.json'] = { ...files['manifest.json'], id };
  files['health.geojson'] = { type: 'FeatureCollection', features: health };
  return files;
}

describe.each(databaseKinds)('employer welfare figures on %s', (kind) => {
  const town = useTestApp(kind, [], { tokens: { bureau: 'bureau clerk', planner: 'planner' } });

  const importPackage = (files: object) => request(town.app).post('/api/jurisdictions/import').set(town.as('bureau')).send({ files });
  const employerWelfare = async (id: string) =>
    (await request(town.app).get(`/api/jurisdictions/${id}/indicators?year=2025`).expect(200)).body.employerWelfare;

  it('imports the figures and flags the public level-2 hospital and the unit with 31 staff children', async () => {
    await importPackage(packageWith('welfare-town', WITH_FIGURES)).expect(201);
    const data = (await getJurisdictionData(town.db, 'welfare-town'))!;
    expect(data.health.map((h) => [h.id, h.hospitalLevel, h.publicOwnership, h.staffChildrenUnder3])).toEqual([
      ['H1', 2, true, null],
      ['H2', 3, false, 12],
      ['H3', null, null, 31],
      ['H4', null, null, null],
    ]);

    const welfare = await employerWelfare('welfare-town');
    expect(welfare).toMatchObject({ status: 'checked', checked: 3, unchecked: 1, reason: null, reasonZh: null });
    expect(welfare.flagged).toEqual([
      { id: 'H1', name: '小镇妇幼保健院', reasons: ['public hospital of level 2'], reasonsZh: ['二级公立医院'] },
      { id: 'H3', name: '东街道社区卫生服务中心', reasons: ['31 staff children under 3'], reasonsZh: ['职工 3 岁以下子女 31 人'] },
    ]);
  });

  it('refuses bad values by file#feature.property and writes nothing', async () => {
    const bad = [
      healthFeature(1, 1, { id: 'H1', name: '甲医院', kind: 'primary_care', hospitalLevel: 5, publicOwnership: true }),
      healthFeature(3, 1, { id: 'H2', name: '乙医院', kind: 'primary_care', staffChildrenUnder3: -1 }),
      healthFeature(1, 3, { id: 'H3', name: '丙医院', kind: 'primary_care', hospitalLevel: 2, publicOwnership: 'yes' }),
    ];
    const before = await tableChecksums(town.db, { exceptTables: ['sessions', 'api_tokens'] });
    const res = await importPackage(packageWith('welfare-bad', bad)).expect(422);
    expect(res.body.error.issues).toEqual([
      // No Accept-Language: the messages are in Chinese, the default.
      { path: 'health.geojson#0.hospitalLevel', message: '应为 1、2 或 3（一级、二级、三级）' },
      { path: 'health.geojson#1.staffChildrenUnder3', message: '应 ≥ 0' },
      { path: 'health.geojson#2.publicOwnership', message: '应为 true 或 false' },
    ]);
    expect(await tableChecksums(town.db, { exceptTables: ['sessions', 'api_tokens'] })).toEqual(before);
    await request(town.app).get('/api/jurisdictions/welfare-bad/indicators').expect(404);
  });

  it('still answers "no data" for a package without the figures', async () => {
    const without = WITH_FIGURES.map((f) => {
      const { hospitalLevel: _l, publicOwnership: _p, staffChildrenUnder3: _c, ...properties } = f.properties;
      return { ...f, properties };
    });
    await importPackage(packageWith('plain-town', without)).expect(201);
    const data = (await getJurisdictionData(town.db, 'plain-town'))!;
    expect(data.health.every((h) => h.hospitalLevel === null && h.publicOwnership === null && h.staffChildrenUnder3 === null)).toBe(true);
    const welfare = await employerWelfare('plain-town');
    expect(welfare).toMatchObject({ status: 'no_data', checked: 0, unchecked: 4, flagged: [] });
    expect(welfare.reason).toMatch(/hospital level/);
  });

  it('writes the figures back in a scenario’s package export, which re-imports the same', async () => {
    await importPackage(packageWith('welfare-town', WITH_FIGURES)).expect(201);
    const scenario = await request(town.app)
      .post('/api/jurisdictions/welfare-town/scenarios')
      .set(town.as('planner'))
      .send({ name: '不变', year: 2025, changes: [{ kind: 'resizeFacility', id: 'F3', slots: 40, inclusiveSlots: 20 }] })
      .expect(201);
    const exported = await request(town.app)
      .get(`/api/jurisdictions/welfare-town/scenarios/${scenario.body.id}/export?format=package&jurisdictionId=welfare-copy`)
      .set(town.as('planner'))
      .expect(200);
    const properties = exported.body.files['health.geojson'].features.map((f: any) => f.properties);
    expect(properties.map((p: any) => [p.id, p.hospitalLevel, p.publicOwnership, p.staffChildrenUnder3])).toEqual([
      ['H1', 2, true, undefined],
      ['H2', 3, false, 12],
      ['H3', undefined, undefined, 31],
      ['H4', undefined, undefined, undefined],
    ]);
    await importPackage(exported.body.files).expect(201);
    expect(await employerWelfare('welfare-copy')).toEqual(await employerWelfare('welfare-town'));
  });
});
