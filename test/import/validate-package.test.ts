import { describe, expect, it } from 'vitest';
import { fromWgs84, toWgs84 } from '../../server/engine/geo/index.js';
import type { LonLat, PolicyProfile } from '../../server/model/index.js';
import { readBuiltInProfiles } from '../../server/db/built-in-profiles.js';
import { formatPackageError, UnreadableFile, validatePackage, type PackageFiles } from '../../server/import/index.js';
import { readLanguageFrom } from '../../server/model/messages.js';
import { tinyTownFiles } from './tiny-town-files.js';

// The wording below is the English one; one test at the end reads the same problems in Chinese.
let language: 'zh' | 'en' = 'en';
readLanguageFrom(() => language);

const builtIns: PolicyProfile[] = await readBuiltInProfiles();

function validOrThrow(files: PackageFiles) {
  const result = validatePackage(files, builtIns);
  if (!result.ok) throw new Error(result.errors.map(formatPackageError).join('\n'));
  return result;
}

function problemsOf(files: PackageFiles): string[] {
  const result = validatePackage(files, builtIns);
  if (result.ok) throw new Error('expected the package to be rejected');
  return result.errors.map(formatPackageError);
}

describe('validatePackage on tiny-town', () => {
  it('accepts the example and converts it to domain objects', () => {
    const { pkg, warnings } = validOrThrow(tinyTownFiles());
    expect(pkg.id).toBe('tiny-town');
    expect(pkg.year).toBe(2025);
    expect(pkg.sourceCrs).toBe('WGS84');
    expect(pkg.ownProfile).toBe(true);
    expect(pkg.profile.parameters.maxSnapMeters).toBe(300);
    expect(pkg.profile.targets.slots_per_1000).toEqual({ '2024': 5.2, '2025': 5.5 });
    expect(pkg.townships.map((t) => [t.code, t.population])).toEqual([
      ['T1', 4700],
      ['T2', 5000],
      ['T3', 3480],
    ]);
    expect(pkg.populationUnits).toHaveLength(32);
    expect(pkg.populationApproximate).toBe(false);
    expect(pkg.roads).toHaveLength(16);
    expect(pkg.projects).toHaveLength(4);
    expect(pkg.health).toHaveLength(0);
    expect(warnings).toEqual([]);
  });

  it('resolves each facility to the township polygon containing it (README table)', () => {
    const { pkg } = validOrThrow(tinyTownFiles());
    expect(Object.fromEntries(pkg.facilities.map((f) => [f.id, f.township]))).toEqual({ F1: 'T1', F2: 'T3', F3: 'T2', F4: 'T1', F5: 'T2' });
    // Projects J1..J4 lie in T1, T3, T2, T1 (README project table).
    expect(pkg.projects.map((p) => p.township)).toEqual(['T1', 'T3', 'T2', 'T1']);
    // P01 (u 0, v 0) is in T2, P11 (2, 0) in T1, P21 (0, 3) in T3.
    const unit = (id: string) => pkg.populationUnits.find((u) => u.id === id)!;
    expect([unit('P01').township, unit('P11').township, unit('P21').township]).toEqual(['T2', 'T1', 'T3']);
  });

  it('keeps optional facility fields as null and reads openedYear/closedYear', () => {
    const { pkg } = validOrThrow(tinyTownFiles());
    const f3 = pkg.facilities.find((f) => f.id === 'F3')!;
    expect(f3).toMatchObject({
      status: 'closed',
      closedYear: 2026,
      openedYear: null,
      slots: 20,
      inclusiveSlots: 8,
      grade: null,
      staff: null,
    });
    expect(f3.lon).toBe(120.6478676);
    expect(f3.lat).toBe(27.99883);
  });

  it('lets the township property win over the polygon', () => {
    const files = tinyTownFiles();
    files['facilities.geojson'].features[0].properties.township = 'T3'; // F1 lies in T1
    expect(validOrThrow(files).pkg.facilities[0]!.township).toBe('T3');
  });

  it('uses the manifest profile when there is no profile.json', () => {
    const files = tinyTownFiles();
    delete files['profile.json'];
    files['manifest.json'].profile = 'ouhai';
    const { pkg } = validOrThrow(files);
    expect(pkg.ownProfile).toBe(false);
    expect(pkg.profile.id).toBe('ouhai');
    expect(pkg.profile.parameters.maxSnapMeters).toBe(500);
  });

  it('fills profile.json parameters left out with the POLICY.md defaults', () => {
    const files = tinyTownFiles();
    files['profile.json'].parameters = { maxSnapMeters: 250 };
    const { pkg } = validOrThrow(files);
    expect(pkg.profile.parameters).toEqual({
      walkSpeedKmh: 4,
      thresholdsMin: [5, 10, 15],
      detourFactor: 1.3,
      maxSnapMeters: 250,
      personsPerHousehold: 2.8,
      newCommunitySlotsPer1000: 10,
      healthCenterMinPopulation: 20000,
      populationGridSpacingM: 200,
      maxPopulationGridPoints: 5000,
    });
  });

  it('gives a polygon unit its centroid when inside, else a point on the polygon', () => {
    const files = tinyTownFiles();
    // A square 120.650–120.652 × 27.997–27.999 (in T1): centroid 120.651, 27.998.
    files['population.geojson'].features[0].geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [120.65, 27.997],
          [120.652, 27.997],
          [120.652, 27.999],
          [120.65, 27.999],
          [120.65, 27.997],
        ],
      ],
    };
    // A U shape whose centroid (the middle of the notch) is outside it.
    files['projects.geojson'].features[0].geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [120.65, 27.997],
          [120.653, 27.997],
          [120.653, 27.9995],
          [120.6525, 27.9995],
          [120.6525, 27.9975],
          [120.6505, 27.9975],
          [120.6505, 27.9995],
          [120.65, 27.9995],
          [120.65, 27.997],
        ],
      ],
    };
    const { pkg } = validOrThrow(files);
    const unit = pkg.populationUnits[0]!;
    expect(unit.lon).toBeCloseTo(120.651, 9);
    expect(unit.lat).toBeCloseTo(27.998, 9);
    expect(unit.township).toBe('T1');
    expect(unit.geometry.type).toBe('Polygon');
    const project = pkg.projects[0]!;
    const inNotch = project.lon > 120.6505 && project.lon < 120.6525 && project.lat > 27.9975;
    expect(inNotch).toBe(false);
    expect(project.geometry.type).toBe('Polygon');
    expect(project.township).toBe('T1');
  });
});

