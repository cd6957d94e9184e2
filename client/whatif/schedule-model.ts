/**
 * The least-cost schedule of openings without the DOM: the request from the form as typed, the answer
 * as a year-by-year table, the colour of each year on the map, how sure the answer is, and the sites to
 * add to the proposal. Pure (no requests, no document), unit-tested in test/client/schedule-model.test.ts.
 *
 * Costs are in 10,000 yuan (万元) as the form states; the server takes any one unit.
 */
import type { Answer, RequestBody } from '../api/types';
import { typedNumberOrNull, typedWholeNumber } from '../i18n/parse-number';
import type { LonLat } from './layers';

export type ScheduleRequest = RequestBody<'/api/jurisdictions/{id}/plans/schedule', 'post'>;
export type Schedule = Answer<'/api/jurisdictions/{id}/plans/schedule', 'post'>;
export type ScheduledOpening = Schedule['openings'][number];

/** Limits the form checks before sending (server: MAX_SCHEDULE_YEARS, yearSchema, siteSlots, MAX_SOLVER_SECONDS, spacing). */
export const SCHEDULE_LIMITS = {
  minYear: 1990,
  maxYear: 2100,
  maxYears: 15,
  maxSiteSlots: 10_000,
  maxCost: 1e9,
  maxDiscountPercent: 50,
  maxSeconds: 15,
  minSpacingM: 50,
  maxSpacingM: 5_000,
} as const;

/** Form defaults: a 1,000 m grid (the demo's optimum is proven in seconds), 50 万元 a site, 2 万元 a slot, 30–150 slots. */
export const SCHEDULE_DEFAULTS = {
  costPerSite: '50',
  costPerSlot: '2',
  minSlots: '30',
  maxSlots: '150',
  discountPercent: '0',
  seconds: '5',
  spacing: '1000',
} as const;

export type ScheduleField = 'years' | 'costPerSite' | 'costPerSlot' | 'slots' | 'discount' | 'seconds' | 'spacing';
export type ScheduleSource = 'grid' | 'mine';

/** The form's fields as typed. */
export interface ScheduleForm {
  from: string;
  to: string;
  costPerSite: string;
  costPerSlot: string;
  minSlots: string;
  maxSlots: string;
  discountPercent: string;
  seconds: string;
  spacing: string;
  source: ScheduleSource;
}

/** Years from `dataYear` on that have a slots-per-1,000 target in the profile, ascending. */
export function targetYears(slotsTargets: Record<string, number | null> | undefined, dataYear: number): number[] {
  return Object.entries(slotsTargets ?? {})
    .filter(([, value]) => value !== null && Number.isFinite(value))
    .map(([year]) => Number(year))
    .filter((year) => Number.isInteger(year) && year >= dataYear)
    .sort((a, b) => a - b);
}

/** The request for the form, or which fields are wrong (the keys of the form's error messages). */
export function scheduleRequest(
  form: ScheduleForm,
  ownSites: readonly LonLat[],
): { body: ScheduleRequest; candidates: LonLat[] | null } | { errors: ScheduleField[]; noOwnSites: boolean } {
  const errors: ScheduleField[] = [];
  const from = typedWholeNumber(form.from);
  const to = typedWholeNumber(form.to);
  const yearOk = (y: number | null): y is number => y !== null && y >= SCHEDULE_LIMITS.minYear && y <= SCHEDULE_LIMITS.maxYear;
  if (!yearOk(from) || !yearOk(to) || from > to || to - from + 1 > SCHEDULE_LIMITS.maxYears) errors.push('years');
  const cost = (text: string): number | null => {
    const value = typedNumberOrNull(text);
    return value !== null && value >= 0 && value <= SCHEDULE_LIMITS.maxCost ? value : null;
  };
  const costPerSite = cost(form.costPerSite);
  const costPerSlot = cost(form.costPerSlot);
  if (costPerSite === null) errors.push('costPerSite');
  if (costPerSlot === null) errors.push('costPerSlot');
  const minSlots = typedWholeNumber(form.minSlots);
  const maxSlots = typedWholeNumber(form.maxSlots);
  const slotsOk = (n: number | null): n is number => n !== null && n >= 1 && n <= SCHEDULE_LIMITS.maxSiteSlots;
  if (!slotsOk(minSlots) || !slotsOk(maxSlots) || minSlots > maxSlots) errors.push('slots');
  const discount = form.discountPercent.trim() === '' ? 0 : typedNumberOrNull(form.discountPercent, { percent: true });
  if (discount === null || discount < 0 || discount > SCHEDULE_LIMITS.maxDiscountPercent) errors.push('discount');
  const seconds = typedNumberOrNull(form.seconds);
  if (seconds === null || seconds < 1 || seconds > SCHEDULE_LIMITS.maxSeconds) errors.push('seconds');
  let spacing: number | null = null;
  if (form.source === 'grid') {
    spacing = typedWholeNumber(form.spacing);
    if (spacing === null || spacing < SCHEDULE_LIMITS.minSpacingM || spacing > SCHEDULE_LIMITS.maxSpacingM) errors.push('spacing');
  }
  const noOwnSites = form.source === 'mine' && ownSites.length === 0;
  if (errors.length > 0 || noOwnSites) return { errors, noOwnSites };
  const years = Array.from({ length: to! - from! + 1 }, (_, i) => from! + i);
  const candidates = form.source === 'mine' ? ownSites.map(([lon, lat]) => [lon, lat] as [number, number]) : null;
  return {
    body: {
      years,
      candidates: candidates ?? { spacingM: spacing! },
      costPerSite: costPerSite!,
      costPerSlot: costPerSlot!,
      minSlotsPerSite: minSlots!,
      maxSlotsPerSite: maxSlots!,
      discountRate: discount! / 100,
      timeLimitSeconds: seconds!,
    },
    candidates,
  };
}

