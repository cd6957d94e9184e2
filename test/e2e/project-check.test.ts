/**
 * Browser test of the "check a project" tab against the real server with the demo data (PGlite in a
 * fresh directory): paste coordinates, click the map, draw a footprint, see field errors beside their
 * fields, open a project of the data from its map marker, copy and print the result. The expected
 * numbers are worked out here from the inputs and the demo profile (2.8 persons per household,
 * 10 slots per 1,000 residents): required = ⌈households × 2.8 × 10 ÷ 1000⌉.
 * Saves screenshots under test/artifacts/.
 *
 * Needs Debian's Chromium at /usr/bin/chromium and a built client in dist/client (built here when it is
 * missing or older than this panel).
 */
import gcoord from 'gcoord';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, requireChromium, saveScreenshot, type TestBrowser } from './support/browser.js';
import { centreOn, waitForMapIdle, waitForRender } from './support/map.js';
import { ensureClientBuilt, startTestServer, type TestServer } from './support/server.js';

const DEMO_ID = 'ouhai-demo';
/** The demo's first residential project R01 lies here, in 梧田街道 (WGS84). */
const WUTIAN_SITE: [number, number] = [120.668114, 27.960868];

interface Detail {
  year: number;
  profile: { parameters: { personsPerHousehold: number; newCommunitySlotsPer1000: number } };
}
interface Check {
  township: { code: string; name: string } | null;
  nearestFacilities: { id: string }[];
  requiredSlots: number;
  shortfall: number;
  notes: string[];
  notesZh: string[];
}
interface ProjectRow extends Check {
  id: string;
  name: string;
  compliant: boolean;
  site: [number, number];
}

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let baseUrl = '';
let page: Page;
let consoleErrors: string[] = [];
/** Responses the error tests provoke on purpose (400, 422, 429). */
let expectedFailures = 0;

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${baseUrl}/api${path}`, init);
  expect(response.status, `${init?.method ?? 'GET'} /api${path}`).toBe(200);
  return (await response.json()) as T;
}

function checkByApi(body: object): Promise<Check> {
  return api<Check>(`/jurisdictions/${DEMO_ID}/compliance`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Fills a number field of the panel (replacing its text). */
async function fill(field: 'households' | 'personsPerHousehold' | 'population' | 'plannedSlots', value: string): Promise<void> {
  await page.fill(`#pc-${field}`, value);
}

async function submitAndWait(): Promise<void> {
  await page.click('#pc-submit');
  await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#pc-submit')?.disabled, null, { timeout: 30_000 });
  await waitForMapIdle(page);
}

function text(selector: string): Promise<string> {
  return page.locator(selector).innerText();
}

const integer = (value: number): string => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(value);

