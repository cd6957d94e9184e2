/**
 * Jurisdictions, their township table, district summary and the map layers (townships and facilities
 * as GeoJSON). Indicator figures come from the engine (indicators.ts, coverage.ts) via the analysis cache.
 */
import * as turf from '@turf/turf';
import { z } from 'zod';
import type { JurisdictionAnalysis } from '../../analysis/analysis-service.js';
import { listFacilities } from '../../db/facilities.repository.js';
import { getJurisdictionSources, listJurisdictions } from '../../db/jurisdictions.repository.js';
import { listTownshipFeatures } from '../../db/townships.repository.js';
import { isOperatingIn } from '../../engine/figures/index.js';
import { jurisdictionParams, yearBboxQuery, yearQuery } from '../../schemas/common.js';
import {
  facilityFeaturesSchema,
  summarySchema,
  townshipFeaturesSchema,
  townshipRowSchema,
  type TownshipRow,
} from '../../schemas/indicators.js';
import { requireAnalysis, requireAnalysisOfYear } from '../load.js';
import { summaryNotes, summaryOf } from '../../analysis/summary.js';
import { defineRoute } from '../route.js';
import { levelSchema } from '../../schemas/rollup.js';

const jurisdictionListSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    year: z.number().int().describe('Analysis year of the data package'),
    profileId: z.string(),
    years: z.array(z.number().int()).describe('Years with targets in the profile, plus the analysis year'),
    parentId: z.string().nullable().describe('The city or province it belongs to (GET …/{parentId}/rollup adds its counties up)'),
    level: levelSchema,
  }),
);

const jurisdictionDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  year: z.number().int(),
  years: z.array(z.number().int()),
  dataVersion: z.number().int(),
  sources: z
    .string()
    .nullable()
    .describe('The data package’s `sources` text: where each layer came from and its licence (printed on maps), null when it gave none'),
  parentId: z.string().nullable().describe('The city or province it belongs to'),
  level: levelSchema,
  children: z.array(z.object({ id: z.string(), name: z.string(), level: levelSchema })).describe('The jurisdictions directly below it'),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  profile: z.object({
    id: z.string(),
    name: z.string(),
    targets: z.record(z.string(), z.record(z.string(), z.number())),
    comparisons: z.record(z.string(), z.record(z.string(), z.string())),
    source: z
      .string()
      .nullable()
      .describe(
        'Where the profile’s targets come from: the policy document (title, seed file) as the profile writes it; null when it names none',
      ),
    demand: z
      .object({ under3Share: z.number().describe('Children aged 0–2 ÷ residents'), source: z.string() })
      .nullable()
      .describe(
        'The census share of children under 3 used where the data give no under-3 count, with its source; null: demand is residents',
      ),
    rules: z
      .array(z.object({ id: z.string(), kind: z.string(), source: z.string().describe('The plan’s sentence the rule comes from') }))
      .describe('The city rules of the profile (POLICY.md), each with its source'),
    parameters: z.object({
      walkSpeedKmh: z.number().describe('Walking speed, km/h'),
      thresholdsMin: z.array(z.number()).describe('Walking-time thresholds, minutes'),
      detourFactor: z.number().describe('Straight line × this factor when no roads are loaded'),
      maxSnapMeters: z.number().describe('Farther than this from every walkable road is unreachable, metres'),
      personsPerHousehold: z.number(),
      newCommunitySlotsPer1000: z.number(),
      healthCenterMinPopulation: z.number(),
      populationGridSpacingM: z.number().describe('Grid spacing for packages without population units, metres'),
      maxPopulationGridPoints: z.number().int().describe('Most grid points per township'),
    }),
  }),
  counts: z.record(z.string(), z.number().int()),
  approximate: z.object({ distances: z.boolean(), population: z.boolean() }),
});

/** Years a planner can choose: every year the profile has a slots target for, and the analysis year. */
function yearsOf(targets: Record<string, unknown> | undefined, year: number): number[] {
  const years = new Set<number>([
    year,
    ...Object.keys(targets ?? {})
      .map(Number)
      .filter(Number.isInteger),
  ]);
  return [...years].sort((a, b) => a - b);
}

export function townshipRows(analysis: JurisdictionAnalysis, year: number): TownshipRow[] {
  const indicators = analysis.indicators(year);
  const coverage = analysis.coverage(year);
  const coverageByCode = new Map(coverage.townships.map((t) => [t.code, t]));
  return indicators.townships.map((t) => {
    const c = coverageByCode.get(t.code);
    return {
      ...t,
      coverage: c?.coverage ?? {},
      coveredPopulation: c?.coveredPopulation ?? {},
      populationUnits: c?.populationUnits ?? 0,
      unreachableUnits: c?.unreachableUnits ?? 0,
    };
  });
}

export { summaryNotes, summaryOf };

