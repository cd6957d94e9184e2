/** DATA_FORMAT's walkable rule for OpenStreetMap ways (engine/network/walkable.ts). */
import { describe, expect, it } from 'vitest';
import { isWalkableHighway, NON_WALKABLE_HIGHWAYS } from '../../server/engine/network/index.js';

describe('isWalkableHighway', () => {
  it('takes every highway class but the eleven DATA_FORMAT lists', () => {
    expect([...NON_WALKABLE_HIGHWAYS].sort()).toEqual(
      [
        'abandoned',
        'bus_guideway',
        'busway',
        'construction',
        'escape',
        'motorway',
        'motorway_link',
        'proposed',
        'raceway',
        'trunk',
        'trunk_link',
      ].sort(),
    );
    for (const highway of ['residential', 'service', 'footway', 'steps', 'path', 'track', 'primary', 'pedestrian', 'living_street'])
      expect(isWalkableHighway(highway, null), highway).toBe(true);
    for (const highway of NON_WALKABLE_HIGHWAYS) expect(isWalkableHighway(highway, 'yes'), highway).toBe(false);
  });

  it('leaves out foot=no and ways without highway; other foot values change nothing', () => {
    expect(isWalkableHighway('residential', 'no')).toBe(false);
    expect(isWalkableHighway('residential', 'private')).toBe(true);
    expect(isWalkableHighway(null, 'yes')).toBe(false);
    expect(isWalkableHighway(undefined, undefined)).toBe(false);
  });
});
