/**
 * Jurisdiction scopes of users and tokens as the repositories read and write them: a list of
 * jurisdiction ids stored as JSON, or null for an unscoped credential, which only an admin may hold.
 */
import type { Role } from './tokens.repository.js';

/** The scope to store; throws when a planner or bureau credential would be unscoped or empty. */
export function scopeToStore(role: Role, jurisdictions: readonly string[] | null | undefined): string | null {
  if (jurisdictions === null || jurisdictions === undefined) {
    if (role !== 'admin') throw new ScopeRequiredError(role);
    return null;
  }
  if (jurisdictions.length === 0 && role !== 'admin') throw new ScopeRequiredError(role);
  return JSON.stringify([...new Set(jurisdictions)].sort());
}

/** A stored scope as read back (jsonb arrives parsed; text JSON is parsed here). */
export function scopeOf(value: unknown): string[] | null {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map(String) : null;
}

export class ScopeRequiredError extends Error {
  constructor(readonly role: Role) {
    super(`a ${role} credential needs at least one jurisdiction (--jurisdiction ID); only an admin may be unscoped`);
    this.name = 'ScopeRequiredError';
  }
}
