/**
 * Each role's day in the web client, walked in Chromium as that person would (issue #17), in Chinese and
 * English, at 1366 × 768 and 1920 × 1080, against one server with the Ouhai demo (PGlite in a fresh
 * directory; planner, bureau and admin users created with the CLI before it starts):
 *
 * - planner: the map and township table, a what-if site, site suggestions, sign-in and save, compare
 *   two scenarios, print the map;
 * - bureau: the import wizard (preview, import), the indicator dashboard and a trend, a facility
 *   registry edit, the printed annual report;
 * - developer (no sign-in): the project check with a field error and a result, its printed sheet;
 * - admin: sign in, the users, create a scoped user.
 *
 * The whole day is walked at both sizes; what a walk creates (a scenario, a user) is named per size.
 * After every step the page is read as its user reads it: the visible text has no English word in
 * Chinese and no Chinese outside data names in English, no internal id (jurisdiction ids, camelCase or
 * snake_case identifiers), no map covered at its centre by a card or legend, every column of the
 * township tables reachable, and no console error, page error or failed request other than the one a
 * step provokes on purpose.
 *
 * Screenshots: one per step, test/artifacts/role-days/<role>-<lang>-<width>x<height>-<step>.png (ignored
 * by git; after `npm test`, or `.ci/run`, that folder is what to keep or look at: see .ci/README.md).
 * The README's "First hour" pictures are copies of some of them (docs/screenshots/, shrunk).
 *
 * Needs Debian's Chromium at /usr/bin/chromium and a built client in dist/client (built here when missing).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyCounty, tinyTownFiles } from '../import/tiny-town-files.js';
import { ARTIFACTS, collectPageErrors, launchChromium, requireChromium, type TestBrowser } from './support/browser.js';
import { centreOn, waitForMapIdle } from './support/map.js';
import { ensureClientBuilt, startTestServer, type TestServer, type TestUser } from './support/server.js';

type Lang = 'zh' | 'en';
type Role = 'planner' | 'bureau' | 'developer' | 'admin';
interface Viewport {
  width: number;
  height: number;
  /** The whole day, or only its first screens. */
  full: boolean;
}

const DEMO_ID = 'ouhai-demo';
const STEP_TIMEOUT_MS = 60_000;
const SCREENSHOTS = join(ARTIFACTS, 'role-days');
const VIEWPORTS: Viewport[] = [
  { width: 1366, height: 768, full: true },
  { width: 1920, height: 1080, full: true },
];
const LANGS: Lang[] = ['zh', 'en'];
/** What the bureau imports in the wizard: Tiny Town under an id of its scope. */
const IMPORT_ID = 'tiny-two';
const IMPORT_NAME = '小镇样例';
const PLANNER: TestUser = { role: 'planner', name: 'walk-planner', password: 'walk-planner-password', jurisdictions: [DEMO_ID] };
const BUREAU: TestUser = {
  role: 'bureau',
  name: 'walk-bureau',
  password: 'walk-bureau-password',
  jurisdictions: [DEMO_ID, IMPORT_ID],
};
const ADMIN: TestUser = { role: 'admin', name: 'walk-admin', password: 'walk-admin-password' };
/** A point inside 三垟街道 (no facility in the demo) near its roads (WGS84). */
const SANYANG_SITE: [number, number] = [120.7, 27.97];
/** The demo's residential project R01 lies here, in 梧田街道 (WGS84). */
const WUTIAN_SITE: [number, number] = [120.668114, 27.960868];

/**
 * Latin words a Chinese page may show: the language switch, format and coordinate-system names, units,
 * map attributions. Anything else in Latin letters on a Chinese page is English the user meets.
 */
