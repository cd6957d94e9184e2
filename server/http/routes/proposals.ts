/**
 * What-if evaluation of a planner's proposal (new sites, removed or resized facilities, residential
 * projects) against a year's data: before and after, per township and for the district, in the shape
 * of GET /summary. Incremental (engine/proposals.ts) from a baseline cached per data version and year.
 *
 * Also the pieces saved scenarios reuse (./scenarios.ts): the cached baseline, the request → engine
 * proposal mapping, and the evaluation → response mapping that names a bad field by its request path.
 *
 * A site outside every township is accepted and flagged in `warnings` (it serves residents and counts
 * in the district, but in no township's slots). Public, read-only, rate-limited.
 */
import type { JurisdictionAnalysis } from '../../analysis/analysis-service.js';
import { bilingual, bilingualFields, type Bilingual, type PopulationUnit } from '../../model/index.js';
import { toWgs84 } from '../../engine/geo/index.js';
import {
  evaluateProposal,
  ProposalError,
  type BaselineState,
  type DistrictSummary,
  type Proposal,
  type ProposalResult,
} from '../../engine/whatif/index.js';
import { jurisdictionParams } from '../../schemas/common.js';
import type { Summary } from '../../schemas/indicators.js';
import {
  MAX_LISTED_CHANGED_UNITS,
  demandJson,
  evaluationSchema,
  proposalRequestSchema,
  type Evaluation,
  type ProposalRequest,
  type ProposedProjectInput,
} from '../../schemas/whatif.js';
import { unprocessable } from '../errors.js';
import { requireAnalysisOfYear } from '../load.js';
import { defineRoute } from '../route.js';
import { summaryNotes, summaryOf } from './jurisdictions.js';

/** Evaluations per minute per client before 429 (one is a few milliseconds of work). */
const EVALUATIONS_PER_MINUTE = 600;
/** 200 sites, 1,000 ids and 200 projects fit well within this. */
const EVALUATION_MAX_BODY_BYTES = 1024 * 1024;

/** The changes of a proposal in request form (WGS84), before residents of projects are worked out. */
export interface ProposalParts {
  sites: ProposalRequest['sites'];
  remove: string[];
  resize: ProposalRequest['resize'];
  projects: ProposedProjectInput[];
}

/**
 * Where each engine list entry came from, so an engine complaint (`resize[2].slots`) is reported at the
 * request field (`body.resize.2.slots`, or `body.changes.7.slots` for a scenario).
 */
export interface ProposalOrigin {
  /** Request path of an engine path such as `remove[0]` or `sites[3].slots`. */
  pathOf(enginePath: string): string;
  /** Index a new site is reported under (its position in the request, or its change's position). */
  siteIndexOf(siteIndex: number): number;
  projectIndexOf(projectIndex: number): number;
}

const ENGINE_PATH = /^(sites|remove|resize|statusChanges|projects)\[(\d+)\](.*)$/;

/** Splits `resize[2].slots` into list, index and the rest (`.slots`); an id problem gets `.id`. */
export function parseEnginePath(enginePath: string): { list: string; index: number; rest: string } | null {
  const match = ENGINE_PATH.exec(enginePath);
  if (!match) return null;
  const [, list, index, rest] = match as unknown as [string, string, string, string];
  const field = rest.replace(/^\./, '');
  return { list, index: Number(index), rest: field === '' && list === 'resize' ? '.id' : field === '' ? '' : `.${field}` };
}

/** Paths of a proposal request body: `remove[0]` → `body.remove.0`, `sites[3].slots` → `body.sites.3.slots`. */
export const requestOrigin: ProposalOrigin = {
  pathOf(enginePath) {
    const parsed = parseEnginePath(enginePath);
    return parsed ? `body.${parsed.list}.${parsed.index}${parsed.rest}` : 'body';
  },
  siteIndexOf: (i) => i,
  projectIndexOf: (i) => i,
};

/** Residents a project adds: its population, else households × persons per household rounded to whole persons. */
export function projectResidents(project: ProposedProjectInput, defaultPersonsPerHousehold: number): number {
  if (project.population !== undefined) return project.population;
  return Math.round((project.households ?? 0) * (project.personsPerHousehold ?? defaultPersonsPerHousehold));
}

/** Converts the request's points to WGS84. */
export function partsInWgs84<T extends { lon: number; lat: number }>(items: readonly T[], crs: ProposalRequest['crs']): T[] {
  if (crs === 'WGS84') return [...items];
  return items.map((item) => {
    const [lon, lat] = toWgs84([item.lon, item.lat], crs);
    return { ...item, lon, lat };
  });
}

