import { describe, expect, it } from 'vitest';
import { computeCoverage, type CoverageResult } from '../../server/engine/coverage/index.js';
import { computeIndicators, isOperatingIn } from '../../server/engine/figures/index.js';
import {
  createBaseline,
  evaluateProposal,
  ProposalError,
  type BaselineState,
  type Proposal,
  type ProposalResult,
} from '../../server/engine/whatif/index.js';
import type { Facility, JurisdictionData, LonLat, PopulationUnit, Road, Township } from '../../server/model/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { at, parameters, road } from '../fixtures/equator.js';
import { seededRandom } from '../fixtures/synthetic-city.js';
import { loadTinyTown, loadTinyTownExpected } from '../fixtures/tiny-town.js';

function facility(
  id: string,
  xM: number,
  slots: number,
  inclusiveSlots: number,
  township: string | null,
  extra: Partial<Facility> = {},
): Facility {
  const [lon, lat] = at(xM, 0);
  return {
    id,
    name: id,
    slots,
    inclusiveSlots,
    type: 'community',
    status: 'operating',
    openedYear: null,
    closedYear: null,
    grade: null,
    staff: null,
    certifiedStaff: null,
    township,
    lon,
    lat,
    ...extra,
  };
}

function unit(index: number, population: number, township: string | null, [lon, lat]: LonLat): PopulationUnit {
  return { id: `u${index}`, index, population, under3: null, township, lon, lat, approximate: false };
}

/** Rectangle township x ∈ [west, east], y ∈ [south, north] metres. */
function rectangle(code: string, population: number, west: number, south: number, east: number, north: number): Township {
  const ring = [at(west, south), at(east, south), at(east, north), at(west, north), at(west, south)];
  return { code, name: code, population, populationUnder3: null, district: null, geometry: { type: 'Polygon', coordinates: [ring] } };
}

/**
 * A straight street along the equator from x = 0 to 2,000 m, a vertex every 100 m; 6 km/h, so the
 * thresholds 2 and 4 min are 200 and 400 m (the search bound B = 400 m). Target 20 slots per 1,000.
 *
 *   x (m):  50  100   260   480  |  830  1000  1150  1500  1620
 *           a   F1    b     c    |   d    F2    e   (F3)    f
 *   T1 (x < 700): a 100, b 200, c 300 people      T2: d 400, e 500, f 600 people
 *   F1 10 slots (5 inclusive), F2 20 (10), F3 planned until 2027, 15 slots.
 *
 * Baseline distances: a 50 (F1), b 160 (F1), c 380 (F1), d 170 (F2), e 150 (F2), f 620 > B (none).
 */
function lineTown(): JurisdictionData {
  return {
    id: 'line',
    name: 'line',
    year: 2025,
    profile: {
      id: 'p',
      name: 'p',
      targets: { slots_per_1000: { '2025': 20 } },
      parameters: parameters({ walkSpeedKmh: 6, thresholdsMin: [2, 4] }),
    },
    townships: [rectangle('T1', 600, -100, -500, 700, 500), rectangle('T2', 1500, 700, -500, 2100, 500)],
    facilities: [
      facility('F1', 100, 10, 5, 'T1'),
      facility('F2', 1000, 20, 10, 'T2'),
      facility('F3', 1500, 15, 15, 'T2', { status: 'planned', openedYear: 2027 }),
    ],
    populationUnits: [
      unit(0, 100, 'T1', at(50, 0)),
      unit(1, 200, 'T1', at(260, 0)),
      unit(2, 300, 'T1', at(480, 0)),
      unit(3, 400, 'T2', at(830, 0)),
      unit(4, 500, 'T2', at(1150, 0)),
      unit(5, 600, 'T2', at(1620, 0)),
    ],
    roads: [road(Array.from({ length: 21 }, (_, i): [number, number] => [i * 100, 0]))],
    projects: [],
    health: [],
    dataVersion: 1,
  };
}

function siteAt(xM: number, slots: number, inclusiveSlots = 0, yM = 0): NonNullable<Proposal['sites']>[number] {
  const [lon, lat] = at(xM, yM);
  return { lon, lat, slots, inclusiveSlots };
}

const township = (result: ProposalResult, code: string) => result.townships.find((t) => t.code === code)!;
const unitAfter = (result: ProposalResult, id: string) => result.changedUnits.find((u) => u.id === id);

