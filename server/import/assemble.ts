/**
 * From the files an office has to the package the service imports (DATA_FORMAT.md version 2).
 *
 * Every layer goes the same way, whatever its format: its reader gives the rows as the file holds them
 * (readers/); columns are renamed by the mapping (`fields`, else the headers the catalogue recognises);
 * numbers written as text are read; `type`/`status`/`kind` values are mapped (`values`, else the
 * built-in Chinese names); point tables get their points from lon/lat, x/y or WKT; every position is
 * converted from the layer's CRS to WGS84 and checked against the CRS's area of use. The result is a
 * version-1 package in WGS84 with our property names, which the one package validation then checks
 * whole: the same data gives the same figures as a hand-made version-1 package, by construction.
 *
 * Nothing here writes: previewImport answers what would be imported and every problem, each naming
 * the file and, where it has them, the row (0-based feature index) and the column.
 */
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { bbox } from '@turf/turf';
import wkx from 'wkx';
import { crsFromEpsg, crsFromText, crsFromWkt, insideAreaOfUse, type ResolvedCrs } from '../engine/geo/index.js';
import { populationUnitsFromRaster } from '../engine/geo/index.js';
import { isWalkableWay, roadsMarginM } from '../engine/network/index.js';
import { bilingual, type Bilingual, numberFromText, PACKAGE_FORMAT, type PolicyProfile, say } from '../model/index.js';
import {
  BUILT_IN_VALUES,
  detectLayer,
  LAYER_NAMES,
  LAYER_PROPERTIES,
  type LayerName,
  POSITION_COLUMNS,
  proposeMapping,
} from './layer-catalogue.js';
import { type LayerSpec, manifestV2Schema, type ManifestV2 } from './manifest-v2.js';
import { MAX_DRAWN_FEATURES, type ImportPreview, type ImportProblem, type LayerPreview } from './preview.js';
import { readerFor, readJsonFile, ReadProblem, type SourceFile, type SourceLayer } from './readers/index.js';
import { type PackageError, type PackageFiles, UnreadableFile, validatePackage } from './validate-package.js';

/** Rows shown in a layer's preview. */
const SAMPLE_ROWS = 5;
/** Problems listed per layer: a systematic mistake (swapped columns) repeats on every row. */
const MAX_PROBLEMS_PER_LAYER = 50;

/** The version-1 file a layer becomes. */
const V1_FILE: Record<LayerName, string> = {
  townships: 'townships.geojson',
  facilities: 'facilities.geojson',
  population: 'population.geojson',
  roads: 'roads.geojson',
  projects: 'projects.geojson',
  health: 'health.geojson',
  townshipPopulation: 'townshipPopulation.json',
};

export interface PreviewContext {
  /** The built-in profiles a manifest may name. */
  profiles: PolicyProfile[];
}

function problem(file: string, code: string, message: Bilingual, at: { row?: number; column?: string } = {}): ImportProblem {
  return { file, ...at, code, message: say(message) };
}

/**
 * The preview of an upload: `files` (loose files, or the contents of a zip) and the manifest, from
 * `manifest` when given, else the upload's manifest.json, else none (every layer detected).
 */
