/**
 * The roll-up page's Recompute button (重新计算, issue #15) and its sign-in. For a signed-in user who may
 * edit the city or province on view (bureau or admin, within their jurisdictions or below one of
 * them), it asks POST …/rollup/refresh — a job that hands each county lacking a stored result to the
 * workers — shows the job's progress ("n of N counties done") with the job-progress bar of the other
 * pages, and reloads the roll-up once the job has succeeded. Others see no button.
 */
import { ApiError } from '../api/client';
import type { JurisdictionListItem } from '../api/types';
import { currentSession, loadSession, mayAct, onSessionChange, requestJson } from '../auth/session';
import { SignInWidget } from '../auth/sign-in';
import { getLocale } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import { JobProgress, waitForJob, type AcceptedJob } from '../panels/job-progress';
import { tr } from './messages';

/** The city or province and year on view, and every jurisdiction (for the one above it). */
export interface RefreshContext {
  id: string | null;
  year: number | null;
  jurisdictions: readonly JurisdictionListItem[];
}

/** What the job's result says of the counties (GET /api/jobs/{id} of a `county summaries` job). */
interface RefreshResult {
  submitted: number;
  stored: { id: string; name: string }[];
  skipped: { id: string; name: string }[];
}

/**
 * Whether the signed-in user may recompute jurisdiction `id`: the server allows it to a bureau user
 * (or an admin) whose jurisdictions name it or one above it.
 */
export function mayRecompute(id: string, jurisdictions: readonly JurisdictionListItem[]): boolean {
  const session = currentSession();
  const parentOf = new Map(jurisdictions.map((j) => [j.id, j.parentId]));
  const seen = new Set<string>();
  for (let at: string | null = id; at !== null && !seen.has(at); at = parentOf.get(at) ?? null) {
    seen.add(at);
    if (mayAct(session, 'bureau', at)) return true;
  }
  return false;
}

export class RollupRefresh {
  private readonly progress = new JobProgress();
  private readonly status = h('p', { className: 'ru-refresh-status db-footnote', role: 'status', 'aria-live': 'polite' });
  /** The recompute under way, if any. */
  private running: { id: string; year: number } | null = null;
  /** What the last recompute of a jurisdiction and year ended with, in the reader's language. */
  private outcome: { id: string; year: number; text: () => string } | null = null;

  /**
   * @param container where the button, the progress and the outcome go (hidden when the user may not)
   * @param auth the header's place for the sign-in widget
   * @param reload loads the roll-up on view again
   */
  constructor(
    private readonly container: HTMLElement,
    auth: HTMLElement,
    private readonly context: () => RefreshContext,
    private readonly reload: () => Promise<void>,
  ) {
    new SignInWidget(auth);
    onSessionChange(() => this.render());
    void loadSession().catch(() => undefined);
  }

  /** Shows the button when the signed-in user may recompute the jurisdiction on view. */
  render(): void {
    const { id, year, jurisdictions } = this.context();
    if (id === null || year === null || !mayRecompute(id, jurisdictions)) {
      this.container.hidden = true;
      replaceChildren(this.container);
      return;
    }
    const button = h(
      'button',
      {
        type: 'button',
        id: 'rollup-refresh',
        className: 'button button-small',
        title: tr('refreshTitle'),
        disabled: this.running !== null,
      },
      tr(this.running ? 'refreshRunning' : 'refreshButton'),
    );
    button.addEventListener('click', () => void this.start(id, year));
    const outcome = this.outcome?.id === id && this.outcome.year === year ? this.outcome.text() : '';
    this.status.textContent = outcome;
    this.status.hidden = outcome === '';
    this.container.hidden = false;
    replaceChildren(this.container, button, this.progress.element, this.status);
  }

  private async start(id: string, year: number): Promise<void> {
    this.running = { id, year };
    this.outcome = null;
    this.render();
    try {
      const { job } = await requestJson<AcceptedJob>('POST', `/jurisdictions/${encodeURIComponent(id)}/rollup/refresh?year=${year}`);
      this.progress.show(job);
      const result = await waitForJob<RefreshResult>(job.id, { onProgress: (state) => this.progress.show(state) });
      this.outcome = {
        id,
        year,
        text: () =>
          result.submitted === 0
            ? tr('refreshNothing')
            : tr(result.skipped.length > 0 ? 'refreshDoneSkipped' : 'refreshDone', {
                n: result.stored.length,
                skipped: result.skipped.map((c) => c.name).join(getLocale() === 'zh' ? '、' : ', '),
              }),
      };
      const now = this.context();
      if (now.id === id && now.year === year) await this.reload();
    } catch (error) {
      // The job's error names the counties that failed, and why each did.
      const message = error instanceof Error ? error.message : String(error);
      const reasons = error instanceof ApiError ? error.issues.map((issue) => issue.message) : [];
      this.outcome = { id, year, text: () => tr('refreshFailed', { message: [message, ...reasons].join(' ') }) };
    } finally {
      this.running = null;
      this.progress.clear();
      this.render();
    }
  }
}
