/**
 * The bureau's facility registry: add a facility, change its slots, inclusive slots, status, grade or
 * staff, close it; list a facility's history and the jurisdiction's audit log.
 *
 * Every edit runs in one transaction with its audit row and a bump of the jurisdiction's data_version,
 * so the analysis cache recomputes indicators and coverage for the next request. Edits use optimistic
 * concurrency: the caller sends the version it read (body `version`, query `version` or `If-Match`);
 * when the facility changed meanwhile the answer is 409 with the current facility, and nothing is written.
 */
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { listAudit, recordAudit } from '../../db/facility-audit.repository.js';
import {
  getFacilityRecord,
  insertFacility,
  listFacilityRecords,
  updateFacility,
  type FacilityRecord,
} from '../../db/facilities.repository.js';
import { bumpDataVersion } from '../../db/jurisdictions.repository.js';
import { toWgs84, townshipOfPoint } from '../../engine/geo/index.js';
import type { Facility, LonLat } from '../../model/index.js';
import { jurisdictionParams } from '../../schemas/common.js';
import { facilityParams } from '../../schemas/coverage.js';
import {
  auditEntrySchema,
  auditQuery,
  facilityCloseQuery,
  facilityCreateBodySchema,
  facilityEditResultSchema,
  facilityPatchBodySchema,
  facilityRecordSchema,
  facilityStateSchema,
} from '../../schemas/dashboard.js';
import type { AppDeps } from '../deps.js';
import { badRequest, bilingual, HttpError, notFound, unprocessable } from '../errors.js';
import { baseVersion } from '../if-match.js';
import { requireAnalysis } from '../load.js';
import { defineRoute, RequestPartError } from '../route.js';

/** The version an edit is based on, from the request (`field` names where it may come besides If-Match). */
function expectedVersion(req: Request, given: number | undefined, field: string): number {
  const version = baseVersion(given, req.get('if-match'), field, bilingual('机构记录', 'facility'));
  if (version === undefined) {
    throw new HttpError(
      428,
      'precondition_required',
      bilingual(
        `请以 ${field} 或 If-Match 请求头提供所读取机构记录的版本号，以免覆盖他人更新的修改`,
        `send the facility version you read, as ${field} or an If-Match header, so that an edit never overwrites a newer one`,
      ),
      [{ path: field, message: bilingual('必填（或使用 If-Match）', 'required (or If-Match)') }],
    );
  }
  return version;
}

function versionConflict(current: FacilityRecord): HttpError {
  return new HttpError(
    409,
    'version_conflict',
    bilingual(
      `托育机构“${current.id}”在读取后已被修改，当前版本为 ${current.version}；请重新加载后再次修改`,
      `facility "${current.id}" changed since it was read: it is now at version ${current.version}; reload it and apply the edit again`,
    ),
    [],
    { current, currentVersion: current.version },
  );
}

/** Checks a facility's state after an edit; problems are answered like request errors (400, `body.<field>`). */
function checkState(facility: Facility): void {
  const result = facilityStateSchema.safeParse(facility);
  if (!result.success) throw new RequestPartError('body', result.error);
}

/** The facility without its version: what the engine and the update store. */
function facilityOf(record: FacilityRecord): Facility {
  const { version: _v, ...facility } = record;
  return facility;
}

/**
 * Runs an edit in one transaction: `edit` writes the facility and returns it with its audit action and
 * state before; the data version is bumped and the audit row written in the same transaction. The
 * analysis cache is told afterwards.
 */
async function editFacility(
  deps: AppDeps,
  jurisdictionId: string,
  actor: string,
  edit: (trx: Transaction<Database>) => Promise<{
    action: 'create' | 'update' | 'close';
    before: FacilityRecord | null;
    after: FacilityRecord;
  }>,
): Promise<{ facility: FacilityRecord; dataVersion: number }> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const { action, before, after } = await edit(trx);
    const dataVersion = await bumpDataVersion(trx, jurisdictionId);
    if (dataVersion === null) throw notFound(bilingual(`辖区“${jurisdictionId}”`, `jurisdiction "${jurisdictionId}"`));
    await recordAudit(trx, { jurisdictionId, entity: 'facility', entityId: after.id, action, actor, before, after, dataVersion });
    return { facility: after, dataVersion };
  });
  deps.analysis.invalidate(jurisdictionId);
  return result;
}

