/**
 * Schemas of the admin's overview routes (server/http/routes/admin.ts): the audit log across
 * jurisdictions and the jurisdictions with their data version and last import.
 */
import { z } from 'zod';
import { jurisdictionIdSchema } from './common.js';
import { auditQuery } from './dashboard.js';

export const adminAuditQuery = auditQuery.extend({
  jurisdiction: jurisdictionIdSchema.optional().describe('Only this jurisdiction’s entries; all when absent'),
});

export const lastImportSchema = z.object({
  id: z.number().int(),
  importedBy: z.string().describe('Name of the user or token that imported'),
  importedAt: z.string().describe('ISO 8601'),
  packageName: z.string(),
  counts: z.record(z.string(), z.number()).describe('Rows written per layer'),
});

export const adminJurisdictionSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: z.string().describe('county, city, …'),
  parentId: z.string().nullable(),
  year: z.number().int().describe('Analysis year'),
  dataVersion: z.number().int().describe('Raised by every import and registry edit'),
  lastImport: lastImportSchema.nullable().describe('The newest import from the import log; null when the data came otherwise'),
});
