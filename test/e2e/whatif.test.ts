/**
 * Browser test of the "what-if" tab against the real server with the demo data (PGlite in a fresh
 * directory, with a planner user created by `server/cli/user.ts` before the server starts): place a
 * site in 三垟街道 (330304007, which has no facility in the demo) and see its figures change in the
 * before/after table and the newly covered residents on the map, undo, run a suggestion with k = 3 and
 * accept a site, sign in and save the scenario, meet another planner's save (409) and reload, compare
 * two scenarios, and switch the accessibility layer. Saves test/artifacts/whatif.png.
 *
 * Hand-checked figure: 三垟街道 has 45,011 residents and no slots, so a 60-slot site makes its slots per
 * 1,000 go from 0.00 to 60 × 1000 ÷ 45,011 = 1.333 → "1.33".
 *
 * Needs Debian's Chromium at /usr/bin/chromium and a built client in dist/client (built here when it is
 * missing or older than this panel).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, requireChromium, saveScreenshot, type TestBrowser } from './support/browser.js';
import { attainmentOf } from '../../client/layers/attainment.js';
import { centreOn, waitForMapIdle, waitForRender } from './support/map.js';
import { ensureClientBuilt, startTestServer, type TestServer, type TestUser } from './support/server.js';

const SUGGESTION_TIMEOUT_MS = 60_000;
const DEMO_ID = 'ouhai-demo';
const PLANNER: TestUser = { role: 'planner', name: 'e2e', password: 'e2e-planner-password' };
/** 三垟街道: 45,011 residents, no facility in the demo. */
const SANYANG = { code: '330304007', population: 45_011 };
/** A point inside 三垟街道 near its roads, away from the project marker R12 (WGS84). */
const SANYANG_SITE: [number, number] = [120.7, 27.97];
const NEW_SITE_SLOTS = 60;

interface TownshipBeforeAfter {
  code: string;
  before: { slotsPer1000: number | null; coverage: Record<string, number> };
  after: { slotsPer1000: number | null; coverage: Record<string, number> };
}
interface Evaluation {
  townships: TownshipBeforeAfter[];
  newlyCoveredPopulation: Record<string, number>;
  sites: { index: number; township: string | null }[];
  changedUnits: unknown[];
}
interface Suggestion {
  sites: { marginalGain: number; slots: number; lon: number; lat: number }[];
  objective: number;
}
interface Scenario {
  id: number;
  name: string;
  version: number;
  changes: { kind: string }[];
}

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let baseUrl = '';
let page: Page;
let consoleErrors: string[] = [];
/** Responses the conflict test provokes on purpose (409). */
let expectedFailures = 0;

/** Features of our layers drawn on the map now. */
function rendered(layer: string): Promise<number> {
  return page.evaluate((id) => window.__tuowei!.map.queryRenderedFeatures({ layers: [id] }).length, layer);
}

function text(selector: string): Promise<string> {
  return page.locator(selector).innerText();
}

/** A request from the page itself (same origin, with the session cookie). */
function pageFetch<T>(path: string, init: { method?: string; body?: unknown; csrf?: boolean } = {}): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ path: url, method, body, csrf }) => {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (csrf) {
        const session = (await (await fetch('api/session')).json()) as { csrfToken: string };
        headers['X-CSRF-Token'] = session.csrfToken;
      }
      const response = await fetch(url, {
        method: method ?? 'GET',
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    },
    { path: `api${path}`, method: init.method, body: init.body, csrf: init.csrf ?? false },
  ) as Promise<{ status: number; body: T }>;
}

const decimal2 = (value: number): string =>
  new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
const integer = (value: number): string => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(value);
const percent = (fraction: number): string =>
  new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(fraction);

/** Waits until the panel shows the evaluation of the current changes (no evaluation pending). */
async function waitForEvaluation(): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('#wi-evaluating'), null, { timeout: 30_000 });
  await waitForMapIdle(page);
}

