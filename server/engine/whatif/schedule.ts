/**
 * Least-cost schedule of openings: "what must we open, and when, to meet every yearly target at
 * least cost?". Given candidate sites (each in the township it stands in), a cost per site and per
 * slot and the profile's yearly slots-per-1,000 targets, choose which candidates open in which year
 * and with how many slots (between minSlots and maxSlots) so that in every year each township's slot
 * gap (as the indicators define it: ⌈target × population ÷ 1000⌉ − slots of the facilities
 * operating that year) is closed by the slots opened up to that year. A site once open stays open.
 *
 *   min Σ_{c,y} δ_y (costPerSite · o_cy + costPerSlot · s_cy) + ε Σ (Y − y) o_cy
 *   s.t. Σ_y o_cy ≤ 1;  minSlots · o_cy ≤ s_cy ≤ maxSlots · o_cy;
 *        Σ_{c in t} Σ_{y' ≤ y} s_cy' ≥ gap_ty  for every township t and year y,
 *
 * with δ_y = (1 + discountRate)^−(y − first year) and ε a tie-break that opens as late as possible
 * among equally cheap schedules. Townships whose gap cannot be closed (no candidate inside it, or
 * too few to hold the slots) are reported with the reason and left out of the model, so the rest is
 * still scheduled. Population per year comes from one function (`populationOf`), today the
 * township's population for every year.
 */
import type { Highs } from 'highs';
import { computeIndicators } from '../figures/index.js';
import { createTownshipLocator, locateTownship } from '../geo/index.js';
import { bilingual, type Bilingual } from '../../model/bilingual.js';
import type { JurisdictionData, LonLat } from '../../model/index.js';
import {
  MAX_MIP_NONZEROS,
  MipBuilder,
  NO_SOLVER_NOTE,
  solveMip,
  timeLimitNote,
  timeLimitOf,
  tooLargeNote,
  type SolveQuality,
} from '../allocation/index.js';

export interface ScheduleOptions {
  /** Candidate locations (WGS84 degrees). */
  candidates: readonly { lon: number; lat: number }[];
  /** Years to meet, ascending (e.g. 2025 … 2030); each needs a slots-per-1,000 target in the profile to count. */
  years: readonly number[];
  /** Cost of opening a site and of each slot (any currency unit, e.g. 10,000 yuan). */
  costPerSite: number;
  costPerSlot: number;
  /** Slots a new site may have (integers, 0 < min ≤ max). */
  minSlotsPerSite: number;
  maxSlotsPerSite: number;
  /** Yearly discount rate applied to costs of later years (default 0). */
  discountRate?: number;
  /** Residents of township index t in a year (default: the township's population, every year). */
  populationOf?: (townshipIndex: number, year: number) => number;
  solver?: Highs | null;
  timeLimitS?: number;
  maxNonzeros?: number;
}

export interface ScheduledOpening {
  year: number;
  candidateIndex: number;
  lon: number;
  lat: number;
  township: string;
  slots: number;
  /** Undiscounted cost of this opening. */
  cost: number;
}

export interface ScheduleYear {
  year: number;
  /** Undiscounted cost of the openings of the year. */
  cost: number;
  townships: { code: string; name: string; gapBefore: number | null; slotsAdded: number; gapAfter: number | null }[];
}

export interface InfeasibleTownship {
  code: string;
  name: string;
  /** First year whose gap cannot be closed. */
  year: number;
  gap: number;
  reason: Bilingual;
}

export interface OpeningSchedule extends SolveQuality {
  years: number[];
  openings: ScheduledOpening[];
  perYear: ScheduleYear[];
  /** Undiscounted and discounted total cost of the openings. */
  totalCost: number;
  discountedCost: number;
  infeasible: InfeasibleTownship[];
}

/** Slot gap of each township in each year (null without a target that year). */
export function townshipGapsByYear(
  data: Pick<JurisdictionData, 'townships' | 'facilities' | 'profile'>,
  years: readonly number[],
  populationOf: (townshipIndex: number, year: number) => number = (t) => data.townships[t]!.population,
): (number | null)[][] {
  return years.map((year) => {
    const townships = data.townships.map((t, i) => ({ ...t, population: populationOf(i, year) }));
    return computeIndicators({ ...data, townships }, year).townships.map((t) => t.slotGap);
  });
}

