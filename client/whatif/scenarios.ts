/**
 * Saved scenarios (方案保存与对比): sign in as a planner, save the current proposal under a name (a new
 * scenario, or the loaded one at its version), list, load, duplicate, delete, compare two side by side
 * and export (GeoJSON of the changes, or a data package with them applied).
 *
 * Errors are said in the planner's words: 401 → the session ended, sign in again; 403 → this account
 * is not a planner (or the page's CSRF token is stale: reloaded, try again); 409 → someone saved the
 * scenario first: nothing was overwritten, and the planner may load their version or save theirs as a
 * new scenario.
 */
import { ApiError } from '../api/client';
import { formatInteger, getLocale, t, tMaybe } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import {
  compareScenarios,
  createScenario,
  deleteScenario,
  duplicateScenario,
  fetchScenario,
  fetchTrajectory,
  listScenarios,
  scenarioExportUrl,
  updateScenario,
  type ScenarioInput,
} from './api';
import { comparisonView } from './compare-view';
import type { Attainment } from '../layers/attainment';
import { trajectoryView } from './trajectory-view';
import { currentSession, loadSession, mayAct, onSessionChange, RequestError, signIn, signInFailure, signOut } from '../auth/session';
import type { Change, Comparison, Scenario, ScenarioListItem, Trajectory } from './types';
import './scenarios.css';
import { withHelp } from '../help/drawer';

/** What the section needs from the what-if panel. */
export interface ScenarioHost {
  context(): { jurisdictionId: string; year: number; thresholdMin: number } | null;
  /** The proposal being edited. */
  changes(): readonly Change[];
  /** Replaces the proposal with a scenario's changes (and switches to its year). */
  load(scenario: Scenario): void;
  /** The loaded scenario changed (saved, loaded, forgotten): the panel's heading follows. */
  loadedChanged(): void;
  begin(): () => void;
  /** Colours the map's townships by a trajectory's year (attainment by township code); null: the data's own year again. */
  showYearOnMap(attainment: ReadonlyMap<string, Attainment> | null): void;
}

/** The scenario the proposal was loaded from or last saved as. */
interface Loaded {
  jurisdictionId: string;
  id: number;
  name: string;
  version: number;
  /** The proposal as saved: an edit since then makes the scenario "modified". */
  changes: readonly Change[];
  /** Whether the signed-in planner may save over it (its author, shared, or an admin); else only "save as new". */
  mayChange: boolean;
}

/**
 * Whether the signed-in user may change or delete a scenario: its author or an admin, or anyone of the
 * jurisdiction when the author shared it (the server answers 403 otherwise, so the page does not offer it).
 */
function mayChangeScenario(scenario: { createdBy: string; shared: boolean }): boolean {
  const user = currentSession().user;
  return user !== null && (user.role === 'admin' || user.name === scenario.createdBy || scenario.shared);
}

type Message = { kind: 'info' | 'error'; text: string } | { kind: 'conflict'; text: string; current: Scenario };

const NAME_MAX_LENGTH = 200;

export class ScenarioSection {
  readonly element: HTMLElement;
  private scenarios: ScenarioListItem[] = [];
  private listLoaded = false;
  private loaded: Loaded | null = null;
  private name = '';
  private busy = false;
  private message: Message | null = null;
  private confirmDelete: number | null = null;
  private compareA: number | null = null;
  private compareB: number | null = null;
  private comparison: Comparison | null = null;
  private comparing = false;
  /** The scenario shown year by year, if any. */
  private trajectory: { name: string; data: Trajectory } | null = null;
  private signInName = '';
  private signInError: string | null = null;
  private signingIn = false;
  private sessionChecked = false;

  constructor(private readonly host: ScenarioHost) {
    this.element = h('section', { className: 'panel wi-scenarios', id: 'wi-scenarios', 'aria-labelledby': 'wi-scenarios-title' });
    onSessionChange((session) => {
      if (mayAct(session, 'planner', this.host.context()?.jurisdictionId ?? null)) void this.refreshList();
      else {
        this.scenarios = [];
        this.listLoaded = false;
        this.comparison = null;
      }
      this.render();
    });
  }