let evaluation: Evaluation;
let scenario: Scenario;

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt({ containing: 'wi-suggest-form' });
  server = await startTestServer({ name: 'whatif', users: [PLANNER] });
  baseUrl = server.baseUrl;
  browser = await launchChromium('whatif');
  page = browser.page;
  consoleErrors = collectPageErrors(page);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('what-if tab on the demo jurisdiction', () => {
  /** The answer of the direct suggestion, which the same suggestion run as a job must repeat. */
  let firstSuggestion: Suggestion | null = null;
  it('places a site in 三垟街道 and shows the township change, the district figures and the newly covered residents', async () => {
    await page.goto(`${baseUrl}/?panel=whatif`);
    await waitForMapIdle(page);
    expect(await page.locator('#tab-whatif').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#tabpanel-whatif').isVisible()).toBe(true);
    expect(await page.locator('#wi-changes-empty').isVisible()).toBe(true);
    expect(await page.inputValue('#wi-new-slots')).toBe(String(NEW_SITE_SLOTS));

    const point = await centreOn(page, SANYANG_SITE, 14);
    const answer = page.waitForResponse(
      (response) => response.url().endsWith('/proposals/evaluate') && response.request().method() === 'POST',
    );
    await page.mouse.click(point.x, point.y);
    evaluation = (await (await answer).json()) as Evaluation;
    await waitForEvaluation();

    expect(evaluation.sites).toHaveLength(1);
    expect(evaluation.sites[0]!.township).toBe(SANYANG.code);
    expect(await page.locator('#wi-changes li').count()).toBe(1);
    expect(await text('#wi-changes li .wi-change-title')).toBe('新址 1');

    // 三垟街道's row: 0.00 → 60 × 1000 ÷ 45,011 = 1.33, listed first and highlighted.
    const row = page.locator(`#wi-township-table tbody tr[data-code="${SANYANG.code}"]`);
    expect(await row.getAttribute('class')).toContain('is-changed');
    expect(await page.locator('#wi-township-table tbody tr').first().getAttribute('data-code')).toBe(SANYANG.code);
    expect(await row.locator('.wi-before-per1000').innerText()).toBe('0.00');
    expect(await row.locator('.wi-after-per1000').innerText()).toContain(decimal2((NEW_SITE_SLOTS * 1000) / SANYANG.population));
    expect(decimal2((NEW_SITE_SLOTS * 1000) / SANYANG.population)).toBe('1.33');
    const township = evaluation.townships.find((t) => t.code === SANYANG.code)!;
    expect(township.after.coverage['15']!).toBeGreaterThan(township.before.coverage['15']!);
    expect(await row.locator('.wi-before-coverage').innerText()).toBe(percent(township.before.coverage['15']!));
    expect(await row.locator('.wi-after-coverage').innerText()).toContain(percent(township.after.coverage['15']!));
    // Townships the site does not reach keep their figures and are not highlighted.
    expect(await page.locator('#wi-township-table tbody tr.is-changed').count()).toBeLessThan(evaluation.townships.length);

    const newly = evaluation.newlyCoveredPopulation['15']!;
    expect(newly).toBeGreaterThan(0);
    expect(await text('[data-testid="wi-newly-covered"] .wi-kpi-big')).toBe(`+${integer(newly)}`);
    expect(await text('[data-testid="wi-latency"]')).toMatch(/^\d+ 毫秒$/);

    // On the map: the site and the residents it brings within 15 minutes (listed units, drawn green).
    expect(evaluation.changedUnits.length).toBeGreaterThan(0);
    await centreOn(page, SANYANG_SITE, 13);
    expect(await rendered('whatif-sites')).toBe(1);
    expect(await rendered('whatif-gained')).toBeGreaterThan(0);
  });

  it('undoes the site, places it again, and removes a facility from its popup', async () => {
    await page.click('#wi-undo');
    expect(await page.locator('#wi-changes-empty').isVisible()).toBe(true);
    expect(await page.locator('#wi-township-table').count()).toBe(0);
    await waitForRender(page);
    expect(await rendered('whatif-sites')).toBe(0);

    const point = await centreOn(page, SANYANG_SITE, 14);
    await page.mouse.click(point.x, point.y);
    await waitForEvaluation();
    expect(await page.locator('#wi-changes li').count()).toBe(1);
    expect(await page.locator(`#wi-township-table tbody tr[data-code="${SANYANG.code}"] .wi-after-per1000`).innerText()).toContain('1.33');

    // Remove an operating facility through its popup: district slots = before + 60 − its slots.
    const summary = (await (await fetch(`${baseUrl}/api/jurisdictions/${DEMO_ID}/summary`)).json()) as { slots: number };
    const facilities = (await (await fetch(`${baseUrl}/api/jurisdictions/${DEMO_ID}/facilities.geojson`)).json()) as {
      features: { properties: { id: string; slots: number; operating: boolean }; geometry: { coordinates: [number, number] } }[];
    };
    const facility = facilities.features.find((feature) => feature.properties.operating && feature.properties.slots > 0)!;
    const at = await centreOn(page, facility.geometry.coordinates, 17);
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('#wi-popup-remove');
    expect(await page.inputValue('#wi-popup-slots')).toBe(String(facility.properties.slots));
    await page.click('#wi-popup-remove');
    await waitForEvaluation();
    expect(await page.locator('#wi-changes li').count()).toBe(2);
    expect(await page.locator('#wi-changes li').nth(1).getAttribute('class')).toContain('wi-change-removeFacility');
    expect(await text('[data-testid="wi-district-gap"] .wi-kpi-detail')).toBe(
      `托位 ${integer(summary.slots)} → ${integer(summary.slots + NEW_SITE_SLOTS - facility.properties.slots)}`,
    );
    await page.click('#wi-undo');
    await waitForEvaluation();
    expect(await page.locator('#wi-changes li').count()).toBe(1);
    expect(await text('[data-testid="wi-district-gap"] .wi-kpi-detail')).toBe(
      `托位 ${integer(summary.slots)} → ${integer(summary.slots + NEW_SITE_SLOTS)}`,
    );
  });

  it('suggests 3 sites with non-increasing marginal gains and accepts one into the proposal', async () => {
    await page.locator('#wi-suggestions').scrollIntoViewIfNeeded();
    await page.fill('#wi-suggest-k', '3');
    await page.fill('#wi-suggest-slots', '60');
    const answer = page.waitForResponse((response) => response.url().endsWith('/suggestions'), { timeout: SUGGESTION_TIMEOUT_MS });
    await page.click('#wi-suggest-run');
    const suggestion = (await (await answer).json()) as Suggestion;
    firstSuggestion = suggestion;
    await page.waitForSelector('#wi-suggestion-list li', { timeout: SUGGESTION_TIMEOUT_MS });
    await waitForMapIdle(page);
    await waitForRender(page);

    expect(suggestion.sites).toHaveLength(3);
    expect(await page.locator('#wi-suggestion-list li').count()).toBe(3);
    const gains = suggestion.sites.map((site) => site.marginalGain);
    expect(gains).toEqual([...gains].sort((a, b) => b - a));
    expect(suggestion.objective).toBe(gains.reduce((sum, gain) => sum + gain, 0));
    expect(await text('[data-testid="wi-objective"] .wi-kpi-big')).toBe(`+${integer(suggestion.objective)}`);
    expect(await page.locator('#wi-suggestion-list li .wi-gain').first().innerText()).toContain(`+${integer(gains[0]!)}`);
    // The map was fitted to the suggestions: all three are drawn.
    expect(await rendered('whatif-suggestion-sites')).toBe(3);

    await page.locator('#wi-suggestion-list li').first().locator('button').click();
    await waitForEvaluation();
    expect(await page.locator('#wi-changes li').count()).toBe(2);
    expect(await page.locator('#wi-suggestion-list li').first().getAttribute('class')).toContain('is-accepted');
    expect(await page.locator('#wi-accept-all').innerText()).toContain('2');
  });

  it('runs the suggestion as a job when the server answers 202, showing the stage and a progress bar, then the direct answer’s sites', async () => {
    // Many candidates make the server answer 202; here the header that asks for it does the same.
    let sent: { url: string; body: string } | null = null;
    await page.route('**/api/jurisdictions/*/suggestions', (route) => {
      sent = { url: route.request().url(), body: route.request().postData() ?? '' };
      return route.continue({ headers: { ...route.request().headers(), prefer: 'respond-async' } });
    });
    // Record every state the progress component shows (it may show for only a moment).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { jobProgressSeen: string[] }).jobProgressSeen = seen;
      new MutationObserver(() => {
        const element = document.querySelector('.job-progress');
        if (element && !(element as HTMLElement).hidden && element.querySelector('progress')) seen.push(element.textContent ?? '');
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const accepted = page.waitForResponse((response) => response.url().endsWith('/suggestions') && response.status() === 202, {
      timeout: SUGGESTION_TIMEOUT_MS,
    });
    const done = page.waitForResponse(
      async (response) =>
        response.url().includes('/api/jobs/') && ((await response.json()) as { job: { status: string } }).job.status === 'succeeded',
      { timeout: SUGGESTION_TIMEOUT_MS },
    );
    await page.click('#wi-suggest-run');
    expect((await accepted).headers().location).toMatch(/^\/api\/jobs\/[0-9a-f-]{36}$/);
    const job = ((await (await done).json()) as { job: { result: Suggestion } }).job;
    await page.waitForSelector('#wi-suggest-run:not([disabled])', { timeout: SUGGESTION_TIMEOUT_MS });
    await page.unroute('**/api/jurisdictions/*/suggestions');

    const seen = await page.evaluate(() => (window as unknown as { jobProgressSeen: string[] }).jobProgressSeen);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toContain('排队等待计算');
    expect(await page.locator('.job-progress').isHidden()).toBe(true);
    // The same sites as the direct answer to the same request: it starts from the current proposal, which
    // now holds the first suggested site, so that site is not suggested again.
    const { url, body } = sent!;
    const direct = (await (await page.request.post(url, { data: JSON.parse(body) as unknown })).json()) as Suggestion;
    expect(job.result.sites.map((site) => [site.marginalGain, site.slots])).toEqual(
      direct.sites.map((site) => [site.marginalGain, site.slots]),
    );
    expect(job.result.sites.map((site) => [site.lon, site.lat])).not.toContainEqual([
      firstSuggestion!.sites[0]!.lon,
      firstSuggestion!.sites[0]!.lat,
    ]);
    expect(await page.locator('#wi-suggestion-list li').count()).toBe(3);
  });

  it('asks for sign-in, then saves the proposal as a scenario', async () => {
    await page.locator('#wi-scenarios').scrollIntoViewIfNeeded();
    expect(await page.locator('#wi-signin-form').isVisible()).toBe(true);
    expect(await page.locator('#wi-save').count()).toBe(0);
    await page.fill('#wi-signin-name', PLANNER.name);
    await page.fill('#wi-signin-password', PLANNER.password);
    await page.click('#wi-signin-submit');
    await page.waitForSelector('#wi-save', { timeout: 15_000 });
    expect(await text('#wi-signed-in')).toBe('e2e · 规划人员');
    await page.waitForSelector('#wi-scenario-empty');

    await page.fill('#wi-scenario-name', '三垟补点');
    await page.click('#wi-save');
    await page.waitForSelector('#wi-scenario-list li[data-scenario-id]', { timeout: 15_000 });
    await waitForMapIdle(page);
    expect(await text('#wi-scenario-message')).toBe('已保存“三垟补点”（第 1 版）。');
    expect(await text('#wi-loaded')).toContain('三垟补点');

    const list = await pageFetch<{ id: number; name: string; version: number; changeCount: number }[]>(
      `/jurisdictions/${DEMO_ID}/scenarios`,
    );
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ name: '三垟补点', version: 1, changeCount: 2 });
    const saved = await pageFetch<Scenario>(`/jurisdictions/${DEMO_ID}/scenarios/${list.body[0]!.id}`);
    scenario = saved.body;
    expect(scenario.changes.map((change) => change.kind)).toEqual(['addFacility', 'addFacility']);
  });

  it('shows the saved scenario year by year, and the map colours the townships by the slider’s year', async () => {
    await page.click(`#wi-scenario-list li[data-scenario-id="${scenario.id}"] .wi-trajectory-open`);
    await page.waitForSelector('#wi-trajectory-slider', { timeout: 30_000 });
    expect(await text('#wi-trajectory')).toContain('拖动滑块时');
    const trajectory = await pageFetch<{
      years: { year: number; townships: { code: string; slotsPer1000: number | null; target: number | null }[] }[];
    }>(`/jurisdictions/${DEMO_ID}/scenarios/${scenario.id}/trajectory`);
    expect(trajectory.status).toBe(200);
    const last = trajectory.body.years.length - 1;
    await page.evaluate((value) => {
      const slider = document.querySelector<HTMLInputElement>('#wi-trajectory-slider')!;
      slider.value = String(value);
      slider.dispatchEvent(new Event('input'));
    }, last);
    const year = trajectory.body.years[last]!;
    expect(await text('#wi-trajectory-year')).toContain(String(year.year));
    const onMap = await page.evaluate(
      (codes) => codes.map((id) => window.__tuowei!.map.getFeatureState({ source: 'townships', id }).yearAttainment as string | undefined),
      year.townships.map((row) => row.code),
    );
    expect(onMap).toEqual(year.townships.map((row) => attainmentOf(row.slotsPer1000, row.target)));
  });

  it('detects that another planner saved first (409), keeps their version and lets the planner reload it', async () => {
    // Another planner's edit: the scenario with only the first site, now version 2.
    const theirs = await pageFetch<Scenario>(`/jurisdictions/${DEMO_ID}/scenarios/${scenario.id}`, {
      method: 'PUT',
      csrf: true,
      body: { name: scenario.name, year: 2025, changes: scenario.changes.slice(0, 1), version: scenario.version },
    });
    expect(theirs.status).toBe(200);
    expect(theirs.body.version).toBe(2);

    // This page still edits version 1: undo the accepted suggestion, save → conflict, nothing overwritten.
    await page.click('#wi-undo');
    await waitForEvaluation();
    expect(await page.locator('#wi-changes li').count()).toBe(1);
    await page.locator('#wi-scenarios').scrollIntoViewIfNeeded();
    expectedFailures += 1;
    await page.click('#wi-save');
    await page.waitForSelector('#wi-scenario-message.is-conflict', { timeout: 15_000 });
    expect(await text('#wi-scenario-message p')).toContain('已被 e2e 修改（现为第 2 版）');
    const unchanged = await pageFetch<Scenario>(`/jurisdictions/${DEMO_ID}/scenarios/${scenario.id}`);
    expect(unchanged.body.version).toBe(2);

    await page.click('#wi-conflict-reload');
    await waitForEvaluation();
    expect(await text('#wi-scenario-message')).toBe('已载入“三垟补点”（第 2 版）。');
    expect(await page.locator('#wi-changes li').count()).toBe(1);
    expect(await page.locator('#wi-save').innerText()).toBe('保存为第 3 版');
  });

  it('duplicates a scenario and compares the two side by side', async () => {
    await page.locator(`#wi-scenario-list li[data-scenario-id="${scenario.id}"] .wi-duplicate`).click();
    await page.waitForFunction(() => document.querySelectorAll('#wi-scenario-list li').length === 2, null, { timeout: 15_000 });
    expect(await text('#wi-scenario-message')).toBe('已复制为“三垟补点 (copy)”。');
    await page.waitForSelector('#wi-compare');
    await page.click('#wi-compare');
    await page.waitForSelector('#wi-compare-result', { timeout: 15_000 });
    // Identical changes: every difference is 0.
    const diffs = await page.locator('#wi-compare-result .wi-diff').allInnerTexts();
    expect(diffs.length).toBeGreaterThan(0);
    expect(new Set(diffs)).toEqual(new Set(['0']));
    // Export links point at the planner's routes.
    const href = await page
      .locator(`#wi-scenario-list li[data-scenario-id="${scenario.id}"] a[href*="format=geojson"]`)
      .getAttribute('href');
    expect(href).toBe(`api/jurisdictions/${DEMO_ID}/scenarios/${scenario.id}/export?format=geojson`);
  });

  it('switches on the accessibility layer with its legend and the inclusive-slots switch', async () => {
    await page.check('#layer-accessibility');
    await waitForMapIdle(page);
    await waitForRender(page);
    expect(await page.evaluate(() => window.__tuowei!.map.getLayoutProperty('accessibility-units', 'visibility'))).toBe('visible');
    expect(await rendered('accessibility-units')).toBeGreaterThan(0);
    expect(await page.locator('.legend-accessibility li').count()).toBe(6);
    const colourOf = (): Promise<string> =>
      page.evaluate(() => JSON.stringify(window.__tuowei!.map.getPaintProperty('accessibility-units', 'circle-color')));
    expect(await colourOf()).toContain('"slotsPer1000"');
    await page.click('label[for="accessibility-mode-inclusive"]');
    expect(await colourOf()).toContain('"inclusiveSlotsPer1000"');
    await page.click('label[for="accessibility-mode-all"]');
    await page.uncheck('#layer-accessibility');
    expect(await page.evaluate(() => window.__tuowei!.map.getLayoutProperty('accessibility-units', 'visibility'))).toBe('none');
  });

  it('speaks English too', async () => {
    await page.click('#language-toggle');
    expect(await page.locator('#tab-whatif').innerText()).toBe('What-if');
    expect(await page.locator('#whatif .panel-title').innerText()).toContain('What-if planning');
    expect(await page.locator('#wi-suggest-run').innerText()).toBe('Suggest sites');
    expect(await page.locator('#wi-save').innerText()).toBe('Save as version 3');
    await page.click('#language-toggle');
    expect(await page.locator('#tab-whatif').innerText()).toBe('方案模拟');
  });

  it('saves a screenshot and logs no console errors other than the provoked 409', async () => {
    // The picture: the proposal with its newly covered residents, and the suggested sites.
    await page.locator('#wi-suggestion-list li').nth(1).locator('button').click();
    await waitForEvaluation();
    await page.evaluate(() => document.querySelector('.sidebar')!.scrollTo(0, 0));
    // Clear of the layer card on the left of the map.
    await page.evaluate(() =>
      window.__tuowei!.map.fitBounds(
        [
          [120.6, 27.95],
          [120.725, 28.015],
        ],
        { padding: { top: 40, right: 40, bottom: 40, left: 290 }, animate: false },
      ),
    );
    await waitForRender(page);
    await saveScreenshot(page, 'whatif.png');

    const unexpected = consoleErrors.filter((line) => !/status of 409/.test(line) && !/^HTTP 409 PUT .*\/scenarios\/\d+$/.test(line));
    expect(unexpected).toEqual([]);
    expect(consoleErrors.filter((line) => line.startsWith('HTTP '))).toHaveLength(expectedFailures);
  });
});
