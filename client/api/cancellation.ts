/**
 * Newer requests of a kind replace older ones: switching the year twice quickly must not let the first
 * year's answer arrive last and overwrite the second's.
 */
const controllers = new Map<string, AbortController>();

/** Cancels the previous request group of the same kind and returns a signal for the new one. */
export function restart(kind: string): AbortSignal {
  controllers.get(kind)?.abort();
  const controller = new AbortController();
  controllers.set(kind, controller);
  return controller.signal;
}

/** A request cancelled by {@link restart}: not an error to show. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** What to do with the newest request's outcome; `settled` runs after either, unless a newer request took over. */
export interface LatestRequestHandlers<T> {
  answered(value: T): void;
  failed(error: unknown): void;
  settled(): void;
}

/**
 * A panel's own request, one at a time: starting one aborts the one before it, an aborted request's
 * failure is not shown, and only the newest request ends the panel's busy state, so a slow older answer
 * can neither overwrite nor un-busy a newer one.
 */
export class LatestRequest {
  private controller: AbortController | null = null;

  /** Aborts the request under way; it still settles (the panel leaves its busy state). */
  abort(): void {
    this.controller?.abort();
  }

  /** Aborts the request under way and forgets it: it does not settle (the caller has already tidied up). */
  cancel(): void {
    this.controller?.abort();
    this.controller = null;
  }

  async run<T>(request: (signal: AbortSignal) => Promise<T>, handlers: LatestRequestHandlers<T>): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    try {
      handlers.answered(await request(controller.signal));
    } catch (error) {
      if (controller.signal.aborted) return;
      handlers.failed(error);
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        handlers.settled();
      }
    }
  }
}