export async function previewImport(files: SourceFile[], manifest: unknown, context: PreviewContext): Promise<ImportPreview> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const problems: ImportProblem[] = [];
  let given: unknown = manifest ?? null;
  if (given === null && byName.has('manifest.json')) {
    const parsed = readJsonFile(byName.get('manifest.json')!);
    if (parsed instanceof UnreadableFile) problems.push({ file: 'manifest.json', code: 'unreadable_file', message: parsed.problem });
    else given = parsed;
  }
  const checked = manifestV2Schema.safeParse(given ?? {});
  if (!checked.success) {
    for (const issue of checked.error.issues)
      problems.push({ file: 'manifest.json', column: issue.path.join('.'), code: 'invalid_manifest', message: issue.message });
    return { manifest: (given ?? {}) as Record<string, unknown>, layers: [], problems, package: null };
  }
  const effective: ManifestV2 = { ...checked.data, format: (checked.data as { format?: unknown }).format ?? PACKAGE_FORMAT, version: 2 };
  const layers: Partial<Record<LayerName, LayerSpec>> = { ...(checked.data.layers ?? {}) };
  assignUnnamedFiles(files, layers);
  await assignByColumns(files, layers);
  effective.layers = layers;

  const previews: LayerPreview[] = [];
  const packageFiles: PackageFiles = {};
  const profileFile = byName.has('profile.json') ? readJsonFile(byName.get('profile.json')!) : undefined;
  const state: AssemblyState = { townships: null, parameters: planningParameters(profileFile, effective, context.profiles) };
  for (const name of LAYER_NAMES) {
    const spec = layers[name];
    if (!spec) continue;
    const result = await assembleLayer(name, spec, byName, effective, state);
    if (name === 'townships' && result.content) state.townships = (result.content as { features: Feature[] }).features;
    previews.push(result.preview);
    problems.push(...result.preview.problems);
    if (result.content !== undefined) packageFiles[V1_FILE[name]] = result.content;
    // The mapping the user confirms is the one the preview used.
    layers[name] = { ...spec, fields: { ...result.preview.mapping, ...(spec.fields ?? {}) } };
  }

  packageFiles['manifest.json'] = versionOneManifest(effective);
  if (profileFile !== undefined) packageFiles['profile.json'] = profileFile;
  if (problems.length > 0) return { manifest: effective, layers: markProblemFeatures(previews), problems, package: null };

  const validation = validatePackage(packageFiles, context.profiles);
  if (!validation.ok) {
    for (const error of validation.errors) problems.push(packageProblem(error, layers));
    const byFile = new Map(previews.map((p) => [V1_FILE[p.layer], p]));
    for (const error of validation.errors) byFile.get(error.file)?.problems.push(packageProblem(error, layers));
    return { manifest: effective, layers: markProblemFeatures(previews), problems, package: null };
  }
  return { manifest: effective, layers: markProblemFeatures(previews), problems, package: packageFiles };
}

/** Sets `_problem` on each drawn feature: true when one of its layer's problems names its row. */
function markProblemFeatures(previews: LayerPreview[]): LayerPreview[] {
  for (const preview of previews) {
    const rows = new Set(preview.problems.flatMap((p) => (p.row !== undefined ? [p.row] : [])));
    for (const feature of preview.drawn?.features ?? []) feature.properties!._problem = rows.has(feature.properties!._row as number);
  }
  return previews;
}

/** The manifest of the assembled package: version 1, WGS84 (every position is converted here). */
function versionOneManifest(manifest: ManifestV2): Record<string, unknown> {
  const { layers: _layers, crs: _crs, ...rest } = manifest;
  return { ...rest, format: PACKAGE_FORMAT, version: 1, crs: 'WGS84' };
}

/**
 * Layers the manifest does not name: from their version-1 file when present (DATA_FORMAT.md), else
 * the first remaining data file recognised as that layer by its name and columns.
 */
function assignUnnamedFiles(files: SourceFile[], layers: Partial<Record<LayerName, LayerSpec>>): void {
  const taken = new Set(Object.values(layers).map((spec) => spec.file));
  for (const name of LAYER_NAMES) {
    if (layers[name]) continue;
    const v1 = files.find((f) => f.name.toLowerCase() === V1_FILE[name].toLowerCase());
    if (v1 && !taken.has(v1.name)) {
      layers[name] = { file: v1.name };
      taken.add(v1.name);
    }
  }
  for (const file of files) {
    if (taken.has(file.name) || /(^|\/)(manifest|profile)\.json$/i.test(file.name) || !readerFor(file.name)) continue;
    const layer = detectLayer(file.name, [], null);
    if (layer && !layers[layer]) {
      layers[layer] = { file: file.name };
      taken.add(file.name);
    }
  }
}

/** Data files still without a layer: read, and recognised by their columns and geometry. */
async function assignByColumns(files: SourceFile[], layers: Partial<Record<LayerName, LayerSpec>>): Promise<void> {
  const taken = new Set(Object.values(layers).map((spec) => spec.file));
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const file of files) {
    const reader = readerFor(file.name);
    if (taken.has(file.name) || /(^|\/)(manifest|profile)\.json$/i.test(file.name) || !reader) continue;
    let source: SourceLayer;
    try {
      source = await reader.readLayer(file, byName, {});
    } catch {
      continue; // unreadable: the user names its layer, and then hears why it cannot be read
    }
    const layer = detectLayer(file.name, source.fields, source.features.find((f) => f.geometry)?.geometry?.type ?? null);
    if (layer && !layers[layer]) {
      layers[layer] = { file: file.name };
      taken.add(file.name);
    }
  }
}