  /** Asks the server once who is signed in (200 either way: the page shows no error when nobody is). */
  async start(): Promise<void> {
    if (this.sessionChecked) return;
    this.sessionChecked = true;
    try {
      await loadSession();
    } catch {
      // Offline: the section offers sign-in, which says what failed.
    }
    this.render();
  }

  /** A new jurisdiction: the loaded scenario and the list belong to the old one. */
  reset(): void {
    this.loaded = null;
    this.message = null;
    this.comparison = null;
    this.compareA = null;
    this.compareB = null;
    this.confirmDelete = null;
    this.listLoaded = false;
    this.scenarios = [];
    if (mayAct(currentSession(), 'planner', this.host.context()?.jurisdictionId ?? null)) void this.refreshList();
    this.render();
  }

  /** The loaded scenario's name and whether the proposal differs from it (for the panel's heading). */
  loadedState(): { name: string; modified: boolean } | null {
    if (!this.loaded) return null;
    return { name: this.loaded.name, modified: !sameChanges(this.loaded.changes, this.host.changes()) };
  }

  /** Forgets the loaded scenario (the proposal was cleared to start a new one). */
  detach(): void {
    this.loaded = null;
    this.name = '';
    this.render();
  }

  // --- requests ----------------------------------------------------------------------------------

  private async refreshList(): Promise<void> {
    const context = this.host.context();
    if (!context) return;
    const end = this.host.begin();
    try {
      this.scenarios = await listScenarios(context.jurisdictionId);
      this.listLoaded = true;
      const ids = new Set(this.scenarios.map((s) => s.id));
      if (this.compareA !== null && !ids.has(this.compareA)) this.compareA = null;
      if (this.compareB !== null && !ids.has(this.compareB)) this.compareB = null;
    } catch (error) {
      this.showError(error);
    } finally {
      end();
      this.render();
    }
  }

  /** Runs one scenario request with the busy state; errors become the section's message. */
  private async act(task: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.message = null;
    this.render();
    const end = this.host.begin();
    try {
      await task();
    } catch (error) {
      this.showError(error);
    } finally {
      this.busy = false;
      end();
      this.render();
    }
  }

  private input(context: { year: number }, name: string): ScenarioInput {
    return { name, year: context.year, changes: [...this.host.changes()] };
  }

  private save(asNew: boolean): Promise<void> {
    return this.act(async () => {
      const context = this.host.context();
      if (!context) return;
      const name = this.name.trim() || this.loaded?.name || defaultName();
      const loaded = this.loaded?.jurisdictionId === context.jurisdictionId ? this.loaded : null;
      const saved =
        loaded && !asNew
          ? await updateScenario(context.jurisdictionId, loaded.id, loaded.version, this.input(context, name))
          : await createScenario(
              context.jurisdictionId,
              this.input(context, asNew && loaded && name === loaded.name ? copyName(name) : name),
            );
      this.remember(saved);
      this.message = { kind: 'info', text: t('wiSaved', { name: saved.name, version: saved.version }) };
      await this.refreshList();
    });
  }

  private load(sid: number): Promise<void> {
    return this.act(async () => {
      const context = this.host.context();
      if (!context) return;
      const scenario = await fetchScenario(context.jurisdictionId, sid);
      this.useScenario(scenario);
      this.message = { kind: 'info', text: t('wiLoaded', { name: scenario.name, version: scenario.version }) };
    });
  }

  private useScenario(scenario: Scenario): void {
    this.remember(scenario);
    this.host.load(scenario);
  }

  private remember(scenario: Scenario): void {
    this.loaded = {
      jurisdictionId: scenario.jurisdictionId,
      id: scenario.id,
      name: scenario.name,
      version: scenario.version,
      changes: scenario.changes,
      mayChange: mayChangeScenario(scenario),
    };
    this.name = scenario.name;
    this.host.loadedChanged();
  }

