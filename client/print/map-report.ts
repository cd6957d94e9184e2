/**
 * The printed map report: the map as shown (with the offline basemap's roads), a north arrow turned with
 * the map's bearing, a scale bar, the legend of the visible layers, the date and the data package's
 * sources, on A4 or A3 as the user chooses in the map's print control. print-map.css shows the sheet
 * (#map-report) instead of the app while body.print-map-report is set.
 */
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { getLocale, t } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import { printHead } from '../panels/print-head';
import { northArrow } from './north-arrow';
import { papers, setPrintPaper, type Paper } from './paper';
import { scaleBar } from './scale-bar';
import './print-map.css';

export interface MapReportHost {
  map: MapLibreMap;
  /** A PNG data URL of the map canvas as drawn now, or null when it cannot be read. */
  snapshot: () => Promise<string | null>;
  /** Ground metres per CSS pixel at `latitude` at the current zoom. */
  metresPerPixel: (latitude: number) => number;
  jurisdictionName: () => string;
  /** The data package's `sources` text (GET /api/jurisdictions/{id}), null when it gave none. */
  sources: () => string | null;
  /** The layer card: its legend rows of the visible layers are copied onto the sheet. */
  layerPanel: HTMLElement;
}

/** The legend of the layers on the map, copied from the layer card (rows with symbols are visible layers). */
function legendCopy(panel: HTMLElement): HTMLElement {
  const rows = [...panel.querySelectorAll<HTMLElement>('.layer-row')].filter((row) => row.querySelector('.legend-list'));
  return h(
    'section',
    { className: 'map-report-legend' },
    h('h2', {}, t('legendTitle')),
    rows.map((row) => {
      const title = row.querySelector('.layer-toggle')?.textContent ?? '';
      const list = row.querySelector('.legend-list')!.cloneNode(true) as HTMLElement;
      for (const element of list.querySelectorAll('a, input, [id]')) {
        if (element.matches('a, input')) element.closest('li')?.remove();
        else element.removeAttribute('id');
      }
      return h('div', { className: 'map-report-legend-item' }, h('h3', {}, title), list);
    }),
  );
}

export class MapReport implements IControl {
  private paper: Paper = 'A4';
  private control: HTMLElement | null = null;

  constructor(
    private readonly host: MapReportHost,
    private readonly sheet: HTMLElement,
  ) {
    // After printing the project check prints as before, in portrait on the chosen paper.
    window.addEventListener('afterprint', () => {
      document.body.classList.remove('print-map-report');
      setPrintPaper(this.paper, 'portrait');
    });
  }

  onAdd(): HTMLElement {
    this.control = h('div', { className: 'maplibregl-ctrl maplibregl-ctrl-group map-print-control' });
    this.render();
    return this.control;
  }

  onRemove(): void {
    this.control?.remove();
    this.control = null;
  }

  /** The control: paper choice and the print button, in the UI language. */
  render(): void {
    if (!this.control) return;
    const select = h(
      'select',
      { id: 'print-paper', 'aria-label': t('printPaper'), title: t('printPaper') },
      papers.map((paper) => h('option', { value: paper, selected: paper === this.paper }, paper)),
    );
    select.addEventListener('change', () => {
      this.paper = select.value as Paper;
      setPrintPaper(this.paper, 'portrait');
    });
    const button = h('button', { type: 'button', id: 'print-map', className: 'map-print-button' }, t('printMap'));
    button.addEventListener('click', () => void this.print());
    replaceChildren(this.control, select, button);
  }

  /** Fills the sheet and opens the browser's print dialog on the chosen paper. */
  async print(): Promise<void> {
    await this.fill();
    setPrintPaper(this.paper, 'landscape');
    document.body.classList.add('print-map-report');
    window.print();
  }

  /** Builds the sheet from the map as it is now. */
  async fill(): Promise<void> {
    const { map } = this.host;
    const snapshot = await this.host.snapshot();
    const canvas = map.getCanvas();
    const widthPx = canvas.clientWidth || canvas.width;
    const heightPx = canvas.clientHeight || canvas.height;
    const bar = scaleBar(this.host.metresPerPixel(map.getCenter().lat));
    const date = new Date().toLocaleDateString(getLocale() === 'zh' ? 'zh-CN' : 'en-GB');
    const sources = this.host.sources();
    const figure = h(
      'figure',
      { className: 'map-report-figure', style: `--map-aspect: ${(widthPx / heightPx).toFixed(4)}` },
      snapshot ? h('img', { src: snapshot, alt: t('mapLabel') }) : null,
      northArrow(map.getBearing(), t('northArrow')),
      h(
        'div',
        { className: 'map-report-scale', 'aria-label': t('printScale') },
        // The bar is a share of the picture's width, so it stays true however wide the paper prints it.
        h('div', { className: 'map-report-scale-bar', style: `width: ${((bar.px / widthPx) * 100).toFixed(3)}%` }, bar.label),
      ),
    );
    replaceChildren(
      this.sheet,
      printHead(t('printMapTitle'), `${this.host.jurisdictionName()} · ${t('printDate', { date })}`),
      figure,
      legendCopy(this.host.layerPanel),
      h(
        'footer',
        { className: 'map-report-foot' },
        h('p', { className: 'map-report-date' }, t('printDate', { date })),
        h('p', { className: 'map-report-sources' }, sources ? t('printSources', { sources }) : t('printNoSources')),
      ),
    );
  }
}
