/**
 * The pages' shared load wrapper (client/app/load-runner.ts) without the DOM: busy markers begun in
 * order and ended in reverse, a failure shown with a retry that clears the banner first, a cancelled
 * request not shown, and body[data-busy] false only once the last of overlapping loads is over.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bodyBusyMarker, createLoadRunner } from '../../client/app/load-runner.js';
import type { ErrorBanner } from '../../client/panels/error-banner.js';

/** Records what the page's banner is asked to do. */
function fakeBanner() {
  const calls: string[] = [];
  let retry: (() => void) | null = null;
  let shown: unknown = null;
  const banner = {
    show(error: unknown, onRetry: (() => void) | null) {
      calls.push('show');
      shown = error;
      retry = onRetry;
    },
    clear() {
      calls.push('clear');
      shown = null;
    },
  };
  return { banner: banner as unknown as ErrorBanner, calls, shown: () => shown, retry: () => retry?.() };
}

describe('createLoadRunner', () => {
  it('begins the markers in order and ends them in reverse, after the task', async () => {
    const log: string[] = [];
    const marker = (name: string) => () => {
      log.push(`begin ${name}`);
      return () => log.push(`end ${name}`);
    };
    const { banner, calls } = fakeBanner();
    const run = createLoadRunner({ errorBanner: banner, markers: [marker('a'), marker('b')] });
    await run(
      () => {
        log.push('task');
        return Promise.resolve();
      },
      () => undefined,
    );
    expect(log).toEqual(['begin a', 'begin b', 'task', 'end b', 'end a']);
    expect(calls).toEqual([]);
  });

  it('shows a failure with a retry that clears the banner and runs the retry; ends the markers anyway', async () => {
    const failure = new Error('HTTP 503');
    let ended = 0;
    let retried = 0;
    const { banner, calls, shown, retry } = fakeBanner();
    const run = createLoadRunner({ errorBanner: banner, markers: [() => () => (ended += 1)], clearBannerOnStart: true });
    await run(
      () => Promise.reject(failure),
      () => (retried += 1),
    );
    expect(calls).toEqual(['clear', 'show']);
    expect(shown()).toBe(failure);
    expect(ended).toBe(1);
    retry();
    expect(calls).toEqual(['clear', 'show', 'clear']);
    expect(retried).toBe(1);
  });

  it('does not show a cancelled request', async () => {
    const { banner, calls } = fakeBanner();
    const run = createLoadRunner({ errorBanner: banner, markers: [] });
    await run(
      () => Promise.reject(new DOMException('replaced by a newer request', 'AbortError')),
      () => undefined,
    );
    expect(calls).toEqual([]);
  });
});

describe('bodyBusyMarker', () => {
  const realDocument = globalThis.document;
  afterEach(() => {
    globalThis.document = realDocument;
  });

  it('marks the body busy until the last of overlapping loads is over', () => {
    const dataset: Record<string, string> = {};
    globalThis.document = { body: { dataset } } as unknown as Document;
    const begin = bodyBusyMarker();
    const endFirst = begin();
    const endSecond = begin();
    expect(dataset.busy).toBe('true');
    endFirst();
    expect(dataset.busy).toBe('true');
    endSecond();
    expect(dataset.busy).toBe('false');
  });
});
