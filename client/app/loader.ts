/**
 * Loading the map page's data from the public API into the state and onto the map, one request group at
 * a time: the jurisdiction list, a jurisdiction, its year (summary, townships, facilities), its threshold
 * (service areas, uncovered residents), its projects and, when switched on, E2SFCA accessibility. Each
 * group cancels its previous request, shows the busy indicator and reports failures in the error banner
 * with a retry. Switching the threshold does not refetch the year.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { restart } from '../api/cancellation';
import {
  fetchCatchment,
  fetchFacilities,
  fetchJurisdiction,
  fetchJurisdictions,
  fetchProjects,
  fetchServiceAreas,
  fetchRoads,
  fetchSummary,
  fetchTownships,
  fetchUncovered,
  projectsCsvUrl,
} from '../api/client';
import { requestedJurisdiction } from '../api/url-selection';
import { formatInteger, getLocale, t } from '../i18n/i18n';
import { setFacilityData } from '../layers/facilities';
import { setProjectData } from '../layers/projects';
import { setCatchmentData, setServiceAreaData } from '../layers/service-areas';
import type { TownshipLabels } from '../layers/township-labels';
import { setTownshipData, setTownshipState } from '../layers/townships';
import { setUncoveredData } from '../layers/uncovered';
import type { IdleTracker } from '../map/idle';
import type { MapViewport } from '../map/viewport';
import type { Controls } from '../panels/controls';
import type { ErrorBanner } from '../panels/error-banner';
import type { LayerPanel } from '../panels/layer-panel';
import type { TownshipTable } from '../panels/township-table';
import type { ProjectCheckPanel } from '../project-check/panel';
import { setAccessibilityData } from '../whatif/accessibility-layer';
import { fetchAccessibilityUnits } from '../whatif/api';
import type { WhatIfPanel } from '../whatif/panel';
import { createLoadRunner, type LoadRunner } from './load-runner';
import { selectionFor, type AppState } from './state';
import { comparisonOf } from '../i18n/targets';
import { setRoadData } from '../layers/roads';

/** The page's parts a load updates. */
export interface LoaderHost {
  state: AppState;
  map: MapLibreMap;
  styleReady: Promise<unknown>;
  idle: IdleTracker;
  viewport: MapViewport;
  errorBanner: ErrorBanner;
  controls: Controls;
  layerPanel: LayerPanel;
  labels: TownshipLabels;
  table: TownshipTable;
  projectCheck: ProjectCheckPanel;
  whatIf: WhatIfPanel;
  /** Where the district summary goes ("no data" when the database holds no jurisdiction). */
  summaryElement: HTMLElement;
  /** Shows the jurisdiction's name in the header and the window title. */
  showJurisdictionName(name: string): void;
  renderSummaryPanel(): void;
  applyLayerVisibility(): void;
  syncUrl(): void;
}

export class PageLoader {
  /** Runs one load with the busy indicator; shows failures (not cancellations) in the error banner. */
  private readonly run: LoadRunner;

  constructor(private readonly host: LoaderHost) {
    const { idle, errorBanner } = host;
    this.run = createLoadRunner({
      errorBanner,
      clearBannerOnStart: true,
      markers: [
        () => {
          const end = idle.begin();
          document.body.classList.add('is-loading');
          return () => {
            end();
            if (!idle.isBusy()) document.body.classList.remove('is-loading');
          };
        },
      ],
    });
  }

  async jurisdictions(): Promise<void> {
    const { state, controls, summaryElement } = this.host;
    await this.run(
      async () => {
        const signal = restart('jurisdictions');
        state.jurisdictions = await fetchJurisdictions(signal);
        const chosen = requestedJurisdiction(state.jurisdictions);
        controls.update({ jurisdictions: state.jurisdictions });
        if (!chosen) {
          summaryElement.textContent = t('noData');
          return;
        }
        await this.jurisdiction(chosen.id, true);
      },
      () => void this.jurisdictions(),
    );
  }

  /** Opens jurisdiction `id`; when the page starts (`initial`), with the year and threshold of the URL. */
  async jurisdiction(id: string, initial = false): Promise<void> {
    const host = this.host;
    const { state, controls } = host;
    await this.run(
      async () => {
        const signal = restart('jurisdiction');
        controls.update({ jurisdictionId: id });
        const detail = await fetchJurisdiction(id, signal);
        const listed = state.jurisdictions.find((item) => item.id === id);
        const years = listed?.years ?? detail.years ?? [detail.year];
        const params = new URLSearchParams(window.location.search);
        const requested = initial
          ? { year: Number(params.get('year')), thresholdMin: Number(params.get('t')) }
          : { year: NaN, thresholdMin: NaN };
        const selection = selectionFor(detail, years, state.thresholdMin, requested);
        state.detail = detail;
        state.year = selection.year;
        state.thresholdMin = selection.thresholdMin;
        state.selectedCode = null;
        state.projects = [];
        state.accessibilityLoaded = '';
        host.projectCheck.reset();
        controls.update({
          jurisdictionId: id,
          years,
          year: state.year,
          thresholdsMin: selection.thresholdsMin,
          thresholdMin: state.thresholdMin,
        });
        host.layerPanel.setThreshold(state.thresholdMin);
        host.showJurisdictionName(detail.name);
        host.syncUrl();
        host.whatIf.reset();
        await host.styleReady;
        if (detail.bbox) host.viewport.fitBBox(detail.bbox, false);
        await Promise.all([this.year(), this.threshold(), this.projects(), this.accessibility(), this.roads(detail.id, signal)]);
      },
      () => void this.jurisdiction(id, initial),
    );
  }

