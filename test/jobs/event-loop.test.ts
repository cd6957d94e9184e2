/**
 * The event loop stays free while heavy work runs in the compute pool: a synthetic city's walking
 * network is built and its coverage computed (the work of a jurisdiction's first request), and
 * meanwhile `/api/health` is asked again and again, one request after another. Its p99 must stay
 * under 50 ms — a generous bound (issue #15) for an answer of well under a millisecond, which the same
 * work run inline would hold up for its whole duration (seconds). On a shared, loaded machine the idle
 * p99 alone can exceed 50 ms (measured 78 ms at load average 19 on 2 cores), so the bound is 50 ms on
 * top of the idle p99 measured in the same run. The same while the what-if baseline and the
 * service-area polygons of the city are computed (POST /proposals/evaluate and GET /service-areas).
 * Also checks the pool's results are those of the engine run inline.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { AnalysisService, JurisdictionAnalysis } from '../../server/analysis/analysis-service.js';
import type { Database } from '../../server/db/database.js';
import { listProfiles } from '../../server/db/profiles.repository.js';
import { previewImport } from '../../server/import/assemble.js';
import { readLanguageFrom } from '../../server/model/index.js';
import { computeCoverage } from '../../server/engine/coverage/index.js';
import { populationOfYear } from '../../server/engine/figures/index.js';
import { prepareWalkNetwork } from '../../server/engine/network/index.js';
import { createApp } from '../../server/http/app.js';
import { accessibilityOfYear } from '../../server/jobs/compute/tasks.js';
import { createJobServices, sharedComputePool } from '../../server/jobs/index.js';
import type { JurisdictionData } from '../../server/model/index.js';
import { syntheticCounty } from '../bench/synthetic-county.js';
import { syntheticCity } from '../fixtures/synthetic-city.js';
import { openTestApp, testConfig, useTestApp, type TestApp } from '../helpers/app.js';
import { getJson, healthWhile, idleP99, listenLocally, percentile99, type LocalServer } from '../helpers/health-timing.js';
import type { Config } from '../../server/config.js';

const CITY_OPTIONS = {
  seed: 15,
  gridSide: 220,
  blockM: 80,
  jitterM: 20,
  diagonals: 200,
  populationUnits: 60_000,
  facilities: 300,
  townshipsPerSide: 3,
  origin: [120.45, 27.85] as [number, number],
};
const synthetic = syntheticCity(CITY_OPTIONS);
const city = synthetic.data;

/** An analysis cache that holds one county, given as data (its heavy work in the shared compute pool). */
class OneCounty extends AnalysisService {
  constructor(
    db: Kysely<Database>,
    private readonly county: JurisdictionAnalysis,
  ) {
    super(db, 1, null, county.compute);
  }

  override get(id: string): Promise<JurisdictionAnalysis | null> {
    return Promise.resolve(id === this.county.data.id ? this.county : null);
  }
}

/** Serves `analysis` alone (its heavy work in its compute pool, or inline without one) on a free port. */
function serveCounty(db: Kysely<Database>, config: Config, analysis: JurisdictionAnalysis): Promise<LocalServer> {
  const deps = createJobServices(db, { ...config, databaseUrl: null }, { work: false });
  const app = createApp({ db, analysis: new OneCounty(db, analysis), config: testConfig({ rateLimitFactor: 10_000 }), jobs: deps.jobs });
  return listenLocally(app);
}

