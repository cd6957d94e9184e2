/**
 * A visible, dismissable error message when the API fails, with what failed and a retry button.
 * Announced to screen readers through role="alert".
 */
import { ApiError } from '../api/client';
import { t } from '../i18n/i18n';
import { h, replaceChildren } from './dom';

export class ErrorBanner {
  private error: unknown = null;
  private retry: (() => void) | null = null;

  constructor(private readonly container: HTMLElement) {
    container.setAttribute('role', 'alert');
    this.render();
  }

  show(error: unknown, retry: (() => void) | null): void {
    this.error = error;
    this.retry = retry;
    this.render();
  }

  clear(): void {
    this.error = null;
    this.retry = null;
    this.render();
  }

  get visible(): boolean {
    return this.error !== null;
  }

  render(): void {
    const error = this.error;
    if (error === null) {
      replaceChildren(this.container);
      this.container.hidden = true;
      return;
    }
    this.container.hidden = false;
    let message: string;
    let detail = '';
    if (error instanceof ApiError) {
      message = error.status === 0 ? t('errorNetwork') : error.message;
      detail = [error.status > 0 ? `HTTP ${error.status}` : '', error.code, error.url].filter(Boolean).join(' · ');
    } else {
      message = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
    }
    const issues = error instanceof ApiError ? error.issues : [];
    const retry = this.retry;
    const retryButton = retry ? h('button', { type: 'button', className: 'button button-primary' }, t('errorRetry')) : null;
    retryButton?.addEventListener('click', () => retry?.());
    const dismissButton = h('button', { type: 'button', className: 'button' }, t('errorDismiss'));
    dismissButton.addEventListener('click', () => this.clear());
    replaceChildren(
      this.container,
      h('strong', { className: 'error-title' }, t('errorTitle')),
      h('p', { className: 'error-message' }, message),
      issues.length > 0
        ? h(
            'ul',
            { className: 'error-issues' },
            issues.map((issue) => h('li', {}, `${issue.path}: ${issue.message}`)),
          )
        : null,
      detail ? h('p', { className: 'error-detail' }, detail) : null,
      h('div', { className: 'error-actions' }, retryButton, dismissButton),
    );
  }
}
