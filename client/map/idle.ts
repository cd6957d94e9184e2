/**
 * Tells the outside world (the browser test, screen readers' "busy" state) when the map shows the
 * current selection completely: no request pending and the map has rendered and gone idle since the
 * last data change. Exposed as `data-map-idle="true|false"` on the map element and `window.__tuowei`.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

export interface TuoweiHandle {
  /** True when every request has finished and the map has rendered the result. */
  mapIdle: boolean;
  /** Resolves the next time `mapIdle` becomes true (immediately when it already is). */
  whenIdle(): Promise<void>;
  map: MapLibreMap;
}

declare global {
  interface Window {
    __tuowei?: TuoweiHandle;
  }
}

export class IdleTracker {
  private pending = 0;
  private waiters: (() => void)[] = [];
  private readonly handle: TuoweiHandle;
  private generation = 0;

  constructor(
    private readonly map: MapLibreMap,
    private readonly element: HTMLElement,
  ) {
    this.handle = {
      mapIdle: false,
      whenIdle: () => (this.handle.mapIdle ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve))),
      map,
    };
    window.__tuowei = this.handle;
    this.setIdle(false);
  }

  /** True while any begun work has not ended. */
  isBusy(): boolean {
    return this.pending > 0;
  }

  /** Marks work in progress; call the returned function exactly once when it is over. */
  begin(): () => void {
    this.pending += 1;
    this.setIdle(false);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.pending -= 1;
      if (this.pending === 0) this.settle();
    };
  }

  /** Waits for the map to render what it has now, then reports idle if nothing new started meanwhile. */
  private settle(): void {
    const generation = ++this.generation;
    const done = (): void => {
      if (generation !== this.generation || this.pending > 0) return;
      this.setIdle(true);
    };
    this.map.once('idle', done);
    this.map.triggerRepaint();
  }

  private setIdle(idle: boolean): void {
    this.handle.mapIdle = idle;
    this.element.dataset.mapIdle = String(idle);
    this.element.setAttribute('aria-busy', String(!idle));
    if (idle) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
