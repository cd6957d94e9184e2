/**
 * The sign-in widget for a page header: a "sign in" button that opens a small form (name, password),
 * and once signed in the user's name and role with a "sign out" button. The session itself lives in
 * session.ts; this only shows it and asks for it.
 */
import './sign-in.css';
import { getLocale, t } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import { currentSession, onSessionChange, signIn, signInFailure, signOut, type SessionState } from './session';

export class SignInWidget {
  private open = false;
  private busy = false;
  private error: string | null = null;
  /** Kept across re-renders so a failed attempt does not clear the name. */
  private name = '';

  constructor(private readonly container: HTMLElement) {
    container.classList.add('auth');
    onSessionChange((_session, change) => {
      // A session the server ended (expired, user disabled) reopens the form with a notice.
      if (change === 'ended') {
        this.open = true;
        this.error = t('authSessionEnded');
      } else if (!this.open) {
        this.error = null;
      }
      this.render();
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.open) this.close();
    });
    this.render();
  }

  /** Renders in the current language and session. */
  render(): void {
    const session = currentSession();
    if (session.authenticated && session.user) this.renderSignedIn(session);
    else this.renderSignedOut();
  }

  private close(): void {
    this.open = false;
    this.error = null;
    this.render();
    this.container.querySelector<HTMLButtonElement>('#sign-in-button')?.focus();
  }

  private renderSignedIn(session: SessionState): void {
    const user = session.user!;
    const button = h('button', { type: 'button', id: 'sign-out-button', className: 'button button-small' }, t('authSignOut'));
    button.addEventListener('click', () => {
      button.disabled = true;
      void signOut().finally(() => this.render());
    });
    replaceChildren(
      this.container,
      h(
        'span',
        {
          className: 'auth-user',
          id: 'signed-in-user',
          title: session.expiresAt
            ? t('authExpiresAt', { at: new Date(session.expiresAt).toLocaleString(getLocale() === 'zh' ? 'zh-CN' : 'en-GB') })
            : null,
        },
        h('span', { className: 'auth-avatar', 'aria-hidden': 'true' }, user.name.slice(0, 1).toUpperCase()),
        h('span', { className: 'auth-name' }, t('authSignedInAs', { name: user.name })),
        h('span', { className: 'auth-role' }, t(`authRole_${user.role}`)),
      ),
      button,
    );
  }

  private renderSignedOut(): void {
    const toggle = h(
      'button',
      {
        type: 'button',
        id: 'sign-in-button',
        className: 'button button-primary button-small',
        'aria-expanded': String(this.open),
        'aria-controls': 'sign-in-form',
      },
      t('authSignIn'),
    );
    toggle.addEventListener('click', () => {
      this.open = !this.open;
      this.error = null;
      this.render();
      if (this.open) this.container.querySelector<HTMLInputElement>('#sign-in-name')?.focus();
    });
    if (!this.open) {
      replaceChildren(this.container, toggle);
      return;
    }
    const name = h('input', {
      id: 'sign-in-name',
      className: 'input',
      name: 'username',
      autocomplete: 'username',
      required: true,
      maxlength: 100,
      value: this.name,
    });
    const password = h('input', {
      id: 'sign-in-password',
      className: 'input',
      type: 'password',
      name: 'password',
      autocomplete: 'current-password',
      required: true,
      maxlength: 1000,
    });
    const submit = h(
      'button',
      { type: 'submit', className: 'button button-primary', disabled: this.busy },
      this.busy ? t('authSigningIn') : t('authSubmit'),
    );
    const cancel = h('button', { type: 'button', className: 'button' }, t('authCancel'));
    cancel.addEventListener('click', () => this.close());
    const form = h(
      'form',
      { id: 'sign-in-form', className: 'auth-form', 'aria-labelledby': 'sign-in-title' },
      h('strong', { id: 'sign-in-title', className: 'auth-form-title' }, t('authSignInTitle')),
      h('label', { for: 'sign-in-name' }, t('authName')),
      name,
      h('label', { for: 'sign-in-password' }, t('authPassword')),
      password,
      this.error ? h('p', { className: 'auth-error', role: 'alert' }, this.error) : null,
      h('div', { className: 'auth-actions' }, cancel, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit(name.value.trim(), password.value);
    });
    replaceChildren(this.container, toggle, form);
  }

  private async submit(name: string, password: string): Promise<void> {
    if (this.busy || name.length === 0 || password.length === 0) return;
    this.busy = true;
    this.name = name;
    this.error = null;
    this.render();
    try {
      await signIn(name, password);
      this.open = false;
    } catch (error) {
      this.error = signInFailure(error);
    } finally {
      this.busy = false;
      this.render();
    }
  }
}