const LATIN_ALLOWED_IN_ZH = new Set(
  [
    'English',
    'MapLibre',
    'OpenStreetMap',
    'contributors',
    'CSV',
    'Excel',
    'GeoJSON',
    'Shapefile',
    'GeoPackage',
    'KML',
    'zip',
    'json',
    'manifest',
    'shp',
    'dbf',
    'shx',
    'prj',
    'cpg',
    'xlsx',
    'geojson',
    'WGS84',
    'CGCS2000',
    'GCJ',
    'CGCS',
    'EPSG',
    'UTF',
    'GBK',
    'GB',
    'E2SFCA',
    'WKT',
    'API',
    // OpenStreetMap's tag names, which the import wizard names beside the roads' fields (the file's own columns).
    'highway',
    'foot',
    'km',
    'A4',
    'A3',
    'Tuowei',
    'PNG',
    'PDF',
  ].map((word) => word.toLowerCase()),
);

let server: TestServer | undefined;
let browser: TestBrowser | undefined;
let baseUrl = '';
let page: Page;
let problems: string[] = [];
/** Failures the current step provokes on purpose: each prefix is allowed once. */
const expectedFailures: string[] = [];
/** Names from the data (townships, facilities, projects, jurisdictions): they stay as the data has them. */
let dataNames: string[] = [];

