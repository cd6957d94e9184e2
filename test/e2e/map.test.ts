/**
 * Browser test of the web client against the real server with the demo data (PGlite in a fresh
 * directory). Starts `server/main.ts`, drives Chromium through the year and threshold switches, the
 * sortable table, township selection and the language toggle, checks that what the page shows matches
 * the API, that no console error occurs, and saves a screenshot under test/artifacts/.
 *
 * Needs Debian's Chromium at /usr/bin/chromium and a built client in dist/client (`npm test` builds
 * it first; when it is missing this file builds it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM_PATH = '/usr/bin/chromium';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = join(ROOT, 'test/artifacts');
const SERVER_READY_TIMEOUT_MS = 90_000;
const MAP_IDLE_TIMEOUT_MS = 60_000;
const DEMO_ID = 'ouhai-demo';
const DEMO_TOWNSHIPS = 13;

interface TownshipRow {
  code: string;
  name: string;
  population: number;
  coverage: Record<string, number>;
}
interface Summary {
  year: number;
  population: number;
  slotsPer1000: number;
  coverage: Record<string, number>;
}
interface Jurisdiction {
  id: string;
  year: number;
  years: number[];
}

let server: ChildProcess | null = null;
let serverOutput = '';
let baseUrl = '';
let context: BrowserContext | null = null;
let page: Page;
const tempDirs: string[] = [];
const consoleErrors: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** Starts the real server and resolves with its base URL once it prints "listening on http://". */
function startServer(port: number, dbDir: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', TUOWEI_DB_DIR: dbDir };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not print "listening on http://" within ${SERVER_READY_TIMEOUT_MS / 1000} s:\n${serverOutput}`)),
      SERVER_READY_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer): void => {
      serverOutput += chunk.toString();
      const match = /listening on (http:\/\/[^\s)]+)/.exec(serverOutput);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1].replace(/\/$/, ''));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${serverOutput}`));
    });
  });
}

async function stopServer(): Promise<void> {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killTimer);
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api${path}`);
  expect(response.status, `GET /api${path}`).toBe(200);
  return (await response.json()) as T;
}

async function waitForMapIdle(): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#map')?.getAttribute('data-map-idle') === 'true', null, {
    timeout: MAP_IDLE_TIMEOUT_MS,
  });
}

/** The same formatting the client uses for a share: percent with one decimal, in the page's locale. */
function percent(fraction: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(fraction);
}

