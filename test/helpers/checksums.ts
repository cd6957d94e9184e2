/**
 * Row checksums of database tables, to prove that a rejected write changed nothing:
 *
 *   const before = await tableChecksums(db, scope);
 *   … the request, import or crash that must not write …
 *   expect(await tableChecksums(db, scope)).toEqual(before);
 *
 * Each test names its scope: the tables its write could touch, or every table but the state that
 * may legitimately change (sign-in sessions, when a token was last used).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../server/db/database.js';

/** The tables and columns a checksum covers. */
export interface ChecksumScope {
  /**
   * The tables to sum; default every base table of the current schema, so that tables added by
   * later migrations are included without listing them.
   */
  tables?: readonly string[];
  /** Tables to leave out. */
  exceptTables?: readonly string[];
  /** Columns to leave out, by table. */
  exceptColumns?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Per table of `scope`: its row count and an md5 over every row's text (rows sorted), as
 * `count:md5`. Equal before and after means nothing in the scope was written.
 */
export async function tableChecksums(db: Kysely<Database>, scope: ChecksumScope = {}): Promise<Record<string, string>> {
  const tables = (scope.tables ?? (await schemaTables(db))).filter((table) => !scope.exceptTables?.includes(table));
  const sums: Record<string, string> = {};
  for (const table of tables) {
    const columns = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
    const kept = columns.rows.map((c) => c.column_name).filter((c) => !scope.exceptColumns?.[table]?.includes(c));
    const row = sql.join(kept.map((c) => sql.ref(`t.${c}`)));
    const result = await sql<{ sum: string; n: string }>`
      select md5(coalesce(string_agg(row(${row})::text, ',' order by row(${row})::text), '')) as sum, count(*)::text as n
      from ${sql.table(table)} as t`.execute(db);
    sums[table] = `${result.rows[0]!.n}:${result.rows[0]!.sum}`;
  }
  return sums;
}

/** Every base table of the current schema, by name. */
async function schemaTables(db: Kysely<Database>): Promise<string[]> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return tables.rows.map((r) => r.table_name);
}
