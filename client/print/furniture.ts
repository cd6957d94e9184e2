/**
 * Map furniture painted into a map picture (the project check's printed map, a cropped PNG): a north
 * arrow turned with the map's bearing at the top right and a metric scale bar at the bottom left.
 * Painted into the pixels, so they stay true to the picture however the sheet scales it.
 */
import { northArrowRotation } from './north-arrow';
import { scaleBar } from './scale-bar';

export interface FurnitureFacts {
  /** The map's bearing, degrees clockwise from north. */
  bearing: number;
  /** Ground metres per CSS pixel of the map. */
  metresPerPixel: number;
  /** Canvas pixels per CSS pixel (device pixel ratio of the map canvas). */
  ratio: number;
}

export function paintFurniture(context: CanvasRenderingContext2D, width: number, height: number, facts: FurnitureFacts): void {
  const { ratio } = facts;
  const ink = '#102a43';
  context.save();
  // North arrow: a 28 px tall split arrow with "N" above, around its own centre.
  context.translate(width - 26 * ratio, 34 * ratio);
  context.rotate((northArrowRotation(facts.bearing) * Math.PI) / 180);
  context.fillStyle = 'rgba(255, 255, 255, 0.85)';
  context.beginPath();
  context.arc(0, 0, 22 * ratio, 0, 2 * Math.PI);
  context.fill();
  context.fillStyle = ink;
  context.beginPath();
  context.moveTo(0, -8 * ratio);
  context.lineTo(7 * ratio, 16 * ratio);
  context.lineTo(0, 11 * ratio);
  context.lineTo(-7 * ratio, 16 * ratio);
  context.closePath();
  context.fill();
  context.font = `700 ${11 * ratio}px system-ui, sans-serif`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText('N', 0, -15 * ratio);
  context.restore();

  // Scale bar: a round distance of at most 100 CSS px, with its label.
  const bar = scaleBar(facts.metresPerPixel, 100);
  const x = 12 * ratio;
  const y = height - 14 * ratio;
  const length = bar.px * ratio;
  context.save();
  context.fillStyle = 'rgba(255, 255, 255, 0.85)';
  context.fillRect(x - 4 * ratio, y - 18 * ratio, length + 8 * ratio, 24 * ratio);
  context.strokeStyle = ink;
  context.lineWidth = 2 * ratio;
  context.beginPath();
  context.moveTo(x, y - 6 * ratio);
  context.lineTo(x, y);
  context.lineTo(x + length, y);
  context.lineTo(x + length, y - 6 * ratio);
  context.stroke();
  context.fillStyle = ink;
  context.font = `600 ${10 * ratio}px system-ui, sans-serif`;
  context.textAlign = 'center';
  context.textBaseline = 'bottom';
  context.fillText(bar.label, x + length / 2, y - 4 * ratio);
  context.restore();
}
