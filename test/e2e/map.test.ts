/**
 * Browser test of the web client against the real server with the demo data (PGlite in a fresh
 * directory). Starts `server/main.ts`, drives Chromium through the year and threshold switches, the
 * sortable table, township selection and the language toggle, checks that what the page shows matches
 * the API, that no console error occurs, and saves a screenshot under test/artifacts/.
 *
 * Needs Debian's Chromium at /usr/bin/chromium and a built client in dist/client (`npm test` builds
 * it first; when it is missing this file builds it).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, requireChromium, saveScreenshot, type TestBrowser } from './support/browser.js';
import { waitForMapIdle } from './support/map.js';
import { ensureClientBuilt, startTestServer, type TestServer } from './support/server.js';

const DEMO_ID = 'ouhai-demo';
const DEMO_TOWNSHIPS = 13;

interface TownshipRow {
  code: string;
  name: string;
  population: number;
  coverage: Record<string, number>;
}
interface Summary {
  year: number;
  population: number;
  slotsPer1000: number;
  coverage: Record<string, number>;
}
interface Jurisdiction {
  id: string;
  year: number;
  years: number[];
}

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let baseUrl = '';
let page: Page;
let consoleErrors: string[] = [];

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api${path}`);
  expect(response.status, `GET /api${path}`).toBe(200);
  return (await response.json()) as T;
}

/** The same formatting the client uses for a share: percent with one decimal, in the page's locale. */
function percent(fraction: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(fraction);
}