describe('event loop while the compute pool works', () => {
  let town: TestApp;
  let server: LocalServer;
  beforeAll(async () => {
    town = await openTestApp('pglite', [], { rateLimitFactor: 10_000 });
    server = await listenLocally(town.app);
    // Start the pool's thread now, so the measurement sees the work and not a thread starting.
    await sharedComputePool().buildNetwork([], city.profile.parameters);
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await town?.close();
  });

  it('answers /api/health with p99 under 50 ms (beyond the idle p99) while a network is built and coverage computed', async () => {
    const pool = sharedComputePool();
    const idle = await idleP99(server.base);
    const work = (async () => {
      const network = await pool.buildNetwork(city.roads, city.profile.parameters);
      const coverage = await pool.coverage({ data: city, network }, city.year);
      return { network, coverage };
    })();
    const { latencies, result } = await healthWhile(server.base, work);
    const { network, coverage } = result;
    const p99 = percentile99(latencies);
    // Many requests ran during the work: the measurement saw it.
    expect(latencies.length).toBeGreaterThan(50);
    // Inline, the health checks would wait for the whole build and coverage run (seconds).
    expect(p99).toBeLessThan(50 + idle);

    // The same results as the engine inline.
    const inline = prepareWalkNetwork(city.roads, city.profile.parameters);
    expect(network.graph!.segmentCount).toBe(inline.graph!.segmentCount);
    expect(
      Buffer.from(network.graph!.segmentLengthM.buffer, network.graph!.segmentLengthM.byteOffset, network.graph!.segmentLengthM.byteLength),
    ).toEqual(Buffer.from(inline.graph!.segmentLengthM.buffer));
    expect(coverage).toEqual(computeCoverage(city, inline, city.year));
  }, 120_000);

  it('answers /api/health with p99 under 50 ms (beyond the idle p99) while a county with neighbours and population by year gets its E2SFCA and coverage', async () => {
    // The county's 2025 populations come from a population-by-year table, and facilities of a neighbour lie
    // across its border (with roads there): the cases whose coverage was once computed on the event loop.
    const year = city.year;
    const county: JurisdictionData = {
      ...city,
      id: 'synthetic-county',
      townshipPopulation: city.townships.map((t) => ({ code: t.code, year, population: Math.round(t.population * 1.1) })),
    };
    const [west, , , north] = synthetic.box;
    const borderFacilities = city.facilities.slice(0, 20).map((f, i) => ({
      ...f,
      id: `neighbour/${f.id}`,
      lon: west - 0.002 - (i % 5) * 0.0005,
      lat: north - 0.001 * (i + 1),
    }));
    const borderRoads = borderFacilities.map((f, i) => ({
      geometry: {
        type: 'LineString' as const,
        coordinates: [
          [f.lon, f.lat],
          [west + 0.0005, f.lat],
        ] as [number, number][],
      },
      highway: 'footway',
      foot: null,
      name: `neighbour path ${i}`,
    }));
    const neighbours = { ids: ['neighbour'], names: ['Neighbour county'], facilities: borderFacilities, roads: borderRoads, bufferM: 1500 };
    const analysis = new JurisdictionAnalysis(county, neighbours, 'neighbour:1', sharedComputePool());
    const countyServer = await serveCounty(town.db, town.config, analysis);
    try {
      const countyBase = countyServer.base;
      const idle = await idleP99(countyBase);
      // One request: the network (with the neighbour's roads) is built, the year's coverage computed, then E2SFCA.
      const { latencies, result } = await healthWhile(
        countyBase,
        getJson(`${countyBase}/api/jurisdictions/synthetic-county/accessibility?year=${year}`),
      );
      expect(result.status).toBe(200);
      expect(latencies.length).toBeGreaterThan(50);
      expect(percentile99(latencies)).toBeLessThan(50 + idle);

      // The pool's answers are the engine's inline, with the year's population and the border facilities.
      const inlineNetwork = prepareWalkNetwork([...county.roads, ...borderRoads], county.profile.parameters);
      const ofYear = populationOfYear(county, year);
      expect(ofYear).not.toBe(county);
      expect(analysis.coverage(year)).toEqual(computeCoverage(ofYear, inlineNetwork, year, { borderFacilities }));
      const inline = accessibilityOfYear(ofYear, inlineNetwork, year);
      expect(await analysis.accessibility(year)).toEqual(inline);
      expect((result.body as { district: unknown }).district).toEqual(inline.district);
    } finally {
      await countyServer.close();
    }
  }, 180_000);

  it('answers /api/health with p99 under 50 ms (beyond the idle p99) while the what-if baseline and the service areas are computed, and answers as inline', async () => {
    const year = city.year;
    const minutes = Math.max(...city.profile.parameters.thresholdsMin);
    const [first, second] = city.facilities;
    const proposal = { year, sites: [{ lon: first!.lon + 0.004, lat: first!.lat, slots: 60 }], remove: [second!.id] };
    const pooled = await serveCounty(town.db, town.config, new JurisdictionAnalysis(city, undefined, '', sharedComputePool()));
    const inline = await serveCounty(town.db, town.config, new JurisdictionAnalysis(city));
    try {
      const ask = (base: string) =>
        Promise.all([
          request(base).post(`/api/jurisdictions/${city.id}/proposals/evaluate`).send(proposal),
          request(base).get(`/api/jurisdictions/${city.id}/service-areas?year=${year}&minutes=${minutes}`),
        ]);
      // The network and the year's coverage first, so that what is measured is the baseline and the polygons.
      expect((await getJson(`${pooled.base}/api/jurisdictions/${city.id}/summary?year=${year}`)).status).toBe(200);
      const idle = await idleP99(pooled.base);
      const { latencies, result } = await healthWhile(pooled.base, ask(pooled.base));
      const [evaluation, areas] = result;
      expect(evaluation.status).toBe(200);
      expect(areas.status).toBe(200);
      expect(latencies.length).toBeGreaterThan(50);
      expect(percentile99(latencies)).toBeLessThan(50 + idle);

      // Byte for byte the answers of the same work done on the event loop.
      const [inlineEvaluation, inlineAreas] = await ask(inline.base);
      expect(evaluation.text).toBe(inlineEvaluation.text);
      expect(areas.text).toBe(inlineAreas.text);
      expect((areas.body as { features: unknown[] }).features.length).toBeGreaterThan(1);
    } finally {
      await pooled.close();
      await inline.close();
    }
  }, 300_000);
});

