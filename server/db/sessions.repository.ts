/**
 * Browser sessions. The cookie holds 32 random bytes (base64url, prefixed "ts_"); the table keeps only
 * their SHA-256 (as for API tokens: a 256-bit random secret cannot be guessed, so a fast hash loses
 * nothing and allows an indexed lookup). Every session expires; signing out deletes its row.
 *
 * The CSRF token of a session is an HMAC of the session token: the server recomputes it from the
 * cookie instead of storing it, and a page of another site can neither read the cookie nor the token.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { Role } from './tokens.repository.js';
import { scopeOf } from './scopes.js';

const SESSION_PREFIX = 'ts_';
const SESSION_BYTES = 32;
const MS_PER_HOUR = 3_600_000;

function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The CSRF token belonging to a session token (base64url HMAC-SHA-256). */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('tuowei csrf').digest('base64url');
}

/** Whether `given` is the CSRF token of the session, compared in constant time. */
export function csrfTokenMatches(sessionToken: string, given: string): boolean {
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Starts a session for a user; the returned `token` goes into the cookie and is not stored. */
export async function createSession(
  db: Kysely<Database>,
  userId: number,
  lifetimeHours: number,
  now: Date = new Date(),
): Promise<{ id: number; token: string; expiresAt: Date }> {
  const token = SESSION_PREFIX + randomBytes(SESSION_BYTES).toString('base64url');
  const expiresAt = new Date(now.getTime() + lifetimeHours * MS_PER_HOUR);
  const row = await db
    .insertInto('sessions')
    .values({ user_id: userId, token_hash: hashSessionToken(token), created_at: now, expires_at: expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt };
}

export interface SessionUser {
  sessionId: number;
  userId: number;
  name: string;
  role: Role;
  /** The jurisdictions the user may work on; null: every one (an admin). */
  jurisdictions: string[] | null;
  expiresAt: Date;
}

/** The signed-in user of a session token; null when unknown, expired, or the user is disabled. */
export async function verifySession(db: Kysely<Database>, token: string, now: Date = new Date()): Promise<SessionUser | null> {
  if (!token.startsWith(SESSION_PREFIX)) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as sessionId', 'users.id as userId', 'users.name', 'users.role', 'users.jurisdictions', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', hashSessionToken(token))
    .where('sessions.expires_at', '>', now)
    .where('users.disabled', '=', false)
    .executeTakeFirst();
  return row
    ? {
        sessionId: row.sessionId,
        userId: row.userId,
        name: row.name,
        role: row.role,
        jurisdictions: scopeOf(row.jurisdictions),
        expiresAt: row.expires_at,
      }
    : null;
}

/** Ends a session (sign-out); false when there was none. */
export async function deleteSession(db: Kysely<Database>, token: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('token_hash', '=', hashSessionToken(token)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Removes expired sessions (run at each sign-in, so the table does not grow without bound). */
export async function deleteExpiredSessions(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
