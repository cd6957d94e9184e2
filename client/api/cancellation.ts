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