export const facilityRegistryRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/facilities',
    summary: 'The facility registry: every facility with its version (send the version back to edit it)',
    tags: ['registry'],
    access: 'public',
    params: jurisdictionParams,
    response: z.array(facilityRecordSchema),
    errors: [404],
    handler: async ({ deps, params }) => {
      await requireAnalysis(deps, params.id);
      return listFacilityRecords(deps.db, params.id);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/facilities/{fid}',
    summary: 'One facility with its version (also in the ETag header)',
    tags: ['registry'],
    access: 'public',
    params: facilityParams,
    response: facilityRecordSchema,
    errors: [404],
    handler: async ({ deps, params, res }) => {
      const record = await getFacilityRecord(deps.db, params.id, params.fid);
      if (!record)
        throw notFound(
          bilingual(`辖区“${params.id}”中的托育机构“${params.fid}”`, `facility "${params.fid}" in jurisdiction "${params.id}"`),
        );
      res.set('ETag', `"${record.version}"`);
      return record;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/jurisdictions/{id}/facilities',
    summary: 'Add a facility (its township is the one containing the point)',
    description:
      'Coordinates may be GCJ-02 or BD-09 (`crs`); they are stored as WGS84. A point outside every township of the jurisdiction is rejected with 422; an id already in use with 409.',
    tags: ['registry'],
    access: 'bureau',
    params: jurisdictionParams,
    body: facilityCreateBodySchema,
    response: facilityEditResultSchema,
    successStatus: 201,
    errors: [404, 409, 422],
    handler: async ({ deps, params, body, caller }) => {
      const analysis = await requireAnalysis(deps, params.id);
      const input = body;
      const [lon, lat] = toWgs84([input.lon, input.lat], input.crs);
      const point: LonLat = [lon, lat];
      const township = townshipOfPoint(analysis.data.townships, point);
      if (!township) {
        throw unprocessable(
          bilingual(
            `该点不在${analysis.data.name}的任何乡镇（街道）范围内`,
            `the point lies outside every township of ${analysis.data.name}`,
          ),
          [
            {
              path: 'body.lon',
              message: bilingual(
                `(${input.lon}, ${input.lat}) ${input.crs}${input.crs !== 'WGS84' ? '（已转换为 WGS84）' : ''}位于辖区${analysis.data.name}之外`,
                `(${input.lon}, ${input.lat}) ${input.crs}${input.crs !== 'WGS84' ? ' (converted to WGS84)' : ''} is outside the jurisdiction ${analysis.data.name}`,
              ),
            },
          ],
        );
      }
      const facility: Facility = {
        id: input.id ?? `F-${randomUUID().slice(0, 8)}`,
        name: input.name,
        slots: input.slots,
        inclusiveSlots: input.inclusiveSlots,
        type: input.type,
        status: input.status,
        openedYear: input.openedYear,
        closedYear: input.closedYear,
        grade: input.grade,
        staff: input.staff,
        certifiedStaff: input.certifiedStaff,
        township: township.code,
        lon,
        lat,
      };
      return editFacility(deps, params.id, caller!.name, async (trx) => {
        const created = await insertFacility(trx, params.id, facility);
        if (!created)
          throw new HttpError(
            409,
            'conflict',
            bilingual(
              `辖区“${params.id}”中已有托育机构“${facility.id}”`,
              `jurisdiction "${params.id}" already has a facility "${facility.id}"`,
            ),
          );
        return { action: 'create', before: null, after: created };
      });
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/jurisdictions/{id}/facilities/{fid}',
    summary: 'Change a facility’s attributes (slots, inclusive slots, status, grade, staff, years, name, type)',
    description:
      'Send the version you read (body `version` or If-Match); a stale version gets 409 with the current facility, and nothing is written. Without a version: 428. The facility after the edit must be consistent (inclusiveSlots ≤ slots, certifiedStaff ≤ staff, closedYear ≥ openedYear), else 400 naming the field.',
    tags: ['registry'],
    access: 'bureau',
    params: facilityParams,
    body: facilityPatchBodySchema,
    response: facilityEditResultSchema,
    errors: [404, 409, 428],
    handler: async ({ deps, params, body, caller, req }) => {
      await requireAnalysis(deps, params.id);
      const { version: bodyVersion, ...changes } = body;
      const expected = expectedVersion(req, bodyVersion, 'body.version');
      return editFacility(deps, params.id, caller!.name, async (trx) => {
        const current = await getFacilityRecord(trx, params.id, params.fid, { forUpdate: true });
        if (!current)
          throw notFound(
            bilingual(`辖区“${params.id}”中的托育机构“${params.fid}”`, `facility "${params.fid}" in jurisdiction "${params.id}"`),
          );
        if (current.version !== expected) throw versionConflict(current);
        const next: Facility = { ...facilityOf(current), ...changes };
        checkState(next);
        const updated = await updateFacility(trx, params.id, next, expected);
        if (!updated) throw versionConflict(current);
        return { action: 'update', before: current, after: updated };
      });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/jurisdictions/{id}/facilities/{fid}',
    summary: 'Close a facility: status "closed" with the first year it no longer operates (the record stays)',
    tags: ['registry'],
    access: 'bureau',
    params: facilityParams,
    query: facilityCloseQuery,
    response: facilityEditResultSchema,
    errors: [404, 409, 422, 428],
    handler: async ({ deps, params, query, caller, req }) => {
      await requireAnalysis(deps, params.id);
      const expected = expectedVersion(req, query.version, 'query.version');
      return editFacility(deps, params.id, caller!.name, async (trx) => {
        const current = await getFacilityRecord(trx, params.id, params.fid, { forUpdate: true });
        if (!current)
          throw notFound(
            bilingual(`辖区“${params.id}”中的托育机构“${params.fid}”`, `facility "${params.fid}" in jurisdiction "${params.id}"`),
          );
        if (current.version !== expected) throw versionConflict(current);
        if (current.status === 'closed') {
          throw unprocessable(
            bilingual(
              `托育机构“${current.id}”已关闭${current.closedYear !== null ? `（${current.closedYear} 年起）` : ''}；如需更改关闭年份，请用 PATCH 修改 closedYear`,
              `facility "${current.id}" is already closed${current.closedYear !== null ? ` (from ${current.closedYear})` : ''}; PATCH closedYear to change the year`,
            ),
          );
        }
        const next: Facility = { ...facilityOf(current), status: 'closed', closedYear: query.closedYear };
        if (next.openedYear !== null && next.closedYear! < next.openedYear) {
          throw badRequest(bilingual('关闭年份早于开办年份', 'closedYear is before the opening year'), [
            {
              path: 'query.closedYear',
              message: bilingual(`不得早于开办年份（${next.openedYear}）`, `must not be before openedYear (${next.openedYear})`),
            },
          ]);
        }
        const updated = await updateFacility(trx, params.id, next, expected);
        if (!updated) throw versionConflict(current);
        return { action: 'close', before: current, after: updated };
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/facilities/{fid}/history',
    summary: 'Every recorded edit of one facility, newest first: who, when, action, before and after',
    tags: ['registry'],
    // The log names the people and tokens who edited: for the bureau, not the public.
    access: 'bureau',
    params: facilityParams,
    query: auditQuery.omit({ entity: true }),
    response: z.array(auditEntrySchema),
    errors: [404],
    handler: async ({ deps, params, query }) => {
      await requireAnalysis(deps, params.id);
      return listAudit(deps.db, params.id, {
        entity: 'facility',
        entityId: params.fid,
        limit: query.limit,
        ...(query.before ? { beforeId: query.before } : {}),
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/jurisdictions/{id}/audit',
    summary: 'The jurisdiction’s audit log, newest first: facility edits and reported values',
    tags: ['registry'],
    // The log names the people and tokens who edited: for the bureau, not the public.
    access: 'bureau',
    params: jurisdictionParams,
    query: auditQuery,
    response: z.array(auditEntrySchema),
    errors: [404],
    handler: async ({ deps, params, query }) => {
      await requireAnalysis(deps, params.id);
      return listAudit(deps.db, params.id, {
        limit: query.limit,
        ...(query.entity ? { entity: query.entity } : {}),
        ...(query.before ? { beforeId: query.before } : {}),
      });
    },
  }),
];
