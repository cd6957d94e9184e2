/**
 * Saved, named what-if scenarios of a jurisdiction: an ordered list of changes (add, resize or remove
 * a facility; add a residential project) on top of the data of one year. Create, read, update
 * (version-guarded: a stale version → 409 with the scenario as it is now, nothing overwritten),
 * delete, duplicate, evaluate, compare two side by side, and export as GeoJSON or as a data package
 * that POST /api/jurisdictions/import accepts as is.
 *
 * Every route needs the planner role (admin also may), reads included: scenarios are planners'
 * unpublished drafts. Changes are checked with zod (a problem is named `body.changes.3.slots`) and
 * against the data (an unknown facility id → 422 naming `body.changes.3.id`) before anything is saved.
 */
import type { JurisdictionAnalysis } from '../../analysis/analysis-service.js';
import {
  createScenario,
  deleteScenario,
  getScenario,
  listScenarios,
  updateScenario,
  type GuardedWrite,
  type Scenario,
  type ScenarioInput,
} from '../../db/scenarios.repository.js';
import { bilingual, bilingualFields } from '../../model/index.js';
import { toWgs84 } from '../../engine/geo/index.js';
import type { ProposalResult } from '../../engine/whatif/index.js';
import { jurisdictionParams } from '../../schemas/common.js';
import {
  changeFeaturesSchema,
  compareQuery,
  comparisonSchema,
  deleteQuery,
  exportQuery,
  packageExportSchema,
  scenarioCreateSchema,
  scenarioDuplicateSchema,
  scenarioEvaluationSchema,
  scenarioListSchema,
  scenarioParams,
  scenarioSchema,
  scenarioUpdateSchema,
  type Evaluation,
  type ScenarioChange,
} from '../../schemas/whatif.js';
import type { Caller } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { HttpError, notFound } from '../errors.js';
import { baseVersion } from '../if-match.js';
import { requireAnalysis, resolveYear } from '../load.js';
import { defineRoute } from '../route.js';
import { evaluateParts, parseEnginePath, projectResidents, type ProposalOrigin, type ProposalParts } from './proposals.js';

/** 500 changes are well under this. */
const SCENARIO_MAX_BODY_BYTES = 1024 * 1024;
const NAME_MAX_LENGTH = 200;

/** The changes as an engine proposal, and how to name each engine complaint by its change (`body.changes.3.id`). */
export function scenarioParts(
  changes: readonly ScenarioChange[],
  prefix: string,
  activeIn?: { year: number; baseYear: number },
): { parts: ProposalParts; origin: ProposalOrigin } {
  const parts: ProposalParts = { sites: [], remove: [], resize: [], projects: [] };
  const changeOf: Record<string, number[]> = { sites: [], remove: [], resize: [], projects: [] };
  changes.forEach((change, k) => {
    // A change with a later year does not act yet; absent = from the scenario's base year.
    if (activeIn && (change.year ?? activeIn.baseYear) > activeIn.year) return;
    switch (change.kind) {
      case 'addFacility': {
        const { kind: _kind, year: _year, ...site } = change;
        parts.sites.push(site);
        changeOf.sites!.push(k);
        break;
      }
      case 'resizeFacility': {
        const { kind: _kind, year: _year, ...resize } = change;
        parts.resize.push(resize);
        changeOf.resize!.push(k);
        break;
      }
      case 'removeFacility':
        parts.remove.push(change.id);
        changeOf.remove!.push(k);
        break;
      case 'addProject': {
        const { kind: _kind, year: _year, ...project } = change;
        parts.projects.push(project);
        changeOf.projects!.push(k);
        break;
      }
    }
  });
  const origin: ProposalOrigin = {
    pathOf(enginePath) {
      const parsed = parseEnginePath(enginePath);
      const k = parsed ? changeOf[parsed.list]?.[parsed.index] : undefined;
      if (!parsed || k === undefined) return prefix;
      return `${prefix}.${k}${parsed.rest === '' && parsed.list === 'remove' ? '.id' : parsed.rest}`;
    },
    siteIndexOf: (i) => changeOf.sites![i]!,
    projectIndexOf: (i) => changeOf.projects![i]!,
  };
  return { parts, origin };
}

