/** Request and response of the developer's compliance check (新建社区每千人10个以上托位). */
import { z } from 'zod';
import { PERSONS_PER_HOUSEHOLD } from '../model/index.js';
import { bilingual, localized, say } from '../model/messages.js';
import { byThresholdSchema, chineseText, chineseTexts, yearSchema } from './common.js';

/** Largest footprint polygon accepted, in vertices (a residential project's outline, not a city). */
/** A residential project's outline needs tens of vertices; the bound keeps the geometry work of one public request small. */
export const MAX_FOOTPRINT_VERTICES = 500;

const longitude = z
  .number()
  .min(-180, localized('经度不得小于 -180', 'longitude must be ≥ -180'))
  .max(180, localized('经度不得大于 180', 'longitude must be ≤ 180'));
const latitude = z
  .number()
  .min(-90, localized('纬度不得小于 -90', 'latitude must be ≥ -90'))
  .max(90, localized('纬度不得大于 90', 'latitude must be ≤ 90'));
const position = z.tuple([longitude, latitude]);

const ring = z
  .array(position)
  .min(
    4,
    localized(
      '多边形的环至少需要 4 个坐标点（末点与首点相同）',
      'a polygon ring needs at least 4 positions (the first repeated at the end)',
    ),
  )
  // zod runs refinements after a failed min(4) too: a short ring is reported by min, not dereferenced here.
  .refine(
    (r) => r.length < 4 || (r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1]),
    localized('多边形的环须首尾闭合', 'a polygon ring must end where it starts (closed)'),
  );

export const footprintSchema = z
  .object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1, localized('多边形须有外环', 'a polygon needs an outer ring')) })
  .refine(
    (p) => p.coordinates.reduce((n, r) => n + r.length, 0) <= MAX_FOOTPRINT_VERTICES,
    localized(`用地范围最多 ${MAX_FOOTPRINT_VERTICES} 个顶点`, `a footprint may have at most ${MAX_FOOTPRINT_VERTICES} vertices`),
  )
  .describe('Project footprint as a GeoJSON Polygon');

export const crsSchema = z
  .enum(['WGS84', 'GCJ-02', 'BD-09'])
  .describe('Coordinate system of `location`; GCJ-02 (Amap/Tencent) and BD-09 (Baidu) are converted to WGS84');

export const complianceRequestSchema = z
  .object({
    location: z.union([position, footprintSchema]).describe('[longitude, latitude] of the site, or its footprint polygon'),
    households: z
      .number()
      .int(localized('户数应为整数', 'households must be a whole number'))
      .min(1, localized('户数不得少于 1', 'households must be at least 1'))
      .max(1_000_000)
      .optional(),
    population: z.number().min(1, localized('人口不得少于 1', 'population must be at least 1')).max(10_000_000).optional(),
    personsPerHousehold: z
      .number()
      .min(
        PERSONS_PER_HOUSEHOLD.min,
        localized(`户均人口不得少于 ${PERSONS_PER_HOUSEHOLD.min} 人`, `personsPerHousehold must be at least ${PERSONS_PER_HOUSEHOLD.min}`),
      )
      .max(
        PERSONS_PER_HOUSEHOLD.max,
        localized(`户均人口不得多于 ${PERSONS_PER_HOUSEHOLD.max} 人`, `personsPerHousehold must be at most ${PERSONS_PER_HOUSEHOLD.max}`),
      )
      .optional()
      .describe('Default: the profile’s value (2.8)'),
    plannedSlots: z
      .number()
      .int(localized('配建托位数应为整数', 'plannedSlots must be a whole number'))
      .min(0, localized('配建托位数不得小于 0', 'plannedSlots must be ≥ 0'))
      .max(100_000),
    neighbourhood: z
      .enum(['new', 'existing'])
      .optional()
      .describe('new (default): a new community; existing: a built neighbourhood. Chooses which of the profile’s rules apply'),
    plannedFloorAreaM2: z
      .number()
      .min(0, localized('建筑面积不得小于 0', 'plannedFloorAreaM2 must be ≥ 0'))
      .max(1_000_000)
      .optional()
      .describe('Floor area of the planned childcare facility in m², for a floor-area-per-slot rule of the profile'),
    year: yearSchema.optional(),
    crs: crsSchema.default('WGS84'),
    language: z
      .enum(['zh', 'en'])
      .default('zh')
      .describe('Language of `explanation` (other texts come in both: `notes` English, `notesZh` Chinese)'),
  })
  .strict()
  .superRefine((body, ctx) => {
    const given = [body.households, body.population].filter((v) => v !== undefined).length;
    if (given !== 1) {
      const message =
        given === 0
          ? say(bilingual('户数与人口须且只能给出一项（两项均未给出）', 'give exactly one of households or population (neither was given)'))
          : say(bilingual('户数与人口须且只能给出一项，不能同时给出', 'give exactly one of households or population, not both'));
      ctx.addIssue({ code: 'custom', path: ['households'], message });
      ctx.addIssue({ code: 'custom', path: ['population'], message });
    }
    if (body.personsPerHousehold !== undefined && body.households === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['personsPerHousehold'],
        message: say(bilingual('户均人口（personsPerHousehold）仅在给出户数时适用', 'personsPerHousehold applies only with households')),
      });
    }
  });
