/**
 * Benchmark (not a test) of E2SFCA accessibility on the synthetic benchmark city (1,000,000 directed edges,
 * 500,000 population units, 2,000 facilities), issue #16's target: under 0.5 s. The reference is the code
 * before issue #16 (reference/accessibility-before.ts), timed in the same run in alternating rounds, so the
 * machine's load weighs on both; the run also checks that both give the same figures (to 1e-12 relative:
 * the new code sums a catchment in walk order).
 *
 *   npx tsx test/bench/accessibility.bench.ts            the benchmark city, 5 rounds
 *   npx tsx test/bench/accessibility.bench.ts --small    a city a sixteenth the size, 2 rounds (a quick check)
 */
import { performance } from 'node:perf_hooks';
import { computeAccessibility } from '../../server/engine/whatif/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { BENCHMARK_CITY, syntheticCity } from '../fixtures/synthetic-city.js';
import { computeAccessibilityBefore } from './reference/accessibility-before.js';

const small = process.argv.includes('--small');
const options = small ? { ...BENCHMARK_CITY, gridSide: 125, populationUnits: 31_250, facilities: 125, diagonals: 60 } : BENCHMARK_CITY;
const rounds = small ? 2 : 5;
const TARGET_MS = 500;

const { data } = syntheticCity(options);
const network = prepareWalkNetwork(data.roads, data.profile.parameters, data.populationUnits);
console.log(
  `E2SFCA: ${2 * network.graph!.segmentCount} directed edges, ${data.populationUnits.length} units, ${data.facilities.length} facilities`,
);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const nowMs: number[] = [];
const beforeMs: number[] = [];
let now = computeAccessibility(data, network, data.year);
let before = computeAccessibilityBefore(data, network, data.year);
for (let round = 0; round < rounds; round++) {
  let start = performance.now();
  before = computeAccessibilityBefore(data, network, data.year);
  beforeMs.push(performance.now() - start);
  start = performance.now();
  now = computeAccessibility(data, network, data.year);
  nowMs.push(performance.now() - start);
}

// The new code sums each catchment in walk order rather than unit order: figures may differ in the last
// bits. Counted as different: a relative difference above 1e-12.
const TOLERANCE = 1e-12;
let differences = 0;
let largest = 0;
const compare = (a: number | null, b: number | null): void => {
  if (a === null || b === null) {
    if (a !== b) differences++;
    return;
  }
  const relative = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
  largest = Math.max(largest, a === b ? 0 : relative);
  if (relative > TOLERANCE) differences++;
};
now.units.forEach((u, i) => {
  compare(u.slotsPer1000, before.units[i]!.slotsPer1000);
  compare(u.inclusiveSlotsPer1000, before.units[i]!.inclusiveSlotsPer1000);
});
now.facilities.forEach((f, j) => compare(f.weightedDemand, before.facilities[j]!.weightedDemand));
compare(now.district.slotsPer1000, before.district.slotsPer1000);

const nowMedian = median(nowMs);
const beforeMedian = median(beforeMs);
console.log(`  before issue #16 (same run): median ${beforeMedian.toFixed(0)} ms  [${beforeMs.map((t) => t.toFixed(0)).join(', ')}]`);
console.log(`  now:                         median ${nowMedian.toFixed(0)} ms  [${nowMs.map((t) => t.toFixed(0)).join(', ')}]`);
console.log(
  `  ratio now ÷ before ${(nowMedian / beforeMedian).toFixed(2)}; now ÷ target ${TARGET_MS} ms ${(nowMedian / TARGET_MS).toFixed(2)}`,
);
console.log(
  `  figures differing from the reference by more than ${TOLERANCE} relative: ${differences} (of ${now.units.length} units, ${now.facilities.length} facilities); largest relative difference ${largest.toExponential(1)}`,
);
if (differences > 0) process.exitCode = 1;
