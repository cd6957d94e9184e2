/** Request and response shapes of the 15-minute service circle routes. */
import { z } from 'zod';
import { featureCollectionSchema, geometrySchema, jurisdictionIdSchema, minutesSchema, yearSchema } from './common.js';

export const coverageQuery = z.object({ year: yearSchema.optional(), minutes: minutesSchema.optional() });
export const catchmentQuery = z.object({ minutes: minutesSchema.optional() });
export const facilityParams = z.object({
  id: jurisdictionIdSchema,
  fid: z.string().min(1).max(200).describe('Facility id as in the data package'),
});

export const serviceAreaFeaturesSchema = featureCollectionSchema(
  z.object({
    kind: z.enum(['facility', 'union']),
    facilityId: z.string().nullable(),
    facilityName: z.string().nullable(),
    minutes: z.number(),
    distanceM: z.number().describe('Walking distance of the threshold in metres'),
    approximate: z.boolean(),
  }),
);

export const uncoveredFeaturesSchema = featureCollectionSchema(
  z.object({
    id: z.string(),
    population: z.number(),
    township: z.string().nullable(),
    distanceM: z
      .number()
      .nullable()
      .describe('Walking distance to the nearest operating facility; null when unreachable or beyond the search limit'),
    nearestFacilityId: z.string().nullable(),
    reason: z.enum(['beyond_threshold', 'unreachable']),
  }),
);

export const catchmentSchema = z.object({
  type: z.literal('Feature'),
  geometry: geometrySchema.nullable(),
  properties: z.object({
    facilityId: z.string(),
    facilityName: z.string(),
    minutes: z.number(),
    distanceM: z.number(),
    population: z.number().describe('Residents of the population units within the walking threshold'),
    populationUnits: z.number().int(),
    approximate: z.boolean(),
  }),
});
