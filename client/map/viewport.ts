/**
 * Where the map looks and what it shows at a scale: fitting an area or a few points (clear of the layer
 * card), metres per pixel at a latitude, the one popup open at a time, and the PNG snapshot of the map
 * for the printed check.
 */
import { Popup, type Map as MapLibreMap } from 'maplibre-gl';
import type { LonLat } from '../layers/project-check';
import type { BBox } from './geometry';

const FIT_PADDING_PX = 48;
/** Closest zoom when fitting a checked project and its nearest facilities. */
const POINTS_MAX_ZOOM = 15;
/** MapLibre's tile size: metres per pixel = equator circumference × cos(lat) / (512 × 2^zoom). */
const TILE_SIZE_PX = 512;
const EQUATOR_CIRCUMFERENCE_M = 40_075_016.686;

export class MapViewport {
  private popup: Popup | null = null;

  constructor(
    private readonly map: MapLibreMap,
    private readonly mapElement: HTMLElement,
    /** The layer card floating over the map's left side. */
    private readonly layerCard: HTMLElement,
  ) {}

  /** Keeps fitted areas clear of the layer card when the map is wide enough to spare the room. */
  private padding(): { top: number; right: number; bottom: number; left: number } {
    const mapWidth = this.mapElement.clientWidth;
    const cardRoom = this.layerCard.offsetWidth + FIT_PADDING_PX / 2;
    const left = mapWidth > 2.5 * cardRoom ? cardRoom + FIT_PADDING_PX / 2 : FIT_PADDING_PX;
    return { top: FIT_PADDING_PX, right: FIT_PADDING_PX, bottom: FIT_PADDING_PX, left };
  }

  fitBBox(bbox: BBox, animate: boolean, maxZoom?: number): void {
    const [minLon, minLat, maxLon, maxLat] = bbox;
    if (![minLon, minLat, maxLon, maxLat].every(Number.isFinite)) return;
    this.map.fitBounds(
      [
        [minLon, minLat],
        [maxLon, maxLat],
      ],
      { padding: this.padding(), animate, ...(maxZoom === undefined ? {} : { maxZoom }) },
    );
  }

  /** Fits the map to a few points (a checked project and its facilities, suggested sites), not closer than a street. */
  fitPoints(points: readonly LonLat[]): void {
    const lons = points.map((point) => point[0]);
    const lats = points.map((point) => point[1]);
    this.fitBBox([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], true, POINTS_MAX_ZOOM);
  }

  /** Ground metres one screen pixel covers at `latitude` (degrees) at the current zoom. */
  metresPerPixel(latitude: number): number {
    return (EQUATOR_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (TILE_SIZE_PX * 2 ** this.map.getZoom());
  }

  openPopup(lngLat: LonLat, content: HTMLElement): void {
    this.closePopup();
    this.popup = new Popup({ maxWidth: '300px', closeButton: true, focusAfterOpen: false })
      .setLngLat(lngLat)
      .setDOMContent(content)
      .addTo(this.map);
  }

  closePopup(): void {
    this.popup?.remove();
    this.popup = null;
  }

  /**
   * A PNG of the map made by `draw` from the canvas, read inside the 'render' event while the WebGL
   * drawing buffer still holds the frame; null when the canvas cannot be read.
   */
  snapshot(draw: (canvas: HTMLCanvasElement) => string | null): Promise<string | null> {
    const capture = (): Promise<string | null> =>
      new Promise((resolve) => {
        this.map.once('render', () => {
          try {
            resolve(draw(this.map.getCanvas()));
          } catch {
            resolve(null); // a tainted canvas (foreign basemap without CORS) cannot be read
          }
        });
        this.map.triggerRepaint();
      });
    if (!this.map.isMoving() && this.map.loaded()) return capture();
    return new Promise((resolve) => this.map.once('idle', () => void capture().then(resolve)));
  }
}
