/**
 * The health bureau's dashboard and registry: the indicator table, trends, township drill-down,
 * reported values, facility edits and the audit log. Shares are percent (0–100) throughout.
 */
import { z } from 'zod';
import { ruleVerdictSchema } from './compliance.js';
import { bilingual, localized, say } from '../model/messages.js';
import { chineseText, chineseTexts, jurisdictionIdSchema, versionSchema, yearSchema } from './common.js';
import { MAX_DATABASE_INTEGER } from '../model/index.js';

// ---- indicators -----------------------------------------------------------------------------

export const indicatorIdSchema = z
  .string()
  .regex(
    /^[a-z0-9_]{1,64}$/,
    localized(
      '指标编号应为 1–64 个小写字母、数字或“_”，如 slots_per_1000、infant_mortality',
      'an indicator id is 1–64 lowercase letters, digits and "_", e.g. slots_per_1000 or infant_mortality',
    ),
  )
  .describe('Indicator id: one of POLICY.md, or another id for a reported-only value (e.g. infant_mortality)');

export const indicatorParams = z.object({ id: jurisdictionIdSchema, indicator: indicatorIdSchema });
export const reportedValueParams = z.object({ id: jurisdictionIdSchema, indicator: indicatorIdSchema, year: yearSchema });

export const reportedValueBodySchema = z
  .object({
    value: z.number(localized('填报值应为数字', 'value must be a number')).describe('In the indicator’s unit (percent for shares)'),
    note: z.string().trim().max(2000, localized('备注不得超过 2000 个字符', 'note must be at most 2,000 characters')).nullable().optional(),
    source: z
      .string()
      .trim()
      .max(500, localized('数据来源不得超过 500 个字符', 'source must be at most 500 characters'))
      .nullable()
      .optional()
      .describe('Where the figure comes from, e.g. 统计年鉴 2024'),
  })
  .strict();

const statusSchema = z.enum(['met', 'not_met', 'no_target', 'no_data']);
const originSchema = z.enum(['computed', 'reported']).nullable().describe('Where `value` came from');
const comparisonSchema = z
  .enum(['>=', '>', 'substantially_full'])
  .nullable()
  .describe('How the plan states the target; "substantially_full" = at least 95 % of it');
const unitSchema = z
  .enum(['per1000', 'percent', 'count', 'per1000_children', 'per20k', 'as_reported'])
  .describe(
    'percent = 0–100; per1000 = slots per 1,000 residents; per1000_children = per 1,000 children (see basis); per20k = per 20,000 residents',
  );

/** What names an indicator and its unit: the head of a row of the year's table and of a trend series. */
const indicatorHeading = {
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unit: unitSchema,
  unitNote: z.string().nullable().describe('The profile’s note on the unit, as the profile writes it'),
  unitNoteZh: chineseText('unitNote').nullable(),
};

/** Why the data cannot compute a value, in English and Chinese: in a row of the year's table and in a trend point. */
const noDataReason = {
  reason: z.string().nullable().describe('Why the data cannot compute the indicator (English)'),
  reasonZh: chineseText('reason').nullable(),
};

export const reportedValueSchema = z.object({
  indicator: z.string(),
  year: z.number().int(),
  value: z.number(),
  note: z.string().nullable(),
  source: z.string().nullable(),
  recordedBy: z.string().describe('Name of the token that recorded it'),
  recordedAt: z.string().describe('ISO 8601'),
});

export const indicatorRowSchema = z.object({
  ...indicatorHeading,
  year: z.number().int(),
  value: z.number().nullable().describe('The computed value, else the reported one, else null'),
  origin: originSchema,
  target: z.number().nullable(),
  comparison: comparisonSchema,
  targetNote: z.string().nullable().describe('How the target derives from the plan, where it is not the plan’s figure as such'),
  targetNoteZh: chineseText('targetNote').nullable(),
  status: statusSchema,
  ...noDataReason,
  basis: z.string().nullable().describe('What the computed value is made of (English)'),
  basisZh: chineseText('basis').nullable(),
  details: z.record(z.string(), z.number()),
  notes: z.array(z.string()).describe('Caveats of the value (English)'),
  notesZh: chineseTexts('notes'),
  reported: reportedValueSchema.nullable().describe('The bureau’s reported value of the year, always shown separately'),
  reportedStatus: statusSchema.nullable(),
});

export const employerWelfareSchema = z.object({
  status: z.enum(['checked', 'no_data']),
  rule: z.string().describe('The rule checked (English)'),
  ruleZh: chineseText('rule'),
  reason: z.string().nullable().describe('Why nothing could be checked (English)'),
  reasonZh: chineseText('reason').nullable(),
  checked: z.number().int(),
  unchecked: z.number().int(),
  flagged: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      reasons: z.array(z.string()).describe('Why the unit should provide it (English)'),
      reasonsZh: chineseTexts('reasons'),
    }),
  ),
});

