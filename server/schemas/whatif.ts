/**
 * Requests and responses of the planner's what-if routes: proposal evaluation, saved scenarios,
 * E2SFCA accessibility and site suggestions. Limits are written once here; the routes and the client
 * use the same schemas, so they cannot drift.
 *
 * Coordinates are [longitude, latitude] in degrees (WGS84 unless the request names another `crs`);
 * distances are metres; slots are childcare places; shares are fractions in [0, 1].
 */
import { z } from 'zod';
import { bilingual, localized, say } from '../model/messages.js';
import { bilingualFields, FACILITY_TYPES, MAX_DATABASE_INTEGER, PERSONS_PER_HOUSEHOLD } from '../model/index.js';
import type { DemandSummary } from '../engine/figures/index.js';
import { crsSchema } from './compliance.js';
import { byThresholdSchema, chineseTexts, jurisdictionIdSchema, minutesSchema, versionSchema, yearSchema } from './common.js';
import { summarySchema } from './indicators.js';

/** New sites in one proposal evaluation. */
export const MAX_PROPOSED_SITES = 200;
/** Facility ids in `remove`, and entries in `resize`, of one proposal. */
export const MAX_FACILITY_CHANGES = 1_000;
/** Residential projects in one proposal. */
export const MAX_PROPOSED_PROJECTS = 200;
/** Changes in one saved scenario. */
export const MAX_SCENARIO_CHANGES = 500;
/** Changed population units listed in an evaluation (the figures always count all of them). */
export const MAX_LISTED_CHANGED_UNITS = 5_000;
/** Sites one suggestion may choose (k). */
export const MAX_SUGGESTED_SITES = 50;
/** Candidate locations of one suggestion, given or generated. */
export const MAX_CANDIDATES = 20_000;
/** Smallest and largest spacing of generated candidates, metres. */
export const MIN_CANDIDATE_SPACING_M = 50;
export const MAX_CANDIDATE_SPACING_M = 5_000;
/** Default spacing of generated candidates, metres. */
export const DEFAULT_CANDIDATE_SPACING_M = 200;
/** Fixed (kept) proposed sites of one suggestion. */
export const MAX_FIXED_SITES = 200;
/** Solver time per suggestion, seconds: default and largest (the solve runs on the request's thread). */
export const DEFAULT_SOLVER_SECONDS = 5;
export const MAX_SOLVER_SECONDS = 15;
/** The suggestion problem types. */
export const SUGGESTION_MODES = ['maximal_covering', 'minimum_sites', 'capacitated_covering', 'p_median', 'target_gap'] as const;

const longitude = z
  .number(localized('应为经度（数字）', 'must be a longitude (number)'))
  .min(-180, localized('经度不得小于 -180', 'longitude must be ≥ -180'))
  .max(180, localized('经度不得大于 180', 'longitude must be ≤ 180'));
const latitude = z
  .number(localized('应为纬度（数字）', 'must be a latitude (number)'))
  .min(-90, localized('纬度不得小于 -90', 'latitude must be ≥ -90'))
  .max(90, localized('纬度不得大于 90', 'latitude must be ≤ 90'));
const slots = z
  .number(localized('应为托位数（数字）', 'must be a number of slots'))
  .int(localized('应为整数', 'must be a whole number'))
  .min(0, localized('不得小于 0', 'must be ≥ 0'))
  .max(100_000, localized('不得超过 100000', 'must be at most 100,000'));
const facilityId = z
  .string(localized('应为托育机构编号（文本）', 'must be a facility id (text)'))
  .min(1, localized('不得为空', 'must not be empty'))
  .max(200)
  .describe('Facility id as in the data package');
const label = z.string().trim().min(1, localized('不得为空', 'must not be empty')).max(200);
const facilityType = z.enum(
  FACILITY_TYPES,
  localized(`应为 ${FACILITY_TYPES.join('、')} 之一`, `must be one of ${FACILITY_TYPES.join(', ')}`),
);

/** Adds an issue at `inclusiveSlots` when it exceeds `slots`. */
function inclusiveWithinSlots(
  value: { slots: number; inclusiveSlots?: number | undefined },
  ctx: z.RefinementCtx,
  key = 'inclusiveSlots',
): void {
  if (value.inclusiveSlots !== undefined && value.inclusiveSlots > value.slots) {
    ctx.addIssue({
      code: 'custom',
      path: [key],
      message: say(
        bilingual(
          `不得超过托位数（${value.inclusiveSlots} > ${value.slots}）`,
          `must not exceed slots (${value.inclusiveSlots} > ${value.slots})`,
        ),
      ),
    });
  }
}

