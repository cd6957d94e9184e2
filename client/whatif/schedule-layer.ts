/**
 * The scheduled openings on the map (排期规划): one circle per site in its year's colour, numbered as
 * in the schedule's table, with a legend of the years in the map's corner. Shown only while the
 * what-if tab is open and a schedule is on screen. Coordinates WGS84 [longitude, latitude].
 */
import { Marker, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import type { Feature } from 'geojson';
import { h, replaceChildren } from '../panels/dom';
import type { LonLat } from './layers';
import { tsch } from './schedule-messages';

export const SCHEDULE_SOURCE = 'whatif-schedule';
export const SCHEDULE_LAYER = 'whatif-schedule-sites';
/** The number sits at the circle's upper right, so the year's colour stays visible. */
const BADGE_OFFSET: [number, number] = [12, -12];

/** What to draw: the sites with their number, year and colour, and the legend's years. */
export interface ScheduleDrawing {
  sites: { position: LonLat; number: number; year: number; colour: string; slots: number }[];
  years: { year: number; colour: string; count: number }[];
}

export class ScheduleOverlay {
  private markers: Marker[] = [];
  private readonly legend: HTMLElement;
  private drawing: ScheduleDrawing | null = null;

  constructor(private readonly map: MapLibreMap) {
    this.legend = h('div', { className: 'sched-legend', id: 'sched-legend', hidden: true, role: 'group' });
    map.getContainer().append(this.legend);
  }

  /** Adds the source and layer (once the style is ready, above the what-if layers), then draws what is pending. */
  addLayers(): void {
    if (this.map.getSource(SCHEDULE_SOURCE)) return;
    this.map.addSource(SCHEDULE_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    this.map.addLayer({
      id: SCHEDULE_LAYER,
      type: 'circle',
      source: SCHEDULE_SOURCE,
      paint: {
        'circle-radius': 11,
        'circle-color': ['get', 'colour'],
        // A dark ring tells a scheduled site from the facilities and proposed sites around it.
        'circle-stroke-color': '#1f2933',
        'circle-stroke-width': 3,
      },
    });
    this.redraw();
  }

  show(drawing: ScheduleDrawing | null): void {
    this.drawing = drawing;
    this.redraw();
  }

  private redraw(): void {
    for (const marker of this.markers) marker.remove();
    this.markers = [];
    const drawing = this.drawing;
    const features: Feature[] = (drawing?.sites ?? []).map((site) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: site.position },
      properties: { number: site.number, year: site.year, colour: site.colour, slots: site.slots },
    }));
    void this.map.getSource<GeoJSONSource>(SCHEDULE_SOURCE)?.setData({ type: 'FeatureCollection', features });
    for (const site of drawing?.sites ?? []) {
      const badge = h(
        'div',
        { className: 'sched-badge', title: `${site.year} · #${site.number}`, 'aria-hidden': 'true' },
        String(site.number),
      );
      this.markers.push(new Marker({ element: badge, offset: BADGE_OFFSET }).setLngLat(site.position).addTo(this.map));
    }
    this.redrawLegend();
  }

  private redrawLegend(): void {
    const years = this.drawing?.years ?? [];
    this.legend.hidden = years.length === 0;
    this.legend.setAttribute('aria-label', tsch('schedLegendTitle'));
    replaceChildren(
      this.legend,
      h('strong', {}, tsch('schedLegendTitle')),
      h(
        'ul',
        { className: 'legend-list' },
        years.map((entry) =>
          h(
            'li',
            { 'data-year': entry.year },
            h('i', {
              className: 'swatch swatch-circle',
              'aria-hidden': 'true',
              style: `--swatch-color: ${entry.colour}; --swatch-size: 12px`,
            }),
            h('span', {}, tsch('schedLegendYear', { year: entry.year, n: entry.count })),
          ),
        ),
      ),
    );
  }
}
