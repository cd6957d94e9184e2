/**
 * Township names as HTML markers: the default style has no glyphs (no network), so MapLibre symbol
 * layers cannot draw text. Markers ignore the pointer so clicks reach the polygons beneath.
 */
import { Marker, type Map as MapLibreMap } from 'maplibre-gl';
import type { TownshipCollection } from '../api/types';
import { labelPosition } from '../map/geometry';

export class TownshipLabels {
  private markers: Marker[] = [];
  private visible = true;

  constructor(private readonly map: MapLibreMap) {}

  setData(townships: TownshipCollection): void {
    this.clear();
    for (const feature of townships.features) {
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
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    for (const marker of this.markers) {
      if (visible) marker.addTo(this.map);
      else marker.remove();
    }
  }

  private clear(): void {
    for (const marker of this.markers) marker.remove();
    this.markers = [];
  }
}
