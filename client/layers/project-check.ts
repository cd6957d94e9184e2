/**
 * The project check on the map: the location being entered (a point, or a footprint drawn vertex by
 * vertex), and once checked the site, its footprint, and the nearest operating facilities joined to the
 * site by dashed lines and numbered as in the result card. The lines are straight for legibility; the
 * distances in the card are walking distances along the network.
 * All coordinates are WGS84 [longitude, latitude].
 */
import { Marker, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { Feature, FeatureCollection, Polygon } from 'geojson';

export const DRAFT_SOURCE = 'project-check-draft';
export const RESULT_SOURCE = 'project-check-result';

export type LonLat = [number, number];

/** What the user has entered so far. `hover` is the pointer while drawing (the rubber band). */
export interface LocationDraft {
  point: LonLat | null;
  vertices: LonLat[];
  closed: boolean;
  hover: LonLat | null;
}

export interface CheckOnMap {
  site: LonLat;
  footprint: Polygon | null;
  compliant: boolean;
  /** Nearest facilities in the card's order; those without a known position are skipped. */
  facilities: { position: LonLat; rank: number }[];
}

export const projectCheckColors = {
  draft: '#1f6fb2',
  compliant: '#1a9850',
  short: '#d7301f',
  link: '#334e68',
} as const;

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };

function role(name: string): { role: string } {
  return { role: name };
}

export function addProjectCheckLayers(map: MapLibreMap): void {
  map.addSource(RESULT_SOURCE, { type: 'geojson', data: empty });
  map.addSource(DRAFT_SOURCE, { type: 'geojson', data: empty });
  const resultColor: ExpressionSpecification = ['case', ['get', 'compliant'], projectCheckColors.compliant, projectCheckColors.short];
  map.addLayer({
    id: 'project-check-footprint-fill',
    type: 'fill',
    source: RESULT_SOURCE,
    filter: ['==', ['get', 'role'], 'footprint'],
    paint: { 'fill-color': resultColor, 'fill-opacity': 0.25 },
  });
  map.addLayer({
    id: 'project-check-footprint-line',
    type: 'line',
    source: RESULT_SOURCE,
    filter: ['==', ['get', 'role'], 'footprint'],
    paint: { 'line-color': resultColor, 'line-width': 2.5 },
  });
  map.addLayer({
    id: 'project-check-links',
    type: 'line',
    source: RESULT_SOURCE,
    filter: ['==', ['get', 'role'], 'link'],
    layout: { 'line-cap': 'round' },
    paint: { 'line-color': projectCheckColors.link, 'line-width': 1.8, 'line-dasharray': [2, 2], 'line-opacity': 0.85 },
  });
  map.addLayer({
    id: 'project-check-site',
    type: 'circle',
    source: RESULT_SOURCE,
    filter: ['==', ['get', 'role'], 'site'],
    paint: {
      'circle-radius': 8,
      'circle-color': '#ffffff',
      'circle-stroke-color': resultColor,
      'circle-stroke-width': 5,
    },
  });
  map.addLayer({
    id: 'project-check-draft-fill',
    type: 'fill',
    source: DRAFT_SOURCE,
    filter: ['==', ['get', 'role'], 'area'],
    paint: { 'fill-color': projectCheckColors.draft, 'fill-opacity': 0.15 },
  });
  map.addLayer({
    id: 'project-check-draft-line',
    type: 'line',
    source: DRAFT_SOURCE,
    filter: ['==', ['get', 'role'], 'outline'],
    paint: { 'line-color': projectCheckColors.draft, 'line-width': 2, 'line-dasharray': [3, 1.5] },
  });
  map.addLayer({
    id: 'project-check-draft-points',
    type: 'circle',
    source: DRAFT_SOURCE,
    filter: ['in', ['get', 'role'], ['literal', ['vertex', 'point']]],
    paint: {
      'circle-radius': ['case', ['==', ['get', 'role'], 'point'], 7, 4.5],
      'circle-color': ['case', ['==', ['get', 'role'], 'point'], projectCheckColors.draft, '#ffffff'],
      'circle-stroke-color': ['case', ['==', ['get', 'role'], 'point'], '#ffffff', projectCheckColors.draft],
      'circle-stroke-width': 2.5,
    },
  });
}

export function setDraft(map: MapLibreMap, draft: LocationDraft | null): void {
  const features: Feature[] = [];
  if (draft?.point) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: draft.point }, properties: role('point') });
  if (draft && draft.vertices.length > 0) {
    const path = [...draft.vertices];
    if (draft.closed) path.push(draft.vertices[0]!);
    else if (draft.hover) path.push(draft.hover);
    if (path.length >= 2) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: path }, properties: role('outline') });
    const ring = draft.closed || !draft.hover ? draft.vertices : [...draft.vertices, draft.hover];
    if (ring.length >= 3) {
      features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] }, properties: role('area') });
    }
    for (const vertex of draft.vertices) {
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: vertex }, properties: role('vertex') });
    }
  }
  (map.getSource(DRAFT_SOURCE) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
}

/** Draws a check's result; the numbered facility badges are HTML markers kept here so they can be removed. */
export class CheckResultOverlay {
  private markers: Marker[] = [];
  private ranks: { position: LonLat; rank: number }[] = [];

  constructor(private readonly map: MapLibreMap) {}

  show(check: CheckOnMap | null): void {
    for (const marker of this.markers) marker.remove();
    this.markers = [];
    this.ranks = check?.facilities ?? [];
    const features: Feature[] = [];
    if (check) {
      const compliant = check.compliant;
      if (check.footprint) features.push({ type: 'Feature', geometry: check.footprint, properties: { role: 'footprint', compliant } });
      for (const facility of check.facilities) {
        features.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: [check.site, facility.position] },
          properties: { role: 'link', compliant },
        });
        const badge = document.createElement('div');
        badge.className = 'facility-rank-marker';
        badge.textContent = String(facility.rank);
        badge.setAttribute('aria-hidden', 'true');
        this.markers.push(new Marker({ element: badge }).setLngLat(facility.position).addTo(this.map));
      }
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: check.site }, properties: { role: 'site', compliant } });
    }
    (this.map.getSource(RESULT_SOURCE) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
  }

  /**
   * The map canvas as a PNG with the facility numbers painted where their HTML markers are (markers are
   * not part of the WebGL canvas). Call while the canvas still holds a frame (in a 'render' handler).
   */
  snapshot(mapCanvas: HTMLCanvasElement): string {
    if (this.ranks.length === 0) return mapCanvas.toDataURL('image/png');
    const canvas = document.createElement('canvas');
    canvas.width = mapCanvas.width;
    canvas.height = mapCanvas.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(mapCanvas, 0, 0);
    const ratio = mapCanvas.width / mapCanvas.clientWidth;
    context.font = `700 ${11 * ratio}px system-ui, sans-serif`;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    for (const { position, rank } of this.ranks) {
      const point = this.map.project(position);
      const x = point.x * ratio;
      const y = point.y * ratio;
      context.beginPath();
      context.arc(x, y, 10 * ratio, 0, 2 * Math.PI);
      context.fillStyle = projectCheckColors.link;
      context.fill();
      context.lineWidth = 2 * ratio;
      context.strokeStyle = '#ffffff';
      context.stroke();
      context.fillStyle = '#ffffff';
      context.fillText(String(rank), x, y + 0.5 * ratio);
    }
    return canvas.toDataURL('image/png');
  }
}
