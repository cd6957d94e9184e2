/**
 * `GET /api/jurisdictions/{id}/rollup?year=` (issue #15): a city's or province's figures, added up from
 * its counties' STORED summaries (migrations/0018) — never by recomputing a county in the request, so
 * a province of 90 counties answers in one small query. A county without a stored summary of the year
 * at its current data version is listed in `pending` and left out: `POST …/rollup/refresh` runs the
 * `county summaries` job, whose `county summary` children the workers share (server/jobs/kinds/
 * county-summaries.ts); an import of a county below a city or province submits its own; a county's own
 * summary request and `npm run summaries` store it as well.
 *
 * `GET /api/jurisdictions/{id}/rollup.geojson?year=`: the same children for the map, each with its
 * outline read from the same stored rows (migrations/0031): a county's own, a city's its counties'
 * together. One request draws a province, without reading any township.
 */
import type { MultiPolygon } from 'geojson';
import type { CountySummaryRecord } from '../../analysis/summary.js';
import type { TreeNode } from '../../db/jurisdiction-tree.repository.js';
import { listCountySummaries, type StoredCountySummary } from '../../db/county-summaries.repository.js';
import { listRecentJobsOf } from '../../db/jobs.repository.js';
import { type CountyFigures, rollUpFigures } from '../../engine/indicators/index.js';
import { bilingual, bilingualFields, type Bilingual } from '../../model/index.js';
import { ownerOf } from '../../jobs/job-service.js';
import { countySummariesJob } from '../../jobs/kinds/county-summaries.js';
import { jurisdictionParams, yearQuery } from '../../schemas/common.js';
import { jobAcceptedSchema } from '../../schemas/jobs.js';
import { rollupFeaturesSchema, rollupSchema } from '../../schemas/rollup.js';
import type { AppDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { defineRoute } from '../route.js';
import { acceptJob } from './jobs.js';

function figuresOf(record: CountySummaryRecord): CountyFigures {
  const s = record.summary;
  return {
    population: s.population,
    slots: s.slots,
    inclusiveSlots: s.inclusiveSlots,
    facilityCount: s.facilityCount,
    operatingSlots: record.operatingSlots,
    operatingInclusiveSlots: record.operatingInclusiveSlots,
    slotGap: s.slotGap,
    townshipCount: s.townshipCount,
    townshipsWithOperatingFacility: s.townshipsWithOperatingFacility,
    coveredPopulation: s.coveredPopulation,
    uncoveredPopulation: s.uncoveredPopulation,
  };
}

function unionBox(boxes: ([number, number, number, number] | null)[]): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  for (const b of boxes) {
    if (!b) continue;
    box = box ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])] : [...b];
  }
  return box;
}

/** A city's outline: its counties' outlines, one list of polygons; null when none has one. */
function joinedOutline(outlines: (MultiPolygon | null)[]): MultiPolygon | null {
  const polygons = outlines.flatMap((o) => o?.coordinates ?? []);
  return polygons.length > 0 ? { type: 'MultiPolygon', coordinates: polygons } : null;
}

/**
 * The roll-up of jurisdiction `id` in `year` (default: its analysis year) from the stored rows of the
 * counties below (404 for an unknown id): the whole, and each child's; with `outlines`, each child's
 * outline as well.
 */
async function storedRollup(deps: AppDeps, id: string, requestedYear: number | undefined, outlines: boolean) {
  const tree = await deps.analysis.tree();
  const node = tree.get(id);
  if (!node) throw notFound(bilingual(`辖区“${id}”`, `jurisdiction "${id}"`));
  const year = requestedYear ?? node.year;
  const counties = tree.countiesUnder(node.id);
  const stored: (StoredCountySummary & { outline?: MultiPolygon | null })[] = outlines
    ? await listCountySummaries(deps.db, counties, year, { outlines: true })
    : await listCountySummaries(deps.db, counties, year);
  const rows = new Map(stored.map((s) => [s.jurisdictionId, s]));
  const pending = counties.filter((c) => !rows.has(c.id));

  const rollUp = (below: TreeNode[]) => {
    const found = below.flatMap((c) => {
      const row = rows.get(c.id);
      return row ? [row] : [];
    });
    const records = found.map((row) => row.record as CountySummaryRecord);
    return {
      complete: found.length === below.length,
      bbox: unionBox(records.map((r) => r.bbox)),
      figures: rollUpFigures(records.map(figuresOf)),
      outline: joinedOutline(found.map((row) => row.outline ?? null)),
    };
  };
  const children = (node.level === 'county' ? [] : tree.childrenOf(node.id)).map((child) => {
    const { complete, bbox, figures, outline } = rollUp(tree.countiesUnder(child.id));
    return { row: { id: child.id, name: child.name, level: child.level, complete, bbox, figures }, outline };
  });
  return { node, year, whole: rollUp(counties), children, pending };
}

/** How far back a caller's earlier Recompute is looked for (a province's takes well under a minute). */
const RECOMPUTE_LOOKBACK_MS = 6 * 3600_000;

