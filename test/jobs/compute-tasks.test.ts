/**
 * The results a jurisdiction's analysis takes from the compute pool (issue #15) are those it computes
 * inline without one: the what-if baseline (its costly parts made in a worker and handed over), service
 * areas, catchments, candidate sites, a scenario's trajectory and a schedule of openings, on a small
 * synthetic city whose 2026 populations come from a population-by-year table. And the asynchronous memo behind them shares one run
 * among concurrent callers and keeps no failed run.
 */
import { describe, expect, it } from 'vitest';
import { JurisdictionAnalysis } from '../../server/analysis/analysis-service.js';
import { evaluateProposal, type BaselineState, type Proposal } from '../../server/engine/whatif/index.js';
import { packPositions } from '../../server/jobs/compute/tasks.js';
import { sharedComputePool } from '../../server/jobs/index.js';
import type { JurisdictionData } from '../../server/model/index.js';
import { syntheticCity } from '../fixtures/synthetic-city.js';

const base = syntheticCity({
  seed: 7,
  gridSide: 40,
  blockM: 80,
  jitterM: 20,
  diagonals: 40,
  populationUnits: 3000,
  facilities: 30,
  townshipsPerSide: 2,
  origin: [120.6, 28.0],
}).data;
const city: JurisdictionData = {
  ...base,
  id: 'compute-tasks-city',
  profile: { ...base.profile, targets: { slots_per_1000: { 2025: 4.5, 2026: 5, 2027: 5.5 } } },
  townshipPopulation: base.townships.map((t) => ({ code: t.code, year: 2026, population: Math.round(t.population * 1.2) })),
};
const year = 2026;

const pooled = new JurisdictionAnalysis(city, undefined, '', sharedComputePool());
const inline = new JurisdictionAnalysis(city);

/** A baseline without the network it was built on (the pool's is unpacked from a worker, the same graph). */
function comparable(baseline: BaselineState) {
  const { network: _network, ...rest } = baseline;
  return rest;
}

const empty: Proposal = { sites: [], remove: [], resize: [], projects: [] };

describe('compute pool tasks give the inline results', () => {
  it('the what-if baseline, and a proposal evaluated against it', async () => {
    const [fromPool, fromHere] = await Promise.all([pooled.whatIfBaseline(year), inline.whatIfBaseline(year)]);
    expect(comparable(fromPool)).toEqual(comparable(fromHere));
    expect(fromPool.data).toBe(pooled.dataOf(year));
    const [first, second] = city.facilities;
    const proposal: Proposal = { ...empty, sites: [{ lon: first!.lon + 0.003, lat: first!.lat, slots: 40 }], remove: [second!.id] };
    expect(evaluateProposal(fromPool, proposal)).toEqual(evaluateProposal(fromHere, proposal));
    // Kept: the next caller gets the same baseline.
    expect(await pooled.whatIfBaseline(year)).toBe(fromPool);
  }, 60_000);

  it('service areas and catchments, to the byte', async () => {
    for (const minutes of city.profile.parameters.thresholdsMin) {
      expect(JSON.stringify(await pooled.serviceAreas(year, minutes))).toBe(JSON.stringify(await inline.serviceAreas(year, minutes)));
    }
    for (const facility of city.facilities.slice(0, 5)) {
      expect(JSON.stringify(await pooled.catchment(facility, 10))).toBe(JSON.stringify(await inline.catchment(facility, 10)));
    }
  }, 60_000);

  it('candidate sites, and only their count when they are more than the limit (not kept)', async () => {
    const fromPool = await pooled.candidates(150, 20_000);
    expect(fromPool.candidates!.length).toBeGreaterThan(10);
    expect(fromPool).toEqual(await inline.candidates(150, 20_000));
    const kept = pooled.memoCount;
    const tooMany = await pooled.candidates(100, 10);
    expect(tooMany).toEqual({ count: (await inline.candidates(100, 20_000)).count, candidates: null });
    expect(tooMany.count).toBeGreaterThan(10);
    expect(pooled.memoCount).toBe(kept);
  }, 60_000);

  it('a trajectory, and the year whose changes the engine refused', async () => {
    const years = [2025, 2026, 2027];
    const site = city.facilities[0]!;
    const proposals: Proposal[] = years.map((y) =>
      y >= 2026 ? { ...empty, sites: [{ lon: site.lon - 0.003, lat: site.lat, slots: 50 }] } : empty,
    );
    const fromPool = await pooled.trajectory('s1:1', years, proposals);
    expect('result' in fromPool && fromPool.result.years).toHaveLength(3);
    expect(fromPool).toEqual(await inline.trajectory('s1:1', years, proposals));

    const refusing = years.map((y) => (y >= 2026 ? { ...empty, remove: ['no-such-facility'] } : empty));
    const refused = await pooled.trajectory('s2:1', years, refusing);
    expect(refused).toEqual({ refused: { path: 'remove[0]', text: expect.anything() as unknown, year: 2026 } });
    expect(refused).toEqual(await inline.trajectory('s2:1', years, refusing));
  }, 60_000);
});

describe('a schedule of openings in the compute pool', () => {
  it('is the one made inline, and an argument the engine refuses is refused alike', async () => {
    const { candidates } = await inline.candidates(300, 20_000);
    const input = {
      positions: packPositions(candidates!),
      years: [2025, 2026, 2027],
      costPerSite: 100,
      costPerSlot: 1,
      minSlotsPerSite: 20,
      maxSlotsPerSite: 120,
      timeLimitS: 5,
    };
    const { seconds: _pooledSeconds, ...fromPool } = await pooled.schedule(input);
    const { seconds: _inlineSeconds, ...fromHere } = await inline.schedule(input);
    expect(fromPool.openings.length).toBeGreaterThan(0);
    expect(fromPool).toEqual(fromHere);
    const refused = { ...input, minSlotsPerSite: 50, maxSlotsPerSite: 40 };
    const message = 'minSlotsPerSite and maxSlotsPerSite must be integers with 1 ≤ min ≤ max';
    await expect(pooled.schedule(refused)).rejects.toThrow(new RangeError(message));
    await expect(inline.schedule(refused)).rejects.toThrow(new RangeError(message));
  }, 60_000);
});

describe('asynchronous memo', () => {
  it('shares one run among concurrent callers, keeps its result, and keeps no failed run', async () => {
    const town = new JurisdictionAnalysis({ id: 'x', dataVersion: 1 } as never);
    let runs = 0;
    const slow = () =>
      new Promise<number>((resolve) => {
        runs++;
        setTimeout(() => resolve(runs), 20);
      });
    const [a, b] = await Promise.all([town.memoAsync('k', slow), town.memoAsync('k', slow)]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(await town.memoAsync('k', slow)).toBe(1);

    let attempts = 0;
    const failing = () => {
      attempts++;
      return Promise.reject(new Error('worker died'));
    };
    await expect(Promise.all([town.memoAsync('f', failing), town.memoAsync('f', failing)])).rejects.toThrow('worker died');
    expect(attempts).toBe(1);
    expect(town.memoCount).toBe(1);
    await expect(town.memoAsync('f', failing)).rejects.toThrow('worker died');
    expect(attempts).toBe(2);
    expect(await town.memoAsync('f', () => Promise.resolve(7))).toBe(7);
  });
});
