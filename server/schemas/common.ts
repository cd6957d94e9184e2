/**
 * Request and response pieces shared by several routes. zod schemas are the single source of the
 * request/response types and of the OpenAPI document (server/http/openapi.ts).
 */
import { z } from 'zod';
import { bilingual, localized, say } from '../model/messages.js';
import { MAX_DATABASE_INTEGER } from '../model/index.js';

export const jurisdictionIdSchema = z
  .string()
  .regex(
    /^[a-z0-9-]{1,64}$/,
    localized('辖区编号应为 1–64 个小写字母、数字或“-”', 'a jurisdiction id is 1–64 lowercase letters, digits and "-"'),
  )
  .describe('Jurisdiction id, e.g. "ouhai-demo"');

export const jurisdictionParams = z.object({ id: jurisdictionIdSchema });

/**
 * Text the server writes for people comes in both languages: English under the field's own name (as
 * before) and Chinese beside it with the suffix `Zh` (`reason` / `reasonZh`, `notes` / `notesZh`).
 */
export const chineseText = (field: string) =>
  z.string().describe(`\`${field}\` in Chinese (the UI's default language); \`${field}\` itself is English`);
/** Chinese counterpart of a list of texts, in the same order. */
export const chineseTexts = (field: string) =>
  z.array(z.string()).describe(`\`${field}\` in Chinese, in the same order; \`${field}\` itself is English`);

/** A record's version (optimistic concurrency), 1 or more, from a JSON body. */
export const versionSchema = z
  .number(localized('应为版本号（数字）', 'must be a version number'))
  .int(localized('应为整数', 'must be a whole number'))
  .min(1, localized('不得小于 1', 'must be ≥ 1'))
  .max(MAX_DATABASE_INTEGER, localized('数值过大', 'is too large'));

/** Analysis year; absent means the jurisdiction's own analysis year. */
export const yearSchema = z.coerce
  .number(localized('年份须为数字，如 2025', 'year must be a number such as 2025'))
  .int(localized('年份须为整数，如 2025', 'year must be a whole year such as 2025'))
  .min(1990, localized('年份不得早于 1990 年', 'year must be 1990 or later'))
  .max(2100, localized('年份不得晚于 2100 年', 'year must be 2100 or earlier'))
  .describe('Analysis year (default: the jurisdiction’s analysis year)');

/** Walking-time threshold in minutes; must be one of the profile's thresholds (checked in the route). */
export const minutesSchema = z.coerce
  .number(localized('步行时间（分钟）应为数字，如 15', 'minutes must be a number such as 15'))
  .int(localized('步行时间（分钟）应为整数', 'minutes must be a whole number'))
  .min(1, localized('步行时间不得少于 1 分钟', 'minutes must be at least 1'))
  .max(120, localized('步行时间不得超过 120 分钟', 'minutes must be at most 120'))
  .describe('Walking-time threshold in minutes (one of the profile’s thresholds, default 15)');

/** `minLon,minLat,maxLon,maxLat` in WGS84 degrees. */
export const bboxSchema = z
  .string()
  .transform((text, ctx) => {
    const parts = text.split(',').map((p) => Number(p.trim()));
    if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({
        code: 'custom',
        message: say(
          bilingual('bbox 应为四个数字：最小经度,最小纬度,最大经度,最大纬度', 'bbox must be four numbers: minLon,minLat,maxLon,maxLat'),
        ),
      });
      return z.NEVER;
    }
    const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number];
    if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90 || minLon > maxLon || minLat > maxLat) {
      ctx.addIssue({
        code: 'custom',
        message: say(
          bilingual(
            'bbox 须满足 -180 ≤ 最小经度 ≤ 最大经度 ≤ 180，且 -90 ≤ 最小纬度 ≤ 最大纬度 ≤ 90',
            'bbox must satisfy -180 ≤ minLon ≤ maxLon ≤ 180 and -90 ≤ minLat ≤ maxLat ≤ 90',
          ),
        ),
      });
      return z.NEVER;
    }
    return [minLon, minLat, maxLon, maxLat] as [number, number, number, number];
  })
  .describe('Bounding box minLon,minLat,maxLon,maxLat (WGS84 degrees)');

export const yearQuery = z.object({ year: yearSchema.optional() });
export const yearBboxQuery = z.object({ year: yearSchema.optional(), bbox: bboxSchema.optional() });

/** Threshold key → value, e.g. {"5": 0.42, "10": 0.93, "15": 0.95}. */
export const byThresholdSchema = z.record(z.string(), z.number()).describe('Keyed by threshold minutes ("5", "10", "15")');

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const position = z.tuple([z.number(), z.number()]);
export const geometrySchema = z
  .object({ type: z.string(), coordinates: z.unknown() })
  .describe('GeoJSON geometry (WGS84 longitude, latitude)');
export const featureCollectionSchema = (properties: z.ZodType) =>
  z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(z.object({ type: z.literal('Feature'), properties, geometry: geometrySchema.nullable() })),
  });
export { position as positionSchema };
