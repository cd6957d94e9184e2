/**
 * Validates a whole data package (DATA_FORMAT.md) before anything is written, and turns it into engine
 * domain objects in WGS84. Every problem is collected — not just the first — each naming the file,
 * the feature index (0-based, position in `features`), the property and the problem.
 *
 * After the shapes are valid: coordinates are converted from the manifest's `crs` to WGS84; the
 * township of every point is its `township` property if given, else the township polygon containing
 * it; polygon population units and projects get a representative point (centroid if inside, else a
 * point on the polygon); without population.geojson each township's population is spread over a grid.
 */
import { bbox, booleanPointInPolygon, centroid, pointOnFeature } from '@turf/turf';
import type { Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import type { z } from 'zod';
import { type CoordinateSystem, toWgs84 } from '../engine/geo/index.js';
import { spreadPopulationOverCappedGrid } from '../engine/coverage/index.js';
import {
  type Facility,
  type HealthInstitution,
  type LonLat,
  type PolicyProfile,
  type PopulationUnit,
  type ResidentialProject,
  type Road,
  type Township,
  type TownshipPopulationRow,
  facilityPropertiesSchema,
  type GeometryType,
  geometrySchemas,
  healthPropertiesSchema,
  manifestSchema,
  populationPropertiesSchema,
  profileSchema,
  projectPropertiesSchema,
  roadPropertiesSchema,
  townshipPropertiesSchema,
  townshipPopulationRowSchema,
} from '../model/index.js';
import { bilingual, say } from '../model/messages.js';

/** One problem in a package. `feature` is the 0-based index in the file's `features`. */
export interface PackageError {
  file: string;
  feature?: number;
  property?: string;
  problem: string;
}

/** File name → parsed JSON content ("manifest.json" → object, "townships.geojson" → FeatureCollection). */
export type PackageFiles = Record<string, unknown>;

/** Stands in PackageFiles for a file that could not be read or parsed, so validation reports it with the rest. */
export class UnreadableFile {
  constructor(readonly problem: string) {}
}

/** A population unit as imported: the engine's unit plus its original geometry. */
export type PackagePopulationUnit = PopulationUnit & { geometry: Point | Polygon };

/** A package that passed validation; every coordinate is WGS84. */
export interface ValidatedPackage {
  /** The jurisdiction id. */
  id: string;
  name: string;
  year: number;
  /** The coordinate system the package was delivered in (its coordinates here are already WGS84). */
  sourceCrs: CoordinateSystem;
  sources: string | null;
  /** The jurisdiction above this one in the tree (manifest `parentId`), or null. */
  parentId: string | null;
  /** Where it stands in the tree; a province or city has no layers of its own. */
  level: 'province' | 'city' | 'county';
  profile: PolicyProfile;
  /** True when the profile came from the package's profile.json rather than a built-in profile. */
  ownProfile: boolean;
  townships: Township[];
  facilities: Facility[];
  populationUnits: PackagePopulationUnit[];
  /** True when population.geojson was absent and the units were spread over a grid. */
  populationApproximate: boolean;
  roads: Road[];
  projects: ResidentialProject[];
  health: HealthInstitution[];
  /** townshipPopulation.json / .csv rows (empty without the file). */
  townshipPopulation: TownshipPopulationRow[];
}

export type PackageValidation = { ok: true; pkg: ValidatedPackage; warnings: string[] } | { ok: false; errors: PackageError[] };

/** Stop collecting after this many problems: a systematic mistake (e.g. swapped lon/lat) repeats per feature. */
const MAX_ERRORS = 1000;
/** Geometry problems reported per feature; one broken polygon can have thousands of bad positions. */
const MAX_GEOMETRY_ERRORS_PER_FEATURE = 3;

const KNOWN_FILES = new Set([
  'manifest.json',
  'profile.json',
  'townships.geojson',
  'facilities.geojson',
  'population.geojson',
  'roads.geojson',
  'projects.geojson',
  'health.geojson',
  'townshipPopulation.json',
  'townshipPopulation.csv',
]);

/** A feature whose properties and geometry passed their schemas. */
interface ParsedFeature<P, G> {
  index: number;
  properties: P;
  geometry: G;
}

/** A parsed file: features valid in full, and every feature whose properties are valid (for key checks). */
interface Layer<P, G> {
  features: ParsedFeature<P, G>[];
  properties: { index: number; properties: P }[];
}

type GeometryOf<T extends GeometryType> = z.output<(typeof geometrySchemas)[T]>;

export class ErrorList {
  readonly errors: PackageError[] = [];
  private dropped = 0;
  add(error: PackageError): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push(error);
    else this.dropped++;
  }
  /** zod issues of one value, with `prefix` (e.g. "geometry") before the issue path. */
  addIssues(file: string, feature: number | undefined, issues: z.core.$ZodIssue[], prefix?: string, limit = Infinity): void {
    for (const issue of issues.slice(0, limit)) {
      const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.');
      this.add({ file, ...(feature !== undefined ? { feature } : {}), ...(path ? { property: path } : {}), problem: issue.message });
    }
  }
  result(): PackageError[] {
    if (this.dropped === 0) return this.errors;
    return [
      ...this.errors,
      { file: 'package', problem: say(bilingual(`……另有 ${this.dropped} 个问题未列出`, `… and ${this.dropped} more problems not listed`)) },
    ];
  }
}

