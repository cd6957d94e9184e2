/**
 * The map page's link to the import wizard, placed in its header beside the language button and
 * labelled in the current language (the wizard asks whoever is not bureau or admin to sign in first).
 */
import { onLocaleChange } from '../i18n/i18n';
import { ti } from './messages';

function addImportLink(): void {
  const languageButton = document.getElementById('language-toggle');
  if (!languageButton || document.getElementById('import-link')) return;
  const link = document.createElement('a');
  link.id = 'import-link';
  // The dashboard link's look (dashboard/header-link.css), beside it.
  link.className = 'button button-ghost dashboard-link';
  link.href = './import.html';
  const render = (): void => {
    link.textContent = ti('importLink');
    link.title = ti('importLinkTitle');
  };
  render();
  onLocaleChange(render);
  languageButton.before(link);
}

addImportLink();
