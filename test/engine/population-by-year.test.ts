/**
 * Population by year, under-3 demand and plans as trajectories (issue #16), on a town small enough to
 * check by hand: two townships on the equator, no roads (straight line × 1.3), one facility.
 *
 *   T1 (x 0…3 km): layer population 1,000; units u0 300 at x = 0 (the facility F, 4 slots), u1 700 at x = 2 km
 *   T2 (x 3…7 km): layer population 2,000, populationUnder3 60; unit u2 2,000 at x = 5 km
 *   table: T1 2024 → 1,200 (36 under 3), T1 2026 → 1,500; T2 2026 → 1,000
 */
import { describe, expect, it } from 'vitest';
import {
  computeAccessibility,
  createBaseline,
  evaluateProposal,
  evaluateTrajectory,
  type Proposal,
} from '../../server/engine/whatif/index.js';
import { readBuiltInProfiles } from '../../server/db/built-in-profiles.js';
import { readPackageFolder, validatePackage } from '../../server/import/index.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { computeIndicators, populationOfYear, townshipFiguresOfYear, under3Demand } from '../../server/engine/figures/index.js';
import { computeCoverage } from '../../server/engine/coverage/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import type { Facility, JurisdictionData, LonLat, PopulationUnit, Township } from '../../server/model/index.js';
import { at } from '../fixtures/equator.js';
import { policyDefaults } from '../fixtures/parameters.js';

const square = (fromX: number, toX: number): Township['geometry'] => {
  const ring = [at(fromX, -1000), at(toX, -1000), at(toX, 1000), at(fromX, 1000), at(fromX, -1000)];
  return { type: 'Polygon', coordinates: [ring] };
};
const unit = (index: number, population: number, township: string, [lon, lat]: LonLat): PopulationUnit => ({
  id: `u${index}`,
  index,
  population,
  under3: null,
  township,
  lon,
  lat,
  approximate: false,
});
const facilityF: Facility = {
  id: 'F',
  name: 'F',
  slots: 4,
  inclusiveSlots: 2,
  type: 'community',
  status: 'operating',
  openedYear: null,
  closedYear: null,
  grade: null,
  staff: null,
  certifiedStaff: null,
  township: 'T1',
  lon: at(0, 0)[0],
  lat: at(0, 0)[1],
};

function town(withShare = true): JurisdictionData {
  return {
    id: 't',
    name: 't',
    year: 2025,
    profile: {
      id: 'p',
      name: 'p',
      targets: { slots_per_1000: { '2024': 3.5, '2025': 4, '2026': 5, '2027': 4.5 } },
      parameters: policyDefaults(),
      ...(withShare ? { demand: { under3Share: 0.02, source: 'test' } } : {}),
    },
    townships: [
      { code: 'T1', name: 'T1', population: 1000, populationUnder3: null, district: null, geometry: square(-1000, 3000) },
      { code: 'T2', name: 'T2', population: 2000, populationUnder3: 60, district: null, geometry: square(3000, 7000) },
    ],
    facilities: [facilityF],
    populationUnits: [unit(0, 300, 'T1', at(0, 0)), unit(1, 700, 'T1', at(2000, 0)), unit(2, 2000, 'T2', at(5000, 0))],
    roads: [],
    projects: [],
    health: [],
    townshipPopulation: [
      { code: 'T1', year: 2026, population: 1500, populationUnder3: null },
      { code: 'T1', year: 2024, population: 1200, populationUnder3: 36 },
      { code: 'T2', year: 2026, population: 1000, populationUnder3: null },
    ],
    dataVersion: 1,
  };
}

