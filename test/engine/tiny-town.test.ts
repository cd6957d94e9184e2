/**
 * The public tiny-town package against its expected.json (computed by an independent SQL/pgRouting
 * oracle and re-checked in pure Python; see ../shared/examples/README.md). Tolerances are the
 * package's own: distances max(0.5 %, 1 m), shares ± 0.005, integers and ids exact.
 */
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/engine/coverage/index.js';
import { buildWalkGraph, snapPoint, prepareWalkNetwork } from '../../server/engine/network/index.js';
import { loadTinyTown, loadTinyTownExpected } from '../fixtures/tiny-town.js';

const data = loadTinyTown();
const expected = loadTinyTownExpected();
const network = prepareWalkNetwork(data.roads, data.profile.parameters, data.populationUnits);

function expectDistance(actual: number | null, wanted: number | null, label: string): void {
  if (wanted === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  expect(Math.abs(actual! - wanted), label).toBeLessThanOrEqual(Math.max(0.005 * wanted, 1));
}

describe('tiny-town graph', () => {
  it('has 44 walkable segments over 30 distinct vertices (46 in the file, 2 on the foot=no ramp)', () => {
    const graph = buildWalkGraph(data.roads);
    expect(graph.segmentCount).toBe(expected.graph.walkableSegments);
    expect(graph.nodeCount).toBe(expected.graph.distinctWalkableVertices);
  });

  it('profile maxSnapMeters is 300, and each facility leg matches', () => {
    expect(network.parameters.maxSnapMeters).toBe(300);
    for (const facility of data.facilities) {
      const snapped = snapPoint(network.snapIndex!, [facility.lon, facility.lat], 300);
      expectDistance(snapped?.legM ?? null, expected.facilitySnapLegs[facility.id]!, facility.id);
    }
  });
});

describe.each(['2024', '2025'])('tiny-town coverage %s', (yearKey) => {
  const year = Number(yearKey);
  const want = expected.years[yearKey]!;
  const result = computeCoverage(data, network, year);

  it('uses road distances and the package thresholds 333.33 / 666.67 / 1000 m', () => {
    expect(result.approximate).toBe(false);
    for (const key of ['5', '10', '15']) {
      expect(result.thresholdM[key]).toBeCloseTo(expected.thresholdMeters[key]!, 3);
    }
  });

  it('gives every population point its snap leg, walking distance and nearest facility', () => {
    expect(result.units).toHaveLength(want.populationPoints.length);
    for (const point of want.populationPoints) {
      const unit = result.units[point.index]!;
      expect(unit.id).toBe(point.id);
      expect(unit.township).toBe(point.township);
      expect(unit.population).toBe(point.population);
      expectDistance(unit.snapLegM, point.snapLeg, `${point.id} snap leg`);
      expectDistance(unit.distanceM, point.walkingDistance, `${point.id} walking distance`);
      expect(unit.nearestFacilityId, `${point.id} nearest facility`).toBe(point.nearestFacility);
    }
  });

  it('matches every township share (± 0.005) and unit counts', () => {
    expect(result.townships.map((t) => t.code)).toEqual(want.townships.map((t) => t.code));
    for (const township of want.townships) {
      const got = result.townships.find((t) => t.code === township.code)!;
      expect(got.populationUnits).toBe(township.populationUnits);
      expect(got.unreachableUnits).toBe(township.unreachableUnits);
      for (const key of ['5', '10', '15']) {
        expect(Math.abs(got.coverage[key]! - township.coverage[key]!), `${township.code} ${key} min`).toBeLessThanOrEqual(0.005);
      }
    }
  });

  it('matches the district shares and covered population exactly', () => {
    expect(result.district.populationUnits).toBe(want.district.populationUnits);
    expect(result.district.unreachableUnits).toBe(want.district.unreachableUnits);
    expect(result.district.unitPopulation).toBe(13180);
    for (const key of ['5', '10', '15']) {
      expect(result.district.coveredPopulation[key]).toBe(want.district.coveredPopulation[key]);
      expect(result.district.uncoveredPopulation[key]).toBe(13180 - want.district.coveredPopulation[key]!);
      expect(Math.abs(result.district.coverage[key]! - want.district.coverage[key]!)).toBeLessThanOrEqual(0.005);
    }
  });
});

describe('tiny-town hand-checked distances (README)', () => {
  const result = computeCoverage(data, network, 2025);
  const unit = (id: string) => result.units.find((u) => u.id === id)!;

  it('P15 → F1 is 45.91 m: F1 leg 15.96 m + 0.15 block along 人民路 (29.95 m)', () => {
    expect(unit('P15').nearestFacilityId).toBe('F1');
    expect(unit('P15').distanceM).toBeCloseTo(45.91, 1);
  });

  it('P31 → F3 is 1,203.04 m, beyond 15 min but within the default search bound (3 000 m)', () => {
    expect(unit('P31').nearestFacilityId).toBe('F3');
    expect(unit('P31').distanceM).toBeCloseTo(1203.04, 0);
  });

  it('P28 (329 m from any road, maxSnapMeters 300) and P29 (nearest segment on the isolated footway) are unreachable', () => {
    expect(unit('P28').distanceM).toBeNull();
    expect(unit('P28').snapLegM).toBeCloseTo(329.0, 0);
    expect(unit('P29').distanceM).toBeNull();
    expect(unit('P29').snapLegM).toBeCloseTo(39.9, 0);
  });

  it('a searchLimitM below 1,203 m leaves P31 without a distance but keeps 15-min coverage', () => {
    const bounded = computeCoverage(data, network, 2025, { searchLimitM: 1100 });
    expect(bounded.units.find((u) => u.id === 'P31')!.distanceM).toBeNull();
    expect(bounded.district.coveredPopulation['15']).toBe(12580);
  });
});
