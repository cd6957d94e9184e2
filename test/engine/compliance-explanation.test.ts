import { describe, expect, it } from 'vitest';
import { explainAssessment, type ProjectAssessment } from '../../server/engine/compliance/index.js';

// tiny-town J1: 400 households × 2.8 = 1,120 residents, 12 required, 10 planned, in T1 东街道.
const j1: ProjectAssessment = {
  population: 1120,
  populationSource: 'households',
  households: 400,
  personsPerHousehold: 2.8,
  personsPerHouseholdSource: 'profile',
  standardSlotsPer1000: 10,
  requiredSlots: 12,
  plannedSlots: 10,
  compliant: false,
  shortfall: 2,
  year: 2025,
  site: [120.6507705, 27.99775],
  township: { code: 'T1', name: '东街道', footprintShare: null },
  coveredWithin: { '5': true, '10': true, '15': true },
  nearestFacilityDistanceM: 225.57,
  nearestFacilities: [{ id: 'F1', name: '东街道社区托育中心', slots: 40, inclusiveSlots: 26, distanceM: 225.57 }],
  searchLimitM: 3000,
  townshipImpact: {
    year: 2025,
    target: 5.5,
    before: { population: 4700, slots: 40, slotsPer1000: 8.5106, slotGap: 0, meetsTarget: true },
    after: { population: 5820, slots: 50, slotsPer1000: 8.5911, slotGap: 0, meetsTarget: true },
    slotsPer1000Change: 0.0805,
  },
  approximate: false,
  rules: [],
  notes: [],
};
const context = { jurisdictionName: '小镇', profileName: '小镇托育规划', dataVersion: 3, convertedFrom: null };

describe('explainAssessment', () => {
  it('states the rule, the arithmetic, the verdict, the township and the data version in Chinese', () => {
    const text = explainAssessment(j1, context);
    expect(text).toContain('依据《小镇托育规划》');
    expect(text).toContain('400 户 × 2.8 人/户（规划默认值）= 1,120 人');
    expect(text).toContain('⌈1,120 × 10 ÷ 1000⌉ = 12 个');
    expect(text).toContain('不符合标准，缺口 2 个托位');
    expect(text).toContain('由 8.51 变为 8.59');
    expect(text).toContain('步行 5 分钟内有运营中的托育机构');
    expect(text).toContain('第 3 版');
  });

  it('writes English on request and says when coordinates were converted', () => {
    const text = explainAssessment(
      { ...j1, compliant: true, shortfall: 0, plannedSlots: 12 },
      { ...context, convertedFrom: 'GCJ-02' },
      'en',
    );
    expect(text).toMatch(/^Rule: a new residential community must provide at least 10 childcare slots per 1,000 residents/);
    expect(text).toContain('it plans 12: compliant.');
    expect(text).toContain('converted from GCJ-02 to WGS84');
  });

  it('says plainly when no operating facility is within reach', () => {
    const far = { ...j1, coveredWithin: { '5': false, '10': false, '15': false }, nearestFacilities: [], nearestFacilityDistanceM: null };
    expect(explainAssessment(far, context)).toContain('步行 3,000 米内没有运营中的托育机构');
  });
});
