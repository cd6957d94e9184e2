/**
 * The wizard's map: each uploaded layer drawn from the preview's converted features (WGS84), one colour
 * per layer, fitted to all of them — also while the preview has problems: what could be read is drawn,
 * and the features a problem names (`_problem`, set by the server) are drawn in the problem colour,
 * thicker, so the user sees where the rows to fix are.
 */
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { createMap } from '../map/create-map';
import { t } from '../i18n/i18n';
import type { LayerPreview } from './api';

/** Colour of a feature a problem names, whatever its layer. */
const PROBLEM_COLOUR = '#e4002b';
const isProblem: ExpressionSpecification = ['==', ['get', '_problem'], true];

const COLOURS: Record<string, string> = {
  townships: '#1f6fb2',
  facilities: '#d7301f',
  population: '#d9822b',
  roads: '#627d98',
  projects: '#1a9850',
  health: '#7b3294',
};

export class PreviewMap {
  private readonly map: MapLibreMap;
  private readonly ready: Promise<void>;
  private readonly shown = new Set<string>();

  constructor(container: HTMLElement) {
    const created = createMap(container, { zoomIn: t('zoomIn'), zoomOut: t('zoomOut'), closePopup: t('closePopup') });
    this.map = created.map;
    this.ready = created.styleReady;
  }

  /** Draws the layers that carry features, replacing what was drawn before; fits the view to them. */
  async show(layers: readonly LayerPreview[]): Promise<void> {
    await this.ready;
    const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    const drawn = new Set<string>();
    for (const layer of layers) {
      const collection = layer.geometry as FeatureCollection | undefined;
      if (!collection || collection.type !== 'FeatureCollection') continue;
      const id = `import-${layer.layer}`;
      drawn.add(id);
      const source = this.map.getSource<GeoJSONSource>(id);
      if (source) void source.setData(collection);
      else this.add(id, layer.layer, collection);
      extend(bounds, collection);
    }
    for (const id of this.shown) if (!drawn.has(id)) this.remove(id);
    this.shown.clear();
    for (const id of drawn) this.shown.add(id);
    if (Number.isFinite(bounds[0])) this.map.fitBounds(bounds, { padding: 40, duration: 0, maxZoom: 15 });
  }

  private add(id: string, layer: string, data: FeatureCollection): void {
    const colour = COLOURS[layer] ?? '#334e68';
    this.map.addSource(id, { type: 'geojson', data });
    this.map.addLayer({
      id: `${id}-fill`,
      type: 'fill',
      source: id,
      filter: ['==', '$type', 'Polygon'],
      paint: { 'fill-color': ['case', isProblem, PROBLEM_COLOUR, colour], 'fill-opacity': ['case', isProblem, 0.3, 0.12] },
    });
    this.map.addLayer({
      id: `${id}-line`,
      type: 'line',
      source: id,
      filter: ['!=', '$type', 'Point'],
      paint: { 'line-color': ['case', isProblem, PROBLEM_COLOUR, colour], 'line-width': ['case', isProblem, 3, 1.5] },
    });
    this.map.addLayer({
      id: `${id}-point`,
      type: 'circle',
      source: id,
      filter: ['==', '$type', 'Point'],
      paint: {
        'circle-color': ['case', isProblem, PROBLEM_COLOUR, colour],
        'circle-radius': ['case', isProblem, 7, 5],
        'circle-stroke-color': ['case', isProblem, '#000', '#fff'],
        'circle-stroke-width': ['case', isProblem, 2, 1],
      },
    });
  }

  private remove(id: string): void {
    for (const suffix of ['-fill', '-line', '-point']) if (this.map.getLayer(`${id}${suffix}`)) this.map.removeLayer(`${id}${suffix}`);
    if (this.map.getSource(id)) this.map.removeSource(id);
  }
}

function extend(bounds: [number, number, number, number], collection: FeatureCollection): void {
  const visit = (coordinates: unknown): void => {
    if (!Array.isArray(coordinates)) return;
    if (typeof coordinates[0] === 'number' && typeof coordinates[1] === 'number') {
      const [lon, lat] = coordinates as [number, number];
      bounds[0] = Math.min(bounds[0], lon);
      bounds[1] = Math.min(bounds[1], lat);
      bounds[2] = Math.max(bounds[2], lon);
      bounds[3] = Math.max(bounds[3], lat);
      return;
    }
    for (const part of coordinates) visit(part);
  };
  for (const feature of collection.features) {
    const geometry = feature.geometry as { coordinates?: unknown } | null;
    visit(geometry?.coordinates);
  }
}