/** Exactly one of population and households; personsPerHousehold only with households; inclusive ≤ planned. */
function projectRules(
  value: {
    population?: number | undefined;
    households?: number | undefined;
    personsPerHousehold?: number | undefined;
    plannedSlots?: number | undefined;
    plannedInclusiveSlots?: number | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  const given = [value.population, value.households].filter((v) => v !== undefined).length;
  if (given !== 1) {
    const message =
      given === 0
        ? say(bilingual('人口与户数须且只能给出一项（两项均未给出）', 'give exactly one of population or households (neither was given)'))
        : say(bilingual('人口与户数须且只能给出一项，不能同时给出', 'give exactly one of population or households, not both'));
    ctx.addIssue({ code: 'custom', path: ['population'], message });
  }
  if (value.personsPerHousehold !== undefined && value.households === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['personsPerHousehold'],
      message: say(bilingual('户均人口（personsPerHousehold）仅在给出户数时适用', 'personsPerHousehold applies only with households')),
    });
  }
  if (value.plannedInclusiveSlots !== undefined && value.plannedInclusiveSlots > (value.plannedSlots ?? 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['plannedInclusiveSlots'],
      message: say(
        bilingual(
          `不得超过配建托位数（${value.plannedInclusiveSlots} > ${value.plannedSlots ?? 0}）`,
          `must not exceed plannedSlots (${value.plannedInclusiveSlots} > ${value.plannedSlots ?? 0})`,
        ),
      ),
    });
  }
}

const siteFields = {
  lon: longitude,
  lat: latitude,
  slots,
  inclusiveSlots: slots.optional().describe('Inclusive (普惠) slots, 0…slots; default 0'),
  type: facilityType.optional().describe('Default "community"'),
  name: label.optional(),
};

const resizeFields = {
  id: facilityId,
  slots,
  inclusiveSlots: slots.optional().describe('Default: the current inclusive slots, capped at the new size'),
};

const projectFields = {
  lon: longitude,
  lat: latitude,
  population: z
    .number()
    .int(localized('人口应为整数', 'must be a whole number of residents'))
    .min(0, localized('不得小于 0', 'must be ≥ 0'))
    .max(10_000_000)
    .optional()
    .describe('Residents it will house'),
  households: z
    .number()
    .int(localized('应为整数', 'must be a whole number'))
    .min(0, localized('不得小于 0', 'must be ≥ 0'))
    .max(1_000_000)
    .optional()
    .describe('Households; residents = round(households × personsPerHousehold)'),
  personsPerHousehold: z
    .number()
    .min(
      PERSONS_PER_HOUSEHOLD.min,
      localized(`户均人口不得少于 ${PERSONS_PER_HOUSEHOLD.min} 人`, `must be at least ${PERSONS_PER_HOUSEHOLD.min}`),
    )
    .max(
      PERSONS_PER_HOUSEHOLD.max,
      localized(`户均人口不得多于 ${PERSONS_PER_HOUSEHOLD.max} 人`, `must be at most ${PERSONS_PER_HOUSEHOLD.max}`),
    )
    .optional()
    .describe('Default: the profile’s value (2.8)'),
  plannedSlots: slots.optional().describe('Slots of a facility the project brings (operating at its point); default 0'),
  plannedInclusiveSlots: slots.optional(),
  name: label.optional(),
};

export const proposedSiteSchema = z
  .object(siteFields)
  .strict()
  .superRefine((v, ctx) => inclusiveWithinSlots(v, ctx));
export const facilityResizeSchema = z
  .object(resizeFields)
  .strict()
  .superRefine((v, ctx) => inclusiveWithinSlots(v, ctx));
export const proposedProjectSchema = z.object(projectFields).strict().superRefine(projectRules);
export type ProposedProjectInput = z.infer<typeof proposedProjectSchema>;

export const proposalRequestSchema = z
  .object({
    year: yearSchema.optional(),
    sites: z
      .array(proposedSiteSchema)
      .max(
        MAX_PROPOSED_SITES,
        localized(`每次评估最多 ${MAX_PROPOSED_SITES} 个新增点位`, `at most ${MAX_PROPOSED_SITES} sites per evaluation`),
      )
      .default([]),
    remove: z
      .array(facilityId)
      .max(MAX_FACILITY_CHANGES, localized(`最多移除 ${MAX_FACILITY_CHANGES} 个机构`, `at most ${MAX_FACILITY_CHANGES} removals`))
      .default([])
      .describe('Ids of facilities taken out'),
    resize: z
      .array(facilityResizeSchema)
      .max(MAX_FACILITY_CHANGES, localized(`最多调整 ${MAX_FACILITY_CHANGES} 个机构的托位`, `at most ${MAX_FACILITY_CHANGES} resizes`))
      .default([]),
    projects: z
      .array(proposedProjectSchema)
      .max(MAX_PROPOSED_PROJECTS, localized(`最多 ${MAX_PROPOSED_PROJECTS} 个住宅项目`, `at most ${MAX_PROPOSED_PROJECTS} projects`))
      .default([])
      .describe('Residential projects whose residents are added at their point'),
    crs: crsSchema.default('WGS84'),
  })
  .strict();