describe('evaluateProposal on a hand-drawn street (B = 400 m)', () => {
  const data = lineTown();
  const network = prepareWalkNetwork(data.roads, data.profile.parameters);
  const base = createBaseline(data, network, 2025);

  it('baseline: 1,200 of 2,100 people within 200 m, 1,500 within 400 m; f (620 m) is beyond the bound', () => {
    expect(base.searchLimitM).toBe(400);
    const before = evaluateProposal(base, {}).before;
    expect(before.coveredPopulation).toEqual({ '2': 1200, '4': 1500 });
    expect(before).toMatchObject({ unitPopulation: 2100, populationUnits: 6, unreachableUnits: 1, slots: 30, slotGap: 12 });
    expect(Array.from(base.unitDistanceM, (d) => Math.round(d))).toEqual([50, 160, 380, 170, 150, Infinity]);
  });

  it('an empty proposal changes nothing', () => {
    const result = evaluateProposal(base, {});
    expect(result.changedUnits).toEqual([]);
    expect(result.after).toEqual(result.before);
    expect(result.newlyCoveredPopulation).toEqual({ '2': 0, '4': 0 });
  });

  it('a site at x = 1,320 with 15 inclusive slots brings f within 300 m: 600 newly covered within 4 min, none within 2', () => {
    const result = evaluateProposal(base, { sites: [siteAt(1320, 15, 15)] });
    expect(result.newlyCoveredPopulation).toEqual({ '2': 0, '4': 600 });
    expect(result.lostCoveragePopulation).toEqual({ '2': 0, '4': 0 });
    expect(result.sites).toEqual([
      { index: 0, facilityId: 'proposed-site-1', township: 'T2', snapLegM: 0, newlyCoveredPopulation: { '2': 0, '4': 600 } },
    ]);
    // e stays with F2 (150 m < 170 m via the site); only f changes.
    expect(result.changedUnits.map((u) => u.id)).toEqual(['u5']);
    expect(unitAfter(result, 'u5')!.afterDistanceM).toBeCloseTo(300, 6);
    expect(unitAfter(result, 'u5')!.afterNearestFacilityId).toBe('proposed-site-1');
    // T2: 35 slots for 1,500 people = 23.33 per 1,000; gap ⌈20 × 1500 / 1000⌉ − 20 = 10 before, 0 after.
    const t2 = township(result, 'T2');
    expect(t2.before).toMatchObject({ slots: 20, slotGap: 10 });
    expect(t2.after).toMatchObject({ slots: 35, slotGap: 0, coveredPopulation: { '2': 900, '4': 1500 } });
    expect(t2.after.slotsPer1000).toBeCloseTo(23.3333, 4);
    // District: 45 slots ≥ ⌈42⌉; inclusive share 15/30 → 30/45.
    expect(result.after).toMatchObject({ slots: 45, slotGap: 0, coverage: { '2': 1200 / 2100, '4': 1 }, unreachableUnits: 0 });
    expect(result.before.inclusiveShare).toBe(0.5);
    expect(result.after.inclusiveShare).toBeCloseTo(2 / 3, 12);
  });

  it('removing F1 strands a, b and c: F2 is 900 m away, beyond 2 × B, and could not reach them within 400 m anyway', () => {
    const result = evaluateProposal(base, { remove: ['F1'] });
    expect(result.changedUnits.map((u) => [u.id, u.beforeNearestFacilityId, u.afterDistanceM])).toEqual([
      ['u0', 'F1', null],
      ['u1', 'F1', null],
      ['u2', 'F1', null],
    ]);
    expect(result.lostCoveragePopulation).toEqual({ '2': 300, '4': 600 });
    expect(result.after).toMatchObject({
      coveredPopulation: { '2': 900, '4': 900 },
      unreachableUnits: 4,
      townshipsWithOperatingFacility: 1,
    });
    expect(township(result, 'T1').after).toMatchObject({ slots: 0, facilityCount: 0, slotGap: 12, coverage: { '2': 0, '4': 0 } });
    expect(result.facilities.map((f) => f.id)).toEqual(['F2', 'F3']);
  });

  it('removing F1 and adding a site at x = 300 re-homes a (250 m), b (40 m) and c (180 m)', () => {
    const result = evaluateProposal(base, { remove: ['F1'], sites: [siteAt(300, 10)] });
    const distances = result.changedUnits.map((u) => [u.id, Math.round(u.afterDistanceM!), u.afterNearestFacilityId]);
    expect(distances).toEqual([
      ['u0', 250, 'proposed-site-1'],
      ['u1', 40, 'proposed-site-1'],
      ['u2', 180, 'proposed-site-1'],
    ]);
    // c gains the 2-min circle (300 people), a loses it (100).
    expect(result.newlyCoveredPopulation).toEqual({ '2': 300, '4': 0 });
    expect(result.lostCoveragePopulation).toEqual({ '2': 100, '4': 0 });
    expect(result.after.coveredPopulation).toEqual({ '2': 1400, '4': 1500 });
  });

  it('opening planned F3 now (status change) covers f at 120 m, like a new site', () => {
    const result = evaluateProposal(base, { statusChanges: [{ id: 'F3', status: 'operating', openedYear: null }] });
    expect(result.newlyCoveredPopulation).toEqual({ '2': 600, '4': 600 });
    expect(unitAfter(result, 'u5')).toMatchObject({ afterNearestFacilityId: 'F3' });
    expect(unitAfter(result, 'u5')!.afterDistanceM).toBeCloseTo(120, 6);
    expect(result.after.slots).toBe(45);
  });

  it('closing F2 in 2025 by a status change is a removal: d and e are beyond 400 m of F1', () => {
    const result = evaluateProposal(base, { statusChanges: [{ id: 'F2', status: 'closed', closedYear: 2025 }] });
    expect(result.lostCoveragePopulation).toEqual({ '2': 900, '4': 900 });
    expect(result.facilities.find((f) => f.id === 'F2')).toMatchObject({ status: 'closed', closedYear: 2025 });
  });

  it('a planned facility can be opened and resized at once: F3 opens with 20 slots', () => {
    const result = evaluateProposal(base, {
      resize: [{ id: 'F3', slots: 20, inclusiveSlots: 12 }],
      statusChanges: [{ id: 'F3', status: 'operating', openedYear: 2024 }],
    });
    expect(township(result, 'T2').after).toMatchObject({ slots: 40, inclusiveSlots: 22, facilityCount: 2 });
    expect(result.newlyCoveredPopulation).toEqual({ '2': 600, '4': 600 });
  });

  it('a resize changes slots only; inclusive places are capped at the new size', () => {
    const result = evaluateProposal(base, { resize: [{ id: 'F2', slots: 5 }] });
    expect(result.changedUnits).toEqual([]);
    expect(result.after.coveredPopulation).toEqual(result.before.coveredPopulation);
    expect(township(result, 'T2').after).toMatchObject({ slots: 5, inclusiveSlots: 5, slotGap: 25 });
  });

  it('a project of 1,000 residents with 12 planned slots at x = 650: its own facility covers it and brings c to 170 m', () => {
    const [lon, lat] = at(650, 0);
    const result = evaluateProposal(base, { projects: [{ lon, lat, population: 1000, plannedSlots: 12 }] });
    expect(result.projects).toEqual([
      {
        index: 0,
        township: 'T1',
        population: 1000,
        facilityId: 'proposed-project-1',
        distanceM: 0,
        nearestFacilityId: 'proposed-project-1',
      },
    ]);
    // d stays with F2 (170 m < 180 m): only c changes.
    expect(result.changedUnits.map((u) => u.id)).toEqual(['u2']);
    expect(result.newlyCoveredPopulation).toEqual({ '2': 300, '4': 0 });
    const t1 = township(result, 'T1');
    expect(t1.after).toMatchObject({
      population: 1600,
      slots: 22,
      unitPopulation: 1600,
      populationUnits: 4,
      coveredPopulation: { '2': 1600, '4': 1600 },
    });
    // ⌈20 × 1600 / 1000⌉ = 32 required, 22 slots: gap 10 (was ⌈12⌉ − 10 = 2).
    expect(t1.before.slotGap).toBe(2);
    expect(t1.after.slotGap).toBe(10);
  });

  it('a site 600 m off the street and outside every township reaches nobody and is counted in no township', () => {
    const result = evaluateProposal(base, { sites: [siteAt(1900, 30, 0, 600)] });
    expect(result.sites[0]).toMatchObject({ township: null, snapLegM: null, newlyCoveredPopulation: { '2': 0, '4': 0 } });
    expect(result.sitesOutsideTownships).toEqual([0]);
    expect(result.after).toMatchObject({ slots: 30, facilitiesOutsideTownships: 1 });
    expect(result.changedUnits).toEqual([]);
  });

  it('rejects unknown ids, conflicting changes and impossible slots, naming the field', () => {
    const rejects = (proposal: Proposal, path: string): void => {
      let error: unknown = null;
      try {
        evaluateProposal(base, proposal);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProposalError);
      expect((error as ProposalError).path).toBe(path);
    };
    rejects({ remove: ['F9'] }, 'remove[0]');
    rejects({ remove: ['F1'], resize: [{ id: 'F1', slots: 5 }] }, 'resize[0]');
    rejects(
      {
        resize: [
          { id: 'F2', slots: 4 },
          { id: 'F2', slots: 5 },
        ],
      },
      'resize[1]',
    );
    rejects({ statusChanges: [{ id: 'F2', status: 'planned' }], remove: ['F2'] }, 'statusChanges[0]');
    rejects({ resize: [{ id: 'F2', slots: 2.5 }] }, 'resize[0].slots');
    rejects({ sites: [siteAt(0, 10, 11)] }, 'sites[0].inclusiveSlots');
    rejects({ sites: [{ lon: Number.NaN, lat: 0, slots: 1 }] }, 'sites[0].lon');
    rejects({ projects: [{ lon: 0, lat: 0, population: -1 }] }, 'projects[0].population');
    rejects({ projects: [{ lon: 0, lat: 0, population: 10, township: 'T9' }] }, 'projects[0].township');
  });
});