describe('validatePackage errors', () => {
  it('reports ALL problems of a package broken in several files, each with file, feature and property', () => {
    const files = tinyTownFiles();
    files['manifest.json'].version = 2;
    files['manifest.json'].id = 'Tiny Town';
    files['profile.json'].parameters.maxSnapMeters = -1;
    files['profile.json'].targets['Slots per 1000'] = { '2025': 5 };
    const townships = files['townships.geojson'].features;
    townships[0].geometry.coordinates[0].pop(); // ring no longer closed
    townships[1].properties.population = -5;
    townships[2].properties.code = 'T1'; // duplicate
    const facilities = files['facilities.geojson'].features;
    facilities[0].properties.inclusiveSlots = 50; // > slots 40
    facilities[1].properties.type = 'nursery';
    facilities[2].properties.township = 'T9';
    delete facilities[3].properties.slots;
    facilities[4].geometry = {
      type: 'LineString',
      coordinates: [
        [120.65, 28],
        [120.651, 28],
      ],
    };
    files['population.geojson'].features[5].geometry.coordinates = [120.646, 95];
    files['roads.geojson'].features[0].geometry.coordinates = [[120.646, 27.9964]];
    files['projects.geojson'].features[0].properties.status = 'done';

    expect(problemsOf(files).sort()).toEqual(
      [
        'manifest.json.version: must be 1 (the only package version)',
        'manifest.json.id: must be 1–64 lowercase letters, digits and "-"',
        'profile.json.targets.Slots per 1000: indicator ids are lowercase snake case such as "slots_per_1000" (got "Slots per 1000")',
        'profile.json.parameters.maxSnapMeters: must be > 0',
        'townships.geojson#0.geometry.coordinates.0: a polygon ring must be closed (last position = first)',
        'townships.geojson#1.population: must be ≥ 0',
        'townships.geojson#2.code: duplicate code "T1" (also feature #0)',
        'facilities.geojson#0.inclusiveSlots: must not exceed slots (50 > 40)',
        'facilities.geojson#1.type: must be one of community, private, employer, kindergarten_class, family, station, center',
        'facilities.geojson#2.township: unknown township code "T9" (not in townships.geojson)',
        'facilities.geojson#3.slots: required',
        'facilities.geojson#4.geometry.type: must be Point (got "LineString")',
        'population.geojson#5.geometry.coordinates.1: latitude must be ≤ 90',
        'roads.geojson#0.geometry.coordinates: a line needs at least 2 positions',
        'projects.geojson#0.status: must be one of proposed, approved, built',
      ].sort(),
    );
  });

  it('names missing required files and a missing profile', () => {
    const files = tinyTownFiles();
    delete files['townships.geojson'];
    delete files['facilities.geojson'];
    delete files['profile.json'];
    expect(problemsOf(files)).toEqual([
      'manifest.json.profile: required: name a built-in profile or add a profile.json',
      'townships.geojson: required file is missing',
      'facilities.geojson: required file is missing',
    ]);
    expect(problemsOf({})).toContain('manifest.json: required file is missing');
  });

  it('rejects an unknown profile id', () => {
    const files = tinyTownFiles();
    delete files['profile.json'];
    files['manifest.json'].profile = 'atlantis';
    expect(problemsOf(files)).toEqual(['manifest.json.profile: unknown profile "atlantis" (built-in profiles: ouhai, shengzhou)']);
  });

  it('reports an unknown profile together with other manifest problems', () => {
    const files = tinyTownFiles();
    delete files['profile.json'];
    files['manifest.json'].profile = 'atlantis';
    files['manifest.json'].year = 1850;
    expect(problemsOf(files)).toEqual([
      'manifest.json.year: must be 1900 or later',
      'manifest.json.profile: unknown profile "atlantis" (built-in profiles: ouhai, shengzhou)',
    ]);
  });

  it('rejects a wrong format, a bad crs and a missing year in the manifest', () => {
    const files = tinyTownFiles();
    files['manifest.json'].format = 'geojson';
    files['manifest.json'].crs = 'EPSG:3857';
    delete files['manifest.json'].year;
    expect(problemsOf(files)).toEqual([
      'manifest.json.format: must be "tuowei-data-package"',
      'manifest.json.year: required',
      'manifest.json.crs: must be "WGS84", "GCJ-02" or "BD-09"',
    ]);
  });

  it('rejects a file that is not a FeatureCollection, a feature without geometry, a non-integer slot count, a short ring', () => {
    const files = tinyTownFiles();
    files['roads.geojson'] = { type: 'Feature' };
    files['facilities.geojson'].features[0].geometry = null;
    files['facilities.geojson'].features[1].properties.slots = 2.5;
    files['townships.geojson'].features[0].geometry.coordinates = [
      [
        [120.65, 28],
        [120.66, 28],
        [120.65, 28],
      ],
    ];
    expect(problemsOf(files)).toEqual([
      'townships.geojson#0.geometry.coordinates.0: a polygon ring needs at least 4 positions',
      'facilities.geojson#0.geometry: required: a Point geometry',
      'facilities.geojson#1.slots: must be a whole number',
      'roads.geojson: must be a GeoJSON FeatureCollection ({"type": "FeatureCollection", "features": [...]})',
    ]);
  });

  it('refuses counts beyond what the database stores (a PostgreSQL integer), naming each', () => {
    const files = tinyTownFiles();
    files['facilities.geojson'].features[0].properties.slots = 3_000_000_000;
    files['townships.geojson'].features[1].properties.population = 2_147_483_648;
    expect(problemsOf(files)).toEqual([
      'townships.geojson#1.population: must be at most 2147483647',
      'facilities.geojson#0.slots: must be at most 2147483647',
    ]);
  });

  it('reports unreadable files with the rest', () => {
    const files = tinyTownFiles();
    files['projects.geojson'] = new UnreadableFile('not valid JSON: Unexpected token');
    files['facilities.geojson'].features[0].properties.status = 'open';
    expect(problemsOf(files)).toEqual([
      'projects.geojson: not valid JSON: Unexpected token',
      'facilities.geojson#0.status: must be one of operating, planned, closed',
    ]);
  });

  it('stops listing after 1000 problems and says how many more there were', () => {
    const files = tinyTownFiles();
    const template = files['population.geojson'].features[0];
    files['population.geojson'].features = Array.from({ length: 1200 }, (_, i) => ({
      ...template,
      properties: { id: `X${i}`, population: -1 },
    }));
    const problems = problemsOf(files);
    expect(problems).toHaveLength(1001);
    expect(problems[1000]).toBe('package: … and 200 more problems not listed');
  });
});