export type ProposalRequest = z.infer<typeof proposalRequestSchema>;

// ---- evaluation result ------------------------------------------------------------------------

const townshipStateSchema = z.object({
  population: z.number().describe('Resident population (常住人口), including a proposal’s project residents'),
  slots: z.number().int(),
  inclusiveSlots: z.number().int(),
  facilityCount: z.number().int(),
  slotsPer1000: z.number().nullable(),
  slotGap: z.number().int().nullable(),
  meetsTarget: z.boolean().nullable(),
  inclusiveShare: z.number().nullable(),
  unitPopulation: z.number().describe('Residents of the population units in the township (the coverage denominator)'),
  populationUnits: z.number().int(),
  unreachableUnits: z.number().int(),
  coveredPopulation: byThresholdSchema,
  coverage: byThresholdSchema,
});

/** Which childcare demand a result used (engine/figures/demand.ts). */
export const demandSummarySchema = z
  .object({
    method: z
      .enum(['under3', 'township_under3', 'census_share', 'residents', 'mixed'])
      .describe(
        'under3: the units’ own under-3 counts; township_under3: the township’s populationUnder3 spread by residents; census_share: residents × the county’s 2020-census share of children 0–2 (profile `demand`); residents: no under-3 figure at all; mixed: units differ (see `units`)',
      ),
    units: z.object({
      under3: z.number().int(),
      township_under3: z.number().int(),
      census_share: z.number().int(),
      residents: z.number().int(),
    }),
    total: z.number().describe('Σ demand (children under 3; residents for method residents)'),
    under3Share: z.number().nullable(),
    source: z.string().nullable().describe('Where the census share comes from (the profile’s `demand.source`)'),
    note: z.string(),
    noteZh: z.string(),
  })
  .describe('The childcare demand used: children under 3, and how they were counted');

/** A demand summary (engine/figures DemandSummary) as responses send it: note in English, noteZh in Chinese. */
export function demandJson(summary: DemandSummary): z.infer<typeof demandSummarySchema> {
  const { note, ...rest } = summary;
  return { ...rest, ...bilingualFields('note', note) };
}

export const evaluationSchema = z.object({
  year: z.number().int(),
  dataVersion: z.number().int().describe('Data version of the jurisdiction the evaluation used'),
  approximate: z.boolean(),
  thresholdsMin: z.array(z.number()),
  before: summarySchema.describe('Exactly GET /summary of the year'),
  after: summarySchema.describe('The same figures with the proposal applied'),
  townships: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      target: z.number().nullable(),
      before: townshipStateSchema,
      after: townshipStateSchema,
    }),
  ),
  newlyCoveredPopulation: byThresholdSchema.describe('Residents of existing population units uncovered before and covered after'),
  newlyCoveredDemand: byThresholdSchema.describe(
    'Childcare demand (children under 3, counted as `demand` says) of existing population units uncovered before and covered after: what a maximal_covering suggestion reports as its objective',
  ),
  demand: demandSummarySchema,
  lostCoveragePopulation: byThresholdSchema.describe('Residents covered before and not after (removals)'),
  sites: z.array(
    z.object({
      index: z.number().int().describe('Position of the site in the request (or of the change in the scenario)'),
      facilityId: z.string(),
      township: z.string().nullable().describe('Township containing the site; null when outside every township (then flagged in warnings)'),
      snapLegM: z.number().nullable().describe('Metres to the nearest walkable road; null when beyond maxSnapMeters or without roads'),
      newlyCoveredPopulation: byThresholdSchema.describe('Residents this site alone brings within each threshold'),
    }),
  ),
  sitesOutsideTownships: z.array(z.number().int()),
  projects: z.array(
    z.object({
      index: z.number().int(),
      township: z.string().nullable(),
      population: z.number(),
      facilityId: z.string().nullable(),
      distanceM: z.number().nullable(),
      nearestFacilityId: z.string().nullable(),
    }),
  ),
  changedUnits: z
    .array(
      z.object({
        index: z.number().int(),
        id: z.string(),
        township: z.string().nullable(),
        population: z.number(),
        lon: z.number(),
        lat: z.number(),
        beforeDistanceM: z.number().nullable(),
        afterDistanceM: z.number().nullable(),
        beforeNearestFacilityId: z.string().nullable(),
        afterNearestFacilityId: z.string().nullable(),
      }),
    )
    .describe(`Population units whose nearest facility or distance changes (at most ${MAX_LISTED_CHANGED_UNITS})`),
  changedUnitsTruncated: z.boolean(),
  warnings: z.array(z.string()).describe('Sites or projects outside every township, sites off the road network (English)'),
  warningsZh: chineseTexts('warnings'),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

