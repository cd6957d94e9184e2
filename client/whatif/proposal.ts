/**
 * The planner's proposal as an ordered list of changes (the same list a saved scenario stores), with
 * undo, and the pure conversions the panel needs: the body of `POST /proposals/evaluate`, which
 * request site belongs to which change, and the residents a proposal newly brings within a threshold.
 * No DOM, no requests. Coordinates WGS84 [lon, lat]; distances metres.
 */
import type { ChangedUnit, Change, ProposalRequest } from './types';

/** Undo steps kept (a planner rarely goes back further; a snapshot is a small array). */
const UNDO_LIMIT = 200;

/** The changes with an undo history of earlier lists. Every edit makes a new list (never mutates). */
export class ProposalHistory {
  private list: Change[] = [];
  private undoStack: Change[][] = [];

  get changes(): readonly Change[] {
    return this.list;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  /** Replaces the list, remembering the previous one for undo. */
  set(next: Change[]): void {
    this.undoStack.push(this.list);
    if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
    this.list = next;
  }

  add(change: Change): void {
    this.set([...this.list, change]);
  }

  /**
   * Resizes or removes an existing facility: an earlier resize or removal of the same facility is
   * replaced (the server takes one change per facility), and the new change goes last.
   */
  changeFacility(change: Extract<Change, { kind: 'resizeFacility' | 'removeFacility' }>): void {
    const others = this.list.filter((c) => !((c.kind === 'resizeFacility' || c.kind === 'removeFacility') && c.id === change.id));
    this.set([...others, change]);
  }

  /** Replaces change `index` with `change`. */
  replace(index: number, change: Change): void {
    if (index < 0 || index >= this.list.length) return;
    this.set(this.list.map((c, i) => (i === index ? change : c)));
  }

  removeAt(index: number): void {
    if (index < 0 || index >= this.list.length) return;
    this.set(this.list.filter((_, i) => i !== index));
  }

  clear(): void {
    if (this.list.length > 0) this.set([]);
  }

  undo(): void {
    const previous = this.undoStack.pop();
    if (previous) this.list = previous;
  }

  /** Starts over from `changes` (a loaded scenario, a new jurisdiction): no undo across it. */
  reset(changes: Change[] = []): void {
    this.list = changes;
    this.undoStack = [];
  }
}

/** Request lists of `POST /proposals/evaluate`; each change goes into one of them. */
export type RequestList = 'sites' | 'remove' | 'resize' | 'projects';

/**
 * The body of `POST /proposals/evaluate` for `changes` in `year`, and for each request list the change
 * index of each entry (`origin.sites[2]` is the change that became `sites[2]`), so that the answer's
 * per-site figures and an error's field path (`body.remove.0`) lead back to the change. A change that
 * carries a later year than `year` does not act yet and is left out; the year itself is a scenario's
 * field, not the evaluation's.
 */
export function evaluationRequest(
  changes: readonly Change[],
  year: number,
): { body: ProposalRequest; origin: Record<RequestList, number[]> } {
  const body = { year, sites: [], remove: [], resize: [], projects: [] } as {
    year: number;
    sites: NonNullable<ProposalRequest['sites']>;
    remove: string[];
    resize: NonNullable<ProposalRequest['resize']>;
    projects: NonNullable<ProposalRequest['projects']>;
  };
  const origin: Record<RequestList, number[]> = { sites: [], remove: [], resize: [], projects: [] };
  changes.forEach((change, index) => {
    if (change.year !== undefined && change.year > year) return;
    const { kind: _kind, year: _year, ...fields } = change;
    switch (change.kind) {
      case 'addFacility':
        body.sites.push(fields as (typeof body.sites)[number]);
        origin.sites.push(index);
        break;
      case 'resizeFacility':
        body.resize.push(fields as (typeof body.resize)[number]);
        origin.resize.push(index);
        break;
      case 'removeFacility':
        body.remove.push(change.id);
        origin.remove.push(index);
        break;
      case 'addProject':
        body.projects.push(fields as (typeof body.projects)[number]);
        origin.projects.push(index);
        break;
    }
  });
  return { body, origin };
}

/** The change an error's field path names (`body.sites.2.slots` → the change that became sites[2]), or null. */
export function changeOfPath(path: string, origin: Record<RequestList, number[]>): number | null {
  const match = /^body\.(sites|remove|resize|projects)\.(\d+)/.exec(path);
  if (!match) return null;
  return origin[match[1] as RequestList][Number(match[2])] ?? null;
}

/** Walking distance of a threshold: speed (km/h) × 1000 ÷ 60 × minutes (DATA_FORMAT.md "Covered within T minutes"). */
export function thresholdMeters(walkSpeedKmh: number, thresholdMin: number): number {
  return ((walkSpeedKmh * 1000) / 60) * thresholdMin;
}

const within = (distanceM: number | null, limitM: number): boolean => distanceM !== null && distanceM <= limitM;

/**
 * The listed population units whose coverage within `thresholdM` the proposal changes: `gained` were
 * beyond it (or unreachable) and are within it after; `lost` the reverse (a removal or a shrink).
 */
export function coverageChanges(units: readonly ChangedUnit[], thresholdM: number): { gained: ChangedUnit[]; lost: ChangedUnit[] } {
  const gained: ChangedUnit[] = [];
  const lost: ChangedUnit[] = [];
  for (const unit of units) {
    const before = within(unit.beforeDistanceM, thresholdM);
    const after = within(unit.afterDistanceM, thresholdM);
    if (!before && after) gained.push(unit);
    else if (before && !after) lost.push(unit);
  }
  return { gained, lost };
}

/** Inclusive slots of a new site of `slots`, at the share the planner gave for new sites (rounded down). */
export function inclusiveAtShare(slots: number, share: number): number {
  return Math.min(slots, Math.max(0, Math.floor(slots * share)));
}
