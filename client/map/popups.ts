/**
 * Popup contents for a clicked township, facility or uncovered population unit. Built as DOM nodes
 * (never HTML strings) so names from data packages cannot inject markup.
 */
import type { FacilityProperties, TownshipRow, UncoveredProperties } from '../api/types';
import { formatDecimal, formatInteger, formatMetres, formatShare, t, tMaybe } from '../i18n/i18n';
import { targetText, type TargetComparison } from '../i18n/targets';
import { attainmentOf } from '../layers/attainment';
import { h } from '../panels/dom';

function rows(entries: [string, string | Node][]): HTMLElement {
  return h(
    'dl',
    { className: 'popup-rows' },
    entries.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value))),
  );
}

/** `comparison`: how the profile compares slots per 1,000 with the target this year. */
export function townshipPopup(row: TownshipRow, thresholdMin: number, comparison: TargetComparison = '>='): HTMLElement {
  const attainment = attainmentOf(row.slotsPer1000, row.target);
  return h(
    'div',
    { className: 'popup' },
    h('h3', {}, row.name),
    rows([
      [t('population'), formatInteger(row.population)],
      [t('slots'), `${formatInteger(row.slots)} (${t('inclusiveSlots')} ${formatInteger(row.inclusiveSlots)})`],
      [
        t('slotsPer1000'),
        h(
          'span',
          {},
          h('span', { className: `attainment attainment-${attainment}` }, formatDecimal(row.slotsPer1000, 2)),
          row.target === null ? '' : ` · ${t('vsTarget', { target: targetText(row.target, comparison, 'per1000', false) })}`,
        ),
      ],
      [t('gap'), formatInteger(row.slotGap)],
      [t('inclusiveShare'), formatShare(row.inclusiveShare)],
      [t('facilityCount'), formatInteger(row.facilityCount)],
      [t('coverage', { n: thresholdMin }), formatShare(row.coverage[String(thresholdMin)])],
    ]),
  );
}

export function facilityPopup(facility: FacilityProperties, year: number, thresholdMin: number, onCatchment: () => void): HTMLElement {
  const button = h('button', { type: 'button', className: 'button button-small' }, t('showCatchment', { n: thresholdMin }));
  button.addEventListener('click', onCatchment);
  const entries: [string, string][] = [
    [t('facilityType'), tMaybe(`type_${facility.type}`, facility.type)],
    [t('facilityStatus'), tMaybe(`status_${facility.status}`, facility.status)],
    [t('slots'), formatInteger(facility.slots)],
    [
      t('inclusiveSlots'),
      `${formatInteger(facility.inclusiveSlots)} (${formatShare(facility.slots > 0 ? facility.inclusiveSlots / facility.slots : null)})`,
    ],
  ];
  if (facility.openedYear) entries.push([t('openedYear'), String(facility.openedYear)]);
  if (facility.closedYear) entries.push([t('closedYear'), String(facility.closedYear)]);
  if (facility.grade) entries.push([t('grade'), facility.grade]);
  if (typeof facility.staff === 'number' && typeof facility.certifiedStaff === 'number') {
    entries.push([t('certifiedStaff'), `${formatInteger(facility.certifiedStaff)} / ${formatInteger(facility.staff)}`]);
  }
  if (facility.township) entries.push([t('township'), facility.township]);
  return h(
    'div',
    { className: 'popup' },
    h('h3', {}, facility.name),
    h(
      'p',
      { className: `popup-status ${facility.operating ? 'is-operating' : 'is-inactive'}` },
      facility.operating ? t('operatingInYear', { year }) : t('notOperatingInYear', { year }),
    ),
    rows(entries),
    facility.operating ? h('div', { className: 'popup-actions' }, button) : null,
    h('p', { className: 'popup-catchment', 'data-role': 'catchment' }),
  );
}

export function uncoveredPopup(unit: UncoveredProperties, townshipName: string | null): HTMLElement {
  const entries: [string, string][] = [[t('population'), formatInteger(unit.population)]];
  if (townshipName) entries.push([t('township'), townshipName]);
  entries.push([t('distance'), unit.distanceM === null ? t('unreachable') : formatMetres(unit.distanceM)]);
  return h('div', { className: 'popup' }, h('h3', {}, t('layerUncovered')), rows(entries));
}
