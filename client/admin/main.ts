/**
 * The admin page (admin.html, issue #17): users, API tokens, the audit log and the jurisdictions with
 * their data version and last import. For admins only; everyone else is told so in their language.
 * Jurisdictions are shown by name, their ids only in tooltips.
 */
import '../theme/tokens.css';
import '../theme/base.css';
import '../theme/page-header.css';
import './admin.css';
import { currentSession, loadSession, onSessionChange, RequestError, type Role } from '../auth/session';
import { SignInWidget } from '../auth/sign-in';
import { addHelpButtonAfter } from '../help/drawer';
import { addHelpLink } from '../help/header-link';
import { applyDocumentLanguage, getLocale, onLocaleChange, t } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import { listenToLanguageButton, renderLanguageButton, renderMarkedText } from '../panels/page-header';
import * as api from './api';
import { ta, type AdminMessageKey } from './messages';

const ROLES: Role[] = ['planner', 'bureau', 'admin'];
/** Token lifetime offered by default (days), the server's default too. */
const DEFAULT_TOKEN_DAYS = 365;

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from admin.html`);
  return element as T;
}

applyDocumentLanguage();
addHelpLink();
addHelpButtonAfter(document.querySelector('.page-brand h1'), 'admin');

const content = byId('admin-content');
const signIn = new SignInWidget(byId('auth'));

interface State {
  users: api.AdminUser[];
  tokens: api.AdminToken[];
  audit: api.AuditEntry[];
  jurisdictions: api.AdminJurisdiction[];
  auditFilter: string | null;
  /** The secret of the token just issued: shown once, until dismissed or the page is left. */
  issued: api.IssuedToken | null;
  /** The user whose jurisdictions are being edited. */
  editingScope: number | null;
  notice: { kind: 'ok' | 'error'; text: string } | null;
}

let state: State | null = null;

function formatTime(iso: string | null): string {
  if (!iso) return ta('never');
  return new Date(iso).toLocaleString(getLocale() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A jurisdiction by name, its id in the tooltip. */
function jurisdictionName(id: string): HTMLElement {
  const found = state?.jurisdictions.find((j) => j.id === id);
  // A scope may name a jurisdiction before its data are imported: then only its id is known, said so.
  return h('span', { title: id }, found ? found.name : ta('notImportedYet', { id }));
}

function scopeCell(scope: string[] | null): HTMLElement {
  if (scope === null) return h('span', {}, ta('allJurisdictions'));
  const cell = h('span', { className: 'admin-scope' });
  scope.forEach((id, i) => {
    if (i > 0) cell.append(ta('listSeparator'));
    cell.append(jurisdictionName(id));
  });
  return cell;
}

function errorText(error: unknown): string {
  if (error instanceof RequestError) {
    const issues = error.issues.map((issue) => issue.message).join('；');
    return issues ? `${error.message}：${issues}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Runs a change, then reloads everything (the lists are small) and shows the outcome. */
async function act(change: () => Promise<unknown>, success: string): Promise<void> {
  if (!state) return;
  try {
    await change();
    state.notice = { kind: 'ok', text: success };
    await reload();
  } catch (error) {
    state.notice = { kind: 'error', text: errorText(error) };
    render();
  }
}

function roleSelect(id: string): HTMLSelectElement {
  return h('select', { id, name: 'role' }, ...ROLES.map((role) => h('option', { value: role }, t(`authRole_${role}`))));
}

/** A multiple choice of jurisdictions by name; none chosen means every jurisdiction (admins only). */
function scopeSelect(id: string, chosen: string[] | null = null): HTMLSelectElement {
  const select = h('select', { id, multiple: true, size: Math.min(4, Math.max(2, state!.jurisdictions.length)) });
  for (const j of state!.jurisdictions) {
    const option = h('option', { value: j.id, title: j.id }, j.name);
    option.selected = chosen?.includes(j.id) ?? false;
    select.append(option);
  }
  return select;
}

function chosenScope(select: HTMLSelectElement): string[] | null {
  const ids = [...select.selectedOptions].map((o) => o.value);
  return ids.length > 0 ? ids : null;
}

function field(label: AdminMessageKey, control: HTMLElement): HTMLElement {
  return h('label', { className: 'admin-field' }, h('span', {}, ta(label)), control);
}

function table(headers: AdminMessageKey[], rows: HTMLElement[], id: string): HTMLElement {
  return h(
    'div',
    { className: 'admin-table-wrap' },
    h(
      'table',
      { className: 'admin-table', id },
      h('thead', {}, h('tr', {}, ...headers.map((k) => h('th', {}, ta(k))))),
      h('tbody', {}, ...rows),
    ),
  );
}

function button(label: AdminMessageKey, onClick: () => void, attributes: Record<string, string> = {}): HTMLButtonElement {
  const element = h('button', { type: 'button', className: 'button button-small', ...attributes }, ta(label));
  element.addEventListener('click', onClick);
  return element;
}