function changesInWgs84(changes: readonly ScenarioChange[], crs: 'WGS84' | 'GCJ-02' | 'BD-09'): ScenarioChange[] {
  return changes.map((change) => {
    if (crs === 'WGS84' || (change.kind !== 'addFacility' && change.kind !== 'addProject')) return change;
    const [lon, lat] = toWgs84([change.lon, change.lat], crs);
    return { ...change, lon, lat };
  });
}

/** Checks the changes against the data of the year (422 naming `body.changes.k.field`), then returns what to store. */
async function checkedInput(
  analysis: JurisdictionAnalysis,
  body: {
    name: string;
    description: string | null;
    year?: number | undefined;
    changes: ScenarioChange[];
    crs: 'WGS84' | 'GCJ-02' | 'BD-09';
    shared?: boolean | undefined;
  },
): Promise<ScenarioInput> {
  const year = resolveYear(analysis, body.year);
  const changes = changesInWgs84(body.changes, body.crs);
  // Every year a change takes effect is checked with the changes acting by then (a resize in 2027 of a
  // facility that opens in 2026 is valid; the same resize in 2025 is not).
  const years = new Set([year, ...changes.map((c) => c.year ?? year).filter((y) => y > year)]);
  for (const y of [...years].sort((a, b) => a - b)) {
    const { parts, origin } = scenarioParts(changes, 'body.changes', { year: y, baseYear: year });
    await evaluateParts(analysis, y, parts, origin);
  }
  return { name: body.name, description: body.description, year, changes, ...(body.shared !== undefined ? { shared: body.shared } : {}) };
}

/**
 * Scenarios belong to their author: other planners of the jurisdiction may read and duplicate them, and
 * change them only when the author shared them; an admin may change any. Only the author or an admin
 * may share or unshare. 403 otherwise (404 when it does not exist).
 */
async function requireMayChange(deps: AppDeps, jurisdictionId: string, sid: number, caller: Caller, sharing: boolean): Promise<void> {
  const scenario = await getScenario(deps.db, jurisdictionId, sid);
  if (!scenario) throw notFound(bilingual(`辖区“${jurisdictionId}”的方案 ${sid}`, `scenario ${sid} of "${jurisdictionId}"`));
  const isAuthor = scenario.createdBy === caller.name;
  if (caller.role === 'admin' || isAuthor) return;
  if (sharing) {
    throw new HttpError(
      403,
      'not_author',
      bilingual(
        `只有方案作者（${scenario.createdBy}）或管理员可以设置是否共享`,
        `only the scenario's author (${scenario.createdBy}) or an admin may share or unshare it`,
      ),
    );
  }
  if (!scenario.shared) {
    throw new HttpError(
      403,
      'not_author',
      bilingual(
        `方案 ${sid} 属于 ${scenario.createdBy}，未共享：可以查看或复制，不能修改或删除`,
        `scenario ${sid} belongs to ${scenario.createdBy} and is not shared: you may read or duplicate it, not change or delete it`,
      ),
    );
  }
}

async function requireScenario(analysis: JurisdictionAnalysis, scenario: Promise<Scenario | null>, sid: number): Promise<Scenario> {
  const found = await scenario;
  if (!found) throw notFound(bilingual(`辖区“${analysis.data.id}”的方案 ${sid}`, `scenario ${sid} of "${analysis.data.id}"`));
  return found;
}

function guarded(write: GuardedWrite<Scenario>, jurisdictionId: string, sid: number): Scenario {
  if (write.status === 'not_found')
    throw notFound(bilingual(`辖区“${jurisdictionId}”的方案 ${sid}`, `scenario ${sid} of "${jurisdictionId}"`));
  if (write.status === 'conflict') {
    const message = bilingual(
      `方案 ${sid} 已被 ${write.current.updatedBy} 修改（当前版本 ${write.current.version}），本次未写入任何内容；请重新加载后再次修改`,
      `scenario ${sid} was changed by ${write.current.updatedBy} (now version ${write.current.version}); nothing was written — reload it and apply your edit again`,
    );
    throw new HttpError(409, 'conflict', message, [], {
      current: write.current,
    });
  }
  return write.value;
}

function etag(scenario: Scenario): string {
  return `"${scenario.version}"`;
}

