/**
 * What-if planning: proposals evaluated incrementally against the current state, candidate sites,
 * site suggestion (allocation) and E2SFCA accessibility. Builds on network, coverage, figures and geo;
 * pure computation like the rest of the engine.
 */
export * from './accessibility.js';
export * from './allocation.js';
export * from './candidates.js';
export * from './proposals.js';