/** What later layers need of earlier ones: the townships (WGS84, our names) and the planning parameters. */
interface AssemblyState {
  townships: Feature[] | null;
  parameters: { walkSpeedKmh: number; thresholdsMin: number[]; maxSnapMeters: number };
}

/** DATA_FORMAT.md's defaults, for a package whose profile cannot be read yet (validation reports why). */
const DEFAULT_PARAMETERS = { walkSpeedKmh: 4, thresholdsMin: [5, 10, 15], maxSnapMeters: 500 };

/** The walking parameters of the package's profile: its profile.json, else the built-in profile it names. */
function planningParameters(profileFile: unknown, manifest: ManifestV2, profiles: PolicyProfile[]): AssemblyState['parameters'] {
  const own = (profileFile as { parameters?: Partial<AssemblyState['parameters']> } | undefined)?.parameters;
  const builtIn = profiles.find((p) => p.id === (manifest as { profile?: unknown }).profile)?.parameters;
  const given = own ?? builtIn ?? {};
  return {
    walkSpeedKmh: typeof given.walkSpeedKmh === 'number' ? given.walkSpeedKmh : DEFAULT_PARAMETERS.walkSpeedKmh,
    thresholdsMin: Array.isArray(given.thresholdsMin) ? given.thresholdsMin : DEFAULT_PARAMETERS.thresholdsMin,
    maxSnapMeters: typeof given.maxSnapMeters === 'number' ? given.maxSnapMeters : DEFAULT_PARAMETERS.maxSnapMeters,
  };
}

interface AssembledLayer {
  preview: LayerPreview;
  /** The version-1 content (a FeatureCollection, or rows for townshipPopulation); undefined when unreadable. */
  content?: unknown;
}