/** The current walk, for screenshot names and the checks of its language. */
let walk: { role: Role; lang: Lang; viewport: Viewport } = { role: 'planner', lang: 'zh', viewport: VIEWPORTS[0]! };

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api${path}`);
  expect(response.status, `GET /api${path}`).toBe(200);
  return (await response.json()) as T;
}

async function loadDataNames(): Promise<void> {
  const names = new Set<string>();
  names.add((await api<{ profile: { name: string } }>(`/jurisdictions/${DEMO_ID}`)).profile.name);
  for (const jurisdiction of await api<{ id: string; name: string }[]>('/jurisdictions')) {
    names.add(jurisdiction.name);
    if (jurisdiction.id !== DEMO_ID) continue;
    for (const township of await api<{ name: string }[]>(`/jurisdictions/${DEMO_ID}/townships`)) names.add(township.name);
    for (const facility of await api<{ name: string }[]>(`/jurisdictions/${DEMO_ID}/facilities`)) names.add(facility.name);
    for (const project of await api<{ name: string }[]>(`/jurisdictions/${DEMO_ID}/projects`)) names.add(project.name);
  }
  const tinyTown = tinyTownFiles();
  for (const file of ['townships', 'facilities', 'projects']) {
    const collection = tinyTown[`${file}.geojson`] as { features: { properties: { name?: string } }[] };
    for (const feature of collection.features) if (feature.properties.name) names.add(feature.properties.name);
  }
  // The users' names, and the files the bureau imported (the last import names them).
  for (const user of [PLANNER, BUREAU, ADMIN]) names.add(user.name);
  names.add(IMPORT_NAME);
  for (const file of Object.keys(tinyTown)) names.add(file);
  // Longest first, so that a name containing another is taken out whole.
  dataNames = [...names].filter((name) => name.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * The page's visible text, each text node apart (so that words of neighbouring elements never run
 * together), without the elements matching `exclude` (data the user typed or imported): `all` of it, and
 * `chrome`, the text of headings, table headers, buttons, labels and tabs, which is the page's own words.
 */
function visibleText(exclude: string[]): Promise<{ all: string; chrome: string }> {
  return page.evaluate((selectors) => {
    const excluded = selectors.join(', ');
    const chromeSelector = 'h1, h2, h3, h4, th, button, label, legend, summary, [role="tab"]';
    const all: string[] = [];
    const chrome: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!parent || !text || parent.closest(`${excluded}, script, style, option`)) continue;
      if (!parent.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      all.push(text);
      if (parent.closest(chromeSelector)) chrome.push(text);
    }
    return { all: all.join('\n'), chrome: chrome.join('\n') };
  }, exclude);
}

/** The text around `index`, on one line, to say where a finding is. */
function around(text: string, index: number): string {
  return text
    .slice(Math.max(0, index - 25), index + 35)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What the current language's reader should not meet; empty when the page reads right. In Chinese: an
 * English word anywhere. In English: Chinese in the page's own words (headings, headers, buttons, labels);
 * elsewhere Chinese may stand as data (facility grades as registered) or as the policy's own term beside
 * its translation (“residents (常住人口)”). In both: an internal id.
 */
function languageFindings(visible: { all: string; chrome: string }, lang: Lang): string[] {
  const withoutNames = (text: string): string => {
    let rest = text;
    for (const name of dataNames) rest = rest.split(name).join(' ');
    return rest;
  };
  const rest = withoutNames(visible.all);
  const findings: string[] = [];
  // Internal ids: jurisdiction ids, camelCase and snake_case identifiers, raw statuses.
  for (const match of rest.matchAll(/\b(?:ouhai-demo|tiny-two|[a-z]+[A-Z][A-Za-z]*|[a-z]+_[a-z0-9_]+)\b/g))
    findings.push(`internal id "${match[0]}" in "${around(rest, match.index)}"`);
  if (lang === 'zh') {
    for (const match of rest.matchAll(/[A-Za-z0-9]*[A-Za-z]{2,}[A-Za-z0-9]*/g))
      if (!LATIN_ALLOWED_IN_ZH.has(match[0].toLowerCase())) findings.push(`English "${match[0]}" in "${around(rest, match.index)}"`);
  } else {
    const chrome = withoutNames(visible.chrome);
    for (const match of chrome.matchAll(/[\u3400-\u9fff\uff01-\uff5e][\u3400-\u9fff\uff01-\uff5e\s、，。：]*/g))
      if (match[0].trim() !== '中文') findings.push(`Chinese "${match[0].trim()}" in "${around(chrome, match.index)}"`);
    // Full-width punctuation in English text is Chinese typography leaking into the English page.
    for (const match of rest.matchAll(/[（）：，。；][^\u3400-\u9fff]/g))
      findings.push(`full-width "${match[0][0]}" in "${around(rest, match.index)}"`);
  }
  return [...new Set(findings)];
}

/** Cards and legends drawn over a map (by selector) that cover its centre point. */
async function coveredMapCentre(mapSelector: string, overlays: string): Promise<string[]> {
  return page.evaluate(
    ({ mapSelector: selector, overlays: cards }) => {
      const map = document.querySelector<HTMLElement>(selector);
      if (!map || map.offsetParent === null) return [];
      const box = map.getBoundingClientRect();
      const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      const covering: string[] = [];
      for (const card of document.querySelectorAll<HTMLElement>(cards)) {
        if (card.offsetParent === null) continue;
        const r = card.getBoundingClientRect();
        if (centre.x >= r.left && centre.x <= r.right && centre.y >= r.top && centre.y <= r.bottom)
          covering.push(`${card.id || card.className} covers the centre of ${selector}`);
      }
      return covering;
    },
    { mapSelector, overlays },
  );
}

/** Whether every column of the table can be brought into view (the table fits, or its box scrolls sideways). */
async function unreachableColumns(tableSelector: string): Promise<string[]> {
  const table = page.locator(tableSelector);
  if ((await table.count()) === 0 || !(await table.first().isVisible())) return [];
  return table.first().evaluate((element) => {
    const cells = [...element.querySelectorAll<HTMLElement>('thead th')];
    const cut: string[] = [];
    for (const cell of cells) {
      cell.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = cell.getBoundingClientRect();
      // The cell is visible through every clipping ancestor.
      let ancestor = cell.parentElement;
      let visible = r.width > 0;
      while (ancestor && visible) {
        const style = getComputedStyle(ancestor);
        if (style.overflowX !== 'visible') {
          const a = ancestor.getBoundingClientRect();
          if (r.left < a.left - 1 || r.right > a.right + 1) visible = false;
        }
        ancestor = ancestor.parentElement;
      }
      if (r.right > window.innerWidth + 1) visible = false;
      if (!visible) cut.push(cell.innerText.trim() || '(empty)');
    }
    cells[0]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    return cut;
  });
}

/**
 * One step of the day: the screenshot, then the checks of what the user sees. `exclude` lists elements
 * holding the user's own data (typed text, an imported file's rows and column names).
 */
async function step(name: string, options: { exclude?: string[] } = {}): Promise<void> {
  const { role, lang, viewport } = walk;
  await page.screenshot({ path: join(SCREENSHOTS, `${role}-${lang}-${viewport.width}x${viewport.height}-${name}.png`) });
  const where = `${role} ${lang} ${viewport.width}×${viewport.height} at "${name}"`;
  expect(await page.evaluate(() => document.documentElement.lang), where).toMatch(lang === 'zh' ? /^zh/ : /^en/);
  const text = await visibleText([
    'select',
    '.brand-mark',
    '.auth-name',
    '.maplibregl-ctrl-attrib',
    '.map-report-sources',
    '.print-sources',
    ...(options.exclude ?? []),
  ]);
  expect(languageFindings(text, lang), where).toEqual([]);
  const covered = [
    ...(await coveredMapCentre('#map', '#layer-panel, .walkthrough, .maplibregl-popup, .job-progress')),
    ...(await coveredMapCentre('#db-map', '#db-map-legend')),
    ...(await coveredMapCentre('#import-map', '.iw-legend')),
  ];
  expect(covered, where).toEqual([]);
  for (const table of ['#township-table', '#wi-township-table', '#township-drilldown'])
    expect(await unreachableColumns(table), `${where}: ${table}`).toEqual([]);
  expect(problems.splice(0), where).toEqual([]);
}

/** Starts a walk: signed out, the viewport and language chosen, the first-run walkthrough already read. */
async function startWalk(role: Role, lang: Lang, viewport: Viewport): Promise<void> {
  walk = { role, lang, viewport };
  problems.splice(0);
  expectedFailures.splice(0);
  await browser!.context.clearCookies();
  await page.setViewportSize({ width: viewport.width, height: viewport.height });
  await page.goto(`${baseUrl}/api/health`);
  await page.evaluate((locale) => {
    localStorage.setItem('tuowei.locale', locale);
    localStorage.setItem('tuowei.walkthroughDismissed', '1');
  }, lang);
}

async function signIn(user: TestUser, fields: { name: string; password: string; submit: string; opener?: string }): Promise<void> {
  if (fields.opener) await page.click(fields.opener);
  await page.fill(fields.name, user.name);
  await page.fill(fields.password, user.password);
  await page.click(fields.submit);
}

/** Shows the page as printed (window.print is a no-op here), runs `look`, and goes back to the screen. */
async function asPrinted(look: () => Promise<void>): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  try {
    await look();
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

async function waitForEvaluation(): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('#wi-evaluating'), null, { timeout: STEP_TIMEOUT_MS });
  await waitForMapIdle(page);
}

async function plannerDay(lang: Lang, viewport: Viewport): Promise<void> {
  await startWalk('planner', lang, viewport);
  await page.goto(`${baseUrl}/?j=${DEMO_ID}`);
  await waitForMapIdle(page);
  expect(await page.locator('#township-table tbody tr[data-code]').count()).toBe(13);
  await step('overview');

  // The layer card, opened (collapsed at first on a small screen), still leaves the map's centre free.
  const header = page.locator('.layer-panel-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  expect(await header.getAttribute('aria-expanded')).toBe('true');
  await step('layers');

  await page.click('#tab-whatif');
  const point = await centreOn(page, SANYANG_SITE, 14);
  await page.mouse.click(point.x, point.y);
  await waitForEvaluation();
  expect(await page.locator('#wi-changes li').count()).toBe(1);
  await page.locator('#wi-township-table').scrollIntoViewIfNeeded();
  await step('whatif');

  if (viewport.full) {
    await page.locator('#wi-suggestions').scrollIntoViewIfNeeded();
    await page.fill('#wi-suggest-k', '2');
    await page.click('#wi-suggest-run');
    await page.waitForSelector('#wi-suggestion-list li', { timeout: STEP_TIMEOUT_MS });
    await waitForMapIdle(page);
    await step('suggestions');
    await page.locator('#wi-suggestion-list li').first().locator('button').click();
    await waitForEvaluation();

    await page.locator('#wi-scenarios').scrollIntoViewIfNeeded();
    await signIn(PLANNER, { name: '#wi-signin-name', password: '#wi-signin-password', submit: '#wi-signin-submit' });
    await page.waitForSelector('#wi-save', { timeout: STEP_TIMEOUT_MS });
    const scenarioName = lang === 'zh' ? `三垟补点 ${viewport.width}` : `Sanyang sites ${viewport.width}`;
    await page.fill('#wi-scenario-name', scenarioName);
    const before = await page.locator('#wi-scenario-list li[data-scenario-id]').count();
    await page.click('#wi-save');
    await expect.poll(() => page.locator('#wi-scenario-list li[data-scenario-id]').count()).toBe(before + 1);
    await waitForMapIdle(page);
    await step('saved', { exclude: ['#wi-scenario-list', '#wi-loaded', '#wi-scenario-message', '#wi-signed-in'] });

    const saved = page.locator('#wi-scenario-list li[data-scenario-id]').filter({ hasText: scenarioName }).first();
    await saved.locator('.wi-duplicate').click();
    await expect.poll(() => page.locator('#wi-scenario-list li[data-scenario-id]').count()).toBe(before + 2);
    await page.click('#wi-compare');
    await page.waitForSelector('#wi-compare-result', { timeout: STEP_TIMEOUT_MS });
    await page.locator('#wi-compare-result').scrollIntoViewIfNeeded();
    await step('compare', {
      exclude: ['#wi-scenario-list', '#wi-loaded', '#wi-scenario-message', '#wi-signed-in', '#wi-compare-result thead'],
    });
  }

  await page.locator('#print-paper').selectOption('A4');
  await page.click('#print-map');
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed?: number }).printed ?? 0)).toBeGreaterThan(0);
  await asPrinted(async () => {
    expect(await page.locator('#map-report').isVisible()).toBe(true);
    expect(await page.locator('#map-report .north-arrow').isVisible()).toBe(true);
    await step('print');
  });
}

/** Tiny Town's package as loose files, under a new id and name: what an office drops on the wizard. */
function tinyTownUpload(id: string, name: string): { name: string; base64: string }[] {
  const files = tinyCounty(id, name);
  files['manifest.json'] = { ...files['manifest.json'], sources: '小镇样例数据（虚构）' };
  return Object.entries(files).map(([file, content]) => ({ name: file, base64: Buffer.from(JSON.stringify(content)).toString('base64') }));
}

/**
 * The plan profile's notes under an indicator's name (data/profiles/): the plan's own words, which keep
 * its Chinese term beside the English (“count of 医防护 child health management centres”).
 */
const PROFILE_NOTES = ['.ind-note'];

async function bureauDay(lang: Lang, viewport: Viewport): Promise<void> {
  await startWalk('bureau', lang, viewport);
  // The same package each time: a second import of the same id is next year's data replacing the last.
  const importId = IMPORT_ID;
  await page.goto(`${baseUrl}/import.html`);
  await signIn(BUREAU, {
    opener: '#sign-in-button',
    name: '#sign-in-name',
    password: '#sign-in-password',
    submit: '#sign-in-form button[type=submit]',
  });
  await page.waitForSelector('#import-drop', { timeout: STEP_TIMEOUT_MS });
  await page.evaluate(
    (files) => {
      const transfer = new DataTransfer();
      for (const file of files) transfer.items.add(new File([Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))], file.name));
      const zone = document.getElementById('import-drop')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    tinyTownUpload(importId, IMPORT_NAME),
  );
  await page.waitForSelector('#import-problems.is-clean', { timeout: STEP_TIMEOUT_MS }).catch(async (error: unknown) => {
    await page.screenshot({
      path: join(SCREENSHOTS, `bureau-${lang}-${viewport.width}x${viewport.height}-import-failed.png`),
      fullPage: true,
    });
    throw error;
  });
  const importData = ['.iw-sample', '.iw-sub', '.iw-chosen', '.iw-values td:first-child', '.iw-mapping td:nth-child(2)'];
  await step('import-preview', { exclude: importData });
  if (viewport.full) {
    await page.click('#import-commit');
    await page.waitForSelector('#import-done', { timeout: STEP_TIMEOUT_MS });
    await step('import-done', { exclude: importData });
  }

  await page.goto(`${baseUrl}/dashboard.html?j=${DEMO_ID}`);
  const waitForDashboard = () =>
    page.waitForFunction(
      () => document.body.dataset.busy === 'false' && document.querySelector('#db-map')?.getAttribute('data-map-idle') === 'true',
      null,
      { timeout: STEP_TIMEOUT_MS },
    );
  await waitForDashboard();
  expect(await page.locator('#indicator-table tbody tr[data-indicator]').count()).toBeGreaterThanOrEqual(12);
  await step('dashboard', { exclude: PROFILE_NOTES });

  await page.locator('#indicator-table tbody tr[data-indicator="inclusive_share"]').click();
  await waitForDashboard();
  await page.locator('#trend-chart').scrollIntoViewIfNeeded();
  await step('trend', { exclude: PROFILE_NOTES });

  if (!viewport.full) return;
  const facility = (await api<{ id: string; slots: number; status: string }[]>(`/jurisdictions/${DEMO_ID}/facilities`)).find(
    (record) => record.status === 'operating',
  )!;
  await page.locator('#registry').scrollIntoViewIfNeeded();
  await page.locator('#facility-search').fill(facility.id);
  await page.locator(`#facility-table tbody tr[data-id="${facility.id}"]`).click();
  const slots = Number(await page.inputValue('#fac-slots'));
  await page.locator('#fac-slots').fill(String(slots + 5));
  await page.locator('#facility-save').click();
  await expect.poll(() => page.locator('#facility-history > li').count()).toBeGreaterThan(0);
  await waitForDashboard();
  await page.locator('#registry').scrollIntoViewIfNeeded();
  await step('registry', { exclude: [...PROFILE_NOTES, '#facility-search'] });

  await page.click('#print-report');
  await asPrinted(async () => {
    expect(await page.locator('#db-print-sheet').isVisible()).toBe(true);
    await step('report', { exclude: PROFILE_NOTES });
  });
}

