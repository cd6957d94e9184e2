/**
 * A plan as a trajectory: a scenario evaluated year by year. Each change carries the year it takes effect
 * (the caller gives the proposal acting in each year); every year uses that year's population
 * (population-by-year.ts) and the facilities operating that year (opening and closing years of the data
 * plus the changes acting by then). Per year and township: slots per 1,000 against the year's target, the
 * exact gap, inclusive share and walking coverage; the district totals; and the first year each township
 * meets its target.
 *
 * Cost: coverage depends only on where the operating facilities (and project residents) are, not on the
 * population figures, so one multi-source walking search is run per distinct set of positions and reused
 * by every year with the same set (six years of a plan usually need two or three searches).
 */
import { thresholdMeters } from '../coverage/index.js';
import {
  computeIndicators,
  isOperatingIn,
  townshipFiguresOfYear,
  type DistrictIndicators,
  type TownshipIndicators,
} from '../figures/index.js';
import { createTownshipLocator } from '../geo/index.js';
import { distancesToSnappedTargets, snapPopulationUnits, snapTargets, type SnappedTargets, type WalkNetwork } from '../network/index.js';
import { bilingual, type Bilingual, type JurisdictionData, type LonLat } from '../../model/index.js';
import { applyProposal, type Proposal, type ProposalContext } from './proposal.js';

export interface TrajectoryOptions {
  /** The years to evaluate, ascending (e.g. every target year of the profile). */
  years: readonly number[];
  /** The jurisdiction's data as seen in a year (its population; see populationOfYear). */
  dataOf: (year: number) => JurisdictionData;
  /** The scenario's changes acting in `year` (those whose year is ≤ it). */
  proposalOf: (year: number) => Proposal;
}

export type TrajectoryTownship = Omit<TownshipIndicators, 'targetComparison'> & {
  /** Covered ÷ population of the township's units (with project residents), per threshold key ("15"). */
  coverage: Record<string, number>;
};

export interface TrajectoryYear {
  year: number;
  townships: TrajectoryTownship[];
  district: Omit<DistrictIndicators, 'targetComparison'> & { coverage: Record<string, number> };
  /** Where the year's population comes from. */
  population: {
    /** True when the year lies after the last year of population data: figures carried forward. */
    projected: boolean;
    /** The last year of the townshipPopulation table; null without one (the township layer's figures). */
    lastDataYear: number | null;
    note: Bilingual;
  };
}

export interface TrajectoryResult {
  years: TrajectoryYear[];
  /** Per township: the first evaluated year it meets its slots-per-1,000 target, null when none does. */
  firstYearMeetingTarget: { code: string; name: string; year: number | null }[];
  /** The same for the district totals. */
  districtFirstYearMeetingTarget: number | null;
  thresholdsMin: number[];
  /** True when distances are straight line × detourFactor (no roads). */
  approximate: boolean;
  /** Walking searches run (one per distinct set of facility and project positions). */
  searches: number;
}

