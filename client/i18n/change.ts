/**
 * How every screen writes a change (after − before, scenario b − a): computed by the caller from the
 * exact values and rounded once, here, to the precision the figures are shown with. A change that
 * rounds to nothing at that precision is no change ("0" / not shown), so a figure never reads
 * "+0.00", and the sign is the true sign of the exact change.
 *
 * Because before, after and the change are each rounded once from exact values, the shown change can
 * differ from the difference of the shown figures by one unit of the last digit (2.5955 → 3.1845 is
 * written 2.60 → 3.18, +0.59); screens with a change say so in a footnote (`changeRoundingNote`).
 */
import { formatDecimal, formatInteger, t } from './i18n';

/** The kinds of figure a change is shown for, with their display precision. */
export type ChangeKind =
  /** Slots per 1,000: two decimals. */
  | 'per1000'
  /** People, slots, facilities: whole numbers. */
  | 'count'
  /** A share (fraction 0–1) whose change is written in percentage points with one decimal. */
  | 'points';

const DIGITS: Record<ChangeKind, number> = { per1000: 2, count: 0, points: 1 };

/** The change rounded to the precision its figure is shown with (points: of percent). */
function shownMagnitude(delta: number, kind: ChangeKind): number {
  const scale = 10 ** DIGITS[kind];
  const magnitude = kind === 'points' ? Math.abs(delta) * 100 : Math.abs(delta);
  return Math.round(magnitude * scale) / scale;
}

/** Whether the change is visible at the figure's display precision. */
export function isShownChange(delta: number | null | undefined, kind: ChangeKind): delta is number {
  return delta !== null && delta !== undefined && Number.isFinite(delta) && shownMagnitude(delta, kind) > 0;
}

/** "+0.59", "−12", "+1.3 个百分点"; null when the change rounds to nothing (or is unknown). */
export function changeText(delta: number | null | undefined, kind: ChangeKind): string | null {
  if (!isShownChange(delta, kind)) return null;
  const magnitude = shownMagnitude(delta, kind);
  const number =
    kind === 'count'
      ? formatInteger(magnitude)
      : kind === 'points'
        ? t('wiPoints', { n: formatDecimal(magnitude, 1) })
        : formatDecimal(magnitude, 2);
  return `${delta > 0 ? '+' : '−'}${number}`;
}

/** The footnote of a screen that shows changes beside rounded figures. */
export function changeRoundingNote(): string {
  return t('changeRoundingNote');
}
