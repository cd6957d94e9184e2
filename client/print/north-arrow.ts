/**
 * The north arrow of a printed map. MapLibre's bearing is the compass direction the top of the map faces,
 * degrees clockwise from north; north then lies `bearing` degrees anticlockwise from the top, so the
 * arrow is turned by −bearing.
 */
import { h } from '../panels/dom';

/** Rotation of the arrow in degrees clockwise, in [0, 360). */
export function northArrowRotation(bearing: number): number {
  return (((-bearing % 360) + 360) % 360) + 0;
}

const ARROW_SVG =
  '<svg viewBox="0 0 40 56" width="40" height="56" aria-hidden="true">' +
  '<polygon points="20,4 32,44 20,36 8,44" fill="#102a43"/>' +
  '<polygon points="20,4 20,36 8,44" fill="#fff" stroke="#102a43" stroke-width="1.5"/>' +
  '</svg>';

export function northArrow(bearing: number, label: string): HTMLElement {
  const arrow = h('div', {
    className: 'north-arrow',
    role: 'img',
    'aria-label': label,
    'data-rotation': northArrowRotation(bearing),
    style: `transform: rotate(${northArrowRotation(bearing)}deg)`,
  });
  // A fixed drawing of our own, not user text.
  arrow.innerHTML = `<span class="north-arrow-n">N</span>${ARROW_SVG}`;
  return arrow;
}
