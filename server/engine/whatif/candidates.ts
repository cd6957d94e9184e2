/**
 * Candidate locations for new childcare sites, generated on the walking network at a regular
 * spacing inside the jurisdiction (for site suggestions when the planner has no list of their own).
 *
 * 1. Every walkable segment is sampled at n = ⌈length ÷ spacingM⌉ evenly spaced points, at the
 *    middles of n equal pieces, so no stretch of road longer than spacingM lacks a sample.
 * 2. Samples are thinned on a square grid of spacingM cells (a local metric plane anchored at the
 *    network's south-west corner): each cell keeps the sample nearest its centre (the first one on
 *    a tie), so candidates are at most one per spacingM × spacingM cell, whatever the road density.
 * 3. A candidate is kept when it lies inside some township; it carries that township's code.
 *
 * Without walkable roads the candidates are the centres of the grid cells (over the townships'
 * extent) that lie inside a township. Coordinates are WGS84 degrees; candidates are returned in
 * grid order (south to north, west to east), the same for the same input.
 */
import { bbox } from '@turf/turf';
import { metresPerDegree, type WalkNetwork } from '../network/index.js';
import { createTownshipLocator, locateTownship } from '../geo/index.js';
import type { LonLat, Township } from '../../model/index.js';

export interface Candidate {
  lon: number;
  lat: number;
  /** Code of the township containing the candidate. */
  township: string;
}

/** Candidate sites every `spacingM` metres on the walkable network, inside some township. */
export function generateCandidates(network: WalkNetwork, townships: readonly Township[], spacingM: number): Candidate[] {
  if (!(spacingM > 0)) throw new RangeError(`generateCandidates: spacingM must be positive, got ${spacingM}`);
  const samples = network.graph === null ? cellCentresOverTownships(townships, spacingM) : samplesAlongSegments(network, spacingM);
  if (samples.lon.length === 0) return [];
  const kept = thinByGrid(samples, spacingM);
  const locator = createTownshipLocator(townships);
  const candidates: Candidate[] = [];
  for (const i of kept) {
    const point: LonLat = [samples.lon[i]!, samples.lat[i]!];
    const t = locateTownship(locator, point);
    if (t >= 0) candidates.push({ lon: point[0], lat: point[1], township: townships[t]!.code });
  }
  return candidates;
}

/** Sample positions (degrees) and the south-west corner the thinning grid is anchored at. */
interface Samples {
  lon: Float64Array;
  lat: Float64Array;
  west: number;
  south: number;
}

function samplesAlongSegments(network: WalkNetwork, spacingM: number): Samples {
  const graph = network.graph!;
  const { segmentFrom, segmentTo, segmentLengthM, nodeLon, nodeLat } = graph;
  let count = 0;
  for (let s = 0; s < graph.segmentCount; s++) count += Math.max(1, Math.ceil(segmentLengthM[s]! / spacingM));
  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  let k = 0;
  for (let s = 0; s < graph.segmentCount; s++) {
    const n = Math.max(1, Math.ceil(segmentLengthM[s]! / spacingM));
    const u = segmentFrom[s]!;
    const v = segmentTo[s]!;
    for (let m = 0; m < n; m++) {
      const f = (m + 0.5) / n;
      lon[k] = nodeLon[u]! + f * (nodeLon[v]! - nodeLon[u]!);
      lat[k] = nodeLat[u]! + f * (nodeLat[v]! - nodeLat[u]!);
      k++;
    }
  }
  let west = Infinity;
  let south = Infinity;
  for (let n = 0; n < graph.nodeCount; n++) {
    west = Math.min(west, nodeLon[n]!);
    south = Math.min(south, nodeLat[n]!);
  }
  return { lon, lat, west, south };
}

function cellCentresOverTownships(townships: readonly Township[], spacingM: number): Samples {
  const withRings = townships.filter((t) => t.geometry.coordinates.length > 0);
  if (withRings.length === 0) return { lon: new Float64Array(0), lat: new Float64Array(0), west: 0, south: 0 };
  const boxes = withRings.map((t) => bbox(t.geometry));
  const west = Math.min(...boxes.map((b) => b[0]));
  const south = Math.min(...boxes.map((b) => b[1]));
  const east = Math.max(...boxes.map((b) => b[2]));
  const north = Math.max(...boxes.map((b) => b[3]));
  const scale = metresPerDegree((south + north) / 2);
  const stepLon = spacingM / scale.lonM;
  const stepLat = spacingM / scale.latM;
  // Less a hair, so that an extent of exactly n spacings gives n cells, not n + 1.
  const columns = Math.ceil((east - west) / stepLon - 1e-9);
  const rows = Math.ceil((north - south) / stepLat - 1e-9);
  const lon: number[] = [];
  const lat: number[] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      lon.push(west + (column + 0.5) * stepLon);
      lat.push(south + (row + 0.5) * stepLat);
    }
  }
  return { lon: Float64Array.from(lon), lat: Float64Array.from(lat), west, south };
}

/** Indexes of the samples kept: per grid cell, the one nearest the cell centre; in cell order (rows south to north). */
function thinByGrid({ lon, lat, west, south }: Samples, spacingM: number): number[] {
  let north = -Infinity;
  for (let i = 0; i < lat.length; i++) north = Math.max(north, lat[i]!);
  const scale = metresPerDegree((south + north) / 2);
  const best = new Map<number, { index: number; squaredM: number }>();
  let columns = 1;
  for (let i = 0; i < lon.length; i++) columns = Math.max(columns, Math.floor(((lon[i]! - west) * scale.lonM) / spacingM) + 1);
  for (let i = 0; i < lon.length; i++) {
    const x = ((lon[i]! - west) * scale.lonM) / spacingM;
    const y = ((lat[i]! - south) * scale.latM) / spacingM;
    const column = Math.floor(x);
    const row = Math.floor(y);
    const dx = x - column - 0.5;
    const dy = y - row - 0.5;
    const squaredM = dx * dx + dy * dy;
    const cell = row * columns + column;
    const current = best.get(cell);
    if (current === undefined || squaredM < current.squaredM) best.set(cell, { index: i, squaredM });
  }
  return [...best.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v.index);
}