describe('evaluateProposal on tiny-town 2025', () => {
  const data = loadTinyTown();
  const expected = loadTinyTownExpected();
  const network = prepareWalkNetwork(data.roads, data.profile.parameters, data.populationUnits);
  const base = createBaseline(data, network, 2025);

  it('before equals the published figures (T3 0.1207 / 0.7529 / 0.8276)', () => {
    const result = evaluateProposal(base, {});
    const t3 = township(result, 'T3').before;
    const published = expected.years['2025']!.townships.find((t) => t.code === 'T3')!;
    for (const key of ['5', '10', '15']) expect(t3.coverage[key]).toBeCloseTo(published.coverage[key]!, 4);
    expect(result.before.coveredPopulation).toEqual(expected.years['2025']!.district.coveredPopulation);
  });

  /*
   * A 30-slot site on the vertex (u, v) = (2, 4) where 北村路 leaves 北环路 (leg 0). One block is
   * 199.67 m east–west and 199.47 m north–south. Distances from the site, against expected.json:
   *   P21 (0,3)     2 EW + 1 NS         = 598.81   old 269.34 (F5) → stays 269.34
   *   P22 (1,4)     1 EW                = 199.67   old 544.58       → 5 min
   *   P23 (2,3)     1 NS                = 199.47   old 544.78       → 5 min
   *   P24 (3,4)     1 EW                = 199.67   old 644.33       → 5 min
   *   P25 (4,3)     2 EW + 1 NS         = 598.81   old 584.63       → stays
   *   P26 (1.5,3.3) 1 NS + .5 EW + leg 59.84  = 359.15 old 504.79  → 10 min (not 5: > 333.33)
   *   P27 (3.7,4.45) 1.7 EW + leg 89.76 = 429.20   old 873.87       → 10 min
   *   P30 (−.5,3.6) 2 EW + .4 NS + leg 99.83 = 578.96 old 488.86   → stays
   *   P31 (2,6.3)   2.3 NS              = 458.78   old 1,203.04     → 10 min
   *   P32 (2.35,5.6) 1.6 NS + leg 69.88 = 389.03   old 1,133.29     → 10 min
   *   P28, P29 stay unreachable.
   * T3 (3,480 people): within 5 min P21 + P22 + P23 + P24 = 420 + 350 + 480 + 300 = 1,550 (0.4454);
   * within 10 and 15 min all but P28 and P29: 3,480 − 270 = 3,210 (0.9224).
   * Newly covered: 5 min 350 + 480 + 300 = 1,130; 10 min P27 + P31 + P32 = 590; 15 min P31 + P32 = 330.
   */
  it('a site at vertex (2, 4) raises T3 coverage to 1,550 / 3,210 / 3,210 of 3,480', () => {
    const site: LonLat = [120.646 + 0.00203 * 2, 27.9964 + 0.0018 * 4];
    const result = evaluateProposal(base, { sites: [{ lon: site[0], lat: site[1], slots: 30 }] });
    const t3 = township(result, 'T3');
    expect(t3.after.coveredPopulation).toEqual({ '5': 1550, '10': 3210, '15': 3210 });
    expect(t3.after.coverage['5']).toBeCloseTo(0.4454, 4);
    expect(t3.after.coverage['10']).toBeCloseTo(0.9224, 4);
    expect(result.newlyCoveredPopulation).toEqual({ '5': 1130, '10': 590, '15': 330 });
    const byHand: Record<string, number> = {
      P22: 199.67,
      P23: 199.47,
      P24: 199.67,
      P26: 359.15,
      P27: 429.2,
      P31: 458.78,
      P32: 389.03,
    };
    expect(result.changedUnits.map((u) => u.id).sort()).toEqual(Object.keys(byHand).sort());
    for (const changed of result.changedUnits) {
      const wanted = byHand[changed.id]!;
      expect(Math.abs(changed.afterDistanceM! - wanted), changed.id).toBeLessThanOrEqual(Math.max(0.005 * wanted, 1));
    }
    // T3 had no slots: 30 slots for 3,480 people = 8.6207 per 1,000; gap ⌈5.5 × 3480 / 1000⌉ = 20 → 0.
    expect(t3.after.slotsPer1000).toBeCloseTo(8.6207, 4);
    expect(t3.before.slotGap).toBe(20);
    expect(t3.after.slotGap).toBe(0);
    expect(result.after.townshipsWithOperatingFacility).toBe(3);
  });

  it('removing F1 gives exactly what a full recomputation without F1 gives', () => {
    const result = evaluateProposal(base, { remove: ['F1'] });
    const full = computeCoverage(
      { ...data, facilities: data.facilities.filter((f) => f.id !== 'F1') },
      prepareWalkNetwork(data.roads, data.profile.parameters),
      2025,
      {
        searchLimitM: base.searchLimitM,
      },
    );
    expectSameAsFull(base, result, full, data.populationUnits);
    expect(result.lostCoveragePopulation['5']).toBeGreaterThan(0);
  });
});

