/**
 * A segmented choice: radio buttons drawn as one row of segments (class `segmented`), each input with
 * the id `${name}-${value}` so that tests and labels can name a segment.
 */
import { h } from './dom';

export interface Segment<T extends string> {
  value: T;
  label: string;
}

/** The group, labelled `label` for screen readers; `onChange` gets the value of the segment chosen. */
export function segmented<T extends string>(
  name: string,
  label: string,
  options: Segment<T>[],
  current: T,
  onChange: (value: T) => void,
): HTMLElement {
  return h(
    'div',
    { className: 'segmented segmented-full', role: 'radiogroup', 'aria-label': label },
    options.map((option) => {
      const id = `${name}-${option.value}`;
      const input = h('input', { type: 'radio', name, id, value: option.value, checked: option.value === current });
      input.addEventListener('change', () => {
        if (input.checked) onChange(option.value);
      });
      return h('span', { className: 'segment' }, input, h('label', { for: id }, option.label));
    }),
  );
}
