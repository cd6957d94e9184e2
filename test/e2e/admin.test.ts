/**
 * Browser test of the admin page (client/admin.html, issue #17) in Chinese against the real server
 * (PGlite in a fresh directory, with the Ouhai demo). A planner is turned away with a Chinese message; an
 * admin signs in, creates a planner scoped to the demo jurisdiction (shown by name, id in the tooltip),
 * issues a bureau token whose secret is shown once and works, and sees the demo's data version and last
 * import. Before that, the map page's first-run walkthrough is checked and dismissed. Screenshots:
 * test/artifacts/walkthrough-zh.png and test/artifacts/admin-zh.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, requireChromium, saveScreenshot, type TestBrowser } from './support/browser.js';
import { ensureClientBuilt, startTestServer, type TestServer } from './support/server.js';

const ADMIN_NAME = 'e2e-admin';
const ADMIN_PASSWORD = 'e2e-admin-password';
const NEW_USER = '王规划';
const NEW_TOKEN = '区卫健局数据同步';
const DEMO_ID = 'ouhai-demo';
const STEP_TIMEOUT_MS = 60_000;

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let baseUrl = '';
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt({ page: 'admin.html' });
  server = await startTestServer({ name: 'admin', users: [{ role: 'admin', name: ADMIN_NAME, password: ADMIN_PASSWORD }] });
  baseUrl = server.baseUrl;
  browser = await launchChromium('admin');
  page = browser.page;
  // The one refusal the test provokes on purpose: a planner without jurisdictions.
  // The one refusal the test provokes on purpose (a planner without jurisdictions): its response and the
  // browser's console line about it are each allowed once.
  const expected = ['HTTP 400 POST', 'console: Failed to load resource: the server responded with a status of 400'];
  pageErrors = collectPageErrors(page, (line) => {
    const index = expected.findIndex((start) => line.startsWith(start));
    if (index < 0) return false;
    expected.splice(index, 1);
    return true;
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('first-run walkthrough on the map page', () => {
  it('says in Chinese what each role does, links the admin page, and stays dismissed', async () => {
    await page.goto(`${baseUrl}/`);
    const panel = page.locator('#walkthrough');
    await panel.waitFor({ timeout: STEP_TIMEOUT_MS });
    const text = (await panel.textContent())!;
    for (const role of ['规划人员', '卫健部门', '开发单位', '管理员']) expect(text).toContain(role);
    expect(await panel.locator('a[href="./admin.html"]').textContent()).toBe('系统管理');
    expect(await panel.locator('a[href="./import.html"]').count()).toBe(1);
    await saveScreenshot(page, 'walkthrough-zh.png');
    await page.locator('#walkthrough-dismiss').click();
    expect(await panel.count()).toBe(0);
    await page.reload();
    await page.locator('#controls').waitFor();
    // The demo database is not empty, so a dismissed walkthrough stays away after a reload.
    await page.waitForLoadState('networkidle');
    expect(await page.locator('#walkthrough').count()).toBe(0);
  });
});

describe('admin page in zh', () => {
  it('asks whoever is not signed in as an admin to sign in, in Chinese', async () => {
    await page.goto(`${baseUrl}/admin.html`);
    await expect.poll(() => page.locator('#admin-not-allowed').textContent()).toContain('请以管理员账号登录');
    expect(await page.title()).toContain('系统管理');
  });

  it('lets an admin create a scoped planner and issue a token shown once', async () => {
    const demo = ((await (await fetch(`${baseUrl}/api/jurisdictions`)).json()) as { id: string; name: string }[]).find(
      (j) => j.id === DEMO_ID,
    )!;
    await page.locator('#sign-in-button').click();
    await page.locator('#sign-in-name').fill(ADMIN_NAME);
    await page.locator('#sign-in-password').fill(ADMIN_PASSWORD);
    await page.locator('#sign-in-form button[type="submit"]').click();
    await page.locator(`#users-table tr[data-user="${ADMIN_NAME}"]`).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => page.locator('#jurisdictions-table').textContent()).toContain(demo.name);

    await page.locator('#new-user-name').fill(NEW_USER);
    await page.locator('#new-user-password').fill('planner-password-1');
    await page.locator('#new-user-role').selectOption('planner');
    await page.locator('#new-user-scope').selectOption(DEMO_ID);
    await page.locator('#create-user').click();
    await expect.poll(() => page.locator('#admin-notice').textContent()).toContain(`已创建用户“${NEW_USER}”`);
    const userRow = page.locator(`#users-table tr[data-user="${NEW_USER}"]`);
    await expect.poll(() => userRow.textContent()).toContain('规划人员');
    expect(await userRow.textContent()).toContain(demo.name);
    expect(await userRow.locator(`span[title="${DEMO_ID}"]`).count()).toBe(1);

    await page.locator('#new-token-name').fill(NEW_TOKEN);
    await page.locator('#new-token-role').selectOption('bureau');
    await page.locator('#new-token-scope').selectOption(DEMO_ID);
    await page.locator('#issue-token').click();
    await page.locator('#token-secret-value').waitFor({ timeout: STEP_TIMEOUT_MS });
    const secret = (await page.locator('#token-secret-value').textContent())!.trim();
    expect(secret.length).toBeGreaterThan(20);
    expect(await page.locator('#token-secret').textContent()).toContain('只显示这一次');
    await expect.poll(() => page.locator(`#tokens-table tr[data-token="${NEW_TOKEN}"]`).textContent()).toContain('卫健部门');
    await saveScreenshot(page, 'admin-zh.png');

    // The secret shown is a working bureau token for the demo jurisdiction.
    const session = (await (await fetch(`${baseUrl}/api/session`, { headers: { Authorization: `Bearer ${secret}` } })).json()) as {
      user: { name: string; role: string; jurisdictions: string[] };
    };
    expect(session.user).toEqual({ name: NEW_TOKEN, role: 'bureau', jurisdictions: [DEMO_ID] });

    // Once dismissed, the secret is gone from the page.
    await page.locator('#token-secret button').click();
    expect(await page.locator('#token-secret').count()).toBe(0);

    // A planner without jurisdictions is refused with the server's reason in Chinese; nothing is created.
    await page.locator('#new-user-name').fill('李规划');
    await page.locator('#new-user-password').fill('planner-password-2');
    await page.locator('#new-user-role').selectOption('planner');
    await page.locator('#create-user').click();
    await expect.poll(() => page.locator('#admin-notice').textContent()).toContain('须指定辖区');
    expect(await page.locator('#users-table tr[data-user="李规划"]').count()).toBe(0);

    // The same page in English.
    await page.locator('#language-toggle').click();
    await expect.poll(() => page.locator('#admin-users h2').textContent()).toBe('Users');
    expect(await page.locator(`#users-table tr[data-user="${NEW_USER}"]`).textContent()).toContain('planner');
    await page.locator('#language-toggle').click();
    expect(pageErrors).toEqual([]);
  });
});