/** Per unit (distance and nearest facility), per township and for the district. */
function expectSameAsFull(base: BaselineState, result: ProposalResult, full: CoverageResult, units: readonly PopulationUnit[]): void {
  const changed = new Map(result.changedUnits.map((u) => [u.id, u]));
  units.forEach((unit, i) => {
    const c = changed.get(unit.id);
    const distanceM = c ? c.afterDistanceM : Number.isFinite(base.unitDistanceM[i]!) ? base.unitDistanceM[i]! : null;
    const nearest = c ? c.afterNearestFacilityId : base.unitNearest[i]! >= 0 ? base.operating[base.unitNearest[i]!]!.id : null;
    expect(distanceM, unit.id).toBe(full.units[i]!.distanceM);
    expect(nearest, unit.id).toBe(full.units[i]!.nearestFacilityId);
  });
  for (const t of full.townships) {
    const after = result.townships.find((r) => r.code === t.code)!.after;
    expect(after.coveredPopulation, t.code).toEqual(t.coveredPopulation);
    expect(after.unitPopulation, t.code).toBe(t.unitPopulation);
    expect(after.unreachableUnits, t.code).toBe(t.unreachableUnits);
    expect(after.populationUnits, t.code).toBe(t.populationUnits);
  }
  expect(result.after.coveredPopulation).toEqual(full.district.coveredPopulation);
  expect(result.after.unreachableUnits).toBe(full.district.unreachableUnits);
}

