/**
 * How many people the project brings, entered as households (× persons per household, by default the
 * profile's) or as a population, and the slots it plans. Typed text is kept as typed; it is read as
 * numbers only when the check is sent.
 */
import type { ComplianceRequest } from '../api/types';
import { t } from '../i18n/i18n';
import { h } from '../panels/dom';
import { segmented } from '../panels/segmented';
import { parseNumber, type FieldErrors, type FieldMessages, type NumberKey } from './fields';
import type { ProjectCheckContext } from './host';

type PopulationMode = 'households' | 'population';

/** The residents and slots part of the request. */
export type ResidentsPart = Pick<ComplianceRequest, 'plannedSlots' | 'households' | 'personsPerHousehold' | 'population'>;

/** What the residents entry needs from the panel. */
export interface ResidentsInputHost {
  /** A number was typed: a shown result is out of date (shown without re-rendering, to keep the focus). */
  typed(): void;
  /** The way of counting changed: a shown result is out of date and the form is rendered again. */
  changed(): void;
}

export class ResidentsInput {
  private mode: PopulationMode = 'households';
  private values: Record<NumberKey, string> = {
    households: '',
    personsPerHousehold: '',
    population: '',
    plannedSlots: '',
  };

  constructor(
    private readonly errors: FieldErrors,
    private readonly host: ResidentsInputHost,
  ) {}

  /** The numbers for the request; empty required fields and non-numbers are reported in `errors`. */
  read(errors: FieldMessages): ResidentsPart {
    const numberField = (key: NumberKey, required: boolean): number | undefined => {
      const value = parseNumber(this.values[key]);
      if (value === 'invalid') errors[key] = t('pcErrorNumber');
      else if (value === null && required) errors[key] = t('pcErrorRequired');
      return typeof value === 'number' ? value : undefined;
    };
    const part: ResidentsPart = { plannedSlots: numberField('plannedSlots', true) ?? 0 };
    if (this.mode === 'households') {
      part.households = numberField('households', true);
      const perHousehold = numberField('personsPerHousehold', false);
      if (perHousehold !== undefined) part.personsPerHousehold = perHousehold;
    } else {
      part.population = numberField('population', true);
    }
    return part;
  }

  /** The form's "residents" fieldset: the way of counting, its fields, and the planned slots. */
  render(context: ProjectCheckContext | null): HTMLElement {
    const modes = segmented<PopulationMode>(
      'pc-population-mode',
      t('pcResidents'),
      [
        { value: 'households', label: t('pcByHouseholds') },
        { value: 'population', label: t('pcByPopulation') },
      ],
      this.mode,
      (mode) => {
        this.mode = mode;
        this.errors.clear('households', 'population', 'personsPerHousehold');
        this.host.changed();
      },
    );
    const defaultPerHousehold = context?.personsPerHousehold ?? null;
    const residents =
      this.mode === 'households'
        ? [
            this.numberInput('households', t('pcHouseholds'), { placeholder: '1,000', step: '1' }),
            this.numberInput('personsPerHousehold', t('pcPersonsPerHousehold'), {
              placeholder: defaultPerHousehold === null ? '' : String(defaultPerHousehold),
              hint: defaultPerHousehold === null ? undefined : t('pcPersonsDefault', { n: String(defaultPerHousehold) }),
            }),
          ]
        : [this.numberInput('population', t('pcPopulationInput'), { placeholder: '2,800' })];
    return h(
      'fieldset',
      { className: 'pc-section' },
      h('legend', {}, t('pcResidents')),
      modes,
      h(
        'div',
        { className: 'pc-grid' },
        ...residents,
        this.numberInput('plannedSlots', t('pcPlannedSlots'), { placeholder: '0', step: '1' }),
      ),
    );
  }

  private numberInput(key: NumberKey, label: string, options: { placeholder?: string; hint?: string; step?: string } = {}): HTMLElement {
    const id = `pc-${key}`;
    const error = this.errors.get(key);
    const input = h('input', {
      type: 'text',
      inputmode: options.step === '1' ? 'numeric' : 'decimal',
      id,
      name: key,
      className: 'input',
      autocomplete: 'off',
      placeholder: options.placeholder ?? '',
      'aria-invalid': error ? 'true' : null,
      'aria-describedby': error ? `pc-error-${key}` : options.hint ? `${id}-hint` : null,
    });
    input.value = this.values[key];
    input.addEventListener('input', () => {
      this.values[key] = input.value;
      // The field's error goes as soon as it is edited, without re-rendering the form under the cursor.
      if (this.errors.get(key)) {
        this.errors.clear(key);
        input.removeAttribute('aria-invalid');
        input.closest('.field')?.classList.remove('has-error');
        input.closest('.field')?.querySelector('.pc-field-error')?.remove();
      }
      this.host.typed();
    });
    return h(
      'div',
      { className: `field${error ? ' has-error' : ''}`, 'data-field': key },
      h('label', { for: id }, label),
      input,
      options.hint ? h('span', { className: 'pc-hint pc-hint-small', id: `${id}-hint` }, options.hint) : null,
      this.errors.element(key),
    );
  }
}
