/**
 * The townshipPopulation layer in the registry (DATA_FORMAT.md v2, "Population by year"): a statistics
 * bureau's table of residents, and children under 3, per township and year.
 */
import { z } from 'zod';
import { MAX_DATABASE_INTEGER, localized } from '../model/index.js';
import { yearSchema } from './common.js';

/** Rows one request may write: 2,000 townships × 30 years fit. */
export const MAX_TOWNSHIP_POPULATION_ROWS = 60_000;

const count = z
  .number(localized('应为数字', 'must be a number'))
  .int(localized('应为整数', 'must be a whole number'))
  .min(0, localized('不得小于 0', 'must be ≥ 0'))
  .max(MAX_DATABASE_INTEGER, localized('数值过大', 'is too large'));

export const townshipPopulationRowSchema = z.object({
  code: z.string(localized('应为乡镇代码', 'must be a township code')).trim().min(1, localized('不得为空', 'must not be empty')),
  year: yearSchema.describe('The year of the figures'),
  population: count.describe('Residents (常住人口)'),
  populationUnder3: count
    .nullish()
    .transform((v) => v ?? null)
    .describe('Children under 3; null or absent when the table does not give them'),
});

export const townshipPopulationSchema = z.object({
  jurisdictionId: z.string(),
  rows: z.array(townshipPopulationRowSchema).describe('By township code, then year'),
  lastDataYear: z.number().int().nullable().describe('The latest year of the table; later years carry its figures forward'),
});

export const townshipPopulationBodySchema = z
  .object({
    rows: z
      .array(townshipPopulationRowSchema)
      .max(
        MAX_TOWNSHIP_POPULATION_ROWS,
        localized(`最多 ${MAX_TOWNSHIP_POPULATION_ROWS} 行`, `at most ${MAX_TOWNSHIP_POPULATION_ROWS} rows`),
      )
      .describe('The whole table: it replaces the stored one (an empty list removes it)'),
  })
  .strict();

export const townshipPopulationEditResultSchema = townshipPopulationSchema.extend({ dataVersion: z.number().int() });
