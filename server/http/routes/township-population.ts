/**
 * The townshipPopulation table in the registry: read it, or (a bureau) replace it. A replacement is
 * checked whole — every code must name a township of the jurisdiction, code + year must be unique, the
 * under-3 count must not exceed the residents — and written in one transaction with a bump of the data
 * version, so every figure of every year is recomputed with the new population.
 */
import { bumpDataVersion } from '../../db/jurisdictions.repository.js';
import { replaceTownshipPopulation } from '../../db/township-population.repository.js';
import { ErrorList, validateTownshipPopulationRows } from '../../import/validate-package.js';
import { bilingual } from '../../model/index.js';
import { jurisdictionParams } from '../../schemas/common.js';
import {
  townshipPopulationBodySchema,
  townshipPopulationEditResultSchema,
  townshipPopulationSchema,
} from '../../schemas/township-population.js';
import { notFound, unprocessable } from '../errors.js';
import { requireAnalysis } from '../load.js';
import { defineRoute } from '../route.js';

const lastYearOf = (rows: readonly { year: number }[]): number | null => (rows.length > 0 ? Math.max(...rows.map((r) => r.year)) : null);

export const townshipPopulationRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/township-population',
    summary: 'The population-by-year table: residents and children under 3 per township and year',
    description:
      'The township figures of year Y are those of Y, else of the latest earlier year, else the township layer’s (DATA_FORMAT.md v2).',
    tags: ['registry'],
    access: 'public',
    params: jurisdictionParams,
    response: townshipPopulationSchema,
    errors: [404],
    handler: async ({ deps, params }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const rows = (analysis.data.townshipPopulation ?? []).map((r) => ({ ...r, populationUnder3: r.populationUnder3 ?? null }));
      return { jurisdictionId: params.id, rows, lastDataYear: lastYearOf(rows) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/jurisdictions/{id}/township-population',
    summary: 'Replace the population-by-year table (statistics bureau)',
    description:
      'Send the whole table. An unknown township code, a repeated code and year, or more children under 3 than residents → 422 naming `body.rows.N.field`; nothing is written. One transaction; the data version is bumped.',
    tags: ['registry'],
    access: 'bureau',
    params: jurisdictionParams,
    body: townshipPopulationBodySchema,
    response: townshipPopulationEditResultSchema,
    errors: [404, 422],
    handler: async ({ deps, params, body }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const errors = new ErrorList();
      const rows = validateTownshipPopulationRows('body.rows', body.rows, new Set(analysis.data.townships.map((t) => t.code)), errors);
      if (errors.errors.length > 0) {
        const problems = errors.result();
        throw unprocessable(
          bilingual(
            `分年度人口表有 ${problems.length} 处问题，未写入任何数据`,
            `the table has ${problems.length} problem(s); nothing was written`,
          ),
          // Each problem was written in the reader's language when it was checked.
          problems.map((e) => ({
            path: `body.rows${e.feature !== undefined ? `.${e.feature}` : ''}${e.property ? `.${e.property}` : ''}`,
            message: bilingual(e.problem, e.problem),
          })),
        );
      }
      const dataVersion = await deps.db.transaction().execute(async (trx) => {
        await replaceTownshipPopulation(trx, params.id, rows);
        const version = await bumpDataVersion(trx, params.id);
        if (version === null) throw notFound(bilingual(`辖区“${params.id}”`, `jurisdiction "${params.id}"`));
        return version;
      });
      deps.analysis.invalidate(params.id);
      const sorted = [...rows].sort((a, b) => (a.code === b.code ? a.year - b.year : a.code < b.code ? -1 : 1));
      return {
        jurisdictionId: params.id,
        rows: sorted.map((r) => ({ ...r, populationUnder3: r.populationUnder3 ?? null })),
        lastDataYear: lastYearOf(rows),
        dataVersion,
      };
    },
  }),
];
