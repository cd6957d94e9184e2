/**
 * How a township's slots per 1,000 residents stand against the year's target, and the colour for it.
 * One definition shared by the map fill, the legend and the table badge.
 */

/** met: ≥ target; near: ≥ 80 % of target; below: < 80 % of target; none: no target for the year. */
export type Attainment = 'met' | 'near' | 'below' | 'none';

/** The share of the target below which a township is drawn as far behind (red). */
export const FAR_BELOW_TARGET_RATIO = 0.8;

export const attainmentColors: Record<Attainment, string> = {
  met: '#1a9850',
  near: '#f29e4c',
  below: '#d7301f',
  none: '#b7bec7',
};

/** Classifies slots per 1,000 against a target in the same unit (slots per 1,000 residents). */
export function attainmentOf(slotsPer1000: number | null, target: number | null): Attainment {
  // Without residents there is no rate to judge (slots per 1,000 is null), as without a target.
  if (slotsPer1000 === null || target === null || !Number.isFinite(target) || target <= 0) return 'none';
  if (slotsPer1000 >= target) return 'met';
  if (slotsPer1000 >= target * FAR_BELOW_TARGET_RATIO) return 'near';
  return 'below';
}

export const attainmentOrder: Attainment[] = ['below', 'near', 'met', 'none'];
