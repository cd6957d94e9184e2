/**
 * The OpenStreetMap ways of the Monaco extract (ODbL, © OpenStreetMap contributors), read from the
 * shared data folder — never copied into the repository — and the walkability rule both sides of
 * the oracle apply.
 *
 * Walkability rule (the same list feeds the engine side in TypeScript and the SQL side as a query
 * parameter):
 * - `foot=no` is excluded (the data format's rule; the engine's graph builder applies it itself);
 * - `highway` motorway, motorway_link, trunk or trunk_link WITHOUT a foot tag is excluded: in OSM
 *   pedestrians are assumed barred from these unless tagged otherwise (Monaco's motorway links are
 *   tunnels). With an explicit foot tag other than "no" such a way stays walkable.
 * Everything else (including steps, tracks and service roads) is walkable.
 */
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import type { LineString } from 'geojson';
import type { Road } from '../../server/model/index.js';

/** The shared extract in shared/data beside the checkout; TUOWEI_SHARED_DATA can point at another copy. */
export const MONACO_HIGHWAYS_PATH = `${process.env.TUOWEI_SHARED_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url))}/raw/monaco_highways.geojson`;

/** Highway classes that are not walkable unless a foot tag says otherwise. */
export const MOTOR_ONLY_WITHOUT_FOOT_TAG: readonly string[] = ['motorway', 'motorway_link', 'trunk', 'trunk_link'];

export interface MonacoWay {
  osmId: number;
  highway: string | null;
  foot: string | null;
  name: string | null;
  geometry: LineString;
}

export function monacoDataAvailable(): boolean {
  return existsSync(MONACO_HIGHWAYS_PATH);
}

/** Every way of the extract, in file order. */
export function readMonacoWays(): MonacoWay[] {
  const collection = JSON.parse(readFileSync(MONACO_HIGHWAYS_PATH, 'utf8')) as GeoJSON.FeatureCollection;
  return collection.features.map((feature) => {
    if (feature.geometry.type !== 'LineString') throw new Error(`way ${String(feature.properties?.['@id'])} is not a LineString`);
    const properties = feature.properties ?? {};
    const text = (key: string): string | null => (typeof properties[key] === 'string' ? properties[key] : null);
    return {
      osmId: Number(properties['@id']),
      highway: text('highway'),
      foot: text('foot'),
      name: text('name'),
      geometry: feature.geometry,
    };
  });
}

/** The walkability rule above for one way. */
export function isWalkableWay(highway: string | null, foot: string | null): boolean {
  if (foot === 'no') return false;
  return !(foot === null && highway !== null && MOTOR_ONLY_WITHOUT_FOOT_TAG.includes(highway));
}

/**
 * Engine roads: motor-only ways without a foot tag are left out here; `foot=no` ways are passed on
 * with their tag so that the engine's own exclusion is exercised.
 */
export function monacoRoads(ways: readonly MonacoWay[]): Road[] {
  return ways
    .filter((way) => way.foot === 'no' || isWalkableWay(way.highway, way.foot))
    .map((way) => ({ geometry: way.geometry, highway: way.highway, foot: way.foot, name: way.name }));
}