/**
 * Colours of the years, dark blue (first) to yellow (last) so that order reads on the map; a year keeps
 * its colour whatever years have openings.
 */
const YEAR_PALETTE = ['#253494', '#2c7fb8', '#41b6c4', '#7fcdbb', '#a1d99b', '#d9ef8b', '#fee08b', '#fdae61', '#f46d43', '#d73027'];

export function yearColours(years: readonly number[]): Map<number, string> {
  const colours = new Map<number, string>();
  const n = years.length;
  years.forEach((year, i) => {
    const index = n <= 1 ? 0 : Math.round((i * (YEAR_PALETTE.length - 1)) / (n - 1));
    colours.set(year, YEAR_PALETTE[index]!);
  });
  return colours;
}

/** One opening as the table shows it. */
export interface ScheduleRow {
  /** 1-based number of the opening in the schedule (the site's label on the map and in the table). */
  number: number;
  year: number;
  townshipCode: string;
  township: string;
  slots: number;
  cost: number;
  position: LonLat;
  candidateIndex: number;
}

/** Openings of one year with the year's totals. */
export interface ScheduleYearGroup {
  year: number;
  colour: string;
  rows: ScheduleRow[];
  slots: number;
  cost: number;
}

/**
 * The schedule as a year-by-year table: a group per year that opens something (ascending), its rows by
 * township name then slots (largest first), numbered through the whole schedule; townships by name.
 */
export function scheduleTable(schedule: Schedule, townshipName: (code: string) => string): ScheduleYearGroup[] {
  const colours = yearColours(schedule.years);
  const byYear = new Map<number, ScheduleRow[]>();
  for (const opening of schedule.openings) {
    const row: ScheduleRow = {
      number: 0,
      year: opening.year,
      townshipCode: opening.township,
      township: townshipName(opening.township),
      slots: opening.slots,
      cost: opening.cost,
      position: [opening.lon, opening.lat],
      candidateIndex: opening.candidateIndex,
    };
    byYear.set(opening.year, [...(byYear.get(opening.year) ?? []), row]);
  }
  let number = 0;
  return [...byYear.keys()]
    .sort((a, b) => a - b)
    .map((year) => {
      const rows = byYear
        .get(year)!
        .sort((a, b) => a.township.localeCompare(b.township, 'zh-CN') || b.slots - a.slots || a.candidateIndex - b.candidateIndex);
      for (const row of rows) row.number = ++number;
      return {
        year,
        colour: colours.get(year) ?? YEAR_PALETTE[0]!,
        rows,
        slots: rows.reduce((sum, row) => sum + row.slots, 0),
        cost: rows.reduce((sum, row) => sum + row.cost, 0),
      };
    });
}

/** How sure the answer is: proven cheapest, best found with a bound and a gap (percent), or a heuristic's. */
export type ScheduleQuality = { kind: 'optimal' } | { kind: 'bounded'; bound: number; gapPercent: number } | { kind: 'heuristic' };

export function scheduleQuality(schedule: Pick<Schedule, 'optimal' | 'bound' | 'gap' | 'method'>): ScheduleQuality {
  if (schedule.optimal) return { kind: 'optimal' };
  if (schedule.method === 'mip' && schedule.bound !== null && schedule.gap !== null)
    return { kind: 'bounded', bound: schedule.bound, gapPercent: schedule.gap * 100 };
  return { kind: 'heuristic' };
}

/** A site to add to (or keep in) the proposal, with its opening year. */
export interface ScheduledSite {
  position: LonLat;
  year: number;
  slots: number;
}

/**
 * The openings as sites of the proposal. Chosen among the planner's own sites (`candidates` as sent),
 * a site keeps the position the proposal stores, so it is found again there.
 */
export function scheduledSites(schedule: Schedule, candidates: readonly LonLat[] | null): ScheduledSite[] {
  return schedule.openings.map((opening) => ({
    position: candidates?.[opening.candidateIndex] ?? [opening.lon, opening.lat],
    year: opening.year,
    slots: opening.slots,
  }));
}