async function scenarioEvaluation(
  analysis: JurisdictionAnalysis,
  scenario: Scenario,
): Promise<{ result: ProposalResult; evaluation: Evaluation & { scenario: { id: number; name: string; version: number; year: number } } }> {
  const { parts, origin } = scenarioParts(scenario.changes, 'changes', { year: scenario.year, baseYear: scenario.year });
  const { result, evaluation } = await evaluateParts(analysis, scenario.year, parts, origin);
  return {
    result,
    evaluation: { ...evaluation, scenario: { id: scenario.id, name: scenario.name, version: scenario.version, year: scenario.year } },
  };
}

const minus = (b: number | null, a: number | null): number | null => (a === null || b === null ? null : b - a);
const minusByKey = (b: Record<string, number>, a: Record<string, number>): Record<string, number> =>
  Object.fromEntries(
    Object.keys(b)
      .filter((k) => k in a)
      .map((k) => [k, b[k]! - a[k]!]),
  );

// ---- export -------------------------------------------------------------------------------------

type Feature = { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown };
const point = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] as [number, number] });
const collection = (features: Feature[]) => ({ type: 'FeatureCollection' as const, features });

/** The changes as GeoJSON points: new sites and projects where they are, resizes and removals at the facility (null geometry when it no longer exists). */
function changeFeatures(analysis: JurisdictionAnalysis, scenario: Scenario) {
  const facilities = new Map(analysis.data.facilities.map((f) => [f.id, f]));
  return collection(
    scenario.changes.map((change, changeIndex) => {
      const properties = { changeIndex, ...change };
      if (change.kind === 'addFacility' || change.kind === 'addProject')
        return { type: 'Feature', properties, geometry: point(change.lon, change.lat) };
      const facility = facilities.get(change.id);
      return { type: 'Feature', properties, geometry: facility ? point(facility.lon, facility.lat) : null };
    }),
  );
}

/**
 * The scenario's data as a data package: the jurisdiction's layers with the changes applied, for the
 * scenario's year. Township populations include project residents, and each project's residents are
 * a population point at the project, so an import of this package computes the scenario's "after".
 */