/** The caller's `county summaries` job of this root and year that is still queued or running, if any. */
async function unfinishedRecompute(deps: AppDeps, which: { jurisdictionId: string; owner: string | null; year: number }) {
  const recent = await listRecentJobsOf(deps.db, {
    kind: countySummariesJob.kind,
    jurisdictionId: which.jurisdictionId,
    owner: which.owner,
    since: Date.now() - RECOMPUTE_LOOKBACK_MS,
  });
  for (const stored of recent) {
    if ((stored.payload as { year?: number } | null)?.year !== which.year) continue;
    // The parent is read with its children added up: it is done when they are.
    const seen = await deps.jobs.get(stored.id);
    if (seen && (seen.status === 'queued' || seen.status === 'running')) return seen;
  }
  return null;
}

export const rollupRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/rollup',
    summary: 'Roll-up of a city or province: its counties’ stored figures added up, with a table (and map extents) of its children',
    description:
      'Sums and ratios of sums over the counties below (slots per 1,000 and gap, inclusive share, township institution coverage, walking coverage), read from each county’s stored summary of the year at its current data version. Counties without one are listed in `pending` and left out; nothing is computed in the request. For a county, its own stored figures. `year` defaults to the jurisdiction’s analysis year.',
    tags: ['indicators'],
    access: 'public',
    params: jurisdictionParams,
    query: yearQuery,
    response: rollupSchema,
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const { node, year, whole, children, pending } = await storedRollup(deps, params.id, query.year, false);
      const notes: Bilingual[] = [];
      if (pending.length > 0)
        notes.push(
          bilingual(
            `${pending.length} 个区县尚无 ${year} 年当前数据版本的汇总结果，未计入（“重新计算”即 POST …/rollup/refresh 交由后台任务计算）。`,
            `${pending.length} counties have no stored summary of ${year} at their current data version and are left out (Recompute, POST …/rollup/refresh, has the workers compute them).`,
          ),
        );
      if (whole.figures.countiesWithoutTarget > 0)
        notes.push(
          bilingual(
            `${whole.figures.countiesWithoutTarget} 个区县的规划未设定 ${year} 年每千人托位数目标，不计入托位缺口。`,
            `${whole.figures.countiesWithoutTarget} counties set no slots-per-1,000 target for ${year} and add nothing to the gap.`,
          ),
        );
      return {
        id: node.id,
        name: node.name,
        level: node.level,
        year,
        complete: whole.complete,
        figures: whole.figures,
        children: children.map((c) => c.row),
        pending: pending.map((c) => ({ id: c.id, name: c.name })),
        ...bilingualFields('notes', notes),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/rollup.geojson',
    summary: 'Map of a roll-up: each child of a city or province with its stored outline and its figures',
    description:
      'One feature per jurisdiction directly below (none for a county), its properties those of the child in GET …/rollup: a county’s geometry is its outline stored with its summary (its townships dissolved and simplified when the summary was computed), a city’s its counties’ outlines as one MultiPolygon. Read from the stored rows of the year at the counties’ current data versions only; nothing is computed in the request. A child none of whose counties has a stored outline has a null geometry. `year` defaults to the jurisdiction’s analysis year.',
    tags: ['map'],
    access: 'public',
    params: jurisdictionParams,
    query: yearQuery,
    response: rollupFeaturesSchema,
    responseMediaType: 'application/geo+json',
    errors: [404],
    handler: async ({ deps, params, query }) => {
      const { children } = await storedRollup(deps, params.id, query.year, true);
      return {
        type: 'FeatureCollection' as const,
        features: children.map(({ row, outline }) => ({ type: 'Feature' as const, id: row.id, properties: row, geometry: outline })),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/jurisdictions/{id}/rollup/refresh',
    summary: 'Recompute the stored summaries a roll-up lacks, as a job spread over the workers',
    description:
      'Answers `202 Accepted` with the `county summaries` job (`Location: /api/jobs/{id}`). It submits one `county summary` job per county below (or the county itself) without a stored summary of the year at its current data version — those the roll-up lists in `pending` — and every worker process takes them from the queue. `GET /api/jobs/{id}` of this job reports them together: `queued` until one starts, `running` with `progress` the share of counties done and the stage "n of N counties done", then `succeeded` with the counties `stored` and `skipped` (no data of the year) in its `result`, or `failed` naming the counties that failed; `children` counts them by state. `year` defaults to the jurisdiction’s analysis year, as for the roll-up. The same caller’s second request for the same jurisdiction and year while the first job is still queued or running answers that job instead of starting another.',
    tags: ['indicators'],
    access: 'bureau',
    params: jurisdictionParams,
    query: yearQuery,
    response: jobAcceptedSchema,
    successStatus: 202,
    errors: [404],
    handler: async ({ deps, params, query, caller, res }) => {
      const node = (await deps.analysis.tree()).get(params.id);
      if (!node) throw notFound(bilingual(`辖区“${params.id}”`, `jurisdiction "${params.id}"`));
      const owner = ownerOf(caller);
      const year = query.year ?? node.year;
      // A second Recompute of the same roll-up and year by the same caller while the first still runs (a
      // double click, a second tab) answers the first: its children would compute the same counties.
      const running = await unfinishedRecompute(deps, { jurisdictionId: node.id, owner, year });
      if (running) {
        acceptJob(res, running);
        return;
      }
      const job = await deps.jobs.submit({
        kind: countySummariesJob.kind,
        jurisdictionId: node.id,
        owner,
        ownerName: caller?.name ?? null,
        payload: { root: node.id, year },
      });
      acceptJob(res, job);
    },
  }),
];
