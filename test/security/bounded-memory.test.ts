/**
 * No request sequence grows the heap without bound (issue #14): the per-jurisdiction memo table is an LRU
 * of MAX_MEMOS entries, a candidate set a request is refused for is never kept, and the jurisdictions
 * kept in memory are bounded too.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobServices } from '../../server/jobs/index.js';
import { AnalysisService, JurisdictionAnalysis, MAX_MEMOS } from '../../server/analysis/analysis-service.js';
import { createApp } from '../../server/http/app.js';
import { importPackageFromFolder, importPackageFiles } from '../../server/import/index.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { testConfig } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { tinyTownFiles } from '../import/tiny-town-files.js';

/** A full garbage collection, so what is measured is what is kept, not what awaits collection. */
v8.setFlagsFromString('--expose_gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

describe('bounded memory', () => {
  let database: TestDatabase;
  let analysis: AnalysisService;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    await importPackageFromFolder(database.db, TINY_TOWN_DIR, { importedBy: 'test', packageName: 'tiny-town' });
    analysis = new AnalysisService(database.db, 2);
    const config = testConfig({ rateLimitFactor: 1000 });
    // Only the analysis cache is measured here: it computes inline, without the compute pool.
    const { jobs } = createJobServices(database.db, config, { work: true });
    app = createApp({ db: database.db, analysis, config, jobs });
  });
  afterAll(() => database?.close());

  it('keeps at most MAX_MEMOS results however many distinct spacings are asked for, and RSS grows < 50 MB over 500 of them', async () => {
    const ask = (spacingM: number) =>
      request(app).post('/api/jurisdictions/tiny-town/suggestions').send({ k: 1, slotsPerSite: 50, candidates: { spacingM } }).expect(200);
    // Warm up past the memo bound, so the heap has reached its working size.
    for (let i = 0; i < MAX_MEMOS + 16; i++) await ask(60 + i / 1000);
    collectGarbage();
    const rssBefore = process.memoryUsage().rss;
    for (let i = 1; i <= 500; i++) await ask(50 + i / 1000);
    collectGarbage();
    const grownMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    const town = await analysis.get('tiny-town');
    expect(town!.memoCount).toBeLessThanOrEqual(MAX_MEMOS);
    expect(grownMb).toBeLessThan(50);
  });

  it('returns but does not keep a result the request is refused for', () => {
    const town = new JurisdictionAnalysis({ id: 'x', dataVersion: 1 } as never);
    const refused = town.memo(
      'candidates:1',
      () => new Array<number>(30_000).fill(0),
      (set) => set.length <= 20_000,
    );
    expect(refused).toHaveLength(30_000);
    expect(town.memoCount).toBe(0);
    town.memo(
      'candidates:2',
      () => [1],
      (set) => set.length <= 20_000,
    );
    expect(town.memoCount).toBe(1);
  });

  it('keeps at most the configured number of jurisdictions in memory', async () => {
    const loaded = new Map<string, unknown>();
    for (const id of ['memo-a', 'memo-b', 'memo-c']) {
      const files = tinyTownFiles();
      files['manifest.json'].id = id;
      await importPackageFiles(database.db, files, { importedBy: 'test', packageName: id });
      await request(app).get(`/api/jurisdictions/${id}/summary`).expect(200);
      loaded.set(id, await analysis.get(id));
    }
    expect(await analysis.get('memo-c')).toBe(loaded.get('memo-c')); // among the 2 kept
    expect(await analysis.get('memo-a')).not.toBe(loaded.get('memo-a')); // dropped, loaded afresh
  });
});