/** The engine's proposal. */
export function toProposal(parts: ProposalParts, defaultPersonsPerHousehold: number): Proposal {
  return {
    sites: parts.sites.map((s) => ({
      lon: s.lon,
      lat: s.lat,
      slots: s.slots,
      ...(s.inclusiveSlots !== undefined ? { inclusiveSlots: s.inclusiveSlots } : {}),
      ...(s.type !== undefined ? { type: s.type } : {}),
      ...(s.name !== undefined ? { name: s.name } : {}),
    })),
    remove: parts.remove,
    resize: parts.resize.map((r) => ({
      id: r.id,
      slots: r.slots,
      ...(r.inclusiveSlots !== undefined ? { inclusiveSlots: r.inclusiveSlots } : {}),
    })),
    projects: parts.projects.map((p) => ({
      lon: p.lon,
      lat: p.lat,
      population: projectResidents(p, defaultPersonsPerHousehold),
      plannedSlots: p.plannedSlots ?? 0,
      ...(p.plannedInclusiveSlots !== undefined ? { plannedInclusiveSlots: p.plannedInclusiveSlots } : {}),
      ...(p.name !== undefined ? { name: p.name } : {}),
    })),
  };
}

/** Runs the engine; a change the data cannot satisfy (unknown facility id, …) → 422 naming its request field. */
export function runProposal(base: BaselineState, proposal: Proposal, origin: ProposalOrigin): ProposalResult {
  try {
    return evaluateProposal(base, proposal);
  } catch (error) {
    if (error instanceof ProposalError) {
      throw unprocessable(
        bilingual(`方案无法应用于当前数据：${error.text.zh}`, `the proposal cannot be applied to this data: ${error.text.en}`),
        [{ path: origin.pathOf(error.path), message: error.text }],
      );
    }
    throw error;
  }
}

/** The `/summary` figures after the proposal: the "before" summary with the changed figures replaced. */
function summaryAfter(analysis: JurisdictionAnalysis, before: Summary, after: DistrictSummary): Summary {
  const notes = summaryNotes(analysis, before.year, after.facilitiesOutsideTownships);
  return {
    ...before,
    population: after.population,
    slots: after.slots,
    inclusiveSlots: after.inclusiveSlots,
    facilityCount: after.facilityCount,
    slotsPer1000: after.slotsPer1000,
    slotGap: after.slotGap,
    meetsTarget: after.meetsTarget,
    inclusiveShare: after.inclusiveShare,
    townshipCount: after.townshipCount,
    townshipsWithOperatingFacility: after.townshipsWithOperatingFacility,
    townshipInstitutionCoverage: after.townshipInstitutionCoverage,
    coverage: after.coverage,
    coveredPopulation: after.coveredPopulation,
    uncoveredPopulation: after.uncoveredPopulation,
    populationUnits: after.populationUnits,
    unreachableUnits: after.unreachableUnits,
    ...bilingualFields('notes', notes),
  };
}

/** Population units by their `index` (position in population.geojson), once per data version. */
function unitByIndex(analysis: JurisdictionAnalysis, index: number): PopulationUnit | undefined {
  const units = analysis.data.populationUnits;
  // Units are stored in file order, so the position usually is the index.
  if (units[index]?.index === index) return units[index];
  return analysis.memo('population-units-by-index', () => new Map(units.map((u) => [u.index, u]))).get(index);
}