// ---- scenarios --------------------------------------------------------------------------------

/** The year a scenario's change takes effect (plans as trajectories, issue #16). */
const changeYear = yearSchema
  .optional()
  .describe(
    'The year the change takes effect: the site opens, the facility is resized or closes, the project’s residents arrive that year; absent = from the scenario’s base year',
  );

export const scenarioChangeSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({ kind: z.literal('addFacility'), ...siteFields, year: changeYear })
      .strict()
      .superRefine((v, ctx) => inclusiveWithinSlots(v, ctx)),
    z
      .object({ kind: z.literal('resizeFacility'), ...resizeFields, year: changeYear })
      .strict()
      .superRefine((v, ctx) => inclusiveWithinSlots(v, ctx)),
    z.object({ kind: z.literal('removeFacility'), id: facilityId, year: changeYear }).strict(),
    z
      .object({ kind: z.literal('addProject'), ...projectFields, year: changeYear })
      .strict()
      .superRefine(projectRules),
  ],
  localized(
    'kind 应为 addFacility（新增机构）、resizeFacility（调整托位）、removeFacility（移除机构）、addProject（新增住宅项目）之一',
    'kind must be one of addFacility, resizeFacility, removeFacility, addProject',
  ),
);
export type ScenarioChange = z.infer<typeof scenarioChangeSchema>;

const scenarioFields = {
  name: label.describe('Shown to planners; need not be unique'),
  description: z
    .string()
    .max(2_000)
    .nullish()
    .transform((v) => v ?? null),
  year: yearSchema.optional().describe('Baseline year the changes apply to (default: the jurisdiction’s analysis year)'),
  changes: z
    .array(scenarioChangeSchema)
    .max(MAX_SCENARIO_CHANGES, localized(`最多 ${MAX_SCENARIO_CHANGES} 项变更`, `at most ${MAX_SCENARIO_CHANGES} changes`))
    .describe('Ordered list of changes'),
  crs: crsSchema.default('WGS84').describe('Coordinate system of the changes’ points; stored as WGS84'),
  shared: z
    .boolean()
    .optional()
    .describe(
      'Let every planner of the jurisdiction change it (default on create: false, only its author and admins); only the author or an admin may change this flag',
    ),
};

export const scenarioCreateSchema = z.object(scenarioFields).strict();
export const scenarioUpdateSchema = z
  .object({
    ...scenarioFields,
    version: versionSchema.optional().describe('The version you edited; or send it as If-Match. Required one way or the other'),
  })
  .strict();
export const scenarioDuplicateSchema = z.object({ name: label.optional().describe('Default: the original’s name + " (copy)"') }).strict();

export const scenarioParams = z.object({
  id: jurisdictionIdSchema,
  sid: z.coerce
    .number(localized('应为方案编号（数字）', 'must be a scenario id (number)'))
    .int(localized('应为整数', 'must be a whole number'))
    .min(1, localized('不得小于 1', 'must be ≥ 1'))
    .max(MAX_DATABASE_INTEGER, localized('数值过大', 'is too large'))
    .describe('Scenario id'),
});
export const compareQuery = z.object({
  a: scenarioParams.shape.sid.describe('Scenario id of the left side'),
  b: scenarioParams.shape.sid.describe('Scenario id of the right side'),
});
export const deleteQuery = z.object({
  version: z.coerce.number().pipe(versionSchema).optional().describe('Delete only if still this version (or send If-Match)'),
});
export const exportQuery = z.object({
  format: z.enum(['geojson', 'package']).default('geojson'),
  jurisdictionId: jurisdictionIdSchema.optional().describe('Id of the exported package (default: <jurisdiction>-scenario-<sid>)'),
  name: label.optional().describe('Name of the exported package (default: jurisdiction name · scenario name)'),
});

export const scenarioSchema = z.object({
  id: z.number().int(),
  jurisdictionId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  year: z.number().int(),
  changes: z.array(scenarioChangeSchema),
  version: z.number().int(),
  createdBy: z.string(),
  updatedBy: z.string(),
  shared: z.boolean().describe('Every planner of the jurisdiction may change it; else only its author and admins'),
  createdAt: z.string().describe('ISO 8601'),
  updatedAt: z.string(),
});
export const scenarioListSchema = z.array(scenarioSchema.omit({ changes: true }).extend({ changeCount: z.number().int() }));

