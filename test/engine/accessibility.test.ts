import { describe, expect, it } from 'vitest';
import { computeAccessibility, gaussianWeight } from '../../server/engine/whatif/index.js';
import type { Facility, JurisdictionData, LonLat, PopulationUnit, Road, Township } from '../../server/model/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { at, lonAtExactly, road } from '../fixtures/equator.js';
import { policyDefaults } from '../fixtures/parameters.js';
import { seededRandom } from '../fixtures/synthetic-city.js';
import { loadTinyTown } from '../fixtures/tiny-town.js';

function facility(
  id: string,
  [lon, lat]: LonLat,
  slots: number,
  inclusiveSlots: number,
  status: Facility['status'] = 'operating',
): Facility {
  return {
    id,
    name: id,
    slots,
    inclusiveSlots,
    type: 'community',
    status,
    openedYear: null,
    closedYear: null,
    grade: null,
    staff: null,
    certifiedStaff: null,
    township: null,
    lon,
    lat,
  };
}

function unit(index: number, population: number, township: string | null, [lon, lat]: LonLat): PopulationUnit {
  return { id: `u${index}`, index, population, under3: null, township, lon, lat, approximate: false };
}

const township = (code: string): Township => ({
  code,
  name: code,
  population: 0,
  populationUnder3: null,
  district: null,
  geometry: { type: 'Polygon', coordinates: [] },
});

function jurisdiction(roads: Road[], facilities: Facility[], units: PopulationUnit[]): JurisdictionData {
  return {
    id: 't',
    name: 't',
    year: 2025,
    profile: { id: 'p', name: 'p', targets: {}, parameters: policyDefaults() },
    townships: [township('T1'), township('T2')],
    facilities,
    populationUnits: units,
    roads,
    projects: [],
    health: [],
    dataVersion: 1,
  };
}

describe('gaussianWeight', () => {
  it('is 1 at 0, 0 at d0 and beyond, and (e^(−1/8) − e^(−1/2)) / (1 − e^(−1/2)) = 0.70137 at d0 / 2', () => {
    expect(gaussianWeight(0, 1000)).toBe(1);
    expect(gaussianWeight(1000, 1000)).toBe(0);
    expect(gaussianWeight(1000.001, 1000)).toBe(0);
    expect(gaussianWeight(Infinity, 1000)).toBe(0);
    expect(gaussianWeight(500, 1000)).toBeCloseTo(0.7013666, 7);
    expect(gaussianWeight(100, 1000)).toBeCloseTo(0.9873242, 7);
  });
});

describe('computeAccessibility on a hand-drawn street (d0 = 1,000 m: 15 min at 4 km/h)', () => {
  /*
   *   x (m):   0          500        1100  1200
   *            F, u1      u2          G     u3
   *   F 10 slots (4 inclusive), G 5 slots (5 inclusive); u1 100, u2 300 (T1); u3 50 people (T2).
   *   Weights: W(500) = 0.701367, W(600) = 0.581340, W(100) = 0.987324; u1–G 1,100 m and u3–F 1,200 m are beyond d0.
   *   Step 1: demand F = 100 + 300 × 0.701367 = 310.410 → R_F = 10 / 310.410;
   *           demand G = 300 × 0.581340 + 50 × 0.987324 = 223.768 → R_G = 5 / 223.768.
   *   Step 2 (× 1000): u1 = R_F = 32.2155; u2 = R_F·0.701367 + R_G·0.581340 = 35.5846; u3 = R_G·0.987324 = 22.0613.
   *   Inclusive: u1 4 / 310.410 = 12.8862; u2 22.0277; u3 22.0613.
   *   T1 = (100 × 32.2155 + 300 × 35.5846) / 400 = 34.7423.
   */
  const roads = [road(Array.from({ length: 26 }, (_, i): [number, number] => [i * 100 - 500, 0]))];
  const data = jurisdiction(
    roads,
    [facility('F', at(0, 0), 10, 4), facility('G', at(1100, 0), 5, 5), facility('X', at(600, 0), 99, 0, 'planned')],
    [unit(0, 100, 'T1', at(0, 0)), unit(1, 300, 'T1', at(500, 0)), unit(2, 50, 'T2', at(1200, 0))],
  );
  const result = computeAccessibility(data, prepareWalkNetwork(data.roads, data.profile.parameters), 2025);

  it('gives each unit its slots per 1,000 within reach, all and inclusive', () => {
    expect(result.catchmentM).toBe(1000);
    expect(result.units.map((u) => u.slotsPer1000)).toEqual([
      expect.closeTo(32.2155, 4),
      expect.closeTo(35.5846, 4),
      expect.closeTo(22.0613, 4),
    ]);
    expect(result.units.map((u) => u.inclusiveSlotsPer1000)).toEqual([
      expect.closeTo(12.8862, 4),
      expect.closeTo(22.0277, 4),
      expect.closeTo(22.0613, 4),
    ]);
  });

  it('reports each operating facility’s weighted demand (planned X is left out)', () => {
    expect(result.facilities.map((f) => [f.id, f.unitsInCatchment])).toEqual([
      ['F', 2],
      ['G', 2],
    ]);
    expect(result.facilities[0]!.weightedDemand).toBeCloseTo(310.41, 2);
    expect(result.facilities[1]!.weightedDemand).toBeCloseTo(223.768, 3);
    expect(result.facilities[0]!.slotsPer1000Demand).toBeCloseTo(32.2155, 4);
  });

  it('aggregates townships by population and keeps Σ population × accessibility = 15 slots', () => {
    expect(result.townships[0]!.slotsPer1000).toBeCloseTo(34.7423, 4);
    expect(result.townships[1]!.slotsPer1000).toBeCloseTo(22.0613, 4);
    expect(result.district.population).toBe(450);
    expect((result.district.slotsPer1000! * 450) / 1000).toBeCloseTo(15, 10);
    expect(result.district).toMatchObject({ slotsWithDemand: 15, inclusiveSlotsWithDemand: 9, slotsWithoutDemand: 0 });
  });
});