  private duplicate(sid: number): Promise<void> {
    return this.act(async () => {
      const context = this.host.context();
      if (!context) return;
      const copy = await duplicateScenario(context.jurisdictionId, sid);
      this.message = { kind: 'info', text: t('wiDuplicated', { name: copy.name }) };
      await this.refreshList();
    });
  }

  private remove(item: ScenarioListItem): Promise<void> {
    return this.act(async () => {
      const context = this.host.context();
      if (!context) return;
      this.confirmDelete = null;
      await deleteScenario(context.jurisdictionId, item.id, item.version);
      if (this.loaded?.id === item.id) {
        this.loaded = null;
        this.host.loadedChanged();
      }
      if (this.compareA === item.id) this.compareA = null;
      if (this.compareB === item.id) this.compareB = null;
      this.comparison = null;
      this.message = { kind: 'info', text: t('wiDeleted', { name: item.name }) };
      await this.refreshList();
    });
  }

  private async showTrajectory(item: ScenarioListItem): Promise<void> {
    const context = this.host.context();
    if (!context) return;
    this.message = null;
    const end = this.host.begin();
    try {
      this.trajectory = { name: item.name, data: await fetchTrajectory(context.jurisdictionId, item.id) };
    } catch (error) {
      this.showError(error);
    } finally {
      end();
      this.render();
    }
  }

  private async compare(): Promise<void> {
    const context = this.host.context();
    if (!context || this.compareA === null || this.compareB === null || this.comparing) return;
    this.comparing = true;
    this.message = null;
    this.render();
    const end = this.host.begin();
    try {
      this.comparison = await compareScenarios(context.jurisdictionId, this.compareA, this.compareB);
    } catch (error) {
      this.showError(error);
    } finally {
      this.comparing = false;
      end();
      this.render();
    }
  }

  private async submitSignIn(name: string, password: string): Promise<void> {
    if (this.signingIn || name.length === 0 || password.length === 0) return;
    this.signingIn = true;
    this.signInName = name;
    this.signInError = null;
    this.render();
    try {
      const session = await signIn(name, password);
      if (!mayAct(session, 'planner', this.host.context()?.jurisdictionId ?? null))
        this.message = { kind: 'error', text: t('wiNotPlanner', { name, role: roleName(session.user?.role) }) };
    } catch (error) {
      this.signInError = signInFailure(error);
    } finally {
      this.signingIn = false;
      this.render();
      if (!currentSession().authenticated) this.element.querySelector<HTMLInputElement>('#wi-signin-password')?.focus();
    }
  }

  private showError(error: unknown): void {
    if (!(error instanceof ApiError)) {
      this.message = { kind: 'error', text: error instanceof Error ? error.message : String(error) };
      return;
    }
    const session = currentSession();
    if (error.status === 409 && error instanceof RequestError && isScenario(error.details.current)) {
      const current = error.details.current;
      this.message = {
        kind: 'conflict',
        text: t('wiConflict', { name: current.name, by: current.updatedBy, version: current.version }),
        current,
      };
    } else if (error.status === 401) {
      this.message = { kind: 'error', text: t('wiSessionEnded') };
    } else if (error.status === 403 && error.code === 'csrf') {
      // The page's token belongs to an older session: fetch the current one; the next try carries it.
      void loadSession().catch(() => undefined);
      this.message = { kind: 'error', text: t('wiCsrfRetry') };
    } else if (error.status === 403) {
      this.message = { kind: 'error', text: t('wiNotPlanner', { name: session.user?.name ?? '', role: roleName(session.user?.role) }) };
    } else if (error.status === 404) {
      this.message = { kind: 'error', text: t('wiScenarioGone') };
      void this.refreshList();
    } else if (error.status === 0) {
      this.message = { kind: 'error', text: t('errorNetwork') };
    } else {
      const issues = error.issues.map((issue) => `${issue.path}: ${issue.message}`);
      this.message = { kind: 'error', text: [error.message, ...issues].join(' · ') };
    }
  }

  // --- rendering ---------------------------------------------------------------------------------

