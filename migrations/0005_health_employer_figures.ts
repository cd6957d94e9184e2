/**
 * The figures the employer welfare childcare rule needs (单位福利托育, seeds/003 §二(六)15), carried
 * by health.geojson as optional properties (our extension of ../shared/DATA_FORMAT.md): a hospital's
 * level (1 一级, 2 二级, 3 三级) and whether it is public (公立), and the number of its staff's children
 * under 3. Null when the package does not give them, as for every row imported before.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('health_institutions')
    .addColumn('hospital_level', 'integer', (col) => col.check(sql`hospital_level between 1 and 3`))
    .addColumn('public_ownership', 'boolean')
    .addColumn('staff_children_under3', 'integer', (col) => col.check(sql`staff_children_under3 >= 0`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('health_institutions')
    .dropColumn('staff_children_under3')
    .dropColumn('public_ownership')
    .dropColumn('hospital_level')
    .execute();
}
