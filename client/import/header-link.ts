/**
 * The map page's link to the import wizard, placed in its header beside the language button and
 * labelled in the current language (the wizard asks whoever is not bureau or admin to sign in first).
 */
import { addHeaderLink } from '../panels/header-link';
import { ti } from './messages';

addHeaderLink({ id: 'import-link', href: './import.html', label: () => ti('importLink'), title: () => ti('importLinkTitle') });