/**
 * Checks the whole package and converts it. `builtInProfiles` are the profiles a manifest may name;
 * a profile.json in the package wins over the manifest's `profile`.
 */
export function validatePackage(files: PackageFiles, builtInProfiles: PolicyProfile[]): PackageValidation {
  const errors = new ErrorList();
  const warnings: string[] = [];

  for (const [name, content] of Object.entries(files)) {
    if (content instanceof UnreadableFile) errors.add({ file: name, problem: content.problem });
    else if (!KNOWN_FILES.has(name))
      warnings.push(say(bilingual(`${name} 不属于数据包格式，已忽略`, `${name} is not part of the package format and was ignored`)));
  }
  const fileContent = (name: string): unknown => (files[name] instanceof UnreadableFile ? undefined : files[name]);
  const isPresent = (name: string): boolean => files[name] !== undefined && files[name] !== null;
  const requireFile = (name: string): void => {
    if (!isPresent(name)) errors.add({ file: name, problem: say(bilingual('缺少必需的文件', 'required file is missing')) });
  };

  // manifest.json
  requireFile('manifest.json');
  let manifest: z.output<typeof manifestSchema> | null = null;
  if (fileContent('manifest.json') !== undefined) {
    const parsed = manifestSchema.safeParse(fileContent('manifest.json'));
    if (parsed.success) manifest = parsed.data;
    else errors.addIssues('manifest.json', undefined, parsed.error.issues);
  }

  // profile: profile.json wins over the manifest's built-in profile id.
  let profile: PolicyProfile | null = null;
  const ownProfile = isPresent('profile.json');
  if (ownProfile) {
    if (fileContent('profile.json') !== undefined) {
      const parsed = profileSchema.safeParse(fileContent('profile.json'));
      if (parsed.success) profile = parsed.data;
      else errors.addIssues('profile.json', undefined, parsed.error.issues);
    }
  } else if (isRecord(fileContent('manifest.json'))) {
    // Read from the raw manifest, so an unknown profile is reported even when other fields are wrong.
    const profileId = (fileContent('manifest.json') as Record<string, unknown>).profile;
    if (profileId === undefined || profileId === null) {
      errors.add({
        file: 'manifest.json',
        property: 'profile',
        problem: say(bilingual('必填：请指定内置指标配置或提供 profile.json', 'required: name a built-in profile or add a profile.json')),
      });
    } else if (typeof profileId === 'string') {
      profile = builtInProfiles.find((p) => p.id === profileId.trim()) ?? null;
      if (!profile) {
        const known = builtInProfiles.map((p) => p.id).join(', ');
        errors.add({
          file: 'manifest.json',
          property: 'profile',
          problem: say(
            bilingual(
              `未知的指标配置 "${profileId}"（内置配置：${known || '无'}）`,
              `unknown profile "${profileId}" (built-in profiles: ${known || 'none'})`,
            ),
          ),
        });
      }
    } // a non-string profile is already reported by the manifest schema
  }

  // GeoJSON layers.
  const parseLayer = <P extends z.ZodType, T extends GeometryType>(
    file: string,
    propertiesSchema: P,
    geometryTypes: readonly T[],
  ): Layer<z.output<P>, GeometryOf<T>> => {
    const layer: Layer<z.output<P>, GeometryOf<T>> = { features: [], properties: [] };
    const content = fileContent(file);
    if (content === undefined || content === null) return layer;
    if (!isRecord(content) || content.type !== 'FeatureCollection' || !Array.isArray(content.features)) {
      errors.add({
        file,
        problem: say(
          bilingual(
            '应为 GeoJSON FeatureCollection（{"type": "FeatureCollection", "features": [...]}）',
            'must be a GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": [...]})',
          ),
        ),
      });
      return layer;
    }
    content.features.forEach((feature: unknown, index: number) => {
      if (!isRecord(feature) || feature.type !== 'Feature') {
        errors.add({
          file,
          feature: index,
          problem: say(
            bilingual('应为 GeoJSON Feature（{"type": "Feature", ...}）', 'must be a GeoJSON Feature ({"type": "Feature", ...})'),
          ),
        });
        return;
      }
      const properties = feature.properties === null || feature.properties === undefined ? {} : feature.properties;
      const parsedProperties = isRecord(properties) ? propertiesSchema.safeParse(properties) : null;
      if (!parsedProperties)
        errors.add({ file, feature: index, property: 'properties', problem: say(bilingual('应为对象', 'must be an object')) });
      else if (!parsedProperties.success) errors.addIssues(file, index, parsedProperties.error.issues);

      const geometry = parseGeometry(file, index, feature.geometry, geometryTypes, errors);
      if (parsedProperties?.success) {
        layer.properties.push({ index, properties: parsedProperties.data });
        if (geometry) layer.features.push({ index, properties: parsedProperties.data, geometry });
      }
    });
    return layer;
  };

  // A province or city is the manifest (and profile) alone: its figures are its counties' roll-up.
  const regionLevel = manifest !== null && manifest.level !== 'county' ? manifest.level : null;
  const region = regionLevel !== null;
  if (region) {
    for (const file of Object.keys(files).filter((f) => f.endsWith('.geojson')))
      errors.add({
        file,
        problem: say(
          bilingual(
            `${regionLevel === 'province' ? '省' : '市'}级数据包只含清单（及规划参数），不含图层：其指标由所辖区县汇总`,
            `a ${regionLevel} package carries no layers: its figures are rolled up from its counties`,
          ),
        ),
      });
  } else {
    requireFile('townships.geojson');
    requireFile('facilities.geojson');
  }
  if (manifest?.parentId !== undefined && manifest.parentId === manifest.id)
    errors.add({
      file: 'manifest.json',
      property: 'parentId',
      problem: say(bilingual('不能是辖区自身', 'must not be the jurisdiction itself')),
    });
  const townshipLayer = parseLayer('townships.geojson', townshipPropertiesSchema, ['Polygon', 'MultiPolygon']);
  const facilityLayer = parseLayer('facilities.geojson', facilityPropertiesSchema, ['Point']);
  const populationLayer = parseLayer('population.geojson', populationPropertiesSchema, ['Point', 'Polygon']);
  const roadLayer = parseLayer('roads.geojson', roadPropertiesSchema, ['LineString', 'MultiLineString']);
  const projectLayer = parseLayer('projects.geojson', projectPropertiesSchema, ['Point', 'Polygon']);
  const healthLayer = parseLayer('health.geojson', healthPropertiesSchema, ['Point']);

  const townshipsContent = fileContent('townships.geojson');
  if (!region && isRecord(townshipsContent) && Array.isArray(townshipsContent.features) && townshipsContent.features.length === 0) {
    errors.add({ file: 'townships.geojson', problem: say(bilingual('至少应包含一个乡镇', 'must contain at least one township')) });
  }

  // Unique keys within a file (over every feature whose properties are valid, whatever its geometry).
  checkUnique(
    'townships.geojson',
    'code',
    townshipLayer.properties.map((f) => [f.index, f.properties.code]),
    errors,
  );
  checkUnique(
    'facilities.geojson',
    'id',
    facilityLayer.properties.map((f) => [f.index, f.properties.id]),
    errors,
  );
  checkUnique(
    'population.geojson',
    'id',
    populationLayer.properties.flatMap((f) => (f.properties.id === undefined ? [] : [[f.index, f.properties.id] as const])),
    errors,
  );
  checkUnique(
    'projects.geojson',
    'id',
    projectLayer.properties.map((f) => [f.index, f.properties.id]),
    errors,
  );
  checkUnique(
    'health.geojson',
    'id',
    healthLayer.properties.map((f) => [f.index, f.properties.id]),
    errors,
  );

  // A `township` property must name a township of the package.
  const townshipCodes = new Set(townshipLayer.properties.map((f) => f.properties.code));
  const checkTownshipReferences = (file: string, features: { index: number; properties: { township: string | null } }[]): void => {
    for (const f of features) {
      if (f.properties.township !== null && !townshipCodes.has(f.properties.township)) {
        errors.add({
          file,
          feature: f.index,
          property: 'township',
          problem: say(
            bilingual(
              `未知的乡镇代码 "${f.properties.township}"（townships.geojson 中没有）`,
              `unknown township code "${f.properties.township}" (not in townships.geojson)`,
            ),
          ),
        });
      }
    }
  };
  checkTownshipReferences('facilities.geojson', facilityLayer.properties);
  checkTownshipReferences('population.geojson', populationLayer.properties);
  checkTownshipReferences('projects.geojson', projectLayer.properties);
  checkTownshipReferences('health.geojson', healthLayer.properties);

  const townshipPopulation = parseTownshipPopulation(files, townshipCodes, errors);

  if (errors.errors.length > 0 || !manifest || !profile) {
    return { ok: false, errors: errors.result() };
  }

  // Valid: convert to WGS84 and build the domain objects.
  const crs = manifest.crs;
  const wgs = <G extends Geometry>(geometry: G): G => convertGeometry(geometry, crs);

  const townships: Township[] = townshipLayer.features.map((f) => ({
    code: f.properties.code,
    name: f.properties.name,
    population: f.properties.population,
    populationUnder3: f.properties.populationUnder3,
    district: f.properties.district,
    geometry: wgs(f.geometry as Polygon | MultiPolygon),
  }));
  const locate = new TownshipLocator(townships);
  const outside = new Map<string, number[]>();
  /**
   * Where feature `f` of `file` lies: its geometry in WGS84, its representative point and its township —
   * the one its `township` property names, else the township containing the point (none is remembered
   * for the warning below).
   */
  const placeOf = <G extends Point | Polygon>(file: string, f: ParsedFeature<{ township: string | null }, unknown>) => {
    const geometry = wgs(f.geometry as G);
    const [lon, lat] = representativePoint(geometry);
    let township = f.properties.township;
    if (township === null) {
      township = locate.codeAt([lon, lat]);
      if (township === null) outside.set(file, [...(outside.get(file) ?? []), f.index]);
    }
    return { geometry, township, lon, lat };
  };

  const facilities: Facility[] = facilityLayer.features.map((f) => {
    const { township, lon, lat } = placeOf<Point>('facilities.geojson', f);
    const p = f.properties;
    return {
      id: p.id,
      name: p.name,
      slots: p.slots,
      inclusiveSlots: p.inclusiveSlots,
      type: p.type,
      status: p.status,
      openedYear: p.openedYear,
      closedYear: p.closedYear,
      grade: p.grade,
      staff: p.staff,
      certifiedStaff: p.certifiedStaff,
      township,
      lon,
      lat,
    };
  });

  let populationUnits: PackagePopulationUnit[];
  const populationApproximate = !isPresent('population.geojson');
  if (populationApproximate) {
    // Without a usable profile the package is refused anyway; the defaults keep the check going.
    const { populationGridSpacingM, maxPopulationGridPoints } = profile?.parameters ?? profileSchema.shape.parameters.parse(undefined);
    warnings.push(
      say(
        bilingual(
          `缺少 population.geojson：各乡镇人口已按 ${populationGridSpacingM} 米网格平均分布，覆盖结果为近似值`,
          `population.geojson is absent: each township's population was spread over a ${populationGridSpacingM} m grid, so coverage results are approximate`,
        ),
      ),
    );
    const grid = spreadPopulationOverCappedGrid(townships, populationGridSpacingM, maxPopulationGridPoints);
    for (const { code, spacingM } of grid.widened) {
      warnings.push(
        say(
          bilingual(
            `乡镇 ${code}：为不超过 ${maxPopulationGridPoints} 个网格点（指标配置的 maxPopulationGridPoints），网格已放宽至 ${spacingM} 米`,
            `township ${code}: the grid was widened to ${spacingM} m to stay within ${maxPopulationGridPoints} points (the profile's maxPopulationGridPoints)`,
          ),
        ),
      );
    }
    populationUnits = grid.units.map((u) => ({
      ...u,
      geometry: { type: 'Point', coordinates: [u.lon, u.lat] },
    }));
  } else {
    populationUnits = populationLayer.features.map((f) => {
      const { geometry, township, lon, lat } = placeOf<Point | Polygon>('population.geojson', f);
      return {
        id: f.properties.id ?? String(f.index),
        index: f.index,
        population: f.properties.population,
        under3: f.properties.under3,
        township,
        lon,
        lat,
        approximate: false,
        geometry,
      };
    });
  }

  const roads: Road[] = roadLayer.features.map((f) => ({
    geometry: wgs(f.geometry as Road['geometry']),
    highway: f.properties.highway,
    foot: f.properties.foot,
    name: f.properties.name,
  }));

  const projects: ResidentialProject[] = projectLayer.features.map((f) => {
    const { geometry, township, lon, lat } = placeOf<Point | Polygon>('projects.geojson', f);
    const p = f.properties;
    return {
      id: p.id,
      name: p.name,
      households: p.households,
      population: p.population,
      personsPerHousehold: p.personsPerHousehold,
      plannedSlots: p.plannedSlots,
      status: p.status,
      year: p.year,
      township,
      lon,
      lat,
      geometry,
    };
  });

  const health: HealthInstitution[] = healthLayer.features.map((f) => {
    const { township, lon, lat } = placeOf<Point>('health.geojson', f);
    const p = f.properties;
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      childHealthStaff: p.childHealthStaff,
      pediatricians: p.pediatricians,
      hospitalLevel: p.hospitalLevel,
      publicOwnership: p.publicOwnership,
      staffChildrenUnder3: p.staffChildrenUnder3,
      township,
      lon,
      lat,
    };
  });

  for (const [file, indexes] of outside) {
    const shown = indexes
      .slice(0, 10)
      .map((i) => `#${i}`)
      .join(', ');
    warnings.push(
      say(
        bilingual(
          `${file}：${indexes.length} 个要素不在任何乡镇内（${shown}${indexes.length > 10 ? ', …' : ''}），其所属乡镇留空`,
          `${file}: ${indexes.length} feature(s) lie in no township (${shown}${indexes.length > 10 ? ', …' : ''}); their township is left empty`,
        ),
      ),
    );
  }
  return {
    ok: true,
    warnings,
    pkg: {
      id: manifest.id,
      name: manifest.name,
      year: manifest.year,
      sourceCrs: crs,
      sources: manifest.sources,
      parentId: manifest.parentId ?? null,
      level: manifest.level,
      profile,
      ownProfile,
      townships,
      facilities,
      populationUnits,
      populationApproximate,
      roads,
      projects,
      health,
      townshipPopulation,
    },
  };
}