export const scenarioEvaluationSchema = evaluationSchema.extend({
  scenario: z.object({ id: z.number().int(), name: z.string(), version: z.number().int(), year: z.number().int() }),
});

const difference = z.number().nullable();
export const comparisonSchema = z.object({
  a: scenarioEvaluationSchema,
  b: scenarioEvaluationSchema,
  differences: z
    .object({
      district: z.object({
        slots: difference,
        inclusiveSlots: difference,
        facilityCount: difference,
        slotsPer1000: difference,
        slotGap: difference,
        inclusiveShare: difference,
        townshipsWithOperatingFacility: difference,
        townshipInstitutionCoverage: difference,
        coverage: byThresholdSchema,
        coveredPopulation: byThresholdSchema,
      }),
      townships: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          slots: difference,
          slotsPer1000: difference,
          slotGap: difference,
          coverage: byThresholdSchema,
          coveredPopulation: byThresholdSchema,
        }),
      ),
    })
    .describe('b.after − a.after; null where either side has no value'),
  notes: z.array(z.string()).describe('Caveats of the comparison (English)'),
  notesZh: chineseTexts('notes'),
});

export const changeFeaturesSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.record(z.string(), z.unknown()).describe('changeIndex, kind and the change’s fields'),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }).nullable(),
    }),
  ),
});
export const packageExportSchema = z.object({
  files: z.record(z.string(), z.unknown()).describe('A data package: POST it to /api/jurisdictions/import as is'),
});

// ---- accessibility ----------------------------------------------------------------------------

const accessibilityArea = {
  population: z.number().describe('Residents of the population units in the area'),
  demand: z.number().describe('Children under 3 of the units in the area (see `demand`)'),
  slotsPer1000: z
    .number()
    .nullable()
    .describe(
      'Demand-weighted mean of the units’ slots within reach per 1,000 children under 3 (per 1,000 residents when `demand.method` is residents)',
    ),
  inclusiveSlotsPer1000: z.number().nullable(),
};

export const accessibilitySchema = z.object({
  year: z.number().int(),
  demand: demandSummarySchema,
  catchmentM: z.number().describe('Catchment d0 of the Gaussian decay: the largest threshold’s walking distance'),
  approximate: z.boolean(),
  townships: z.array(z.object({ code: z.string(), name: z.string(), ...accessibilityArea })),
  district: z.object({
    ...accessibilityArea,
    slotsWithDemand: z.number().describe('Σ demand × accessibility ÷ 1000'),
    inclusiveSlotsWithDemand: z.number(),
    slotsWithoutDemand: z.number().describe('Slots of facilities nobody lives near'),
  }),
  facilities: z.array(
    z.object({
      id: z.string(),
      slots: z.number().int(),
      inclusiveSlots: z.number().int(),
      weightedDemand: z.number(),
      slotsPer1000Demand: z.number().nullable(),
      unitsInCatchment: z.number().int(),
    }),
  ),
});

export const accessibilityFeaturesSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.object({
        index: z.number().int(),
        id: z.string(),
        township: z.string().nullable(),
        population: z.number(),
        demand: z.number().describe('Children under 3 of the unit (see the JSON route’s `demand`)'),
        slotsPer1000: z.number(),
        inclusiveSlotsPer1000: z.number(),
      }),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
    }),
  ),
});

// ---- site suggestions -------------------------------------------------------------------------

/** Candidate sites: the planner's list or generated on the walkable roads at a spacing. */
export const candidatesSchema = z
  .union([
    z
      .array(z.tuple([longitude, latitude]))
      .min(1, localized('请至少给出一个候选点', 'give at least one candidate'))
      .max(MAX_CANDIDATES, localized(`最多 ${MAX_CANDIDATES} 个候选点`, `at most ${MAX_CANDIDATES} candidates`)),
    z
      .object({
        spacingM: z
          .number()
          .min(
            MIN_CANDIDATE_SPACING_M,
            localized(`不得小于 ${MIN_CANDIDATE_SPACING_M} 米`, `must be at least ${MIN_CANDIDATE_SPACING_M} m`),
          )
          .max(
            MAX_CANDIDATE_SPACING_M,
            localized(`不得大于 ${MAX_CANDIDATE_SPACING_M} 米`, `must be at most ${MAX_CANDIDATE_SPACING_M} m`),
          ),
      })
      .strict(),
  ])
  .default({ spacingM: DEFAULT_CANDIDATE_SPACING_M })
  .describe(
    `[[lon, lat], …] of the planner’s own, or {spacingM}: generated on walkable roads inside the townships (default every ${DEFAULT_CANDIDATE_SPACING_M} m)`,
  );

