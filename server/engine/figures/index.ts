/**
 * The normative core figures of DATA_FORMAT.md: operating in year Y, slots per 1,000, the exact slot
 * gap, inclusive share, institution coverage, and the profile's target for an indicator and year.
 * Every other folder that judges slots against a target asks this one.
 */
export * from './figures.js';
