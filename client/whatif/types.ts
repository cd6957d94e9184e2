/**
 * Shapes of the planner's what-if routes as the client reads them. The server's zod schemas
 * (server/schemas/whatif.ts) are the single source; they are imported as types only, so no schema code
 * is bundled. Limits the forms need are restated here with the server constant's literal type, so a
 * change on the server fails the type check instead of drifting.
 *
 * Coordinates are WGS84 [longitude, latitude]; distances metres; shares fractions in [0, 1]; keys of
 * `coverage` / `newlyCoveredPopulation` are walking thresholds in minutes ("5", "10", "15").
 */
import type { z } from 'zod';
import type {
  accessibilityFeaturesSchema,
  comparisonSchema,
  DEFAULT_CANDIDATE_SPACING_M,
  evaluationSchema,
  MAX_CANDIDATE_SPACING_M,
  MAX_SUGGESTED_SITES,
  MIN_CANDIDATE_SPACING_M,
  proposalRequestSchema,
  scenarioChangeSchema,
  scenarioListSchema,
  scenarioSchema,
  suggestionRequestSchema,
  suggestionSchema,
  trajectorySchema,
} from '../../server/schemas/whatif';
import type { FACILITY_TYPES } from '../../server/model/index';

/** One change of a proposal or saved scenario: add, resize or remove a facility, or add a residential project. */
export type Change = z.infer<typeof scenarioChangeSchema>;
export type AddFacility = Extract<Change, { kind: 'addFacility' }>;
export type ResizeFacility = Extract<Change, { kind: 'resizeFacility' }>;
export type RemoveFacility = Extract<Change, { kind: 'removeFacility' }>;
export type AddProject = Extract<Change, { kind: 'addProject' }>;

/** Body of `POST /proposals/evaluate`. */
export type ProposalRequest = z.input<typeof proposalRequestSchema>;
/** Its answer: before (= /summary), after, per township and per site, and the population units that changed. */
export type Evaluation = z.infer<typeof evaluationSchema>;
export type TownshipBeforeAfter = Evaluation['townships'][number];
export type ChangedUnit = Evaluation['changedUnits'][number];
export type DistrictFigures = Evaluation['before'];

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioListItem = z.infer<typeof scenarioListSchema>[number];
export type Comparison = z.infer<typeof comparisonSchema>;

export type SuggestionRequest = z.input<typeof suggestionRequestSchema>;
export type Suggestion = z.infer<typeof suggestionSchema>;
export type SuggestedSite = Suggestion['sites'][number];

export type AccessibilityUnits = z.infer<typeof accessibilityFeaturesSchema>;

export type FacilityType = (typeof FACILITY_TYPES)[number];

/** The facility types a planner can give a new site, in the order of the select. */
export const FACILITY_TYPE_CHOICES = [
  'community',
  'private',
  'employer',
  'kindergarten_class',
  'family',
  'station',
  'center',
] as const satisfies readonly FacilityType[];
// Every server type is offered (fails to compile when the server adds one).
type MissingType = Exclude<FacilityType, (typeof FACILITY_TYPE_CHOICES)[number]>;
const allTypesOffered: MissingType extends never ? true : false = true;
void allTypesOffered;

/** Sites one suggestion may choose (server: MAX_SUGGESTED_SITES). */
export const MAX_SUGGESTED: typeof MAX_SUGGESTED_SITES = 50;
/** Spacing of generated candidates, metres (server: MIN_/MAX_/DEFAULT_CANDIDATE_SPACING_M). */
export const MIN_SPACING_M: typeof MIN_CANDIDATE_SPACING_M = 50;
export const MAX_SPACING_M: typeof MAX_CANDIDATE_SPACING_M = 5_000;
export const DEFAULT_SPACING_M: typeof DEFAULT_CANDIDATE_SPACING_M = 200;

/** A scenario year by year (GET …/scenarios/{sid}/trajectory). */
export type Trajectory = z.infer<typeof trajectorySchema>;
