/**
 * zod schemas of the data package files (../shared/DATA_FORMAT.md, version 1): manifest.json,
 * profile.json, and the properties and geometry of each GeoJSON layer. Messages are written for the
 * person who made the package; the validator (./validate-package.ts) adds file, feature and property.
 *
 * Optional properties accept `null` as "absent", as GIS tools export empty attributes that way.
 */
import { z } from 'zod';
import { bilingual } from './bilingual.js';
import { MAX_DATABASE_INTEGER, PERSONS_PER_HOUSEHOLD } from './limits.js';
import { localized, say } from './messages.js';
import type { IndicatorId } from './index.js';

/** 必填 / "required" when the property is missing, else 应为… / "must be <what>", in the reader's language. */
function expected(zh: string, en: string) {
  return (issue: { input: unknown }) =>
    say(issue.input === undefined ? bilingual('必填', 'required') : bilingual(`应为${zh}`, `must be ${en}`));
}
const notEmpty = () => localized('不得为空', 'must not be empty');
const atLeast = (n: number) => localized(`应 ≥ ${n}`, `must be ≥ ${n}`);
const atMost = (n: number) => localized(`应 ≤ ${n}`, `must be at most ${n}`);
const positive = () => localized('应 > 0', 'must be > 0');
const whole = () => localized('应为整数', 'must be a whole number');
const jurisdictionIdRule = () => localized('应为 1–64 个小写字母、数字或 "-"', 'must be 1–64 lowercase letters, digits and "-"');

const text = () =>
  z
    .string({ error: expected('文本', 'text') })
    .trim()
    .min(1, notEmpty());
const optionalText = () =>
  z
    .string({ error: expected('文本', 'text') })
    .nullish()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));
/** A count stored in a PostgreSQL `integer` column: a larger one must be refused here, not fail the import's transaction. */
const wholeNumber = () =>
  z
    .number({ error: expected('数字', 'a number') })
    .int(whole())
    .min(0, atLeast(0))
    .max(MAX_DATABASE_INTEGER, atMost(MAX_DATABASE_INTEGER));
const optionalWholeNumber = () =>
  wholeNumber()
    .nullish()
    .transform((v) => v ?? null);
const nonNegative = () => z.number({ error: expected('数字', 'a number') }).min(0, atLeast(0));
const optionalNonNegative = () =>
  nonNegative()
    .nullish()
    .transform((v) => v ?? null);
const year = () =>
  z
    .number({ error: expected('年份（如 2025）', 'a year such as 2025') })
    .int(localized('应为整数年份', 'must be a whole year'))
    .min(1900, localized('不得早于 1900 年', 'must be 1900 or later'))
    .max(2100, localized('不得晚于 2100 年', 'must be 2100 or earlier'));
const optionalYear = () =>
  year()
    .nullish()
    .transform((v) => v ?? null);
/** Ids may be text or whole numbers (spreadsheet exports); they are kept as text. */
const identifier = () =>
  z
    .union([z.string().trim().min(1), z.number().int()], { error: expected('非空文本或整数编号', 'a non-empty text or whole-number id') })
    .transform((v) => String(v));
const optionalTownshipCode = () =>
  z
    .union([z.string(), z.number().int()], { error: expected('乡镇代码', 'a township code') })
    .nullish()
    .transform((v) => (v === undefined || v === null || String(v).trim() === '' ? null : String(v).trim()));
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: expected(`以下之一：${values.join('、')}`, `one of ${values.join(', ')}`) });
}

export const JURISDICTION_ID = /^[a-z0-9-]{1,64}$/;
export const PACKAGE_FORMAT = 'tuowei-data-package';