/**
 * Random proposals (seeded) against a full recomputation on the modified data: removals, status
 * changes, resizes, new sites (some off the network) and projects, alone and together.
 */
function randomProposal(random: () => number, data: JurisdictionData, box: [number, number, number, number]): Proposal {
  const pick = <T>(items: readonly T[], p: number): T[] => items.filter(() => random() < p);
  const point = (): { lon: number; lat: number } => ({
    lon: box[0] + random() * (box[2] - box[0]),
    lat: box[1] + random() * (box[3] - box[1]),
  });
  const ids = data.facilities.map((f) => f.id);
  const removed = pick(ids, 0.25);
  const rest = ids.filter((id) => !removed.includes(id));
  const toggled = pick(rest, 0.15);
  const resized = pick(
    rest.filter((id) => !toggled.includes(id)),
    0.15,
  );
  return {
    remove: removed,
    statusChanges: toggled.map((id) => {
      const f = data.facilities.find((x) => x.id === id)!;
      return isOperatingIn(f, data.year) ? { id, status: 'closed', closedYear: data.year } : { id, status: 'operating', openedYear: null };
    }),
    resize: resized.map((id) => ({ id, slots: Math.floor(random() * 50) })),
    sites: Array.from({ length: Math.floor(random() * 4) }, () => ({ ...point(), slots: 1 + Math.floor(random() * 40) })),
    projects: Array.from({ length: Math.floor(random() * 3) }, () => ({
      ...point(),
      population: Math.floor(random() * 2000),
      plannedSlots: random() < 0.5 ? 0 : Math.floor(random() * 30),
    })),
  };
}

