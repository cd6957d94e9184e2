/**
 * The dashboard's small map: townships coloured by the selected indicator's township figure (see
 * township-metrics.ts), their names, and the registry's facilities (operating in the year filled,
 * others hollow; the one being edited ringed). A "pick" mode hands the next click's WGS84 position
 * to the facility form.
 */
import { Popup, type GeoJSONSource, type MapMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { isOperatingIn } from '../../server/engine/figures/index';
import type { TownshipCollection } from '../api/types';
import { TownshipLabels } from '../layers/township-labels';
import { applyMapUiStrings, createMap } from '../map/create-map';
import { geometryBBox } from '../map/geometry';
import { IdleTracker } from '../map/idle';
import { h } from '../panels/dom';
import type { FacilityRecord, IndicatorRow, TownshipDrilldownRow } from './api';
import { indicatorName } from './format';
import { td } from './messages';
import { townshipClassColors, townshipMetricOf, type TownshipClass } from './township-metrics';

const TOWNSHIP_SOURCE = 'db-townships';
const FACILITY_SOURCE = 'db-facilities';
const FILL_LAYER = 'db-townships-fill';
const OUTLINE_LAYER = 'db-townships-outline';
const FACILITY_LAYER = 'db-facilities';
const FIT_PADDING_PX = 24;
/** Map colours in the order of the fill expression. */
const classes = Object.keys(townshipClassColors) as TownshipClass[];

interface TownshipProperties {
  code: string;
  name: string;
  cls: TownshipClass;
  text: string;
}

export class TownshipMap {
  readonly idle: IdleTracker;
  private readonly map;
  private readonly ready: Promise<void>;
  private readonly labels;
  private geometry: TownshipCollection | null = null;
  private properties = new Map<string, TownshipProperties>();
  private pickHandler: ((lonLat: [number, number]) => void) | null = null;
  private popup: Popup | null = null;
  private selectedFacility: string | null = null;

  private selectedTownship: string | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly legend: HTMLElement,
    /** A click on a facility point (its id): the registry opens it. */
    private readonly onFacilityClick: (id: string) => void = () => {},
  ) {
    const created = createMap(container, { zoomIn: td('zoomIn'), zoomOut: td('zoomOut'), closePopup: td('closePopup') });
    this.map = created.map;
    this.idle = new IdleTracker(this.map, container);
    this.map.on('error', (event) => console.warn('Map:', event.error?.message ?? event));
    this.labels = new TownshipLabels(this.map);
    this.ready = created.styleReady.then(() => this.addLayers());
  }

  private addLayers(): void {
    const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
    this.map.addSource(TOWNSHIP_SOURCE, { type: 'geojson', data: empty, promoteId: 'code' });
    this.map.addSource(FACILITY_SOURCE, { type: 'geojson', data: empty, promoteId: 'id' });
    const fillColor: unknown[] = ['match', ['get', 'cls']];
    for (const cls of classes) fillColor.push(cls, townshipClassColors[cls]);
    fillColor.push(townshipClassColors.no_data);
    this.map.addLayer({
      id: FILL_LAYER,
      type: 'fill',
      source: TOWNSHIP_SOURCE,
      paint: {
        'fill-color': fillColor as never,
        'fill-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 0.8, 0.58],
      },
    });
    this.map.addLayer({
      id: OUTLINE_LAYER,
      type: 'line',
      source: TOWNSHIP_SOURCE,
      paint: {
        'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#102a43', '#ffffff'],
        'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 2.5, 1.2],
      },
    });
    this.map.addLayer({
      id: FACILITY_LAYER,
      type: 'circle',
      source: FACILITY_SOURCE,
      paint: {
        'circle-radius': ['case', ['boolean', ['feature-state', 'selected'], false], 7, 3],
        'circle-color': ['case', ['get', 'operating'], '#102a43', '#ffffff'],
        'circle-stroke-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#f29e4c', '#102a43'],
        'circle-stroke-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, 1],
        'circle-opacity': 0.9,
      },
    });
    this.map.on('click', (event) => this.onClick(event));
    this.map.on('mousemove', FILL_LAYER, () => {
      if (!this.pickHandler) this.map.getCanvas().style.cursor = 'pointer';
    });
    this.map.on('mouseleave', FILL_LAYER, () => {
      if (!this.pickHandler) this.map.getCanvas().style.cursor = '';
    });
  }

  /** The townships' outlines (once per jurisdiction); fits the view to them. */
  async setTownships(townships: TownshipCollection): Promise<void> {
    this.geometry = townships;
    await this.ready;
    this.labels.setData(townships);
    this.map.resize();
    const bounds = boundsOf(townships);
    if (bounds) this.map.fitBounds(bounds, { padding: FIT_PADDING_PX, animate: false });
    this.draw();
  }

  /** Colours the townships by `district`'s township figure (grey with a note when it has none). */
  async setIndicator(district: IndicatorRow | null, townships: TownshipDrilldownRow[]): Promise<void> {
    const metric = district ? townshipMetricOf(district.id) : null;
    this.properties = new Map(
      townships.map((township) => [
        township.code,
        {
          code: township.code,
          name: township.name,
          cls: metric && district ? metric.classify(township, district) : 'no_data',
          text: metric ? metric.text(township) : '',
        },
      ]),
    );
    this.renderLegend(district);
    await this.ready;
    this.draw();
  }

  /** The registry's facilities; those operating in `year` are filled. */
  async setFacilities(records: FacilityRecord[], year: number): Promise<void> {
    await this.ready;
    const data: FeatureCollection<Point> = {
      type: 'FeatureCollection',
      features: records.map((record) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [record.lon, record.lat] },
        properties: { id: record.id, name: record.name, slots: record.slots, operating: isOperatingIn(record, year) },
      })),
    };
    void this.map.getSource<GeoJSONSource>(FACILITY_SOURCE)?.setData(data);
    if (this.selectedFacility) this.map.setFeatureState({ source: FACILITY_SOURCE, id: this.selectedFacility }, { selected: true });
  }

  /** Rings one facility (the one being edited) and pans to it. */
  selectFacility(record: FacilityRecord | null): void {
    if (this.selectedFacility && this.map.getSource(FACILITY_SOURCE)) {
      this.map.setFeatureState({ source: FACILITY_SOURCE, id: this.selectedFacility }, { selected: false });
    }
    this.selectedFacility = record?.id ?? null;
    if (record && this.map.getSource(FACILITY_SOURCE)) {
      this.map.setFeatureState({ source: FACILITY_SOURCE, id: record.id }, { selected: true });
      // Pan only when the facility is out of view, so the district stays framed.
      if (!this.map.getBounds().contains([record.lon, record.lat])) this.map.easeTo({ center: [record.lon, record.lat], duration: 300 });
    }
  }

  /** Outlines one township (from the drill-down table) and fits the view to it; null clears. */
  selectTownship(code: string | null): void {
    if (!this.map.getSource(TOWNSHIP_SOURCE)) return;
    if (this.selectedTownship !== null)
      this.map.setFeatureState({ source: TOWNSHIP_SOURCE, id: this.selectedTownship }, { selected: false });
    this.selectedTownship = code;
    if (code === null) return;
    this.map.setFeatureState({ source: TOWNSHIP_SOURCE, id: code }, { selected: true });
    const feature = this.geometry?.features.find((candidate) => candidate.properties.code === code);
    const box = feature ? geometryBBox(feature.geometry) : null;
    if (box)
      this.map.fitBounds(
        [
          [box[0], box[1]],
          [box[2], box[3]],
        ],
        { padding: FIT_PADDING_PX * 2, duration: 400 },
      );
  }

  /** Until cancelled, the next map click calls `handler` with [lon, lat] (WGS84). */
  pick(handler: ((lonLat: [number, number]) => void) | null): void {
    this.pickHandler = handler;
    this.map.getCanvas().style.cursor = handler ? 'crosshair' : '';
    this.container.classList.toggle('is-picking', handler !== null);
  }

  /** Re-applies texts after a language switch. */
  renderText(district: IndicatorRow | null): void {
    applyMapUiStrings(this.container, { zoomIn: td('zoomIn'), zoomOut: td('zoomOut'), closePopup: td('closePopup') });
    this.container.setAttribute('aria-label', td('mapLabel'));
    this.renderLegend(district);
  }

  private draw(): void {
    if (!this.geometry || !this.map.getSource(TOWNSHIP_SOURCE)) return;
    const data: FeatureCollection<Polygon | MultiPolygon, TownshipProperties> = {
      type: 'FeatureCollection',
      features: this.geometry.features.map((feature) => ({
        type: 'Feature',
        geometry: feature.geometry,
        properties: this.properties.get(feature.properties.code) ?? {
          code: feature.properties.code,
          name: feature.properties.name,
          cls: 'no_data',
          text: '',
        },
      })),
    };
    void this.map.getSource<GeoJSONSource>(TOWNSHIP_SOURCE)!.setData(data);
  }

  private onClick(event: MapMouseEvent): void {
    if (this.pickHandler) {
      const handler = this.pickHandler;
      this.pick(null);
      handler([Number(event.lngLat.lng.toFixed(6)), Number(event.lngLat.lat.toFixed(6))]);
      return;
    }
    const facility = this.map.queryRenderedFeatures(event.point, { layers: [FACILITY_LAYER] })[0];
    const township = this.map.queryRenderedFeatures(event.point, { layers: [FILL_LAYER] })[0];
    this.popup?.remove();
    let content: HTMLElement | null = null;
    if (facility) {
      const p = facility.properties as { id: string; name: string; slots: number };
      this.onFacilityClick(p.id);
      content = h('div', { className: 'db-popup' }, h('strong', {}, p.name), h('span', {}, `${p.id} · ${td('slotsN', { n: p.slots })}`));
    } else if (township) {
      const p = this.properties.get(String(township.properties.code));
      if (p) content = h('div', { className: 'db-popup' }, h('strong', {}, p.name), p.text ? h('span', {}, p.text) : null);
    }
    if (content)
      this.popup = new Popup({ closeButton: true, maxWidth: '260px' }).setLngLat(event.lngLat).setDOMContent(content).addTo(this.map);
  }

  private renderLegend(district: IndicatorRow | null): void {
    const metric = district ? townshipMetricOf(district.id) : null;
    this.legend.replaceChildren(
      h('span', { className: 'db-legend-title' }, district ? indicatorName(district) : ''),
      ...(metric && district
        ? metric
            .legend(district)
            .map((entry) =>
              h(
                'span',
                { className: 'db-legend-item' },
                h('span', { className: 'db-legend-swatch', style: `background:${townshipClassColors[entry.cls]}` }),
                entry.label,
              ),
            )
        : [h('span', { className: 'db-legend-none' }, td('noTownshipFigure'))]),
      h(
        'span',
        { className: 'db-legend-item db-legend-facility' },
        h('span', { className: 'db-legend-dot', 'aria-hidden': 'true' }),
        td('legendFacility'),
      ),
    );
  }
}

function boundsOf(townships: TownshipCollection): [[number, number], [number, number]] | null {
  const box = geometryBBox({ type: 'GeometryCollection', geometries: townships.features.map((feature) => feature.geometry) });
  return box
    ? [
        [box[0], box[1]],
        [box[2], box[3]],
      ]
    : null;
}
