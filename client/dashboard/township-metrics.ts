/**
 * Which township-level figure of the drill-down belongs to a district indicator, and how a township
 * stands on it: against the district's target (met / not met), present or absent (institutions,
 * health centres), or in bands (15-minute service circle, which has no target). Indicators with no
 * township figure (staff rates, paediatricians, reported-only values) have no metric.
 */
import { formatDecimal } from '../i18n/i18n';
import type { IndicatorRow, TownshipDrilldownRow } from './api';
import { meetsTarget } from './format';
import { td, type DashboardMessageKey } from './messages';

/** A township's class on the map; each has one colour and one legend entry. */
export type TownshipClass = 'met' | 'not_met' | 'yes' | 'no' | 'not_expected' | 'band0' | 'band1' | 'band2' | 'band3' | 'no_data';

export const townshipClassColors: Record<TownshipClass, string> = {
  met: '#1a9850',
  not_met: '#d7301f',
  yes: '#1a9850',
  no: '#d7301f',
  not_expected: '#cfd6de',
  band0: '#deebf7',
  band1: '#9ecae1',
  band2: '#4292c6',
  band3: '#08519c',
  no_data: '#b7bec7',
};

/** Upper bounds (percent) of the service-circle bands band0…band2; band3 is everything above. */
const BAND_UPPER_PERCENT = [40, 60, 80] as const;

export interface TownshipMetric {
  /** Column of the drill-down table that holds the figure (for highlighting it). */
  column: keyof TownshipDrilldownRow;
  /** The township's class for a district row (target and comparison come from it). */
  classify: (township: TownshipDrilldownRow, district: IndicatorRow) => TownshipClass;
  /** Short text for the township's label and popup. */
  text: (township: TownshipDrilldownRow) => string;
  /** Legend entries in order. */
  legend: (district: IndicatorRow) => { cls: TownshipClass; label: string }[];
}

const percentText = (value: number | null): string => (value === null ? '–' : `${formatDecimal(value, 1)}%`);

function againstTarget(value: number | null, district: IndicatorRow): TownshipClass {
  if (value === null) return 'no_data';
  if (district.target === null) return 'no_data';
  return meetsTarget(value, district.target, district.comparison) ? 'met' : 'not_met';
}

const targetLegend = (): { cls: TownshipClass; label: string }[] => [
  { cls: 'met', label: td('legendMet') },
  { cls: 'not_met', label: td('legendNotMet') },
  { cls: 'no_data', label: td('legendNoData') },
];

const presenceLegend = (yes: DashboardMessageKey, no: DashboardMessageKey) => (): { cls: TownshipClass; label: string }[] => [
  { cls: 'yes', label: td(yes) },
  { cls: 'no', label: td(no) },
];

const metrics: Record<string, TownshipMetric> = {
  slots_per_1000: {
    column: 'slotsPer1000',
    classify: (t) => (t.meetsSlotsTarget === null ? 'no_data' : t.meetsSlotsTarget ? 'met' : 'not_met'),
    text: (t) => formatDecimal(t.slotsPer1000, 2),
    legend: targetLegend,
  },
  inclusive_share: {
    column: 'inclusiveSharePercent',
    classify: (t, d) => againstTarget(t.inclusiveSharePercent, d),
    text: (t) => percentText(t.inclusiveSharePercent),
    legend: targetLegend,
  },
  township_institution_coverage: {
    column: 'hasInstitution',
    classify: (t) => (t.hasInstitution ? 'yes' : 'no'),
    text: (t) => td(t.hasInstitution ? 'yes' : 'no'),
    legend: presenceLegend('legendHasInstitution', 'legendNoInstitution'),
  },
  township_inclusive_coverage: {
    column: 'hasInclusiveInstitution',
    classify: (t) => (t.hasInclusiveInstitution ? 'yes' : 'no'),
    text: (t) => td(t.hasInclusiveInstitution ? 'yes' : 'no'),
    legend: presenceLegend('legendHasInclusive', 'legendNoInclusive'),
  },
  service_circle_15min: {
    column: 'serviceCircle15Percent',
    classify: (t, d) => {
      const value = t.serviceCircle15Percent;
      if (value === null) return 'no_data';
      if (d.target !== null) return againstTarget(value, d);
      const band = BAND_UPPER_PERCENT.findIndex((upper) => value < upper);
      return (['band0', 'band1', 'band2'] as const)[band] ?? 'band3';
    },
    text: (t) => percentText(t.serviceCircle15Percent),
    legend: (d) =>
      d.target !== null
        ? targetLegend()
        : [
            { cls: 'band0', label: `< ${BAND_UPPER_PERCENT[0]}%` },
            { cls: 'band1', label: `${BAND_UPPER_PERCENT[0]}–${BAND_UPPER_PERCENT[1]}%` },
            { cls: 'band2', label: `${BAND_UPPER_PERCENT[1]}–${BAND_UPPER_PERCENT[2]}%` },
            { cls: 'band3', label: `≥ ${BAND_UPPER_PERCENT[2]}%` },
          ],
  },
  health_center_coverage: {
    column: 'hasHealthCenter',
    classify: (t) => (t.hasHealthCenter ? 'yes' : t.healthCenterExpected ? 'no' : 'not_expected'),
    text: (t) => td(t.hasHealthCenter ? 'yes' : 'no'),
    legend: () => [
      { cls: 'yes', label: td('legendHasCentre') },
      { cls: 'no', label: td('legendNoCentre') },
      { cls: 'not_expected', label: td('legendCentreNotExpected') },
    ],
  },
  child_health_staff_per_20k: {
    column: 'childHealthStaffPer20k',
    classify: (t, d) => againstTarget(t.childHealthStaffPer20k, d),
    text: (t) => formatDecimal(t.childHealthStaffPer20k, 2),
    legend: targetLegend,
  },
};

/** The township metric of an indicator, or null when the indicator has no township figure. */
export function townshipMetricOf(indicatorId: string): TownshipMetric | null {
  return metrics[indicatorId] ?? null;
}
