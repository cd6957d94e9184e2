/**
 * What each layer of a package holds here (DATA_FORMAT.md): the properties a column can be mapped to,
 * and the properties whose values map to a fixed list (type, status, kind), so the wizard offers them
 * as dropdowns.
 */

/** Our properties per layer, in the order the wizard lists them. */
export const LAYER_FIELDS: Record<string, readonly string[]> = {
  townships: ['code', 'name', 'population', 'populationUnder3', 'district'],
  facilities: [
    'id',
    'name',
    'slots',
    'inclusiveSlots',
    'type',
    'status',
    'openedYear',
    'closedYear',
    'grade',
    'staff',
    'certifiedStaff',
    'township',
    'lon',
    'lat',
    'x',
    'y',
    'wkt',
  ],
  population: ['population', 'under3', 'township', 'lon', 'lat', 'x', 'y', 'wkt'],
  roads: ['highway', 'foot'],
  projects: [
    'id',
    'name',
    'households',
    'population',
    'personsPerHousehold',
    'plannedSlots',
    'status',
    'year',
    'lon',
    'lat',
    'x',
    'y',
    'wkt',
  ],
  health: ['id', 'name', 'kind', 'childHealthStaff', 'pediatricians', 'lon', 'lat', 'x', 'y', 'wkt'],
  townshipPopulation: ['code', 'year', 'population', 'populationUnder3'],
};

/** Per layer, the properties with a fixed list of values, and that list. */
export const LAYER_VALUES: Record<string, Record<string, readonly string[]>> = {
  facilities: {
    type: ['community', 'private', 'employer', 'kindergarten_class', 'family', 'station', 'center'],
    status: ['operating', 'planned', 'closed'],
  },
  projects: { status: ['proposed', 'approved', 'built'] },
  health: { kind: ['child_health_center', 'primary_care'] },
};

/** Coordinate systems offered besides the one a file declares (DATA_FORMAT.md's list, the common ones). */
export const CRS_CHOICES: readonly string[] = [
  'WGS84',
  'CGCS2000',
  'GCJ-02',
  'BD-09',
  'EPSG:4326',
  'EPSG:4490',
  'EPSG:3857',
  ...Array.from({ length: 11 }, (_, i) => `EPSG:${4539 + i}`),
  'EPSG:32650',
  'EPSG:32651',
];

/** Text encodings of .dbf and .csv files. */
export const ENCODING_CHOICES: readonly string[] = ['UTF-8', 'GBK', 'GB18030', 'Big5'];
