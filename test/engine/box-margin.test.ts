/**
 * The margin around townships within which roads are kept (engine/network/box-margin.ts): every point
 * within the margin of the box, measured geodesically, lies in the widened box, and the box is not
 * widened much more than that.
 */
import { describe, expect, it } from 'vitest';
import { boxesMeet, geodesicDistanceCoordsM, roadsMarginM, widenBoxByMetres, type LonLatBox } from '../../server/engine/network/index.js';

describe('widenBoxByMetres', () => {
  it.each([
    ['Wenzhou', [120.6, 27.9, 120.8, 28.1]],
    ['near the equator', [10, -0.1, 10.2, 0.1]],
    ['Harbin', [126.5, 45.6, 126.8, 45.9]],
  ] as [string, LonLatBox][])('keeps every point within the margin of a box at %s, and little beyond', (_, box) => {
    const margin = 1500;
    const widened = widenBoxByMetres(box, margin);
    const [west, south, east, north] = widened;
    // The widened edges lie at least `margin` from the box, measured on the ellipsoid…
    expect(geodesicDistanceCoordsM(box[2], box[3], east, box[3])).toBeGreaterThanOrEqual(margin);
    expect(geodesicDistanceCoordsM(box[0], box[1], west, box[1])).toBeGreaterThanOrEqual(margin);
    expect(geodesicDistanceCoordsM(box[0], box[3], box[0], north)).toBeGreaterThanOrEqual(margin);
    expect(geodesicDistanceCoordsM(box[0], box[1], box[0], south)).toBeGreaterThanOrEqual(margin);
    // …and at most 2 % farther.
    expect(geodesicDistanceCoordsM(box[2], box[1], east, box[1])).toBeLessThanOrEqual(margin * 1.02);
    expect(geodesicDistanceCoordsM(box[0], box[3], box[0], north)).toBeLessThanOrEqual(margin * 1.02);
  });

  it('spans every longitude near a pole, and refuses a negative margin', () => {
    expect(widenBoxByMetres([10, 89.95, 11, 89.99], 2000)).toEqual([-180, expect.any(Number), 180, 90]);
    expect(() => widenBoxByMetres([0, 0, 1, 1], -1)).toThrow(/marginM/);
  });

  it('tells boxes that meet, touching edges included', () => {
    expect(boxesMeet([0, 0, 1, 1], [1, 1, 2, 2])).toBe(true);
    expect(boxesMeet([0, 0, 1, 1], [1.0001, 0, 2, 1])).toBe(false);
  });
});

describe('roadsMarginM', () => {
  it('is the largest threshold walked plus maxSnapMeters', () => {
    expect(roadsMarginM({ walkSpeedKmh: 4, thresholdsMin: [5, 10, 15], maxSnapMeters: 500 })).toBe(1500);
    expect(roadsMarginM({ walkSpeedKmh: 4.5, thresholdsMin: [20, 5], maxSnapMeters: 300 })).toBe(1800);
  });
});