/** Evaluates the scenario in every year of `options.years`. Throws ProposalError like evaluateProposal. */
export function evaluateTrajectory(network: WalkNetwork, options: TrajectoryOptions): TrajectoryResult {
  const { walkSpeedKmh, thresholdsMin } = network.parameters;
  const keys = thresholdsMin.map(String);
  const thresholdsM = thresholdsMin.map((t) => thresholdMeters(walkSpeedKmh, t));
  const largestM = thresholdsM.length > 0 ? Math.max(...thresholdsM) : 0;
  const first = options.dataOf(options.years[0] ?? 0);
  // Townships, their polygons and the facility list are the same every year; only figures change.
  const townshipLocator = createTownshipLocator(first.townships);
  const townshipIndexByCode = new Map(first.townships.map((t, i) => [t.code, i]));
  const facilityIndexById = new Map(first.facilities.map((f, i) => [f.id, i]));
  const units = snapPopulationUnits(network, first.populationUnits);
  const searches = new Map<string, { distanceM: Float64Array; approximate: boolean }>();
  let approximate = network.approximate;

  const years = options.years.map((year): TrajectoryYear => {
    const data = options.dataOf(year);
    const context: ProposalContext = {
      data,
      year,
      network,
      facilityIndexById,
      operatingIndexById: new Map(data.facilities.filter((f) => isOperatingIn(f, year)).map((f, i) => [f.id, i])),
      townshipLocator,
      townshipIndexByCode,
    };
    const applied = applyProposal(context, options.proposalOf(year));
    const indicators = computeIndicators({ townships: applied.townships, facilities: applied.facilities, profile: data.profile }, year);

    // Walking distances of the units (then of project residents) to the nearest facility operating this year.
    const sources: LonLat[] = applied.facilities.filter((f) => isOperatingIn(f, year)).map((f) => [f.lon, f.lat]);
    const projectPoints: LonLat[] = applied.projects.map((p) => [p.project.lon, p.project.lat]);
    const key = `${sources.map((p) => `${p[0]},${p[1]}`).join(';')}|${projectPoints.map((p) => `${p[0]},${p[1]}`).join(';')}`;
    let walk = searches.get(key);
    if (!walk) {
      const targets = projectPoints.length === 0 ? units : concatTargets(units, snapTargets(network, projectPoints));
      const found = distancesToSnappedTargets(network, sources, targets, largestM);
      walk = { distanceM: found.distanceM, approximate: found.approximate };
      searches.set(key, walk);
    }
    approximate ||= walk.approximate;

    const rows = data.townships.length + 1;
    const population = new Float64Array(rows);
    const covered = new Float64Array(rows * thresholdsM.length);
    const add = (row: number, residents: number, distanceM: number): void => {
      for (const r of row >= 0 ? [row, rows - 1] : [rows - 1]) {
        population[r]! += residents;
        for (let t = 0; t < thresholdsM.length; t++) if (distanceM <= thresholdsM[t]!) covered[r * thresholdsM.length + t]! += residents;
      }
    };
    data.populationUnits.forEach((unit, i) => {
      const row = unit.township === null ? -1 : (townshipIndexByCode.get(unit.township) ?? -1);
      add(row, unit.population, walk.distanceM[i]!);
    });
    applied.projects.forEach((p, k) => {
      const row = p.township === null ? -1 : (townshipIndexByCode.get(p.township) ?? -1);
      add(row, p.project.population, walk.distanceM[data.populationUnits.length + k]!);
    });
    const coverageOf = (row: number): Record<string, number> =>
      Object.fromEntries(keys.map((k, t) => [k, population[row]! > 0 ? covered[row * thresholdsM.length + t]! / population[row]! : 0]));

    const info = townshipFiguresOfYear(data, year);
    return {
      year,
      townships: indicators.townships.map(({ targetComparison: _comparison, ...t }, i) => ({ ...t, coverage: coverageOf(i) })),
      district: (({ targetComparison: _comparison, ...d }) => ({ ...d, coverage: coverageOf(rows - 1) }))(indicators.district),
      population: {
        projected: info.projected,
        lastDataYear: info.lastDataYear,
        note: populationNote(year, info.projected, info.lastDataYear, first.year),
      },
    };
  });

  const firstYearMeetingTarget = first.townships.map((t, i) => ({
    code: t.code,
    name: t.name,
    year: years.find((y) => y.townships[i]!.meetsTarget === true)?.year ?? null,
  }));
  return {
    years,
    firstYearMeetingTarget,
    districtFirstYearMeetingTarget: years.find((y) => y.district.meetsTarget === true)?.year ?? null,
    thresholdsMin: [...thresholdsMin],
    approximate,
    searches: searches.size,
  };
}

/** Says which figures of the year are data and which are carried forward, and from what. */
function populationNote(year: number, projected: boolean, lastDataYear: number | null, packageYear: number): Bilingual {
  if (!projected) {
    return lastDataYear === null
      ? bilingual(`${year} 年人口为乡镇图层的常住人口。`, `${year}: population is the township layer's residents.`)
      : bilingual(
          `${year} 年人口取自分年度人口表（该年或此前最近一年）。`,
          `${year}: population from the township-by-year table (that year, or the latest earlier one).`,
        );
  }
  const from = lastDataYear ?? packageYear;
  const what =
    lastDataYear === null
      ? bilingual(`乡镇图层 ${packageYear} 年的常住人口`, `the township layer's residents of ${packageYear}`)
      : bilingual(`分年度人口表 ${lastDataYear} 年的数据`, `the township-by-year table's figures of ${lastDataYear}`);
  return bilingual(
    `${year} 年为推算：人口沿用${what.zh}（${from} 年之后无人口数据），托位为方案中截至该年生效的变更。`,
    `${year} is projected: population carries forward ${what.en} (no population data after ${from}); slots are the scenario's changes acting by that year.`,
  );
}

/** Two snapped target lists as one (the units, then extra points such as project residents). */
function concatTargets(a: SnappedTargets, b: SnappedTargets): SnappedTargets {
  const join = <T extends Float64Array | Int32Array>(x: T, y: T, make: (n: number) => T): T => {
    const out = make(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  const f64 = (n: number) => new Float64Array(n);
  return {
    count: a.count + b.count,
    lon: join(a.lon, b.lon, f64),
    lat: join(a.lat, b.lat, f64),
    segment: join(a.segment, b.segment, (n) => new Int32Array(n)),
    fraction: join(a.fraction, b.fraction, f64),
    legM: join(a.legM, b.legM, f64),
  };
}
