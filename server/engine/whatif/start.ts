/**
 * The state a site suggestion starts from: the year's baseline with the planner's current proposal
 * (placed sites, resized and removed facilities) applied, so that suggestions add to what is already
 * on the map instead of proposing again what the planner has placed, or ignoring what they removed.
 * Residential projects are not part of the starting point: their residents are not population units.
 */
import { createBaseline, type BaselineState } from './baseline.js';
import { applyProposal, type Proposal } from './proposal.js';

/** A new baseline over the proposal's facilities; throws ProposalError (with its path) for a change the data cannot take. */
export function baselineWithProposal(base: BaselineState, proposal: Omit<Proposal, 'projects'>): BaselineState {
  const applied = applyProposal(base, { ...proposal, projects: [] });
  return createBaseline({ ...base.data, facilities: applied.facilities }, base.network, base.year, { searchLimitM: base.searchLimitM });
}

/**
 * Slots each suggested site takes off its township's gap, in the order the sites are listed: a site
 * closes at most what the township still lacks after the sites before it; 0 outside every township
 * or in a township already at target.
 */
export function townshipGapReductions(
  sites: readonly { township: string | null; slots: number }[],
  gapBefore: ReadonlyMap<string, number | null>,
): number[] {
  const remaining = new Map<string, number>();
  for (const [code, gap] of gapBefore) remaining.set(code, gap ?? 0);
  return sites.map((site) => {
    if (site.township === null) return 0;
    const gap = remaining.get(site.township) ?? 0;
    const reduced = Math.max(0, Math.min(gap, site.slots));
    remaining.set(site.township, gap - reduced);
    return reduced;
  });
}
