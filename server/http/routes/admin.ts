/**
 * The admin's overview (issue #17): the audit log across jurisdictions and the jurisdictions with their
 * data version and last import. Users and tokens are administered in access.ts; these read-only routes
 * complete the admin page (client/admin.html).
 */
import { z } from 'zod';
import { listRecentAudit } from '../../db/facility-audit.repository.js';
import { lastImportByJurisdiction } from '../../db/import-log.repository.js';
import { listJurisdictions } from '../../db/jurisdictions.repository.js';
import { adminAuditQuery, adminJurisdictionSchema } from '../../schemas/admin.js';
import { auditEntrySchema } from '../../schemas/dashboard.js';
import { mayAccessJurisdiction, requireJurisdictionScope, type Caller } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { defineRoute } from '../route.js';

/** The jurisdictions a scoped admin may see (those its scope names or lies above); null for an unscoped admin. */
async function visibleJurisdictions(deps: AppDeps, caller: Caller): Promise<Set<string> | null> {
  if (caller.jurisdictions === null) return null;
  const tree = await deps.analysis.tree();
  const all = await listJurisdictions(deps.db);
  return new Set(all.filter((j) => mayAccessJurisdiction(caller, j.id, tree.ancestorsOf(j.id))).map((j) => j.id));
}

export const adminRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/admin/audit',
    summary: 'The audit log of every jurisdiction (or one), newest first',
    tags: ['access'],
    access: 'admin',
    query: adminAuditQuery,
    response: z.array(auditEntrySchema),
    errors: [403],
    handler: async ({ deps, query, caller }) => {
      // A scoped admin reads only the log of its own jurisdictions, like every other scoped credential.
      const visible = await visibleJurisdictions(deps, caller!);
      if (visible && query.jurisdiction && !visible.has(query.jurisdiction)) requireJurisdictionScope(caller!, query.jurisdiction);
      return listRecentAudit(deps.db, {
        limit: query.limit,
        ...(query.jurisdiction ? { jurisdictionId: query.jurisdiction } : {}),
        ...(visible ? { jurisdictionIds: [...visible] } : {}),
        ...(query.entity ? { entity: query.entity } : {}),
        ...(query.before ? { beforeId: query.before } : {}),
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/jurisdictions',
    summary: 'Every jurisdiction with its data version and its last import',
    tags: ['access'],
    access: 'admin',
    response: z.array(adminJurisdictionSchema),
    handler: async ({ deps, caller }) => {
      const [jurisdictions, lastImports, visible] = await Promise.all([
        listJurisdictions(deps.db),
        lastImportByJurisdiction(deps.db),
        visibleJurisdictions(deps, caller!),
      ]);
      return jurisdictions
        .filter((j) => !visible || visible.has(j.id))
        .map((j) => {
          const last = lastImports.get(j.id);
          return {
            id: j.id,
            name: j.name,
            level: j.level,
            parentId: j.parentId,
            year: j.year,
            dataVersion: j.dataVersion,
            lastImport: last
              ? {
                  id: last.id,
                  importedBy: last.importedBy,
                  importedAt: last.importedAt,
                  packageName: last.packageName,
                  counts: last.counts,
                }
              : null,
          };
        });
    },
  }),
];
