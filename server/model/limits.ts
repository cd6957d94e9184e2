/**
 * Limits of the database's column types that requests and data packages must respect, so that a
 * value beyond them is refused where it enters (400/422 naming the field), not by the database.
 */

/** Largest value of a PostgreSQL `integer` column: record ids, versions, counts such as slots. */
export const MAX_DATABASE_INTEGER = 2_147_483_647;
