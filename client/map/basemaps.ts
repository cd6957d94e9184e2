/**
 * The basemap switch: the offline basemap (our own roads on a plain background, always offered) and the
 * raster basemaps the operator configured (GET /api/config: Tianditu vector or imagery, an XYZ template).
 * A raster basemap is drawn just above the background, under every layer of ours (roads included); its
 * attribution goes on the source, so MapLibre's AttributionControl shows it while it is on the map.
 */
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import type { Basemap } from '../api/types';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { h, replaceChildren } from '../panels/dom';

const PREFIX = 'basemap-';
/** Tianditu and common XYZ services serve 256 px tiles. */
const TILE_SIZE_PX = 256;

const names: Record<Basemap['id'], MessageKey> = {
  offline: 'basemapOffline',
  'tianditu-vector': 'basemapTiandituVector',
  'tianditu-imagery': 'basemapTiandituImagery',
  xyz: 'basemapXyz',
};

/** Replaces the raster basemap on `map` by `basemap` (none for the offline one). */
export function applyBasemap(map: MapLibreMap, basemap: Basemap): void {
  const style = map.getStyle();
  for (const layer of style.layers) if (layer.id.startsWith(PREFIX)) map.removeLayer(layer.id);
  for (const id of Object.keys(style.sources)) if (id.startsWith(PREFIX)) map.removeSource(id);
  // Just above the background: under our first layer, whatever has been added by now.
  const firstOurs = map.getStyle().layers.find((layer) => layer.type !== 'background')?.id;
  basemap.layers.forEach((layer, index) => {
    const id = `${PREFIX}${basemap.id}-${index}`;
    // One attribution per basemap, on its first source.
    map.addSource(id, {
      type: 'raster',
      tiles: layer.tiles,
      tileSize: TILE_SIZE_PX,
      attribution: index === 0 ? basemap.attribution : undefined,
    });
    map.addLayer({ id, type: 'raster', source: id }, firstOurs);
  });
}

/** A select on the map listing the basemaps; hidden while only the offline one is offered. */
export class BasemapControl implements IControl {
  private element: HTMLElement | null = null;
  private basemaps: Basemap[] = [];
  private selected: Basemap['id'] = 'offline';

  constructor(private readonly map: MapLibreMap) {}

  onAdd(): HTMLElement {
    this.element = h('div', { className: 'maplibregl-ctrl maplibregl-ctrl-group map-print-control basemap-control' });
    this.render();
    return this.element;
  }

  onRemove(): void {
    this.element?.remove();
    this.element = null;
  }

  setBasemaps(basemaps: Basemap[]): void {
    this.basemaps = basemaps;
    this.render();
  }

  render(): void {
    if (!this.element) return;
    this.element.hidden = this.basemaps.length < 2;
    const select = h(
      'select',
      { id: 'basemap-select', 'aria-label': t('basemap'), title: t('basemap') },
      this.basemaps.map((basemap) => h('option', { value: basemap.id, selected: basemap.id === this.selected }, t(names[basemap.id]))),
    );
    select.addEventListener('change', () => {
      const basemap = this.basemaps.find((item) => item.id === select.value);
      if (!basemap) return;
      this.selected = basemap.id;
      applyBasemap(this.map, basemap);
    });
    replaceChildren(this.element, select);
  }
}