const modeDescriptions =
  '`maximal_covering`: k sites bringing the most uncovered children under 3 within `minutes`; ' +
  '`minimum_sites`: the fewest sites reaching `targetCoverage`; ' +
  '`capacitated_covering`: k sites of `slotsPerSite` maximising the children under 3 served within `minutes` when every facility serves at most its slots (one child per slot), with the allocation; ' +
  '`p_median`: k sites minimising the total walking distance of children under 3 (child-metres), each distance capped at `cutoffMinutes`; ' +
  '`target_gap`: k sites of `slotsPerSite` minimising the sum of township slot gaps to the year’s target, then covering the most residents within `minutes` (and at least `targetCoverage` when given)';

/** Fields that apply only to some modes, and the modes they apply to. */
const MODE_FIELDS: Record<string, readonly (typeof SUGGESTION_MODES)[number][]> = {
  totalSlots: ['maximal_covering'],
  weightByUnmetDemand: ['maximal_covering'],
  targetCoverage: ['minimum_sites', 'target_gap'],
  cutoffMinutes: ['p_median'],
};

export const suggestionRequestSchema = z
  .object({
    year: yearSchema.optional(),
    mode: z.enum(SUGGESTION_MODES).default('maximal_covering').describe(modeDescriptions),
    k: z
      .number()
      .int(localized('应为整数', 'must be a whole number'))
      .min(1, localized('不得小于 1', 'must be at least 1'))
      .max(MAX_SUGGESTED_SITES, localized(`不得超过 ${MAX_SUGGESTED_SITES}`, `must be at most ${MAX_SUGGESTED_SITES}`))
      .optional()
      .describe('Sites to choose (required except for minimum_sites, where it is the most sites to try); fixed sites do not count'),
    slotsPerSite: slots.optional().describe('Slots of each new site (required except with totalSlots in maximal_covering)'),
    totalSlots: z
      .number()
      .int(localized('应为整数', 'must be a whole number'))
      .min(0)
      .max(1_000_000)
      .optional()
      .describe('A budget split evenly over the chosen sites (maximal_covering only)'),
    candidates: candidatesSchema,
    fixed: z
      .array(z.tuple([longitude, latitude, slots]))
      .max(MAX_FIXED_SITES, localized(`最多 ${MAX_FIXED_SITES} 个保留点位`, `at most ${MAX_FIXED_SITES} fixed sites`))
      .default([])
      .describe(
        'Proposed sites that stay whatever is chosen, [[lon, lat, slots], …], not counted in k; they appear in the answer with fixed: true. The year’s operating facilities always stay.',
      ),
    weightByUnmetDemand: z
      .boolean()
      .default(false)
      .describe('Weigh the uncovered children under 3 by their township’s slot gap toward the year’s target (maximal_covering)'),
    targetCoverage: z
      .number()
      .gt(0, localized('应大于 0', 'must be > 0'))
      .max(1, localized('不得大于 1', 'must be ≤ 1'))
      .optional()
      .describe(
        'Coverage share within `minutes` to reach: required for minimum_sites (e.g. 0.95); an optional side constraint for target_gap',
      ),
    cutoffMinutes: z
      .number()
      .gt(0, localized('应大于 0', 'must be > 0'))
      .optional()
      .describe('p_median: walking distances are capped at this many minutes (default `minutes`; at most the largest threshold)'),
    timeLimitSeconds: z
      .number()
      .min(0.1, localized('不得小于 0.1 秒', 'must be at least 0.1 s'))
      .max(MAX_SOLVER_SECONDS, localized(`不得超过 ${MAX_SOLVER_SECONDS} 秒`, `must be at most ${MAX_SOLVER_SECONDS} s`))
      .default(DEFAULT_SOLVER_SECONDS)
      .describe(
        `Time the exact solver may take, seconds (default ${DEFAULT_SOLVER_SECONDS}, at most ${MAX_SOLVER_SECONDS}); past it the best solution found is returned with its bound and gap`,
      ),
    exact: z
      .boolean()
      .default(true)
      .describe('false: the greedy + swaps heuristic only (maximal_covering and minimum_sites), for comparison'),
    minutes: minutesSchema.optional(),
    crs: crsSchema.default('WGS84').describe('Coordinate system of the given candidates, the fixed sites and startFrom'),
    startFrom: z
      .object({
        sites: z
          .array(proposedSiteSchema)
          .max(MAX_PROPOSED_SITES, localized(`最多 ${MAX_PROPOSED_SITES} 个已放置点位`, `at most ${MAX_PROPOSED_SITES} placed sites`))
          .default([]),
        remove: z
          .array(facilityId)
          .max(MAX_FACILITY_CHANGES, localized(`最多移除 ${MAX_FACILITY_CHANGES} 个机构`, `at most ${MAX_FACILITY_CHANGES} removals`))
          .default([]),
        resize: z
          .array(facilityResizeSchema)
          .max(MAX_FACILITY_CHANGES, localized(`最多调整 ${MAX_FACILITY_CHANGES} 个机构的托位`, `at most ${MAX_FACILITY_CHANGES} resizes`))
          .default([]),
      })
      .strict()
      .optional()
      .describe(
        'The planner’s current proposal (as in /proposals/evaluate, without projects): suggestions start from the year with it applied, so placed sites count as covering and removed facilities as gone',
      ),
  })
  .strict()
  .superRefine((body, ctx) => {
    const mode = body.mode;
    for (const [field, modes] of Object.entries(MODE_FIELDS)) {
      const value = body[field as keyof typeof body];
      if (value !== undefined && value !== false && !modes.includes(mode)) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: say(bilingual(`仅适用于 ${modes.join('、')} 模式`, `applies only with mode ${modes.map((m) => `"${m}"`).join(' or ')}`)),
        });
      }
    }
    if (mode !== 'minimum_sites' && body.k === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['k'],
        message: say(bilingual('必填：要选择的点位数', 'required: the number of sites to choose')),
      });
    if (mode === 'maximal_covering') {
      if ((body.slotsPerSite === undefined) === (body.totalSlots === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['slotsPerSite'],
          message: say(
            bilingual(
              'slotsPerSite（每点托位数）与 totalSlots（托位总数）须且只能给出一项',
              'give exactly one of slotsPerSite or totalSlots',
            ),
          ),
        });
      }
    } else if (body.slotsPerSite === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['slotsPerSite'],
        message: say(bilingual(`${mode} 模式下必填：每个新点位的托位数`, `required with mode "${mode}": the slots of each new site`)),
      });
    }
    if (mode === 'minimum_sites' && body.targetCoverage === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['targetCoverage'],
        message: say(bilingual('minimum_sites（最少点位）模式下必填，如 0.95', 'required with mode "minimum_sites", e.g. 0.95')),
      });
  });
