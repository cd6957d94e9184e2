/**
 * Limits of the database's column types that requests and data packages must respect, so that a
 * value beyond them is refused where it enters (400/422 naming the field), not by the database.
 */

/** Largest value of a PostgreSQL `integer` column: record ids, versions, counts such as slots. */
export const MAX_DATABASE_INTEGER = 2_147_483_647;

/**
 * Text PostgreSQL cannot store, or stores only by corrupting it: the NUL character (U+0000; `text`
 * and `jsonb` refuse it) and a lone UTF-16 surrogate (a half of a character, e.g. `"\ud800"` in JSON,
 * which becomes U+FFFD or an encoding error on the way to UTF-8). Null when `text` is fine.
 */
export function unstorableText(text: string): 'nul' | 'lone_surrogate' | null {
  if (text.includes('\u0000')) return 'nul';
  if (!text.isWellFormed()) return 'lone_surrogate';
  return null;
}

/**
 * Persons per household that a plan or project may state: China's average household was 2.62 persons
 * in the 2020 census; below 1 or above 10 is a typing error (1e-300 would make any project compliant).
 */
export const PERSONS_PER_HOUSEHOLD = { min: 1, max: 10 } as const;
