/**
 * Which OpenStreetMap ways are walkable (DATA_FORMAT.md, "Roads from OpenStreetMap"): those with a
 * `highway` tag except the classes below, and except `foot=no`. `access` is not read on purpose:
 * residents walk the internal roads of their own gated community (小区内部道路), which OpenStreetMap
 * often tags `access=private`.
 */

/** `highway` values that never carry pedestrians (motor roads, unbuilt or abandoned ways, race tracks, bus-only lanes). */
export const NON_WALKABLE_HIGHWAYS: ReadonlySet<string> = new Set([
  'motorway',
  'motorway_link',
  'trunk',
  'trunk_link',
  'construction',
  'proposed',
  'abandoned',
  'raceway',
  'escape',
  'bus_guideway',
  'busway',
]);

/**
 * Whether a way with these tags is walkable. A way without `highway` (a building outline, a
 * boundary) is not a road at all. Tag values are compared as OpenStreetMap writes them (lower case).
 */
export function isWalkableHighway(highway: string | null | undefined, foot: string | null | undefined): boolean {
  if (highway === null || highway === undefined) return false;
  return !NON_WALKABLE_HIGHWAYS.has(highway) && foot !== 'no';
}

/**
 * Whether a feature of a version-2 roads layer is walkable: by the rule above when it carries an OSM
 * `highway` tag; a line without one (a roads layer drawn by hand, as version 1 reads it) unless `foot=no`.
 */
export function isWalkableWay(tags: { highway?: unknown; foot?: unknown }): boolean {
  const foot = typeof tags.foot === 'string' ? tags.foot : null;
  if (typeof tags.highway !== 'string' || tags.highway === '') return foot !== 'no';
  return isWalkableHighway(tags.highway, foot);
}
