/**
 * Browser test of the health bureau's dashboard (client/dashboard.html) against the real server with the
 * demo data (PGlite in a fresh directory). A bureau user is created with the CLI before the server starts
 * (PGlite lets one process hold the database). Chromium opens the dashboard, checks that every indicator
 * shows a value or a "no data" reason, switches the year, opens a trend chart, downloads the Excel report,
 * signs in, edits a facility's slots and sees slots per 1,000 change by the hand-computed amount, meets a
 * version conflict and re-applies its edit, checks the print view, and saves test/artifacts/dashboard.png.
 *
 * Needs Debian's Chromium at /usr/bin/chromium and a built client in dist/client (`npm test` builds it
 * first; when the dashboard page is missing this file builds it).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, requireChromium, saveScreenshot, type TestBrowser } from './support/browser.js';
import { ensureClientBuilt, startTestServer, type TestServer } from './support/server.js';

const PAGE_READY_TIMEOUT_MS = 60_000;
const DEMO_ID = 'ouhai-demo';
const USER_NAME = 'e2e-bureau';
const USER_PASSWORD = 'e2e-dashboard-password';

interface IndicatorRow {
  id: string;
  nameZh: string;
  unit: string;
  value: number | null;
  status: 'met' | 'not_met' | 'no_target' | 'no_data';
  reason: string | null;
  reasonZh: string | null;
  basis: string | null;
  basisZh: string | null;
  details: Record<string, number>;
}
interface IndicatorTable {
  year: number;
  dataVersion: number;
  indicators: IndicatorRow[];
}
interface FacilityRecord {
  id: string;
  name: string;
  slots: number;
  status: string;
  openedYear: number | null;
  closedYear: number | null;
  version: number;
}

const statusZh: Record<IndicatorRow['status'], string> = { met: '达标', not_met: '未达标', no_target: '无目标', no_data: '无数据' };

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let baseUrl = '';
let page: Page;
let consoleErrors: string[] = [];
/** Failures a step provokes on purpose (a 409): each entry is allowed once. */
const expectedFailures: string[] = [];
/** The facility the edit test changed (the conflict test edits it again). */
let editedFacilityId = '';

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api${path}`);
  expect(response.status, `GET /api${path}`).toBe(200);
  return (await response.json()) as T;
}

/** Waits until no request of the page is pending and its map has drawn the result. */
async function waitForPage(): Promise<void> {
  await page.waitForFunction(
    () => document.body.dataset.busy === 'false' && document.querySelector('#db-map')?.getAttribute('data-map-idle') === 'true',
    null,
    { timeout: PAGE_READY_TIMEOUT_MS },
  );
}

/** Slots per 1,000 as the dashboard writes it in Chinese: two decimals and the unit. */
function per1000Text(value: number): string {
  return `${new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)} 个/千人`;
}

function rowLocator(indicator: string) {
  return page.locator(`#indicator-table tbody tr[data-indicator="${indicator}"]`);
}

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt({ page: 'dashboard.html' });
  server = await startTestServer({ name: 'dashboard', users: [{ role: 'bureau', name: USER_NAME, password: USER_PASSWORD }] });
  baseUrl = server.baseUrl;
  browser = await launchChromium('dashboard');
  page = browser.page;
  consoleErrors = collectPageErrors(page, (line) => {
    const index = expectedFailures.findIndex((expected) => line.includes(expected));
    if (index < 0) return false;
    expectedFailures.splice(index, 1);
    return true;
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('indicator dashboard on the demo jurisdiction', () => {
  it('shows every indicator with a value or a no-data reason, with the API’s statuses', async () => {
    await page.goto(`${baseUrl}/dashboard.html`);
    await waitForPage();
    const demo = (await api<{ id: string; year: number }[]>('/jurisdictions')).find((item) => item.id === DEMO_ID)!;
    expect(await page.locator('#year-select').inputValue()).toBe(String(demo.year));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

    const table = await api<IndicatorTable>(`/jurisdictions/${DEMO_ID}/indicators?year=${demo.year}`);
    expect(table.indicators.length).toBeGreaterThanOrEqual(12);
    expect(await page.locator('#indicator-table tbody tr[data-indicator]').count()).toBe(table.indicators.length);
    for (const indicator of table.indicators) {
      const row = rowLocator(indicator.id);
      expect(await row.locator('.ind-title').textContent()).toBe(indicator.nameZh);
      expect(await row.locator('.status-badge').textContent()).toBe(statusZh[indicator.status]);
      if (indicator.value === null) {
        // No value: the row says so and why (the API's Chinese reason, verbatim).
        expect(await row.locator('.ind-nodata').textContent()).toBe('无数据');
        expect(indicator.reasonZh, `${indicator.id} has neither value nor reason`).toBeTruthy();
        expect(await row.locator('.ind-reason').textContent()).toBe(indicator.reasonZh);
      } else {
        expect((await row.locator('.ind-number').textContent())?.trim(), indicator.id).toMatch(/\d/);
      }
    }
    const slots = table.indicators.find((row) => row.id === 'slots_per_1000')!;
    expect(await rowLocator('slots_per_1000').locator('.ind-number').textContent()).toBe(per1000Text(slots.value!));
    // The overview counts the same statuses as the table.
    const notMet = table.indicators.filter((row) => row.status === 'not_met').length;
    expect(await page.locator('[data-testid="count-not_met"] .db-tile-value').textContent()).toBe(String(notMet));
    expect(await page.locator('#error').isHidden()).toBe(true);

    // No English sentence on the Chinese page: reasons, unit notes and the employer-welfare line are Chinese.
    const englishWords = /\b(the|of|and|no|data|is|are)\b/i;
    for (const text of await page.locator('.ind-reason, .ind-note, #employer-welfare').allTextContents())
      expect(text).not.toMatch(englishWords);
    // In English the same rows give the API's English reason.
    const missing = table.indicators.find((row) => row.value === null)!;
    await page.locator('#language-toggle').click();
    try {
      await expect.poll(() => rowLocator(missing.id).locator('.ind-reason').textContent()).toBe(missing.reason);
    } finally {
      await page.locator('#language-toggle').click();
    }
    await expect.poll(() => rowLocator(missing.id).locator('.ind-reason').textContent()).toBe(missing.reasonZh);
  });

  it('switches the year: the table, the URL and the report links follow', async () => {
    await page.locator('#year-select').selectOption('2023');
    await waitForPage();
    const table = await api<IndicatorTable>(`/jurisdictions/${DEMO_ID}/indicators?year=2023`);
    const slots = table.indicators.find((row) => row.id === 'slots_per_1000')!;
    expect(await page.locator('#indicators-year').textContent()).toBe('2023 年');
    expect(await rowLocator('slots_per_1000').locator('.ind-number').textContent()).toBe(per1000Text(slots.value!));
    expect(await rowLocator('slots_per_1000').locator('.ind-target').textContent()).toContain('4.8');
    expect(new URL(page.url()).searchParams.get('year')).toBe('2023');
    expect(await page.locator('#export-xlsx').getAttribute('href')).toBe(`api/jurisdictions/${DEMO_ID}/indicators/export.xlsx?year=2023`);
    expect(await page.locator('#export-csv').getAttribute('href')).toBe(`api/jurisdictions/${DEMO_ID}/indicators/export.csv?year=2023`);
  });

  it('opens the trend chart of a clicked indicator and colours the map by it', async () => {
    await rowLocator('inclusive_share').click();
    await waitForPage();
    expect(await rowLocator('inclusive_share').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#trend-heading').textContent()).toBe('普惠托位占比');
    const canvas = page.locator('#trend-chart');
    await expect.poll(() => canvas.getAttribute('data-indicator')).toBe('inclusive_share');
    expect(await canvas.isVisible()).toBe(true);
    const box = await canvas.boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(150);
    // Chart.js drew something: some pixels are not transparent.
    const painted = await page.evaluate(() => {
      const element = document.querySelector<HTMLCanvasElement>('#trend-chart')!;
      const pixels = element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data;
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) count += 1;
      return count;
    });
    expect(painted).toBeGreaterThan(1000);
    expect(await page.locator('#db-map-legend').textContent()).toContain('普惠托位占比');
    expect(await page.locator('#township-drilldown thead th.is-highlighted').textContent()).toBe('普惠占比');
    expect(new URL(page.url()).searchParams.get('i')).toBe('inclusive_share');
    // The explanation under the chart is the API's Chinese basis ("计算依据").
    const year = await page.locator('#year-select').inputValue();
    const inclusive = (await api<IndicatorTable>(`/jurisdictions/${DEMO_ID}/indicators?year=${year}`)).indicators.find(
      (row) => row.id === 'inclusive_share',
    )!;
    expect(inclusive.basisZh).toMatch(/^\d{4} 年运营机构的普惠托位 [\d,]+ 个 ÷ 托位 [\d,]+ 个$/);
    expect(await page.locator('.db-explain').textContent()).toContain(`计算依据${inclusive.basisZh}`);
  });

  it('downloads the year’s Excel workbook', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`${DEMO_ID}-indicators-2023.xlsx`);
    const path = await download.path();
    const bytes = readFileSync(path);
    // An .xlsx is a zip: it starts with "PK".
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBeGreaterThan(2000);
  });

  it('signs in, edits a facility’s slots and shows slots per 1,000 change by the worked-out amount', async () => {
    await page.locator('#sign-in-button').click();
    await page.locator('#sign-in-name').fill(USER_NAME);
    await page.locator('#sign-in-password').fill(USER_PASSWORD);
    await page.locator('#sign-in-form button[type="submit"]').click();
    await expect.poll(() => page.locator('#signed-in-user').textContent()).toContain(USER_NAME);
    expect(await page.locator('#facility-add').isVisible()).toBe(true);

    // A facility operating in 2023 (status operating, opened by 2023): its slots count in 2023.
    const records = await api<FacilityRecord[]>(`/jurisdictions/${DEMO_ID}/facilities`);
    const facility = records.find((record) => record.status === 'operating' && record.openedYear !== null && record.openedYear <= 2023)!;
    editedFacilityId = facility.id;
    const before = (await api<IndicatorTable>(`/jurisdictions/${DEMO_ID}/indicators?year=2023`)).indicators.find(
      (row) => row.id === 'slots_per_1000',
    )!;
    const addedSlots = 100;
    // Worked out by hand: (district slots + 100) ÷ population × 1,000.
    const expected = ((before.details.slots! + addedSlots) / before.details.population!) * 1000;

    await page.locator('#facility-search').fill(facility.id);
    await page.locator(`#facility-table tbody tr[data-id="${facility.id}"]`).click();
    expect(await page.locator('#fac-slots').inputValue()).toBe(String(facility.slots));
    await page.locator('#fac-slots').fill(String(facility.slots + addedSlots));
    await page.locator('#facility-save').click();
    await expect.poll(() => page.locator('#facility-message').textContent()).toContain('已保存');
    await waitForPage();
    expect(await rowLocator('slots_per_1000').locator('.ind-number').textContent()).toBe(per1000Text(expected));
    expect(await rowLocator('slots_per_1000').locator('.ind-number').textContent()).not.toBe(per1000Text(before.value!));
    // The history names the user and the change.
    const entry = page.locator('#facility-history > li').first();
    await expect.poll(() => entry.getAttribute('data-action')).toBe('update');
    expect(await entry.textContent()).toContain(USER_NAME);
    expect(await entry.textContent()).toContain(`${facility.slots} → ${facility.slots + addedSlots}`);
  });

  it('shows someone else’s edit on a version conflict and re-applies the user’s change on the new version', async () => {
    const facilityId = editedFacilityId;
    expect(await page.locator('#facility-table tbody tr.selected').getAttribute('data-id')).toBe(facilityId);
    const current = await api<FacilityRecord>(`/jurisdictions/${DEMO_ID}/facilities/${facilityId}`);
    // Another bureau session changes the grade meanwhile.
    const signIn = await fetch(`${baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: USER_NAME, password: USER_PASSWORD }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const other = await fetch(`${baseUrl}/api/jurisdictions/${DEMO_ID}/facilities/${facilityId}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
      body: JSON.stringify({ version: current.version, staff: 99 }),
    });
    expect(other.status).toBe(200);

    expectedFailures.push(`HTTP 409 PATCH ${baseUrl}/api/jurisdictions/${DEMO_ID}/facilities/${facilityId}`, 'status of 409');
    await page.locator('#fac-slots').fill(String(current.slots + 1));
    await page.locator('#facility-save').click();
    const conflict = page.locator('#facility-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('其他人已修改该机构');
    expect(await conflict.textContent()).toContain('99');
    await page.locator('#facility-reapply').click();
    await expect.poll(() => page.locator('#facility-message').textContent()).toContain(`第 ${current.version + 2} 版`);
    await waitForPage();
    const after = await api<FacilityRecord & { staff: number }>(`/jurisdictions/${DEMO_ID}/facilities/${facilityId}`);
    expect(after.slots).toBe(current.slots + 1);
    expect(after.staff).toBe(99);
    expect(expectedFailures).toEqual([]);
  });

  it('prints a one-page annual summary with the year, the statuses and the data version', async () => {
    const table = await api<IndicatorTable>(`/jurisdictions/${DEMO_ID}/indicators?year=2023`);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.db-app').isVisible()).toBe(false);
      const sheet = page.locator('#db-print-sheet');
      expect(await sheet.isVisible()).toBe(true);
      expect(await sheet.locator('h1').textContent()).toContain('2023 年');
      expect(await sheet.locator('.dbp-meta').textContent()).toContain(`数据版本：${table.dataVersion}`);
      expect(await sheet.locator('.dbp-table tbody tr').count()).toBe(table.indicators.length);
      expect(await sheet.locator('.dbp-status').allTextContents()).toEqual(table.indicators.map((row) => statusZh[row.status]));
      const pdf = await page.pdf({ format: 'A4' });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages.length).toBe(1);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('saves a screenshot and logs no console errors', async () => {
    await rowLocator('slots_per_1000').click();
    await waitForPage();
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'dashboard.png');
    expect(consoleErrors).toEqual([]);
  });
});
