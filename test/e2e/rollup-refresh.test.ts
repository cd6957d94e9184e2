/**
 * Browser test of the roll-up page's Recompute button (client/rollup/refresh.ts) against the real
 * server (embedded mode: the server runs the jobs): a province of two Tiny Town counties whose
 * summaries are not stored. Signed out, the note says how many counties wait and no button shows;
 * signed in as the province's bureau user, Recompute runs the job and the roll-up reloads complete,
 * in Chinese, then the button reads in English; no console error.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { importPackageFiles } from '../../server/import/index.js';
import { regionPackage, tinyCounty } from '../import/tiny-town-files.js';
import { collectPageErrors, launchChromium, requireChromium, saveScreenshot, type TestBrowser } from './support/browser.js';
import { ensureClientBuilt, startTestServer, type TestServer } from './support/server.js';

const PROVINCE = 'e2e-refresh-prov';
const COUNTIES = [
  { id: 'e2e-east', name: '东县' },
  { id: 'e2e-west', name: '西县' },
];
const USER = { role: 'bureau' as const, name: 'e2e-province-bureau', password: 'e2e-refresh-password', jurisdictions: [PROVINCE] };

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let page: Page;
let consoleErrors: string[] = [];

async function seed(dbDir: string): Promise<void> {
  // An empty databaseUrl: the embedded database even when DATABASE_URL is set for the other tests.
  const handle = await openDatabase({ databaseUrl: '', dbDir, holder: 'e2e seed' });
  try {
    await migrateToLatest(handle.db);
    const meta = { importedBy: 'e2e', packageName: 'e2e' };
    await importPackageFiles(handle.db, regionPackage(PROVINCE, 'province', undefined, '重算省'), meta);
    for (const county of COUNTIES) await importPackageFiles(handle.db, tinyCounty(county.id, county.name, PROVINCE), meta);
  } finally {
    await handle.close();
  }
}

async function waitForPage(): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.busy === 'false' && document.querySelector('#rollup-table') !== null, null, {
    timeout: 60_000,
  });
}

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt({ page: 'rollup.html', containing: 'Have the workers compute the counties' });
  server = await startTestServer({ name: 'rollup-refresh', users: [USER], seed });
  browser = await launchChromium('rollup-refresh');
  page = browser.page;
  consoleErrors = collectPageErrors(page);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the roll-up page recomputes the counties without a stored result', () => {
  it('says how many counties wait, and offers Recompute only to a user who may edit the province', async () => {
    await page.goto(`${server!.baseUrl}/rollup.html?j=${PROVINCE}&year=2025`);
    await waitForPage();
    expect(await page.locator('#ru-note').textContent()).toContain('2 个县尚无本年度的计算结果');
    expect(await page.locator('#rollup-table tbody tr td:first-of-type').allTextContents()).toEqual(['尚未计算', '尚未计算']);
    expect(await page.locator('#rollup-refresh').count()).toBe(0);

    await page.locator('#sign-in-button').click();
    await page.locator('#sign-in-name').fill(USER.name);
    await page.locator('#sign-in-password').fill(USER.password);
    await page.locator('#sign-in-form button[type="submit"]').click();
    await expect.poll(() => page.locator('#rollup-refresh').textContent()).toBe('重新计算');
  });

  it('runs the job on Recompute and reloads the roll-up once every county is done', async () => {
    await page.locator('#rollup-refresh').click();
    await expect.poll(() => page.locator('.ru-refresh-status').textContent(), { timeout: 120_000 }).toContain('已计算并保存 2 个县的结果');
    await expect.poll(() => page.locator('#ru-note').textContent()).toContain('汇总了 2 个县');
    for (const county of COUNTIES) {
      const row = page.locator(`#rollup-table tbody tr[data-child="${county.id}"]`);
      expect(await row.locator('th a').textContent()).toBe(county.name);
      expect(await row.locator('td').nth(0).textContent()).not.toBe('尚未计算');
    }
    expect(await page.locator('#rollup-refresh').isEnabled()).toBe(true);
    await saveScreenshot(page, 'rollup-refresh-zh.png');

    await page.locator('#language-toggle').click();
    await expect.poll(() => page.locator('#rollup-refresh').textContent()).toBe('Recompute');
    expect(await page.locator('.ru-refresh-status').textContent()).toContain('Computed and stored the results of 2 counties');
    expect(consoleErrors).toEqual([]);
  });
});
