/**
 * The viewed jurisdiction's profile for the help: its detail (targets, comparisons, parameters, the
 * source of its targets and rules) and the year's indicator table (unit, comparison and target note of
 * each indicator), read once per jurisdiction and year through the public API.
 */
import { fetchJurisdiction } from '../api/client';
import { fetchIndicatorTable } from '../dashboard/api';
import type { HelpProfile } from './render';

const cache = new Map<string, Promise<HelpProfile>>();

export function loadHelpProfile(jurisdictionId: string, year: number): Promise<HelpProfile> {
  const key = `${jurisdictionId}|${year}`;
  let loading = cache.get(key);
  if (!loading) {
    loading = (async (): Promise<HelpProfile> => {
      try {
        const detail = await fetchJurisdiction(jurisdictionId);
        // The table only refines units and target notes: without it the targets still show.
        const table = await fetchIndicatorTable(jurisdictionId, year).catch(() => null);
        return { state: 'loaded', year, detail, table };
      } catch {
        cache.delete(key);
        return { state: 'failed' };
      }
    })();
    cache.set(key, loading);
  }
  return loading;
}