const hasOgr2ogr = spawnSync('ogr2ogr', ['--version'], { stdio: 'ignore' }).status === 0;

describe('event loop while an import preview is read and checked', () => {
  const importDir = mkdtempSync(path.join(os.tmpdir(), 'tuowei-test-imports-'));
  afterAll(() => rmSync(importDir, { recursive: true, force: true }));
  const bureau = useTestApp('pglite', [], { tokens: { bureau: 'bureau A' }, config: { importDir, rateLimitFactor: 10_000 } });

  // A county's Shapefile set as its GIS desk sends it (EPSG:4549, GBK without .cpg; made by ogr2ogr), at a
  // tenth of the benchmark's county: 25 townships, 2,000 points and about 20,000 road segments.
  it.skipIf(!hasOgr2ogr)(
    'answers /api/health with p99 under 50 ms (beyond the idle p99) while a county-sized upload is previewed, and the preview equals the one read inline',
    async () => {
      const county = syntheticCounty(2026, 0.1);
      const server = await listenLocally(bureau.app);
      try {
        const countyBase = server.base;
        await sharedComputePool().warm();
        const idle = await idleP99(countyBase);
        let upload = request(countyBase).post('/api/imports').set(bureau.as('bureau')).set('Accept-Language', 'en');
        const names = readdirSync(county.shapefileDir).sort();
        for (const name of names) upload = upload.attach('files', path.join(county.shapefileDir, name), name);
        const { latencies, result } = await healthWhile(
          countyBase,
          upload.then((res) => res),
        );
        expect(result.status).toBe(201);
        expect(latencies.length).toBeGreaterThan(50);
        expect(percentile99(latencies)).toBeLessThan(50 + idle);

        // The worker's preview is the one read here, problems and notes in the request's language.
        const files = names.map((name) => ({
          name,
          path: path.join(county.shapefileDir, name),
          size: statSync(path.join(county.shapefileDir, name)).size,
        }));
        readLanguageFrom(() => 'en');
        const inline = await previewImport(files, undefined, { profiles: await listProfiles(bureau.db) });
        readLanguageFrom(() => 'zh');
        const answered = result.body as { layers: { layer: string; features: number; crs: string; encoding: string }[] };
        expect(answered.layers.map(({ layer, features, crs, encoding }) => ({ layer, features, crs, encoding }))).toEqual(
          inline.layers.map(({ layer, features, crs, encoding }) => ({ layer, features, crs, encoding })),
        );
        expect(answered.layers.find((l) => l.layer === 'roads')?.features).toBe(county.counts.roadSegments);
      } finally {
        await server.close();
      }
    },
    300_000,
  );
});
