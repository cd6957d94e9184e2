import { describe, expect, it } from 'vitest';
import { computeIndicators, isOperatingIn, meetsTarget, requiredSlotsFor, slotGap, targetFor } from '../../server/engine/figures/index.js';
import type { Facility, PolicyProfile, Township } from '../../server/model/index.js';
import { policyDefaults } from '../fixtures/parameters.js';

const square = (x: number): Township['geometry'] => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, 0],
      [x + 1, 0],
      [x + 1, 1],
      [x, 1],
      [x, 0],
    ],
  ],
});

function facility(partial: Partial<Facility> & Pick<Facility, 'id' | 'slots' | 'township'>): Facility {
  return {
    name: partial.id,
    inclusiveSlots: 0,
    type: 'community',
    status: 'operating',
    openedYear: null,
    closedYear: null,
    grade: null,
    staff: null,
    certifiedStaff: null,
    lon: 0,
    lat: 0,
    ...partial,
  };
}

const profile: PolicyProfile = {
  id: 'test',
  name: 'test',
  targets: { slots_per_1000: { '2024': 5.2, '2025': 5.5, '2027': 5.55 }, inclusive_share: { '2025': 65 } },
  comparisons: { slots_per_1000: { '2027': '>' } },
  parameters: policyDefaults(),
};

describe('isOperatingIn', () => {
  it('counts operating facilities from their opening year on', () => {
    const f = facility({ id: 'a', slots: 10, township: 'A', openedYear: 2025 });
    expect(isOperatingIn(f, 2024)).toBe(false);
    expect(isOperatingIn(f, 2025)).toBe(true);
  });
  it('counts a closed facility only before its closing year', () => {
    const f = facility({ id: 'a', slots: 10, township: 'A', status: 'closed', closedYear: 2026 });
    expect(isOperatingIn(f, 2025)).toBe(true);
    expect(isOperatingIn(f, 2026)).toBe(false);
    expect(isOperatingIn({ ...f, closedYear: null }, 2020)).toBe(false);
  });
  it('never counts planned facilities', () => {
    expect(isOperatingIn(facility({ id: 'a', slots: 10, township: 'A', status: 'planned' }), 2030)).toBe(false);
  });
});

describe('gap arithmetic', () => {
  it('takes an exact ceiling: 5.2 × 5000 ÷ 1000 is 26, not 27', () => {
    // In floats 1.1 × 50000 ÷ 1000 is 55.00000000000001, whose ceiling would be 56.
    expect(Math.ceil((1.1 * 50000) / 1000)).toBe(56);
    expect(requiredSlotsFor(1.1, 50000)).toBe(55);
    expect(requiredSlotsFor(5.2, 5000)).toBe(26);
    expect(slotGap(5.2, 5000, 20)).toBe(6);
  });
  it('rounds a fractional requirement up', () => {
    expect(requiredSlotsFor(5.5, 13180)).toBe(73); // 72.49
    expect(requiredSlotsFor(5.2, 13180)).toBe(69); // 68.536
    expect(slotGap(5.5, 13180, 90)).toBe(0);
  });
});

describe('targets', () => {
  it('reads the year’s target and comparison, and says when there is none', () => {
    expect(targetFor(profile, 'slots_per_1000', 2025)).toEqual({ value: 5.5, comparison: '>=' });
    expect(targetFor(profile, 'slots_per_1000', 2027)).toEqual({ value: 5.55, comparison: '>' });
    expect(targetFor(profile, 'slots_per_1000', 2026)).toBeNull();
    expect(meetsTarget(5.55, { value: 5.55, comparison: '>' })).toBe(false);
    expect(meetsTarget(5.55, { value: 5.55, comparison: '>=' })).toBe(true);
  });
});

describe('computeIndicators', () => {
  // Township A: 5,000 residents, facilities a1 (20 slots, 8 inclusive) and a2 (opens 2025, 30 slots, 24 inclusive).
  // Township B: 2,000 residents, only a planned facility. Facility x lies outside both townships.
  const townships: Township[] = [
    { code: 'A', name: 'A', population: 5000, populationUnder3: null, district: null, geometry: square(0) },
    { code: 'B', name: 'B', population: 2000, populationUnder3: null, district: null, geometry: square(1) },
  ];
  const facilities: Facility[] = [
    facility({ id: 'a1', slots: 20, inclusiveSlots: 8, township: 'A' }),
    facility({ id: 'a2', slots: 30, inclusiveSlots: 24, township: 'A', openedYear: 2025 }),
    facility({ id: 'b1', slots: 40, inclusiveSlots: 40, township: 'B', status: 'planned' }),
    facility({ id: 'x', slots: 10, inclusiveSlots: 0, township: null }),
  ];

  it('computes township rows for 2024', () => {
    const { townships: rows, district } = computeIndicators({ townships, facilities, profile }, 2024);
    expect(rows[0]).toMatchObject({
      code: 'A',
      slots: 20,
      inclusiveSlots: 8,
      facilityCount: 1,
      slotsPer1000: 4,
      target: 5.2,
      slotGap: 6,
      meetsTarget: false,
    });
    expect(rows[1]).toMatchObject({ code: 'B', slots: 0, facilityCount: 0, slotsPer1000: 0, slotGap: 11 }); // ⌈10.4⌉
    // District: sums over townships (x is outside every township and not counted in slots).
    expect(district.population).toBe(7000);
    expect(district.slots).toBe(20);
    expect(district.slotGap).toBe(17); // ⌈36.4⌉ − 20
    expect(district.townshipInstitutionCoverage).toBe(0.5);
    expect(district.facilitiesOutsideTownships).toBe(1);
    // Inclusive share over all operating facilities: (8 + 0) / (20 + 10).
    expect(district.inclusiveShare).toBeCloseTo(8 / 30, 12);
  });

  it('adds the facility that opens in 2025 and reports no target for 2026', () => {
    const y2025 = computeIndicators({ townships, facilities, profile }, 2025);
    expect(y2025.townships[0]).toMatchObject({ slots: 50, slotsPer1000: 10, slotGap: 0, meetsTarget: true });
    expect(y2025.district.inclusiveShareTarget).toBe(65);
    const y2026 = computeIndicators({ townships, facilities, profile }, 2026);
    expect(y2026.district.target).toBeNull();
    expect(y2026.district.slotGap).toBeNull();
    expect(y2026.district.meetsTarget).toBeNull();
  });

  it('does not add township gaps into the district gap', () => {
    // A has a surplus, B a gap: the district gap is computed on district totals.
    const rich = [...facilities, facility({ id: 'a3', slots: 100, township: 'A' })];
    const { townships: rows, district } = computeIndicators({ townships, facilities: rich, profile }, 2025);
    expect(rows[1]!.slotGap).toBe(11);
    expect(district.slotGap).toBe(0);
  });
});
