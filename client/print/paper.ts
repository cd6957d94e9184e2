/**
 * The paper a sheet is printed on, chosen by the user before printing: the choice sets the CSS `@page`
 * size (a style element after print.css, so it wins over print.css's A4 default) and a body class
 * (`paper-a4` / `paper-a3`) by which the sheets size their map.
 */
export type Paper = 'A4' | 'A3';

export const papers: readonly Paper[] = ['A4', 'A3'];

const STYLE_ID = 'print-page-size';

/** The `@page` rule for `paper`; maps print landscape (a map is wider than tall beside its legend). */
export function pageRule(paper: Paper, orientation: 'portrait' | 'landscape'): string {
  return `@page { size: ${paper} ${orientation}; margin: 10mm 12mm; }`;
}

/** Applies `paper` to the page's print: the `@page` size and the body's paper class. */
export function setPrintPaper(paper: Paper, orientation: 'portrait' | 'landscape'): void {
  let style = document.getElementById(STYLE_ID) as HTMLStyleElement | null;
  if (!style) {
    style = document.createElement('style');
    style.id = STYLE_ID;
    document.head.append(style);
  }
  style.textContent = pageRule(paper, orientation);
  for (const option of papers) document.body.classList.toggle(`paper-${option.toLowerCase()}`, option === paper);
}