async function assembleLayer(
  layer: LayerName,
  spec: LayerSpec,
  files: ReadonlyMap<string, SourceFile>,
  manifest: ManifestV2,
  state: AssemblyState,
): Promise<AssembledLayer> {
  const preview: LayerPreview = {
    layer,
    file: spec.file,
    format: '',
    crs: null,
    encoding: null,
    features: 0,
    fields: [],
    mapping: {},
    values: {},
    sample: [],
    problems: [],
    notes: [],
  };
  const report = (code: string, message: Bilingual, at: { row?: number; column?: string } = {}) => {
    if (preview.problems.length < MAX_PROBLEMS_PER_LAYER) preview.problems.push(problem(spec.file, code, message, at));
  };
  const file = files.get(spec.file);
  const reader = readerFor(spec.file);
  if (!file) {
    report('missing_file', bilingual(`上传的文件中没有 ${spec.file}`, `${spec.file} is not among the uploaded files`));
    return { preview };
  }
  if (!reader) {
    report(
      'unknown_format',
      bilingual(`无法识别 ${spec.file} 的格式（按扩展名）`, `the format of ${spec.file} is not one the service reads (by its extension)`),
    );
    return { preview };
  }
  preview.format = reader.format;
  let source: SourceLayer;
  try {
    // Roads of a large extract are kept only near the townships (DATA_FORMAT.md: the largest threshold's walk + maxSnapMeters).
    const keepNear =
      layer === 'roads' && state.townships && state.townships.length > 0
        ? { boxes: state.townships.map((t) => bbox(t) as [number, number, number, number]), marginM: roadsMarginM(state.parameters) }
        : undefined;
    source = await reader.readLayer(file, files, { layer: spec.layer, encoding: spec.encoding, keepNear });
  } catch (error) {
    if (!(error instanceof ReadProblem)) throw error;
    preview.problems.push(problem(error.file, error.code, error.text));
    return { preview };
  }
  preview.encoding = source.encoding;
  preview.fields = source.fields;
  preview.features = source.features.length;
  preview.sample = source.features.slice(0, SAMPLE_ROWS).map((f) => f.properties);
  if (source.encoding) preview.notes.push(say(encodingNote(source)));

  const isTable = source.features.every((f) => f.geometry === null);
  const mapping = { ...proposeMapping(layer, source.fields, isTable), ...(spec.fields ?? {}) };
  preview.mapping = mapping;
  for (const [property, column] of Object.entries(mapping)) {
    if (!source.fields.includes(column))
      report(
        'missing_column',
        bilingual(`映射的列“${column}”（${property}）在文件中不存在`, `the mapped column "${column}" (${property}) is not in the file`),
        { column },
      );
  }
  if (preview.problems.length > 0) return { preview };

  const crs = layer === 'townshipPopulation' ? null : resolveCrs(spec, source, manifest);
  if (crs && 'problem' in crs) {
    report('unknown_crs', crs.problem);
    return { preview };
  }
  if (crs) {
    preview.crs = crs.label;
    if (crs.label !== 'EPSG:4326')
      preview.notes.push(say(bilingual(`坐标已由 ${crs.label} 转换为 WGS84`, `coordinates converted from ${crs.label} to WGS84`)));
  }

  const valueMap = valueMapping(spec);
  const applied: Record<string, Record<string, string>> = {};
  const properties = LAYER_PROPERTIES[layer];
  const renamed = new Map(Object.entries(mapping).map(([property, column]) => [column, property]));
  const rows: Record<string, unknown>[] = [];
  const features: Feature[] = [];
  // The first features as the map draws them, with their row (marked after every problem is known).
  const drawn: Feature[] = [];
  let leftOut = 0;
  source.features.forEach((feature, row) => {
    const props: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(feature.properties)) props[renamed.get(column) ?? column] = value;
    for (const [property, kind] of Object.entries(properties)) {
      const value = props[property];
      const column = mapping[property] ?? property;
      if (typeof value === 'string' && (kind === 'integer' || kind === 'number')) {
        if (value.trim() === '') props[property] = null;
        else {
          const n = numberFromText(value);
          if (n === null) report('not_a_number', bilingual(`“${value}”不是数字`, `"${value}" is not a number`), { row, column });
          else props[property] = n;
        }
      } else if (kind === 'enum' && (typeof value === 'string' || typeof value === 'number')) {
        const key = String(value).replace(/\s/g, '');
        const mapped = valueMap[property]?.[key] ?? BUILT_IN_VALUES[property]?.[key];
        if (mapped !== undefined && mapped !== value) {
          props[property] = mapped;
          (applied[property] ??= {})[key] = mapped;
        }
      } else if (kind === 'boolean' && typeof value === 'string') {
        props[property] = /^(是|true|yes|y|1)$/i.test(value.trim()) ? true : /^(否|false|no|n|0)$/i.test(value.trim()) ? false : value;
      }
    }
    if (layer === 'townshipPopulation') {
      rows.push(props);
      return;
    }
    let geometry = feature.geometry;
    if (geometry === null) {
      const built = pointOfRow(props, mapping, crs!.geographic);
      for (const column of POSITION_COLUMNS) delete props[column];
      if ('problem' in built) {
        report(built.code, built.problem, { row, column: built.column });
        return;
      }
      geometry = built.point;
    }
    const converted = convertGeometry(geometry, crs!);
    if (converted === null) {
      report(
        'outside_crs_area',
        bilingual(
          `坐标不在 ${crs!.label} 的适用范围内（列是否填反、坐标系是否选错？）`,
          `the coordinates lie outside the area of ${crs!.label} (columns swapped, or the wrong CRS?)`,
        ),
        { row },
      );
      return;
    }
    if (layer === 'roads' && !isWalkableWay(props)) {
      leftOut++;
      return;
    }
    features.push({ type: 'Feature', geometry: converted, properties: props });
    if (drawn.length < MAX_DRAWN_FEATURES) drawn.push({ type: 'Feature', geometry: converted, properties: { ...props, _row: row } });
  });
  if (layer !== 'townshipPopulation') preview.drawn = { type: 'FeatureCollection', features: drawn };
  if (leftOut > 0)
    preview.notes.push(
      say(
        bilingual(
          `按 OpenStreetMap 步行规则排除了 ${leftOut} 条不可步行的道路（高速公路、快速路、在建等）`,
          `${leftOut} ways left out by the OpenStreetMap walking rule (motorways, trunk roads, construction …)`,
        ),
      ),
    );
  for (const [property, pairs] of Object.entries(applied)) {
    preview.values[property] = pairs;
    preview.notes.push(
      say(
        bilingual(
          `${property} 的取值已转换：${Object.entries(pairs)
            .map(([k, v]) => `${k} → ${v}`)
            .join('，')}`,
          `${property} values mapped: ${Object.entries(pairs)
            .map(([k, v]) => `${k} → ${v}`)
            .join(', ')}`,
        ),
      ),
    );
  }
  for (const [property, pairs] of Object.entries(spec.values ?? {})) preview.values[property] = { ...pairs, ...preview.values[property] };
  if (layer === 'townshipPopulation') return { preview, content: rows };
  if (layer === 'population' && source.format === 'GeoTIFF') return { preview, content: rasterUnits(features, state, preview) };
  return { preview, content: { type: 'FeatureCollection', features } };
}

