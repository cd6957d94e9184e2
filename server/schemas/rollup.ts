/** The roll-up of a city or province (issue #15): its counties' stored figures, summed, and a table of its children. */
import { z } from 'zod';
import { byThresholdSchema, chineseTexts, positionSchema } from './common.js';

export const levelSchema = z.enum(['province', 'city', 'county']).describe('Place in the tree: province → city → county');

const bboxSchema = z
  .tuple([z.number(), z.number(), z.number(), z.number()])
  .nullable()
  .describe('[west, south, east, north], WGS84 degrees; null when none of its counties has a stored summary');

export const rolledUpFiguresSchema = z.object({
  counties: z.number().int().describe('Counties whose stored summary the figures add up'),
  population: z.number().int(),
  slots: z.number().int(),
  inclusiveSlots: z.number().int(),
  facilityCount: z.number().int(),
  slotsPer1000: z.number().nullable().describe('Σ slots ÷ Σ residents × 1,000'),
  slotGap: z.number().int().describe('Σ of the counties’ gaps, each against its own target (a surplus in one county fills no other’s gap)'),
  countiesWithoutTarget: z.number().int().describe('Counties whose plan sets no slots target for the year (they add nothing to the gap)'),
  inclusiveShare: z.number().nullable().describe('Σ inclusive slots ÷ Σ slots of operating facilities (0..1)'),
  townshipCount: z.number().int(),
  townshipsWithOperatingFacility: z.number().int(),
  townshipInstitutionCoverage: z.number().nullable().describe('Σ townships with a facility ÷ Σ townships (0..1)'),
  coverage: byThresholdSchema.describe('Σ residents within the walk ÷ Σ residents (0..1), per threshold every county computes'),
  coveredPopulation: byThresholdSchema,
});

/** A jurisdiction directly below, with its own roll-up (a county: its own stored figures). */
const rollupChildSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: levelSchema,
  complete: z.boolean(),
  bbox: bboxSchema,
  figures: rolledUpFiguresSchema,
});

export const rollupSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: levelSchema,
  year: z.number().int(),
  complete: z.boolean().describe('True when every county below has a stored summary of the year at its current data version'),
  figures: rolledUpFiguresSchema,
  children: z
    .array(rollupChildSchema)
    .describe('The jurisdictions directly below, each with its own roll-up (a county: its own figures), for the table and the map'),
  pending: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .describe(
      'Counties without a stored summary of the year at their current data version: not computed in this request, left out of the figures',
    ),
  notes: z.array(z.string()),
  notesZh: chineseTexts('notes'),
});
export type Rollup = z.infer<typeof rollupSchema>;

/** A county's stored outline, or a city's: its counties' outlines together. */
const outlineSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(z.array(positionSchema))),
});

export const rollupFeaturesSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z
    .array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        properties: rollupChildSchema,
        geometry: outlineSchema
          .nullable()
          .describe(
            'WGS84. A county: its outline stored with its summary (its townships dissolved and simplified to 0.001°, about 100 m, for a province-scale map); a city: its counties’ outlines as one MultiPolygon; null when none of its counties has a stored outline of the year at its current data version',
          ),
      }),
    )
    .describe('One feature per jurisdiction directly below, in the order of `children` of GET …/rollup, with the same properties'),
});
export type RollupFeatures = z.infer<typeof rollupFeaturesSchema>;
