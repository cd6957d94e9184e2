/**
 * OpenStreetMap extracts (`.osm.pbf`, roads only): the walkable ways as a layer of LineStrings in
 * WGS84 with the columns `osmId`, `highway`, `foot`, `name`. The reading itself is
 * ../osm/osm-roads.ts (streamed, two passes, DATA_FORMAT's walkable rule); this module only gives
 * it the shape of a source layer, the one the version-2 reader interface (reader.ts `LayerReader`,
 * `readLayer` → `SourceLayer`) asks of every format.
 *
 * The shape is written out here rather than imported because reader.ts's version-2 interface is
 * being introduced beside this module; the object below satisfies it as it stands. A FileReadError
 * carries the same `file` and bilingual `text` as the interface's ReadProblem.
 *
 * Only the ways near the jurisdiction are needed; the layer reader does not know the townships, so
 * an import that does should call readOsmRoads with `keepNear` (the townships' bounding boxes and
 * the largest threshold's walking distance + maxSnapMeters), as readOsmRoadsLayer allows.
 */
import { Readable } from 'node:stream';
import type { Feature, LineString } from 'geojson';
import { readOsmRoads, type OsmRoadsStats, type ReadOsmRoadsOptions } from '../osm/osm-roads.js';
import { asReadProblem } from './read-problem.js';
import type { LayerReader, SourceFile } from './reader.js';

/** The columns of the layer, in order. */
export const OSM_ROAD_FIELDS = ['osmId', 'highway', 'foot', 'name'] as const;

export interface OsmRoadsLayer {
  file: string;
  format: 'OpenStreetMap PBF';
  layer: null;
  layers: string[];
  /** OpenStreetMap is always WGS84 (EPSG:4326). */
  crs: { kind: 'epsg'; code: 4326 };
  encoding: null;
  encodingSource: 'format';
  fields: string[];
  features: Feature<LineString, Record<string, unknown>>[];
  /** What was read and left out (walkable, areas, cut ways, far ways, memory of the index). */
  stats: OsmRoadsStats;
}

/**
 * Reads an `.osm.pbf` as a roads layer: from its path on disk, streamed (an upload or the CLI's folder:
 * a province's extract is never in memory), or from bytes already in memory, chunked the same way.
 */
export async function readOsmRoadsLayer(
  file: SourceFile,
  options: Pick<ReadOsmRoadsOptions, 'keepNear' | 'onProgress'> = {},
): Promise<OsmRoadsLayer> {
  const chunk = 1 << 20;
  const open = (bytes: Uint8Array) => (): AsyncIterable<Uint8Array> =>
    Readable.from(
      (function* () {
        for (let start = 0; start < bytes.length; start += chunk) yield bytes.subarray(start, start + chunk);
      })(),
    );
  const { roads, stats } = await readOsmRoads('bytes' in file ? open(file.bytes) : file.path, { ...options, fileName: file.name });
  return {
    file: file.name,
    format: 'OpenStreetMap PBF',
    layer: null,
    layers: [],
    crs: { kind: 'epsg', code: 4326 },
    encoding: null,
    encodingSource: 'format',
    fields: [...OSM_ROAD_FIELDS],
    features: roads.map((road) => ({
      type: 'Feature',
      properties: {
        osmId: road.properties.osmId,
        highway: road.properties.highway,
        foot: road.properties.foot ?? null,
        name: road.properties.name ?? null,
      },
      geometry: road.geometry,
    })),
    stats,
  };
}

/** The version-2 LayerReader of `.osm.pbf` files. */
export const osmPbfReader: LayerReader = {
  format: 'OpenStreetMap PBF',
  accepts: (fileName: string): boolean => /\.osm\.pbf$/i.test(fileName),
  readLayer: (file, _files, options) => asReadProblem(readOsmRoadsLayer(file, { keepNear: options.keepNear })),
};
