/**
 * The facility form's fields: what the user typed (a draft of strings), how it becomes the API's values
 * (blank optional fields are null), which attributes an edit changes, and the inputs with their errors.
 * The server checks every limit (server/schemas/dashboard.ts) and its field errors are shown next to
 * the fields; the form only refuses what cannot be sent at all (a blank required number, no position).
 */
import { h } from '../../panels/dom';
import {
  facilityStatuses,
  facilityTypes,
  type FacilityChanges,
  type FacilityCreateBody,
  type FacilityRecord,
  type FacilityStatus,
  type FacilityType,
} from '../api';
import { td, type DashboardMessageKey } from '../messages';
import { typedNumberOrNull } from '../../i18n/parse-number';

export type AttributeName =
  'name' | 'type' | 'status' | 'slots' | 'inclusiveSlots' | 'grade' | 'staff' | 'certifiedStaff' | 'openedYear' | 'closedYear';
export type FieldName = AttributeName | 'lon' | 'lat' | 'crs';
export type FacilityDraft = Record<FieldName, string>;
type Crs = 'WGS84' | 'GCJ-02' | 'BD-09';

/** Attributes in form order, with their label and kind. */
export const attributes: {
  name: AttributeName;
  label: DashboardMessageKey;
  kind: 'text' | 'count' | 'year' | 'type' | 'status';
  required: boolean;
}[] = [
  { name: 'name', label: 'facName', kind: 'text', required: true },
  { name: 'type', label: 'facType', kind: 'type', required: true },
  { name: 'status', label: 'facStatus', kind: 'status', required: true },
  { name: 'slots', label: 'facSlots', kind: 'count', required: true },
  { name: 'inclusiveSlots', label: 'facInclusiveSlots', kind: 'count', required: true },
  { name: 'grade', label: 'facGrade', kind: 'text', required: false },
  { name: 'staff', label: 'facStaff', kind: 'count', required: false },
  { name: 'certifiedStaff', label: 'facCertifiedStaff', kind: 'count', required: false },
  { name: 'openedYear', label: 'facOpenedYear', kind: 'year', required: false },
  { name: 'closedYear', label: 'facClosedYear', kind: 'year', required: false },
];

const text = (value: string | number | null): string => (value === null ? '' : String(value));

export function draftOf(record: FacilityRecord): FacilityDraft {
  return {
    name: record.name,
    type: record.type,
    status: record.status,
    slots: text(record.slots),
    inclusiveSlots: text(record.inclusiveSlots),
    grade: text(record.grade),
    staff: text(record.staff),
    certifiedStaff: text(record.certifiedStaff),
    openedYear: text(record.openedYear),
    closedYear: text(record.closedYear),
    lon: text(record.lon),
    lat: text(record.lat),
    crs: 'WGS84',
  };
}

/** A new facility: operating, opened in the year shown. */
export function emptyDraft(year: number): FacilityDraft {
  return {
    name: '',
    type: 'community',
    status: 'operating',
    slots: '',
    inclusiveSlots: '0',
    grade: '',
    staff: '',
    certifiedStaff: '',
    openedYear: String(year),
    closedYear: '',
    lon: '',
    lat: '',
    crs: 'WGS84',
  };
}

export interface FacilityValues {
  name: string;
  type: FacilityType;
  status: FacilityStatus;
  slots: number;
  inclusiveSlots: number;
  grade: string | null;
  staff: number | null;
  certifiedStaff: number | null;
  openedYear: number | null;
  closedYear: number | null;
}