/** The least-cost schedule of openings (see the module comment). */
export function scheduleOpenings(data: JurisdictionData, options: ScheduleOptions): OpeningSchedule {
  const started = performance.now();
  const years = [...options.years].sort((a, b) => a - b);
  if (years.length === 0) throw new RangeError('years must name at least one year');
  const { minSlotsPerSite: minSlots, maxSlotsPerSite: maxSlots, costPerSite, costPerSlot } = options;
  if (!Number.isInteger(minSlots) || !Number.isInteger(maxSlots) || minSlots < 1 || maxSlots < minSlots) {
    throw new RangeError('minSlotsPerSite and maxSlotsPerSite must be integers with 1 ≤ min ≤ max');
  }
  if (!(costPerSite >= 0) || !(costPerSlot >= 0)) throw new RangeError('costs must be ≥ 0');
  const rate = options.discountRate ?? 0;
  const discount = years.map((y) => (1 + rate) ** -(y - years[0]!));
  const gaps = townshipGapsByYear(data, years, options.populationOf);
  const locator = createTownshipLocator(data.townships);
  const candidatesOf: number[][] = data.townships.map(() => []);
  options.candidates.forEach((p, c) => {
    const t = locateTownship(locator, [p.lon, p.lat] as LonLat);
    if (t >= 0) candidatesOf[t]!.push(c);
  });

  // Townships that cannot be scheduled, with the first year and why.
  const infeasible: InfeasibleTownship[] = [];
  const scheduled: number[] = [];
  data.townships.forEach((t, ti) => {
    const needs = years.map((_, yi) => gaps[yi]![ti] ?? 0);
    const worst = needs.findIndex((g) => g > 0 && (candidatesOf[ti]!.length === 0 || g > candidatesOf[ti]!.length * maxSlots));
    if (worst >= 0) {
      const gap = needs[worst]!;
      const capacity = candidatesOf[ti]!.length * maxSlots;
      infeasible.push({
        code: t.code,
        name: t.name,
        year: years[worst]!,
        gap,
        reason:
          candidatesOf[ti]!.length === 0
            ? bilingual(
                `${t.name} 内没有候选点位，无法补足 ${gap} 个托位缺口`,
                `no candidate site in ${t.name} to close its gap of ${gap} slots`,
              )
            : bilingual(
                `${t.name} 的 ${candidatesOf[ti]!.length} 个候选点位最多容纳 ${capacity} 个托位，少于 ${years[worst]} 年缺口 ${gap} 个`,
                `the ${candidatesOf[ti]!.length} candidates in ${t.name} hold at most ${capacity} slots, less than the ${years[worst]} gap of ${gap}`,
              ),
      });
    } else if (needs.some((g) => g > 0)) {
      scheduled.push(ti);
    }
  });

  const builder = new MipBuilder('minimize');
  const last = years[years.length - 1]!;
  // Tie-break worth less than one unit of the cheapest real cost difference.
  const epsilon = 1e-6 * Math.max(1, Math.min(costPerSite || Infinity, costPerSlot || Infinity, 1));
  const columns: { c: number; yi: number; open: number; slots: number }[] = [];
  for (const ti of scheduled) {
    const firstNeed = years.findIndex((_, yi) => (gaps[yi]![ti] ?? 0) > 0);
    for (const c of candidatesOf[ti]!) {
      const opens: number[] = [];
      // Opening after the last year with a need is never useful; before the first need it only costs more.
      for (let yi = 0; yi < years.length; yi++) {
        if (yi < firstNeed && rate === 0) continue;
        const open = builder.variable('binary', discount[yi]! * costPerSite + epsilon * (last - years[yi]!));
        const slots = builder.variable('integer', discount[yi]! * costPerSlot, 0, maxSlots);
        builder.row([slots, open], [1, -maxSlots], -Infinity, 0);
        builder.row([slots, open], [1, -minSlots], 0, Infinity);
        columns.push({ c, yi, open, slots });
        opens.push(open);
      }
      builder.row(
        opens,
        opens.map(() => 1),
        -Infinity,
        1,
      );
    }
    years.forEach((_, yi) => {
      const gap = gaps[yi]![ti] ?? 0;
      if (gap <= 0) return;
      const inside = columns.filter((col) => col.yi <= yi && candidatesOf[ti]!.includes(col.c));
      builder.row(
        inside.map((col) => col.slots),
        inside.map(() => 1),
        gap,
        Infinity,
      );
    });
  }

  const reduced = {
    candidates: new Set(columns.map((c) => c.c)).size,
    demandGroups: scheduled.length * years.length,
    nonzeros: builder.nonzeros,
  };
  const limit = options.maxNonzeros ?? MAX_MIP_NONZEROS;
  const timeLimitS = timeLimitOf(options);
  let values: Float64Array | null = null;
  let quality: Omit<SolveQuality, 'seconds' | 'reduced'>;
  if (columns.length === 0) {
    quality = { method: 'mip', optimal: true, bound: 0, gap: 0, note: null };
  } else if (!options.solver || builder.nonzeros > limit) {
    const note = options.solver ? tooLargeNote(builder.nonzeros, limit) : NO_SOLVER_NOTE;
    values = greedySchedule(columns, builder.model.cost.length, years, scheduled, gaps, candidatesOf, minSlots, maxSlots);
    quality = { method: 'heuristic', optimal: false, bound: null, gap: null, note };
  } else {
    const result = solveMip(options.solver, builder.model, { timeLimitS });
    if (!result.x) throw new RangeError('schedule: the solver found no schedule within the time limit; allow more time');
    values = result.x;
    quality = {
      method: 'mip',
      optimal: result.optimal,
      bound: result.bound,
      gap: result.gap,
      note: result.optimal ? null : timeLimitNote(timeLimitS, result.gap),
    };
  }

  const openings: ScheduledOpening[] = [];
  for (const col of columns) {
    if (values === null || values[col.open]! < 0.5) continue;
    const slots = Math.round(values[col.slots]!);
    const p = options.candidates[col.c]!;
    const t = locateTownship(locator, [p.lon, p.lat] as LonLat);
    openings.push({
      year: years[col.yi]!,
      candidateIndex: col.c,
      lon: p.lon,
      lat: p.lat,
      township: data.townships[t]!.code,
      slots,
      cost: costPerSite + costPerSlot * slots,
    });
  }
  openings.sort((a, b) => a.year - b.year || a.candidateIndex - b.candidateIndex);
  const perYear: ScheduleYear[] = years.map((year, yi) => ({
    year,
    cost: openings.filter((o) => o.year === year).reduce((a, o) => a + o.cost, 0),
    townships: data.townships.map((t, ti) => {
      const added = openings.filter((o) => o.year <= year && o.township === t.code).reduce((a, o) => a + o.slots, 0);
      const gap = gaps[yi]![ti]!;
      return { code: t.code, name: t.name, gapBefore: gap, slotsAdded: added, gapAfter: gap === null ? null : Math.max(0, gap - added) };
    }),
  }));
  const totalCost = openings.reduce((a, o) => a + o.cost, 0);
  const discountedCost = openings.reduce((a, o) => a + o.cost * discount[years.indexOf(o.year)]!, 0);
  const seconds = (performance.now() - started) / 1000;
  return {
    ...quality,
    // Report the bound and gap in cost units without the tie-break.
    bound: quality.optimal ? discountedCost : quality.bound,
    gap: quality.optimal ? 0 : quality.gap,
    seconds,
    reduced,
    years,
    openings,
    perYear,
    totalCost,
    discountedCost,
    infeasible,
  };
}

/** Fallback: per township, the largest sites at the first year of need, as many as each year's gap asks. */
function greedySchedule(
  columns: { c: number; yi: number; open: number; slots: number }[],
  variableCount: number,
  years: readonly number[],
  scheduled: number[],
  gaps: (number | null)[][],
  candidatesOf: number[][],
  minSlots: number,
  maxSlots: number,
): Float64Array {
  const x = new Float64Array(variableCount);
  for (const ti of scheduled) {
    const used = new Set<number>();
    let added = 0;
    years.forEach((_, yi) => {
      const gap = gaps[yi]![ti] ?? 0;
      for (const c of candidatesOf[ti]!) {
        if (added >= gap) break;
        if (used.has(c)) continue;
        const col = columns.find((k) => k.c === c && k.yi === yi);
        if (!col) continue;
        const slots = Math.max(minSlots, Math.min(maxSlots, gap - added));
        x[col.open] = 1;
        x[col.slots] = slots;
        used.add(c);
        added += slots;
      }
    });
  }
  return x;
}
