/**
 * Browser test of the import wizard (client/import.html, issue #13) against the real server (PGlite in
 * a fresh directory). A bureau user signs in, drops Tiny Town's files with the facilities' slots column
 * renamed (so the proposed mapping misses it), reads the problem naming file and column, maps the column
 * by dropdown, sees the problem list clear, imports, downloads the confirmed manifest.json and ends on
 * the new jurisdiction's map. Screenshots: test/artifacts/import-wizard-*.png (the README shows one,
 * copied to docs/import-wizard.png).
 */
import { readFileSync } from 'node:fs';
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

/** The files the user drops: Tiny Town's, its facilities' `slots` column named `CAP_X`, and a manifest naming the new jurisdiction. */
function droppedFiles(): { name: string; text: string }[] {
  const read = (name: string) => readFileSync(path.join(TINY_TOWN_DIR, name), 'utf8');
  const facilities = JSON.parse(read('facilities.geojson'));
  for (const feature of facilities.features) {
    feature.properties.CAP_X = feature.properties.slots;
    delete feature.properties.slots;
  }
  const manifest = { ...JSON.parse(read('manifest.json')), id: NEW_ID, name: NEW_NAME };
  return [
    { name: 'manifest.json', text: JSON.stringify(manifest) },
    { name: 'profile.json', text: read('profile.json') },
    { name: 'townships.geojson', text: read('townships.geojson') },
    { name: 'facilities.geojson', text: JSON.stringify(facilities) },
    { name: 'population.geojson', text: read('population.geojson') },
    { name: 'roads.geojson', text: read('roads.geojson') },
    { name: 'projects.geojson', text: read('projects.geojson') },
  ];
}

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt({ page: 'import.html', containing: 'import-commit' });
  server = await startTestServer({ name: 'import', users: [{ role: 'bureau', name: USER_NAME, password: USER_PASSWORD }] });
  browser = await launchChromium('import');
  page = browser.page;
  // The wizard's first preview lists a problem on purpose; no request of the page may fail.
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
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
    await page.evaluate((files) => {
      const transfer = new DataTransfer();
      for (const file of files) transfer.items.add(new File([file.text], file.name, { type: 'application/json' }));
      const zone = document.getElementById('import-drop')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, droppedFiles());

    await page.waitForSelector('#import-problems.has-problems', { timeout: STEP_TIMEOUT_MS });
    const facilities = page.locator('[data-layer=facilities]');
    await expect.poll(() => facilities.locator('h3').textContent()).toBe('托育机构');
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
    expect(manifest).toMatchObject({ id: NEW_ID, version: 2, layers: { facilities: { fields: { slots: 'CAP_X' } } } });
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
