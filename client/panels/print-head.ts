/**
 * The head of a printed sheet, the same on the printed project check and the printed annual summary:
 * the brand mark beside a title and a line under it (print-head.css; each sheet sizes its title).
 */
import './print-head.css';
import { h } from './dom';

export function printHead(title: string, subtitle: string): HTMLElement {
  return h(
    'header',
    { className: 'print-head' },
    h('div', { className: 'brand-mark', 'aria-hidden': 'true' }, '托'),
    h('div', {}, h('h1', {}, title), h('p', {}, subtitle)),
  );
}
