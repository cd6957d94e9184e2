/**
 * The link to the help page in a page's header, beside the language button; it opens help.html on the
 * jurisdiction and year the page shows (as the page told the help, drawer.ts `setHelpContext`).
 */
import { addHeaderLink } from '../panels/header-link';
import { helpPageUrl } from './drawer';
import { th } from './messages';

export function addHelpLink(): void {
  const link = addHeaderLink({ id: 'help-link', href: './help.html', label: () => th('helpLink'), title: () => th('helpLinkTitle') });
  link?.addEventListener('click', () => {
    link.href = helpPageUrl();
  });
}
