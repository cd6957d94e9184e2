/**
 * A saved scenario year by year (GET …/scenarios/{sid}/trajectory): the district's slots per 1,000 against
 * the plan's target as a chart, a year slider showing each township's figures of that year with the
 * population note (projected years say what they carry forward), and the first year each township meets
 * its target. Self-contained: the scenario panel mounts it under its list.
 */
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { formatDecimal, formatInteger, formatShare, getLocale, t } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import { attainmentOf, type Attainment } from '../layers/attainment';
import type { Trajectory } from './types';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

/**
 * `showOnMap` colours the map's townships by the year on the slider (attainment by township code), and
 * is called with null when the view is taken off the page.
 */
export function trajectoryView(
  trajectory: Trajectory,
  scenarioName: string,
  showOnMap: (year: number | null, attainment: ReadonlyMap<string, Attainment> | null) => void = () => {},
): HTMLElement {
  const years = trajectory.years;
  const canvas = h('canvas', { id: 'wi-trajectory-chart', height: 180 });
  const yearDetail = h('div', { className: 'wi-trajectory-year', id: 'wi-trajectory-year' });
  const slider = h('input', {
    type: 'range',
    id: 'wi-trajectory-slider',
    min: 0,
    max: Math.max(0, years.length - 1),
    step: 1,
    value: years.findIndex((y) => y.year === trajectory.scenario.year),
  });
  const showYear = (index: number): void => {
    const year = years[index];
    if (!year) return;
    showOnMap(year.year, new Map(year.townships.map((row) => [row.code, attainmentOf(row.slotsPer1000, row.target)])));
    const note = getLocale() === 'en' ? year.populationNote : year.populationNoteZh;
    const columns = t('wiTrajectoryColumns').split('|');
    replaceChildren(
      yearDetail,
      h(
        'div',
        { className: year.projected ? 'wi-trajectory-note wi-projected' : 'wi-trajectory-note' },
        t('wiTrajectoryYear', { year: year.year }),
        ' — ',
        note,
      ),
      h(
        'table',
        { className: 'wi-table' },
        h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', {}, c)))),
        h(
          'tbody',
          {},
          ...year.townships.map((row) =>
            h(
              'tr',
              { className: row.meetsTarget === false ? 'wi-not-met' : '' },
              h('td', {}, row.name),
              h('td', {}, formatInteger(row.population)),
              h('td', {}, formatInteger(row.slots)),
              h('td', {}, formatDecimal(row.slotsPer1000)),
              h('td', {}, row.target === null ? '–' : formatDecimal(row.target)),
              h('td', {}, row.slotGap === null ? '–' : formatInteger(row.slotGap)),
              h('td', {}, formatShare(row.coverage['15'] ?? null)),
            ),
          ),
        ),
      ),
    );
  };
  slider.addEventListener('input', () => showYear(Number(slider.value)));
  showYear(Number(slider.value));

  const element = h(
    'section',
    { className: 'wi-trajectory', id: 'wi-trajectory' },
    h('h4', {}, t('wiTrajectoryTitle', { name: scenarioName })),
    h('div', { className: 'wi-trajectory-chart' }, canvas),
    slider,
    h('p', { className: 'pc-intro' }, t('wiTrajectoryMapNote')),
    yearDetail,
    h('h5', {}, t('wiTrajectoryFirstYear')),
    h(
      'ul',
      { className: 'wi-trajectory-first' },
      ...trajectory.firstYearMeetingTarget.map((row) => h('li', {}, `${row.name}: ${row.year ?? t('wiTrajectoryNever')}`)),
    ),
  );
  // Drawn once the canvas is in the document (Chart.js measures its parent).
  requestAnimationFrame(() => {
    new Chart(canvas, {
      type: 'line',
      data: {
        labels: years.map((y) => String(y.year)),
        datasets: [
          {
            label: t('wiTrajectoryDistrict'),
            data: years.map((y) => y.district.slotsPer1000),
            borderColor: '#1f6fb2',
            backgroundColor: '#1f6fb2',
            // Projected years (population carried forward) are drawn dashed.
            segment: { borderDash: (ctx: { p1DataIndex: number }) => (years[ctx.p1DataIndex]?.projected ? [4, 4] : undefined) },
          },
          {
            label: t('wiTrajectoryTarget'),
            data: years.map((y) => y.district.target),
            borderColor: '#d9822b',
            backgroundColor: '#d9822b',
            borderDash: [6, 4],
          },
        ],
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } },
    });
  });
  return element;
}