export type SuggestionRequest = z.infer<typeof suggestionRequestSchema>;

export const suggestionSchema = z.object({
  mode: z.enum(SUGGESTION_MODES),
  year: z.number().int(),
  minutes: z.number(),
  candidateSource: z.enum(['given', 'generated']),
  candidateCount: z.number().int(),
  spacingM: z.number().nullable(),
  weighting: z.enum(['population', 'unmetDemand']).nullable(),
  weightingUsed: z
    .enum(['population', 'unmetDemand'])
    .nullable()
    .describe('population when unmet-demand weights were asked for but no township has a gap'),
  targetCoverage: z.number().nullable(),
  reached: z.boolean().nullable().describe('minimum_sites: whether the candidates reach the target coverage'),
  sites: z.array(
    z.object({
      candidateIndex: z
        .number()
        .int()
        .describe('Position among the candidates; for a fixed site, candidateCount + its position in `fixed`'),
      fixed: z.boolean().describe('A fixed site of the request (kept, not chosen)'),
      lon: z.number(),
      lat: z.number(),
      township: z.string().nullable(),
      slots: z.number().int(),
      marginalGain: z.number().describe('Objective added given the sites before it (non-increasing)'),
      marginalPopulation: z.number().describe('Residents newly within the threshold given the sites before it'),
      townshipGapReduced: z
        .number()
        .int()
        .describe(
          'Slots of this site that its township still lacked toward the year’s target after the sites before it (why it is suggested)',
        ),
    }),
  ),
  objective: z
    .number()
    .describe(
      'The mode’s objective with the suggested and fixed sites: (weighted) children under 3 newly covered (maximal_covering; /proposals/evaluate gives it as `newlyCoveredDemand`), residents newly covered (minimum_sites), children under 3 served, one per slot (capacitated_covering), child-metres (p_median), Σ township slot gaps (target_gap). Demand is counted as `demand` says; where the data give no under-3 figure and the profile no census share it is residents, and the units say so',
    ),
  objectiveUnit: z
    .enum(['children', 'weighted_children', 'child_m', 'residents', 'weighted_residents', 'person_m', 'slots'])
    .describe(
      'children: children under 3 (`demand`); child_m: children × walking metres; weighted_…: × the township’s unmet-demand factor; residents / person_m: the same where demand is residents (`demand.method` residents); slots: township slot gaps',
    ),
  demand: demandSummarySchema.describe(
    'The childcare demand the mode weighs (the rule accessibility uses): children under 3 from the units’ or townships’ under-3 counts, else residents × the county’s 2020-census under-3 share; minimum_sites and target_gap count residents, as the policy’s 15-minute circle and slots-per-1,000 targets do',
  ),
  objectiveBefore: z
    .number()
    .nullable()
    .describe('The same objective without the new and fixed sites (capacitated_covering, p_median, target_gap)'),
  method: z.enum(['mip', 'heuristic']).describe('mip: HiGHS on the reduced instance; heuristic: local search (too large, or asked for)'),
  optimal: z.boolean().describe('True only when the solver proved the optimum'),
  bound: z.number().nullable().describe('Best proven bound on the objective (same units); null when nothing was proven'),
  gap: z.number().nullable().describe('Relative gap between objective and bound (0 = proven optimal); null without a bound'),
  note: z.string().nullable().describe('Why the answer is not proven optimal (English); null when it is'),
  noteZh: z.string().nullable(),
  solveSeconds: z.number(),
  reduced: z
    .object({ candidates: z.number().int(), demandGroups: z.number().int(), nonzeros: z.number().int() })
    .describe('Size of the instance the solver saw after merging demand and dropping dominated candidates'),
  allocation: z
    .array(
      z.object({
        site: z.number().int().describe('Position in `sites`'),
        served: z.number().describe('Children under 3 served (one per slot)'),
        units: z.array(z.object({ unitId: z.string(), served: z.number() })),
      }),
    )
    .nullable()
    .describe('capacitated_covering: which population units each new or fixed site serves, and how many children (one per slot)'),
  servedByExisting: z.number().nullable().describe('capacitated_covering: children under 3 the existing facilities serve in the answer'),
  newlyCoveredPopulation: z.number(),
  baseline: z.object({
    thresholdMin: z.number(),
    thresholdM: z.number(),
    unitPopulation: z.number(),
    coveredPopulation: z.number(),
    uncoveredPopulation: z.number(),
    coverage: z.number(),
  }),
  coverageAfter: z.number(),
  usefulCandidates: z.number().int(),
  townships: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      slotGapBefore: z.number().int().nullable(),
      slotGapAfter: z
        .number()
        .int()
        .nullable()
        .describe('Slots the township still needs to meet the year’s target with the suggested sites'),
    }),
  ),
  proposal: z
    .object({ sites: z.array(z.object({ lon: z.number(), lat: z.number(), slots: z.number().int() }).passthrough()) })
    .describe('POST as the body of /proposals/evaluate to see the full before/after'),
});