async function developerDay(lang: Lang, viewport: Viewport): Promise<void> {
  await startWalk('developer', lang, viewport);
  await page.goto(`${baseUrl}/?j=${DEMO_ID}&panel=check`);
  await waitForMapIdle(page);
  await page.locator('label[for="pc-location-mode-coordinates"]').click();
  await page.fill('#pc-coordinates', `${WUTIAN_SITE[0]}, ${WUTIAN_SITE[1]}`);
  if (viewport.full) {
    // A slip the server catches: its message stands beside the field, in the page's language.
    await page.fill('#pc-households', '0');
    await page.fill('#pc-plannedSlots', '10');
    expectedFailures.push('HTTP 400 POST', 'console: Failed to load resource: the server responded with a status of 400');
    await page.click('#pc-submit');
    await page.waitForSelector('[data-field="households"] .pc-field-error', { timeout: STEP_TIMEOUT_MS });
    expect(await page.locator('[data-field="households"] .pc-field-error').innerText()).toMatch(lang === 'zh' ? /户数/ : /[Hh]ouseholds/);
    await step('field-error', { exclude: ['#pc-coordinates'] });
  }
  await page.fill('#pc-households', lang === 'zh' ? '１２００' : '1,200');
  await page.fill('#pc-plannedSlots', '20');
  await page.click('#pc-submit');
  await page.waitForSelector('[data-testid="pc-result"]', { timeout: STEP_TIMEOUT_MS });
  await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#pc-submit')?.disabled, null, { timeout: STEP_TIMEOUT_MS });
  await waitForMapIdle(page);
  // 1,200 households × 2.8 = 3,360 residents need ⌈33.6⌉ = 34 slots; 20 planned leave 14 short.
  expect(await page.locator('[data-testid="pc-shortfall"]').innerText()).toBe('14');
  await step('check');

  if (!viewport.full) return;
  await page.click('#pc-print');
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed?: number }).printed ?? 0)).toBeGreaterThan(0);
  await asPrinted(async () => {
    expect(await page.locator('#print-sheet').isVisible()).toBe(true);
    await step('print');
  });
}

