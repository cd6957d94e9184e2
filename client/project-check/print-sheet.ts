/**
 * The printed check: one A4 sheet (print.css shows it instead of the app while a result is shown) with
 * a title, a copy of the result card, and the latest map snapshot beside the explanation.
 */
import { getLocale, t } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import { printHead } from '../panels/print-head';

/**
 * Fills `sheet` with a copy of `card` (empties it without a card); `snapshot` is a PNG data URL or null
 * (with its north arrow and scale bar painted in); `sources` the data package's sources, printed last.
 */
export function fillPrintSheet(
  sheet: HTMLElement,
  card: Element | null,
  jurisdictionName: string,
  snapshot: string | null,
  sources: string | null = null,
): void {
  if (!card) {
    replaceChildren(sheet);
    return;
  }
  const printed = new Date().toLocaleDateString(getLocale() === 'zh' ? 'zh-CN' : 'en-GB');
  replaceChildren(
    sheet,
    printHead(t('pcPrintTitle'), `${jurisdictionName} · ${t('pcPrinted', { date: printed })}`),
    printCopy(card, snapshot ? h('img', { className: 'print-map', src: snapshot, alt: t('mapLabel') }) : null),
    h('p', { className: 'print-sources' }, sources ? t('printSources', { sources }) : t('printNoSources')),
  );
}

/**
 * A copy of the card for the print sheet, without ids and test ids (they must stay unique in the page),
 * with the map picture beside the explanation.
 */
function printCopy(card: Element, map: HTMLElement | null): Node {
  const copy = card.cloneNode(true) as Element;
  for (const element of [copy, ...copy.querySelectorAll('[id], [data-testid]')]) {
    element.removeAttribute('id');
    element.removeAttribute('data-testid');
  }
  if (map) copy.querySelector('.pc-explanation-block')?.after(map);
  copy.classList.toggle('has-map', map !== null);
  return copy;
}
