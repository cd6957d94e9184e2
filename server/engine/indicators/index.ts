/**
 * The dashboard's indicator table: every POLICY.md indicator with value, target, comparison, status and
 * origin (the catalogue), the township drill-down and the employer welfare rule, assembled from the
 * core figures, coverage and compliance.
 */
export * from './employer-welfare.js';
export * from './indicator-catalogue.js';
export * from './indicator-table.js';
export type { IndicatorOrigin, IndicatorRow, IndicatorStatus, ReportedValue } from './indicator-row.js';
export { countsHealthCentres } from './health-indicators.js';
export * from './township-drilldown.js';
export * from './rollup.js';
