/**
 * Browser test of the import wizard (client/import.html, issue #13) against the real server (PGlite in
 * a fresh directory). A bureau user signs in and drops Tiny Town's files as an office has them: the
 * townships as a Shapefile in CGCS2000 Gauss-Krüger (EPSG:4549) with a GBK .dbf and no .cpg (made by
 * GDAL's ogr2ogr at test time), the facilities with their slots column renamed (so the proposed mapping
 * misses it). It reads the problem naming file and column, maps the column
 * by dropdown, sees the problem list clear, imports, downloads the confirmed manifest.json and ends on
 * the new jurisdiction's map. Screenshots: test/artifacts/import-wizard-*.png (the README shows one,
 * copied to docs/import-wizard.png).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { collectPageErrors, launchChromium, requireChromium, saveScreenshot, type TestBrowser } from './support/browser.js';
import { waitForMapIdle } from './support/map.js';
import { ensureClientBuilt, startTestServer, type TestServer } from './support/server.js';

const USER_NAME = 'e2e-import-bureau';
const USER_PASSWORD = 'e2e-import-password';
const NEW_ID = 'tiny-two';
const NEW_NAME = '小镇二号 Tiny Two';
const STEP_TIMEOUT_MS = 60_000;

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let page: Page;
let pageErrors: string[] = [];

/** Where ogr2ogr writes the townships' Shapefile. */
const shapefileDir = mkdtempSync(path.join(os.tmpdir(), 'tuowei-e2e-import-shp-'));

/** Tiny Town's townships as 乡镇界.shp/.dbf/.shx/.prj: EPSG:4549, GBK text, and (ArcGIS habit) no .cpg. */
function townshipShapefile(): { name: string; base64: string }[] {
  execFileSync('ogr2ogr', [
    '-f',
    'ESRI Shapefile',
    '-t_srs',
    'EPSG:4549',
    '-lco',
    'ENCODING=GBK',
    path.join(shapefileDir, '乡镇界.shp'),
    path.join(TINY_TOWN_DIR, 'townships.geojson'),
  ]);
  unlinkSync(path.join(shapefileDir, '乡镇界.cpg'));
  return readdirSync(shapefileDir).map((name) => ({ name, base64: readFileSync(path.join(shapefileDir, name)).toString('base64') }));
}

/**
 * The files the user drops: the townships' Shapefile, Tiny Town's other layers with the facilities'
 * `slots` column named `CAP_X`, and a version-2 manifest naming the new jurisdiction and the Shapefile.
 */
function droppedFiles(): { name: string; base64: string }[] {
  const read = (name: string) => readFileSync(path.join(TINY_TOWN_DIR, name), 'utf8');
  const text = (name: string, content: string) => ({ name, base64: Buffer.from(content).toString('base64') });
  const facilities = JSON.parse(read('facilities.geojson'));
  for (const feature of facilities.features) {
    feature.properties.CAP_X = feature.properties.slots;
    delete feature.properties.slots;
  }
  const manifest = {
    ...JSON.parse(read('manifest.json')),
    version: 2,
    id: NEW_ID,
    name: NEW_NAME,
    layers: { townships: { file: '乡镇界.shp' } },
  };
  return [
    text('manifest.json', JSON.stringify(manifest)),
    text('profile.json', read('profile.json')),
    ...townshipShapefile(),
    text('facilities.geojson', JSON.stringify(facilities)),
    text('population.geojson', read('population.geojson')),
    text('roads.geojson', read('roads.geojson')),
    text('projects.geojson', read('projects.geojson')),
  ];
}

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt({ page: 'import.html', containing: 'iw-notes' });
  server = await startTestServer({ name: 'import', users: [{ role: 'bureau', name: USER_NAME, password: USER_PASSWORD }] });
  browser = await launchChromium('import');
  page = browser.page;
  // The wizard's first preview lists a problem on purpose; no request of the page may fail.
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(shapefileDir, { recursive: true, force: true });
});

describe('import wizard', () => {
  it('asks to sign in, then takes dropped files and lists the missing column as file, column and problem', async () => {
    await page.goto(`${server!.baseUrl}/import.html`);
    await expect.poll(() => page.locator('#import-sign-in-first').textContent()).toContain('请以卫健部门');
    await page.click('#sign-in-button');
    await page.fill('#sign-in-name', USER_NAME);
    await page.fill('#sign-in-password', USER_PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#import-drop', { timeout: STEP_TIMEOUT_MS });

    // Drop the files as a user drags them from the desktop.
    const previewAnswer = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/api/imports'),
    );
    await page.evaluate((files) => {
      const transfer = new DataTransfer();
      for (const file of files) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name));
      }
      const zone = document.getElementById('import-drop')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, droppedFiles());

    await page.waitForSelector('#import-problems.has-problems', { timeout: STEP_TIMEOUT_MS });
    // The layers are drawn although the preview has problems (what could be read, problem rows marked).
    const answer = (await (await previewAnswer).json()) as { layers: { layer: string; geometry?: { features: unknown[] } }[] };
    expect(answer.layers.find((l) => l.layer === 'facilities')?.geometry?.features.length).toBeGreaterThan(0);
    const facilities = page.locator('[data-layer=facilities]');
    await expect.poll(() => facilities.locator('h3').textContent()).toBe('托育机构');
    // The Shapefile's CRS and encoding as found: from the .prj, and GB18030 for GBK text without a .cpg.
    const townships = page.locator('[data-layer=townships]');
    expect(await townships.locator('.iw-sub').textContent()).toContain('乡镇界.shp');
    expect(await page.inputValue('#crs-townships')).toBe('EPSG:4549');
    expect(await page.inputValue('#encoding-townships')).toMatch(/^GB/);
    const rows = await page.locator('#import-problems tbody tr').allTextContents();
    expect(rows.some((row) => row.includes('facilities.geojson'))).toBe(true);
    await expect.poll(() => page.locator('#import-commit').isDisabled()).toBe(true);
    await saveScreenshot(page, 'import-wizard-problems.png');
  });

  it('maps the column by dropdown, clears the problems and imports with the stages ticked', async () => {
    await page.selectOption('#map-facilities-slots', 'CAP_X');
    await page.waitForSelector('#import-problems.is-clean', { timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => page.locator('#import-commit').isDisabled()).toBe(false);
    await saveScreenshot(page, 'import-wizard.png');

    await page.click('#import-commit');
    await page.waitForSelector('#import-done', { timeout: STEP_TIMEOUT_MS });
    expect(await page.locator('#import-done h2').textContent()).toContain(NEW_NAME);
    expect(await page.locator('#import-done .iw-stages li.is-done').count()).toBe(5);
    await saveScreenshot(page, 'import-wizard-done.png');
  });

  it('downloads the confirmed manifest.json with the mapping the user chose', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#import-manifest')]);
    expect(download.suggestedFilename()).toBe('manifest.json');
    const manifest = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(manifest).toMatchObject({
      id: NEW_ID,
      version: 2,
      layers: { townships: { file: '乡镇界.shp' }, facilities: { fields: { slots: 'CAP_X' } } },
    });
  });

  it('ends on the new jurisdiction’s map', async () => {
    await page.click('#import-open-map');
    await page.waitForURL(/\?j=tiny-two/);
    await waitForMapIdle(page);
    await expect.poll(() => page.locator('#jurisdiction-name').textContent()).toBe(NEW_NAME);
    await saveScreenshot(page, 'import-wizard-new-map.png');
    expect(pageErrors).toEqual([]);
  });
});
