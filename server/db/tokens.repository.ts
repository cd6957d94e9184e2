/**
 * API tokens. A token is 32 random bytes (base64url, prefixed "tw_"); only its SHA-256 is stored.
 *
 * Why a plain SHA-256 and not bcrypt/scrypt: those slow hashes protect low-entropy secrets (passwords)
 * against guessing. A 256-bit random token cannot be guessed, so a fast hash loses nothing, and it lets
 * verification look the token up by an indexed equality on the hash instead of trying every row.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { toIsoString } from './row-mapping.js';
import { scopeOf, scopeToStore } from './scopes.js';

export type Role = 'planner' | 'bureau' | 'admin';
export const ROLES: readonly Role[] = ['planner', 'bureau', 'admin'];

const TOKEN_PREFIX = 'tw_';
const TOKEN_BYTES = 32;
const MS_PER_DAY = 86_400_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Creates a token; the returned `token` is shown once and cannot be recovered later. */
export async function createToken(
  db: Kysely<Database>,
  input: { name: string; role: Role; expiresInDays?: number; jurisdictions?: readonly string[] | null },
  now: Date = new Date(),
): Promise<{ id: number; token: string; expiresAt: string | null }> {
  if (!ROLES.includes(input.role)) throw new Error(`unknown role "${input.role}" (one of ${ROLES.join(', ')})`);
  if (input.expiresInDays !== undefined && !(input.expiresInDays > 0)) throw new Error('expiresInDays must be positive');
  const token = TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
  const expiresAt = input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * MS_PER_DAY);
  const row = await db
    .insertInto('api_tokens')
    .values({
      name: input.name,
      role: input.role,
      token_hash: hashToken(token),
      created_at: now,
      expires_at: expiresAt,
      jurisdictions: scopeToStore(input.role, input.jurisdictions),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt: expiresAt ? expiresAt.toISOString() : null };
}

/** The token's owner and role; null when the token is unknown, revoked or expired. Records the use. */
export async function verifyToken(
  db: Kysely<Database>,
  token: string,
  now: Date = new Date(),
): Promise<{ id: number; name: string; role: Role; jurisdictions: string[] | null } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .returning(['id', 'name', 'role', 'jurisdictions'])
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, role: row.role, jurisdictions: scopeOf(row.jurisdictions) } : null;
}

/** Revokes a token; false when it does not exist or was already revoked. */
export async function revokeToken(db: Kysely<Database>, id: number, now: Date = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface TokenInfo {
  id: number;
  name: string;
  role: Role;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** The jurisdictions it may work on; null: every one (an admin). */
  jurisdictions: string[] | null;
}

/** All tokens without their secrets (which are not stored). */
export async function listTokens(db: Kysely<Database>): Promise<TokenInfo[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'created_at', 'expires_at', 'revoked_at', 'last_used_at', 'jurisdictions'])
    .orderBy('id')
    .execute();
  const iso = (d: Date | null) => (d === null ? null : toIsoString(d));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    createdAt: toIsoString(r.created_at),
    expiresAt: iso(r.expires_at),
    revokedAt: iso(r.revoked_at),
    lastUsedAt: iso(r.last_used_at),
    jurisdictions: scopeOf(r.jurisdictions),
  }));
}
