/**
 * The normative core figures of DATA_FORMAT.md: operating in year Y, slots per 1,000, the exact slot
 * gap, inclusive share, institution coverage, the profile's target for an indicator and year, the
 * population of a year (townshipPopulation) and childcare demand (children under 3).
 * Every other folder that judges slots against a target asks this one.
 */
export * from './demand.js';
export * from './figures.js';
export * from './population-by-year.js';