export const jurisdictionRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions',
    cache: 'jurisdictions',
    summary: 'List jurisdictions',
    tags: ['jurisdictions'],
    access: 'public',
    response: jurisdictionListSchema,
    handler: async ({ deps }) => {
      const rows = await listJurisdictions(deps.db);
      const result = [];
      for (const row of rows) {
        const analysis = await deps.analysis.get(row.id);
        result.push({
          id: row.id,
          name: row.name,
          year: row.year,
          profileId: row.profileId,
          years: yearsOf(analysis?.data.profile.targets.slots_per_1000, row.year),
          parentId: row.parentId,
          level: row.level,
        });
      }
      return result;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}',
    // Its list of children changes with other jurisdictions' imports.
    cache: 'jurisdictions',
    summary: 'One jurisdiction: profile, years, extent and layer counts',
    tags: ['jurisdictions'],
    access: 'public',
    params: jurisdictionParams,
    response: jurisdictionDetailSchema,
    errors: [404],
    handler: async ({ deps, params }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const { data } = analysis;
      const tree = await deps.analysis.tree();
      const node = tree.get(data.id);
      const bbox =
        data.townships.length > 0
          ? (turf.bbox(turf.featureCollection(data.townships.map((t) => turf.feature(t.geometry)))) as [number, number, number, number])
          : null;
      return {
        id: data.id,
        name: data.name,
        year: data.year,
        years: yearsOf(data.profile.targets.slots_per_1000, data.year),
        dataVersion: data.dataVersion,
        sources: await getJurisdictionSources(deps.db, data.id),
        parentId: node?.parentId ?? null,
        level: node?.level ?? 'county',
        children: tree.childrenOf(data.id).map((c) => ({ id: c.id, name: c.name, level: c.level })),
        bbox,
        profile: {
          id: data.profile.id,
          name: data.profile.name,
          targets: data.profile.targets,
          comparisons: data.profile.comparisons ?? {},
          source: data.profile.source ?? null,
          demand: data.profile.demand ? { under3Share: data.profile.demand.under3Share, source: data.profile.demand.source } : null,
          rules: (data.profile.rules ?? []).map((rule) => ({ id: rule.id, kind: rule.kind, source: rule.source })),
          parameters: { ...data.profile.parameters },
        },
        counts: {
          townships: data.townships.length,
          facilities: data.facilities.length,
          populationUnits: data.populationUnits.length,
          roads: data.roads.length,
          projects: data.projects.length,
          health: data.health.length,
        },
        approximate: {
          distances: data.roads.length === 0,
          population: data.populationUnits.some((u) => u.approximate),
        },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/townships',
    cache: 'jurisdiction',
    summary: 'Township table: slots per 1,000 against the year’s target, gap, inclusive share, coverage',
    tags: ['indicators'],
    access: 'public',
    params: jurisdictionParams,
    query: yearQuery,
    response: z.array(townshipRowSchema),
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      return townshipRows(analysis, year);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/summary',
    cache: 'jurisdiction',
    summary: 'District summary of the year',
    tags: ['indicators'],
    access: 'public',
    params: jurisdictionParams,
    query: yearQuery,
    response: summarySchema,
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      // Computed here anyway: stored for the city's and province's roll-ups as well.
      return (await deps.analysis.recordSummary(analysis, year)).summary;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/townships.geojson',
    cache: 'jurisdiction',
    summary: 'Townships as GeoJSON with the year’s indicators as properties, filterable by bbox',
    tags: ['map'],
    access: 'public',
    params: jurisdictionParams,
    query: yearBboxQuery,
    response: townshipFeaturesSchema,
    responseMediaType: 'application/geo+json',
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      const rows = new Map(townshipRows(analysis, year).map((r) => [r.code, r]));
      // The window query runs on the indexed bounding-box columns.
      const inWindow = query.bbox ? new Set((await listTownshipFeatures(deps.db, params.id, query.bbox)).map((t) => t.code)) : null;
      const features = analysis.data.townships
        .filter((t) => !inWindow || inWindow.has(t.code))
        .map((t) => ({ type: 'Feature' as const, id: t.code, properties: rows.get(t.code)!, geometry: t.geometry }));
      return { type: 'FeatureCollection', features };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/facilities.geojson',
    cache: 'jurisdiction',
    summary: 'Facilities as GeoJSON points, with whether each operates in the year, filterable by bbox',
    tags: ['map'],
    access: 'public',
    params: jurisdictionParams,
    query: yearBboxQuery,
    response: facilityFeaturesSchema,
    responseMediaType: 'application/geo+json',
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      const facilities = query.bbox ? await listFacilities(deps.db, params.id, query.bbox) : analysis.data.facilities;
      const features = facilities.map((f) => ({
        type: 'Feature' as const,
        id: f.id,
        properties: {
          id: f.id,
          name: f.name,
          slots: f.slots,
          inclusiveSlots: f.inclusiveSlots,
          type: f.type,
          status: f.status,
          openedYear: f.openedYear,
          closedYear: f.closedYear,
          grade: f.grade,
          staff: f.staff,
          certifiedStaff: f.certifiedStaff,
          township: f.township,
          operating: isOperatingIn(f, year),
        },
        geometry: { type: 'Point' as const, coordinates: [f.lon, f.lat] },
      }));
      return { type: 'FeatureCollection', features };
    },
  }),
];
