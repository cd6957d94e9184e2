/**
 * Browser test of the two planning screens of issue #16 against the real server with the demo data
 * (PGlite in a fresh directory, a bureau user created with the CLI before the server starts), in Chinese
 * with one look at English:
 *
 * - 排期规划 (what-if tab): place a site in 三垟街道, schedule openings among the proposal's own sites
 *   (the other townships with a gap have no candidate: listed as infeasible with the server's reason in
 *   the page's language), then on the 1,000 m grid: the year-by-year table names the townships, the
 *   total and the proof status are the answer's, the sites are drawn in their year's colour with a
 *   legend, and "apply" adds them to the proposal with their year.
 * - 分年度人口 (dashboard registry): a bureau user adds a year, types a figure the way Chinese users do
 *   (５.３万), meets a problem beside its cell (the client's, then the server's 422), pastes a block
 *   from Excel by township name, saves once, and the township drill-down shows the new population.
 *
 * Needs Debian's Chromium at /usr/bin/chromium and a built client in dist/client (built here when it is
 * missing or older than these panels).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, requireChromium, saveScreenshot, type TestBrowser } from './support/browser.js';
import { centreOn, waitForMapIdle, waitForRender } from './support/map.js';
import { ensureClientBuilt, startTestServer, type TestServer, type TestUser } from './support/server.js';

const SOLVE_TIMEOUT_MS = 60_000;
const DEMO_ID = 'ouhai-demo';
const BUREAU: TestUser = { role: 'bureau', name: 'e2e-population', password: 'e2e-population-password' };
/** 三垟街道 (no facility in the demo) and a point inside it near its roads (WGS84), as in whatif.test.ts. */
const SANYANG = '330304007';
const SANYANG_SITE: [number, number] = [120.7, 27.97];
/** 景山街道, whose 2025 residents the bureau edits. */
const JINGSHAN = '330304001';

interface Schedule {
  years: number[];
  openings: { year: number; township: string; slots: number; cost: number; lon: number; lat: number }[];
  totalCost: number;
  discountedCost: number;
  optimal: boolean;
  bound: number | null;
  gap: number | null;
  infeasible: { code: string; name: string; year: number; gap: number; reason: string; reasonZh: string }[];
}

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let baseUrl = '';
let page: Page;
let consoleErrors: string[] = [];
/** Failures a step provokes on purpose (the server's 422): each entry is allowed once. */
const expectedFailures: string[] = [];

