/**
 * Township names as HTML markers: the default style has no glyphs (no network), so MapLibre symbol
 * layers cannot draw text. Markers ignore the pointer so clicks reach the polygons beneath. After each
 * move, a name that would overlap a more populous township's name is hidden, as symbol layers do.
 */
import { Marker, type Map as MapLibreMap } from 'maplibre-gl';
import type { TownshipCollection } from '../api/types';
import { labelPosition } from '../map/geometry';

export class TownshipLabels {
  private markers: Marker[] = [];
  private visible = true;

  constructor(private readonly map: MapLibreMap) {
    map.on('moveend', () => this.resolveOverlaps());
    map.on('resize', () => this.resolveOverlaps());
  }

  setData(townships: TownshipCollection): void {
    this.clear();
    // Most populous first: they keep their name when two collide.
    const features = [...townships.features].sort((a, b) => b.properties.population - a.properties.population);
    for (const feature of features) {
      const position = labelPosition(feature.geometry);
      if (!position) continue;
      const element = document.createElement('div');
      element.className = 'township-label';
      element.textContent = feature.properties.name;
      element.setAttribute('aria-hidden', 'true');
      const marker = new Marker({ element, anchor: 'center' }).setLngLat(position);
      this.markers.push(marker);
      if (this.visible) marker.addTo(this.map);
    }
    this.resolveOverlaps();
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    for (const marker of this.markers) {
      if (visible) marker.addTo(this.map);
      else marker.remove();
    }
    this.resolveOverlaps();
  }

  /** Hides names whose boxes (plus a small margin, in CSS pixels) overlap a name already shown. */
  private resolveOverlaps(): void {
    if (!this.visible) return;
    const marginPx = 2;
    const shown: DOMRect[] = [];
    for (const marker of this.markers) {
      const element = marker.getElement();
      element.style.visibility = '';
      const box = element.getBoundingClientRect();
      const overlaps = shown.some(
        (other) =>
          box.left - marginPx < other.right &&
          box.right + marginPx > other.left &&
          box.top - marginPx < other.bottom &&
          box.bottom + marginPx > other.top,
      );
      if (overlaps) element.style.visibility = 'hidden';
      else shown.push(box);
    }
  }

  private clear(): void {
    for (const marker of this.markers) marker.remove();
    this.markers = [];
  }
}
