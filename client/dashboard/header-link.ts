/**
 * The map page's link to the indicator dashboard, placed in its header beside the language button and
 * labelled in the current language (the map page imports this module; the dashboard's strings stay here).
 */
import './header-link.css';
import { onLocaleChange } from '../i18n/i18n';
import { td } from './messages';

function addDashboardLink(): void {
  const languageButton = document.getElementById('language-toggle');
  if (!languageButton || document.getElementById('dashboard-link')) return;
  const link = document.createElement('a');
  link.id = 'dashboard-link';
  link.className = 'button button-ghost dashboard-link';
  link.href = './dashboard.html';
  const render = (): void => {
    link.textContent = td('dashboardLink');
    link.title = td('dashboardLinkTitle');
  };
  render();
  onLocaleChange(render);
  languageButton.before(link);
}

addDashboardLink();
