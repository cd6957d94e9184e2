/**
 * The developer's check of a residential project, and every project of the data with its check.
 * Public (developers call it from their own tools), with a per-client rate limit and a small body limit.
 */
import { z } from 'zod';
import type { JurisdictionAnalysis } from '../../analysis/analysis-service.js';
import { bilingual, bilingualFields, type Bilingual, type LonLat, type ResidentialProject } from '../../model/index.js';
import { explainAssessment, type Language, type ProjectAssessment, type ProjectInput } from '../../engine/compliance/index.js';
import { toWgs84 } from '../../engine/geo/index.js';
import type { ComplianceOutput } from '../../jobs/compute/tasks.js';
import { jurisdictionParams } from '../../schemas/common.js';
import { complianceRequestSchema, complianceResultSchema, projectRowSchema, projectsQuery } from '../../schemas/compliance.js';
import { badRequest, unprocessable } from '../errors.js';
import { requireAnalysisOfYear } from '../load.js';
import { defineRoute } from '../route.js';
import { csvCell } from '../csv.js';

/** Compliance checks per minute per client before 429. */
const CHECKS_PER_MINUTE = 60;
/** A check is a few hundred bytes; a footprint of MAX_FOOTPRINT_VERTICES fits well within this. */
const CHECK_MAX_BODY_BYTES = 256 * 1024;

type InputCrs = 'WGS84' | 'GCJ-02' | 'BD-09';

/** What the response says about the coordinates given: their system and whether they were converted. */
function crsOf(input: InputCrs): { input: InputCrs; converted: boolean; note: Bilingual | null } {
  const converted = input !== 'WGS84';
  return {
    input,
    converted,
    note: converted ? bilingual(`坐标已由 ${input} 转换为 WGS84`, `coordinates converted from ${input} to WGS84`) : null,
  };
}

/** A check as the API answers it: the assessment with its explanation in the language asked for. */
function checkJson(
  analysis: JurisdictionAnalysis,
  assessment: ProjectAssessment,
  language: Language,
  crs: ReturnType<typeof crsOf>,
): z.infer<typeof complianceResultSchema> {
  const explanation = explainAssessment(
    assessment,
    {
      jurisdictionName: analysis.data.name,
      profileName: analysis.data.profile.name,
      dataVersion: analysis.dataVersion,
      convertedFrom: crs.converted ? crs.input : null,
    },
    language,
  );
  return {
    ...assessment,
    rules: assessment.rules.map(({ message, ...verdict }) => ({ ...verdict, ...bilingualFields('message', message) })),
    ...bilingualFields('notes', assessment.notes),
    crs: { ...crs, ...bilingualFields('note', crs.note) },
    dataVersion: analysis.dataVersion,
    explanation,
  };
}

/** The assessment of a check that was not refused (complianceChecks refuses only when asked to). */
function assessed(check: ComplianceOutput): ProjectAssessment {
  if (!('assessment' in check)) throw new Error('compliance check refused without being asked to');
  return check.assessment;
}

/** A stored residential project as the compliance check takes it (also for the profile's project rules on the dashboard). */
export function projectInput(project: ResidentialProject): ProjectInput {
  return {
    location: project.geometry.type === 'Polygon' ? project.geometry : [project.lon, project.lat],
    population: project.population,
    households: project.population === null ? project.households : null,
    personsPerHousehold: project.population === null ? project.personsPerHousehold : null,
    plannedSlots: project.plannedSlots,
    // A built project is an existing neighbourhood for the profile's rules; proposed and approved ones are new.
    neighbourhood: project.status === 'built' ? 'existing' : 'new',
  };
}

const csvColumns = [
  'id',
  'name',
  'status',
  'projectYear',
  'township',
  'townshipName',
  'population',
  'populationSource',
  'personsPerHousehold',
  'requiredSlots',
  'plannedSlots',
  'compliant',
  'shortfall',
  'nearestFacilityDistanceM',
  'coveredWithin15',
  'townshipSlotsPer1000Before',
  'townshipSlotsPer1000After',
  'explanation',
] as const;

/** A project row's value as a CSV cell: numbers to six decimals, lists and objects as JSON text. */
function projectCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return csvCell(Math.round(value * 1e6) / 1e6);
  return csvCell(typeof value === 'string' || typeof value === 'boolean' ? value : JSON.stringify(value));
}

