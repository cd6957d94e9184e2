/**
 * One row of the indicator table and what every indicator computation shares: the row and reported-value
 * types, the context of a year, and the status of a value against its target.
 */
import { bilingual, type Bilingual, type Facility, type JurisdictionData, type TargetComparison } from '../../model/index.js';
import type { CoverageResult } from '../coverage/index.js';
import { meetsTarget, type DistrictIndicators, type Target } from '../figures/index.js';
import type { IndicatorUnit } from './indicator-catalogue.js';

/** Longest list of names a note spells out. */
export const MAX_NAMED = 5;

export type IndicatorStatus = 'met' | 'not_met' | 'no_target' | 'no_data';
export type IndicatorOrigin = 'computed' | 'reported';

/** A value the bureau recorded for an indicator and year (stored; see reported-values.repository.ts). */
export interface ReportedValue {
  indicator: string;
  year: number;
  /** In the indicator's unit (percent for shares). */
  value: number;
  note: string | null;
  source: string | null;
  recordedBy: string;
  /** ISO 8601 time of recording. */
  recordedAt: string;
}

export interface IndicatorRow {
  id: string;
  nameZh: string;
  nameEn: string;
  unit: IndicatorUnit;
  /** The profile's note on the unit, where the plan's unit is unusual (e.g. it counts centres). */
  unitNote: Bilingual | null;
  year: number;
  /** The computed value, else the reported one, else null; in `unit`. */
  value: number | null;
  origin: IndicatorOrigin | null;
  target: number | null;
  comparison: TargetComparison | null;
  /** How the table's target derives from the plan, where it is not the plan's figure as such. */
  targetNote: Bilingual | null;
  /** Status of `value` against the target ("substantially full" = at least 95 % of the target). */
  status: IndicatorStatus;
  /** Why the data cannot compute the indicator (also when a reported value stands in); null when computed. */
  reason: Bilingual | null;
  /** What the computed value is made of, in words and numbers (which population, which facilities). */
  basis: Bilingual | null;
  /** Numerator, denominator and other figures behind the computed value. */
  details: Record<string, number>;
  notes: Bilingual[];
  /** The bureau's reported value for the year, whether or not the data compute the indicator. */
  reported: ReportedValue | null;
  /** Status of the reported value against the target; null without a reported value. */
  reportedStatus: IndicatorStatus | null;
}

export interface Computed {
  value: number | null;
  reason: Bilingual | null;
  basis: Bilingual | null;
  details: Record<string, number>;
  notes: Bilingual[];
}

export interface Context {
  data: JurisdictionData;
  year: number;
  district: DistrictIndicators;
  coverage: CoverageResult | null;
  /** Facilities operating in the year. */
  operating: Facility[];
}

export const noData = (reason: Bilingual, notes: Bilingual[] = []): Computed => ({ value: null, reason, basis: null, details: {}, notes });

export const percent = (part: number, whole: number): number => (part / whole) * 100;

/** "a, b, c" or "a, b, c, d, e, … (12 in all)"; in Chinese "a、b、c" or "a、b、c、d、e 等 12 个". */
export function namesOf(names: string[]): Bilingual {
  if (names.length <= MAX_NAMED) return bilingual(names.join('、'), names.join(', '));
  const first = names.slice(0, MAX_NAMED);
  return bilingual(`${first.join('、')} 等 ${names.length} 个`, `${first.join(', ')}, … (${names.length} in all)`);
}

export function statusOf(value: number | null, target: Target | null): IndicatorStatus {
  if (value === null) return 'no_data';
  if (target === null) return 'no_target';
  return meetsTarget(value, target) ? 'met' : 'not_met';
}