describe('population of a year', () => {
  const data = town();
  it('takes the year’s row, else the latest earlier one, else the township layer', () => {
    const figures = (year: number) => townshipFiguresOfYear(data, year).townships.map((t) => [t.population, t.source, t.fromYear]);
    expect(figures(2023)).toEqual([
      [1000, 'townships', null],
      [2000, 'townships', null],
    ]);
    expect(figures(2024)).toEqual([
      [1200, 'table', 2024],
      [2000, 'townships', null],
    ]);
    expect(figures(2025)).toEqual([
      [1200, 'table', 2024],
      [2000, 'townships', null],
    ]);
    expect(figures(2026)).toEqual([
      [1500, 'table', 2026],
      [1000, 'table', 2026],
    ]);
    expect(townshipFiguresOfYear(data, 2026).projected).toBe(false);
    expect(townshipFiguresOfYear(data, 2027).projected).toBe(true);
    expect(townshipFiguresOfYear(data, 2027).lastDataYear).toBe(2026);
  });

  it('scales the units of a township to the year’s figure (their under-3 counts to the row’s)', () => {
    const y2024 = populationOfYear(data, 2024);
    expect(y2024.populationUnits.map((u) => u.population)).toEqual([360, 840, 2000]);
    expect(y2024.populationUnits[0]!.under3).toBeCloseTo(10.8, 10); // 36 × 300 / 1000
    expect(y2024.populationUnits[1]!.under3).toBeCloseTo(25.2, 10);
    expect(y2024.populationUnits[2]!.under3).toBeNull();
    expect(populationOfYear(data, 2026).populationUnits.map((u) => u.population)).toEqual([450, 1050, 1000]);
    // Without a table the data is returned as it is.
    const plain = { ...data, townshipPopulation: [] };
    expect(populationOfYear(plain, 2026)).toBe(plain);
  });

  it('changes slots per 1,000 but not coverage shares', () => {
    const network = prepareWalkNetwork([], data.profile.parameters);
    const slots2023 = computeIndicators(populationOfYear(data, 2023), 2023).townships[0]!;
    const slots2024 = computeIndicators(populationOfYear(data, 2024), 2024).townships[0]!;
    expect(slots2023.slotsPer1000).toBe(4); // 4 ÷ 1,000 × 1000
    expect(slots2024.slotsPer1000).toBeCloseTo(10 / 3, 12); // 4 ÷ 1,200 × 1000
    expect(slots2024.slotGap).toBe(1); // ⌈3.5 × 1,200 ÷ 1000⌉ − 4 = 5 − 4
    const share = (year: number) => computeCoverage(populationOfYear(data, year), network, year).townships[0]!.coverage['15'];
    expect(share(2023)).toBeCloseTo(0.3, 12); // u0 is at F; u1 is 2 km × 1.3 away
    expect(share(2024)).toBeCloseTo(0.3, 12);
    expect(share(2026)).toBeCloseTo(0.3, 12);
  });
});

describe('childcare demand: children under 3', () => {
  it('uses the units’ counts, else the township’s, else the census share, and says so', () => {
    const y2024 = under3Demand(populationOfYear(town(), 2024));
    expect(Array.from(y2024.demand)).toEqual([expect.closeTo(10.8, 10), expect.closeTo(25.2, 10), 60]);
    expect(y2024.summary.method).toBe('mixed');
    expect(y2024.summary.units).toEqual({ under3: 2, township_under3: 1, census_share: 0, residents: 0 });

    const y2026 = under3Demand(populationOfYear(town(), 2026));
    expect(Array.from(y2026.demand)).toEqual([expect.closeTo(9, 10), expect.closeTo(21, 10), expect.closeTo(20, 10)]); // × 0.02
    expect(y2026.summary.method).toBe('census_share');
    expect(y2026.summary.under3Share).toBe(0.02);
    expect(y2026.summary.source).toBe('test');
    expect(y2026.summary.note.en).toContain('2020-census');

    const noShare = under3Demand(populationOfYear(town(false), 2026));
    expect(noShare.summary.method).toBe('residents');
    expect(Array.from(noShare.demand)).toEqual([450, 1050, 1000]);
  });

  it('E2SFCA divides slots by the children within reach', () => {
    const data = populationOfYear(town(), 2026);
    const { demand } = under3Demand(data);
    const result = computeAccessibility(data, prepareWalkNetwork([], data.profile.parameters), 2026, { demand });
    // Only u0 (9 children, at distance 0: weight 1) is within 1,000 m of F: 4 slots ÷ 9 children.
    expect(result.facilities[0]!.weightedDemand).toBeCloseTo(9, 10);
    expect(result.units[0]!.slotsPer1000).toBeCloseTo((4 / 9) * 1000, 8);
    expect(result.district.demand).toBeCloseTo(50, 10);
    expect((result.district.slotsPer1000! * result.district.demand) / 1000).toBeCloseTo(4, 10);
  });
});