  render(): void {
    const session = currentSession();
    const planner = mayAct(session, 'planner', this.host.context()?.jurisdictionId ?? null);
    const focusedId =
      document.activeElement instanceof HTMLElement && this.element.contains(document.activeElement) ? document.activeElement.id : '';
    replaceChildren(
      this.element,
      withHelp(
        h(
          'h2',
          { className: 'panel-title', id: 'wi-scenarios-title' },
          t('wiScenariosTitle'),
          session.authenticated && session.user ? this.userLine(session.user.name, session.user.role) : null,
        ),
        'trajectory',
      ),
      session.authenticated ? null : this.signInForm(),
      this.messageLine(),
      planner ? this.saveForm() : null,
      planner ? this.list() : null,
      planner && this.scenarios.length >= 2 ? this.compareForm() : null,
      planner && this.comparison ? comparisonView(this.comparison, this.host.context()?.thresholdMin ?? 15) : null,
      planner && this.trajectory
        ? trajectoryView(this.trajectory.data, this.trajectory.name, (_year, attainment) => this.host.showYearOnMap(attainment))
        : null,
    );
    if (!(planner && this.trajectory)) this.host.showYearOnMap(null);
    if (focusedId) document.getElementById(focusedId)?.focus();
  }

  private userLine(name: string, role: string): HTMLElement {
    const button = h('button', { type: 'button', className: 'button button-small button-ghost', id: 'wi-signout' }, t('wiSignOut'));
    button.addEventListener('click', () => {
      button.disabled = true;
      this.message = null;
      void signOut().catch(() => undefined);
    });
    return h(
      'span',
      { className: 'wi-user' },
      h('span', { className: 'wi-user-name', id: 'wi-signed-in' }, `${name} · ${roleName(role)}`),
      button,
    );
  }

