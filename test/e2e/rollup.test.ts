/**
 * Browser test of a province's roll-up page (client/rollup.html) against the real server: a province
 * holding a county (the indicator-town test package) and a city that holds another (tiny-town), imported
 * into the fresh embedded database before the server starts. The counties' summaries are stored by
 * asking for them (as a worker or a county's own dashboard does); the page then shows, in Chinese and in
 * English, the areas' names and the figures GET …/rollup gives, sorts its table, draws both areas on its
 * map from the one answer of GET …/rollup.geojson (no township is fetched), opens the city's roll-up from
 * the map, where the county is drawn from its stored outline, opens that county's dashboard from the
 * map with the keyboard, and logs no console error. The dashboard sends a province to this page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { importPackageFiles, readPackageFolder } from '../../server/import/index.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { collectPageErrors, launchChromium, requireChromium, saveScreenshot, type TestBrowser } from './support/browser.js';
import { ensureClientBuilt, ROOT, startTestServer, type TestServer } from './support/server.js';

const PROVINCE = { id: 'e2e-prov', name: '示范省' };
const CITY = { id: 'e2e-city', name: '示范市' };
const COUNTIES = ['indicator-town', 'tiny-town'];
const YEAR = 2025;

interface Figures {
  counties: number;
  population: number;
  slotsPer1000: number | null;
  slotGap: number;
  countiesWithoutTarget: number;
  coverage: Record<string, number | null>;
}
interface Rollup {
  name: string;
  figures: Figures;
  children: { id: string; name: string; figures: Figures }[];
  pending: unknown[];
}

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let baseUrl = '';
let page: Page;
let consoleErrors: string[] = [];
/** Paths of the API requests the page made. */
let apiRequests: string[] = [];

