/**
 * The dashboard's indicator table: every POLICY.md indicator with value, target, comparison, status and
 * origin (the catalogue), the township drill-down and the employer welfare rule, assembled from the
 * core figures, coverage and compliance.
 */
export * from './employer-welfare.js';
export * from './indicator-catalogue.js';
export * from './indicator-table.js';
export * from './township-drilldown.js';