function scenarioPackage(
  analysis: JurisdictionAnalysis,
  scenario: Scenario,
  result: ProposalResult,
  packageId: string,
  packageName: string,
): Record<string, unknown> {
  const { data } = analysis;
  const { parts } = scenarioParts(scenario.changes, 'changes', { year: scenario.year, baseYear: scenario.year });
  const populationAfter = new Map(result.townships.map((t) => [t.code, t.after.population]));
  const optional = (entries: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== null && v !== undefined));

  const projectIds = new Set(data.projects.map((p) => p.id));
  const newProjectId = (k: number): string => {
    let id = `scenario-project-${k + 1}`;
    while (projectIds.has(id)) id += '+';
    projectIds.add(id);
    return id;
  };
  const addedProjects = parts.projects.map((project, k) => ({
    id: newProjectId(k),
    project,
    residents: projectResidents(project, data.profile.parameters.personsPerHousehold),
    township: result.projects[k]!.township,
  }));

  const manifest = {
    format: 'tuowei-data-package',
    version: 1,
    id: packageId,
    name: packageName,
    year: scenario.year,
    crs: 'WGS84',
    sources: `Scenario "${scenario.name}" (#${scenario.id}, version ${scenario.version}) of ${data.name} (${data.id}, data version ${data.dataVersion}), year ${scenario.year}: ${scenario.changes.length} change(s) applied by Tuowei.`,
  };
  const townships = data.townships.map((t) => ({
    type: 'Feature' as const,
    properties: optional({
      code: t.code,
      name: t.name,
      population: populationAfter.get(t.code) ?? t.population,
      populationUnder3: t.populationUnder3,
      district: t.district,
    }),
    geometry: t.geometry,
  }));
  const facilities = result.facilities.map((f) => ({
    type: 'Feature' as const,
    properties: optional({
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
    }),
    geometry: point(f.lon, f.lat),
  }));
  const population = [
    ...data.populationUnits.map((u) => ({
      type: 'Feature' as const,
      properties: optional({ id: u.id, population: u.population, under3: u.under3, township: u.township }),
      geometry: point(u.lon, u.lat),
    })),
    ...addedProjects.map(({ id, project, residents, township }) => ({
      type: 'Feature' as const,
      properties: optional({ id: `${id}-residents`, population: residents, township }),
      geometry: point(project.lon, project.lat),
    })),
  ];
  const roads = data.roads.map((r) => ({
    type: 'Feature' as const,
    properties: optional({ name: r.name, highway: r.highway, foot: r.foot }),
    geometry: r.geometry,
  }));
  const projects = [
    ...data.projects.map((p) => ({
      type: 'Feature' as const,
      properties: optional({
        id: p.id,
        name: p.name,
        households: p.households,
        population: p.population,
        personsPerHousehold: p.personsPerHousehold,
        plannedSlots: p.plannedSlots,
        status: p.status,
        year: p.year,
        township: p.township,
      }),
      geometry: p.geometry,
    })),
    ...addedProjects.map(({ id, project, residents, township }) => ({
      type: 'Feature' as const,
      properties: optional({
        id,
        name: project.name ?? id,
        population: residents,
        plannedSlots: project.plannedSlots ?? 0,
        status: 'proposed',
        year: scenario.year,
        township,
      }),
      geometry: point(project.lon, project.lat),
    })),
  ];
  const health = data.health.map((h) => ({
    type: 'Feature' as const,
    properties: optional({
      id: h.id,
      name: h.name,
      kind: h.kind,
      childHealthStaff: h.childHealthStaff,
      pediatricians: h.pediatricians,
      hospitalLevel: h.hospitalLevel,
      publicOwnership: h.publicOwnership,
      staffChildrenUnder3: h.staffChildrenUnder3,
      township: h.township,
    }),
    geometry: point(h.lon, h.lat),
  }));

  const files: Record<string, unknown> = {
    'manifest.json': manifest,
    'profile.json': data.profile,
    'townships.geojson': collection(townships),
    'facilities.geojson': collection(facilities),
    'population.geojson': collection(population),
  };
  if (roads.length > 0) files['roads.geojson'] = collection(roads);
  if (projects.length > 0) files['projects.geojson'] = collection(projects);
  if (health.length > 0) files['health.geojson'] = collection(health);
  return files;
}

/** `<jurisdiction>-scenario-<sid>`, shortened to the 64 characters a jurisdiction id may have. */
function defaultPackageId(jurisdictionId: string, sid: number): string {
  const suffix = `-scenario-${sid}`;
  return `${jurisdictionId.slice(0, 64 - suffix.length)}${suffix}`;
}

// ---- routes -------------------------------------------------------------------------------------

const base = '/api/jurisdictions/{id}/scenarios';