describe('validatePackage coordinate systems', () => {
  /** tiny-town with every coordinate expressed in `crs`. */
  function inCrs(crs: 'GCJ-02' | 'BD-09') {
    const files = tinyTownFiles();
    files['manifest.json'].crs = crs;
    const convert = (c: any): any => (typeof c[0] === 'number' ? fromWgs84(c as LonLat, crs) : c.map(convert));
    for (const name of ['townships.geojson', 'facilities.geojson', 'population.geojson', 'roads.geojson', 'projects.geojson']) {
      for (const f of files[name].features) f.geometry.coordinates = convert(f.geometry.coordinates);
    }
    return files;
  }

  for (const crs of ['GCJ-02', 'BD-09'] as const) {
    it(`converts a ${crs} package back to the WGS84 positions`, () => {
      const original = validOrThrow(tinyTownFiles()).pkg;
      const shiftedFiles = inCrs(crs);
      const { pkg } = validOrThrow(shiftedFiles);
      expect(pkg.sourceCrs).toBe(crs);
      pkg.facilities.forEach((f, i) => {
        const given = shiftedFiles['facilities.geojson'].features[i].geometry.coordinates as LonLat;
        expect([f.lon, f.lat]).toEqual(toWgs84(given, crs));
        // ≈ 1e-9 degrees is about 0.1 mm.
        expect(f.lon).toBeCloseTo(original.facilities[i]!.lon, 9);
        expect(f.lat).toBeCloseTo(original.facilities[i]!.lat, 9);
      });
      expect(pkg.facilities.map((f) => f.township)).toEqual(['T1', 'T3', 'T2', 'T1', 'T2']);
      const road = pkg.roads[0]!.geometry.coordinates[0] as LonLat;
      expect(road[0]).toBeCloseTo(120.646, 9);
      expect(road[1]).toBeCloseTo(27.9964, 9);
    });
  }
});

