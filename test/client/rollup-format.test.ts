/**
 * The roll-up page's pure formatting (client/rollup/format.ts): a child's slot status in the one wording
 * of targets, the cells in both languages, the table's order (areas not yet computed last either way),
 * and the map's projection and outlines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLocale } from '../../client/i18n/i18n.js';
import { statusText } from '../../client/i18n/targets.js';
import {
  figureCells,
  outlinePath,
  projector,
  ringsPath,
  slotStatus,
  sortChildren,
  unionBox,
  type RollupChild,
} from '../../client/rollup/format.js';

beforeAll(() => {
  (globalThis as { document?: unknown }).document = { documentElement: {} };
});
afterAll(() => {
  setLocale('zh');
  delete (globalThis as { document?: unknown }).document;
});

type Figures = RollupChild['figures'];
const figures = (changes: Partial<Figures>): Figures => ({
  counties: 1,
  population: 120_000,
  slots: 540,
  inclusiveSlots: 300,
  facilityCount: 12,
  slotsPer1000: 4.5,
  slotGap: 120,
  countiesWithoutTarget: 0,
  inclusiveShare: 0.5556,
  townshipCount: 10,
  townshipsWithOperatingFacility: 8,
  townshipInstitutionCoverage: 0.8,
  coverage: { '5': 0.2, '10': 0.4, '15': 0.6123 },
  coveredPopulation: { '5': 24_000, '10': 48_000, '15': 73_476 },
  ...changes,
});
const child = (id: string, name: string, changes: Partial<Figures>): RollupChild => ({
  id,
  name,
  level: 'county',
  complete: true,
  bbox: [0, 0, 1, 1],
  figures: figures(changes),
});

describe('slotStatus', () => {
  it('judges an area by its counties’ gaps, each against its own target', () => {
    expect(slotStatus(figures({}))).toBe('not_met');
    expect(slotStatus(figures({ slotGap: 0 }))).toBe('met');
    expect(slotStatus(figures({ counties: 2, countiesWithoutTarget: 1, slotGap: 0 }))).toBe('met');
    expect(slotStatus(figures({ countiesWithoutTarget: 1, slotGap: 0 }))).toBe('no_target');
    expect(slotStatus(figures({ counties: 0, slotsPer1000: null, population: 0 }))).toBe('no_data');
  });
});

describe('figureCells', () => {
  it('writes the figures in Chinese and in English', () => {
    setLocale('zh');
    expect(figureCells(figures({}))).toEqual({
      population: '120,000',
      slots: '540',
      slotsPer1000: '4.50 个/千人',
      slotGap: '120 个',
      inclusiveShare: '55.6%',
      townshipCoverage: '80.0%',
      coverage15: '61.2%',
    });
    expect(figureCells(figures({ slotGap: 0 })).slotGap).toBe('无缺口');
    expect(figureCells(figures({ counties: 0, slotsPer1000: null, inclusiveShare: null })).population).toBe('尚未计算');
    expect(statusText(slotStatus(figures({})))).toBe('未达标');
    setLocale('en');
    expect(figureCells(figures({}))).toMatchObject({ slotsPer1000: '4.50 per 1,000 residents', slotGap: '120 slots', coverage15: '61.2%' });
    expect(figureCells(figures({ slotGap: 0 })).slotGap).toBe('No gap');
    expect(statusText(slotStatus(figures({ slotGap: 0 })))).toBe('Met');
  });
});

describe('sortChildren', () => {
  const a = child('a', '瓯海区', { slotsPer1000: 4.5 });
  const b = child('b', '鹿城区', { slotsPer1000: 6.1, slotGap: 0 });
  const c = child('c', '龙湾区', { counties: 0, slotsPer1000: null });
  it('orders by a figure either way, with areas not yet computed last', () => {
    expect(sortChildren([c, b, a], 'slotsPer1000', true).map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(sortChildren([a, c, b], 'slotsPer1000', false).map((x) => x.id)).toEqual(['b', 'a', 'c']);
    expect(sortChildren([a, b, c], 'status', true).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });
  it('orders names in Chinese collation', () => {
    const names = sortChildren([a, b, c], 'name', true).map((x) => x.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('zh-CN').compare));
    expect(sortChildren([a, b, c], 'name', false).map((x) => x.name)).toEqual([...names].reverse());
  });
});

describe('the map’s projection', () => {
  it('fits the union of the children’s boxes, north up, keeping the aspect', () => {
    const box = unionBox([[120, 28, 120.5, 28.2], null, [120.4, 27.9, 121, 28.1]])!;
    expect(box).toEqual([120, 27.9, 121, 28.2]);
    const project = projector(box, 400, 300, 10);
    const [x0, y0] = project(120, 28.2);
    const [x1, y1] = project(121, 27.9);
    // The wider extent fills the width (minus padding); north is at the top.
    expect(x0).toBeCloseTo(10, 6);
    expect(x1).toBeCloseTo(390, 6);
    expect(y0).toBeLessThan(y1);
    // Longitude is shrunk by cos(mid-latitude): 1° of longitude spans the 380 px, so 0.3° of latitude 0.3 ÷ cos 28.05° × 380 px.
    expect(y1 - y0).toBeCloseTo((0.3 / Math.cos((28.05 * Math.PI) / 180)) * 380, 4);
    expect(
      ringsPath(
        [
          [
            [120, 28.2],
            [121, 28.2],
            [121, 27.9],
            [120, 28.2],
          ],
        ],
        project,
      ),
    ).toMatch(/^M10\.0 \d+\.\dL390\.0 [\d.]+L390\.0 [\d.]+L10\.0 [\d.]+Z$/);
    expect(unionBox([null])).toBeNull();
  });
});

describe('the map’s outlines', () => {
  it('draws every ring of every polygon of an outline (a city: its counties’ together) as one path', () => {
    const project = projector([0, 0, 2, 1], 220, 120, 10);
    const county = [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
      // A hole.
      [
        [0.5, 0.2],
        [0.6, 0.3],
        [0.7, 0.2],
        [0.5, 0.2],
      ],
    ] as [number, number][][];
    const other = [
      [
        [1, 0],
        [2, 0],
        [2, 1],
        [1, 0],
      ],
    ] as [number, number][][];
    const city = outlinePath({ type: 'MultiPolygon', coordinates: [county, other] }, project);
    expect(city).toBe(ringsPath(county, project) + ringsPath(other, project));
    expect(city.match(/M/g)).toHaveLength(3);
    expect(city.match(/Z/g)).toHaveLength(3);
    expect(city.startsWith('M10.0 110.0L110.0 110.0L110.0 10.0')).toBe(true);
  });
});
