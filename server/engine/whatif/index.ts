/**
 * What-if planning: proposals evaluated incrementally against the current state, candidate sites,
 * site suggestion (allocation) and E2SFCA accessibility. Builds on network, coverage, figures and geo;
 * pure computation like the rest of the engine.
 */
export * from './accessibility.js';
export * from './allocation.js';
export * from './location-allocation.js';
export * from './schedule.js';
export * from './candidates.js';
export * from './proposals.js';
export * from './start.js';
export * from './trajectory.js';
export {
  assembleBaseline,
  baselineParts,
  baselineSummary,
  createBaseline,
  type BaselineParts,
  type BaselineState,
  type CoverageState,
  type DistrictSummary,
  type TownshipState,
} from './baseline.js';
export {
  ProposalError,
  type ProposalContext,
  type FacilityResize,
  type FacilityStatusChange,
  type Proposal,
  type ProposedProject,
  type ProposedSite,
} from './proposal.js';