// ---- trajectory (plans over years) ------------------------------------------------------------

export const trajectoryQuery = z.object({
  from: yearSchema.optional().describe('First year (default: the first year the profile sets a slots-per-1,000 target)'),
  to: yearSchema.optional().describe('Last year (default: the last such year); at most 30 years'),
});

const trajectoryFigures = {
  population: z.number().int().describe('Residents of the year (with project residents acting by then)'),
  slots: z.number().int(),
  inclusiveSlots: z.number().int(),
  facilityCount: z.number().int(),
  slotsPer1000: z.number().nullable(),
  target: z.number().nullable().describe('The year’s slots-per-1,000 target; null when the plan sets none'),
  slotGap: z.number().int().nullable().describe('max(0, ⌈target × population ÷ 1000⌉ − slots)'),
  meetsTarget: z.boolean().nullable(),
  inclusiveShare: z.number().nullable().describe('Inclusive ÷ all slots (0..1)'),
  coverage: byThresholdSchema.describe('Covered ÷ population of the population units, per threshold (0..1)'),
};

export const trajectorySchema = z.object({
  scenario: z.object({ id: z.number().int(), name: z.string(), version: z.number().int(), year: z.number().int() }),
  thresholdsMin: z.array(z.number()),
  approximate: z.boolean(),
  years: z.array(
    z.object({
      year: z.number().int(),
      projected: z.boolean().describe('The year lies after the last year of population data: its population is carried forward'),
      lastDataYear: z.number().int().nullable().describe('Last year of the townshipPopulation table; null without one'),
      populationNote: z.string(),
      populationNoteZh: z.string(),
      changesActing: z.number().int().describe('Changes of the scenario acting in the year'),
      townships: z.array(z.object({ code: z.string(), name: z.string(), ...trajectoryFigures })),
      district: z.object({
        ...trajectoryFigures,
        townshipInstitutionCoverage: z.number().nullable().describe('Townships with ≥ 1 operating facility ÷ all (0..1)'),
        inclusiveShareTarget: z.number().nullable(),
      }),
    }),
  ),
  firstYearMeetingTarget: z
    .array(z.object({ code: z.string(), name: z.string(), year: z.number().int().nullable() }))
    .describe('Per township: the first year evaluated in which it meets its slots-per-1,000 target; null when none'),
  districtFirstYearMeetingTarget: z.number().int().nullable(),
  searches: z
    .number()
    .int()
    .describe('Walking searches run: one from the facilities operating in every year, one bounded search from each other facility'),
});
