import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import { toIsoString } from './row-mapping.js';

export interface ImportLogEntry {
  id: number;
  jurisdictionId: string;
  importedBy: string;
  /** ISO 8601 timestamp. */
  importedAt: string;
  packageName: string;
  /** Rows written per layer. */
  counts: Record<string, number>;
}

/** Imports, newest first; all jurisdictions or one. */
export async function listImports(db: Kysely<Database>, jurisdictionId?: string): Promise<ImportLogEntry[]> {
  let query = db.selectFrom('import_log').select(['id', 'jurisdiction_id', 'imported_by', 'imported_at', 'package_name', 'counts']);
  if (jurisdictionId !== undefined) query = query.where('jurisdiction_id', '=', jurisdictionId);
  const rows = await query.orderBy('id', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    jurisdictionId: r.jurisdiction_id,
    importedBy: r.imported_by,
    importedAt: toIsoString(r.imported_at),
    packageName: r.package_name,
    counts: r.counts,
  }));
}

/** The newest import of every jurisdiction that has one, keyed by jurisdiction id (one query, not one per jurisdiction). */
export async function lastImportByJurisdiction(db: Kysely<Database>): Promise<Map<string, ImportLogEntry>> {
  const newest = db
    .selectFrom('import_log')
    .select((eb) => eb.fn.max('id').as('id'))
    .groupBy('jurisdiction_id');
  const rows = await db
    .selectFrom('import_log')
    .select(['id', 'jurisdiction_id', 'imported_by', 'imported_at', 'package_name', 'counts'])
    .where('id', 'in', newest)
    .execute();
  return new Map(
    rows.map((r) => [
      r.jurisdiction_id,
      {
        id: r.id,
        jurisdictionId: r.jurisdiction_id,
        importedBy: r.imported_by,
        importedAt: toIsoString(r.imported_at),
        packageName: r.package_name,
        counts: r.counts,
      },
    ]),
  );
}

/** Written in the import's own transaction, so a failed import leaves no log row. */
export async function recordImport(
  trx: Transaction<Database>,
  entry: { jurisdictionId: string; importedBy: string; packageName: string; counts: Record<string, number>; dataVersion: number },
): Promise<void> {
  await trx
    .insertInto('import_log')
    .values({
      jurisdiction_id: entry.jurisdictionId,
      imported_by: entry.importedBy,
      package_name: entry.packageName,
      counts: JSON.stringify(entry.counts),
      data_version: entry.dataVersion,
    })
    .execute();
}
