/**
 * A printed scale bar: the longest round distance (1, 2 or 5 × a power of ten metres) that fits in
 * `maxPx` pixels of the map at `metresPerPixel`, as MapLibre's ScaleControl chooses it on screen.
 */
export interface ScaleBar {
  /** The distance the bar stands for, metres. */
  metres: number;
  /** The bar's length on the map, CSS pixels. */
  px: number;
  /** "500 m", "2 km". */
  label: string;
}

export function scaleBar(metresPerPixel: number, maxPx = 120): ScaleBar {
  const maxMetres = metresPerPixel * maxPx;
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  const step = [5, 2, 1].find((factor) => factor * power <= maxMetres) ?? 1;
  const metres = step * power;
  return { metres, px: metres / metresPerPixel, label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m` };
}