export const scenarioRoutes = [
  defineRoute({
    method: 'get',
    path: base,
    summary: 'List the jurisdiction’s saved scenarios (without their changes)',
    tags: ['scenarios'],
    access: 'planner',
    params: jurisdictionParams,
    response: scenarioListSchema,
    errors: [404],
    handler: async ({ deps, params }) => {
      await requireAnalysis(deps, params.id);
      return listScenarios(deps.db, params.id);
    },
  }),
  defineRoute({
    method: 'post',
    path: base,
    summary: 'Save a new scenario',
    description:
      'Changes are validated like an import: every problem is named (`body.changes.3.slots`); an unknown facility id → 422 naming `body.changes.3.id`. Points in GCJ-02/BD-09 are stored as WGS84.',
    tags: ['scenarios'],
    access: 'planner',
    params: jurisdictionParams,
    body: scenarioCreateSchema,
    maxBodyBytes: SCENARIO_MAX_BODY_BYTES,
    response: scenarioSchema,
    successStatus: 201,
    errors: [404, 413, 422],
    handler: async ({ deps, params, body, caller, res }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const scenario = await createScenario(deps.db, params.id, await checkedInput(analysis, body), caller?.name ?? 'api');
      res.set('ETag', etag(scenario));
      return scenario;
    },
  }),
  // Before /scenarios/{sid}, which would otherwise take "compare" for a scenario id.
  defineRoute({
    method: 'get',
    path: `${base}/compare`,
    summary: 'Compare two scenarios side by side: both evaluations and the differences (b − a)',
    tags: ['scenarios'],
    access: 'planner',
    params: jurisdictionParams,
    query: compareQuery,
    response: comparisonSchema,
    errors: [404, 422],
    handler: async ({ deps, params, query }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const a = (await scenarioEvaluation(analysis, await requireScenario(analysis, getScenario(deps.db, params.id, query.a), query.a)))
        .evaluation;
      const b = (await scenarioEvaluation(analysis, await requireScenario(analysis, getScenario(deps.db, params.id, query.b), query.b)))
        .evaluation;
      const notes =
        a.year === b.year
          ? []
          : [
              bilingual(
                `两个方案的年份不同（${a.year} 年与 ${b.year} 年）；差值同时包含年份变化与方案变化的影响。`,
                `The scenarios apply to different years (${a.year} and ${b.year}); differences mix the change of year with the changes.`,
              ),
            ];
      const townshipsOfA = new Map(a.townships.map((t) => [t.code, t.after]));
      return {
        a,
        b,
        differences: {
          district: {
            slots: minus(b.after.slots, a.after.slots),
            inclusiveSlots: minus(b.after.inclusiveSlots, a.after.inclusiveSlots),
            facilityCount: minus(b.after.facilityCount, a.after.facilityCount),
            slotsPer1000: minus(b.after.slotsPer1000, a.after.slotsPer1000),
            slotGap: minus(b.after.slotGap, a.after.slotGap),
            inclusiveShare: minus(b.after.inclusiveShare, a.after.inclusiveShare),
            townshipsWithOperatingFacility: minus(b.after.townshipsWithOperatingFacility, a.after.townshipsWithOperatingFacility),
            townshipInstitutionCoverage: minus(b.after.townshipInstitutionCoverage, a.after.townshipInstitutionCoverage),
            coverage: minusByKey(b.after.coverage, a.after.coverage),
            coveredPopulation: minusByKey(b.after.coveredPopulation, a.after.coveredPopulation),
          },
          townships: b.townships.flatMap((t) => {
            const other = townshipsOfA.get(t.code);
            if (!other) return [];
            return [
              {
                code: t.code,
                name: t.name,
                slots: minus(t.after.slots, other.slots),
                slotsPer1000: minus(t.after.slotsPer1000, other.slotsPer1000),
                slotGap: minus(t.after.slotGap, other.slotGap),
                coverage: minusByKey(t.after.coverage, other.coverage),
                coveredPopulation: minusByKey(t.after.coveredPopulation, other.coveredPopulation),
              },
            ];
          }),
        },
        ...bilingualFields('notes', notes),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: `${base}/{sid}`,
    summary: 'One scenario with its changes (ETag: its version)',
    tags: ['scenarios'],
    access: 'planner',
    params: scenarioParams,
    response: scenarioSchema,
    errors: [404],
    handler: async ({ deps, params, res }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const scenario = await requireScenario(analysis, getScenario(deps.db, params.id, params.sid), params.sid);
      res.set('ETag', etag(scenario));
      return scenario;
    },
  }),
  defineRoute({
    method: 'put',
    path: `${base}/{sid}`,
    summary: 'Replace a scenario’s name, description, year and changes, if nobody changed it since you read it',
    description:
      'Send the version you edited as `version` (or `If-Match: "3"`); without either → 428. When the scenario has another version now → 409 with `error.current` (the scenario as it is), and nothing is written. Validated like POST.',
    tags: ['scenarios'],
    access: 'planner',
    params: scenarioParams,
    body: scenarioUpdateSchema,
    maxBodyBytes: SCENARIO_MAX_BODY_BYTES,
    response: scenarioSchema,
    errors: [404, 409, 413, 422, 428],
    handler: async ({ deps, params, body, caller, req, res }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const version = baseVersion(body.version, req.get('if-match'), 'body.version', bilingual('方案', 'scenario'));
      if (version === undefined) {
        const message = bilingual(
          '请以 "version" 或 If-Match 请求头提供所编辑方案的版本号，以免覆盖他人的修改',
          'send the version you edited as "version" or If-Match, so that nobody’s edit is overwritten',
        );
        throw new HttpError(428, 'precondition_required', message, [
          { path: 'body.version', message: bilingual('必填（或使用 If-Match 请求头）', 'required (or the If-Match header)') },
        ]);
      }
      await requireMayChange(deps, params.id, params.sid, caller!, body.shared !== undefined);
      const input = await checkedInput(analysis, body);
      const scenario = guarded(
        await updateScenario(deps.db, params.id, params.sid, version, input, caller?.name ?? 'api'),
        params.id,
        params.sid,
      );
      res.set('ETag', etag(scenario));
      return scenario;
    },
  }),
  defineRoute({
    method: 'delete',
    path: `${base}/{sid}`,
    summary: 'Delete a scenario (only if still at `version` / If-Match, when given)',
    tags: ['scenarios'],
    access: 'planner',
    params: scenarioParams,
    query: deleteQuery,
    response: scenarioSchema.describe('The deleted scenario'),
    errors: [404, 409],
    handler: async ({ deps, params, query, req, caller }) => {
      await requireAnalysis(deps, params.id);
      await requireMayChange(deps, params.id, params.sid, caller!, false);
      const version = baseVersion(query.version, req.get('if-match'), 'query.version', bilingual('方案', 'scenario')) ?? null;
      return guarded(await deleteScenario(deps.db, params.id, params.sid, version), params.id, params.sid);
    },
  }),
  defineRoute({
    method: 'post',
    path: `${base}/{sid}/duplicate`,
    summary: 'Copy a scenario under a new name (default: “<name> (copy)”)',
    tags: ['scenarios'],
    access: 'planner',
    params: scenarioParams,
    body: scenarioDuplicateSchema,
    response: scenarioSchema,
    successStatus: 201,
    errors: [404],
    handler: async ({ deps, params, body, caller, res }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const original = await requireScenario(analysis, getScenario(deps.db, params.id, params.sid), params.sid);
      const name = body?.name ?? `${original.name} (copy)`.slice(0, NAME_MAX_LENGTH);
      const copy = await createScenario(
        deps.db,
        params.id,
        { name, description: original.description, year: original.year, changes: original.changes },
        caller?.name ?? 'api',
      );
      res.set('ETag', etag(copy));
      return copy;
    },
  }),
  defineRoute({
    method: 'get',
    path: `${base}/{sid}/evaluate`,
    summary: 'Evaluate a scenario on the current data: before and after, as POST /proposals/evaluate',
    description: 'A change the current data no longer allows (its facility was removed by a re-import) → 422 naming `changes.3.id`.',
    tags: ['scenarios'],
    access: 'planner',
    params: scenarioParams,
    response: scenarioEvaluationSchema,
    errors: [404, 422],
    handler: async ({ deps, params }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const scenario = await requireScenario(analysis, getScenario(deps.db, params.id, params.sid), params.sid);
      return (await scenarioEvaluation(analysis, scenario)).evaluation;
    },
  }),
  defineRoute({
    method: 'get',
    path: `${base}/{sid}/export`,
    summary: 'Export a scenario: its changes as GeoJSON, or a data package with the changes applied',
    description:
      '`format=geojson`: a FeatureCollection of the changes. `format=package`: `{"files": {...}}`, the jurisdiction’s data for the scenario’s year with the changes applied (project residents added as population points), ready for POST /api/jurisdictions/import; its id is `jurisdictionId` (default `<jurisdiction>-scenario-<sid>`).',
    tags: ['scenarios'],
    access: 'planner',
    params: scenarioParams,
    query: exportQuery,
    response: changeFeaturesSchema.or(packageExportSchema),
    errors: [404, 422],
    handler: async ({ deps, params, query, res }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const scenario = await requireScenario(analysis, getScenario(deps.db, params.id, params.sid), params.sid);
      if (query.format === 'geojson') {
        res
          .type('application/geo+json')
          .attachment(`${params.id}-scenario-${scenario.id}.geojson`)
          .json(changeFeatures(analysis, scenario));
        return;
      }
      const { result } = await scenarioEvaluation(analysis, scenario);
      const packageId = query.jurisdictionId ?? defaultPackageId(params.id, scenario.id);
      const packageName = query.name ?? `${analysis.data.name} · ${scenario.name}`;
      return { files: scenarioPackage(analysis, scenario, result, packageId, packageName) };
    },
  }),
];