const integer = (value: number): string => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(value);
const upToTwo = (value: number): string => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(value);

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api${path}`);
  expect(response.status, `GET /api${path}`).toBe(200);
  return (await response.json()) as T;
}

/** Runs the schedule form and returns the server's answer once the panel shows it. */
async function runSchedule(): Promise<Schedule> {
  const answer = page.waitForResponse((response) => response.url().endsWith('/plans/schedule'), { timeout: SOLVE_TIMEOUT_MS });
  await page.click('#sched-run');
  const schedule = (await (await answer).json()) as Schedule;
  await page.waitForSelector('#sched-result', { timeout: SOLVE_TIMEOUT_MS });
  await page.waitForFunction(() => !document.querySelector('#wi-evaluating'), null, { timeout: 30_000 });
  return schedule;
}

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt({ containing: 'sched-form' });
  await ensureClientBuilt({ page: 'dashboard.html', containing: 'population-add-year' });
  server = await startTestServer({ name: 'schedule', users: [BUREAU] });
  baseUrl = server.baseUrl;
  browser = await launchChromium('schedule');
  page = browser.page;
  consoleErrors = collectPageErrors(page, (line) => {
    const index = expectedFailures.findIndex((expected) => line.includes(expected));
    if (index < 0) return false;
    expectedFailures.splice(index, 1);
    return true;
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('schedule of openings (what-if tab)', () => {
  it('schedules among the proposal’s own site and lists the townships it cannot serve, with the reason in zh and en', async () => {
    await page.goto(`${baseUrl}/?panel=whatif`);
    await waitForMapIdle(page);
    expect(await page.locator('#wi-schedule-title').innerText()).toBe('排期规划');
    // The default span is the plan's target years from the data year on.
    expect(await page.inputValue('#sched-from')).toBe('2025');
    expect(await page.inputValue('#sched-to')).toBe('2027');

    const point = await centreOn(page, SANYANG_SITE, 14);
    await page.mouse.click(point.x, point.y);
    await page.waitForSelector('#wi-changes li');
    await page.locator('#wi-schedule').scrollIntoViewIfNeeded();
    await page.click('label[for="sched-source-mine"]');
    // One site must hold 三垟街道's whole gap: up to ３００ slots, typed full-width.
    await page.fill('#sched-max-slots', '３００');
    const schedule = await runSchedule();

    expect(schedule.openings.map((o) => o.township)).toEqual([SANYANG]);
    expect(await page.locator('#sched-table tbody tr.sched-row').count()).toBe(1);
    expect(await page.locator('#sched-table tbody tr.sched-row .sched-township').innerText()).toBe('三垟街道');
    // Chosen among the planner's own sites, a site keeps the proposal's label.
    expect(await page.locator('#sched-table tbody tr.sched-row td').nth(2).innerText()).toBe('新址 1');
    expect(schedule.infeasible.length).toBeGreaterThan(0);
    for (const township of schedule.infeasible) {
      const item = page.locator(`#sched-infeasible li[data-code="${township.code}"]`);
      expect(await item.innerText()).toBe(
        `${township.name}：自 ${township.year} 年起缺口 ${integer(township.gap)} 个托位 — ${township.reasonZh}`,
      );
    }
    // In English the same list gives the server's English reason.
    await page.locator('#language-toggle').click();
    try {
      await expect.poll(() => page.locator('#wi-schedule-title').innerText()).toBe('Schedule openings');
      const first = schedule.infeasible[0]!;
      expect(await page.locator(`#sched-infeasible li[data-code="${first.code}"]`).innerText()).toContain(first.reason);
      expect(await page.locator('#sched-table thead').innerText()).toContain('Township');
    } finally {
      await page.locator('#language-toggle').click();
    }
    await expect.poll(() => page.locator('#wi-schedule-title').innerText()).toBe('排期规划');

    // Keeping the scheduled site gives the proposal's site its opening year.
    await page.click('#sched-apply');
    await page.waitForFunction(() => !document.querySelector('#wi-evaluating'), null, { timeout: 30_000 });
    expect(await page.locator('#wi-changes li').count()).toBe(1);
    expect(await page.locator('#wi-changes li .wi-change-detail').first().innerText()).toMatch(
      new RegExp(`^${schedule.openings[0]!.year} 年起`),
    );
    expect(await page.locator('#sched-apply').innerText()).toBe('已加入当前方案');
  });

  it('schedules on the grid: the table by year and township name, the total, the proof status, the map by year, and applies it', async () => {
    await page.click('label[for="sched-source-grid"]');
    await page.fill('#sched-max-slots', '150');
    expect(await page.inputValue('#sched-spacing')).toBe('1000');
    const schedule = await runSchedule();
    expect(schedule.openings.length).toBeGreaterThan(0);
    expect(schedule.infeasible).toEqual([]);

    const townships = await api<{ code: string; name: string }[]>(`/jurisdictions/${DEMO_ID}/townships`);
    const nameOf = new Map(townships.map((t) => [t.code, t.name]));
    const rows = page.locator('#sched-table tbody tr.sched-row');
    expect(await rows.count()).toBe(schedule.openings.length);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => [Number(tr.getAttribute('data-year')), tr.querySelector('.sched-township')!.textContent]),
    );
    expect(shown.map(([year, name]) => `${year} ${name}`).sort()).toEqual(
      schedule.openings.map((o) => `${o.year} ${nameOf.get(o.township)}`).sort(),
    );
    // Years ascending down the table; no internal code shown.
    const years = shown.map(([year]) => year as number);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    expect(await page.locator('#sched-table').innerText()).not.toContain('330304');
    expect(await page.locator('[data-testid="sched-total"] .wi-kpi-big').innerText()).toBe(upToTwo(schedule.totalCost));
    const quality = page.locator('#sched-quality');
    expect(await quality.getAttribute('data-optimal')).toBe(String(schedule.optimal));
    if (schedule.optimal) expect(await quality.innerText()).toBe('已证明为费用最低的排期：求解器已证明不存在更便宜的方案。');
    else
      expect(await quality.innerText()).toBe(
        `在时限内未能证明最低：已知最好排期费用 ${upToTwo(schedule.discountedCost)} 万元，任何排期都不会低于 ${upToTwo(schedule.bound!)} 万元，` +
          `因此本排期最多比最低费用高 ${upToTwo(schedule.gap! * 100)}%。可加大网格间距或延长时限后再试。`,
      );

    // On the map: every site in its year's colour, and the legend counts them by year.
    await waitForMapIdle(page);
    await waitForRender(page);
    const drawn = await page.evaluate(() => window.__tuowei!.map.queryRenderedFeatures({ layers: ['whatif-schedule-sites'] }).length);
    expect(drawn).toBe(schedule.openings.length);
    const byYear = new Map<number, number>();
    for (const o of schedule.openings) byYear.set(o.year, (byYear.get(o.year) ?? 0) + 1);
    expect(await page.locator('#sched-legend').isVisible()).toBe(true);
    for (const [year, n] of byYear)
      expect(await page.locator(`#sched-legend li[data-year="${year}"]`).innerText()).toBe(`${year} 年（${n} 处）`);

    await page.click('#sched-apply');
    await page.waitForFunction(() => !document.querySelector('#wi-evaluating'), null, { timeout: 30_000 });
    // The own site of the first test stays; every scheduled site joins with its year.
    expect(await page.locator('#wi-changes li').count()).toBe(1 + schedule.openings.length);
    const details = await page.locator('#wi-changes li .wi-change-detail').allInnerTexts();
    expect(details.filter((text) => /^\d{4} 年起/.test(text))).toHaveLength(1 + schedule.openings.length);
    expect(await page.locator('#wi-evaluation-error').count()).toBe(0);
    await page.locator('#sched-result').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'schedule.png');
  });
});

