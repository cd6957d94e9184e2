/**
 * One load of a page's data, as every page runs it: busy markers on while it runs, a failure shown in the
 * error banner with a retry, a cancelled request (a newer one of its kind took over) not shown at all.
 */
import { isAbort } from '../api/cancellation';
import type { ErrorBanner } from '../panels/error-banner';

/** Marks work in progress; the returned function ends it and is called exactly once. */
export type BusyMarker = () => () => void;

/** Runs `task`; on failure the banner's retry button clears the banner and calls `retry`. */
export type LoadRunner = (task: () => Promise<void>, retry: () => void) => Promise<void>;

export interface LoadRunnerOptions {
  errorBanner: ErrorBanner;
  /** Begun in this order when a load starts, ended in the reverse order when it is over. */
  markers: BusyMarker[];
  /** Whether a new load first hides the failure of an earlier one. */
  clearBannerOnStart?: boolean;
}

export function createLoadRunner({ errorBanner, markers, clearBannerOnStart = false }: LoadRunnerOptions): LoadRunner {
  return async (task, retry) => {
    const ends = markers.map((begin) => begin());
    if (clearBannerOnStart) errorBanner.clear();
    try {
      await task();
    } catch (error) {
      if (!isAbort(error)) {
        errorBanner.show(error, () => {
          errorBanner.clear();
          retry();
        });
      }
    } finally {
      for (const end of ends.reverse()) end();
    }
  };
}

/**
 * The page's `body[data-busy]`: "true" while any load that began with this marker runs, "false" once the
 * last one is over (what the browser tests wait for).
 */
export function bodyBusyMarker(): BusyMarker {
  let pending = 0;
  return () => {
    pending += 1;
    document.body.dataset.busy = 'true';
    return () => {
      pending -= 1;
      if (pending === 0) document.body.dataset.busy = 'false';
    };
  };
}