export const manifestSchema = z.object({
  format: z.literal(PACKAGE_FORMAT, { error: expected(`"${PACKAGE_FORMAT}"`, `"${PACKAGE_FORMAT}"`) }),
  version: z.literal(1, { error: expected('1（唯一的数据包版本）', '1 (the only package version)') }),
  id: z.string({ error: expected('文本', 'text') }).regex(JURISDICTION_ID, jurisdictionIdRule()),
  name: text(),
  profile: z
    .string({ error: expected('指标配置编号（如 "ouhai"）', 'a profile id such as "ouhai"') })
    .trim()
    .min(1, notEmpty())
    .optional(),
  year: year(),
  crs: z
    .enum(['WGS84', 'GCJ-02', 'BD-09'], { error: expected(' "WGS84"、"GCJ-02" 或 "BD-09"', '"WGS84", "GCJ-02" or "BD-09"') })
    .default('WGS84'),
  sources: optionalText(),
  /** The city or province this jurisdiction belongs to (issue #15); it must have been imported first. */
  parentId: z
    .string({ error: expected('上级辖区编号', 'a jurisdiction id') })
    .regex(JURISDICTION_ID, localized('应为 1–64 个小写字母、数字或“-”', 'must be 1–64 lowercase letters, digits and "-"'))
    .optional(),
  /** `county` (default) holds data; a `province` or `city` package is the manifest alone and rolls its counties up. */
  level: z
    .enum(['province', 'city', 'county'], { error: expected('"province"、"city" 或 "county"', '"province", "city" or "county"') })
    .default('county'),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** Indicator ids of POLICY.md, the ones the service computes. */
export const INDICATOR_IDS = [
  'slots_per_1000',
  'service_circle_15min',
  'new_community_10_per_1000',
  'inclusive_share',
  'township_institution_coverage',
  'township_inclusive_coverage',
  'health_center_coverage',
  'certified_staff_rate',
  'graded_institution_rate',
  'pediatricians_per_1000_children',
  'child_health_staff_per_20k',
  'community_station_share',
] as const satisfies readonly IndicatorId[];

/**
 * Indicator ids are lowercase snake case. Ids beyond POLICY.md's list are accepted: plans carry more
 * indicators (infant mortality, screening rates) that a bureau reports rather than computes, and a
 * package must not be refused for targets we merely do not compute.
 */
const INDICATOR_ID = /^[a-z][a-z0-9_]{0,63}$/;
const yearKey = z.string().regex(/^\d{4}$/, localized('年份键应为四位数字，如 "2025"', 'years are four-digit keys such as "2025"'));
/** indicator id → year → value; a malformed indicator id is reported at its own key. */
const byIndicator = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (!INDICATOR_ID.test(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: say(
            bilingual(
              `指标编号应为小写字母加下划线，如 "slots_per_1000"（实际为 "${key}"）`,
              `indicator ids are lowercase snake case such as "slots_per_1000" (got "${key}")`,
            ),
          ),
        });
      }
    }
  }) as unknown as z.ZodType<Partial<Record<IndicatorId, z.output<T>>>>;
const byIndicatorAndYear = <T extends z.ZodType>(value: T) => byIndicator(z.record(yearKey, value));

const ruleId = () =>
  z
    .string({ error: expected('文本', 'text') })
    .regex(/^[a-z][a-z0-9_]{0,63}$/, localized('应为小写字母、数字和下划线', 'must be lowercase snake case'));
const appliesTo = () =>
  z
    .array(oneOf(['new', 'existing']))
    .min(1, localized('至少列出 "new"、"existing" 之一', 'must name at least one of "new", "existing"'))
    .default(['new']);

/**
 * A city's rule as data (model/types.ts JurisdictionRule): the engine evaluates these generic kinds;
 * the numbers, which rules apply and their sources are the profile's.
 */
export const ruleSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('min_slots_per_1000'), id: ruleId(), appliesTo: appliesTo(), value: nonNegative(), source: text() }),
    z.object({ kind: z.literal('min_floor_area_per_slot'), id: ruleId(), value: nonNegative(), source: text() }),
    z.object({
      kind: z.literal('max_slots_per_facility'),
      id: ruleId(),
      facilityType: oneOf(['community', 'private', 'employer', 'kindergarten_class', 'family', 'station', 'center']),
      value: nonNegative(),
      source: text(),
    }),
    z.object({
      kind: z.literal('facility_required'),
      id: ruleId(),
      appliesTo: appliesTo(),
      withinMinutes: z.number({ error: expected('分钟数', 'minutes') }).positive(localized('应大于 0', 'must be > 0')),
      source: text(),
    }),
  ],
  {
    error: expected(
      '规则类型：min_slots_per_1000、min_floor_area_per_slot、max_slots_per_facility 或 facility_required',
      'a rule kind: min_slots_per_1000, min_floor_area_per_slot, max_slots_per_facility or facility_required',
    ),
  },
);

