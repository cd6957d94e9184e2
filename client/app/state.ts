/**
 * The map page's state: what is selected (jurisdiction, year, walking threshold, tab, township), what was
 * loaded for it, and how the selection is written to and read from the URL (`?j=…&year=…&t=…&panel=…`),
 * so a link reopens the same view. Plus the read-only views of the state that panels ask for.
 */
import type {
  DistrictSummary,
  FacilityCollection,
  JurisdictionDetail,
  JurisdictionListItem,
  ProjectRow,
  TownshipCollection,
  UncoveredCollection,
} from '../api/types';
import type { LonLat } from '../layers/project-check';
import { defaultLayerVisibility, type LayerVisibility } from '../panels/layer-panel';
import type { ProjectCheckContext } from '../project-check/panel';
import type { AccessibilityMode } from '../whatif/accessibility-layer';
import type { FacilityInfo, WhatIfContext } from '../whatif/panel';
import { comparisonOf } from '../i18n/targets';

/** The threshold shown first: the plans' 15-minute service circle. */
export const DEFAULT_THRESHOLD_MIN = 15;

export type SidebarTab = 'overview' | 'project-check' | 'whatif';

/** The `panel` URL parameter of each tab but the first. */
const TAB_PARAMS: Partial<Record<SidebarTab, string>> = { 'project-check': 'check', whatif: 'whatif' };

export interface AppState {
  jurisdictions: JurisdictionListItem[];
  detail: JurisdictionDetail | null;
  year: number | null;
  thresholdMin: number;
  summary: DistrictSummary | null;
  townships: TownshipCollection | null;
  facilities: FacilityCollection | null;
  uncovered: UncoveredCollection | null;
  projects: ProjectRow[];
  selectedCode: string | null;
  hoverCode: string | null;
  layers: LayerVisibility;
  tab: SidebarTab;
  accessibilityMode: AccessibilityMode;
  /** Jurisdiction and year of the accessibility units on the map ("" when none). */
  accessibilityLoaded: string;
}

/** The state of a page just opened: nothing loaded, the tab from the URL. */
export function initialState(search: string): AppState {
  return {
    jurisdictions: [],
    detail: null,
    year: null,
    thresholdMin: DEFAULT_THRESHOLD_MIN,
    summary: null,
    townships: null,
    facilities: null,
    uncovered: null,
    projects: [],
    selectedCode: null,
    hoverCode: null,
    layers: { ...defaultLayerVisibility },
    tab: tabOfParam(new URLSearchParams(search).get('panel')),
    accessibilityMode: 'all',
    accessibilityLoaded: '',
  };
}

function tabOfParam(param: string | null): SidebarTab {
  const found = (Object.entries(TAB_PARAMS) as [SidebarTab, string][]).find(([, value]) => value === param);
  return found ? found[0] : 'overview';
}

/** The query string of the current selection, keeping parameters the page does not own. */
export function selectionQuery(state: AppState, search: string): string {
  const params = new URLSearchParams(search);
  if (state.detail) params.set('j', state.detail.id);
  if (state.year !== null) params.set('year', String(state.year));
  params.set('t', String(state.thresholdMin));
  const panel = TAB_PARAMS[state.tab];
  if (panel) params.set('panel', panel);
  else params.delete('panel');
  return params.toString();
}

/**
 * The year and threshold to show for a newly opened jurisdiction: those the URL asks for when the page
 * starts (and the jurisdiction has them), else the analysis year and the current threshold, else 15 min.
 */
export function selectionFor(
  detail: JurisdictionDetail,
  years: readonly number[],
  currentThresholdMin: number,
  requested: { year: number; thresholdMin: number },
): { year: number; thresholdsMin: number[]; thresholdMin: number } {
  const thresholds = detail.profile.parameters.thresholdsMin.length ? detail.profile.parameters.thresholdsMin : [5, 10, 15];
  const year = years.includes(requested.year) ? requested.year : detail.year;
  const thresholdMin = thresholds.includes(requested.thresholdMin)
    ? requested.thresholdMin
    : thresholds.includes(currentThresholdMin)
      ? currentThresholdMin
      : thresholds.includes(DEFAULT_THRESHOLD_MIN)
        ? DEFAULT_THRESHOLD_MIN
        : Math.max(...thresholds);
  return { year, thresholdsMin: thresholds, thresholdMin };
}

export function townshipRow(state: AppState, code: string) {
  return state.townships?.features.find((feature) => feature.properties.code === code) ?? null;
}

/** A township's name, or its code when the year's townships do not list it. */
export function townshipName(state: AppState, code: string | null | undefined): string | null {
  return code ? (townshipRow(state, code)?.properties.name ?? code) : null;
}

export function facilityInfo(state: AppState, id: string): FacilityInfo | null {
  const facility = state.facilities?.features.find((feature) => String(feature.properties.id) === id);
  const [lon, lat] = facility?.geometry.coordinates ?? [];
  if (!facility || lon === undefined || lat === undefined) return null;
  const { name, slots, inclusiveSlots, operating } = facility.properties;
  return { id, name, slots, inclusiveSlots, operating, position: [lon, lat] };
}

export function facilityPosition(state: AppState, id: string): LonLat | null {
  return facilityInfo(state, id)?.position ?? null;
}

export function whatIfContext(state: AppState): WhatIfContext | null {
  const { detail, year } = state;
  if (!detail || year === null) return null;
  return {
    jurisdictionId: detail.id,
    year,
    thresholdMin: state.thresholdMin,
    walkSpeedKmh: detail.profile.parameters.walkSpeedKmh,
    slotsComparison: comparisonOf(detail.profile.comparisons, 'slots_per_1000', year),
    profile: detail.profile,
  };
}

export function projectCheckContext(state: AppState): ProjectCheckContext | null {
  const { detail, year } = state;
  if (!detail || year === null) return null;
  const parameter = (value: number) => (Number.isFinite(value) ? value : null);
  return {
    jurisdictionId: detail.id,
    jurisdictionName: detail.name,
    year,
    personsPerHousehold: parameter(detail.profile.parameters.personsPerHousehold),
    standardSlotsPer1000: parameter(detail.profile.parameters.newCommunitySlotsPer1000),
    slotsComparison: comparisonOf(detail.profile.comparisons, 'slots_per_1000', year),
  };
}