export const indicatorTableSchema = z.object({
  jurisdictionId: z.string(),
  year: z.number().int(),
  dataVersion: z.number().int(),
  profileId: z.string(),
  indicators: z.array(indicatorRowSchema),
  employerWelfare: employerWelfareSchema.describe('Health units that should provide employer welfare childcare (seeds/003 §二(六)15)'),
  rules: z
    .array(ruleVerdictSchema)
    .describe(
      'The profile’s city rules (data, with sources): facility caps judged on the facilities operating in the year; project rules summarised over the residential projects (`required`: projects judged, `actual`: projects meeting it)',
    ),
});

export const trendPointSchema = z.object({
  year: z.number().int(),
  value: z.number().nullable(),
  origin: originSchema,
  target: z.number().nullable(),
  comparison: comparisonSchema,
  status: statusSchema,
  ...noDataReason,
  reported: reportedValueSchema.nullable(),
  population: z
    .number()
    .int()
    .optional()
    .describe(
      'slots_per_1000 only: the district’s residents of the year (townshipPopulation of the year, else the latest earlier year, else the townships’)',
    ),
  populationProjected: z
    .boolean()
    .optional()
    .describe('slots_per_1000 only: true when the year lies after the last year of population data, whose figures are carried forward'),
});

export const indicatorTrendSchema = z.object({
  ...indicatorHeading,
  points: z.array(trendPointSchema).describe('One point per year of the plans’ period 2022–2027'),
});

export const townshipDrilldownRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  population: z.number().int(),
  populationUnder3: z.number().nullable(),
  slots: z.number().int(),
  slotsPer1000: z.number().nullable(),
  slotsTarget: z.number().nullable(),
  slotsTargetComparison: comparisonSchema,
  slotGap: z.number().int().nullable(),
  meetsSlotsTarget: z.boolean().nullable(),
  inclusiveSharePercent: z.number().nullable(),
  facilityCount: z.number().int(),
  inclusiveFacilityCount: z.number().int(),
  hasInstitution: z.boolean(),
  hasInclusiveInstitution: z.boolean(),
  serviceCircle15Percent: z.number().nullable(),
  healthCenterExpected: z.boolean().describe('Population ≥ healthCenterMinPopulation'),
  hasHealthCenter: z.boolean(),
  childHealthStaff: z.number().nullable(),
  childHealthStaffPer20k: z.number().nullable(),
});

export const townshipDrilldownSchema = z.object({
  jurisdictionId: z.string(),
  year: z.number().int(),
  healthCenterMinPopulation: z.number(),
  townships: z.array(townshipDrilldownRowSchema),
});

// ---- facility registry ----------------------------------------------------------------------

export const FACILITY_TYPES = ['community', 'private', 'employer', 'kindergarten_class', 'family', 'station', 'center'] as const;
export const FACILITY_STATUSES = ['operating', 'planned', 'closed'] as const;

const recordYear = z
  .number()
  .int(localized('应为整数年份', 'must be a whole year'))
  .min(1900, localized('不得早于 1900 年', 'must be 1900 or later'))
  .max(2100, localized('不得晚于 2100 年', 'must be 2100 or earlier'));
const count = (max: number) =>
  z
    .number()
    .int(localized('应为整数', 'must be a whole number'))
    .min(0, localized('不得小于 0', 'must be ≥ 0'))
    .max(max, localized(`不得大于 ${max}`, `must be at most ${max}`));

/** The editable attributes of a facility, each checked on its own. */
const facilityAttributes = {
  name: z
    .string()
    .trim()
    .min(1, localized('不得为空', 'must not be empty'))
    .max(200, localized('不得超过 200 个字符', 'must be at most 200 characters')),
  slots: count(100_000),
  inclusiveSlots: count(100_000),
  type: z.enum(FACILITY_TYPES),
  status: z.enum(FACILITY_STATUSES),
  openedYear: recordYear.nullable(),
  closedYear: recordYear.nullable(),
  grade: z
    .string()
    .trim()
    .min(1, localized('不得为空（无等级时请填 null）', 'must not be empty (use null for no grade)'))
    .max(50, localized('不得超过 50 个字符', 'must be at most 50 characters'))
    .nullable(),
  staff: count(100_000).nullable(),
  certifiedStaff: count(100_000).nullable(),
};

interface FacilityState {
  slots: number;
  inclusiveSlots: number;
  openedYear: number | null;
  closedYear: number | null;
  staff: number | null;
  certifiedStaff: number | null;
}