  /** The offline basemap's streets, once per jurisdiction (roads do not change with the year). */
  private async roads(id: string, signal: AbortSignal): Promise<void> {
    setRoadData(this.host.map, await fetchRoads(id, signal));
  }

  /** The year's summary, townships and facilities. */
  async year(): Promise<void> {
    const host = this.host;
    const { state, map } = host;
    const { detail, year } = state;
    if (!detail || year === null) return;
    await this.run(
      async () => {
        const signal = restart('year');
        host.viewport.closePopup();
        const [summary, townships, facilities] = await Promise.all([
          fetchSummary(detail.id, year, signal),
          fetchTownships(detail.id, year, signal),
          fetchFacilities(detail.id, year, signal),
        ]);
        state.summary = summary;
        state.townships = townships;
        state.facilities = facilities;
        await host.styleReady;
        setTownshipData(map, townships);
        setFacilityData(map, facilities);
        host.labels.setData(townships);
        host.applyLayerVisibility();
        if (state.selectedCode !== null) setTownshipState(map, 'selected', null, state.selectedCode);
        host.renderSummaryPanel();
        host.table.setData(
          townships.features.map((feature) => feature.properties),
          state.thresholdMin,
          comparisonOf(detail.profile.comparisons, 'slots_per_1000', year),
        );
        host.table.setSelected(state.selectedCode);
        // Resized and removed facilities are drawn at the year's facility positions.
        host.whatIf.refresh();
      },
      () => void this.year(),
    );
  }

  /** The E2SFCA accessibility units of the year, loaded once the layer is switched on. */
  async accessibility(): Promise<void> {
    const host = this.host;
    const { state } = host;
    const { detail, year } = state;
    if (!detail || year === null || !state.layers.accessibility) return;
    const key = `${detail.id}:${year}`;
    if (state.accessibilityLoaded === key) return;
    await this.run(
      async () => {
        const signal = restart('accessibility');
        const units = await fetchAccessibilityUnits(detail.id, year, signal);
        await host.styleReady;
        setAccessibilityData(host.map, units);
        state.accessibilityLoaded = key;
      },
      () => void this.accessibility(),
    );
  }

  /** Service areas and uncovered residents, which depend on both the year and the threshold: reload on either. */
  async threshold(): Promise<void> {
    const host = this.host;
    const { state, map } = host;
    const { detail, year, thresholdMin } = state;
    if (!detail || year === null) return;
    await this.run(
      async () => {
        const signal = restart('threshold');
        host.viewport.closePopup();
        setCatchmentData(map, null);
        const [areas, uncovered] = await Promise.all([
          fetchServiceAreas(detail.id, year, thresholdMin, signal),
          fetchUncovered(detail.id, year, thresholdMin, signal),
        ]);
        state.uncovered = uncovered;
        await host.styleReady;
        setServiceAreaData(map, areas);
        setUncoveredData(map, uncovered);
      },
      () => void this.threshold(),
    );
  }

  /** The year's residential projects with their checks: the map layer, the CSV link and the panel's count. */
  async projects(): Promise<void> {
    const host = this.host;
    const { state } = host;
    const { detail, year } = state;
    if (!detail || year === null) return;
    await this.run(
      async () => {
        const signal = restart('projects');
        const language = getLocale();
        const rows = await fetchProjects(detail.id, year, language, signal);
        state.projects = rows;
        await host.styleReady;
        setProjectData(host.map, rows);
        const csvUrl = rows.length > 0 ? projectsCsvUrl(detail.id, year, language) : null;
        host.layerPanel.setProjectsCsvUrl(csvUrl);
        host.projectCheck.setProjects(rows, csvUrl);
      },
      () => void this.projects(),
    );
  }

  /** One facility's walking catchment on the map; its population written into `target` (a popup line). */
  async catchment(facilityId: string, target: HTMLElement | null): Promise<void> {
    const host = this.host;
    const { detail, year, thresholdMin } = host.state;
    if (!detail || year === null) return;
    await this.run(
      async () => {
        const signal = restart('catchment');
        const catchment = await fetchCatchment(detail.id, facilityId, thresholdMin, year, signal);
        setCatchmentData(host.map, catchment);
        if (target) {
          target.textContent = t('catchmentPopulation', { n: thresholdMin, population: formatInteger(catchment.properties.population) });
        }
      },
      () => void this.catchment(facilityId, target),
    );
  }
}
