/**
 * What the what-if panel's planning sections (site suggestions, schedule openings) have in common: a
 * panel section with a heading and its help, an intro line, a form whose submit sends the section's
 * request, the request's progress and the result under the form; one request at a time, the section busy
 * (and the page's map not idle) until the newest one settles, a failure shown in the section.
 */
import { LatestRequest } from '../api/cancellation';
import { withHelp } from '../help/drawer';
import type { HelpTopicId } from '../help/topics/index';
import { h, replaceChildren } from '../panels/dom';
import type { JobProgress } from '../panels/job-progress';
import './section.css';

export interface SectionHost {
  /** Marks the section's work in progress on the page; the returned function ends it. */
  begin(): () => void;
}

/** The parts of one rendering, in the reader's language. */
export interface SectionView {
  title: string;
  intro: string;
  fields: (HTMLElement | null)[];
  /** The answer, in an element of class `wi-section-result`. */
  result: HTMLElement | null;
}

export abstract class PlanningSection<Host extends SectionHost, Field extends string> {
  readonly element: HTMLElement;
  /** Whether the section's drawing is on the map (its tab is open). */
  protected active = false;
  /** Messages beside the form fields they are about. */
  protected errors: Partial<Record<Field, string>> = {};
  /** A message under the form about none of its fields (a refusal, a request that failed). */
  protected generalError: string | null = null;
  protected busy = false;
  protected readonly request = new LatestRequest();

  /**
   * `id`: the section's id (its class and its heading's id follow from it); `formId`: the form's id;
   * `progress`: where a long request shows its job's progress, if it can run as a job.
   */
  constructor(
    protected readonly host: Host,
    private readonly id: string,
    private readonly formId: string,
    private readonly help: HelpTopicId,
    private readonly progress: JobProgress | null = null,
  ) {
    this.element = h('section', { className: `panel ${id}`, id, 'aria-labelledby': `${id}-title` });
  }

  setActive(active: boolean): void {
    this.active = active;
    this.draw();
  }

  abstract render(): void;

  /** Shows the section's result on the map, or takes it off when the section is not active. */
  protected abstract draw(): void;

  /** Checks the form and sends the request (with {@link send}); called on submit. */
  protected abstract run(): Promise<void>;

  /** Shows a failed request's message (and the fields it names) in the section. */
  protected abstract showError(error: unknown): void;

  /** Sends the section's request, aborting the one before; the section is busy until the newest one settles. */
  protected async send<T>(request: (signal: AbortSignal) => Promise<T>, answered: (value: T) => void): Promise<void> {
    this.busy = true;
    this.render();
    const end = this.host.begin();
    try {
      await this.request.run(request, {
        answered,
        failed: (error) => this.showError(error),
        settled: () => {
          this.busy = false;
          this.progress?.clear();
          this.render();
        },
      });
    } finally {
      end();
    }
  }

  /**
   * A number field with its unit (what is typed is kept in `values[key]`, as typed), marked invalid while
   * `field` has an error; `below` goes under the input.
   */
  protected unitField<Key extends string>(
    values: Record<Key, string>,
    key: Key,
    field: Field,
    input: { id: string; label: string; unit: string | null; inputmode: 'decimal' | 'numeric' },
    ...below: (HTMLElement | null)[]
  ): HTMLElement {
    const { id, label, unit, inputmode } = input;
    const error = this.errors[field];
    const element = h('input', {
      id,
      className: 'input',
      inputmode,
      autocomplete: 'off',
      value: values[key],
      'aria-invalid': error ? 'true' : null,
      'aria-describedby': error ? `${id}-error` : null,
    });
    element.addEventListener('input', () => {
      values[key] = element.value;
    });
    return h(
      'div',
      { className: `field${error ? ' has-error' : ''}` },
      h('label', { for: id }, label),
      h('div', { className: 'wi-input-unit' }, element, unit ? h('span', { className: 'wi-unit' }, unit) : null),
      below,
    );
  }

  /** The error of `field`, named by the input `id` that describes itself with it. */
  protected fieldError(field: Field, id: string): HTMLElement | null {
    const error = this.errors[field];
    return error ? h('p', { className: 'pc-field-error', id: `${id}-error` }, error) : null;
  }

  /** Draws the section anew, keeping the focus on the field or button that had it. */
  protected renderView(view: SectionView): void {
    const focusedId =
      document.activeElement instanceof HTMLElement && this.element.contains(document.activeElement) ? document.activeElement.id : '';
    const form = h('form', { className: 'wi-section-form', id: this.formId, novalidate: true });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run();
    });
    replaceChildren(form, view.fields);
    replaceChildren(
      this.element,
      withHelp(h('h2', { className: 'panel-title', id: `${this.id}-title` }, view.title), this.help),
      h('p', { className: 'pc-intro' }, view.intro),
      form,
      this.progress?.element,
      view.result,
    );
    if (focusedId) document.getElementById(focusedId)?.focus();
  }
}
