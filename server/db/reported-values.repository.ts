/**
 * Values the health bureau reports for an indicator and year (with a note and its source). The
 * indicator table (engine/indicator-table.ts) shows them beside, never instead of, computed values.
 */
import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import type { ReportedValue } from '../engine/indicators/index.js';
import type { Database, ReportedValuesTable } from './database.js';
import { toIsoString } from './row-mapping.js';

const columns = ['indicator', 'year', 'value', 'note', 'source', 'recorded_by', 'recorded_at'] as const;

type ReportedRow = Pick<Selectable<ReportedValuesTable>, (typeof columns)[number]>;

function toReportedValue(row: ReportedRow): ReportedValue {
  return {
    indicator: row.indicator,
    year: Number(row.year),
    value: Number(row.value),
    note: row.note,
    source: row.source,
    recordedBy: row.recorded_by,
    recordedAt: toIsoString(row.recorded_at),
  };
}

/** The condition that picks the one stored value of `indicator` in `year` of a jurisdiction (the table's key). */
function isValueOf(jurisdictionId: string, indicator: string, year: number) {
  return (eb: ExpressionBuilder<Database, 'reported_values'>) => eb.and({ jurisdiction_id: jurisdictionId, indicator, year });
}

/** A jurisdiction's reported values, by indicator and year; optionally only one indicator's. */
export async function listReportedValues(db: Kysely<Database>, jurisdictionId: string, indicator?: string): Promise<ReportedValue[]> {
  let query = db.selectFrom('reported_values').select(columns).where('jurisdiction_id', '=', jurisdictionId);
  if (indicator !== undefined) query = query.where('indicator', '=', indicator);
  const rows = await query.orderBy('indicator').orderBy('year').execute();
  return rows.map(toReportedValue);
}

/** The reported value of one indicator and year, or null; locks the row when it exists. */
export async function getReportedValueForUpdate(
  trx: Transaction<Database>,
  jurisdictionId: string,
  indicator: string,
  year: number,
): Promise<ReportedValue | null> {
  const row = await trx
    .selectFrom('reported_values')
    .select(columns)
    .where(isValueOf(jurisdictionId, indicator, year))
    .forUpdate()
    .executeTakeFirst();
  return row ? toReportedValue(row) : null;
}

export interface ReportedValueInput {
  indicator: string;
  year: number;
  value: number;
  note: string | null;
  source: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** Records (or replaces) the value of an indicator and year; returns what is stored. */
export async function upsertReportedValue(
  trx: Transaction<Database>,
  jurisdictionId: string,
  input: ReportedValueInput,
): Promise<ReportedValue> {
  const values = {
    value: input.value,
    note: input.note,
    source: input.source,
    recorded_by: input.recordedBy,
    recorded_at: input.recordedAt,
  };
  const row = await trx
    .insertInto('reported_values')
    .values({ jurisdiction_id: jurisdictionId, indicator: input.indicator, year: input.year, ...values })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'indicator', 'year']).doUpdateSet(values))
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toReportedValue(row);
}

/** Deletes the value of an indicator and year; returns it, or null when there was none. */
export async function deleteReportedValue(
  trx: Transaction<Database>,
  jurisdictionId: string,
  indicator: string,
  year: number,
): Promise<ReportedValue | null> {
  const row = await trx
    .deleteFrom('reported_values')
    .where(isValueOf(jurisdictionId, indicator, year))
    .returning(columns)
    .executeTakeFirst();
  return row ? toReportedValue(row) : null;
}
