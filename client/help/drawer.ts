/**
 * The help drawer: a "?" button on a panel's header opens the panel's help in a side drawer, in the
 * current language, with the targets and policy sources of the jurisdiction being viewed. The drawer is
 * a modal dialog: focus moves into it, Tab stays inside, Esc or the close button closes it and focus
 * returns to the button that opened it. Each page tells the help which jurisdiction and year it shows
 * (`setHelpContext`); without that, the help shows the definitions alone.
 */
import './help.css';
import { getLocale, onLocaleChange } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import { th } from './messages';
import { loadHelpProfile } from './profile';
import { profileNote, renderTopic, type HelpProfile } from './render';
import { helpTopic, type HelpTopicId } from './topics/index';

export interface HelpContext {
  jurisdictionId: string | null;
  year: number | null;
}

let contextOf: () => HelpContext = () => ({ jurisdictionId: null, year: null });

/** Tells the help which jurisdiction and year the page shows (asked each time the drawer opens). */
export function setHelpContext(provider: () => HelpContext): void {
  contextOf = provider;
}

/** help.html for the page's jurisdiction and year, at `anchor` when given. */
export function helpPageUrl(anchor?: string): string {
  const { jurisdictionId, year } = contextOf();
  const params = new URLSearchParams();
  if (jurisdictionId) params.set('j', jurisdictionId);
  if (jurisdictionId && year !== null) params.set('year', String(year));
  const query = params.toString();
  return `./help.html${query ? `?${query}` : ''}${anchor ? `#${anchor}` : ''}`;
}

interface OpenDrawer {
  topic: HelpTopicId;
  profile: HelpProfile;
  opener: HTMLElement | null;
  layer: HTMLElement;
  dialog: HTMLElement;
}

let open: OpenDrawer | null = null;

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function render(): void {
  if (!open) return;
  const topic = helpTopic(open.topic);
  const title = h('h2', { id: 'help-drawer-title', className: 'help-drawer-title' }, topic.title[localeKey()]);
  const close = h('button', { type: 'button', className: 'help-close', 'aria-label': th('helpClose'), title: th('helpClose') }, '×');
  close.addEventListener('click', () => closeHelp());
  const all = h('a', { className: 'help-all', href: helpPageUrl(topic.id) }, th('helpAllTopics'));
  const focusedClose = document.activeElement?.classList.contains('help-close') ?? false;
  replaceChildren(
    open.dialog,
    h('header', { className: 'help-drawer-head' }, title, all, close),
    h('div', { className: 'help-drawer-body' }, profileNote(open.profile), renderTopic(topic, open.profile, { headingLevel: null })),
  );
  open.dialog.setAttribute('aria-label', `${th('helpButton')}: ${topic.title[localeKey()]}`);
  if (focusedClose) close.focus();
}

function localeKey(): 'zh' | 'en' {
  return getLocale();
}

function onKeydown(event: KeyboardEvent): void {
  if (!open) return;
  if (event.key === 'Escape') {
    event.preventDefault();
    closeHelp();
    return;
  }
  if (event.key !== 'Tab') return;
  const focusable = [...open.dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/** Opens the help of `topic` in the drawer (replacing any open one); focus moves to its close button. */
export function openHelp(topic: HelpTopicId, opener: HTMLElement | null = null): void {
  closeHelp(false);
  const context = contextOf();
  const dialog = h('aside', {
    id: 'help-drawer',
    className: 'help-drawer',
    role: 'dialog',
    'aria-modal': 'true',
    'aria-labelledby': 'help-drawer-title',
  });
  const backdrop = h('div', { className: 'help-backdrop' });
  backdrop.addEventListener('click', () => closeHelp());
  const layer = h('div', { className: 'help-layer' }, backdrop, dialog);
  dialog.addEventListener('keydown', onKeydown);
  const profile: HelpProfile = context.jurisdictionId && context.year !== null ? { state: 'loading' } : { state: 'none' };
  open = { topic, profile, opener, layer, dialog };
  document.body.append(layer);
  render();
  dialog.querySelector<HTMLElement>('.help-close')?.focus();
  if (profile.state === 'loading') {
    const current = open;
    void loadHelpProfile(context.jurisdictionId!, context.year!).then((loaded) => {
      if (open !== current) return;
      current.profile = loaded;
      render();
    });
  }
}

/** Closes the drawer; focus goes back to the button that opened it. */
export function closeHelp(restoreFocus = true): void {
  if (!open) return;
  const { layer, opener } = open;
  open = null;
  layer.remove();
  if (restoreFocus) opener?.focus();
}

/** The "?" button of a panel's header, opening `topic`'s help; labelled in the current language. */
export function helpButton(topic: HelpTopicId): HTMLButtonElement {
  const title = helpTopic(topic).title[localeKey()];
  const button = h(
    'button',
    {
      type: 'button',
      className: 'help-button',
      'data-help': topic,
      'aria-label': th('helpButtonLabel', { topic: title }),
      title: th('helpButtonLabel', { topic: title }),
      'aria-haspopup': 'dialog',
    },
    '?',
  );
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    openHelp(topic, button);
  });
  return button;
}

/**
 * Adds a help button after `anchor` (a static heading whose text the page replaces on a language change),
 * re-labelled when the language changes. `wrap` puts the heading and the button in a `.panel-head` row,
 * for a heading that is a block of its own (the map page's township table).
 */
export function addHelpButtonAfter(anchor: Element | null, topic: HelpTopicId, options: { wrap?: boolean } = {}): void {
  if (!anchor || anchor.parentElement?.querySelector(`:scope > .help-button[data-help="${topic}"]`)) return;
  if (options.wrap) {
    const row = h('div', { className: 'panel-head' });
    anchor.before(row);
    row.append(anchor);
  }
  let button = helpButton(topic);
  anchor.after(button);
  onLocaleChange(() => {
    const next = helpButton(topic);
    button.replaceWith(next);
    button = next;
  });
}

onLocaleChange(() => render());

/** A panel's heading with its help button beside it (the heading's own text stays as it was). */
export function withHelp(heading: HTMLElement, topic: HelpTopicId): HTMLElement {
  return h('div', { className: 'panel-head' }, heading, helpButton(topic));
}