async function adminDay(lang: Lang, viewport: Viewport): Promise<void> {
  await startWalk('admin', lang, viewport);
  await page.goto(`${baseUrl}/admin.html`);
  await signIn(ADMIN, {
    opener: '#sign-in-button',
    name: '#sign-in-name',
    password: '#sign-in-password',
    submit: '#sign-in-form button[type="submit"]',
  });
  await page.locator(`#users-table tr[data-user="${ADMIN.name}"]`).waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.locator('#jurisdictions-table').waitFor();
  // Names people and tokens were given, and who did what: the users' words, not the page's.
  const userCells = [
    '#users-table tr[data-user] > td:first-child',
    '#tokens-table tr[data-token] > td:first-child',
    '#audit-table td:nth-child(3)',
  ];
  await step('users', { exclude: userCells });
  if (!viewport.full) return;
  const name = lang === 'zh' ? `王规划${viewport.width}` : `walk-planner-en-${viewport.width}`;
  await page.locator('#new-user-name').fill(name);
  await page.locator('#new-user-password').fill('planner-password-1');
  await page.locator('#new-user-role').selectOption('planner');
  await page.locator('#new-user-scope').selectOption(DEMO_ID);
  await page.locator('#create-user').click();
  await page.locator(`#users-table tr[data-user="${name}"]`).waitFor({ timeout: STEP_TIMEOUT_MS });
  await step('user-created', { exclude: [...userCells, '#admin-notice'] });
}

