/**
 * The selection both pages keep in their URL (`?j=<jurisdiction>&year=<year>…`), so that a link or a
 * reload opens the same view.
 */

/** The jurisdiction the URL names (`j`), else the first listed; undefined when none is listed. */
export function requestedJurisdiction<T extends { id: string }>(listed: readonly T[]): T | undefined {
  const requested = new URLSearchParams(window.location.search).get('j');
  return listed.find((item) => item.id === requested) ?? listed[0];
}