export type ComplianceRequest = z.infer<typeof complianceRequestSchema>;

const townshipFigures = z.object({
  population: z.number(),
  slots: z.number().int(),
  slotsPer1000: z.number().nullable(),
  slotGap: z.number().int().nullable(),
  meetsTarget: z.boolean().nullable(),
});

/** One city rule of the profile judged (engine/compliance/rules.ts). */
export const ruleVerdictSchema = z.object({
  id: z.string(),
  kind: z.enum(['min_slots_per_1000', 'min_floor_area_per_slot', 'max_slots_per_facility', 'facility_required']),
  source: z.string().describe('Where the rule comes from (plan, article)'),
  applies: z.boolean(),
  passed: z.boolean().nullable().describe('null when it does not apply, or the input lacks the figure it judges'),
  required: z.number().nullable(),
  actual: z.number().nullable(),
  message: z.string(),
  messageZh: z.string(),
  violations: z.array(z.object({ id: z.string(), name: z.string(), slots: z.number().int() })).optional(),
});

export const complianceResultSchema = z.object({
  population: z.number().describe('Residents used: the given population, or households × personsPerHousehold'),
  populationSource: z.enum(['population', 'households']),
  households: z.number().nullable(),
  personsPerHousehold: z.number().nullable().describe('Persons per household used (null when the population was given)'),
  personsPerHouseholdSource: z.enum(['project', 'profile']).nullable(),
  standardSlotsPer1000: z.number(),
  requiredSlots: z.number().int().describe('⌈population × standard ÷ 1000⌉'),
  plannedSlots: z.number().int(),
  compliant: z.boolean(),
  shortfall: z.number().int().describe('requiredSlots − plannedSlots when positive, else 0'),
  year: z.number().int(),
  site: z.tuple([z.number(), z.number()]).describe('WGS84 point the distances are measured from'),
  township: z.object({ code: z.string(), name: z.string(), footprintShare: z.number().nullable() }).nullable(),
  coveredWithin: z.record(z.string(), z.boolean()).describe('Threshold minutes → an operating facility within that walk'),
  nearestFacilityDistanceM: z.number().nullable(),
  nearestFacilities: z.array(
    z.object({ id: z.string(), name: z.string(), slots: z.number().int(), inclusiveSlots: z.number().int(), distanceM: z.number() }),
  ),
  searchLimitM: z.number(),
  townshipImpact: z
    .object({
      year: z.number().int(),
      target: z.number().nullable(),
      before: townshipFigures,
      after: townshipFigures,
      slotsPer1000Change: z.number().nullable(),
    })
    .nullable(),
  approximate: z.boolean(),
  rules: z.array(ruleVerdictSchema).describe('The profile’s city rules (data, with their sources) judged on this project'),
  notes: z.array(z.string()).describe('Caveats of the check (English); the first, free capacity is not modelled, is always there'),
  notesZh: chineseTexts('notes'),
  crs: z.object({ input: crsSchema, converted: z.boolean(), note: z.string().nullable(), noteZh: chineseText('note').nullable() }),
  dataVersion: z.number().int(),
  explanation: z.string(),
});

export const projectRowSchema = complianceResultSchema.extend({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  projectYear: z.number().int().nullable(),
});

export const projectsQuery = z.object({
  year: yearSchema.optional(),
  format: z.enum(['json', 'csv']).default('json').describe('csv: one row per project, UTF-8 with BOM for Excel'),
  language: z.enum(['zh', 'en']).default('zh').describe('Language of `explanation` (and of the CSV’s explanation column)'),
});
export { byThresholdSchema };
