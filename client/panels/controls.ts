/**
 * The selection controls: jurisdiction (only shown when there is more than one), year, and the walking
 * threshold as a group of radio buttons. Every control has a visible label.
 */
import type { JurisdictionListItem } from '../api/types';
import { t } from '../i18n/i18n';
import { h, replaceChildren } from './dom';

export interface ControlsState {
  jurisdictions: JurisdictionListItem[];
  jurisdictionId: string | null;
  years: number[];
  year: number | null;
  thresholdsMin: number[];
  thresholdMin: number;
}

export interface ControlsCallbacks {
  onJurisdiction: (id: string) => void;
  onYear: (year: number) => void;
  onThreshold: (thresholdMin: number) => void;
}

export class Controls {
  private state: ControlsState = {
    jurisdictions: [],
    jurisdictionId: null,
    years: [],
    year: null,
    thresholdsMin: [5, 10, 15],
    thresholdMin: 15,
  };

  constructor(
    private readonly container: HTMLElement,
    private readonly callbacks: ControlsCallbacks,
  ) {}

  update(state: Partial<ControlsState>): void {
    this.state = { ...this.state, ...state };
    this.render();
  }

  render(): void {
    const { jurisdictions, jurisdictionId, years, year, thresholdsMin, thresholdMin } = this.state;

    const jurisdictionField =
      jurisdictions.length > 1
        ? (() => {
            const select = h(
              'select',
              { id: 'jurisdiction-select' },
              jurisdictions.map((item) => h('option', { value: item.id, selected: item.id === jurisdictionId }, item.name)),
            );
            select.addEventListener('change', () => this.callbacks.onJurisdiction(select.value));
            return h('div', { className: 'field field-wide' }, h('label', { for: 'jurisdiction-select' }, t('jurisdiction')), select);
          })()
        : null;

    const yearSelect = h(
      'select',
      { id: 'year-select', disabled: years.length === 0 },
      years.map((candidate) => h('option', { value: candidate, selected: candidate === year }, String(candidate))),
    );
    yearSelect.addEventListener('change', () => this.callbacks.onYear(Number(yearSelect.value)));

    const thresholdGroup = h(
      'div',
      { className: 'segmented', role: 'radiogroup', 'aria-labelledby': 'threshold-label' },
      thresholdsMin.map((minutes) => {
        const id = `threshold-${minutes}`;
        const input = h('input', { type: 'radio', name: 'threshold', id, value: minutes, checked: minutes === thresholdMin });
        input.addEventListener('change', () => {
          if (input.checked) this.callbacks.onThreshold(minutes);
        });
        return h('span', { className: 'segment' }, input, h('label', { for: id }, t('minutesShort', { n: minutes })));
      }),
    );

    replaceChildren(
      this.container,
      jurisdictionField,
      h('div', { className: 'field' }, h('label', { for: 'year-select' }, t('year')), yearSelect),
      h('div', { className: 'field' }, h('span', { className: 'field-label', id: 'threshold-label' }, t('threshold')), thresholdGroup),
    );
  }
}