/** The draft as API values; `errors` names fields that cannot be sent (the server checks the rest). */
export function parseDraft(draft: FacilityDraft): { values: FacilityValues; errors: Partial<Record<FieldName, string>> } {
  const errors: Partial<Record<FieldName, string>> = {};
  const number = (name: FieldName, required: boolean): number | null => {
    const raw = draft[name].trim();
    if (raw === '') {
      if (required) errors[name] = td('fieldRequired');
      return null;
    }
    const value = typedNumberOrNull(raw);
    if (value === null) errors[name] = td('fieldNotNumber');
    return value;
  };
  const values: FacilityValues = {
    name: draft.name.trim(),
    type: draft.type as FacilityType,
    status: draft.status as FacilityStatus,
    slots: number('slots', true) ?? 0,
    inclusiveSlots: number('inclusiveSlots', true) ?? 0,
    grade: draft.grade.trim() === '' ? null : draft.grade.trim(),
    staff: number('staff', false),
    certifiedStaff: number('certifiedStaff', false),
    openedYear: number('openedYear', false),
    closedYear: number('closedYear', false),
  };
  if (values.name === '') errors.name = td('fieldRequired');
  return { values, errors };
}

/** The attributes whose value differs from the record's: what a PATCH sends. */
export function changesOf(record: FacilityRecord, values: FacilityValues): FacilityChanges {
  const changes: Record<string, unknown> = {};
  for (const { name } of attributes) {
    if (values[name] !== record[name]) changes[name] = values[name];
  }
  return changes;
}

/** The body of a new facility, with its position (or errors for a missing one). */
export function createBodyOf(draft: FacilityDraft): { body: FacilityCreateBody | null; errors: Partial<Record<FieldName, string>> } {
  const { values, errors } = parseDraft(draft);
  const coordinate = (name: 'lon' | 'lat'): number => {
    const raw = draft[name].trim();
    const value = typedNumberOrNull(raw);
    if (value === null) errors[name] = td('positionRequired');
    return value ?? Number.NaN;
  };
  const lon = coordinate('lon');
  const lat = coordinate('lat');
  if (Object.keys(errors).length > 0) return { body: null, errors };
  return { body: { ...values, lon, lat, crs: draft.crs as Crs }, errors };
}

/** A facility attribute as the planner reads it (type and status translated, blank as a dash). */
export function attributeText(name: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (name === 'type') return td(`type_${value as FacilityType}`);
  if (name === 'status') return td(`status_facility_${value as FacilityStatus}`);
  // Numbers and booleans print the same through JSON; other objects show their content, not [object Object].
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One labelled input of the form, with its error; `onInput` receives every keystroke. */
export function fieldElement(
  name: FieldName,
  label: string,
  draft: FacilityDraft,
  error: string | undefined,
  disabled: boolean,
  onInput: (name: FieldName, value: string) => void,
): HTMLElement {
  const id = `fac-${name}`;
  let input: HTMLInputElement | HTMLSelectElement;
  const options =
    name === 'type'
      ? facilityTypes
      : name === 'status'
        ? facilityStatuses
        : name === 'crs'
          ? (['WGS84', 'GCJ-02', 'BD-09'] as const)
          : null;
  if (options) {
    input = h(
      'select',
      { id, name, disabled },
      options.map((option) =>
        h('option', { value: option, selected: option === draft[name] }, name === 'crs' ? option : attributeText(name, option)),
      ),
    );
    input.addEventListener('change', () => onInput(name, input.value));
  } else {
    const numeric = name !== 'name' && name !== 'grade';
    input = h('input', {
      id,
      name,
      className: 'input',
      value: draft[name],
      disabled,
      autocomplete: 'off',
      ...(numeric ? { inputmode: name === 'lon' || name === 'lat' ? 'decimal' : 'numeric' } : {}),
      ...(name === 'name' ? { maxlength: 200 } : name === 'grade' ? { maxlength: 50 } : {}),
    });
    input.addEventListener('input', () => onInput(name, input.value));
  }
  if (error) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${id}-error`);
  }
  return h(
    'div',
    { className: `field${error ? ' has-error' : ''}${name === 'name' ? ' field-wide' : ''}`, 'data-field': name },
    h('label', { for: id }, label),
    input,
    error ? h('p', { className: 'pc-field-error', id: `${id}-error` }, error) : null,
  );
}
