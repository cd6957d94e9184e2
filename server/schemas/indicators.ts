/** Response shapes of the township table, the district summary and the map layers. */
import { z } from 'zod';
import { byThresholdSchema, chineseTexts, featureCollectionSchema } from './common.js';

const comparison = z.enum(['>=', '>', 'substantially_full']).nullable().describe('How the plan states the target');

export const townshipRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  population: z.number().int().describe('Resident population (常住人口)'),
  slots: z.number().int().describe('Slots of facilities operating in the year'),
  inclusiveSlots: z.number().int(),
  slotsPer1000: z.number().nullable().describe('Slots per 1,000 residents; null when the population is 0'),
  target: z.number().nullable().describe('Slots per 1,000 target of the year; null when the plan sets none'),
  targetComparison: comparison,
  slotGap: z.number().int().nullable().describe('max(0, ⌈target × population ÷ 1000⌉ − slots); null without a target'),
  meetsTarget: z.boolean().nullable(),
  facilityCount: z.number().int().describe('Facilities operating in the year'),
  inclusiveShare: z.number().nullable().describe('Inclusive ÷ all slots (0..1)'),
  coverage: byThresholdSchema.describe('Share of the population units’ residents within each walking threshold (0..1)'),
  coveredPopulation: byThresholdSchema,
  populationUnits: z.number().int(),
  unreachableUnits: z.number().int().describe('Population units farther than maxSnapMeters from every road'),
});
export type TownshipRow = z.infer<typeof townshipRowSchema>;

export const summarySchema = z.object({
  year: z.number().int(),
  population: z.number().int(),
  slots: z.number().int(),
  inclusiveSlots: z.number().int(),
  facilityCount: z.number().int(),
  slotsPer1000: z.number().nullable(),
  target: z.number().nullable(),
  targetComparison: comparison,
  slotGap: z.number().int().nullable().describe('Computed on district totals, not the sum of township gaps'),
  meetsTarget: z.boolean().nullable(),
  inclusiveShare: z.number().nullable().describe('Σ inclusive slots ÷ Σ slots over operating facilities (0..1)'),
  inclusiveShareTarget: z.number().nullable().describe('Percent, as the plan writes it'),
  townshipCount: z.number().int(),
  townshipsWithOperatingFacility: z.number().int(),
  townshipInstitutionCoverage: z.number().nullable().describe('Townships with ≥ 1 operating facility ÷ all townships (0..1)'),
  townshipInstitutionCoverageTarget: z.number().nullable().describe('Percent, as the plan writes it'),
  coverage: byThresholdSchema,
  coveredPopulation: byThresholdSchema,
  uncoveredPopulation: byThresholdSchema,
  thresholdMeters: byThresholdSchema.describe('Walking distance of each threshold at the profile’s walking speed'),
  populationUnits: z.number().int(),
  unreachableUnits: z.number().int(),
  approximate: z.boolean().describe('True when distances are straight-line × detour factor or population is spread over a grid'),
  crossBorder: z
    .object({
      bufferMeters: z
        .number()
        .describe(
          'Largest threshold distance + maxSnapMeters: facilities and roads of other jurisdictions this far beyond the extent count',
        ),
      jurisdictions: z.array(z.string()).describe('Other jurisdictions reaching into that buffer'),
      facilities: z.number().int().describe('Their facilities operating in the year that walks could reach'),
    })
    .nullable()
    .describe(
      'Walking coverage near the border counts facilities across it (residents still count only in their own township’s county); null without neighbours',
    ),
  notes: z.array(z.string()).describe('Caveats of the figures (English)'),
  notesZh: chineseTexts('notes'),
});
export type Summary = z.infer<typeof summarySchema>;

export const townshipFeaturesSchema = featureCollectionSchema(townshipRowSchema);

export const facilityPropertiesSchema = z.object({
  id: z.string(),
  name: z.string(),
  slots: z.number().int(),
  inclusiveSlots: z.number().int(),
  type: z.string(),
  status: z.string(),
  openedYear: z.number().int().nullable(),
  closedYear: z.number().int().nullable(),
  grade: z.string().nullable(),
  staff: z.number().nullable(),
  certifiedStaff: z.number().nullable(),
  township: z.string().nullable(),
  operating: z.boolean().describe('Operating in the requested year'),
});
export const facilityFeaturesSchema = featureCollectionSchema(facilityPropertiesSchema);
