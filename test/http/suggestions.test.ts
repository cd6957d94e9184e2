/**
 * Site suggestions over HTTP on tiny-town 2025, against both databases.
 *
 * In 2025, 600 of 13,180 residents lie beyond 15 minutes: P28 (120, farther than maxSnapMeters 300
 * from every road, so no site can reach it), P29 (150, whose nearest road is the detached 后山步道, so
 * only a site on that footway reaches it), P31 (180) and P32 (150) at the north end of 北村路. Hence a
 * site on 北村路 gains 330, a site on the footway 150, and nothing else gains anything: the best two
 * sites cover 480, and 12,580 + 480 = 13,060 of 13,180 is the most any number of sites can reach.
 *
 * Grid: lon = 120.6460 + 0.00203·u, lat = 27.9964 + 0.0018·v.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { TINY_TOWN_DIR, tinyTownAt } from '../fixtures/tiny-town.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

const tinyTown = TINY_TOWN_DIR;
const at = tinyTownAt;
/** (0, 0) gains nothing; (2, 6) on 北村路 gains P31 + P32; (3.6, 5.15) on 后山步道 gains P29. */
const threeCandidates = [at(0, 0), at(2, 6), at(3.6, 5.15)];

const nonIncreasing = (values: number[]) => values.every((v, i) => i === 0 || v <= values[i - 1]!);