/** profile.json and data/profiles/*.json. Parameters left out take the POLICY.md §4 defaults. */
export const profileSchema = z.object({
  id: z.string({ error: expected('文本', 'text') }).regex(JURISDICTION_ID, jurisdictionIdRule()),
  name: text(),
  targets: byIndicatorAndYear(z.number({ error: expected('数字', 'a number') })),
  comparisons: byIndicatorAndYear(oneOf(['>=', '>', 'substantially_full'])).optional(),
  units: byIndicator(z.string()).optional(),
  source: z.string().optional(),
  demand: z
    .object({
      under3Share: z
        .number({ error: expected('0 到 1 之间的比例', 'a share between 0 and 1') })
        .gt(0, localized('应大于 0', 'must be > 0'))
        .max(1, localized('不得大于 1', 'must be ≤ 1')),
      source: text(),
    })
    .optional(),
  rules: z.array(ruleSchema).optional(),
  parameters: z
    .object({
      walkSpeedKmh: z
        .number({ error: expected('数字', 'a number') })
        .positive(positive())
        .default(4.0),
      thresholdsMin: z
        .array(z.number().positive(positive()), {
          error: expected('分钟数列表（如 [5, 10, 15]）', 'a list of minutes such as [5, 10, 15]'),
        })
        .min(1, localized('至少列出一个时间阈值', 'must list at least one threshold'))
        .default([5, 10, 15]),
      detourFactor: z
        .number({ error: expected('数字', 'a number') })
        .min(1, atLeast(1))
        .default(1.3),
      maxSnapMeters: z
        .number({ error: expected('数字', 'a number') })
        .positive(positive())
        .default(500),
      personsPerHousehold: z
        .number({ error: expected('数字', 'a number') })
        .min(PERSONS_PER_HOUSEHOLD.min, localized(`应 ≥ ${PERSONS_PER_HOUSEHOLD.min}`, `must be at least ${PERSONS_PER_HOUSEHOLD.min}`))
        .max(PERSONS_PER_HOUSEHOLD.max, atMost(PERSONS_PER_HOUSEHOLD.max))
        .default(2.8),
      newCommunitySlotsPer1000: nonNegative().default(10),
      healthCenterMinPopulation: nonNegative().default(20000),
      populationGridSpacingM: z
        .number({ error: expected('数字', 'a number') })
        .min(10, atLeast(10))
        .default(200),
      maxPopulationGridPoints: z
        .number({ error: expected('数字', 'a number') })
        .int(whole())
        .min(1, atLeast(1))
        .max(100_000, localized('应 ≤ 100000', 'must be ≤ 100000'))
        .default(5000),
    })
    .default({
      walkSpeedKmh: 4.0,
      thresholdsMin: [5, 10, 15],
      detourFactor: 1.3,
      maxSnapMeters: 500,
      personsPerHousehold: 2.8,
      newCommunitySlotsPer1000: 10,
      healthCenterMinPopulation: 20000,
      populationGridSpacingM: 200,
      maxPopulationGridPoints: 5000,
    }),
});

export const townshipPropertiesSchema = z.object({
  code: identifier(),
  name: text(),
  population: wholeNumber(),
  populationUnder3: optionalWholeNumber(),
  district: optionalText(),
});

/** A whole number, or the same written as text in a table cell ("1200", "1,200"); CSV cells are always text. */
const tableWholeNumber = () =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d[\d,]*(\.\d+)?\s*$/.test(v) ? Number(v.replace(/[\s,]/g, '')) : v === '' ? undefined : v),
    wholeNumber(),
  );
