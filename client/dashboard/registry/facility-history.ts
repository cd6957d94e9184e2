/**
 * A facility's audit log as a list, newest first: when, who, what (created / changed / closed) and,
 * for changes, each attribute's value before and after.
 */
import { h } from '../../panels/dom';
import type { AuditEntry } from '../api';
import { formatDateTime } from '../format';
import { td } from '../messages';
import { attributes, attributeText } from './facility-form';

/** Attributes worth listing in a change (the version and township follow from the others). */
const shown = [...attributes.map((attribute) => attribute.name as string), 'lon', 'lat'];

function changedFields(entry: AuditEntry): { name: string; before: unknown; after: unknown }[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  return shown
    .filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]))
    .map((name) => ({ name, before: before[name], after: after[name] }));
}

function fieldLabel(name: string): string {
  const attribute = attributes.find((candidate) => candidate.name === name);
  if (attribute) return td(attribute.label);
  return name === 'lon' ? td('facLon') : name === 'lat' ? td('facLat') : name;
}

export function renderHistory(entries: AuditEntry[] | null, error: string | null): HTMLElement {
  if (error) return h('p', { className: 'pc-field-error' }, error);
  if (entries === null) return h('p', { className: 'db-hint' }, td('loading'));
  if (entries.length === 0) return h('p', { className: 'db-hint' }, td('historyEmpty'));
  return h(
    'ol',
    { id: 'facility-history', className: 'reg-history' },
    entries.map((entry) => {
      const changes = entry.action === 'create' ? [] : changedFields(entry);
      return h(
        'li',
        { 'data-action': entry.action },
        h(
          'div',
          { className: 'reg-history-head' },
          h('span', { className: `reg-action reg-action-${entry.action}` }, td(`action_${entry.action}`)),
          h('span', { className: 'reg-history-who' }, entry.actor),
          h('time', { datetime: entry.at }, formatDateTime(entry.at)),
        ),
        changes.length > 0
          ? h(
              'ul',
              { className: 'reg-history-changes' },
              changes.map((change) =>
                h(
                  'li',
                  {},
                  h('span', { className: 'reg-history-field' }, fieldLabel(change.name)),
                  `${attributeText(change.name, change.before)} → ${attributeText(change.name, change.after)}`,
                ),
              ),
            )
          : null,
      );
    }),
  );
}
