/**
 * Waiting on the MapLibre map of the web client (index.html) in a browser test, through the
 * `window.__tuowei.map` handle the client exposes.
 */
import type { Page } from 'playwright-core';

const MAP_IDLE_TIMEOUT_MS = 60_000;

/** Waits until the map's element says `data-map-idle="true"` (no data request of the map pending). */
export async function waitForMapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#map')?.getAttribute('data-map-idle') === 'true', null, {
    timeout: MAP_IDLE_TIMEOUT_MS,
  });
}

/** Waits for the map to finish rendering after a camera change (the idle flag covers requests only). */
export async function waitForRender(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolveIdle) => {
        const map = window.__tuowei!.map;
        map.once('idle', () => resolveIdle());
        map.triggerRepaint();
      }),
  );
}

/** Centres the map on a point (WGS84 lon/lat) at `zoom` and returns the page pixel of that point. */
export async function centreOn(page: Page, lonLat: [number, number], zoom: number): Promise<{ x: number; y: number }> {
  await page.evaluate(([center, z]) => window.__tuowei!.map.jumpTo({ center: center, zoom: z }), [lonLat, zoom] as const);
  await waitForRender(page);
  const box = (await page.locator('#map').boundingBox())!;
  const point = await page.evaluate((p) => window.__tuowei!.map.project(p), lonLat);
  return { x: box.x + point.x, y: box.y + point.y };
}