async function seed(dbDir: string): Promise<void> {
  // An empty databaseUrl: the embedded database even when DATABASE_URL is set for the other tests.
  const handle = await openDatabase({ databaseUrl: '', dbDir, holder: 'e2e seed' });
  try {
    await migrateToLatest(handle.db);
    const meta = { importedBy: 'e2e', packageName: 'e2e' };
    const manifest = { format: 'tuowei-data-package', version: 1, ...PROVINCE, profile: 'ouhai', year: YEAR, level: 'province' };
    await importPackageFiles(handle.db, { 'manifest.json': manifest }, meta);
    const city = { ...manifest, ...CITY, level: 'city', parentId: PROVINCE.id };
    await importPackageFiles(handle.db, { 'manifest.json': city }, meta);
    for (const [folder, parentId] of [
      [`${ROOT}/test/fixtures/indicator-town`, PROVINCE.id],
      [TINY_TOWN_DIR, CITY.id],
    ] as const) {
      const files = await readPackageFolder(folder);
      await importPackageFiles(handle.db, { ...files, 'manifest.json': { ...(files['manifest.json'] as object), parentId } }, meta);
    }
  } finally {
    await handle.close();
  }
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api${path}`);
  expect(response.status, `GET /api${path}`).toBe(200);
  return (await response.json()) as T;
}

async function waitForPage(): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.busy === 'false' && document.querySelector('#rollup-table') !== null, null, {
    timeout: 60_000,
  });
}

const decimal = (locale: string, value: number) =>
  new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
const percent = (locale: string, value: number) =>
  new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt({ page: 'rollup.html', containing: '/rollup.geojson' });
  server = await startTestServer({ name: 'rollup', seed });
  baseUrl = server.baseUrl;
  // Each county's summary of the year, stored by its own request: the roll-up reads only stored results.
  for (const id of COUNTIES) await api(`/jurisdictions/${id}/summary?year=${YEAR}`);
  browser = await launchChromium('rollup');
  page = browser.page;
  consoleErrors = collectPageErrors(page);
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.startsWith('/api/')) apiRequests.push(pathname);
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('roll-up page of a province of a county and a city', () => {
  it('shows the areas’ names and the roll-up’s figures in Chinese, with a map of both from one answer', async () => {
    const rollup = await api<Rollup>(`/jurisdictions/${PROVINCE.id}/rollup?year=${YEAR}`);
    expect(rollup.pending).toEqual([]);
    expect(rollup.figures.counties).toBe(2);
    // The dashboard sends a province to its roll-up.
    await page.goto(`${baseUrl}/dashboard.html?j=${PROVINCE.id}&year=${YEAR}`);
    await page.waitForURL(/rollup\.html\?j=e2e-prov/, { timeout: 30_000 });
    // The redirected page finishes its own requests first, so that only the reload's are counted.
    await waitForPage();
    apiRequests = [];
    await page.reload();
    await waitForPage();
    // The map of every area below is one answer: no township of any county is fetched.
    expect(apiRequests.filter((p) => p.endsWith('/rollup.geojson'))).toEqual([`/api/jurisdictions/${PROVINCE.id}/rollup.geojson`]);
    expect(apiRequests.filter((p) => p.includes('/townships'))).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.locator('#jurisdiction-name').textContent()).toBe(`${PROVINCE.name} · 省`);
    expect(await page.locator('[data-testid="total-slots-per-1000"] .db-tile-value').textContent()).toBe(
      `${decimal('zh-CN', rollup.figures.slotsPer1000!)} 个/千人`,
    );
    expect(await page.locator('[data-testid="total-population"] .db-tile-value').textContent()).toBe(
      new Intl.NumberFormat('zh-CN').format(rollup.figures.population),
    );
    expect(await page.locator('[data-testid="total-coverage-15"] .db-tile-value').textContent()).toBe(
      percent('zh-CN', rollup.figures.coverage['15']!),
    );
    for (const child of rollup.children) {
      const row = page.locator(`#rollup-table tbody tr[data-child="${child.id}"]`);
      expect(await row.locator('th a').textContent()).toBe(child.name);
      expect(await row.locator('td').nth(2).textContent()).toBe(`${decimal('zh-CN', child.figures.slotsPer1000!)} 个/千人`);
      expect(await row.locator('td').nth(4).textContent()).toMatch(/^(达标|未达标|无目标|无数据)$/);
      expect(await page.locator(`#ru-map [data-child="${child.id}"]`).count()).toBe(1);
    }
    expect(await page.locator('#ru-legend').textContent()).toContain('未达标');
    // No internal id is shown to people.
    expect(await page.locator('main').textContent()).not.toMatch(/e2e-prov|e2e-city|indicator-town|tiny-town/);
    await saveScreenshot(page, 'rollup-zh.png');
  });

  it('sorts the table by a column, both ways', async () => {
    const rollup = await api<Rollup>(`/jurisdictions/${PROVINCE.id}/rollup?year=${YEAR}`);
    const ascending = [...rollup.children].sort((a, b) => a.figures.slotsPer1000! - b.figures.slotsPer1000!).map((c) => c.id);
    const order = () => page.locator('#rollup-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-child')));
    await page.locator('#rollup-table th[data-column="slotsPer1000"] button').click();
    expect(await order()).toEqual(ascending);
    await page.locator('#rollup-table th[data-column="slotsPer1000"] button').click();
    expect(await order()).toEqual([...ascending].reverse());
    expect(await page.locator('#rollup-table th[data-column="slotsPer1000"]').getAttribute('aria-sort')).toBe('descending');
  });

  it('switches to English: the same figures in English wording', async () => {
    const rollup = await api<Rollup>(`/jurisdictions/${PROVINCE.id}/rollup?year=${YEAR}`);
    await page.locator('#language-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('#totals-heading').textContent()).toBe('Totals');
    expect(await page.locator('#jurisdiction-name').textContent()).toBe(`${PROVINCE.name} · Province`);
    expect(await page.locator('[data-testid="total-slots-per-1000"] .db-tile-value').textContent()).toBe(
      `${decimal('en-US', rollup.figures.slotsPer1000!)} per 1,000 residents`,
    );
    for (const child of rollup.children) {
      const row = page.locator(`#rollup-table tbody tr[data-child="${child.id}"]`);
      expect(await row.locator('th a').textContent()).toBe(child.name);
      expect(await row.locator('td').nth(4).textContent()).toMatch(/^(Met|Not met|No target|No data)$/);
    }
    expect(await page.locator('#ru-legend').textContent()).toContain('Not met');
    expect(await page.locator('#rollup-table thead').textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    await saveScreenshot(page, 'rollup-en.png');
  });

  it('opens the city’s roll-up from the map, where its county is drawn from its stored outline', async () => {
    await page.locator(`#ru-map [data-child="${CITY.id}"]`).click();
    await page.waitForURL(/rollup\.html\?j=e2e-city&year=2025/, { timeout: 30_000 });
    await waitForPage();
    const map = await api<{ features: { id: string; geometry: { type: string; coordinates: number[][][][] } | null }[] }>(
      `/jurisdictions/${CITY.id}/rollup.geojson?year=${YEAR}`,
    );
    expect(map.features.map((f) => f.id)).toEqual(['tiny-town']);
    const outline = map.features[0]!.geometry!;
    expect(outline.type).toBe('MultiPolygon');
    // The county fills the map: one path with a move for every ring of its outline, not a box or a marker.
    const area = page.locator('#ru-map [data-child="tiny-town"]');
    expect(await area.evaluate((e) => e.tagName)).toBe('path');
    const d = (await area.getAttribute('d'))!;
    expect(d.match(/M/g)).toHaveLength(outline.coordinates.flat().length);
    expect(d.match(/L/g)!.length).toBe(outline.coordinates.flat(2).length - outline.coordinates.flat().length);
    const city = await api<Rollup>(`/jurisdictions/${CITY.id}/rollup?year=${YEAR}`);
    expect(await area.locator('title').textContent()).toContain(`${city.children[0]!.name} · `);
    await saveScreenshot(page, 'rollup-city.png');
  });

  it('opens a county’s dashboard from the map with the keyboard, and logged no console error', async () => {
    await page.locator('#ru-map [data-child="tiny-town"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/dashboard\.html\?j=tiny-town&year=2025/, { timeout: 30_000 });
    expect(consoleErrors).toEqual([]);
  });
});
