/**
 * Least-cost schedules against brute force: every township's every choice of (opening year or
 * never, slots) per candidate is enumerated on a small town, and the solver's discounted cost must
 * equal the sum of the townships' minima; the openings, added as facilities, must meet each year's
 * gap through the indicators.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { loadMipSolver } from '../../server/engine/allocation/index.js';
import { scheduleOpenings, townshipGapsByYear } from '../../server/engine/whatif/index.js';
import { computeIndicators } from '../../server/engine/figures/index.js';
import type { Facility, JurisdictionData, Township } from '../../server/model/index.js';
import { at, parameters } from '../fixtures/equator.js';

let solver: Highs;
beforeAll(async () => {
  solver = await loadMipSolver();
});

function square(code: string, population: number, west: number): Township {
  const ring = [at(west, 0), at(west + 1000, 0), at(west + 1000, 1000), at(west, 1000), at(west, 0)];
  return { code, name: code, population, populationUnder3: null, district: null, geometry: { type: 'Polygon', coordinates: [ring] } };
}

function facility(id: string, slots: number, [lon, lat]: [number, number], township: string, openedYear: number | null = null): Facility {
  return {
    id,
    name: id,
    slots,
    inclusiveSlots: 0,
    type: 'community',
    status: 'operating',
    openedYear,
    closedYear: null,
    grade: null,
    staff: null,
    certifiedStaff: null,
    township,
    lon,
    lat,
  };
}

/** T1 (1,000 residents, F1 10 slots), T2 (2,000), T3 (500, no candidate); targets 20, 25, 30 per 1,000 in 2025–2027. */
const data: JurisdictionData = {
  id: 's',
  name: 's',
  year: 2025,
  profile: { id: 'p', name: 'p', targets: { slots_per_1000: { '2025': 20, '2026': 25, '2027': 30 } }, parameters: parameters() },
  townships: [square('T1', 1000, 0), square('T2', 2000, 2000), square('T3', 500, 4000)],
  facilities: [facility('F1', 10, at(500, 500), 'T1')],
  populationUnits: [],
  roads: [],
  projects: [],
  health: [],
  dataVersion: 1,
};
const candidates = [at(200, 200), at(700, 700), at(2200, 300), at(2500, 600), at(2800, 900)].map(([lon, lat]) => ({ lon, lat }));
const years = [2025, 2026, 2027];
const candidatesByTownship = [[0, 1], [2, 3, 4], []];

/** Cheapest discounted cost of closing township t's gaps with its candidates, by enumeration. */
function bruteForce(
  t: number,
  gaps: (number | null)[][],
  options: { site: number; slot: number; min: number; max: number; rate: number },
): number {
  const choices: { year: number; slots: number }[] = [{ year: -1, slots: 0 }];
  for (let yi = 0; yi < years.length; yi++) for (let s = options.min; s <= options.max; s++) choices.push({ year: yi, slots: s });
  const cs = candidatesByTownship[t]!;
  let best = Infinity;
  const pick = (i: number, chosen: { year: number; slots: number }[]) => {
    if (i === cs.length) {
      const ok = years.every(
        (_, yi) => chosen.filter((c) => c.year >= 0 && c.year <= yi).reduce((a, c) => a + c.slots, 0) >= (gaps[yi]![t] ?? 0),
      );
      if (!ok) return;
      const cost = chosen
        .filter((c) => c.year >= 0)
        .reduce((a, c) => a + (options.site + options.slot * c.slots) * (1 + options.rate) ** -c.year, 0);
      best = Math.min(best, cost);
      return;
    }
    for (const choice of choices) pick(i + 1, [...chosen, choice]);
  };
  pick(0, []);
  return best;
}

describe('scheduleOpenings', () => {
  const gaps = townshipGapsByYear(data, years);

  it('computes each year’s township gaps as the indicators do', () => {
    expect(gaps).toEqual([
      [10, 40, 10],
      [15, 50, 13],
      [20, 60, 15],
    ]);
  });

  it.each([
    { site: 100, slot: 1, min: 5, max: 30, rate: 0 },
    { site: 10, slot: 3, min: 10, max: 25, rate: 0.1 },
    { site: 300, slot: 1, min: 5, max: 40, rate: 0.05 },
  ])('equals the brute-force least cost (site $site, slot $slot, slots $min–$max, discount $rate)', (o) => {
    const plan = scheduleOpenings(data, {
      candidates,
      years,
      costPerSite: o.site,
      costPerSlot: o.slot,
      minSlotsPerSite: o.min,
      maxSlotsPerSite: o.max,
      discountRate: o.rate,
      solver,
    });
    expect(plan.optimal).toBe(true);
    const expected = bruteForce(0, gaps, o) + bruteForce(1, gaps, o);
    expect(plan.discountedCost).toBeCloseTo(expected, 6);
    expect(plan.infeasible.map((i) => [i.code, i.year, i.gap])).toEqual([['T3', 2025, 10]]);
    expect(plan.infeasible[0]!.reason.en).toMatch(/no candidate site in T3/);
    expect(plan.infeasible[0]!.reason.zh).toMatch(/没有候选点位/);

    // Openings as facilities from their year: every scheduled township meets each year's gap.
    const added = plan.openings.map((p, i) => facility(`new${i}`, p.slots, [p.lon, p.lat], p.township, p.year));
    for (const year of years) {
      const after = computeIndicators({ ...data, facilities: [...data.facilities, ...added] }, year);
      expect(after.townships.slice(0, 2).map((t) => t.slotGap)).toEqual([0, 0]);
    }
    expect(plan.perYear.at(-1)!.townships.map((t) => t.gapAfter)).toEqual([0, 0, 15]);
  });

  it('says when a township’s candidates cannot hold its gap, and still schedules the rest', () => {
    const plan = scheduleOpenings(data, {
      candidates,
      years,
      costPerSite: 1,
      costPerSlot: 1,
      minSlotsPerSite: 1,
      maxSlotsPerSite: 15,
      solver,
    });
    expect(plan.infeasible.map((i) => i.code)).toEqual(['T2', 'T3']);
    expect(plan.infeasible[0]!.reason.en).toMatch(/hold at most 45 slots, less than the 2026 gap of 50/);
    expect(plan.openings.every((o) => o.township === 'T1')).toBe(true);
    expect(plan.openings.reduce((a, o) => a + o.slots, 0)).toBe(20);
  });

  it('uses a per-year population where one is given', () => {
    const growing = townshipGapsByYear(data, years, (t, year) => data.townships[t]!.population * (1 + (year - 2025) / 10));
    expect(growing[2]![0]).toBe(Math.ceil((30 * 1200) / 1000) - 10);
  });
});
