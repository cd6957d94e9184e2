/**
 * The import wizard page (import.html): for the health bureau or an admin. Signs in through the shared
 * widget, then runs the wizard (wizard.ts) beside a map of the uploaded layers (preview-map.ts).
 */
import '../theme/tokens.css';
import '../theme/base.css';
import '../theme/page-header.css';
import './import.css';
import { currentSession, loadSession, mayAct, onSessionChange } from '../auth/session';
import { SignInWidget } from '../auth/sign-in';
import { addHelpButtonAfter } from '../help/drawer';
import { addHelpLink } from '../help/header-link';
import { applyDocumentLanguage, onLocaleChange, t } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import { listenToLanguageButton, renderLanguageButton, renderMarkedText } from '../panels/page-header';
import { ti, type ImportMessageKey } from './messages';
import { PreviewMap } from './preview-map';
import { ImportWizard } from './wizard';

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from import.html`);
  return element as T;
}

applyDocumentLanguage();
addHelpLink();
addHelpButtonAfter(document.querySelector('.page-brand h1'), 'import');

const wizardElement = byId('wizard');
const mapElement = byId('import-map');
const previewMap = new PreviewMap(mapElement);
const signIn = new SignInWidget(byId('auth'));
let wizard: ImportWizard | null = null;

function renderStaticText(): void {
  renderMarkedText<ImportMessageKey>('t', ti);
  document.title = `${ti('pageTitle')} · ${t('appTitle')}`;
  mapElement.setAttribute('aria-label', ti('mapLabel'));
  renderLanguageButton();
}

/** The wizard for a bureau or admin; otherwise what to do first. */
function renderAccess(): void {
  const session = currentSession();
  if (mayAct(session, 'bureau')) {
    wizard ??= new ImportWizard(wizardElement, { showLayers: (layers) => void previewMap.show(layers) });
    wizard.render();
    return;
  }
  wizard = null;
  const text = session.user ? ti('notAllowed', { role: t(`authRole_${session.user.role}`) }) : ti('signInFirst');
  replaceChildren(wizardElement, h('p', { className: 'iw-notice', id: 'import-sign-in-first' }, text));
}

listenToLanguageButton();
onLocaleChange(() => {
  renderStaticText();
  signIn.render();
  renderAccess();
});
onSessionChange(() => renderAccess());
renderStaticText();
renderAccess();
void loadSession()
  .catch(() => undefined)
  .finally(() => renderAccess());