beforeAll(async () => {
  requireChromium();
  await ensureClientBuilt({ containing: 'pc-location-mode' });
  server = await startTestServer({ name: 'check' });
  baseUrl = server.baseUrl;
  browser = await launchChromium('check');
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  page = browser.page;
  consoleErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('checking a residential project in the browser', () => {
  it('pastes coordinates and households and shows a non-compliant result with the shortfall', async () => {
    const detail = await api<Detail>(`/jurisdictions/${DEMO_ID}`);
    // The figures the expected numbers below rest on.
    expect(detail.profile.parameters.personsPerHousehold).toBe(2.8);
    expect(detail.profile.parameters.newCommunitySlotsPer1000).toBe(10);

    await page.goto(`${baseUrl}/`);
    await waitForMapIdle(page);
    await page.click('#tab-project-check');
    expect(await page.locator('#tabpanel-project-check').isVisible()).toBe(true);
    expect(await page.locator('#tabpanel-overview').isHidden()).toBe(true);
    expect(new URL(page.url()).searchParams.get('panel')).toBe('check');
    // The default persons per household is shown from the profile.
    expect(await page.getAttribute('#pc-personsPerHousehold', 'placeholder')).toBe('2.8');

    const households = 1000;
    const plannedSlots = 20;
    const population = households * 2.8; // 2,800
    const required = Math.ceil((households * 2.8 * 10) / 1000); // ⌈28⌉ = 28
    const shortfall = required - plannedSlots; // 8
    expect([population, required, shortfall]).toEqual([2800, 28, 8]);

    await page.locator('label[for="pc-location-mode-coordinates"]').click();
    await page.fill('#pc-coordinates', `${WUTIAN_SITE[0]}, ${WUTIAN_SITE[1]}`);
    expect(await page.locator('#pc-crs').inputValue()).toBe('WGS84');
    await fill('households', String(households));
    await fill('plannedSlots', String(plannedSlots));
    await submitAndWait();

    const card = page.locator('[data-testid="pc-result"]');
    expect(await card.isVisible()).toBe(true);
    expect(await text('[data-testid="pc-verdict"]')).toContain('不符合配建标准');
    expect(await text('[data-testid="pc-shortfall"]')).toBe(integer(shortfall));
    expect(await text('[data-testid="pc-population"]')).toBe(integer(population));
    expect(await text('[data-testid="pc-required"]')).toBe(integer(required));
    expect(await text('[data-testid="pc-planned"]')).toBe(integer(plannedSlots));
    expect(await card.innerText()).toContain('1,000 户 × 2.8 人/户（规划参数默认值）');

    // The township, and the township before/after, are the API's for the same site.
    const byApi = await checkByApi({ location: WUTIAN_SITE, households, plannedSlots, year: detail.year });
    expect(byApi.shortfall).toBe(shortfall);
    expect(byApi.township?.name).toBe('梧田街道');
    expect(await card.innerText()).toContain(`${byApi.township!.name}（${byApi.township!.code}）`);
    expect(await text('[data-testid="pc-township"]')).toContain('计入后');
    // The caveats are the API's Chinese notes, verbatim; the first is always the free-capacity one.
    expect(byApi.notesZh[0]).toMatch(/^现有托育机构的空余托位未纳入测算/);
    expect(await page.locator('#project-check .pc-notes li').allTextContents()).toEqual(byApi.notesZh);

    const explanation = await text('[data-testid="pc-explanation"]');
    expect(explanation).toContain(`缺口 ${shortfall} 个托位`);
    expect(explanation).toContain('数据版本');

    // Walking access: the nearest facilities are listed, numbered on the map and linked to the site.
    const listed = await page.locator('#project-check .pc-facilities li').count();
    expect(listed).toBe(byApi.nearestFacilities.length);
    expect(listed).toBeGreaterThan(0);
    expect(await page.locator('.facility-rank-marker').count()).toBe(listed);
    const drawn = await page.evaluate(() => ({
      site: window.__tuowei!.map.queryRenderedFeatures({ layers: ['project-check-site'] }).length,
      links: window.__tuowei!.map.querySourceFeatures('project-check-result', { filter: ['==', ['get', 'role'], 'link'] }).length,
    }));
    expect(drawn.site).toBe(1);
    expect(drawn.links).toBeGreaterThanOrEqual(listed);

    // The sidebar scrolled to the new result.
    await page.waitForFunction(() => {
      const top = document.querySelector('#project-check-result')?.getBoundingClientRect().top ?? Infinity;
      return top >= 0 && top < 40;
    });
    await saveScreenshot(page, 'project-check.png');
  });

  it('copies the explanation and re-fetches it in English when the language changes', async () => {
    const explanation = await text('[data-testid="pc-explanation"]');
    await page.click('#pc-copy');
    await page.waitForFunction(() => document.querySelector('#pc-copy')?.textContent === '已复制');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(explanation);

    await page.click('#language-toggle');
    await page.waitForFunction(() => /^Rule:/.test(document.querySelector('[data-testid="pc-explanation"]')?.textContent ?? ''), null, {
      timeout: 30_000,
    });
    expect(await text('[data-testid="pc-verdict"]')).toContain('Does not meet the standard');
    expect(await text('[data-testid="pc-explanation"]')).toContain('8 slots short');
    expect(await page.locator('#project-check .pc-notes li').first().textContent()).toMatch(
      /^Free capacity of existing facilities is not modelled/,
    );
    await page.click('#language-toggle');
    await page.waitForFunction(
      () => /缺口 8 个托位/.test(document.querySelector('[data-testid="pc-explanation"]')?.textContent ?? ''),
      null,
      { timeout: 30_000 },
    );
    await waitForMapIdle(page);
  });

  it('prints one A4 page with the card and a map snapshot, without the app around it', async () => {
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await page.click('#pc-print');
    await page.waitForFunction(() => (window as unknown as { printed: number }).printed === 1, null, { timeout: 30_000 });
    expect(await page.locator('#print-sheet .pc-card .pc-shortfall-value').innerText()).toBe('8');
    const snapshot = await page.getAttribute('#print-sheet img.print-map', 'src');
    expect(snapshot?.startsWith('data:image/png;base64,')).toBe(true);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app').isHidden()).toBe(true);
    expect(await page.locator('#print-sheet').isVisible()).toBe(true);
    expect(await page.locator('#print-sheet .pc-explanation-block button').first().isHidden()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages).toHaveLength(1);
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi, for the picture
    await saveScreenshot(page, 'project-check-print.png');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await waitForMapIdle(page);
  });

  it('takes the site from a map click: exactly at the standard is compliant', async () => {
    const projects = await api<ProjectRow[]>(`/jurisdictions/${DEMO_ID}/projects`);
    const r06 = projects.find((row) => row.id === 'R06')!;
    await page.locator('label[for="pc-location-mode-point"]').click();
    const at = await centreOn(page, r06.site, 14);
    await page.mouse.click(at.x, at.y);
    expect(await text('#pc-point-status')).toMatch(/已选位置/);
    // 3,000 residents need ⌈3,000 × 10 ÷ 1000⌉ = 30 slots; 30 planned meets the standard exactly.
    await page.locator('label[for="pc-population-mode-population"]').click();
    await fill('population', '3,000');
    await fill('plannedSlots', '30');
    await submitAndWait();
    expect(await text('[data-testid="pc-verdict"]')).toContain('符合配建标准');
    expect(await text('[data-testid="pc-verdict"]')).not.toContain('不符合');
    expect(await text('[data-testid="pc-required"]')).toBe('30');
    expect(await page.locator('[data-testid="pc-result"]').innerText()).toContain(r06.township!.name);
  });

  it('draws a footprint, closed by a double-click', async () => {
    await page.locator('label[for="pc-location-mode-footprint"]').click();
    const centre = await centreOn(page, WUTIAN_SITE, 15);
    const corners = [
      [-40, -30],
      [40, -30],
      [40, 30],
      [-40, 30],
    ] as const;
    for (const [dx, dy] of corners.slice(0, 3)) await page.mouse.click(centre.x + dx, centre.y + dy);
    expect(await text('#pc-footprint-status')).toContain('3');
    const [lastX, lastY] = corners[3];
    await page.mouse.dblclick(centre.x + lastX, centre.y + lastY);
    expect(await text('#pc-footprint-status')).toContain('已闭合（4 个拐点）');

    // 500 households × 2.8 = 1,400 residents → ⌈14⌉ = 14 required; 10 planned → 4 short.
    await page.locator('label[for="pc-population-mode-households"]').click();
    await fill('households', '500');
    await fill('plannedSlots', '10');
    await submitAndWait();
    expect(await text('[data-testid="pc-shortfall"]')).toBe(String(Math.ceil((500 * 2.8 * 10) / 1000) - 10));
    expect(await page.locator('[data-testid="pc-result"]').innerText()).toMatch(/用地范围 [\d.]+% 位于梧田街道/);
    const footprints = await page.evaluate(
      () => window.__tuowei!.map.querySourceFeatures('project-check-result', { filter: ['==', ['get', 'role'], 'footprint'] }).length,
    );
    expect(footprints).toBeGreaterThan(0);
  });

  it('shows API errors beside the fields they name: 400 on households, 422 outside the jurisdiction', async () => {
    await page.locator('label[for="pc-location-mode-coordinates"]').click();
    await page.fill('#pc-coordinates', `${WUTIAN_SITE[0]}, ${WUTIAN_SITE[1]}`);
    await fill('households', '0');
    await fill('plannedSlots', '10');
    expectedFailures += 1;
    await submitAndWait();
    expect(await page.locator('[data-field="households"] .pc-field-error').innerText()).toContain('户数不得少于 1'); // the server answers in the page's language
    expect(await page.getAttribute('#pc-households', 'aria-invalid')).toBe('true');

    await fill('households', '100');
    await page.fill('#pc-coordinates', '121.5, 27.9');
    expectedFailures += 1;
    await submitAndWait();
    expect(await page.locator('[data-field="location"] .pc-field-error').innerText()).toContain('该位置不在本辖区范围内');
    expect(await page.locator('[data-field="households"] .pc-field-error').count()).toBe(0);

    // Caught before sending: an empty required field.
    await fill('plannedSlots', '');
    await page.click('#pc-submit');
    expect(await page.locator('[data-field="plannedSlots"] .pc-field-error').innerText()).toBe('必填');
  });

  it('converts pasted GCJ-02 (Amap) coordinates and says so', async () => {
    // The same site as Amap shows it, converted by gcoord (independent of the server's converter).
    const [gcjLon, gcjLat] = gcoord.transform<[number, number]>([...WUTIAN_SITE], gcoord.WGS84, gcoord.GCJ02);
    await page.fill('#pc-coordinates', `${gcjLon.toFixed(7)}，${gcjLat.toFixed(7)}`);
    await page.selectOption('#pc-crs', 'GCJ-02');
    await fill('households', '1000');
    await fill('plannedSlots', '20');
    await submitAndWait();
    const card = await page.locator('[data-testid="pc-result"]').innerText();
    // Back in WGS84 within a millionth of a degree (about 0.1 m) of the site.
    expect(card).toContain(`坐标已由 GCJ-02 转换为 WGS84：${WUTIAN_SITE[0].toFixed(6)}, ${WUTIAN_SITE[1].toFixed(6)}`);
    expect(card).toContain('梧田街道');
    expect(await text('[data-testid="pc-shortfall"]')).toBe('8');
    expect(await text('[data-testid="pc-explanation"]')).toContain('GCJ-02');
  });

  it('says when the rate limit is reached and when to retry', async () => {
    await page.route('**/api/jurisdictions/*/compliance', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'Content-Type': 'application/json', RateLimit: '"60-in-1min"; r=0; t=42' },
        body: JSON.stringify({ error: { code: 'too_many_requests', message: 'at most 60 requests per minute per client; retry later' } }),
      }),
    );
    expectedFailures += 1;
    await submitAndWait();
    expect(await text('#pc-general-error')).toBe('请求过于频繁，请 42 秒后再试。');
    await page.unroute('**/api/jurisdictions/*/compliance');
  });

  it('shows the data’s projects as a layer with popups, a layer toggle and a CSV link', async () => {
    const detail = await api<Detail>(`/jurisdictions/${DEMO_ID}`);
    const projects = await api<ProjectRow[]>(`/jurisdictions/${DEMO_ID}/projects?year=${detail.year}`);
    expect(projects.length).toBeGreaterThan(0);
    await page.click('#tab-overview');
    await page.evaluate(
      (sites) => {
        const lons = sites.map((site) => site[0]);
        const lats = sites.map((site) => site[1]);
        window.__tuowei!.map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], {
          padding: 80,
          animate: false,
        });
      },
      projects.map((row) => row.site),
    );
    await waitForRender(page);
    const rendered = await page.evaluate(() =>
      window.__tuowei!.map.queryRenderedFeatures({ layers: ['projects-marker'] }).map((f) => String(f.properties.id)),
    );
    expect(new Set(rendered).size).toBe(projects.length);

    const csv = page.locator('#projects-csv-link');
    const href = new URL((await csv.getAttribute('href'))!, page.url());
    expect(href.pathname).toBe(`/api/jurisdictions/${DEMO_ID}/projects`);
    expect(href.searchParams.get('format')).toBe('csv');
    expect(href.searchParams.get('year')).toBe(String(detail.year));
    const csvResponse = await fetch(href);
    expect(csvResponse.headers.get('content-type')).toContain('text/csv');
    expect((await csvResponse.text()).split('\r\n').filter(Boolean)).toHaveLength(projects.length + 1);

    // A short project's popup, and its full check in the panel.
    const short = projects.find((row) => !row.compliant)!;
    const at = await centreOn(page, short.site, 14);
    await page.mouse.click(at.x, at.y);
    const popup = page.locator('.popup-project');
    expect(await popup.locator('h3').innerText()).toBe(short.name);
    expect(await popup.innerText()).toContain(`缺口 ${short.shortfall} 个托位`);
    await popup.locator('button').click();
    expect(await page.locator('#tabpanel-project-check').isVisible()).toBe(true);
    expect(await text('[data-testid="pc-shortfall"]')).toBe(integer(short.shortfall));
    expect(await page.locator('[data-testid="pc-result"] h3').innerText()).toBe(short.name);

    await page.click('#tab-overview');
    await page.uncheck('#layer-projects');
    expect(await page.evaluate(() => window.__tuowei!.map.getLayoutProperty('projects-marker', 'visibility'))).toBe('none');
    await page.check('#layer-projects');
  });

  it('logs no console errors other than the provoked 400, 422 and 429', () => {
    const unexpected = consoleErrors.filter(
      (line) => !/status of (400|422|429)/.test(line) && !/^HTTP (400|422|429) .*\/compliance$/.test(line),
    );
    expect(unexpected).toEqual([]);
    expect(consoleErrors.filter((line) => line.startsWith('HTTP '))).toHaveLength(expectedFailures);
  });
});