function tableRowCount(): Promise<number> {
  return page.locator('#township-table tbody tr[data-code]').count();
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: install it with "apt-get install chromium" (CI does this in .ci/run).`);
  }
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  }
  const dbDir = mkdtempSync(join(tmpdir(), 'tuowei-e2e-db-'));
  const userDataDir = mkdtempSync(join(tmpdir(), 'tuowei-e2e-chromium-'));
  tempDirs.push(dbDir, userDataDir);
  baseUrl = await startServer(await freePort(), dbDir);

  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    viewport: { width: 1440, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) consoleErrors.push(`HTTP ${response.status()} ${response.url()}`);
  });
});

afterAll(async () => {
  await context?.close();
  await stopServer();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('web client on the demo jurisdiction', () => {
  it('shows the map, 13 townships and the district summary in Chinese', async () => {
    await page.goto(`${baseUrl}/`);
    await waitForMapIdle();

    const jurisdictions = await api<Jurisdiction[]>('/jurisdictions');
    const demo = jurisdictions.find((item) => item.id === DEMO_ID);
    expect(demo, 'demo jurisdiction listed').toBeDefined();
    const year = demo!.year;
    const townships = await api<TownshipRow[]>(`/jurisdictions/${DEMO_ID}/townships?year=${year}`);
    expect(townships).toHaveLength(DEMO_TOWNSHIPS);

    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await tableRowCount()).toBe(DEMO_TOWNSHIPS);
    const names = await page.locator('#township-table tbody th[scope="row"]').allTextContents();
    expect([...names].sort()).toEqual(townships.map((row) => row.name).sort());
    expect(await page.locator('#township-table thead th').first().textContent()).toContain('名称');
    expect(await page.locator('#year-select').inputValue()).toBe(String(year));
    expect(await page.locator('#threshold-15').isChecked()).toBe(true);

    const summary = await api<Summary>(`/jurisdictions/${DEMO_ID}/summary?year=${year}`);
    const shownPer1000 = await page.locator('[data-testid="summary-slots-per-1000"]').textContent();
    expect(shownPer1000).toBe(new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(summary.slotsPer1000));
    expect(await page.locator('[data-testid="summary-coverage"]').textContent()).toBe(percent(summary.coverage['15']!, 'zh-CN'));

    // The map drew our layers: every township polygon and at least one facility are rendered.
    const rendered = await page.evaluate(() => {
      const map = window.__tuowei!.map;
      const codes = new Set(map.queryRenderedFeatures({ layers: ['townships-fill'] }).map((feature) => feature.properties.code));
      return { townships: codes.size, facilities: map.queryRenderedFeatures({ layers: ['facilities-operating'] }).length };
    });
    expect(rendered.townships).toBe(DEMO_TOWNSHIPS);
    expect(rendered.facilities).toBeGreaterThan(0);
    expect(await page.locator('#error').isHidden()).toBe(true);
  });

  it('switches the year and the walking threshold', async () => {
    const demo = (await api<Jurisdiction[]>('/jurisdictions')).find((item) => item.id === DEMO_ID)!;
    const otherYear = demo.years.includes(2023) && demo.year !== 2023 ? 2023 : demo.years.find((candidate) => candidate !== demo.year)!;
    expect(otherYear, 'a second year to switch to').toBeDefined();

    await page.locator('#year-select').selectOption(String(otherYear));
    await waitForMapIdle();
    const summary = await api<Summary>(`/jurisdictions/${DEMO_ID}/summary?year=${otherYear}`);
    expect(await page.locator('.summary .panel-year').textContent()).toBe(String(otherYear));
    expect(await page.locator('[data-testid="summary-slots-per-1000"]').textContent()).toBe(
      new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(summary.slotsPer1000),
    );
    expect(new URL(page.url()).searchParams.get('year')).toBe(String(otherYear));

    await page.locator('label[for="threshold-5"]').click();
    await waitForMapIdle();
    expect(await page.locator('#threshold-5').isChecked()).toBe(true);
    expect(await page.locator('[data-testid="summary-coverage"]').textContent()).toBe(percent(summary.coverage['5']!, 'zh-CN'));
    expect(await page.locator('#township-table thead th').last().textContent()).toContain('5分钟');
    // Each township's coverage cell is its 5-minute share.
    const townships = await api<TownshipRow[]>(`/jurisdictions/${DEMO_ID}/townships?year=${otherYear}`);
    const first = townships[0]!;
    const cell = page.locator(`#township-table tbody tr[data-code="${first.code}"] td`).last();
    expect(await cell.textContent()).toBe(percent(first.coverage['5']!, 'zh-CN'));
    expect(await tableRowCount()).toBe(DEMO_TOWNSHIPS);
  });

  it('sorts the table by population and zooms to a clicked township', async () => {
    const header = page.locator('#township-table thead th').nth(1);
    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const populations = (await page.locator('#township-table tbody tr[data-code] td:nth-of-type(1)').allTextContents()).map((text) =>
      Number(text.replace(/[^\d]/g, '')),
    );
    expect(populations).toHaveLength(DEMO_TOWNSHIPS);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');

    const zoomBefore = await page.evaluate(() => window.__tuowei!.map.getZoom());
    const row = page.locator('#township-table tbody tr[data-code]').first();
    const code = await row.getAttribute('data-code');
    await row.click();
    await page.waitForFunction(() => !window.__tuowei!.map.isMoving(), null, { timeout: 10_000 });
    await page.waitForTimeout(100);
    await page.waitForFunction(() => !window.__tuowei!.map.isMoving(), null, { timeout: 10_000 });
    expect(await row.getAttribute('class')).toContain('selected');
    const after = await page.evaluate(
      (selected) => ({
        zoom: window.__tuowei!.map.getZoom(),
        state: window.__tuowei!.map.getFeatureState({ source: 'townships', id: selected! }),
      }),
      code,
    );
    expect(after.zoom).toBeGreaterThan(zoomBefore);
    expect(after.state.selected).toBe(true);
  });

  it('switches to English, remembers it, and logs no console errors', async () => {
    await page.locator('#language-toggle').click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('#township-table thead th').first().textContent()).toContain('Name');
    expect(await page.evaluate(() => window.localStorage.getItem('tuowei.locale'))).toBe('en');

    await page.reload();
    await waitForMapIdle();
    expect(await page.locator('.summary .panel-title').textContent()).toContain('District summary');
    expect(await tableRowCount()).toBe(DEMO_TOWNSHIPS);

    await page.locator('#language-toggle').click();
    expect(await page.locator('.summary .panel-title').textContent()).toContain('全区概况');
    await waitForMapIdle();

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'map.png') });
    expect(consoleErrors).toEqual([]);
  });
});
