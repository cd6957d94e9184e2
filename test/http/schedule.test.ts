/**
 * The least-cost schedule over HTTP on tiny-town, against both databases. In 2025 (target 5.5 per
 * 1,000) only T3 has a gap: ⌈5.5 × 3,480 ÷ 1000⌉ − 0 = 20 slots. With sites of 8 … 12 slots three
 * are too many and one too few: two sites of 12 + 8 = 20 slots cost 2 × 50 + 20 = 120.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds)('opening schedule on %s', (kind) => {
  const town = useTestApp(kind, [TINY_TOWN_DIR]);
  const schedule = (body: object) => request(town.app).post('/api/jurisdictions/tiny-town/plans/schedule').send(body);

  it('opens the least-cost sites in 2025 to close T3’s gap, proven optimal, and the evaluation agrees', async () => {
    const res = await schedule({
      candidates: { spacingM: 100 },
      costPerSite: 50,
      costPerSlot: 1,
      minSlotsPerSite: 8,
      maxSlotsPerSite: 12,
    }).expect(200);
    expect(res.body).toMatchObject({ years: [2025], optimal: true, method: 'mip', totalCost: 120, discountedCost: 120, infeasible: [] });
    expect(res.body.openings.map((o: any) => [o.year, o.township])).toEqual([
      [2025, 'T3'],
      [2025, 'T3'],
    ]);
    expect(res.body.openings.reduce((a: number, o: any) => a + o.slots, 0)).toBe(20);
    expect(res.body.perYear[0].townships.map((t: any) => [t.code, t.gapBefore, t.gapAfter])).toEqual([
      ['T1', 0, 0],
      ['T2', 0, 0],
      ['T3', 20, 0],
    ]);
    const sites = res.body.openings.map((o: any) => ({ lon: o.lon, lat: o.lat, slots: o.slots }));
    const evaluated = await request(town.app)
      .post('/api/jurisdictions/tiny-town/proposals/evaluate')
      .send({ year: 2025, sites })
      .expect(200);
    expect(evaluated.body.townships.map((t: any) => t.after.slotGap)).toEqual([0, 0, 0]);
  });

  it('lists a township without candidates as infeasible, in both languages', async () => {
    // The only candidate lies outside every township: T3 cannot be served.
    const none = await schedule({ candidates: [[0, 0]], costPerSite: 1, costPerSlot: 1, maxSlotsPerSite: 30 }).expect(200);
    expect(none.body.infeasible).toMatchObject([{ code: 'T3', year: 2025, gap: 20 }]);
    expect(none.body.infeasible[0].reason).toMatch(/no candidate site/);
    expect(none.body.infeasible[0].reasonZh).toMatch(/没有候选点位/);
    expect(none.body.openings).toEqual([]);
  });

  it('rejects bad requests naming the field', async () => {
    const pathsOf = async (body: object) => (await schedule(body).expect(400)).body.error.issues.map((i: any) => i.path);
    expect(await pathsOf({ costPerSite: 1, costPerSlot: 1 })).toContain('body.maxSlotsPerSite');
    expect(await pathsOf({ costPerSite: -1, costPerSlot: 1, maxSlotsPerSite: 5 })).toContain('body.costPerSite');
    expect(await pathsOf({ costPerSite: 1, costPerSlot: 1, minSlotsPerSite: 9, maxSlotsPerSite: 5 })).toContain('body.minSlotsPerSite');
  });
});