const tableYear = () => z.preprocess((v) => (typeof v === 'string' && /^\s*\d{4}\s*$/.test(v) ? Number(v) : v), year());

/** One row of townshipPopulation.json / .csv (DATA_FORMAT.md v2, "Population by year"). */
export const townshipPopulationRowSchema = z.object({
  code: identifier(),
  year: tableYear(),
  population: tableWholeNumber(),
  populationUnder3: z.preprocess((v) => (v === '' ? null : v), tableWholeNumber().nullish()).transform((v) => v ?? null),
});

export const FACILITY_TYPES = ['community', 'private', 'employer', 'kindergarten_class', 'family', 'station', 'center'] as const;
export const FACILITY_STATUSES = ['operating', 'planned', 'closed'] as const;

export const facilityPropertiesSchema = z
  .object({
    id: identifier(),
    name: text(),
    slots: wholeNumber(),
    inclusiveSlots: wholeNumber(),
    type: oneOf(FACILITY_TYPES),
    status: oneOf(FACILITY_STATUSES),
    openedYear: optionalYear(),
    closedYear: optionalYear(),
    grade: z
      .union([z.string(), z.number()], { error: expected('文本', 'text') })
      .nullish()
      .transform((v) => (v === undefined || v === null || String(v).trim() === '' ? null : String(v).trim())),
    staff: optionalWholeNumber(),
    certifiedStaff: optionalWholeNumber(),
    township: optionalTownshipCode(),
  })
  .superRefine((f, ctx) => {
    if (f.inclusiveSlots > f.slots) {
      ctx.addIssue({
        code: 'custom',
        path: ['inclusiveSlots'],
        message: say(
          bilingual(`不得超过托位数（${f.inclusiveSlots} > ${f.slots}）`, `must not exceed slots (${f.inclusiveSlots} > ${f.slots})`),
        ),
      });
    }
    if (f.staff !== null && f.certifiedStaff !== null && f.certifiedStaff > f.staff) {
      ctx.addIssue({
        code: 'custom',
        path: ['certifiedStaff'],
        message: say(
          bilingual(`不得超过从业人员数（${f.certifiedStaff} > ${f.staff}）`, `must not exceed staff (${f.certifiedStaff} > ${f.staff})`),
        ),
      });
    }
    if (f.openedYear !== null && f.closedYear !== null && f.closedYear < f.openedYear) {
      ctx.addIssue({
        code: 'custom',
        path: ['closedYear'],
        message: say(
          bilingual(
            `不得早于开办年份（${f.closedYear} < ${f.openedYear}）`,
            `must not be before openedYear (${f.closedYear} < ${f.openedYear})`,
          ),
        ),
      });
    }
  });

export const populationPropertiesSchema = z.object({
  id: identifier().optional(),
  population: nonNegative(),
  under3: optionalNonNegative(),
  township: optionalTownshipCode(),
});

export const PROJECT_STATUSES = ['proposed', 'approved', 'built'] as const;

export const projectPropertiesSchema = z
  .object({
    id: identifier(),
    name: text(),
    households: optionalNonNegative(),
    population: optionalNonNegative(),
    personsPerHousehold: z
      .number({ error: expected('数字', 'a number') })
      .min(PERSONS_PER_HOUSEHOLD.min, localized(`应 ≥ ${PERSONS_PER_HOUSEHOLD.min}`, `must be at least ${PERSONS_PER_HOUSEHOLD.min}`))
      .max(PERSONS_PER_HOUSEHOLD.max, atMost(PERSONS_PER_HOUSEHOLD.max))
      .nullish()
      .transform((v) => v ?? null),
    plannedSlots: wholeNumber(),
    status: oneOf(PROJECT_STATUSES),
    year: optionalYear(),
    township: optionalTownshipCode(),
  })
  .superRefine((p, ctx) => {
    if (p.households === null && p.population === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['population'],
        message: say(bilingual('必填：请给出人口或户数', 'required: give population or households')),
      });
    }
  });

