import { describe, expect, it } from 'vitest';
import { computeCoverage, thresholdMeters } from '../../server/engine/coverage/index.js';
import type { Facility, JurisdictionData, PopulationUnit, Road, Township } from '../../server/model/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { at, lonAtExactly, road } from '../fixtures/equator.js';
import { policyDefaults } from '../fixtures/parameters.js';

function facility(id: string, lonLat: [number, number], status: Facility['status'] = 'operating'): Facility {
  return {
    id,
    name: id,
    slots: 10,
    inclusiveSlots: 0,
    type: 'community',
    status,
    openedYear: null,
    closedYear: null,
    grade: null,
    staff: null,
    certifiedStaff: null,
    township: null,
    lon: lonLat[0],
    lat: lonLat[1],
  };
}

function unit(index: number, population: number, township: string | null, lonLat: [number, number]): PopulationUnit {
  return { id: `u${index}`, index, population, under3: null, township, lon: lonLat[0], lat: lonLat[1], approximate: false };
}

const noGeometry: Township['geometry'] = { type: 'Polygon', coordinates: [] };
const township = (code: string): Township => ({
  code,
  name: code,
  population: 0,
  populationUnder3: null,
  district: null,
  geometry: noGeometry,
});

function jurisdiction(
  roads: Road[],
  facilities: Facility[],
  units: PopulationUnit[],
  walkSpeedKmh: number,
  thresholdsMin: number[],
): JurisdictionData {
  return {
    id: 'test',
    name: 'test',
    year: 2025,
    profile: { id: 'p', name: 'p', targets: {}, parameters: policyDefaults({ walkSpeedKmh, thresholdsMin, maxSnapMeters: 500 }) },
    townships: [township('T1'), township('T2')],
    facilities,
    populationUnits: units,
    roads,
    projects: [],
    health: [],
    dataVersion: 1,
  };
}

describe('thresholdMeters', () => {
  it('is walkSpeedKmh × 1000 ÷ 60 × T, exact for round figures: 4 km/h × 15 min = 1000 m, 6 km/h × 2 min = 200 m', () => {
    expect(thresholdMeters(4, 15)).toBe(1000);
    expect(thresholdMeters(6, 2)).toBe(200);
    expect(thresholdMeters(4, 5)).toBeCloseTo(333.3333, 4);
  });
});

describe('computeCoverage on a hand-drawn network (6 km/h: 2 min = 200 m, 4 min = 400 m)', () => {
  /*
   *   T1                                                      T2
   *   F1 A(0,0) ----200 m exactly---- B(200,0) ---150 m--- C(350,0) ==foot=no== E(1000,0) --100 m-- F(1100,0)
   *      u5 (no township)             u1                   u2 + F2 (planned)      u4(1050,10)
   *                                   u3(200,600): 600 m from any road > maxSnapMeters 500
   */
  const xB = lonAtExactly(200);
  const roads: Road[] = [
    { geometry: { type: 'LineString', coordinates: [[0, 0], [xB, 0], at(350, 0)] }, highway: null, foot: null, name: null },
    road(
      [
        [350, 0],
        [1000, 0],
      ],
      'no',
    ),
    road([
      [1000, 0],
      [1100, 0],
    ]),
  ];
  const units = [
    unit(0, 100, 'T1', [xB, 0]),
    unit(1, 300, 'T1', at(350, 0)),
    unit(2, 50, 'T1', at(200, 600)),
    unit(3, 200, 'T2', at(1050, 10)),
    unit(4, 10, null, [0, 0]),
  ];
  const data = jurisdiction(roads, [facility('F1', [0, 0]), facility('F2', at(350, 0), 'planned')], units, 6, [2, 4]);
  const network = prepareWalkNetwork(data.roads, data.profile.parameters);
  const result = computeCoverage(data, network, 2025);

  it('counts a threshold reached exactly as covered: u1 is 200 m from F1 and 200 m is the 2-min threshold', () => {
    expect(result.thresholdM).toEqual({ '2': 200, '4': 400 });
    expect(result.units[0]!.distanceM).toBe(200);
    expect(result.townships[0]!.coveredPopulation['2']).toBe(100);
  });

  it('uses only operating facilities: u2 is 350 m from F1 (planned F2 stands on it)', () => {
    expect(result.units[1]!.distanceM).toBeCloseTo(350, 6);
    expect(result.units[1]!.nearestFacilityId).toBe('F1');
  });

  it('keeps unreachable units in the denominator: T1 covers 100 / 450 in 2 min and 400 / 450 in 4 min', () => {
    const t1 = result.townships[0]!;
    expect(t1).toMatchObject({ code: 'T1', populationUnits: 3, unreachableUnits: 1, unitPopulation: 450 });
    expect(t1.coveredPopulation).toEqual({ '2': 100, '4': 400 });
    expect(t1.coverage['2']).toBeCloseTo(100 / 450, 12);
    expect(t1.coverage['4']).toBeCloseTo(400 / 450, 12);
    expect(result.units[2]).toMatchObject({ distanceM: null, nearestFacilityId: null });
    expect(result.units[2]!.snapLegM).toBeCloseTo(600, 3);
  });

  it('does not walk the foot=no way: u4 on the far component stays unreachable (it would be 1,060 m)', () => {
    const t2 = result.townships[1]!;
    expect(result.units[3]).toMatchObject({ distanceM: null, nearestFacilityId: null });
    expect(result.units[3]!.snapLegM).toBeCloseTo(10, 6);
    expect(t2).toMatchObject({ code: 'T2', populationUnits: 1, unreachableUnits: 1, unitPopulation: 200 });
    expect(t2.coverage).toEqual({ '2': 0, '4': 0 });
  });

  it('sums the district over all units, including one in no township: 660 people, 110 / 410 covered', () => {
    expect(result.district).toMatchObject({ populationUnits: 5, unreachableUnits: 2, unitPopulation: 660 });
    expect(result.district.coveredPopulation).toEqual({ '2': 110, '4': 410 });
    expect(result.district.uncoveredPopulation).toEqual({ '2': 550, '4': 250 });
    expect(result.district.coverage['4']).toBeCloseTo(410 / 660, 12);
    expect(result.units[4]!.distanceM).toBe(0);
  });

  it('with the facility gone for that year nobody is covered and every unit lacks a distance', () => {
    const closed = { ...data, facilities: [{ ...facility('F1', [0, 0]), status: 'closed' as const, closedYear: 2025 }] };
    const none = computeCoverage(closed, network, 2025);
    expect(none.district.coveredPopulation).toEqual({ '2': 0, '4': 0 });
    expect(none.district.unreachableUnits).toBe(5);
    expect(computeCoverage(closed, network, 2024).district.coveredPopulation).toEqual({ '2': 110, '4': 410 });
  });
});

describe('computeCoverage without roads', () => {
  it('uses straight line × detourFactor 1.3 and says approximate: 500 m straight → 650 m, covered at 10 and 15 min only', () => {
    const data = jurisdiction([], [facility('F1', at(0, 0))], [unit(0, 100, 'T1', at(300, 400))], 4, [5, 10, 15]);
    const result = computeCoverage(data, prepareWalkNetwork([], data.profile.parameters), 2025);
    expect(result.approximate).toBe(true);
    expect(result.units[0]!.distanceM).toBeCloseTo(650, 3);
    expect(result.units[0]!.snapLegM).toBeNull();
    expect(result.townships[0]!.coveredPopulation).toEqual({ '5': 0, '10': 100, '15': 100 });
  });
});
