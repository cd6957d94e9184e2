/**
 * Geometries reduced to two dimensions. Google Earth writes every KML coordinate with an altitude and
 * GeoPackages may hold Z/M geometries; the model and every computation are planar (longitude, latitude),
 * and a third number would otherwise travel into CRS conversion and the stored GeoJSON.
 */
import type { Geometry, Position } from 'geojson';

const xy = (position: Position): Position => [position[0]!, position[1]!];

/** `geometry` with only x and y in each position (null stays null). */
export function to2d(geometry: Geometry | null): Geometry | null {
  if (!geometry) return null;
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: xy(geometry.coordinates) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: geometry.coordinates.map(xy) };
    case 'LineString':
      return { type: 'LineString', coordinates: geometry.coordinates.map(xy) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: geometry.coordinates.map((line) => line.map(xy)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: geometry.coordinates.map((ring) => ring.map(xy)) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(xy))) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: geometry.geometries.map((g) => to2d(g)!) };
  }
}
