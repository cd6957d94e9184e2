/**
 * The project check on the map: the location being entered (a point, or a footprint drawn vertex by
 * vertex), and once checked the site, its footprint, and the nearest operating facilities joined to the
 * site by dashed lines and numbered as in the result card. The lines are straight for legibility; the
 * distances in the card are walking distances along the network.
 * All coordinates are WGS84 [longitude, latitude].
 */
import { Marker, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import type { ExpressionSpecification, FilterSpecification } from '@maplibre/maplibre-gl-style-spec';
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

/** Both sources mark each feature's part with a `role` property; each layer draws one or more parts. */
function whereRole(...names: string[]): FilterSpecification {
  return names.length === 1 ? ['==', ['get', 'role'], names[0]!] : ['in', ['get', 'role'], ['literal', names]];
}

export function addProjectCheckLayers(map: MapLibreMap): void {
  map.addSource(RESULT_SOURCE, { type: 'geojson', data: empty });
  map.addSource(DRAFT_SOURCE, { type: 'geojson', data: empty });
  const resultColor: ExpressionSpecification = ['case', ['get', 'compliant'], projectCheckColors.compliant, projectCheckColors.short];
  const footprint = { source: RESULT_SOURCE, filter: whereRole('footprint') };
  map.addLayer({
    id: 'project-check-footprint-fill',
    type: 'fill',
    ...footprint,
    paint: { 'fill-color': resultColor, 'fill-opacity': 0.25 },
  });
  map.addLayer({ id: 'project-check-footprint-line', type: 'line', ...footprint, paint: { 'line-color': resultColor, 'line-width': 2.5 } });
  map.addLayer({
    id: 'project-check-links',
    type: 'line',
    source: RESULT_SOURCE,
    filter: whereRole('link'),
    layout: { 'line-cap': 'round' },
    paint: { 'line-color': projectCheckColors.link, 'line-width': 1.8, 'line-dasharray': [2, 2], 'line-opacity': 0.85 },
  });
  map.addLayer({
    id: 'project-check-site',
    type: 'circle',
    source: RESULT_SOURCE,
    filter: whereRole('site'),
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
    filter: whereRole('area'),
    paint: { 'fill-color': projectCheckColors.draft, 'fill-opacity': 0.15 },
  });
  map.addLayer({
    id: 'project-check-draft-line',
    type: 'line',
    source: DRAFT_SOURCE,
    filter: whereRole('outline'),
    paint: { 'line-color': projectCheckColors.draft, 'line-width': 2, 'line-dasharray': [3, 1.5] },
  });
  const isPoint: ExpressionSpecification = ['==', ['get', 'role'], 'point'];
  map.addLayer({
    id: 'project-check-draft-points',
    type: 'circle',
    source: DRAFT_SOURCE,
    filter: whereRole('vertex', 'point'),
    paint: {
      'circle-radius': ['case', isPoint, 7, 4.5],
      'circle-color': ['case', isPoint, projectCheckColors.draft, '#ffffff'],
      'circle-stroke-color': ['case', isPoint, '#ffffff', projectCheckColors.draft],
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
    if (path.length >= 2)
      features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: path }, properties: role('outline') });
    const ring = draft.closed || !draft.hover ? draft.vertices : [...draft.vertices, draft.hover];
    if (ring.length >= 3) {
      features.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] }, properties: role('area') });
    }
    for (const vertex of draft.vertices) {
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: vertex }, properties: role('vertex') });
    }
  }
  void map.getSource<GeoJSONSource>(DRAFT_SOURCE)?.setData({ type: 'FeatureCollection', features });
}

/** Draws a check's result; the numbered facility badges are HTML markers kept here so they can be removed. */
export class CheckResultOverlay {
  private markers: Marker[] = [];
  private ranks: { position: LonLat; rank: number }[] = [];
  private site: LonLat | null = null;

  constructor(private readonly map: MapLibreMap) {}

  show(check: CheckOnMap | null): void {
    for (const marker of this.markers) marker.remove();
    this.markers = [];
    this.ranks = check?.facilities ?? [];
    this.site = check?.site ?? null;
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
    void this.map.getSource<GeoJSONSource>(RESULT_SOURCE)?.setData({ type: 'FeatureCollection', features });
  }

  /**
   * The map canvas as a PNG for printing: cropped to the site and its numbered facilities at
   * `aspect` (width ÷ height), with the numbers painted where their HTML markers are (markers are not
   * part of the WebGL canvas). Call while the canvas still holds a frame (in a 'render' handler).
   */
  snapshot(
    mapCanvas: HTMLCanvasElement,
    aspect: number,
    /** Paints over the picture last (north arrow, scale bar); gets canvas pixels per CSS pixel. */
    decorate?: (context: CanvasRenderingContext2D, width: number, height: number, ratio: number) => void,
  ): string {
    const ratio = mapCanvas.width / mapCanvas.clientWidth;
    const crop = this.cropBox(mapCanvas, ratio, aspect);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(crop.width);
    canvas.height = Math.round(crop.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(mapCanvas, crop.x, crop.y, crop.width, crop.height, 0, 0, canvas.width, canvas.height);
    context.font = `700 ${11 * ratio}px system-ui, sans-serif`;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    for (const { position, rank } of this.ranks) {
      const point = this.map.project(position);
      const x = point.x * ratio - crop.x;
      const y = point.y * ratio - crop.y;
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
    decorate?.(context, canvas.width, canvas.height, ratio);
    return canvas.toDataURL('image/png');
  }

  /** Canvas pixels around the site and facilities (with a margin), widened to `aspect`, inside the canvas. */
  private cropBox(mapCanvas: HTMLCanvasElement, ratio: number, aspect: number): { x: number; y: number; width: number; height: number } {
    const full = { x: 0, y: 0, width: mapCanvas.width, height: mapCanvas.height };
    const positions = [...(this.site ? [this.site] : []), ...this.ranks.map((rank) => rank.position)];
    if (positions.length === 0) return full;
    const points = positions.map((position) => this.map.project(position));
    const margin = 48 * ratio;
    let minX = Math.min(...points.map((p) => p.x)) * ratio - margin;
    let maxX = Math.max(...points.map((p) => p.x)) * ratio + margin;
    let minY = Math.min(...points.map((p) => p.y)) * ratio - margin;
    let maxY = Math.max(...points.map((p) => p.y)) * ratio + margin;
    // Widen the shorter side around the centre to reach the aspect, then fit inside the canvas.
    const centreX = (minX + maxX) / 2;
    const centreY = (minY + maxY) / 2;
    let width = maxX - minX;
    let height = maxY - minY;
    if (width / height < aspect) width = height * aspect;
    else height = width / aspect;
    const scale = Math.min(1, full.width / width, full.height / height);
    width *= scale;
    height *= scale;
    minX = Math.min(Math.max(centreX - width / 2, 0), full.width - width);
    minY = Math.min(Math.max(centreY - height / 2, 0), full.height - height);
    maxX = minX + width;
    maxY = minY + height;
    return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
  }
}
