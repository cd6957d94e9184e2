/**
 * The map page's first-run walkthrough (issue #17): a short, dismissible panel saying what each role does
 * and where to start. Shown until dismissed (remembered in localStorage), and always on an empty database,
 * where nothing else on the page can work yet.
 */
import './walkthrough.css';
import { onLocaleChange } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import { ta, type AdminMessageKey } from './messages';

/** localStorage key remembering that the walkthrough was dismissed. */
export const WALKTHROUGH_DISMISSED_KEY = 'tuowei.walkthroughDismissed';

function dismissed(): boolean {
  try {
    return localStorage.getItem(WALKTHROUGH_DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

/** A link to another page, or a button opening one of the map page's tabs. */
function target(label: AdminMessageKey, where: string): HTMLElement {
  if (where.startsWith('#')) {
    const button = h('button', { type: 'button', className: 'walkthrough-link' }, ta(label));
    button.addEventListener('click', () => document.querySelector<HTMLButtonElement>(where)?.click());
    return button;
  }
  return h('a', { className: 'walkthrough-link', href: where }, ta(label));
}

async function databaseIsEmpty(): Promise<boolean> {
  try {
    const response = await fetch('api/jurisdictions', { headers: { Accept: 'application/json' } });
    if (!response.ok) return false;
    const list = (await response.json()) as unknown[];
    return list.length === 0;
  } catch {
    return false;
  }
}

async function addWalkthrough(): Promise<void> {
  const anchor = document.getElementById('controls');
  if (!anchor || document.getElementById('walkthrough')) return;
  const empty = await databaseIsEmpty();
  if (dismissed() && !empty) return;
  const panel = h('section', { id: 'walkthrough', className: 'walkthrough', role: 'region' });
  const render = (): void => {
    const close = h('button', { type: 'button', className: 'button button-small', id: 'walkthrough-dismiss' }, ta('tourDismiss'));
    close.addEventListener('click', () => {
      try {
        localStorage.setItem(WALKTHROUGH_DISMISSED_KEY, '1');
      } catch {
        // Private mode without storage: the panel goes for this visit only.
      }
      panel.remove();
    });
    panel.setAttribute('aria-label', ta('tourTitle'));
    replaceChildren(
      panel,
      h('h2', {}, ta('tourTitle')),
      empty ? h('p', { className: 'walkthrough-empty' }, ta('tourEmpty')) : null,
      h('p', {}, ta('tourIntro')),
      h(
        'ul',
        {},
        h('li', {}, ta('tourPlanner'), ' ', target('tourPlannerLink', '#tab-whatif')),
        h(
          'li',
          {},
          ta('tourBureau'),
          ' ',
          target('tourBureauLink', './dashboard.html'),
          ' · ',
          target('tourBureauImport', './import.html'),
        ),
        h('li', {}, ta('tourDeveloper'), ' ', target('tourDeveloperLink', '#tab-project-check')),
        h('li', {}, ta('tourAdmin'), ' ', target('tourAdminLink', './admin.html')),
      ),
      close,
    );
  };
  render();
  onLocaleChange(render);
  anchor.before(panel);
}

void addWalkthrough();