describe('population by year (dashboard registry, bureau)', () => {
  it('adds a year, refuses a wrong cell, pastes from Excel, saves once and shows the new population', async () => {
    await page.goto(`${baseUrl}/dashboard.html?year=2025`);
    await page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout: 60_000 });
    expect(await page.locator('#population-heading').innerText()).toBe('分年度人口');
    expect(await page.locator('#population-empty').isVisible()).toBe(true);
    expect(await page.locator('#population-save').count()).toBe(0);

    await page.locator('#sign-in-button').click();
    await page.locator('#sign-in-name').fill(BUREAU.name);
    await page.locator('#sign-in-password').fill(BUREAU.password);
    await page.locator('#sign-in-form button[type="submit"]').click();
    await page.waitForSelector('#population-add-year');
    const before = await api<{ dataVersion: number }>(`/jurisdictions/${DEMO_ID}`);

    await page.fill('#population-year', '２０２５');
    await page.click('#population-add-year');
    expect(await page.locator('#population-table thead').innerText()).toContain('2025 年');
    const cell = (code: string, field: string) => `#pop-${code}-2025-${field}`;
    await page.fill(cell(JINGSHAN, 'population'), '５.３万');
    await page.fill(cell(JINGSHAN, 'populationUnder3'), '60000');
    await page.click('#population-save');
    expect(await page.locator(`${cell(JINGSHAN, 'populationUnder3')}-error`).innerText()).toBe('3 岁以下人数不得多于常住人口');
    expect(await page.locator('#population-error').innerText()).toBe('有 1 处问题，请先改正标出的单元格；未写入任何数据。');

    // A block copied from Excel, with a header line and township names, pasted into any cell.
    await page.fill(cell(JINGSHAN, 'populationUnder3'), '1,300');
    await page.evaluate(
      (selector) => {
        const data = new DataTransfer();
        data.setData('text/plain', '乡镇\t常住人口\t3岁以下\r\n梧田街道\t90000\t2100\r\n三垟街道\t4.6万\t1000\r\n');
        document
          .querySelector(selector)!
          .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      },
      cell(SANYANG, 'population'),
    );
    expect(await page.locator('#population-message').innerText()).toBe('已按乡镇名称粘贴 4 个数值。');
    expect(await page.inputValue(cell(SANYANG, 'population'))).toBe('4.6万');

    // The server's own refusal (here provoked by changing the request on its way) is shown beside the cell it names.
    expectedFailures.push(`HTTP 422 PUT ${baseUrl}/api/jurisdictions/${DEMO_ID}/township-population`, 'status of 422');
    await page.route('**/township-population', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { rows: { populationUnder3: number | null; population: number }[] };
      body.rows[0]!.populationUnder3 = body.rows[0]!.population + 1;
      await route.continue({ postData: JSON.stringify(body) });
    });
    try {
      await page.click('#population-save');
      await page.waitForSelector('#population-error');
    } finally {
      await page.unroute('**/township-population');
    }
    expect(await page.locator('#population-error').innerText()).toContain('未写入任何数据');
    // Rows are sent by township order: row 0 is 景山街道's 2025 row.
    expect(await page.locator(`${cell(JINGSHAN, 'populationUnder3')}-error`).isVisible()).toBe(true);
    expect(expectedFailures).toEqual([]);

    await page.click('#population-save');
    await expect.poll(() => page.locator('#population-message').innerText()).toMatch(/^已保存 3 行（数据版本 \d+），/);
    await page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout: 60_000 });
    const stored = await api<{ rows: { code: string; year: number; population: number; populationUnder3: number | null }[] }>(
      `/jurisdictions/${DEMO_ID}/township-population`,
    );
    expect(stored.rows).toEqual([
      { code: JINGSHAN, year: 2025, population: 53_000, populationUnder3: 1_300 },
      { code: '330304002', year: 2025, population: 90_000, populationUnder3: 2_100 },
      { code: SANYANG, year: 2025, population: 46_000, populationUnder3: 1_000 },
    ]);
    const after = await api<{ dataVersion: number }>(`/jurisdictions/${DEMO_ID}`);
    expect(after.dataVersion).toBe(before.dataVersion + 1);
    expect(await page.locator('#population-message').innerText()).toContain(`数据版本 ${after.dataVersion}`);
    // The dashboard reloaded the year: its overview and the township drill-down use the new figures.
    await expect.poll(() => page.locator('.db-tile-meta').innerText()).toContain(`数据版本 ${after.dataVersion}`);
    expect(await page.locator(`#township-drilldown-container tr[data-code="${JINGSHAN}"]`).innerText()).toContain(integer(53_000));
    await page.locator('#population').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'population.png');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
