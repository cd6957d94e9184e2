/**
 * Walking coverage: which population units reach an operating facility within each threshold, shares
 * per township and district, uncovered residents, and the population grid used where a package has no
 * population units.
 */
export * from './coverage.js';
export * from './population-grid.js';