/** The modified data a full recomputation runs on, built from the proposal without the engine's help. */
function modifiedData(data: JurisdictionData, proposal: Proposal, result: ProposalResult): JurisdictionData {
  const removed = new Set(proposal.remove ?? []);
  const facilities: Facility[] = data.facilities
    .filter((f) => !removed.has(f.id))
    .map((f) => {
      const status = proposal.statusChanges?.find((c) => c.id === f.id);
      const resize = proposal.resize?.find((c) => c.id === f.id);
      return {
        ...f,
        ...(status
          ? {
              status: status.status,
              openedYear: status.openedYear === undefined ? f.openedYear : status.openedYear,
              closedYear: status.closedYear === undefined ? f.closedYear : status.closedYear,
            }
          : {}),
        ...(resize ? { slots: resize.slots, inclusiveSlots: Math.min(f.inclusiveSlots, resize.slots) } : {}),
      };
    });
  (proposal.sites ?? []).forEach((s, i) => {
    facilities.push({
      ...data.facilities[0]!,
      id: `proposed-site-${i + 1}`,
      status: 'operating',
      openedYear: null,
      closedYear: null,
      slots: s.slots,
      inclusiveSlots: 0,
      lon: s.lon,
      lat: s.lat,
      township: result.sites[i]!.township,
    });
  });
  const populationUnits = [...data.populationUnits];
  const townships = data.townships.map((t) => ({ ...t }));
  (proposal.projects ?? []).forEach((p, i) => {
    const code = result.projects[i]!.township;
    populationUnits.push(unit(populationUnits.length, p.population, code, [p.lon, p.lat]));
    const t = townships.find((x) => x.code === code);
    if (t) t.population += p.population;
    if ((p.plannedSlots ?? 0) > 0) {
      facilities.push({
        ...data.facilities[0]!,
        id: `proposed-project-${i + 1}`,
        status: 'operating',
        openedYear: null,
        closedYear: null,
        slots: p.plannedSlots!,
        inclusiveSlots: 0,
        lon: p.lon,
        lat: p.lat,
        township: code,
      });
    }
  });
  return { ...data, facilities, populationUnits, townships };
}

function checkRandomProposals(
  data: JurisdictionData,
  year: number,
  box: [number, number, number, number],
  seed: number,
  count: number,
): void {
  const network = prepareWalkNetwork(data.roads, data.profile.parameters, data.populationUnits);
  const base = createBaseline(data, network, year);
  const random = seededRandom(seed);
  let changedSeen = 0;
  for (let n = 0; n < count; n++) {
    const proposal = randomProposal(random, { ...data, year }, box);
    const result = evaluateProposal(base, proposal);
    changedSeen += result.changedUnits.length;
    const modified = modifiedData(data, proposal, result);
    const full = computeCoverage(modified, prepareWalkNetwork(data.roads, data.profile.parameters), year, {
      searchLimitM: base.searchLimitM,
    });
    expectSameAsFull(base, result, full, data.populationUnits);
    result.projects.forEach((p, i) => {
      expect(p.distanceM, `project ${i}`).toBe(full.units[data.populationUnits.length + i]!.distanceM);
      expect(p.nearestFacilityId, `project ${i}`).toBe(full.units[data.populationUnits.length + i]!.nearestFacilityId);
    });
    for (const t of full.townships) {
      expect(result.townships.find((r) => r.code === t.code)!.after.coveredPopulation).toEqual(t.coveredPopulation);
    }
    const indicators = computeIndicators(modified, year);
    expect([result.after.slots, result.after.slotGap, result.after.inclusiveShare, result.after.townshipsWithOperatingFacility]).toEqual([
      indicators.district.slots,
      indicators.district.slotGap,
      indicators.district.inclusiveShare,
      indicators.district.townshipsWithOperatingFacility,
    ]);
  }
  // The proposals did change something (the comparison is not vacuous).
  expect(changedSeen).toBeGreaterThan(count);
}

