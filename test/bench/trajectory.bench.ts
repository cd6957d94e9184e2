/**
 * Benchmark (not a test) of a scenario's trajectory over six years (2022–2027) on the Ouhai demo, issue #16's
 * target: under 100 ms. The reference, timed in the same run, is what the trajectory replaces: a what-if
 * baseline (one full coverage run) and a proposal evaluation per year. Both start cold (a fresh network
 * and caches) in each round, as after an import; the code itself is warm (two untimed rounds first, as in
 * a server that has answered a few requests). Wall time and the process's CPU time are reported: on a
 * shared machine the CPU time is the steadier figure.
 *
 *   npx tsx test/bench/trajectory.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { readBuiltInProfiles } from '../../server/db/built-in-profiles.js';
import { populationOfYear } from '../../server/engine/figures/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { createBaseline, evaluateProposal, evaluateTrajectory, type Proposal } from '../../server/engine/whatif/index.js';
import { readPackageFolder, validatePackage } from '../../server/import/index.js';
import type { JurisdictionData } from '../../server/model/index.js';

const TARGET_MS = 100;
const ROUNDS = 15;
const WARM_UP_ROUNDS = 2;
const YEARS = [2022, 2023, 2024, 2025, 2026, 2027];

const validation = validatePackage(
  await readPackageFolder(new URL('../../data/ouhai-demo/', import.meta.url).pathname),
  await readBuiltInProfiles(),
);
if (!validation.ok) throw new Error('the Ouhai demo package does not validate');
const { pkg } = validation;
const data: JurisdictionData = { ...pkg, dataVersion: 1 };

// A plan: three new sites in 2026, two more and a closure in 2027 (at population units, so they serve people).
const unitAt = (i: number) => data.populationUnits[Math.floor((i * data.populationUnits.length) / 7)]!;
const sitesOf = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => ({ lon: unitAt(from + k).lon, lat: unitAt(from + k).lat, slots: 60, inclusiveSlots: 40 }));
const closing = data.facilities.find((f) => f.status === 'operating')!.id;
const proposalOf = (year: number): Proposal => ({
  sites: year >= 2027 ? sitesOf(0, 5) : year >= 2026 ? sitesOf(0, 3) : [],
  remove: year >= 2027 ? [closing] : [],
});

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const trajectoryMs: number[] = [];
const referenceMs: number[] = [];
const trajectoryCpuMs: number[] = [];
const referenceCpuMs: number[] = [];
let searches = 0;
const timed = <T>(run: () => T, wall: number[], cpu: number[], keep: boolean): T => {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpuStart);
  if (keep) {
    wall.push(ms);
    cpu.push((used.user + used.system) / 1000);
  }
  return result;
};
for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
  const keep = round >= WARM_UP_ROUNDS;
  const yearData = new Map<number, JurisdictionData>();
  const dataOf = (year: number) => yearData.get(year) ?? yearData.set(year, populationOfYear(data, year)).get(year)!;
  for (const year of YEARS) dataOf(year);
  const trajectory = () => {
    const network = prepareWalkNetwork(data.roads, data.profile.parameters, data.populationUnits);
    const result = timed(() => evaluateTrajectory(network, { years: YEARS, dataOf, proposalOf }), trajectoryMs, trajectoryCpuMs, keep);
    searches = result.searches;
  };
  const reference = () => {
    const network = prepareWalkNetwork(data.roads, data.profile.parameters, data.populationUnits);
    timed(
      () => {
        for (const year of YEARS) evaluateProposal(createBaseline(dataOf(year), network, year), proposalOf(year));
      },
      referenceMs,
      referenceCpuMs,
      keep,
    );
  };
  // Alternate which goes first, so that neither always follows the other's garbage.
  if (round % 2 === 0) {
    trajectory();
    reference();
  } else {
    reference();
    trajectory();
  }
}

const now = median(trajectoryMs);
const reference = median(referenceMs);
console.log(
  `Trajectory of a scenario over ${YEARS.length} years on the Ouhai demo (${data.populationUnits.length} units, ${data.facilities.length} facilities)`,
);
console.log(
  `  trajectory:                               median ${now.toFixed(1)} ms [${trajectoryMs.map((t) => t.toFixed(1)).join(', ')}], ${searches} walking searches`,
);
console.log(
  `  reference (baseline + evaluate per year):  median ${reference.toFixed(1)} ms [${referenceMs.map((t) => t.toFixed(1)).join(', ')}]`,
);
console.log(
  `  ratio trajectory ÷ reference ${(now / reference).toFixed(2)}; trajectory ÷ target ${TARGET_MS} ms ${(now / TARGET_MS).toFixed(2)}`,
);
const nowCpu = median(trajectoryCpuMs);
const referenceCpu = median(referenceCpuMs);
console.log(
  `  CPU time: trajectory median ${nowCpu.toFixed(1)} ms, reference ${referenceCpu.toFixed(1)} ms, ratio ${(nowCpu / referenceCpu).toFixed(2)}; trajectory ÷ target ${(nowCpu / TARGET_MS).toFixed(2)}`,
);
