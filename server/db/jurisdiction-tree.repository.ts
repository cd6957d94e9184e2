/**
 * The tree of jurisdictions (migrations/0017): province → city → county, by `parent_id`.
 */
import type { Kysely } from 'kysely';
import type { Database, JurisdictionLevel } from './database.js';

export interface TreeNode {
  id: string;
  name: string;
  parentId: string | null;
  level: JurisdictionLevel;
  /** The analysis year of its package. */
  year: number;
  dataVersion: number;
}

/** Every jurisdiction's place in the tree (a few thousand rows at most: all of China's counties). */
export async function listTreeNodes(db: Kysely<Database>): Promise<TreeNode[]> {
  const rows = await db
    .selectFrom('jurisdictions')
    .select(['id', 'name', 'parent_id', 'level', 'year', 'data_version'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id, level: r.level, year: r.year, dataVersion: r.data_version }));
}

export async function getTreeNode(db: Kysely<Database>, id: string): Promise<TreeNode | null> {
  const r = await db
    .selectFrom('jurisdictions')
    .select(['id', 'name', 'parent_id', 'level', 'year', 'data_version'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? { id: r.id, name: r.name, parentId: r.parent_id, level: r.level, year: r.year, dataVersion: r.data_version } : null;
}

/** `id` and the ids above it, nearest first (stops at a repeated id, should the data hold a cycle). */
export async function listAncestorIds(db: Kysely<Database>, id: string): Promise<string[]> {
  const chain: string[] = [];
  let current: string | null = id;
  while (current !== null && !chain.includes(current)) {
    chain.push(current);
    const row: { parent_id: string | null } | undefined = await db
      .selectFrom('jurisdictions')
      .select('parent_id')
      .where('id', '=', current)
      .executeTakeFirst();
    current = row?.parent_id ?? null;
  }
  return chain;
}