function usersSection(s: State): HTMLElement {
  const rows = s.users.map((user) => {
    const actions = h('td', {});
    if (s.editingScope === user.id) {
      const select = scopeSelect(`scope-${user.id}`, user.jurisdictions);
      actions.append(
        select,
        button('scopeSave', () => void act(() => api.changeUser(user.id, { jurisdictions: chosenScope(select) }), ta('saved'))),
        button('cancel', () => {
          s.editingScope = null;
          render();
        }),
      );
    } else {
      actions.append(
        button(
          user.disabled ? 'enable' : 'disable',
          () => void act(() => api.changeUser(user.id, { disabled: !user.disabled }), ta('saved')),
        ),
        button('resetPassword', () => {
          const password = window.prompt(ta('newPasswordPrompt', { name: user.name }));
          if (password) void act(() => api.changeUser(user.id, { password }), ta('saved'));
        }),
        button('editScope', () => {
          s.editingScope = user.id;
          render();
        }),
      );
    }
    return h(
      'tr',
      { 'data-user': user.name },
      h('td', { title: `#${user.id}` }, user.name),
      h('td', {}, t(`authRole_${user.role}`)),
      h('td', {}, scopeCell(user.jurisdictions)),
      h('td', {}, ta(user.disabled ? 'statusDisabled' : 'statusActive')),
      h('td', {}, formatTime(user.createdAt)),
      actions,
    );
  });
  const name = h('input', { id: 'new-user-name', autocomplete: 'off', maxlength: 100 });
  const password = h('input', { id: 'new-user-password', type: 'password', autocomplete: 'new-password' });
  const role = roleSelect('new-user-role');
  const scope = scopeSelect('new-user-scope');
  const form = h(
    'form',
    { className: 'admin-form', id: 'new-user-form' },
    h('h3', {}, ta('createUser')),
    field('userName', name),
    field('password', password),
    field('role', role),
    field('colScope', scope),
    h('p', { className: 'admin-hint' }, ta('scopeHint')),
    h('button', { type: 'submit', className: 'button', id: 'create-user' }, ta('create')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const jurisdictions = chosenScope(scope);
    const body: api.NewUser = { name: name.value, password: password.value, role: role.value as Role };
    if (jurisdictions) body.jurisdictions = jurisdictions;
    void act(() => api.createUser(body), ta('userCreated', { name: name.value.trim() }));
  });
  return h(
    'section',
    { className: 'admin-card', id: 'admin-users' },
    h('h2', {}, ta('usersTitle')),
    table(['colName', 'colRole', 'colScope', 'colStatus', 'colCreated', 'colActions'], rows, 'users-table'),
    form,
  );
}

function tokenStatus(token: api.AdminToken): AdminMessageKey {
  if (token.revokedAt) return 'statusRevoked';
  if (token.expiresAt && Date.parse(token.expiresAt) < Date.now()) return 'statusExpired';
  return 'statusActive';
}

function tokensSection(s: State): HTMLElement {
  const rows = s.tokens.map((token) =>
    h(
      'tr',
      { 'data-token': token.name },
      h('td', { title: `#${token.id}` }, token.name),
      h('td', {}, t(`authRole_${token.role}`)),
      h('td', {}, scopeCell(token.jurisdictions)),
      h('td', {}, ta(tokenStatus(token))),
      h('td', {}, formatTime(token.expiresAt)),
      h('td', {}, formatTime(token.lastUsedAt)),
      h(
        'td',
        {},
        token.revokedAt
          ? null
          : button('revoke', () => {
              if (window.confirm(ta('revokeConfirm', { name: token.name }))) void act(() => api.revokeToken(token.id), ta('saved'));
            }),
      ),
    ),
  );
  const secret = s.issued
    ? h(
        'div',
        { className: 'admin-secret', id: 'token-secret', role: 'alert' },
        h('p', {}, ta('tokenSecretTitle', { name: s.issued.name })),
        h('code', { id: 'token-secret-value' }, s.issued.token),
        button('tokenSecretDismiss', () => {
          s.issued = null;
          render();
        }),
      )
    : null;
  const name = h('input', { id: 'new-token-name', autocomplete: 'off', maxlength: 100 });
  const role = roleSelect('new-token-role');
  const days = h('input', { id: 'new-token-days', type: 'number', min: 1, max: 3650, value: DEFAULT_TOKEN_DAYS });
  const scope = scopeSelect('new-token-scope');
  const form = h(
    'form',
    { className: 'admin-form', id: 'new-token-form' },
    h('h3', {}, ta('issueToken')),
    field('tokenName', name),
    field('role', role),
    field('expiresInDays', days),
    field('colScope', scope),
    h('p', { className: 'admin-hint' }, ta('scopeHint')),
    h('button', { type: 'submit', className: 'button', id: 'issue-token' }, ta('issue')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const jurisdictions = chosenScope(scope);
    const body: api.NewToken = { name: name.value, role: role.value as Role, expiresInDays: Number(days.value) || DEFAULT_TOKEN_DAYS };
    if (jurisdictions) body.jurisdictions = jurisdictions;
    void act(
      async () => {
        s.issued = await api.issueToken(body);
      },
      ta('tokenIssued', { name: name.value.trim() }),
    );
  });
  return h(
    'section',
    { className: 'admin-card', id: 'admin-tokens' },
    h('h2', {}, ta('tokensTitle')),
    secret,
    table(['colName', 'colRole', 'colScope', 'colStatus', 'colExpires', 'colLastUsed', 'colActions'], rows, 'tokens-table'),
    form,
  );
}

