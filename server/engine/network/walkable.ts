/**
 * Which OpenStreetMap ways residents walk on (DATA_FORMAT.md, "Roads from OpenStreetMap"): ways with a
 * `highway` tag except those below, and except `foot=no`. `access` is deliberately not read: residents
 * walk the internal roads of their own gated community (小区内部道路), which OpenStreetMap often tags
 * `access=private`. A way without a `highway` tag (a version-1 roads layer drawn by hand) is walkable
 * unless `foot=no`, as version 1 has always read it.
 */

/** `highway` values nobody walks along. */
export const NOT_WALKABLE_HIGHWAYS: ReadonlySet<string> = new Set([
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

/** Whether a way with these tags is part of the walking network. */
export function isWalkableWay(tags: { highway?: unknown; foot?: unknown }): boolean {
  if (tags.foot === 'no') return false;
  return typeof tags.highway !== 'string' || tags.highway === '' || !NOT_WALKABLE_HIGHWAYS.has(tags.highway);
}
