/**
 * A synthetic OpenStreetMap extract the size of a province's (≈ 300 MB of .osm.pbf), for the import
 * benchmark: deterministic for a seed, written as OSM XML straight into `osmium cat` (so the XML,
 * several GB, never touches the disk) and cached by its parameters in the system's temp folder.
 *
 * Layout, like a real extract: tiles of 0.01° (≈ 1 km²) over a grid of tiles from 118°E 27°N (where
 * Zhejiang lies); in each tile a jittered 11 × 11 street grid whose rows and columns are 22 highway
 * ways sharing their crossing nodes (OSM's classes in realistic shares, including motorways, trunks
 * and foot=no that the walkable rule leaves out), 150 buildings (closed 4-node ways: most of a real
 * extract's ways and nodes are buildings), and 5 tagged points of interest. All nodes come first,
 * in id order, then all ways, as osmium and Geofabrik write extracts (Sort.Type_then_ID).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../fixtures/synthetic-city.js';

const GRID = 11;
const BUILDINGS = 150;
const POIS = 5;
const NODES_PER_TILE = GRID * GRID + BUILDINGS * 4 + POIS;
const WAYS_PER_TILE = 2 * GRID + BUILDINGS;
const TILE_DEG = 0.01;
const ORIGIN: [number, number] = [118, 27];
/** Bytes of .osm.pbf per tile, measured (osmium 1.15, zlib): turns a target size into a tile count. */
export const PBF_BYTES_PER_TILE = 3_300;
/** Bump when the layout changes, so that a cached extract of the old layout is not reused. */
const LAYOUT_VERSION = 1;

/** Highway classes and their shares among the street-grid ways. */
const HIGHWAYS: [string, number][] = [
  ['residential', 0.42],
  ['service', 0.14],
  ['footway', 0.1],
  ['tertiary', 0.08],
  ['unclassified', 0.06],
  ['secondary', 0.05],
  ['primary', 0.04],
  ['track', 0.03],
  ['trunk', 0.03],
  ['motorway', 0.02],
  ['path', 0.02],
  ['construction', 0.01],
];

export interface SyntheticExtract {
  path: string;
  tiles: number;
  /** Tiles per side of the square of tiles (the last row may be partial). */
  tilesPerSide: number;
  bytes: number;
  /** [west, south, east, north] of the whole extract. */
  box: [number, number, number, number];
  /** Whether it came from the cache. */
  cached: boolean;
}

/** The extract of about `targetBytes` for `seed`, generated (≈ 1–2 min per 100 MB on one core) or taken from the cache. */
export async function syntheticExtract(targetBytes: number, seed: number): Promise<SyntheticExtract> {
  const tiles = Math.max(1, Math.round(targetBytes / PBF_BYTES_PER_TILE));
  const tilesPerSide = Math.ceil(Math.sqrt(tiles));
  const dir = join(tmpdir(), 'tuowei-bench-cache');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `synthetic-v${LAYOUT_VERSION}-s${seed}-t${tiles}.osm.pbf`);
  const box: [number, number, number, number] = [
    ORIGIN[0],
    ORIGIN[1],
    ORIGIN[0] + tilesPerSide * TILE_DEG,
    ORIGIN[1] + tilesPerSide * TILE_DEG,
  ];
  if (existsSync(path)) return { path, tiles, tilesPerSide, bytes: statSync(path).size, box, cached: true };

  const partial = `${path}.partial.osm.pbf`;
  const osmium = spawn('osmium', ['cat', '--overwrite', '--no-progress', '-F', 'osm', '-', '-o', partial], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const exited = once(osmium, 'exit');
  const input = osmium.stdin;
  let buffer = '';
  const write = async (text: string): Promise<void> => {
    buffer += text;
    if (buffer.length < 1 << 20) return;
    const chunk = buffer;
    buffer = '';
    if (!input.write(chunk)) await once(input, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="tuowei-bench">\n');
  for (let t = 0; t < tiles; t++) await writeTileNodes(t, tilesPerSide, seed, write);
  for (let t = 0; t < tiles; t++) await writeTileWays(t, seed, write);
  await write('</osm>\n');
  input.end(buffer);
  const [code] = (await exited) as [number | null];
  if (code !== 0) throw new Error(`osmium cat exited with ${code}`);
  renameSync(partial, path);
  return { path, tiles, tilesPerSide, bytes: statSync(path).size, box, cached: false };
}

const coordinate = (value: number): string => value.toFixed(7);

async function writeTileNodes(t: number, tilesPerSide: number, seed: number, write: (text: string) => Promise<void>): Promise<void> {
  const random = seededRandom(seed * 7919 + t * 2 + 1);
  const west = ORIGIN[0] + (t % tilesPerSide) * TILE_DEG;
  const south = ORIGIN[1] + Math.floor(t / tilesPerSide) * TILE_DEG;
  let id = t * NODES_PER_TILE;
  let xml = '';
  const node = (lon: number, lat: number, tags = ''): void => {
    id++;
    xml += tags
      ? `<node id="${id}" version="1" lat="${coordinate(lat)}" lon="${coordinate(lon)}">${tags}</node>\n`
      : `<node id="${id}" version="1" lat="${coordinate(lat)}" lon="${coordinate(lon)}"/>\n`;
  };
  const step = TILE_DEG / GRID;
  for (let row = 0; row < GRID; row++)
    for (let column = 0; column < GRID; column++)
      node(west + (column + 0.5 + (random() - 0.5) * 0.4) * step, south + (row + 0.5 + (random() - 0.5) * 0.4) * step);
  for (let b = 0; b < BUILDINGS; b++) {
    const lon = west + random() * (TILE_DEG - 0.0002);
    const lat = south + random() * (TILE_DEG - 0.0002);
    const size = 0.00005 + random() * 0.00012;
    node(lon, lat);
    node(lon + size, lat);
    node(lon + size, lat + size);
    node(lon, lat + size);
  }
  for (let p = 0; p < POIS; p++)
    node(west + random() * TILE_DEG, south + random() * TILE_DEG, `<tag k="amenity" v="shop"/><tag k="name" v="商店 ${t}-${p}"/>`);
  await write(xml);
}

async function writeTileWays(t: number, seed: number, write: (text: string) => Promise<void>): Promise<void> {
  const random = seededRandom(seed * 7919 + t * 2 + 2);
  const firstNode = t * NODES_PER_TILE + 1;
  let wayId = t * WAYS_PER_TILE;
  let xml = '';
  const way = (refs: number[], tags: string): void => {
    wayId++;
    xml += `<way id="${wayId}" version="1">${refs.map((r) => `<nd ref="${r}"/>`).join('')}${tags}</way>\n`;
  };
  for (let line = 0; line < 2 * GRID; line++) {
    const refs = Array.from({ length: GRID }, (_, k) => (line < GRID ? firstNode + line * GRID + k : firstNode + k * GRID + (line - GRID)));
    let pick = random();
    const highway = HIGHWAYS.find(([, share]) => (pick -= share) < 0)?.[0] ?? 'residential';
    const foot = random() < 0.02 ? '<tag k="foot" v="no"/>' : '';
    const name = random() < 0.6 ? `<tag k="name" v="${line < GRID ? '东西' : '南北'}路 ${t}-${line}"/>` : '';
    way(refs, `<tag k="highway" v="${highway}"/>${foot}${name}`);
  }
  for (let b = 0; b < BUILDINGS; b++) {
    const first = firstNode + GRID * GRID + b * 4;
    way([first, first + 1, first + 2, first + 3, first], '<tag k="building" v="yes"/>');
  }
  await write(xml);
}
