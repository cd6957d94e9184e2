/**
 * Layer switches and legend in one card on the map: each layer has a labelled checkbox and, beneath it,
 * the symbols it uses. The township legend states the classes against the year's target.
 */
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { attainmentColors, FAR_BELOW_TARGET_RATIO } from '../layers/attainment';
import { facilityColors } from '../layers/facilities';
import { projectColors } from '../layers/projects';
import { serviceAreaColor } from '../layers/service-areas';
import { uncoveredColors } from '../layers/uncovered';
import type { AccessibilityMode } from '../whatif/accessibility-layer';
import { accessibilityLegend } from '../whatif/accessibility-legend';
import { whatIfLegend } from '../whatif/legend';
import { h, replaceChildren } from './dom';
import { statusText } from '../i18n/targets';
import { helpButton } from '../help/drawer';

export type LayerKey = 'townships' | 'labels' | 'facilities' | 'nonOperating' | 'serviceAreas' | 'uncovered' | 'projects' | 'accessibility';

export type LayerVisibility = Record<LayerKey, boolean>;

export const defaultLayerVisibility: LayerVisibility = {
  townships: true,
  labels: true,
  facilities: true,
  nonOperating: true,
  // Analysis layers are off at first so that the map opens readable (townships and facilities), as
  // planners expect; each is one click away in the layer panel.
  serviceAreas: false,
  uncovered: false,
  projects: true,
  // Off at first: it is loaded (one request) only when switched on.
  accessibility: false,
};

const layerLabels: Record<LayerKey, MessageKey> = {
  townships: 'layerTownships',
  labels: 'layerLabels',
  facilities: 'layerFacilities',
  nonOperating: 'layerNonOperating',
  serviceAreas: 'layerServiceAreas',
  uncovered: 'layerUncovered',
  projects: 'layerProjects',
  accessibility: 'layerAccessibility',
};

function swatch(kind: 'fill' | 'circle' | 'ring' | 'square' | 'line' | 'dash', color: string, size = 12): HTMLElement {
  return h('i', {
    className: `swatch swatch-${kind}`,
    'aria-hidden': 'true',
    style: `--swatch-color: ${color}; --swatch-size: ${size}px`,
  });
}

function legendItem(symbol: HTMLElement, text: string): HTMLElement {
  return h('li', {}, symbol, h('span', {}, text));
}

/**
 * Below this viewport width (px) the card opens collapsed: at 1366×768 the map beside the 560 px sidebar
 * is about 800 px wide and an open card would hide a third of it; from 1440 px on it opens as before.
 */
export const COLLAPSE_BELOW_WIDTH_PX = 1440;

/** The offline basemap's roads (layers/roads.ts), always drawn: main roads, streets, footways. */
function roadLegend(): HTMLElement {
  return h(
    'ul',
    { className: 'legend-list' },
    legendItem(swatch('line', '#fff3c4'), t('legendMainRoad')),
    legendItem(swatch('line', '#ffffff'), t('legendStreet')),
    legendItem(swatch('dash', '#7b8794'), t('legendFootway')),
  );
}

export class LayerPanel {
  private collapsed = window.innerWidth < COLLAPSE_BELOW_WIDTH_PX;
  /** Where the residential projects of the selected year can be downloaded as CSV; null hides the link. */
  private projectsCsvUrl: string | null = null;
  private accessibilityMode: AccessibilityMode = 'all';
  private onAccessibilityModeChange: ((mode: AccessibilityMode) => void) | null = null;
  /** Whether the what-if symbols are on the map (their tab is open): their legend is shown first. */
  private whatIfShown = false;

  constructor(
    private readonly container: HTMLElement,
    private visibility: LayerVisibility,
    private readonly onChange: (visibility: LayerVisibility) => void,
    private thresholdMin = 15,
  ) {}

  setProjectsCsvUrl(url: string | null): void {
    this.projectsCsvUrl = url;
    this.render();
  }

  /** The accessibility layer's switch between all and inclusive slots: its state and what to call on a change. */
  onAccessibilityMode(mode: AccessibilityMode, onChange: (mode: AccessibilityMode) => void): void {
    this.accessibilityMode = mode;
    this.onAccessibilityModeChange = onChange;
    this.render();
  }

  setWhatIfLegend(shown: boolean): void {
    this.whatIfShown = shown;
    this.render();
  }

  setThreshold(thresholdMin: number): void {
    this.thresholdMin = thresholdMin;
    this.render();
  }

