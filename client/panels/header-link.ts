/**
 * A link in a page's header, placed before its language button and labelled in the current language:
 * the map page's links to the dashboard, the import wizard, the admin page and the help page use it.
 * Each page keeps its own strings; this module only places the link and re-labels it on a language change.
 */
import './header-link.css';
import { onLocaleChange } from '../i18n/i18n';

export interface HeaderLink {
  /** Element id (one link per id: a second call with the same id returns the first link). */
  id: string;
  href: string;
  label: () => string;
  title: () => string;
}

/** Adds the link before `#language-toggle`; null when the page has no language button. */
export function addHeaderLink(options: HeaderLink): HTMLAnchorElement | null {
  const existing = document.getElementById(options.id);
  if (existing instanceof HTMLAnchorElement) return existing;
  const languageButton = document.getElementById('language-toggle');
  if (!languageButton) return null;
  const link = document.createElement('a');
  link.id = options.id;
  link.className = 'button button-ghost header-link';
  link.href = options.href;
  const render = (): void => {
    link.textContent = options.label();
    link.title = options.title();
  };
  render();
  onLocaleChange(render);
  languageButton.before(link);
  return link;
}
