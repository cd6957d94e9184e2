/** The printed map's scale bar and north arrow (client/print/): round distances, rotation against the bearing. */
import { describe, expect, it } from 'vitest';
import { northArrowRotation } from '../../client/print/north-arrow';
import { pageRule } from '../../client/print/paper';
import { scaleBar } from '../../client/print/scale-bar';

describe('scale bar', () => {
  it('picks the longest 1, 2 or 5 × 10^n metres that fits', () => {
    expect(scaleBar(10, 120)).toEqual({ metres: 1000, px: 100, label: '1 km' });
    expect(scaleBar(1, 120)).toEqual({ metres: 100, px: 100, label: '100 m' });
    expect(scaleBar(3, 120)).toMatchObject({ metres: 200, label: '200 m' });
    expect(scaleBar(50, 120)).toMatchObject({ metres: 5000, px: 100, label: '5 km' });
  });

  it('never draws longer than the room given', () => {
    for (const metresPerPixel of [0.3, 1.7, 9.9, 42, 380]) {
      const bar = scaleBar(metresPerPixel, 120);
      expect(bar.px).toBeLessThanOrEqual(120);
      expect(bar.px).toBeGreaterThan(120 / 5);
    }
  });
});

describe('north arrow', () => {
  it('turns against the bearing: with east at the top, north points left', () => {
    expect(northArrowRotation(0)).toBe(0);
    expect(northArrowRotation(90)).toBe(270);
    expect(northArrowRotation(-30)).toBe(30);
    expect(northArrowRotation(450)).toBe(270);
  });
});

describe('paper', () => {
  it('sets the @page size the user chose', () => {
    expect(pageRule('A3', 'landscape')).toContain('size: A3 landscape');
    expect(pageRule('A4', 'portrait')).toContain('size: A4 portrait');
  });
});