/**
 * The townshipPopulation table (townshipPopulation.json: an array of rows; townshipPopulation.csv: a header
 * row and data rows). A problem names the file, the row (`feature`: 0-based position among the data rows)
 * and the column. Codes must name a township of the package; code + year must be unique.
 */
export function parseTownshipPopulation(
  files: PackageFiles,
  townshipCodes: ReadonlySet<string>,
  errors: ErrorList,
): TownshipPopulationRow[] {
  const present = ['townshipPopulation.json', 'townshipPopulation.csv'].filter((name) => files[name] !== undefined && files[name] !== null);
  if (present.length === 2) {
    errors.add({
      file: 'townshipPopulation.csv',
      problem: say(
        bilingual(
          '与 townshipPopulation.json 重复：同一数据包只能有其中一个',
          'duplicates townshipPopulation.json: a package holds only one of the two',
        ),
      ),
    });
    return [];
  }
  const file = present[0];
  if (file === undefined || files[file] instanceof UnreadableFile) return [];
  return validateTownshipPopulationRows(file, files[file], townshipCodes, errors);
}

/** Rows of one townshipPopulation table (also used by the registry's edit route). */
export function validateTownshipPopulationRows(
  file: string,
  content: unknown,
  townshipCodes: ReadonlySet<string>,
  errors: ErrorList,
): TownshipPopulationRow[] {
  if (!Array.isArray(content)) {
    errors.add({
      file,
      problem: say(
        bilingual(
          '必须是行的数组：[{"code": …, "year": …, "population": …}]',
          'must be an array of rows: [{"code": …, "year": …, "population": …}]',
        ),
      ),
    });
    return [];
  }
  const rows: TownshipPopulationRow[] = [];
  const firstRow = new Map<string, number>();
  content.forEach((row: unknown, index: number) => {
    if (!isRecord(row)) {
      errors.add({ file, feature: index, problem: say(bilingual('必须是一行（对象）', 'must be a row (an object)')) });
      return;
    }
    const parsed = townshipPopulationRowSchema.safeParse(row);
    if (!parsed.success) {
      errors.addIssues(file, index, parsed.error.issues);
      return;
    }
    const value = parsed.data;
    if (!townshipCodes.has(value.code)) {
      errors.add({
        file,
        feature: index,
        property: 'code',
        problem: say(
          bilingual(`未知的乡镇代码“${value.code}”（不在 townships 中）`, `unknown township code "${value.code}" (not in townships)`),
        ),
      });
      return;
    }
    const key = `${value.code}\u0000${value.year}`;
    const first = firstRow.get(key);
    if (first !== undefined) {
      errors.add({
        file,
        feature: index,
        property: 'year',
        problem: say(
          bilingual(
            `乡镇 ${value.code} 的 ${value.year} 年重复（第 ${first} 行已有）`,
            `duplicate township ${value.code} and year ${value.year} (also row #${first})`,
          ),
        ),
      });
      return;
    }
    firstRow.set(key, index);
    if (value.populationUnder3 !== null && value.populationUnder3 > value.population) {
      errors.add({
        file,
        feature: index,
        property: 'populationUnder3',
        problem: say(bilingual('3 岁以下人口不能多于常住人口', 'must not exceed population')),
      });
      return;
    }
    rows.push({ code: value.code, year: value.year, population: value.population, populationUnder3: value.populationUnder3 });
  });
  return rows;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseGeometry<T extends GeometryType>(
  file: string,
  index: number,
  geometry: unknown,
  allowed: readonly T[],
  errors: ErrorList,
): GeometryOf<T> | null {
  const expectedTypes = allowed.join(' or ');
  const expectedTypesZh = allowed.join(' 或 ');
  if (!isRecord(geometry)) {
    errors.add({
      file,
      feature: index,
      property: 'geometry',
      problem: say(bilingual(`必填：${expectedTypesZh} 几何`, `required: a ${expectedTypes} geometry`)),
    });
    return null;
  }
  if (!allowed.includes(geometry.type as T)) {
    errors.add({
      file,
      feature: index,
      property: 'geometry.type',
      problem: say(
        bilingual(
          `应为 ${expectedTypesZh}（实际为 ${JSON.stringify(geometry.type)}）`,
          `must be ${expectedTypes} (got ${JSON.stringify(geometry.type)})`,
        ),
      ),
    });
    return null;
  }
  const parsed = geometrySchemas[geometry.type as T].safeParse(geometry);
  if (!parsed.success) {
    errors.addIssues(file, index, parsed.error.issues, 'geometry', MAX_GEOMETRY_ERRORS_PER_FEATURE);
    return null;
  }
  return parsed.data as GeometryOf<T>;
}

function checkUnique(file: string, property: string, keys: (readonly [number, string])[], errors: ErrorList): void {
  const firstIndex = new Map<string, number>();
  for (const [index, key] of keys) {
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else
      errors.add({
        file,
        feature: index,
        property,
        problem: say(
          bilingual(`${property} "${key}" 重复（与要素 #${first} 相同）`, `duplicate ${property} "${key}" (also feature #${first})`),
        ),
      });
  }
}

/** The geometry with every position converted from `crs` to WGS84 (the same object for WGS84). */
function convertGeometry<G extends Geometry>(geometry: G, crs: CoordinateSystem): G {
  if (crs === 'WGS84') return geometry;
  const convert = (coordinates: unknown): unknown =>
    typeof (coordinates as unknown[])[0] === 'number' ? toWgs84(coordinates as LonLat, crs) : (coordinates as unknown[]).map(convert);
  if (geometry.type === 'GeometryCollection') throw new Error('GeometryCollection is not part of the package format');
  return { ...geometry, coordinates: convert(geometry.coordinates) };
}

/** The point itself, or for a polygon its centroid when inside, else a point on the polygon. */
function representativePoint(geometry: Point | Polygon): LonLat {
  if (geometry.type === 'Point') return [geometry.coordinates[0]!, geometry.coordinates[1]!];
  const c = centroid(geometry).geometry.coordinates as LonLat;
  if (booleanPointInPolygon(c, geometry)) return [c[0], c[1]];
  const p = pointOnFeature(geometry).geometry.coordinates as LonLat;
  return [p[0], p[1]];
}

/**
 * The first township (file order) whose polygon contains a point, boundary included — the same rule
 * as the engine's townshipOfPoint — with a bounding-box test first so that thousands of points against
 * detailed boundaries stay fast.
 */
class TownshipLocator {
  private readonly boxes: { code: string; geometry: Polygon | MultiPolygon; box: [number, number, number, number] }[];
  constructor(townships: Township[]) {
    this.boxes = townships.map((t) => ({ code: t.code, geometry: t.geometry, box: bbox(t.geometry) as [number, number, number, number] }));
  }
  codeAt(point: LonLat): string | null {
    for (const t of this.boxes) {
      const [minLon, minLat, maxLon, maxLat] = t.box;
      if (point[0] < minLon || point[0] > maxLon || point[1] < minLat || point[1] > maxLat) continue;
      if (booleanPointInPolygon(point, t.geometry)) return t.code;
    }
    return null;
  }
}