/**
 * A raster's populated cells (WGS84 points) as population units: each in the township containing its
 * centre, scaled to the townships' populations when they carry one (DATA_FORMAT.md, "Population from a raster").
 */
function rasterUnits(cells: Feature[], state: AssemblyState, preview: LayerPreview): unknown {
  const townships = (state.townships ?? []).map((t) => ({
    code: String(t.properties?.code ?? ''),
    name: String(t.properties?.name ?? ''),
    population: typeof t.properties?.population === 'number' ? t.properties.population : null,
    geometry: t.geometry as Polygon | MultiPolygon,
  }));
  const result = populationUnitsFromRaster(
    cells.map((cell, i) => {
      const [lon, lat] = (cell.geometry as { coordinates: number[] }).coordinates;
      return { id: `cell-${i + 1}`, lon: lon!, lat: lat!, population: Number(cell.properties?.population ?? 0) };
    }),
    townships,
  );
  preview.notes.push(...result.notes.map(say));
  return {
    type: 'FeatureCollection',
    features: result.units.map((unit) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [unit.lon, unit.lat] },
      properties: { id: unit.id, population: unit.population, township: unit.township },
    })),
  };
}

function encodingNote(source: SourceLayer): Bilingual {
  const how: Record<string, Bilingual> = {
    manifest: bilingual('按清单指定', 'as the manifest says'),
    cpg: bilingual('按 .cpg 文件', 'from the .cpg file'),
    'dbf language byte': bilingual('按 .dbf 的语言标记', 'from the .dbf language byte'),
    'valid UTF-8': bilingual('内容是有效的 UTF-8', 'the bytes are valid UTF-8'),
    'not UTF-8': bilingual('内容不是 UTF-8，按 GB18030（GBK）读取', 'the bytes are not UTF-8, so GB18030 (GBK)'),
  };
  const reason = how[source.encodingSource ?? ''];
  return bilingual(
    `文字编码 ${source.encoding}${reason ? `（${reason.zh}）` : ''}`,
    `text encoding ${source.encoding}${reason ? ` (${reason.en})` : ''}`,
  );
}

/** Manifest `values` with keys compared without spaces, as the built-in names are. */
function valueMapping(spec: LayerSpec): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [property, pairs] of Object.entries(spec.values ?? {}))
    out[property] = Object.fromEntries(Object.entries(pairs).map(([k, v]) => [k.replace(/\s/g, ''), v]));
  return out;
}

/**
 * The layer's CRS: the manifest's for the layer, else the file's own, else the manifest's for the
 * package, else WGS84. A CRS named or described that the service cannot place is a problem.
 */
function resolveCrs(spec: LayerSpec, source: SourceLayer, manifest: ManifestV2): ResolvedCrs | { problem: Bilingual } {
  const unknown = (what: string) => ({
    problem: bilingual(
      `无法识别 ${source.file} 的坐标系（${what}）；请在清单中指定 crs，例如 "EPSG:4549"`,
      `the coordinate system of ${source.file} is not one the service can place (${what}); name it in the manifest's crs, e.g. "EPSG:4549"`,
    ),
  });
  if (spec.crs) return crsFromText(spec.crs) ?? unknown(spec.crs);
  const declared = source.crs;
  if (declared?.kind === 'epsg') return crsFromEpsg(declared.code) ?? unknown(`EPSG:${declared.code}`);
  if (declared?.kind === 'name') return crsFromText(declared.name) ?? unknown(declared.name);
  if (declared?.kind === 'definition') return crsFromWkt(declared.wkt) ?? unknown(declared.wkt.slice(0, 80));
  if (manifest.crs) return crsFromText(manifest.crs) ?? unknown(manifest.crs);
  return crsFromText('WGS84')!;
}

