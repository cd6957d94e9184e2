/**
 * The form's fields and their errors. An error is shown beside the field it names, whether the form
 * found it (empty, not a number) or the API did (`error.issues[].path`, e.g. `body.households`).
 */
import { h } from '../panels/dom';
import { parseTypedNumber } from '../i18n/parse-number';

/** The number fields, named as in the request body. */
export type NumberKey = 'households' | 'personsPerHousehold' | 'population' | 'plannedSlots';
export type FieldKey = 'location' | NumberKey;
export type FieldMessages = Partial<Record<FieldKey, string>>;

/** Fields in the order of the form: the first with an error takes the focus. */
export const FIELD_ORDER: readonly FieldKey[] = ['location', 'households', 'personsPerHousehold', 'population', 'plannedSlots'];

/** The current error of each field, shared by the panel and its inputs. */
export class FieldErrors {
  private messages: FieldMessages = {};

  get(key: FieldKey): string | undefined {
    return this.messages[key];
  }

  set(key: FieldKey, message: string): void {
    this.messages[key] = message;
  }

  /** Forgets the errors of `keys`, or of every field when none are named. */
  clear(...keys: FieldKey[]): void {
    if (keys.length === 0) this.messages = {};
    for (const key of keys) delete this.messages[key];
  }

  /** Replaces every error by `messages`. */
  replace(messages: FieldMessages): void {
    this.messages = { ...messages };
  }

  any(): boolean {
    return Object.keys(this.messages).length > 0;
  }

  /** The first field of the form that has an error. */
  first(): FieldKey | undefined {
    return FIELD_ORDER.find((key) => this.messages[key]);
  }

  /** The message beside field `key` (its id is the input's `aria-describedby`), or null without error. */
  element(key: FieldKey): HTMLElement | null {
    const message = this.messages[key];
    return message ? h('p', { className: 'pc-field-error', id: `pc-error-${key}`, role: 'alert' }, message) : null;
  }
}

/** Field of an API issue path: "body.households" → households, "body.location.coordinates.0" → location. */
export function fieldOfPath(path: string): FieldKey | null {
  const name = path.replace(/^body\./, '').split('.')[0];
  if (name === 'location' || name === 'crs') return 'location';
  if (name === 'households' || name === 'personsPerHousehold' || name === 'population' || name === 'plannedSlots') return name;
  return null;
}

/**
 * Reads a number typed by a person (full-width digits, thousands separators, 1.2万: see
 * ../i18n/parse-number.ts). Null when empty.
 */
export function parseNumber(text: string): number | null | 'invalid' {
  const parsed = parseTypedNumber(text);
  if (parsed.ok) return parsed.value;
  return parsed.problem === 'empty' ? null : 'invalid';
}
