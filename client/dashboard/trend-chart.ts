/**
 * The trend of one indicator, 2022–2027: its value (points coloured by status) against the plan's
 * target (dashed), and the bureau's reported values as their own series, never joined to the
 * computed line. Chart.js with only the pieces a line chart needs registered (tree-shaken).
 */
import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type TooltipItem,
} from 'chart.js';
import type { IndicatorTrend } from './api';
import { formatValue, statusColors, statusLabel, unitLabel } from './format';
import { td } from './messages';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

const VALUE_COLOR = '#1f6fb2';
const TARGET_COLOR = '#d9822b';
const REPORTED_COLOR = '#7b3fa0';
const POPULATION_COLOR = '#3f8f5f';
const GRID_COLOR = '#e6ebf1';
const TEXT_COLOR = '#486581';

export class TrendChart {
  private chart: Chart<'line', (number | null)[], string> | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {
    Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
    Chart.defaults.color = TEXT_COLOR;
  }

  /** Draws `trend`, with the selected year's point enlarged. */
  show(trend: IndicatorTrend, selectedYear: number | null): void {
    const years = trend.points.map((point) => String(point.year));
    const values = trend.points.map((point) => (point.origin === 'computed' ? point.value : null));
    const reported = trend.points.map((point) => point.reported?.value ?? null);
    const targets = trend.points.map((point) => point.target);
    const pointColors = trend.points.map((point) => statusColors[point.origin === 'computed' ? point.status : 'no_data']);
    const radius = trend.points.map((point) => (point.year === selectedYear ? 6 : 4));
    const hasReported = reported.some((value) => value !== null);
    const hasComputed = values.some((value) => value !== null);
    const hasTarget = targets.some((value) => value !== null);
    const unit = unitLabel(trend.unit);
    // Slots per 1,000 moves with slots and with residents: the year's population is drawn beside it (right axis).
    const population = trend.points.map((point) => point.population ?? null);
    const hasPopulation = population.some((value) => value !== null);

    const config: ChartConfiguration<'line', (number | null)[], string> = {
      type: 'line',
      data: {
        labels: years,
        datasets: [
          ...(hasComputed || !hasReported
            ? [
                {
                  label: td('seriesComputed'),
                  data: values,
                  borderColor: VALUE_COLOR,
                  backgroundColor: VALUE_COLOR,
                  pointBackgroundColor: pointColors,
                  pointBorderColor: '#fff',
                  pointBorderWidth: 1.5,
                  pointRadius: radius,
                  pointHoverRadius: 7,
                  borderWidth: 2.5,
                  tension: 0.2,
                  spanGaps: false,
                },
              ]
            : []),
          ...(hasTarget
            ? [
                {
                  label: td('seriesTarget'),
                  data: targets,
                  borderColor: TARGET_COLOR,
                  backgroundColor: TARGET_COLOR,
                  borderDash: [6, 4],
                  borderWidth: 2,
                  pointRadius: 2.5,
                  pointHoverRadius: 4,
                },
              ]
            : []),
          ...(hasPopulation
            ? [
                {
                  label: td('seriesPopulation'),
                  data: population,
                  yAxisID: 'y2',
                  borderColor: POPULATION_COLOR,
                  backgroundColor: POPULATION_COLOR,
                  borderWidth: 1.5,
                  pointRadius: 2.5,
                  // Years whose population is carried forward are drawn dashed.
                  segment: {
                    borderDash: (ctx: { p1DataIndex: number }) => (trend.points[ctx.p1DataIndex]?.populationProjected ? [3, 3] : undefined),
                  },
                },
              ]
            : []),
          ...(hasReported
            ? [
                {
                  label: td('seriesReported'),
                  data: reported,
                  borderColor: REPORTED_COLOR,
                  backgroundColor: REPORTED_COLOR,
                  showLine: false,
                  pointStyle: 'rectRot' as const,
                  pointRadius: 6,
                  pointHoverRadius: 8,
                },
              ]
            : []),
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        layout: { padding: { top: 4, right: 8 } },
        scales: {
          x: { grid: { display: false }, border: { color: GRID_COLOR } },
          y: {
            beginAtZero: trend.unit === 'percent' || trend.unit === 'count',
            grid: { color: GRID_COLOR },
            border: { display: false },
            title: { display: unit.length > 0, text: unit },
            ticks: { maxTicksLimit: 6 },
          },
          ...(hasPopulation
            ? { y2: { position: 'right' as const, grid: { display: false }, border: { display: false }, ticks: { maxTicksLimit: 6 } } }
            : {}),
        },
        plugins: {
          legend: {
            position: 'bottom',
            labels: {
              usePointStyle: true,
              boxWidth: 8,
              boxHeight: 8,
              padding: 14,
              // The computed series' points carry status colours; its legend entry shows the line's colour.
              generateLabels: (chart) =>
                Chart.defaults.plugins.legend.labels.generateLabels(chart).map((label) => {
                  const color = chart.data.datasets[label.datasetIndex ?? 0]?.borderColor;
                  return typeof color === 'string' ? { ...label, fillStyle: color, strokeStyle: color } : label;
                }),
            },
          },
          tooltip: {
            callbacks: {
              label: (item: TooltipItem<'line'>) => {
                const point = trend.points[item.dataIndex];
                const value = item.parsed.y;
                if (value === null || point === undefined) return '';
                const text = `${item.dataset.label ?? ''}: ${formatValue(value, trend.unit)}`;
                if (item.dataset.label === td('seriesComputed')) return `${text} (${statusLabel(point.status)})`;
                if (item.dataset.label === td('seriesPopulation'))
                  return `${item.dataset.label}: ${Math.round(value).toLocaleString()}${point.populationProjected ? td('populationProjected') : ''}`;
                return text;
              },
            },
          },
        },
      },
    };
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, config);
  }

  clear(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}
