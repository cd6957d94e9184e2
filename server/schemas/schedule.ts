/**
 * The least-cost schedule of openings (POST /api/jurisdictions/{id}/plans/schedule): candidate sites,
 * costs per site and per slot and the years whose township slots-per-1,000 targets must be met.
 * Costs are in any one currency unit (e.g. 10,000 yuan); slots are childcare places.
 */
import { z } from 'zod';
import { localized } from '../model/messages.js';
import { crsSchema } from './compliance.js';
import { yearSchema } from './common.js';
import { candidatesSchema, DEFAULT_SOLVER_SECONDS, MAX_SOLVER_SECONDS } from './whatif.js';

/** Years one schedule may span. */
export const MAX_SCHEDULE_YEARS = 15;

const cost = z
  .number(localized('应为费用（数字）', 'must be a cost (number)'))
  .min(0, localized('不得小于 0', 'must be ≥ 0'))
  .max(1e9, localized('不得超过 10 亿', 'must be at most 1e9'));
const siteSlots = z
  .number()
  .int(localized('应为整数', 'must be a whole number'))
  .min(1, localized('不得小于 1', 'must be at least 1'))
  .max(10_000, localized('不得超过 10000', 'must be at most 10,000'));

export const scheduleRequestSchema = z
  .object({
    years: z
      .array(yearSchema)
      .min(1, localized('请至少给出一个年份', 'give at least one year'))
      .max(MAX_SCHEDULE_YEARS, localized(`最多 ${MAX_SCHEDULE_YEARS} 个年份`, `at most ${MAX_SCHEDULE_YEARS} years`))
      .optional()
      .describe('Years whose targets must be met (default: every year of the profile’s slots-per-1,000 targets from the data year on)'),
    candidates: candidatesSchema,
    costPerSite: cost.describe('Cost of opening one site'),
    costPerSlot: cost.describe('Cost of one slot'),
    minSlotsPerSite: siteSlots.default(1).describe('Smallest site, slots (default 1)'),
    maxSlotsPerSite: siteSlots.describe('Largest site, slots'),
    discountRate: z
      .number()
      .min(0, localized('不得小于 0', 'must be ≥ 0'))
      .max(0.5, localized('不得大于 0.5', 'must be ≤ 0.5'))
      .default(0)
      .describe('Yearly discount of later costs (0.05 = 5 % a year); default 0'),
    timeLimitSeconds: z
      .number()
      .min(0.1, localized('不得小于 0.1 秒', 'must be at least 0.1 s'))
      .max(MAX_SOLVER_SECONDS, localized(`不得超过 ${MAX_SOLVER_SECONDS} 秒`, `must be at most ${MAX_SOLVER_SECONDS} s`))
      .default(DEFAULT_SOLVER_SECONDS),
    crs: crsSchema.default('WGS84').describe('Coordinate system of the given candidates'),
  })
  .strict()
  .refine((body) => body.minSlotsPerSite <= body.maxSlotsPerSite, {
    path: ['minSlotsPerSite'],
    ...localized('不得大于 maxSlotsPerSite', 'must not exceed maxSlotsPerSite'),
  });
export type ScheduleRequest = z.infer<typeof scheduleRequestSchema>;

const townshipYear = z.object({
  code: z.string(),
  name: z.string(),
  gapBefore: z.number().int().nullable().describe('Slot gap to the year’s target without the schedule; null without a target'),
  slotsAdded: z.number().int().describe('Slots the schedule has opened in the township up to this year'),
  gapAfter: z.number().int().nullable(),
});

export const scheduleSchema = z.object({
  years: z.array(z.number().int()),
  candidateSource: z.enum(['given', 'generated']),
  candidateCount: z.number().int(),
  openings: z.array(
    z.object({
      year: z.number().int(),
      candidateIndex: z.number().int(),
      lon: z.number(),
      lat: z.number(),
      township: z.string(),
      slots: z.number().int(),
      cost: z.number(),
    }),
  ),
  perYear: z.array(z.object({ year: z.number().int(), cost: z.number(), townships: z.array(townshipYear) })),
  totalCost: z.number().describe('Undiscounted cost of all openings'),
  discountedCost: z.number().describe('The objective: Σ cost × (1 + discountRate)^−(year − first year)'),
  infeasible: z
    .array(
      z.object({
        code: z.string(),
        name: z.string(),
        year: z.number().int().describe('First year whose gap cannot be closed'),
        gap: z.number().int(),
        reason: z.string(),
        reasonZh: z.string(),
      }),
    )
    .describe('Townships left out of the schedule, with why'),
  method: z.enum(['mip', 'heuristic']),
  optimal: z.boolean(),
  bound: z.number().nullable(),
  gap: z.number().nullable(),
  note: z.string().nullable(),
  noteZh: z.string().nullable(),
  solveSeconds: z.number(),
});