  private signInForm(): HTMLElement {
    const name = h('input', {
      id: 'wi-signin-name',
      className: 'input',
      name: 'username',
      autocomplete: 'username',
      required: true,
      maxlength: 100,
      value: this.signInName,
    });
    const password = h('input', {
      id: 'wi-signin-password',
      className: 'input',
      type: 'password',
      name: 'password',
      autocomplete: 'current-password',
      required: true,
      maxlength: 1000,
    });
    const submit = h(
      'button',
      { type: 'submit', className: 'button button-primary', id: 'wi-signin-submit', disabled: this.signingIn },
      this.signingIn ? t('wiSigningIn') : t('wiSignIn'),
    );
    const form = h(
      'form',
      { className: 'wi-signin', id: 'wi-signin-form', 'aria-describedby': 'wi-signin-hint' },
      h(
        'p',
        { className: 'wi-signin-hint', id: 'wi-signin-hint' },
        h('span', { className: 'wi-lock', 'aria-hidden': 'true' }, '🔒'),
        t('wiSignInPrompt'),
      ),
      h(
        'div',
        { className: 'wi-signin-fields' },
        h('div', { className: 'field' }, h('label', { for: 'wi-signin-name' }, t('wiUserName')), name),
        h('div', { className: 'field' }, h('label', { for: 'wi-signin-password' }, t('wiPassword')), password),
        submit,
      ),
      this.signInError ? h('p', { className: 'pc-field-error', role: 'alert', id: 'wi-signin-error' }, this.signInError) : null,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submitSignIn(name.value.trim(), password.value);
    });
    return form;
  }

  private messageLine(): HTMLElement | null {
    const message = this.message;
    if (!message) return null;
    if (message.kind !== 'conflict') {
      return h(
        'p',
        { className: `wi-message is-${message.kind}`, id: 'wi-scenario-message', role: message.kind === 'error' ? 'alert' : 'status' },
        message.text,
      );
    }
    const reload = h('button', { type: 'button', className: 'button button-small', id: 'wi-conflict-reload' }, t('wiConflictReload'));
    reload.addEventListener('click', () => {
      this.useScenario(message.current);
      this.message = { kind: 'info', text: t('wiLoaded', { name: message.current.name, version: message.current.version }) };
      void this.refreshList();
      this.render();
    });
    const saveAsNew = h('button', { type: 'button', className: 'button button-small', id: 'wi-conflict-save-new' }, t('wiSaveAsNew'));
    saveAsNew.addEventListener('click', () => void this.save(true));
    return h(
      'div',
      { className: 'wi-message is-conflict', id: 'wi-scenario-message', role: 'alert' },
      h('p', {}, message.text),
      h('div', { className: 'wi-message-actions' }, reload, saveAsNew),
    );
  }

  private saveForm(): HTMLElement {
    const context = this.host.context();
    const changes = this.host.changes();
    const loaded = this.loaded && context && this.loaded.jurisdictionId === context.jurisdictionId ? this.loaded : null;
    const name = h('input', {
      id: 'wi-scenario-name',
      className: 'input',
      maxlength: NAME_MAX_LENGTH,
      placeholder: defaultName(),
      value: this.name,
      autocomplete: 'off',
    });
    name.addEventListener('input', () => {
      this.name = name.value;
    });
    const save = h(
      'button',
      { type: 'submit', className: 'button button-primary', id: 'wi-save', disabled: this.busy || changes.length === 0 || !context },
      this.busy
        ? t('wiSaving')
        : loaded?.mayChange
          ? t('wiSaveVersion', { version: loaded.version + 1 })
          : loaded
            ? t('wiSaveAsNew')
            : t('wiSave'),
    );
    const saveAsNew = loaded?.mayChange
      ? h(
          'button',
          { type: 'button', className: 'button', id: 'wi-save-new', disabled: this.busy || changes.length === 0 },
          t('wiSaveAsNew'),
        )
      : null;
    saveAsNew?.addEventListener('click', () => void this.save(true));
    const form = h(
      'form',
      { className: 'wi-save', id: 'wi-save-form' },
      h('div', { className: 'field pc-grow' }, h('label', { for: 'wi-scenario-name' }, t('wiScenarioName')), name),
      save,
      saveAsNew,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      // Another planner's unshared scenario is kept as it is: the edit is saved as a new scenario.
      void this.save(loaded !== null && !loaded.mayChange);
    });
    return h(
      'div',
      { className: 'wi-save-block' },
      form,
      h(
        'p',
        { className: 'pc-hint pc-hint-small' },
        changes.length === 0
          ? t('wiSaveNeedsChanges')
          : loaded
            ? t('wiSaveLoadedHint', { name: loaded.name, version: loaded.version })
            : t('wiSaveHint', { n: changes.length, year: context?.year ?? '' }),
      ),
    );
  }

  private list(): HTMLElement {
    if (!this.listLoaded) return h('p', { className: 'pc-hint' }, t('loading'));
    if (this.scenarios.length === 0) return h('p', { className: 'pc-hint', id: 'wi-scenario-empty' }, t('wiNoScenarios'));
    const context = this.host.context();
    const dateFormat = new Intl.DateTimeFormat(getLocale() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    return h(
      'ul',
      { className: 'wi-scenario-list', id: 'wi-scenario-list' },
      this.scenarios.map((item) => {
        const isLoaded = this.loaded?.id === item.id;
        const button = (label: string, className: string, onClick: () => void, disabled = this.busy): HTMLElement => {
          const element = h('button', { type: 'button', className: `button button-small ${className}`, disabled }, label);
          element.addEventListener('click', onClick);
          return element;
        };
        const confirming = this.confirmDelete === item.id;
        const deleteButton = !mayChangeScenario(item)
          ? []
          : confirming
            ? [
                button(t('wiConfirmDelete'), 'wi-danger wi-confirm-delete', () => void this.remove(item)),
                button(t('wiCancel'), 'wi-cancel-delete', () => {
                  this.confirmDelete = null;
                  this.render();
                }),
              ]
            : [
                button(t('wiDelete'), 'wi-delete', () => {
                  this.confirmDelete = item.id;
                  this.render();
                }),
              ];
        const exportLinks = context
          ? [
              h(
                'a',
                {
                  className: 'legend-link',
                  href: scenarioExportUrl(context.jurisdictionId, item.id, 'geojson'),
                  download: `${context.jurisdictionId}-scenario-${item.id}.geojson`,
                },
                'GeoJSON',
              ),
              h(
                'a',
                {
                  className: 'legend-link',
                  href: scenarioExportUrl(context.jurisdictionId, item.id, 'package'),
                  download: `${context.jurisdictionId}-scenario-${item.id}-package.json`,
                  title: t('wiPackageTitle'),
                },
                t('wiPackage'),
              ),
            ]
          : [];
        return h(
          'li',
          { className: `wi-scenario${isLoaded ? ' is-loaded' : ''}`, 'data-scenario-id': item.id },
          h(
            'div',
            { className: 'wi-scenario-main' },
            h('strong', { className: 'wi-scenario-name' }, item.name, isLoaded ? h('span', { className: 'wi-tag' }, t('wiCurrent')) : null),
            h(
              'span',
              { className: 'wi-scenario-meta' },
              t('wiScenarioMeta', {
                year: item.year,
                n: formatInteger(item.changeCount),
                version: item.version,
                by: item.updatedBy,
                at: dateFormat.format(new Date(item.updatedAt)),
              }),
            ),
          ),
          h(
            'div',
            { className: 'wi-scenario-actions' },
            button(t('wiLoad'), 'wi-load', () => void this.load(item.id)),
            button(t('wiDuplicate'), 'wi-duplicate', () => void this.duplicate(item.id)),
            button(t('wiTrajectory'), 'wi-trajectory-open', () => void this.showTrajectory(item)),
            ...deleteButton,
            h('span', { className: 'wi-export' }, t('wiExport'), ...exportLinks),
          ),
        );
      }),
    );
  }

  private compareForm(): HTMLElement {
    if (this.compareA === null) this.compareA = this.loaded?.id ?? this.scenarios[0]?.id ?? null;
    if (this.compareB === null) this.compareB = this.scenarios.find((s) => s.id !== this.compareA)?.id ?? null;
    const select = (id: string, label: string, value: number | null, onChange: (sid: number) => void): HTMLElement => {
      const element = h(
        'select',
        { id },
        this.scenarios.map((s) => h('option', { value: s.id, selected: s.id === value }, s.name)),
      );
      element.addEventListener('change', () => {
        onChange(Number(element.value));
        this.comparison = null;
        this.render();
      });
      return h('div', { className: 'field pc-grow' }, h('label', { for: id }, label), element);
    };
    const run = h(
      'button',
      {
        type: 'button',
        className: 'button',
        id: 'wi-compare',
        disabled: this.comparing || this.compareA === null || this.compareB === null || this.compareA === this.compareB,
      },
      this.comparing ? t('wiComparing') : t('wiCompare'),
    );
    run.addEventListener('click', () => void this.compare());
    return h(
      'div',
      { className: 'wi-compare-form' },
      h('h3', { className: 'wi-subtitle' }, t('wiCompareTitle')),
      h(
        'div',
        { className: 'pc-row' },
        select('wi-compare-a', t('wiCompareA'), this.compareA, (sid) => (this.compareA = sid)),
        select('wi-compare-b', t('wiCompareB'), this.compareB, (sid) => (this.compareB = sid)),
        run,
      ),
    );
  }
}

function roleName(role: string | undefined): string {
  return role ? tMaybe(`wiRole_${role}`, role) : '';
}

function defaultName(): string {
  return t('wiDefaultName', {
    date: new Intl.DateTimeFormat(getLocale() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium' }).format(new Date()),
  });
}

function copyName(name: string): string {
  return t('wiCopyName', { name }).slice(0, NAME_MAX_LENGTH);
}

function isScenario(value: unknown): value is Scenario {
  return (
    typeof value === 'object' &&
    value !== null &&
    'id' in value &&
    'version' in value &&
    'changes' in value &&
    Array.isArray((value as Scenario).changes)
  );
}

/** A change as text with its keys sorted: the database's JSON may give the keys back in another order. */
function canonical(change: Change | undefined): string {
  if (!change) return '';
  return JSON.stringify(Object.fromEntries(Object.entries(change).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

function sameChanges(a: readonly Change[], b: readonly Change[]): boolean {
  return a.length === b.length && a.every((change, i) => canonical(change) === canonical(b[i]));
}
