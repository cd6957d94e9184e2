/**
 * The map page's link to the indicator dashboard, placed in its header beside the language button and
 * labelled in the current language (the map page imports this module; the dashboard's strings stay here).
 */
import { addHeaderLink } from '../panels/header-link';
import { td } from './messages';

addHeaderLink({ id: 'dashboard-link', href: './dashboard.html', label: () => td('dashboardLink'), title: () => td('dashboardLinkTitle') });
