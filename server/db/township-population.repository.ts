/**
 * The townshipPopulation layer: a jurisdiction's township figures by year. Written by the import (with
 * the other layers, in its transaction) and by the registry's edit route (replace the whole table).
 */
import type { Kysely, Transaction } from 'kysely';
import type { TownshipPopulationRow } from '../model/index.js';
import { insertInBatches } from './batch.js';
import type { Database } from './database.js';

/** A jurisdiction's rows by township code, then year. */
export async function listTownshipPopulation(db: Kysely<Database>, jurisdictionId: string): Promise<TownshipPopulationRow[]> {
  const rows = await db
    .selectFrom('township_population')
    .select(['code', 'year', 'population', 'population_under3'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('code')
    .orderBy('year')
    .execute();
  return rows.map((r) => ({ code: r.code, year: r.year, population: r.population, populationUnder3: r.population_under3 }));
}

/** Replaces the jurisdiction's whole table with `rows` (inside the caller's transaction). */
export async function replaceTownshipPopulation(
  trx: Transaction<Database>,
  jurisdictionId: string,
  rows: readonly TownshipPopulationRow[],
): Promise<void> {
  await trx.deleteFrom('township_population').where('jurisdiction_id', '=', jurisdictionId).execute();
  await insertInBatches(
    trx,
    'township_population',
    rows.map((r) => ({
      jurisdiction_id: jurisdictionId,
      code: r.code,
      year: r.year,
      population: r.population,
      population_under3: r.populationUnder3 ?? null,
    })),
  );
}