beforeAll(async () => {
  requireChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await ensureClientBuilt({ page: 'admin.html', containing: 'wi-suggest-form' });
  server = await startTestServer({ name: 'role-days', users: [PLANNER, BUREAU, ADMIN] });
  baseUrl = server.baseUrl;
  browser = await launchChromium('role-days');
  page = browser.page;
  // The print dialog would block a headless page: the walks look at the print layout instead.
  await page.addInitScript(() => {
    window.print = () => {
      (window as unknown as { printed: number }).printed = ((window as unknown as { printed?: number }).printed ?? 0) + 1;
    };
  });
  problems = collectPageErrors(page, (line) => {
    const index = expectedFailures.findIndex((start) => line.startsWith(start));
    if (index < 0) return false;
    expectedFailures.splice(index, 1);
    return true;
  });
  await loadDataNames();
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

for (const viewport of VIEWPORTS) {
  for (const lang of LANGS) {
    describe(`${lang} at ${viewport.width} × ${viewport.height}`, () => {
      it('the planner’s day', () => plannerDay(lang, viewport), 180_000);
      it('the bureau’s day', async () => {
        await bureauDay(lang, viewport);
        await loadDataNames();
      }, 180_000);
      it('the developer’s day', () => developerDay(lang, viewport), 120_000);
      it('the admin’s day', () => adminDay(lang, viewport), 120_000);
    });
  }
}
