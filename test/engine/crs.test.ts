import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { fromWgs84, isOutsideChina, toWgs84 } from '../../server/engine/geo/index.js';
import { geodesicDistanceM } from '../../server/engine/network/index.js';
import type { LonLat } from '../../server/model/index.js';

/** Wenzhou, Ouhai district (WGS84). */
const wenzhou: LonLat = [120.65, 28.0];
const samples: LonLat[] = [wenzhou, [116.397, 39.909], [121.47, 31.23], [113.26, 23.13], [87.6, 43.8], [126.6, 45.75]];

describe('crs', () => {
  it('matches gcoord (an independent implementation) on the forward transforms', () => {
    for (const p of samples) {
      const gcj = fromWgs84(p, 'GCJ-02');
      const bd = fromWgs84(p, 'BD-09');
      const gcjOracle = gcoord.transform<LonLat>(p, gcoord.WGS84, gcoord.GCJ02);
      const bdOracle = gcoord.transform<LonLat>(p, gcoord.WGS84, gcoord.BD09);
      expect(gcj[0]).toBeCloseTo(gcjOracle[0], 9);
      expect(gcj[1]).toBeCloseTo(gcjOracle[1], 9);
      expect(bd[0]).toBeCloseTo(bdOracle[0], 9);
      expect(bd[1]).toBeCloseTo(bdOracle[1], 9);
    }
  });

  it('shifts Wenzhou by about half a kilometre in GCJ-02 and about 1 km in BD-09', () => {
    const gcj = fromWgs84(wenzhou, 'GCJ-02');
    // GCJ-02 moves the point east and south: 120.653964, 27.996627.
    expect(gcj[0]).toBeCloseTo(120.653964, 6);
    expect(gcj[1]).toBeCloseTo(27.996627, 6);
    const shiftM = geodesicDistanceM(wenzhou, gcj);
    expect(shiftM).toBeGreaterThan(500);
    expect(shiftM).toBeLessThan(580);
    const bdShiftM = geodesicDistanceM(wenzhou, fromWgs84(wenzhou, 'BD-09'));
    expect(bdShiftM).toBeGreaterThan(1000);
    expect(bdShiftM).toBeLessThan(1150);
  });

  it('inverts exactly: round trips come back within a millimetre', () => {
    for (const p of samples) {
      for (const crs of ['GCJ-02', 'BD-09'] as const) {
        const back = toWgs84(fromWgs84(p, crs), crs);
        expect(geodesicDistanceM(p, back)).toBeLessThan(0.001);
      }
    }
  });

  it('converges to within 0.01 mm (a one-step inverse is off by about 1.6 mm near Wenzhou)', () => {
    const gcj = fromWgs84(wenzhou, 'GCJ-02');
    expect(geodesicDistanceM(wenzhou, toWgs84(gcj, 'GCJ-02'))).toBeLessThan(1e-5);
  });

  it('leaves WGS84 unchanged, and GCJ-02 outside China equals WGS84', () => {
    const monaco: LonLat = [7.42, 43.73];
    expect(isOutsideChina(monaco)).toBe(true);
    expect(isOutsideChina(wenzhou)).toBe(false);
    expect(fromWgs84(monaco, 'GCJ-02')).toEqual(monaco);
    expect(toWgs84(monaco, 'GCJ-02')).toEqual(monaco);
    expect(toWgs84(wenzhou, 'WGS84')).toEqual(wenzhou);
    // BD-09 applies its own rotation everywhere, so it still shifts outside China.
    expect(geodesicDistanceM(monaco, toWgs84(monaco, 'BD-09'))).toBeGreaterThan(500);
  });

  it('does not mutate its input', () => {
    const p: LonLat = [120.65, 28.0];
    toWgs84(p, 'GCJ-02');
    fromWgs84(p, 'BD-09');
    expect(p).toEqual([120.65, 28.0]);
  });
});