  render(): void {
    const toggle = (key: LayerKey, legend?: HTMLElement): HTMLElement => {
      const id = `layer-${key}`;
      const input = h('input', { type: 'checkbox', id, checked: this.visibility[key] });
      input.addEventListener('change', () => {
        this.visibility = { ...this.visibility, [key]: input.checked };
        this.onChange(this.visibility);
        // Re-rendered so the row's dimming and legends follow; the switch keeps the focus.
        this.render();
        document.getElementById(id)?.focus();
      });
      return h(
        'div',
        { className: `layer-row${this.visibility[key] ? '' : ' layer-off'}` },
        h('div', { className: 'layer-toggle' }, input, h('label', { for: id }, t(layerLabels[key]))),
        // A legend only for what is on the map: switching a layer off removes its symbols from the card.
        this.visibility[key] ? (legend ?? null) : null,
      );
    };

    const percent = Math.round(FAR_BELOW_TARGET_RATIO * 100);
    const townshipLegend = h(
      'ul',
      { className: 'legend-list', 'aria-label': t('legendTownships') },
      legendItem(swatch('fill', attainmentColors.met), t('legendMet')),
      legendItem(swatch('fill', attainmentColors.near), t('legendNear', { percent })),
      legendItem(swatch('fill', attainmentColors.below), t('legendBelow', { percent })),
      legendItem(swatch('fill', attainmentColors.none), statusText('no_target')),
    );
    const facilityLegend = h(
      'ul',
      { className: 'legend-list', 'aria-label': t('legendFacilities') },
      legendItem(swatch('circle', facilityColors.inclusive), t('legendInclusive')),
      legendItem(swatch('circle', facilityColors.other), t('legendOther')),
    );
    const inactiveLegend = h(
      'ul',
      { className: 'legend-list' },
      legendItem(swatch('circle', facilityColors.inactive, 9), t('legendNonOperating')),
    );
    const serviceLegend = h(
      'ul',
      { className: 'legend-list' },
      legendItem(swatch('fill', serviceAreaColor), t('legendServiceArea', { n: this.thresholdMin })),
    );
    const uncoveredLegend = h(
      'ul',
      { className: 'legend-list' },
      legendItem(swatch('ring', uncoveredColors.beyondThreshold), `> ${t('minutesShort', { n: this.thresholdMin })}`),
      legendItem(swatch('ring', uncoveredColors.unreachable), t('legendUnreachable')),
    );

    const projectLegend = h(
      'ul',
      { className: 'legend-list' },
      legendItem(swatch('square', projectColors.compliant), t('legendProjectCompliant')),
      legendItem(swatch('square', projectColors.short), t('legendProjectShort')),
      this.projectsCsvUrl
        ? h(
            'li',
            {},
            h('a', { href: this.projectsCsvUrl, download: '', className: 'legend-link', id: 'projects-csv-link' }, t('pcDownloadCsv')),
          )
        : null,
    );

    const header = h(
      'button',
      { type: 'button', className: 'layer-panel-header', 'aria-expanded': String(!this.collapsed), 'aria-controls': 'layer-panel-body' },
      h('span', {}, `${t('layers')} · ${t('legendTitle')}`),
      h('span', { 'aria-hidden': 'true' }, this.collapsed ? '▸' : '▾'),
    );
    header.addEventListener('click', () => {
      this.collapsed = !this.collapsed;
      this.render();
    });

    replaceChildren(
      this.container,
      h('div', { className: 'layer-panel-head' }, header, helpButton('map')),
      h(
        'div',
        { id: 'layer-panel-body', className: 'layer-panel-body', hidden: this.collapsed },
        this.whatIfShown ? whatIfLegend(this.thresholdMin) : null,
        h('p', { className: 'legend-caption' }, t('legendTownships')),
        toggle('townships', townshipLegend),
        toggle('labels'),
        toggle('facilities', facilityLegend),
        toggle('nonOperating', inactiveLegend),
        toggle('serviceAreas', serviceLegend),
        toggle('uncovered', uncoveredLegend),
        toggle('projects', projectLegend),
        toggle(
          'accessibility',
          this.visibility.accessibility
            ? accessibilityLegend(this.accessibilityMode, (mode) => {
                this.accessibilityMode = mode;
                this.onAccessibilityModeChange?.(mode);
              })
            : undefined,
        ),
        h('div', { className: 'layer-row' }, h('div', { className: 'layer-toggle layer-basemap' }, t('legendRoads')), roadLegend()),
      ),
    );
  }
}
