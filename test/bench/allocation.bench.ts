/**
 * Benchmark of the exact location–allocation (issue 16), on the Ouhai demo, year 2025 (not a test):
 *
 * - maximal covering, k = 30 from the candidates generated every 300 m: time to the proven optimum
 *   (HiGHS on the reduced instance) against today's greedy + swaps measured in the same run, and the
 *   heuristic's share of the optimum;
 * - the instance sizes at which `optimal: true` is reached within 10 s (spacing × k grid);
 * - p-median, capacitated covering and target gap on the same spacing × k grid: whether `optimal: true`
 *   is reached within the 10 s limit, and the heuristic's objective against the exact one (p-median and
 *   target gap: their local search / greedy without the solver; capacitated covering has no heuristic of
 *   its own — it needs the solver for its allocation — so only the exact run is shown).
 *
 * Demand is children under 3 (the demo's profile: residents × the county's census share), as the
 * service weighs it.
 *
 *   npx tsx test/bench/allocation.bench.ts            everything
 *   npx tsx test/bench/allocation.bench.ts --quick    the k = 30 figure only
 *   npx tsx test/bench/allocation.bench.ts --modes    the other modes' grid only
 *   npx tsx test/bench/allocation.bench.ts --modes --only=p_median    one mode of it
 */
import { performance } from 'node:perf_hooks';
import { loadMipSolver } from '../../server/engine/allocation/index.js';
import {
  createBaseline,
  generateCandidates,
  suggestCapacitatedCovering,
  suggestPMedian,
  suggestSites,
  suggestTargetGap,
} from '../../server/engine/whatif/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { loadOuhai } from './whatif.bench.js';

function time<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const modesOnly = process.argv.includes('--modes');
  const solver = await loadMipSolver();
  const data = loadOuhai();
  const network = prepareWalkNetwork(data.roads, data.profile.parameters, data.populationUnits);
  const base = createBaseline(data, network, 2025);
  console.log(
    `Ouhai demo, 2025: ${data.populationUnits.length} units, ${network.graph?.segmentCount ?? 0} segments; demand ${base.demand.method}, ${base.demand.total.toFixed(0)} children under 3`,
  );
  if (modesOnly) {
    otherModes(base, solver);
    return;
  }

  const candidates300 = generateCandidates(network, data.townships, 300);
  const heuristic = time(() => suggestSites(base, { candidates: candidates300, sites: 30, slotsPerSite: 50, exact: false }));
  const local = time(() => suggestSites(base, { candidates: candidates300, sites: 30, slotsPerSite: 50 }));
  const exact = time(() => suggestSites(base, { candidates: candidates300, sites: 30, slotsPerSite: 50, solver, timeLimitS: 30 }));
  const e = exact.result;
  console.log(`maximal covering, k = 30, ${candidates300.length} candidates every 300 m`);
  console.log(
    `  reduced to ${e.reduced.candidates} candidates, ${e.reduced.demandGroups} demand groups, ${e.reduced.nonzeros} nonzeros (of ${e.usefulCandidates} useful candidates)`,
  );
  console.log(`  greedy + swaps (today)        ${seconds(heuristic.ms).padStart(9)}   objective ${heuristic.result.objective}`);
  console.log(`  iterated local search         ${seconds(local.ms).padStart(9)}   objective ${local.result.objective}`);
  console.log(
    `  HiGHS exact                   ${seconds(exact.ms).padStart(9)}   objective ${e.objective}   optimal ${e.optimal}   bound ${e.bound}   gap ${e.gap}`,
  );
  console.log(`  time ratio exact ÷ greedy + swaps: ${(exact.ms / heuristic.ms).toFixed(2)}`);
  const reference = e.bound ?? e.objective;
  console.log(
    `  greedy + swaps reaches ${((100 * heuristic.result.objective) / reference).toFixed(3)} % of the ${e.optimal ? 'optimum' : 'bound'}; iterated local search ${((100 * local.result.objective) / reference).toFixed(3)} %`,
  );
  if (quick) return;

  console.log('optimal within 10 s? (maximal covering; spacing × k)');
  for (const spacingM of [500, 300, 200, 150]) {
    const candidates = spacingM === 300 ? candidates300 : generateCandidates(network, data.townships, spacingM);
    for (const k of [10, 30, 50]) {
      const run = time(() => suggestSites(base, { candidates, sites: k, slotsPerSite: 50, solver, timeLimitS: 10 }));
      const r = run.result;
      console.log(
        `  every ${String(spacingM).padStart(3)} m (${String(candidates.length).padStart(5)} candidates → ${String(r.reduced.candidates).padStart(4)} kept, ${String(r.reduced.demandGroups).padStart(5)} groups), k = ${String(k).padStart(2)}: ${seconds(run.ms).padStart(8)}  optimal ${r.optimal}  gap ${r.gap?.toExponential(2) ?? '—'}  method ${r.method}`,
      );
    }
  }

  otherModes(base, solver);
}

/** p-median, capacitated covering and target gap on the spacing × k grid (see the module comment). */
function otherModes(base: ReturnType<typeof createBaseline>, solver: Awaited<ReturnType<typeof loadMipSolver>>): void {
  console.log('other modes: optimal within 10 s? (spacing × k); heuristic = the same mode without the solver');
  for (const spacingM of [500, 300, 200]) {
    const candidates = generateCandidates(base.network, base.data.townships, spacingM);
    for (const k of [10, 30, 50]) {
      const options = { candidates, sites: k, slotsPerSite: 50, solver, timeLimitS: 10 };
      const modes = [
        ['p_median', () => suggestPMedian(base, options), () => suggestPMedian(base, { ...options, solver: null })],
        ['capacitated_covering', () => suggestCapacitatedCovering(base, options), null],
        ['target_gap', () => suggestTargetGap(base, options), () => suggestTargetGap(base, { ...options, solver: null })],
      ] as const;
      const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
      for (const [label, exactRun, heuristicRun] of modes) {
        if (only !== undefined && label !== only) continue;
        let line = `  ${label.padEnd(21)} every ${String(spacingM).padStart(3)} m (${String(candidates.length).padStart(5)} candidates), k = ${String(k).padStart(2)}: `;
        try {
          const t = time(exactRun);
          const r = t.result;
          line += `${seconds(t.ms).padStart(8)}  ${r.method}  optimal ${r.optimal}  gap ${r.gap?.toExponential(2) ?? '—'}  ${r.reduced.candidates} kept, ${r.reduced.demandGroups} groups, ${r.reduced.nonzeros} nonzeros  objective ${r.objective.toFixed(1)} (before ${r.objectiveBefore.toFixed(1)})`;
          if (heuristicRun) {
            const h = time(heuristicRun);
            line += `  | heuristic ${seconds(h.ms)} objective ${h.result.objective.toFixed(1)}`;
          }
        } catch (error) {
          line += `refused: ${(error as Error).message}`;
        }
        console.log(line);
      }
    }
  }
}

await main();