/** The evaluation as the API returns it. */
export function evaluationResponse(analysis: JurisdictionAnalysis, result: ProposalResult, origin: ProposalOrigin): Evaluation {
  const before = summaryOf(analysis, result.year);
  const warnings: Bilingual[] = [];
  for (const site of result.sites) {
    const at = origin.pathOf(`sites[${site.index}]`);
    if (site.township === null) {
      warnings.push(
        bilingual(
          `${at} 不在任何乡镇（街道）范围内：可服务步行可达的居民，但不计入任何乡镇（街道）的托位`,
          `${at} lies outside every township: it serves residents within reach but counts in no township’s slots`,
        ),
      );
    }
    if (site.snapLegM === null && !result.approximate) {
      const maxSnapMeters = analysis.data.profile.parameters.maxSnapMeters;
      warnings.push(
        bilingual(
          `${at} 距最近的可步行道路超过 ${maxSnapMeters} 米：步行无法到达，不服务任何居民`,
          `${at} is farther than ${maxSnapMeters} m from every walkable road: it reaches nobody`,
        ),
      );
    }
  }
  for (const project of result.projects) {
    if (project.township === null) {
      const at = origin.pathOf(`projects[${project.index}]`);
      warnings.push(
        bilingual(
          `${at} 不在任何乡镇（街道）范围内：其居民只计入全区`,
          `${at} lies outside every township: its residents count in the district only`,
        ),
      );
    }
  }
  const listed = result.changedUnits.slice(0, MAX_LISTED_CHANGED_UNITS);
  return {
    year: result.year,
    dataVersion: analysis.dataVersion,
    approximate: before.approximate,
    thresholdsMin: result.thresholdsMin,
    before,
    after: summaryAfter(analysis, before, result.after),
    townships: result.townships.map((t) => ({ code: t.code, name: t.name, target: t.target, before: t.before, after: t.after })),
    newlyCoveredPopulation: result.newlyCoveredPopulation,
    newlyCoveredDemand: result.newlyCoveredDemand,
    demand: demandJson(result.demand),
    lostCoveragePopulation: result.lostCoveragePopulation,
    sites: result.sites.map((s) => ({
      index: origin.siteIndexOf(s.index),
      facilityId: s.facilityId,
      township: s.township,
      snapLegM: s.snapLegM,
      newlyCoveredPopulation: s.newlyCoveredPopulation,
    })),
    sitesOutsideTownships: result.sitesOutsideTownships.map((i) => origin.siteIndexOf(i)),
    projects: result.projects.map((p) => ({ ...p, index: origin.projectIndexOf(p.index) })),
    changedUnits: listed.map((c) => {
      const unit = unitByIndex(analysis, c.index);
      return { ...c, lon: unit?.lon ?? Number.NaN, lat: unit?.lat ?? Number.NaN };
    }),
    changedUnitsTruncated: result.changedUnits.length > listed.length,
    ...bilingualFields('warnings', warnings),
  };
}

/**
 * Evaluates `parts` against `year` of the jurisdiction: the whole route, reusable by scenarios. The year's
 * baseline is made once per data version (its walk in the compute pool: JurisdictionAnalysis.whatIfBaseline),
 * with the search bound of GET /summary, so that "before" equals /summary to the unit, unreachable units included.
 */
export async function evaluateParts(
  analysis: JurisdictionAnalysis,
  year: number,
  parts: ProposalParts,
  origin: ProposalOrigin,
): Promise<{ result: ProposalResult; evaluation: Evaluation }> {
  // "before" is GET /summary of the year, which reads its coverage: computed in the compute pool (scenarios
  // evaluate years no route has prepared).
  await analysis.prepareCoverage(year);
  const base = await analysis.whatIfBaseline(year);
  const proposal = toProposal(parts, analysis.data.profile.parameters.personsPerHousehold);
  const result = runProposal(base, proposal, origin);
  return { result, evaluation: evaluationResponse(analysis, result, origin) };
}

export const proposalRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/jurisdictions/{id}/proposals/evaluate',
    summary:
      'Evaluate a proposal (new sites, removed or resized facilities, residential projects): before and after, per township and district',
    description:
      '`before` is exactly GET /summary of the year; `after` the same figures with the proposal applied. Sites operate in the year; project residents are added at the project point (households × persons per household, rounded to whole persons) and a project’s planned slots operate there. An unknown facility id in `remove`/`resize` → 422 naming the field (`body.remove.0`). A site outside every township is accepted and flagged in `warnings`. GCJ-02 and BD-09 points are converted to WGS84.',
    tags: ['what-if'],
    access: 'public',
    params: jurisdictionParams,
    body: proposalRequestSchema,
    maxBodyBytes: EVALUATION_MAX_BODY_BYTES,
    rateLimitPerMinute: EVALUATIONS_PER_MINUTE,
    response: evaluationSchema,
    errors: [404, 413, 422, 429],
    handler: async ({ deps, params, body }) => {
      const request = body;
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, request.year, 'body.year');
      const parts: ProposalParts = {
        sites: partsInWgs84(request.sites, request.crs),
        remove: request.remove,
        resize: request.resize,
        projects: partsInWgs84(request.projects, request.crs),
      };
      return (await evaluateParts(analysis, year, parts, requestOrigin)).evaluation;
    },
  }),
];
