/**
 * Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core, headless, in a
 * fresh profile directory, with a 1440 × 900 viewport; plus the page's errors and screenshots.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './server.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Screenshots go here (ignored by git). */
export const ARTIFACTS = join(ROOT, 'test/artifacts');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A launched browser with its first page; `close()` closes it and removes its profile directory. */
export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Throws, saying how to install it, when Chromium is not at /usr/bin/chromium. Call it first to fail fast. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: install it with "apt-get install chromium" (CI does this in .ci/run).`);
  }
}

/** Launches Chromium with a persistent profile in a temporary directory named after `name`; downloads are accepted. */
export async function launchChromium(name: string): Promise<TestBrowser> {
  requireChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), `tuowei-e2e-${name}-chromium-`));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
      args: CHROMIUM_ARGS,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      close: async () => {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Collects what went wrong on `page` into the returned list (it grows as the page runs):
 * `console: …` for console errors, `page error: …` for uncaught exceptions and
 * `HTTP <status> <method> <url>` for responses of 400 and above. A console or HTTP line for which
 * `isExpected` returns true is left out (a failure a test provokes on purpose); page errors always count.
 */
export function collectPageErrors(page: Page, isExpected: (line: string) => boolean = () => false): string[] {
  const errors: string[] = [];
  const report = (line: string): void => {
    if (!isExpected(line)) errors.push(line);
  };
  page.on('console', (message) => {
    if (message.type() === 'error') report(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) report(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return errors;
}

/** Saves a screenshot of the page as test/artifacts/`fileName`. */
export async function saveScreenshot(page: Page, fileName: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, fileName) });
}
