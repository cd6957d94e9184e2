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
import { defineRoute } from '../route.js';

export const adminRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/admin/audit',
    summary: 'The audit log of every jurisdiction (or one), newest first',
    tags: ['access'],
    access: 'admin',
    query: adminAuditQuery,
    response: z.array(auditEntrySchema),
    handler: ({ deps, query }) =>
      listRecentAudit(deps.db, {
        limit: query.limit,
        ...(query.jurisdiction ? { jurisdictionId: query.jurisdiction } : {}),
        ...(query.entity ? { entity: query.entity } : {}),
        ...(query.before ? { beforeId: query.before } : {}),
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/jurisdictions',
    summary: 'Every jurisdiction with its data version and its last import',
    tags: ['access'],
    access: 'admin',
    response: z.array(adminJurisdictionSchema),
    handler: async ({ deps }) => {
      const [jurisdictions, lastImports] = await Promise.all([listJurisdictions(deps.db), lastImportByJurisdiction(deps.db)]);
      return jurisdictions.map((j) => {
        const last = lastImports.get(j.id);
        return {
          id: j.id,
          name: j.name,
          level: j.level,
          parentId: j.parentId,
          year: j.year,
          dataVersion: j.dataVersion,
          lastImport: last
            ? { id: last.id, importedBy: last.importedBy, importedAt: last.importedAt, packageName: last.packageName, counts: last.counts }
            : null,
        };
      });
    },
  }),
];
