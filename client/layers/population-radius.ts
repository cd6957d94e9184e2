/**
 * Population units drawn as graduated circles: area follows population (radius ∝ √population) and
 * grows with zoom, so thousands of grid units stay readable at district scale. The layers that draw
 * units (uncovered residents, accessibility, what-if gains) differ only in the sizes.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';

/** The radius at one zoom: `perRoot` pixels per √person, never below `min` pixels. */
export interface UnitSize {
  min: number;
  perRoot: number;
}

/** The circle radius at zoom 10 (`district`) and zoom 15 (`street`), interpolated in between. */
export function populationRadius(district: UnitSize, street: UnitSize): ExpressionSpecification {
  const at = (size: UnitSize): ExpressionSpecification => [
    'max',
    size.min,
    ['*', size.perRoot, ['sqrt', ['max', ['get', 'population'], 0]]],
  ];
  return ['interpolate', ['linear'], ['zoom'], 10, at(district), 15, at(street)];
}