export const HEALTH_KINDS = ['child_health_center', 'primary_care'] as const;

/** Hospital levels of the Chinese grading: 1 一级, 2 二级, 3 三级. */
export const HOSPITAL_LEVELS = [1, 2, 3] as const;

/**
 * health.geojson. `hospitalLevel`, `publicOwnership` and `staffChildrenUnder3` are our extension of
 * ../shared/DATA_FORMAT.md (optional; packages without them import as before): the figures of the
 * employer welfare childcare rule (../engine/employer-welfare.ts).
 */
export const healthPropertiesSchema = z.object({
  id: identifier(),
  name: text(),
  kind: oneOf(HEALTH_KINDS),
  childHealthStaff: optionalWholeNumber(),
  pediatricians: optionalWholeNumber(),
  hospitalLevel: z
    .literal(HOSPITAL_LEVELS, { error: expected(' 1、2 或 3（一级、二级、三级）', '1, 2 or 3 (first, second or third level)') })
    .nullish()
    .transform((v) => v ?? null),
  publicOwnership: z
    .boolean({ error: expected(' true 或 false', 'true or false') })
    .nullish()
    .transform((v) => v ?? null),
  staffChildrenUnder3: optionalWholeNumber(),
  township: optionalTownshipCode(),
});

export const roadPropertiesSchema = z.object({
  name: optionalText(),
  highway: optionalText(),
  foot: optionalText(),
});

// ---- geometry ---------------------------------------------------------------------------------

const longitude = z
  .number({ error: expected('经度（数字）', 'a longitude (number)') })
  .min(-180, localized('经度应 ≥ −180', 'longitude must be ≥ −180'))
  .max(180, localized('经度应 ≤ 180', 'longitude must be ≤ 180'));
const latitude = z
  .number({ error: expected('纬度（数字）', 'a latitude (number)') })
  .min(-90, localized('纬度应 ≥ −90', 'latitude must be ≥ −90'))
  .max(90, localized('纬度应 ≤ 90', 'latitude must be ≤ 90'));
/** [lon, lat] or [lon, lat, elevation]; elevation is dropped. */
const position = z
  .tuple([longitude, latitude], { error: expected('坐标 [经度, 纬度]', 'a position [longitude, latitude]') })
  .rest(z.number())
  .transform(([lon, lat]): [number, number] => [lon, lat]);
const lineCoordinates = z
  .array(position, { error: expected('坐标列表', 'a list of positions') })
  .min(2, localized('线至少需要 2 个坐标', 'a line needs at least 2 positions'));
const ring = z
  .array(position, { error: expected('坐标列表', 'a list of positions') })
  .min(4, localized('多边形环至少需要 4 个坐标', 'a polygon ring needs at least 4 positions'))
  .refine(
    (r) => r.length < 4 || (r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1]),
    localized('多边形环应闭合（末点 = 首点）', 'a polygon ring must be closed (last position = first)'),
  );
const polygonCoordinates = z
  .array(ring, { error: expected('环列表', 'a list of rings') })
  .min(1, localized('多边形需要外环', 'a polygon needs an outer ring'));

export const geometrySchemas = {
  Point: z.object({ type: z.literal('Point'), coordinates: position }),
  LineString: z.object({ type: z.literal('LineString'), coordinates: lineCoordinates }),
  MultiLineString: z.object({
    type: z.literal('MultiLineString'),
    coordinates: z
      .array(lineCoordinates, { error: expected('线列表', 'a list of lines') })
      .min(1, localized('至少需要一条线', 'needs at least one line')),
  }),
  Polygon: z.object({ type: z.literal('Polygon'), coordinates: polygonCoordinates }),
  MultiPolygon: z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z
      .array(polygonCoordinates, { error: expected('多边形列表', 'a list of polygons') })
      .min(1, localized('至少需要一个多边形', 'needs at least one polygon')),
  }),
} as const;
export type GeometryType = keyof typeof geometrySchemas;
