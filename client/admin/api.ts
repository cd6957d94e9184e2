/**
 * The admin page's calls: users and tokens (`/api/admin/users`, `/api/admin/tokens`), the audit log and
 * the jurisdictions with their last import. Types are generated from the server's OpenAPI document;
 * writes carry the session's CSRF token through requestJson.
 */
import type { Answer, RequestBody } from '../api/types';
import { requestJson } from '../auth/session';

export type AdminUser = Answer<'/api/admin/users'>[number];
export type AdminToken = Answer<'/api/admin/tokens'>[number];
export type IssuedToken = Answer<'/api/admin/tokens', 'post'>;
export type AuditEntry = Answer<'/api/admin/audit'>[number];
export type AdminJurisdiction = Answer<'/api/admin/jurisdictions'>[number];
export type NewUser = RequestBody<'/api/admin/users', 'post'>;
export type UserChange = RequestBody<'/api/admin/users/{userId}', 'patch'>;
export type NewToken = RequestBody<'/api/admin/tokens', 'post'>;

export const listUsers = (): Promise<AdminUser[]> => requestJson('GET', '/admin/users');
export const createUser = (user: NewUser): Promise<AdminUser> => requestJson('POST', '/admin/users', { body: user });
export const changeUser = (id: number, change: UserChange): Promise<AdminUser> =>
  requestJson('PATCH', `/admin/users/${id}`, { body: change });
export const listTokens = (): Promise<AdminToken[]> => requestJson('GET', '/admin/tokens');
export const issueToken = (token: NewToken): Promise<IssuedToken> => requestJson('POST', '/admin/tokens', { body: token });
export const revokeToken = (id: number): Promise<unknown> => requestJson('DELETE', `/admin/tokens/${id}`);
export const listJurisdictions = (): Promise<AdminJurisdiction[]> => requestJson('GET', '/admin/jurisdictions');

/** The newest audit entries, of one jurisdiction when `jurisdiction` is given. */
export function listAudit(jurisdiction: string | null, limit = 100): Promise<AuditEntry[]> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (jurisdiction) query.set('jurisdiction', jurisdiction);
  return requestJson('GET', `/admin/audit?${query.toString()}`);
}