describe('a plan as a trajectory', () => {
  const data = town();
  const network = prepareWalkNetwork([], data.profile.parameters);
  // The scenario (base year 2025): F goes to 8 slots in 2026; a 4-slot site opens at u1 in 2027.
  const site = { lon: at(2000, 0)[0], lat: at(2000, 0)[1], slots: 4 };
  const proposalOf = (year: number): Proposal => ({
    resize: year >= 2026 ? [{ id: 'F', slots: 8 }] : [],
    sites: year >= 2027 ? [site] : [],
  });
  const result = evaluateTrajectory(network, { years: [2024, 2025, 2026, 2027], dataOf: (y) => populationOfYear(data, y), proposalOf });
  const t1 = result.years.map((y) => y.townships[0]!);

  it('judges each year’s slots against that year’s population and target', () => {
    expect(t1.map((t) => [t.population, t.slots, t.target, t.meetsTarget])).toEqual([
      [1200, 4, 3.5, false], // 3.33 per 1,000
      [1200, 4, 4, false],
      [1500, 8, 5, true], // 5.33
      [1500, 12, 4.5, true], // 8
    ]);
    expect(t1.map((t) => t.slotGap)).toEqual([1, 1, 0, 0]); // ⌈3.5 × 1.2⌉ − 4, ⌈4 × 1.2⌉ − 4
    expect(result.years.map((y) => [y.district.population, y.district.slots])).toEqual([
      [3200, 4],
      [3200, 4],
      [2500, 8],
      [2500, 12],
    ]);
  });

  it('gives the first year each township (and the district) meets its target', () => {
    expect(result.firstYearMeetingTarget).toEqual([
      { code: 'T1', name: 'T1', year: 2026 },
      { code: 'T2', name: 'T2', year: null },
    ]);
    expect(result.districtFirstYearMeetingTarget).toBe(2027); // 12 ÷ 2,500 = 4.8 ≥ 4.5; 2026: 3.2 < 5
  });

  it('covers u1 once the site opens, and runs one search per set of facility positions', () => {
    expect(t1.map((t) => t.coverage['15'])).toEqual([expect.closeTo(0.3, 12), expect.closeTo(0.3, 12), expect.closeTo(0.3, 12), 1]);
    expect(result.searches).toBe(2);
    expect(result.years.map((y) => y.population.projected)).toEqual([false, false, false, true]);
    expect(result.years[3]!.population.note.en).toContain('carries forward');
  });
});

describe('a trajectory equals an evaluation per year', () => {
  // Tiny town with roads, its facilities opening and closing over the years and its residential
  // projects, plus a scenario: two sites from 2025, one more and a closure in 2026, a resize in 2027.
  // The trajectory searches once from the facilities of every year and once from each other facility;
  // a fresh baseline and evaluation per year (the path of POST …/proposals/evaluate) must give the
  // same coverage and slots, township by township.
  it('on tiny town 2023–2027, for every threshold and township', async () => {
    const validation = validatePackage(await readPackageFolder(TINY_TOWN_DIR), await readBuiltInProfiles());
    if (!validation.ok) throw new Error('tiny town does not validate');
    const data: JurisdictionData = { ...validation.pkg, dataVersion: 1 };
    const network = prepareWalkNetwork(data.roads, data.profile.parameters);
    const operating = data.facilities.filter((f) => f.status === 'operating');
    const unitAt = (i: number) => data.populationUnits[Math.floor((i * data.populationUnits.length) / 5)]!;
    const proposalOf = (year: number): Proposal => ({
      sites: [
        ...(year >= 2025 ? [0, 1].map((i) => ({ lon: unitAt(i).lon, lat: unitAt(i).lat, slots: 20 })) : []),
        ...(year >= 2026 ? [{ lon: unitAt(3).lon, lat: unitAt(3).lat, slots: 10 }] : []),
      ],
      remove: year >= 2026 ? [operating[0]!.id] : [],
      resize: year >= 2027 ? [{ id: operating[1]!.id, slots: operating[1]!.slots + 5 }] : [],
    });
    const years = [2023, 2024, 2025, 2026, 2027];
    const result = evaluateTrajectory(network, { years, dataOf: (y) => populationOfYear(data, y), proposalOf });
    expect(result.searches).toBeGreaterThan(1);
    years.forEach((year, i) => {
      const evaluation = evaluateProposal(createBaseline(populationOfYear(data, year), network, year), proposalOf(year));
      const trajectoryYear = result.years[i]!;
      for (const key of Object.keys(evaluation.after.coverage)) {
        expect(trajectoryYear.district.coverage[key]).toBeCloseTo(evaluation.after.coverage[key]!, 12);
        evaluation.townships.forEach((t, ti) =>
          expect(trajectoryYear.townships[ti]!.coverage[key]).toBeCloseTo(t.after.coverage[key]!, 12),
        );
      }
      expect(trajectoryYear.district.slots).toBe(evaluation.after.slots);
    });
  });
});
