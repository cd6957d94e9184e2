/**
 * Batched inserts: one INSERT per `BATCH_ROWS` rows keeps a package with tens of thousands of features
 * to a few dozen round trips, and well under PostgreSQL's 65,535 bind parameters per statement
 * (500 rows × ≤ 20 columns).
 */
import type { Insertable, Transaction } from 'kysely';
import type { Database } from './database.js';

export const BATCH_ROWS = 500;

export async function insertInBatches<T extends keyof Database>(
  trx: Transaction<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    await trx
      .insertInto(table)
      // Kysely cannot relate Insertable<Database[T]> to insertInto(T) for a generic T; callers are typed.
      .values(rows.slice(start, start + BATCH_ROWS))
      .execute();
  }
}