function tableRowCount(): Promise<number> {
  return page.locator('#township-table tbody tr[data-code]').count();
}

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt();
  server = await startTestServer({ name: 'map' });
  baseUrl = server.baseUrl;
  browser = await launchChromium('map');
  page = browser.page;
  consoleErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('web client on the demo jurisdiction', () => {
  it('shows the map, 13 townships and the district summary in Chinese', async () => {
    await page.goto(`${baseUrl}/`);
    await waitForMapIdle(page);

    const jurisdictions = await api<Jurisdiction[]>('/jurisdictions');
    const demo = jurisdictions.find((item) => item.id === DEMO_ID);
    expect(demo, 'demo jurisdiction listed').toBeDefined();
    const year = demo!.year;
    const townships = await api<TownshipRow[]>(`/jurisdictions/${DEMO_ID}/townships?year=${year}`);
    expect(townships).toHaveLength(DEMO_TOWNSHIPS);

    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await tableRowCount()).toBe(DEMO_TOWNSHIPS);
    const names = await page.locator('#township-table tbody th[scope="row"]').allTextContents();
    expect([...names].sort()).toEqual(townships.map((row) => row.name).sort());
    expect(await page.locator('#township-table thead th').first().textContent()).toContain('名称');
    expect(await page.locator('#year-select').inputValue()).toBe(String(year));
    expect(await page.locator('#threshold-15').isChecked()).toBe(true);

    const summary = await api<Summary>(`/jurisdictions/${DEMO_ID}/summary?year=${year}`);
    const shownPer1000 = await page.locator('[data-testid="summary-slots-per-1000"]').textContent();
    expect(shownPer1000).toBe(
      new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(summary.slotsPer1000),
    );
    expect(await page.locator('[data-testid="summary-coverage"]').textContent()).toBe(percent(summary.coverage['15']!, 'zh-CN'));

    // The map drew our layers: every township polygon and at least one facility are rendered.
    const rendered = await page.evaluate(() => {
      const map = window.__tuowei!.map;
      const codes = new Set(map.queryRenderedFeatures({ layers: ['townships-fill'] }).map((feature) => feature.properties.code));
      return { townships: codes.size, facilities: map.queryRenderedFeatures({ layers: ['facilities-operating'] }).length };
    });
    expect(rendered.townships).toBe(DEMO_TOWNSHIPS);
    expect(rendered.facilities).toBeGreaterThan(0);
    expect(await page.locator('#error').isHidden()).toBe(true);
  });

  it('switches the year and the walking threshold', async () => {
    const demo = (await api<Jurisdiction[]>('/jurisdictions')).find((item) => item.id === DEMO_ID)!;
    const otherYear = demo.years.includes(2023) && demo.year !== 2023 ? 2023 : demo.years.find((candidate) => candidate !== demo.year)!;
    expect(otherYear, 'a second year to switch to').toBeDefined();

    await page.locator('#year-select').selectOption(String(otherYear));
    await waitForMapIdle(page);
    const summary = await api<Summary>(`/jurisdictions/${DEMO_ID}/summary?year=${otherYear}`);
    expect(await page.locator('.summary .panel-year').textContent()).toBe(String(otherYear));
    expect(await page.locator('[data-testid="summary-slots-per-1000"]').textContent()).toBe(
      new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(summary.slotsPer1000),
    );
    expect(new URL(page.url()).searchParams.get('year')).toBe(String(otherYear));

    await page.locator('label[for="threshold-5"]').click();
    await waitForMapIdle(page);
    expect(await page.locator('#threshold-5').isChecked()).toBe(true);
    expect(await page.locator('[data-testid="summary-coverage"]').textContent()).toBe(percent(summary.coverage['5']!, 'zh-CN'));
    expect(await page.locator('#township-table thead th').last().textContent()).toContain('5分钟');
    // Each township's coverage cell is its 5-minute share.
    const townships = await api<TownshipRow[]>(`/jurisdictions/${DEMO_ID}/townships?year=${otherYear}`);
    const first = townships[0]!;
    const cell = page.locator(`#township-table tbody tr[data-code="${first.code}"] td`).last();
    expect(await cell.textContent()).toBe(percent(first.coverage['5']!, 'zh-CN'));
    expect(await tableRowCount()).toBe(DEMO_TOWNSHIPS);
  });

  it('sorts the table by population and zooms to a clicked township', async () => {
    const header = page.locator('#township-table thead th').nth(1);
    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const populations = (await page.locator('#township-table tbody tr[data-code] td:nth-of-type(1)').allTextContents()).map((text) =>
      Number(text.replace(/[^\d]/g, '')),
    );
    expect(populations).toHaveLength(DEMO_TOWNSHIPS);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');

    const zoomBefore = await page.evaluate(() => window.__tuowei!.map.getZoom());
    const row = page.locator('#township-table tbody tr[data-code]').first();
    const code = await row.getAttribute('data-code');
    await row.click();
    await page.waitForFunction(() => !window.__tuowei!.map.isMoving(), null, { timeout: 10_000 });
    await page.waitForTimeout(100);
    await page.waitForFunction(() => !window.__tuowei!.map.isMoving(), null, { timeout: 10_000 });
    expect(await row.getAttribute('class')).toContain('selected');
    const after = await page.evaluate(
      (selected) => ({
        zoom: window.__tuowei!.map.getZoom(),
        state: window.__tuowei!.map.getFeatureState({ source: 'townships', id: selected! }),
      }),
      code,
    );
    expect(after.zoom).toBeGreaterThan(zoomBefore);
    expect(after.state.selected).toBe(true);
  });

  it('switches to English, remembers it, and logs no console errors', async () => {
    await page.locator('#language-toggle').click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('#township-table thead th').first().textContent()).toContain('Name');
    expect(await page.evaluate(() => window.localStorage.getItem('tuowei.locale'))).toBe('en');

    await page.reload();
    await waitForMapIdle(page);
    expect(await page.locator('.summary .panel-title').textContent()).toContain('District summary');
    expect(await tableRowCount()).toBe(DEMO_TOWNSHIPS);

    await page.locator('#language-toggle').click();
    expect(await page.locator('.summary .panel-title').textContent()).toContain('全区概况');
    await waitForMapIdle(page);

    await saveScreenshot(page, 'map.png');
    expect(consoleErrors).toEqual([]);
  });
});