describe.each(databaseKinds)('site suggestions on %s', (kind) => {
  const town = useTestApp(kind, [tinyTown]);

  const suggest = (body: object) => request(town.app).post('/api/jurisdictions/tiny-town/suggestions').send(body);

  it('chooses the 北村路 site (330), then the footway site (150), from the planner’s list', async () => {
    const res = await suggest({ year: 2025, k: 2, slotsPerSite: 15, candidates: threeCandidates }).expect(200);
    expect(res.body).toMatchObject({
      mode: 'maximal_covering',
      year: 2025,
      minutes: 15,
      candidateSource: 'given',
      candidateCount: 3,
      objective: 480,
      newlyCoveredPopulation: 480,
    });
    expect(res.body.sites.map((s: any) => [s.candidateIndex, s.marginalGain, s.township, s.slots])).toEqual([
      [1, 330, 'T3', 15],
      [2, 150, 'T3', 15],
    ]);
    expect(res.body.baseline).toMatchObject({ unitPopulation: 13180, coveredPopulation: 12580, uncoveredPopulation: 600 });
    expect(res.body.coverageAfter).toBeCloseTo(13060 / 13180, 10);
    // T3's gap ⌈5.5 × 3,480 ÷ 1000⌉ = 20 is closed by 2 × 15 slots; T1 and T2 need nothing.
    expect(res.body.townships.map((t: any) => [t.code, t.slotGapBefore, t.slotGapAfter])).toEqual([
      ['T1', 0, 0],
      ['T2', 0, 0],
      ['T3', 20, 0],
    ]);
    expect(res.body.proposal.sites).toHaveLength(2);
    // Why each site: the first takes 15 of T3's 20 missing slots, the second the remaining 5.
    expect(res.body.sites.map((s: any) => [s.marginalPopulation, s.townshipGapReduced])).toEqual([
      [330, 15],
      [150, 5],
    ]);
  });

  it('starts from the planner’s current proposal: a placed site counts as covering and as slots', async () => {
    // The planner already placed 15 slots on 北村路: the best next site is the footway (150), not 北村路 again.
    const startFrom = { sites: [{ lon: at(2, 6)[0], lat: at(2, 6)[1], slots: 15 }] };
    const res = await suggest({ year: 2025, k: 1, slotsPerSite: 15, candidates: threeCandidates, startFrom }).expect(200);
    expect(res.body.baseline).toMatchObject({ coveredPopulation: 12910, uncoveredPopulation: 270 });
    expect(res.body.sites.map((s: any) => [s.candidateIndex, s.marginalPopulation, s.townshipGapReduced])).toEqual([[2, 150, 5]]);
    expect(res.body.townships.find((t: any) => t.code === 'T3')).toMatchObject({ slotGapBefore: 5, slotGapAfter: 0 });
    // Without the starting point the same request proposes 北村路 first.
    const fresh = await suggest({ year: 2025, k: 1, slotsPerSite: 15, candidates: threeCandidates }).expect(200);
    expect(fresh.body.sites[0].candidateIndex).toBe(1);
  });

  it('refuses a starting point the data cannot take, naming the field, in the reader’s language', async () => {
    const body = { year: 2025, k: 1, slotsPerSite: 15, candidates: threeCandidates, startFrom: { remove: ['nope'] } };
    const zh = await suggest(body).expect(422);
    expect(zh.body.error.issues).toEqual([{ path: 'body.startFrom.remove.0', message: '没有编号为“nope”的托育机构' }]);
    const en = await suggest(body).set('Accept-Language', 'en').expect(422);
    expect(en.body.error.issues).toEqual([{ path: 'body.startFrom.remove.0', message: 'No facility with id "nope"' }]);
    const tooMany = await suggest({
      ...body,
      startFrom: { sites: [{ lon: at(2, 6)[0], lat: at(2, 6)[1], slots: 5, inclusiveSlots: 6 }] },
    }).expect(400);
    expect(tooMany.body.error.issues[0].path).toBe('body.startFrom.sites.0.inclusiveSlots');
  });

  it('returns k sites with non-increasing marginal gains from generated candidates, reaching the same optimum', async () => {
    const res = await suggest({ k: 2, totalSlots: 25, candidates: { spacingM: 50 } }).expect(200);
    expect(res.body.candidateSource).toBe('generated');
    expect(res.body.spacingM).toBe(50);
    expect(res.body.candidateCount).toBeGreaterThan(10);
    expect(res.body.sites).toHaveLength(2);
    const gains = res.body.sites.map((s: any) => s.marginalGain);
    expect(nonIncreasing(gains)).toBe(true);
    expect(gains).toEqual([330, 150]);
    expect(res.body.objective).toBe(480);
    // A budget of 25 split over 2 sites: 13 + 12.
    expect(res.body.sites.map((s: any) => s.slots)).toEqual([13, 12]);
  });

  /* Every uncovered resident is in T3, so each weighs f = (20 ÷ 3,480) ÷ (20 ÷ 13,180) = 3.7874. */
  it('weights by unmet demand: gains scale by T3’s gap per resident relative to the district', async () => {
    const res = await suggest({ k: 2, slotsPerSite: 15, candidates: threeCandidates, weightByUnmetDemand: true }).expect(200);
    expect(res.body.weightingUsed).toBe('unmetDemand');
    const f = 13180 / 3480;
    expect(res.body.sites[0].marginalGain).toBeCloseTo(330 * f, 6);
    expect(res.body.sites[1].marginalGain).toBeCloseTo(150 * f, 6);
    expect(res.body.objective).toBeCloseTo(480 * f, 6);
    expect(res.body.newlyCoveredPopulation).toBe(480);
  });

  /*
   * 98 % of 13,180 = 12,916.4 needs 336.4 more: 330 is not enough, so two sites. 99.9 % (13,166.8)
   * needs 586.8 > 480: not reachable.
   */
  it('minimum sites: the fewest sites to a coverage share, or says it cannot be reached', async () => {
    const res = await suggest({ mode: 'minimum_sites', targetCoverage: 0.98, slotsPerSite: 5, candidates: threeCandidates }).expect(200);
    expect(res.body).toMatchObject({ mode: 'minimum_sites', reached: true, targetCoverage: 0.98, weighting: null });
    expect(res.body.sites.map((s: any) => s.candidateIndex).sort()).toEqual([1, 2]);
    // T3 still needs 20 − 2 × 5 = 10 slots.
    expect(res.body.townships.find((t: any) => t.code === 'T3').slotGapAfter).toBe(10);
    const one = await suggest({ mode: 'minimum_sites', targetCoverage: 0.96, slotsPerSite: 5, candidates: threeCandidates }).expect(200);
    // 96 % needs 72.8 more: either site alone reaches it (an exact tie; the solver may take either).
    expect(one.body.sites).toHaveLength(1);
    expect(one.body.optimal).toBe(true);
    const unreachable = await suggest({
      mode: 'minimum_sites',
      targetCoverage: 0.999,
      slotsPerSite: 5,
      candidates: threeCandidates,
    }).expect(200);
    expect(unreachable.body.reached).toBe(false);
  });

  it('accepts a planner’s list of 6,000 candidates, more positions than other public bodies may carry', async () => {
    // A 100 × 60 lattice over the town, every 0.05 block; the public GeoJSON limit (5,000 positions) does not apply here.
    const lattice = Array.from({ length: 6000 }, (_, i) => at((i % 100) * 0.05, Math.floor(i / 100) * 0.1));
    const res = await suggest({ year: 2025, k: 1, slotsPerSite: 10, candidates: lattice }).expect(200);
    expect(res.body.candidateCount).toBe(6000);
    expect(res.body.sites).toHaveLength(1);
  });

  it('rejects bad requests naming the field', async () => {
    const pathsOf = async (body: object) => (await suggest(body).expect(400)).body.error.issues.map((i: any) => i.path);
    expect(await pathsOf({ k: 51, slotsPerSite: 10 })).toContain('body.k');
    expect(await pathsOf({ k: 2, slotsPerSite: 10, totalSlots: 20 })).toContain('body.slotsPerSite');
    expect(await pathsOf({ k: 2 })).toContain('body.slotsPerSite');
    expect(await pathsOf({ slotsPerSite: 10 })).toContain('body.k');
    expect(await pathsOf({ mode: 'minimum_sites', slotsPerSite: 10 })).toContain('body.targetCoverage');
    expect(await pathsOf({ k: 2, slotsPerSite: 10, minutes: 7 })).toEqual(['body.minutes']);
    expect((await pathsOf({ k: 2, slotsPerSite: 10, candidates: { spacingM: 10 } }))[0]).toMatch(/^body\.candidates/);
    expect((await pathsOf({ k: 2, slotsPerSite: 10, candidates: [[200, 28]] }))[0]).toMatch(/^body\.candidates/);
  });

  const evaluate = (sites: object[]) =>
    request(town.app).post('/api/jurisdictions/tiny-town/proposals/evaluate').send({ year: 2025, sites }).expect(200);

  it('maximal covering is proven optimal, and the evaluation of its proposal gives its objective', async () => {
    const res = await suggest({ year: 2025, k: 2, slotsPerSite: 15, candidates: { spacingM: 100 } }).expect(200);
    expect(res.body).toMatchObject({ method: 'mip', optimal: true, gap: 0, note: null, objective: 480, objectiveUnit: 'residents' });
    expect(res.body.bound).toBe(480);
    expect(res.body.reduced.candidates).toBeLessThan(res.body.candidateCount);
    // Tiny town gives no under-3 figure and its profile no census share: demand is residents, and both say so.
    expect(res.body.demand).toMatchObject({ method: 'residents', under3Share: null, source: null });
    expect(res.body.demand.note).toMatch(/demand is residents/);
    expect(res.body.demand.noteZh).toMatch(/需求按常住人口计/);
    const evaluation = (await evaluate(res.body.proposal.sites)).body;
    expect(evaluation.newlyCoveredDemand['15']).toBe(res.body.objective);
    expect(evaluation.newlyCoveredPopulation['15']).toBe(res.body.objective);
    expect(evaluation.demand.method).toBe('residents');
    const heuristic = await suggest({ year: 2025, k: 2, slotsPerSite: 15, candidates: threeCandidates, exact: false }).expect(200);
    expect(heuristic.body).toMatchObject({ method: 'heuristic', optimal: false, bound: null });
    expect(heuristic.body.noteZh).toMatch(/启发式/);
  });

  it('keeps fixed sites outside k and counts what they cover', async () => {
    const [lon, lat] = threeCandidates[2]!;
    const res = await suggest({ k: 1, slotsPerSite: 15, candidates: threeCandidates, fixed: [[lon, lat, 8]] }).expect(200);
    expect(res.body.sites.map((s: any) => [s.candidateIndex, s.fixed, s.slots])).toEqual([
      [1, false, 15],
      [3, true, 8],
    ]);
    expect(res.body.objective).toBe(480);
    expect((await evaluate(res.body.proposal.sites)).body.newlyCoveredPopulation['15']).toBe(480);
  });

  it('target_gap closes T3’s gap of 20 with one 20-slot site, and the evaluation agrees', async () => {
    const res = await suggest({ mode: 'target_gap', k: 1, slotsPerSite: 20, candidates: threeCandidates }).expect(200);
    expect(res.body).toMatchObject({ mode: 'target_gap', optimal: true, objective: 0, objectiveBefore: 20, objectiveUnit: 'slots' });
    // Of the sites in T3 the tie-break takes the one covering most (北村路).
    expect(res.body.sites.map((s: any) => s.candidateIndex)).toEqual([1]);
    const after = (await evaluate(res.body.proposal.sites)).body.townships.reduce((sum: number, t: any) => sum + (t.after.slotGap ?? 0), 0);
    expect(after).toBe(res.body.objective);
  });

  it('p_median lowers the person-metres, consistently with the evaluation’s changed units', async () => {
    const res = await suggest({ mode: 'p_median', k: 1, slotsPerSite: 10, candidates: threeCandidates }).expect(200);
    expect(res.body).toMatchObject({ mode: 'p_median', optimal: true, objectiveUnit: 'person_m' });
    expect(res.body.objective).toBeLessThan(res.body.objectiveBefore);
    const cutoff = res.body.baseline.thresholdM;
    const changed = (await evaluate(res.body.proposal.sites)).body.changedUnits as any[];
    const saving = changed.reduce(
      (sum, u) => sum + u.population * (Math.min(u.beforeDistanceM ?? Infinity, cutoff) - Math.min(u.afterDistanceM ?? Infinity, cutoff)),
      0,
    );
    expect(res.body.objectiveBefore - saving).toBeCloseTo(res.body.objective, 3);
  });

  it('capacitated_covering returns the allocation within each site’s slots', async () => {
    const res = await suggest({ mode: 'capacitated_covering', k: 2, slotsPerSite: 1, candidates: threeCandidates }).expect(200);
    // One slot serves one child under 3; tiny town's demand is residents (no under-3 figure, no census share).
    expect(res.body).toMatchObject({
      mode: 'capacitated_covering',
      optimal: true,
      objectiveUnit: 'residents',
      demand: { method: 'residents' },
    });
    expect(res.body.objective).toBeGreaterThan(res.body.objectiveBefore);
    for (const a of res.body.allocation) {
      expect(a.served).toBeLessThanOrEqual(1 + 1e-9);
      expect(a.units.length).toBeGreaterThan(0);
    }
    const total = res.body.allocation.reduce((sum: number, a: any) => sum + a.served, 0) + res.body.servedByExisting;
    expect(total).toBeCloseTo(res.body.objective, 6);
  });

  it('rejects fields of another mode, naming them', async () => {
    const pathsOf = async (body: object) => (await suggest(body).expect(400)).body.error.issues.map((i: any) => i.path);
    expect(await pathsOf({ mode: 'p_median', k: 1, totalSlots: 10 })).toEqual(
      expect.arrayContaining(['body.totalSlots', 'body.slotsPerSite']),
    );
    expect(await pathsOf({ k: 1, slotsPerSite: 10, cutoffMinutes: 10 })).toContain('body.cutoffMinutes');
    expect(await pathsOf({ mode: 'target_gap', slotsPerSite: 10 })).toContain('body.k');
    expect(await pathsOf({ k: 1, slotsPerSite: 10, timeLimitSeconds: 100 })).toContain('body.timeLimitSeconds');
  });
});