describe('validatePackage without population.geojson', () => {
  it('spreads each township over a grid, flags units approximate and warns', () => {
    const files = tinyTownFiles();
    delete files['population.geojson'];
    const { pkg, warnings } = validOrThrow(files);
    expect(pkg.populationApproximate).toBe(true);
    expect(pkg.populationUnits.length).toBeGreaterThan(3);
    expect(pkg.populationUnits.every((u) => u.approximate)).toBe(true);
    const total = (code: string) => pkg.populationUnits.filter((u) => u.township === code).reduce((s, u) => s + u.population, 0);
    expect([total('T1'), total('T2'), total('T3')]).toEqual([4700, 5000, 3480]);
    expect(pkg.populationUnits.map((u) => u.index)).toEqual(pkg.populationUnits.map((_, i) => i));
    expect(warnings).toEqual([
      "population.geojson is absent: each township's population was spread over a 200 m grid, so coverage results are approximate",
    ]);
  });
});

describe("validatePackage in the reader's language", () => {
  it('writes every problem and warning in Chinese for a Chinese reader, keeping file, feature and property', () => {
    const files = tinyTownFiles();
    files['facilities.geojson'].features[0].properties.slots = -3;
    files['facilities.geojson'].features[1].properties.status = 'maybe';
    files['population.geojson'].features[2].properties.township = 'T7';
    language = 'zh';
    try {
      const problems = problemsOf(files);
      expect(problems).toContain('facilities.geojson#0.slots: 应 ≥ 0');
      expect(problems).toContain('facilities.geojson#0.inclusiveSlots: 不得超过托位数（26 > -3）');
      expect(problems).toContain('facilities.geojson#1.status: 应为以下之一：operating、planned、closed');
      expect(problems).toContain('population.geojson#2.township: 未知的乡镇代码 "T7"（townships.geojson 中没有）');
      for (const problem of problems) expect(problem.split(': ').slice(1).join(': ')).not.toMatch(/\b(must|required|unknown)\b/);
    } finally {
      language = 'en';
    }
  });
});