describe('evaluateProposal equals a full recomputation (random proposals, seeded)', () => {
  it('tiny-town, 2025 and 2024: 40 proposals each', () => {
    const data = loadTinyTown();
    const box: [number, number, number, number] = [120.6445, 27.995, 120.656, 28.0085];
    checkRandomProposals(data, 2025, box, 7, 40);
    checkRandomProposals(data, 2024, box, 8, 40);
  });

  it('a 3 × 3 km street grid with gaps, 400 units, 30 facilities: 40 proposals', () => {
    const random = seededRandom(11);
    const roads: Road[] = [];
    for (let i = 0; i <= 30; i++) {
      for (let j = 0; j < 30; j++) {
        if (random() < 0.85)
          roads.push(
            road([
              [i * 100, j * 100],
              [i * 100, (j + 1) * 100],
            ]),
          );
        if (random() < 0.85)
          roads.push(
            road([
              [j * 100, i * 100],
              [(j + 1) * 100, i * 100],
            ]),
          );
      }
    }
    const townships = [
      rectangle('NW', 0, -200, 1500, 1500, 3200),
      rectangle('NE', 0, 1500, 1500, 3200, 3200),
      rectangle('SW', 0, -200, -200, 1500, 1500),
      rectangle('SE', 0, 1500, -200, 3200, 1500),
    ];
    const codeOf = (x: number, y: number): string => (y >= 1500 ? 'N' : 'S') + (x >= 1500 ? 'E' : 'W');
    const populationUnits = Array.from({ length: 400 }, (_, i) => {
      const x = random() * 3000;
      const y = random() * 3000;
      const population = 1 + Math.floor(random() * 500);
      townships.find((t) => t.code === codeOf(x, y))!.population += population;
      return unit(i, population, codeOf(x, y), at(x, y));
    });
    const statuses: Facility['status'][] = ['operating', 'operating', 'operating', 'planned', 'closed'];
    const facilities = Array.from({ length: 30 }, (_, i): Facility => {
      const x = random() * 3000;
      const y = random() * 3000;
      const [lon, lat] = at(x, y);
      const status = statuses[Math.floor(random() * statuses.length)]!;
      return {
        id: `G${i}`,
        name: `G${i}`,
        slots: 10 + Math.floor(random() * 40),
        inclusiveSlots: 5,
        type: 'community',
        status,
        openedYear: status === 'planned' ? 2026 : null,
        closedYear: status === 'closed' ? 2024 + Math.floor(random() * 3) : null,
        grade: null,
        staff: null,
        certifiedStaff: null,
        township: codeOf(x, y),
        lon,
        lat,
      };
    });
    const data: JurisdictionData = {
      id: 'grid',
      name: 'grid',
      year: 2025,
      profile: { id: 'p', name: 'p', targets: { slots_per_1000: { '2025': 5.5 } }, parameters: parameters({ walkSpeedKmh: 2 }) },
      townships,
      facilities,
      populationUnits,
      roads,
      projects: [],
      health: [],
      dataVersion: 1,
    };
    const [west, south] = at(-100, -100);
    const [east, north] = at(3100, 3100);
    checkRandomProposals(data, 2025, [west, south, east, north], 12, 40);
  });

  it('without roads (straight line × 1.3): 20 proposals on tiny-town points', () => {
    const data = { ...loadTinyTown(), roads: [] };
    checkRandomProposals(data, 2025, [120.6445, 27.995, 120.656, 28.0085], 13, 20);
  });
});