function auditSection(s: State): HTMLElement {
  const filter = h(
    'select',
    { id: 'audit-filter', 'aria-label': ta('filterJurisdiction') },
    h('option', { value: '' }, ta('allJurisdictions')),
    ...s.jurisdictions.map((j) => h('option', { value: j.id, title: j.id }, j.name)),
  );
  filter.value = s.auditFilter ?? '';
  filter.addEventListener('change', () => {
    s.auditFilter = filter.value || null;
    void reload();
  });
  const rows = s.audit.map((entry) =>
    h(
      'tr',
      {},
      h('td', {}, formatTime(entry.at)),
      h('td', {}, jurisdictionName(entry.jurisdictionId)),
      h('td', {}, entry.actor),
      h('td', { title: `${entry.entity} ${entry.entityId}` }, `${ta(`action_${entry.action}`)} · ${ta(`entity_${entry.entity}`)}`),
    ),
  );
  return h(
    'section',
    { className: 'admin-card', id: 'admin-audit' },
    h('h2', {}, ta('auditTitle')),
    field('filterJurisdiction', filter),
    rows.length > 0 ? table(['colTime', 'colJurisdiction', 'colActor', 'colWhat'], rows, 'audit-table') : h('p', {}, ta('auditEmpty')),
  );
}

/**
 * Who imported, as a person reads it: the server records the demo's import at start-up and CLI imports
 * under fixed names ("startup (demo)", "cli (login)"), which are said in words here.
 */
function lastImportText(last: { importedBy: string; importedAt: string; packageName: string }): string {
  const when = formatTime(last.importedAt);
  if (last.importedBy === 'startup (demo)') return ta('importedAtStartup', { when });
  const cli = /^cli \((.*)\)$/.exec(last.importedBy);
  const who = cli ? ta('actorCli', { user: cli[1]! }) : last.importedBy;
  return ta('importedBy', { who, when, package: last.packageName });
}

function jurisdictionsSection(s: State): HTMLElement {
  const rows = s.jurisdictions.map((j) =>
    h(
      'tr',
      {},
      h('td', { title: j.id }, j.name),
      h('td', {}, j.year),
      h('td', {}, j.dataVersion),
      h('td', {}, j.lastImport ? lastImportText(j.lastImport) : ta('notImported')),
    ),
  );
  return h(
    'section',
    { className: 'admin-card', id: 'admin-jurisdictions' },
    h('h2', {}, ta('jurisdictionsTitle')),
    rows.length > 0
      ? table(['colName', 'colYear', 'colDataVersion', 'colLastImport'], rows, 'jurisdictions-table')
      : h('p', {}, ta('jurisdictionsEmpty')),
  );
}

function render(): void {
  const session = currentSession();
  if (session.user?.role !== 'admin') {
    state = null;
    const text = session.user ? ta('notAllowed', { role: t(`authRole_${session.user.role}`) }) : ta('signInFirst');
    replaceChildren(content, h('p', { className: 'admin-notice', id: 'admin-not-allowed' }, text));
    return;
  }
  if (!state) {
    replaceChildren(content, h('p', { className: 'admin-notice' }, ta('loading')));
    return;
  }
  const notice = state.notice
    ? h('p', { className: `admin-notice admin-notice-${state.notice.kind}`, id: 'admin-notice', role: 'status' }, state.notice.text)
    : null;
  replaceChildren(content, notice, usersSection(state), tokensSection(state), auditSection(state), jurisdictionsSection(state));
}

async function reload(): Promise<void> {
  if (currentSession().user?.role !== 'admin') {
    render();
    return;
  }
  const previous = state;
  try {
    const [users, tokens, jurisdictions] = await Promise.all([api.listUsers(), api.listTokens(), api.listJurisdictions()]);
    const audit = await api.listAudit(previous?.auditFilter ?? null);
    state = {
      users,
      tokens,
      jurisdictions,
      audit,
      auditFilter: previous?.auditFilter ?? null,
      issued: previous?.issued ?? null,
      editingScope: null,
      notice: previous?.notice ?? null,
    };
  } catch (error) {
    replaceChildren(content, h('p', { className: 'admin-notice admin-notice-error' }, ta('loadFailed', { message: errorText(error) })));
    return;
  }
  render();
}

function renderStaticText(): void {
  renderMarkedText<AdminMessageKey>('t', ta);
  document.title = `${ta('pageTitle')} · ${t('appTitle')}`;
  renderLanguageButton();
}

listenToLanguageButton();
onLocaleChange(() => {
  renderStaticText();
  signIn.render();
  render();
});
onSessionChange(() => {
  state = null;
  void reload();
});
renderStaticText();
render();
void loadSession()
  .catch(() => undefined)
  .finally(() => void reload());
