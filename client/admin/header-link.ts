/**
 * The map page's link to the admin page, shown in its header only while an administrator is signed in
 * (the page asks the server once who is signed in and follows every later sign-in and sign-out).
 */
import { currentSession, loadSession, onSessionChange } from '../auth/session';
import { addHeaderLink } from '../panels/header-link';
import { ta } from './messages';

const link = addHeaderLink({ id: 'admin-link', href: './admin.html', label: () => ta('adminLink'), title: () => ta('adminLinkTitle') });
if (link) {
  const update = (): void => {
    link.hidden = currentSession().user?.role !== 'admin';
  };
  update();
  onSessionChange(update);
  // 200 whether or not anyone is signed in; offline, the link simply stays hidden.
  void loadSession().catch(() => undefined);
}