export const complianceRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/jurisdictions/{id}/compliance',
    summary: 'Check a residential project against the new-community standard (≥ 10 slots per 1,000 residents)',
    description:
      'Give exactly one of `households` (× `personsPerHousehold`, default from the profile) or `population`, and `plannedSlots`. `location` is a point or a footprint polygon; GCJ-02 and BD-09 coordinates are converted to WGS84 (the response says so). A location outside every township of the jurisdiction is rejected with 422. Free capacity of existing facilities is not modelled.',
    tags: ['compliance'],
    access: 'public',
    params: jurisdictionParams,
    body: complianceRequestSchema,
    maxBodyBytes: CHECK_MAX_BODY_BYTES,
    rateLimitPerMinute: CHECKS_PER_MINUTE,
    response: complianceResultSchema,
    errors: [404, 413, 422, 429],
    handler: async ({ deps, params, body }) => {
      const request = body;
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, request.year, 'body.year');
      const converted = request.crs !== 'WGS84';
      const convert = (p: readonly [number, number]): LonLat => toWgs84([p[0], p[1]], request.crs);
      const location: ProjectInput['location'] = Array.isArray(request.location)
        ? convert(request.location)
        : { type: 'Polygon', coordinates: request.location.coordinates.map((ring) => ring.map((p) => convert(p))) };
      const input: ProjectInput = {
        location,
        population: request.population ?? null,
        households: request.households ?? null,
        personsPerHousehold: request.personsPerHousehold ?? null,
        plannedSlots: request.plannedSlots,
        neighbourhood: request.neighbourhood ?? 'new',
        plannedFloorAreaM2: request.plannedFloorAreaM2 ?? null,
      };
      // A footprint's geometry is checked and assessed in the compute pool; a point on the event loop.
      const check = (await analysis.checkProjects(year, [input], true))[0]!;
      if ('crossing' in check) {
        const { crossing } = check;
        throw badRequest(
          bilingual('用地范围的边界自相交，请重新绘制为简单多边形', 'the footprint’s outline crosses itself; draw it as a simple polygon'),
          [
            {
              path: 'body.location.coordinates',
              message: bilingual(
                `边界在 ${crossing[0].toFixed(6)}, ${crossing[1].toFixed(6)} 处自相交`,
                `the outline crosses itself at ${crossing[0].toFixed(6)}, ${crossing[1].toFixed(6)}`,
              ),
            },
          ],
        );
      }
      const result = checkJson(analysis, assessed(check), request.language, crsOf(request.crs));
      if (result.township === null) {
        throw unprocessable(
          bilingual(
            `该位置不在${analysis.data.name}的任何乡镇（街道）范围内`,
            `the location lies outside every township of ${analysis.data.name}`,
          ),
          [
            {
              path: 'body.location',
              message: bilingual(
                `位于辖区${analysis.data.name}之外${converted ? `（由 ${request.crs} 转换后）` : ''}`,
                `outside the jurisdiction ${analysis.data.name}${converted ? ` (after conversion from ${request.crs})` : ''}`,
              ),
            },
          ],
        );
      }
      return result;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/projects',
    summary: 'Every residential project of the data with its compliance check (JSON, or CSV with format=csv)',
    tags: ['compliance'],
    access: 'public',
    params: jurisdictionParams,
    query: projectsQuery,
    response: z.array(projectRowSchema),
    errors: [404],
    handler: async ({ deps, params, query, res }) => {
      const { analysis, year } = await requireAnalysisOfYear(deps, params.id, query.year);
      const crs = crsOf('WGS84');
      const projects = analysis.data.projects;
      const checks = await analysis.checkProjects(
        year,
        projects.map((project) => projectInput(project)),
      );
      const rows = projects.map((project, i) => ({
        id: project.id,
        name: project.name,
        status: project.status,
        projectYear: project.year,
        ...checkJson(analysis, assessed(checks[i]!), query.language, crs),
      }));
      if (query.format === 'json') return rows;
      const lines = [csvColumns.join(',')];
      for (const row of rows) {
        const values: Record<(typeof csvColumns)[number], unknown> = {
          id: row.id,
          name: row.name,
          status: row.status,
          projectYear: row.projectYear,
          township: row.township?.code,
          townshipName: row.township?.name,
          population: row.population,
          populationSource: row.populationSource,
          personsPerHousehold: row.personsPerHousehold,
          requiredSlots: row.requiredSlots,
          plannedSlots: row.plannedSlots,
          compliant: row.compliant,
          shortfall: row.shortfall,
          nearestFacilityDistanceM: row.nearestFacilityDistanceM,
          coveredWithin15: row.coveredWithin['15'],
          townshipSlotsPer1000Before: row.townshipImpact?.before.slotsPer1000,
          townshipSlotsPer1000After: row.townshipImpact?.after.slotsPer1000,
          explanation: row.explanation,
        };
        lines.push(csvColumns.map((c) => projectCell(values[c])).join(','));
      }
      res
        .type('text/csv; charset=utf-8')
        .attachment(`${params.id}-projects-${year}.csv`)
        .send(`\uFEFF${lines.join('\r\n')}\r\n`);
    },
  }),
];