describe('a facility whose only resident lives exactly at d0 has no demand', () => {
  it('weight 0 at exactly 1,000 m: its 7 slots reach nobody and are counted without demand', () => {
    const x1000 = lonAtExactly(1000);
    const roads: Road[] = [
      {
        geometry: {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [x1000, 0],
          ],
        },
        highway: null,
        foot: null,
        name: null,
      },
    ];
    const data = jurisdiction(roads, [facility('H', [0, 0], 7, 7)], [unit(0, 100, 'T1', [x1000, 0])]);
    const result = computeAccessibility(data, prepareWalkNetwork(data.roads, data.profile.parameters), 2025);
    expect(result.facilities[0]).toMatchObject({ weightedDemand: 0, slotsPer1000Demand: null, unitsInCatchment: 0 });
    expect(result.units[0]!.slotsPer1000).toBe(0);
    expect(result.district).toMatchObject({ slotsWithDemand: 0, slotsWithoutDemand: 7, slotsPer1000: 0 });
  });
});

/** Σ P_i A_i ÷ 1000 against Σ slots of facilities with demand, for all and for inclusive slots. */
function expectInvariant(result: ReturnType<typeof computeAccessibility>): void {
  const reached = result.units.reduce((s, u) => s + (u.population * u.slotsPer1000) / 1000, 0);
  const inclusiveReached = result.units.reduce((s, u) => s + (u.population * u.inclusiveSlotsPer1000) / 1000, 0);
  const withDemand = result.facilities.filter((f) => f.weightedDemand > 0);
  expect(reached).toBeCloseTo(
    withDemand.reduce((s, f) => s + f.slots, 0),
    6,
  );
  expect(inclusiveReached).toBeCloseTo(
    withDemand.reduce((s, f) => s + f.inclusiveSlots, 0),
    6,
  );
  expect(result.district.slotsWithDemand + result.district.slotsWithoutDemand).toBe(result.facilities.reduce((s, f) => s + f.slots, 0));
}

describe('Σ population × accessibility = Σ slots of facilities with demand', () => {
  it('tiny-town 2025: F1, F3, F5 all have demand, so the 90 slots (58 inclusive) are all reached', () => {
    const data = loadTinyTown();
    const result = computeAccessibility(data, prepareWalkNetwork(data.roads, data.profile.parameters), 2025);
    expect(result.district.slotsWithDemand).toBe(90);
    expect(result.district.inclusiveSlotsWithDemand).toBe(58);
    expectInvariant(result);
    // T3 has no facility but its southern points are within 1,000 m of F3 and F5.
    expect(result.townships.find((t) => t.code === 'T3')!.slotsPer1000).toBeGreaterThan(0);
  });

  it('a random grid with facilities off the network and in empty corners (seeded)', () => {
    const random = seededRandom(21);
    const roads: Road[] = [];
    for (let i = 0; i <= 20; i++) {
      roads.push(
        road([
          [i * 100, 0],
          [i * 100, 2000],
        ]),
      );
      roads.push(
        road([
          [0, i * 100],
          [2000, i * 100],
        ]),
      );
    }
    const units = Array.from({ length: 200 }, (_, i) =>
      unit(i, Math.floor(random() * 300), random() < 0.5 ? 'T1' : 'T2', at(random() * 1000, random() * 1000)),
    );
    const facilities = Array.from({ length: 25 }, (_, i) =>
      facility(`F${i}`, at(random() * 3000, random() * 3000), 1 + Math.floor(random() * 40), Math.floor(random() * 10)),
    );
    const result = computeAccessibility(jurisdiction(roads, facilities, units), prepareWalkNetwork(roads, policyDefaults()), 2025);
    expect(result.district.slotsWithoutDemand).toBeGreaterThan(0);
    expect(result.district.slotsWithDemand).toBeGreaterThan(0);
    expectInvariant(result);
  });
});
