/**
 * The new-community check (required slots, compliance, shortfall) and the project assessment built on
 * it: township before/after, walking access, nearest facilities, and the explanation in both languages.
 * Builds on figures, coverage, geo and network.
 */
export * from './compliance-explanation.js';
export * from './compliance.js';
export * from './project-assessment.js';
export * from './rules.js';
