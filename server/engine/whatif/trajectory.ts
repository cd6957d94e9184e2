/**
 * A plan as a trajectory: a scenario evaluated year by year. Each change carries the year it takes effect
 * (the caller gives the proposal acting in each year); every year uses that year's population
 * (population-by-year.ts) and the facilities operating that year (opening and closing years of the data
 * plus the changes acting by then). Per year and township: slots per 1,000 against the year's target, the
 * exact gap, inclusive share and walking coverage; the district totals; and the first year each township
 * meets its target.
 *
 * Cost: coverage depends only on where the operating facilities (and project residents) are, not on the
 * population figures. The facilities operating in every year are searched from once (one multi-source
 * walking search); each other facility (opening or closing within the years, or a scenario's site) once
 * more, bounded by the largest threshold; a year's distance is the shorter of the two. What a set of
 * facilities gives is kept as, per unit, the thresholds it lies within (one bit each) and reused by every
 * year with the same set, so a year only reweights those bits by its population.
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
import {
  createReachBuffers,
  distancesToSnappedTargets,
  snapPopulationUnits,
  snapTargets,
  targetsWithinReach,
  targetsWithinReachInto,
  type SnappedTargets,
  type WalkNetwork,
} from '../network/index.js';
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
  /** Walking searches run: one from the facilities operating every year, one from each other facility. */
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
  // Units keep their township from year to year (population-by-year only rescales them).
  const rowOf = (township: string | null) => (township === null ? -1 : (townshipIndexByCode.get(township) ?? -1));
  const unitRow = Int32Array.from(first.populationUnits, (unit) => rowOf(unit.township));
  if (thresholdsM.length > 31) throw new RangeError('at most 31 thresholds');
  let approximate = network.approximate;

  // The years' facility and project positions first: the searches depend on them only.
  const prepared = options.years.map((year) => {
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
    const sourceKeys = new Set<string>();
    for (const f of applied.facilities) if (isOperatingIn(f, year)) sourceKeys.add(positionKey(f.lon, f.lat));
    return { year, data, applied, sourceKeys };
  });

  // Targets: the units, then every position of project residents in any year.
  const projectTarget = new Map<string, number>();
  const projectPoints: LonLat[] = [];
  for (const { applied } of prepared) {
    for (const { project } of applied.projects) {
      const key = positionKey(project.lon, project.lat);
      if (!projectTarget.has(key)) {
        projectTarget.set(key, units.count + projectPoints.length);
        projectPoints.push([project.lon, project.lat]);
      }
    }
  }
  const targets = projectPoints.length === 0 ? units : concatTargets(units, snapTargets(network, projectPoints));

  // Facilities operating in every year: one multi-source search. The others: one bounded search each,
  // whose distances a year takes where they are shorter (the nearest of a set is the nearest of its parts).
  const common = [...(prepared[0]?.sourceKeys ?? [])].filter((key) => prepared.every((p) => p.sourceKeys.has(key)));
  const commonSet = new Set(common);
  let searchCount = 0;
  let commonDistanceM: Float64Array;
  if (common.length > 0) {
    const found = distancesToSnappedTargets(network, common.map(lonLatOfKey), targets, largestM);
    approximate ||= found.approximate;
    commonDistanceM = found.distanceM;
    searchCount++;
  } else {
    commonDistanceM = new Float64Array(targets.count).fill(Infinity);
  }
  const reachOf = new Map<string, { targetIndexes: Uint32Array; distanceM: Float64Array }>();
  const buffers = createReachBuffers();
  /** Per distinct set of other facilities: per target, bit t set when within threshold t. */
  const withinOf = new Map<string, Uint32Array>();
  const withinFor = (sourceKeys: Set<string>): Uint32Array => {
    const own = [...sourceKeys].filter((key) => !commonSet.has(key)).sort();
    const setKey = own.join(';');
    let within = withinOf.get(setKey);
    if (within) return within;
    const distanceM = own.length === 0 ? commonDistanceM : commonDistanceM.slice();
    for (const key of own) {
      let reach = reachOf.get(key);
      if (!reach) {
        // Into reusable buffers, unordered (the minimum below needs neither order nor fresh arrays).
        const count = targetsWithinReachInto(network, lonLatOfKey(key), targets, largestM, buffers, false);
        if (count >= 0) {
          reach = { targetIndexes: buffers.targetIndexes.slice(0, count), distanceM: buffers.distanceM.slice(0, count) };
        } else {
          const found = targetsWithinReach(network, lonLatOfKey(key), targets, largestM);
          approximate ||= found.approximate;
          reach = { targetIndexes: found.targetIndexes, distanceM: found.distanceM };
        }
        reachOf.set(key, reach);
        searchCount++;
      }
      for (let k = 0; k < reach.targetIndexes.length; k++) {
        const t = reach.targetIndexes[k]!;
        if (reach.distanceM[k]! < distanceM[t]!) distanceM[t] = reach.distanceM[k]!;
      }
    }
    within = new Uint32Array(targets.count);
    for (let i = 0; i < within.length; i++) {
      const d = distanceM[i]!;
      let bits = 0;
      for (let t = 0; t < thresholdsM.length; t++) if (d <= thresholdsM[t]!) bits |= 1 << t;
      within[i] = bits;
    }
    withinOf.set(setKey, within);
    return within;
  };

  const years = prepared.map(({ year, data, applied, sourceKeys }): TrajectoryYear => {
    const indicators = computeIndicators({ townships: applied.townships, facilities: applied.facilities, profile: data.profile }, year);
    const within = withinFor(sourceKeys);

    const rows = data.townships.length + 1;
    const thresholdCount = thresholdsM.length;
    const population = new Float64Array(rows);
    const covered = new Float64Array(rows * thresholdCount);
    // The township's row, then the district's (the last), in that order for every target.
    const add = (row: number, residents: number, bits: number): void => {
      if (row >= 0) {
        population[row]! += residents;
        if (bits !== 0) for (let t = 0; t < thresholdCount; t++) if ((bits >>> t) & 1) covered[row * thresholdCount + t]! += residents;
      }
      const district = rows - 1;
      population[district]! += residents;
      if (bits !== 0) for (let t = 0; t < thresholdCount; t++) if ((bits >>> t) & 1) covered[district * thresholdCount + t]! += residents;
    };
    const yearUnits = data.populationUnits;
    for (let i = 0; i < yearUnits.length; i++) add(unitRow[i]!, yearUnits[i]!.population, within[i]!);
    for (const p of applied.projects) {
      add(rowOf(p.township), p.project.population, within[projectTarget.get(positionKey(p.project.lon, p.project.lat))!]!);
    }
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
    searches: searchCount,
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

const positionKey = (lon: number, lat: number): string => `${lon},${lat}`;

function lonLatOfKey(key: string): LonLat {
  const [lon, lat] = key.split(',').map(Number);
  return [lon!, lat!];
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