/** Checks between attributes: inclusive ≤ slots, certified ≤ staff, closed no earlier than opened. */
function checkFacilityState(f: FacilityState, ctx: z.RefinementCtx): void {
  if (f.inclusiveSlots > f.slots)
    ctx.addIssue({
      code: 'custom',
      path: ['inclusiveSlots'],
      message: say(bilingual(`不得超过托位数（${f.slots}）`, `must be at most slots (${f.slots})`)),
    });
  if (f.staff !== null && f.certifiedStaff !== null && f.certifiedStaff > f.staff) {
    ctx.addIssue({
      code: 'custom',
      path: ['certifiedStaff'],
      message: say(bilingual(`不得超过从业人员数（${f.staff}）`, `must be at most staff (${f.staff})`)),
    });
  }
  if (f.openedYear !== null && f.closedYear !== null && f.closedYear < f.openedYear) {
    ctx.addIssue({
      code: 'custom',
      path: ['closedYear'],
      message: say(bilingual(`不得早于开办年份（${f.openedYear}）`, `must not be before openedYear (${f.openedYear})`)),
    });
  }
}

/** A facility's full state after an edit; PATCH merges the body into the stored facility and checks this. */
export const facilityStateSchema = z.object(facilityAttributes).superRefine(checkFacilityState);

export const facilityCreateBodySchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[A-Za-z0-9_.:-]{1,100}$/,
        localized('编号应为 1–100 个字母、数字或“_”“.”“:”“-”', 'an id is 1–100 letters, digits, "_", ".", ":" or "-"'),
      )
      .optional()
      .describe('Facility id, unique in the jurisdiction (default: generated)'),
    ...facilityAttributes,
    inclusiveSlots: facilityAttributes.inclusiveSlots.default(0),
    openedYear: facilityAttributes.openedYear.default(null),
    closedYear: facilityAttributes.closedYear.default(null),
    grade: facilityAttributes.grade.default(null),
    staff: facilityAttributes.staff.default(null),
    certifiedStaff: facilityAttributes.certifiedStaff.default(null),
    lon: z
      .number()
      .min(-180, localized('经度不得小于 −180', 'longitude must be ≥ −180'))
      .max(180, localized('经度不得大于 180', 'longitude must be ≤ 180')),
    lat: z
      .number()
      .min(-90, localized('纬度不得小于 −90', 'latitude must be ≥ −90'))
      .max(90, localized('纬度不得大于 90', 'latitude must be ≤ 90')),
    crs: z.enum(['WGS84', 'GCJ-02', 'BD-09']).default('WGS84').describe('Coordinate system of lon/lat; converted to WGS84'),
  })
  .strict()
  .superRefine(checkFacilityState);

export const facilityPatchBodySchema = z
  .object({
    version: versionSchema.optional().describe('The version the edit is based on (or send If-Match)'),
    name: facilityAttributes.name.optional(),
    slots: facilityAttributes.slots.optional(),
    inclusiveSlots: facilityAttributes.inclusiveSlots.optional(),
    type: facilityAttributes.type.optional(),
    status: facilityAttributes.status.optional(),
    openedYear: facilityAttributes.openedYear.optional(),
    closedYear: facilityAttributes.closedYear.optional(),
    grade: facilityAttributes.grade.optional(),
    staff: facilityAttributes.staff.optional(),
    certifiedStaff: facilityAttributes.certifiedStaff.optional(),
  })
  .strict()
  .refine(
    (body) => Object.keys(body).some((k) => k !== 'version'),
    localized('请至少给出一项要修改的属性', 'give at least one attribute to change'),
  );

export const facilityCloseQuery = z.object({
  closedYear: z.coerce.number().pipe(recordYear).describe('First year the facility no longer operates'),
  version: z.coerce.number().pipe(versionSchema).optional().describe('The version the edit is based on (or send If-Match)'),
});

export const facilityRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  slots: z.number().int(),
  inclusiveSlots: z.number().int(),
  type: z.enum(FACILITY_TYPES),
  status: z.enum(FACILITY_STATUSES),
  openedYear: z.number().int().nullable(),
  closedYear: z.number().int().nullable(),
  grade: z.string().nullable(),
  staff: z.number().int().nullable(),
  certifiedStaff: z.number().int().nullable(),
  township: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
  version: z.number().int().describe('Send it back (body `version` or If-Match) to edit the facility'),
});

export const facilityEditResultSchema = z.object({
  facility: facilityRecordSchema,
  dataVersion: z.number().int().describe('The jurisdiction’s data version after the edit; indicators and coverage are recomputed for it'),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  jurisdictionId: z.string(),
  entity: z.enum(['facility', 'reported_value']),
  entityId: z.string().describe('Facility id, or <indicator>/<year>'),
  action: z.enum(['create', 'update', 'close', 'record', 'delete']),
  actor: z.string().describe('Name of the token that made the edit'),
  at: z.string().describe('ISO 8601'),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  dataVersion: z.number().int().nullable(),
});

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('At most this many entries (newest first)'),
  before: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_DATABASE_INTEGER, localized('数值过大', 'is too large'))
    .optional()
    .describe('Only entries with an id below this (next page)'),
  entity: z.enum(['facility', 'reported_value']).optional(),
});
