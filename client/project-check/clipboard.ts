/**
 * Copying the explanation: the async clipboard where the page may use it, else a hidden textarea and
 * the old copy command (insecure origin, denied permission).
 */
import { t } from '../i18n/i18n';
import { h } from '../panels/dom';

/** How long the "copied" confirmation stays on the copy button. */
const COPIED_FEEDBACK_MS = 2000;

/** Copies `text`; false when the browser refused both ways. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the textarea.
  }
  const area = h('textarea', { className: 'visually-hidden', readonly: true, 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  let copied: boolean;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

/** The explanation's copy button; it says "copied" for a moment, also when the card is rendered again meanwhile. */
export class CopyButton {
  private copied = false;

  render(text: string): HTMLButtonElement {
    const button = h(
      'button',
      { type: 'button', className: 'button button-small no-print', id: 'pc-copy' },
      this.copied ? t('pcCopied') : t('pcCopy'),
    );
    button.addEventListener('click', () => {
      void copyText(text).then((ok) => {
        this.copied = ok;
        button.textContent = ok ? t('pcCopied') : t('pcCopyFailed');
        window.setTimeout(() => {
          this.copied = false;
          button.textContent = t('pcCopy');
        }, COPIED_FEEDBACK_MS);
      });
    });
    return button;
  }
}
