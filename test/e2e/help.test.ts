/**
 * Browser test of the in-app help (client/help/, issue #17) against the real server with the Ouhai demo:
 * on the map page a panel's "?" opens its help in a drawer, in Chinese, with the year's target and the
 * policy document it comes from, read from the demo's profile; Esc closes it and focus goes back to the
 * button. In English the layer panel's help defines the walk with the profile's parameters and names the
 * document in English; "All help" opens help.html at the topic. The admin link in the map page's header
 * shows only once an administrator is signed in. No console errors throughout. Screenshot:
 * test/artifacts/help-drawer-zh.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, requireChromium, saveScreenshot, type TestBrowser } from './support/browser.js';
import { ensureClientBuilt, startTestServer, type TestServer } from './support/server.js';

const DEMO_ID = 'ouhai-demo';
const ADMIN = { role: 'admin' as const, name: 'e2e-help-admin', password: 'e2e-help-admin-password' };
const CJK = /[\u3400-\u9fff]/;

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let baseUrl = '';
let page: Page;
let pageErrors: string[] = [];
let year = 0;
let slotsTarget = 0;

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt({ page: 'help.html', containing: 'helpLinkTitle' });
  server = await startTestServer({ name: 'help', users: [ADMIN] });
  baseUrl = server.baseUrl;
  const detail = (await (await fetch(`${baseUrl}/api/jurisdictions/${DEMO_ID}`)).json()) as {
    year: number;
    profile: { targets: Record<string, Record<string, number>> };
  };
  year = detail.year;
  slotsTarget = detail.profile.targets.slots_per_1000![String(year)]!;
  browser = await launchChromium('help');
  page = browser.page;
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('help on the map page', () => {
  it('opens a panel’s help in Chinese with the profile’s target and its policy source, and Esc closes it', async () => {
    await page.goto(`${baseUrl}/?j=${DEMO_ID}`);
    const button = page.locator('#summary .help-button');
    await button.waitFor();
    expect(await page.locator('#help-link').textContent()).toBe('帮助');
    expect(await page.locator('#admin-link').isVisible()).toBe(false);
    expect(await button.getAttribute('aria-label')).toBe('帮助：全区概况');

    await button.click();
    const drawer = page.locator('#help-drawer[role="dialog"]');
    await drawer.waitFor();
    expect(await drawer.locator('#help-drawer-title').textContent()).toBe('全区概况');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('help-close'))).toBe(true);
    const target = `${year} 年目标：≥ ${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(slotsTarget)} 个/千人`;
    await expect.poll(() => drawer.innerText()).toContain(target);
    const text = await drawer.innerText();
    expect(text).toContain('托位缺口');
    expect(text).toContain('温瓯七优享办〔2023〕2号');
    expect(text).toContain('主要指标表第 4 行');
    await saveScreenshot(page, 'help-drawer-zh.png');

    await page.keyboard.press('Escape');
    expect(await drawer.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.closest('#summary') !== null)).toBe(true);
  });

  it('explains the map in English with the profile’s walk and names the document in English', async () => {
    await page.locator('#language-toggle').click();
    const button = page.locator('#layer-panel .help-button');
    expect(await button.getAttribute('aria-label')).toBe('Help: Map and layers');
    await button.click();
    const drawer = page.locator('#help-drawer');
    await drawer.waitFor();
    await expect.poll(() => drawer.innerText()).toContain('Wen Ou Qi You Xiang Ban [2023] No. 2');
    const text = await drawer.innerText();
    expect(text).toContain('Walking distance');
    expect(text).toContain('farther than 500 m from every walkable road');
    expect(text).toContain('1,000 m for 15 minutes');
    // Chinese only in the profile's own name, which is data.
    const withoutProfileName = text.replace(/Policy profile: .*/, '');
    expect(withoutProfileName).not.toMatch(CJK);

    await drawer.locator('a.help-all').click();
    await page.waitForURL(/help\.html/);
    expect(page.url()).toContain(`j=${DEMO_ID}`);
    expect(page.url()).toContain('#map');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Help');
    await expect.poll(() => page.locator('#indicators').innerText()).toContain('Plan targets: 2022:');
    expect(await page.locator('#suggestions').innerText()).toContain('Proven optimal / bound / gap');
    expect(await page.locator('#help-contents a[href="#admin"]').textContent()).toBe('Administration');
  });
});

describe('admin link', () => {
  it('appears in the map page’s header once an administrator is signed in', async () => {
    await page.locator('#language-toggle').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('使用帮助');
    const status = await page.evaluate(
      async ({ name, password }) =>
        (
          await fetch('./api/session', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name, password }),
          })
        ).status,
      { name: ADMIN.name, password: ADMIN.password },
    );
    expect(status).toBe(200);
    await page.goto(`${baseUrl}/?j=${DEMO_ID}`);
    const link = page.locator('#admin-link');
    await expect.poll(() => link.isVisible()).toBe(true);
    expect(await link.textContent()).toBe('系统管理');
    expect(await link.getAttribute('href')).toBe('./admin.html');
    expect(pageErrors).toEqual([]);
  });
});
