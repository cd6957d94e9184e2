import { describe, expect, it } from 'vitest';
import { generateCandidates } from '../../server/engine/whatif/index.js';
import type { Township } from '../../server/model/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { at, METRES_PER_DEGREE_LAT, METRES_PER_DEGREE_LON, parameters, road } from '../fixtures/equator.js';

function rectangle(code: string, west: number, south: number, east: number, north: number): Township {
  const ring = [at(west, south), at(east, south), at(east, north), at(west, north), at(west, south)];
  return { code, name: code, population: 0, populationUnder3: null, district: null, geometry: { type: 'Polygon', coordinates: [ring] } };
}

/** Candidate positions back in metres, rounded to the millimetre. */
const metres = (c: { lon: number; lat: number }): [number, number] => [
  Math.round(c.lon * METRES_PER_DEGREE_LON * 1000) / 1000,
  Math.round(c.lat * METRES_PER_DEGREE_LAT * 1000) / 1000,
];

describe('generateCandidates', () => {
  it('a 1,000 m street at 100 m spacing: ten candidates at the middles of the 100 m pieces, each in its township', () => {
    const network = prepareWalkNetwork(
      [
        road([
          [0, 0],
          [1000, 0],
        ]),
      ],
      parameters(),
    );
    const candidates = generateCandidates(network, [rectangle('W', -100, -100, 500, 100), rectangle('E', 500, -100, 1100, 100)], 100);
    expect(candidates.map((c) => metres(c)[0])).toEqual([50, 150, 250, 350, 450, 550, 650, 750, 850, 950]);
    expect(candidates.map((c) => c.township)).toEqual(['W', 'W', 'W', 'W', 'W', 'E', 'E', 'E', 'E', 'E']);
  });

  it('keeps only candidates inside some township', () => {
    const network = prepareWalkNetwork(
      [
        road([
          [0, 0],
          [1000, 0],
        ]),
      ],
      parameters(),
    );
    const candidates = generateCandidates(network, [rectangle('W', -100, -100, 300, 100)], 100);
    expect(candidates.map((c) => metres(c)[0])).toEqual([50, 150, 250]);
  });

  it('two parallel streets 30 m apart share their 100 m cells: one candidate per cell, the one nearer the cell centre (y = 30)', () => {
    const network = prepareWalkNetwork(
      [
        road([
          [0, 0],
          [1000, 0],
        ]),
        road([
          [0, 30],
          [1000, 30],
        ]),
      ],
      parameters(),
    );
    const candidates = generateCandidates(network, [rectangle('T', -100, -100, 1100, 200)], 100);
    expect(candidates.length).toBe(10);
    expect(new Set(candidates.map((c) => metres(c)[1]))).toEqual(new Set([30]));
  });

  it('a short segment still gets one candidate; a long one every spacing', () => {
    const network = prepareWalkNetwork(
      [
        road([
          [0, 0],
          [40, 0],
        ]),
        road([
          [0, 500],
          [450, 500],
        ]),
      ],
      parameters(),
    );
    const candidates = generateCandidates(network, [rectangle('T', -100, -100, 1100, 1100)], 100);
    // 40 m → one at 20; 450 m → ⌈4.5⌉ = 5 pieces of 90 m, middles at 45, 135, 225, 315, 405.
    expect(candidates.map(metres)).toEqual([
      [20, 0],
      [45, 500],
      [135, 500],
      [225, 500],
      [315, 500],
      [405, 500],
    ]);
  });

  it('leaves out foot=no ways, and without roads gives the centres of grid cells inside townships', () => {
    const network = prepareWalkNetwork(
      [
        road(
          [
            [0, 0],
            [1000, 0],
          ],
          'no',
        ),
        road([
          [0, 0],
          [0, 150],
        ]),
      ],
      parameters(),
    );
    expect(generateCandidates(network, [rectangle('T', -100, -100, 1100, 200)], 100).map(metres)).toEqual([
      [0, 37.5],
      [0, 112.5],
    ]);
    const noRoads = generateCandidates(prepareWalkNetwork([], parameters()), [rectangle('T', 0, 0, 300, 200)], 100);
    expect(noRoads.map(metres)).toEqual([
      [50, 50],
      [150, 50],
      [250, 50],
      [50, 150],
      [150, 150],
      [250, 150],
    ]);
  });

  it('rejects a spacing that is not positive', () => {
    expect(() => generateCandidates(prepareWalkNetwork([], parameters()), [], 0)).toThrow(RangeError);
  });
});
