/**
 * Legend of the what-if symbols for the layer card, shown while the what-if tab is open: proposed
 * sites, resized and removed facilities, suggested sites, and the residents a proposal brings within
 * (or takes out of) the selected walking threshold.
 */
import { t } from '../i18n/i18n';
import { h } from '../panels/dom';
import { whatIfColors } from './layers';

function item(swatch: HTMLElement, label: string): HTMLElement {
  return h('li', {}, swatch, h('span', {}, label));
}

function dot(color: string, size: number, ring = false): HTMLElement {
  return h('i', {
    className: `swatch ${ring ? 'swatch-ring' : 'swatch-circle'}`,
    'aria-hidden': 'true',
    style: `--swatch-color: ${color}; --swatch-size: ${size}px`,
  });
}

export function whatIfLegend(thresholdMin: number): HTMLElement {
  return h(
    'div',
    { className: 'layer-row legend-whatif', id: 'legend-whatif' },
    h('div', { className: 'layer-toggle' }, h('span', {}, t('wiLegendTitle'))),
    h(
      'ul',
      { className: 'legend-list' },
      item(dot(whatIfColors.site, 13), t('wiLegendSite')),
      item(dot(whatIfColors.suggestion, 13), t('wiLegendSuggestion')),
      item(dot(whatIfColors.resize, 12, true), t('wiLegendResize')),
      item(dot(whatIfColors.remove, 12, true), t('wiLegendRemove')),
      item(dot(whatIfColors.gained, 10), t('wiLegendGained', { n: thresholdMin })),
      item(dot(whatIfColors.lost, 10, true), t('wiLegendLost')),
    ),
  );
}