type PointOfRow = { point: Geometry } | { problem: Bilingual; code: string; column?: string };

/** The point of a table row from its position columns (already renamed to lon/lat, x/y, wkt). */
function pointOfRow(props: Record<string, unknown>, mapping: Record<string, string>, geographic: boolean): PointOfRow {
  const wktText = cellText(props.wkt);
  if (wktText !== '') {
    try {
      return { point: wkx.Geometry.parse(wktText).toGeoJSON() as Geometry };
    } catch {
      return { code: 'bad_wkt', column: mapping.wkt ?? 'wkt', problem: bilingual('WKT 几何无法解析', 'the WKT geometry cannot be parsed') };
    }
  }
  const [xName, yName] = props.lon !== undefined || props.lat !== undefined || geographic ? ['lon', 'lat'] : ['x', 'y'];
  const coordinate = (name: string): number | PointOfRow => {
    const value = props[name];
    const column = mapping[name] ?? name;
    const text = cellText(value);
    if (text === '')
      return { code: 'missing_coordinate', column, problem: bilingual(`缺少坐标（${column}）`, `the coordinate (${column}) is missing`) };
    const n = typeof value === 'number' ? value : numberFromText(text);
    if (n === null)
      return {
        code: 'coordinate_not_a_number',
        column,
        problem: bilingual(`坐标“${text}”不是数字`, `the coordinate "${text}" is not a number`),
      };
    return n;
  };
  const x = coordinate(xName);
  if (typeof x !== 'number') return x;
  const y = coordinate(yName);
  if (typeof y !== 'number') return y;
  return { point: { type: 'Point', coordinates: [x, y] } };
}

/** A cell's text: '' for an empty cell. */
function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * The geometry in WGS84, every position converted; null when a position lies outside the CRS's area of
 * use (checked on each part's first position: a mislabelled file is wrong everywhere, not at one vertex).
 */
function convertGeometry(geometry: Geometry, crs: ResolvedCrs): Geometry | null {
  let inside = true;
  const convertRing = (ring: Position[]): Position[] =>
    ring.map((p, i) => {
      const q = crs.toWgs84([p[0]!, p[1]!]);
      if (i === 0 && !insideAreaOfUse(q, crs.areaOfUse)) inside = false;
      return [q[0], q[1]];
    });
  let out: Geometry;
  switch (geometry.type) {
    case 'Point':
      out = { type: 'Point', coordinates: convertRing([geometry.coordinates])[0]! };
      break;
    case 'MultiPoint':
      out = { type: 'MultiPoint', coordinates: convertRing(geometry.coordinates) };
      break;
    case 'LineString':
      out = { type: 'LineString', coordinates: convertRing(geometry.coordinates) };
      break;
    case 'MultiLineString':
      out = { type: 'MultiLineString', coordinates: geometry.coordinates.map(convertRing) };
      break;
    case 'Polygon':
      out = { type: 'Polygon', coordinates: geometry.coordinates.map(convertRing) };
      break;
    case 'MultiPolygon':
      out = { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map(convertRing)) };
      break;
    default:
      return geometry;
  }
  return inside ? out : null;
}

/** A package validation error as an upload problem: the source file, the row, the source column. */
function packageProblem(error: PackageError, layers: Partial<Record<LayerName, LayerSpec>>): ImportProblem {
  const layer = LAYER_NAMES.find((name) => V1_FILE[name] === error.file);
  const spec = layer ? layers[layer] : undefined;
  const column = error.property ? (spec?.fields?.[error.property.split('.')[0]!] ?? error.property) : undefined;
  return {
    file: spec?.file ?? error.file,
    ...(error.feature !== undefined ? { row: error.feature } : {}),
    ...(column !== undefined ? { column } : {}),
    code: 'invalid_value',
    message: error.problem,
  };
}
