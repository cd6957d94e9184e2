/**
 * Legend of the accessibility layer for the layer card: the colour classes of slots within reach per
 * 1,000 residents, and the switch between all slots and inclusive (普惠) slots.
 */
import { formatTarget, t } from '../i18n/i18n';
import { h } from '../panels/dom';
import { accessibilityClasses, type AccessibilityMode } from './accessibility-layer';
import './accessibility-legend.css';

function classLabel(from: number, to: number | null): string {
  if (to === 0) return t('wiAccessNone');
  if (to === null) return `≥ ${formatTarget(from)}`;
  return from === 0 ? `< ${formatTarget(to)}` : `${formatTarget(from)}–${formatTarget(to)}`;
}

export function accessibilityLegend(mode: AccessibilityMode, onMode: (mode: AccessibilityMode) => void): HTMLElement {
  const switcher = h(
    'div',
    { className: 'segmented segmented-full segmented-small', role: 'radiogroup', 'aria-label': t('wiAccessSlots') },
    (['all', 'inclusive'] as const).map((value) => {
      const id = `accessibility-mode-${value}`;
      const input = h('input', { type: 'radio', name: 'accessibility-mode', id, value, checked: value === mode });
      input.addEventListener('change', () => {
        if (input.checked) onMode(value);
      });
      return h(
        'span',
        { className: 'segment' },
        input,
        h('label', { for: id }, value === 'all' ? t('wiAccessAll') : t('wiAccessInclusive')),
      );
    }),
  );
  return h(
    'div',
    { className: 'legend-accessibility' },
    switcher,
    h(
      'ul',
      { className: 'legend-list', 'aria-label': t('wiAccessLegend') },
      accessibilityClasses.map((cls) =>
        h(
          'li',
          {},
          h('i', { className: 'swatch swatch-circle', 'aria-hidden': 'true', style: `--swatch-color: ${cls.color}; --swatch-size: 11px` }),
          h('span', {}, classLabel(cls.from, cls.to)),
        ),
      ),
    ),
    h('p', { className: 'legend-note' }, t('wiAccessNote')),
  );
}
