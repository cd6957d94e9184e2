/**
 * Browser sign-in and the CSRF-aware request helper shared by the pages.
 *
 * The server keeps the session in an HttpOnly cookie the page cannot read; `GET /api/session` tells who
 * is signed in and gives the CSRF token that every cookie-authenticated write must send in
 * `X-CSRF-Token`. This module keeps that answer, tells subscribers when it changes, and sends writes
 * with the token. A write refused with 401 means the session ended: the state becomes signed out.
 */
import { ApiError } from '../api/client';
import { getLocale, t } from '../i18n/i18n';

export type Role = 'planner' | 'bureau' | 'admin';

export interface SessionUser {
  name: string;
  role: Role;
  /** The jurisdictions the user may work on; null: every one (an admin). */
  jurisdictions: string[] | null;
}

/** `GET /api/session`: the signed-in user and the CSRF token, or all null when signed out. */
export interface SessionState {
  authenticated: boolean;
  via: 'session' | 'token' | null;
  user: SessionUser | null;
  csrfToken: string | null;
  /** ISO 8601. */
  expiresAt: string | null;
}

/** An API error with every extra field of the server's error body (a 409 carries `current`). */
export class RequestError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    issues: { path: string; message: string }[],
    url: string,
    readonly details: Record<string, unknown>,
  ) {
    super(status, code, message, issues, url);
    this.name = 'RequestError';
  }
}

const API_ROOT = 'api';
const CSRF_HEADER = 'X-CSRF-Token';
const signedOut: SessionState = { authenticated: false, via: null, user: null, csrfToken: null, expiresAt: null };

let current: SessionState = signedOut;
/** Why the session changed: signed in or out here, or ended by the server (expired, disabled). */
export type SessionChange = 'signed-in' | 'signed-out' | 'ended';
type SessionListener = (session: SessionState, change: SessionChange) => void;
const listeners = new Set<SessionListener>();

export function currentSession(): SessionState {
  return current;
}

/** Calls `listener` after every change of the session (sign-in, sign-out, expiry). */
export function onSessionChange(listener: SessionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setSession(next: SessionState, ended = false): void {
  const changed =
    next.authenticated !== current.authenticated ||
    next.user?.name !== current.user?.name ||
    next.user?.role !== current.user?.role ||
    next.user?.jurisdictions?.join() !== current.user?.jurisdictions?.join();
  current = next;
  const change: SessionChange = next.authenticated ? 'signed-in' : ended ? 'ended' : 'signed-out';
  if (changed) for (const listener of listeners) listener(next, change);
}

/**
 * Whether the signed-in user may call a route requiring `role` (an admin may do everything) on
 * `jurisdictionId`, when given: the server answers 403 outside the user's jurisdictions, so the page
 * offers no action there.
 */
export function mayAct(session: SessionState, role: Role, jurisdictionId?: string | null): boolean {
  const user = session.user;
  if (!user) return false;
  if (user.role !== role && user.role !== 'admin') return false;
  if (jurisdictionId === undefined || !Array.isArray(user.jurisdictions)) return true;
  return jurisdictionId !== null && user.jurisdictions.includes(jurisdictionId);
}

/**
 * One request to the API: JSON in and out, with the session cookie and, for writes, the CSRF token.
 * Failures become a RequestError (network failures have status 0); aborts are rethrown as they are.
 */
export async function requestJson<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: { body?: unknown; form?: FormData; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<T> {
  const url = `${API_ROOT}${path}`;
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': getLocale() === 'en' ? 'en' : 'zh-CN',
    ...options.headers,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && current.csrfToken) headers[CSRF_HEADER] = current.csrfToken;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      // A form (file upload) sets its own multipart Content-Type with the boundary.
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : options.form ? { body: options.form } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new RequestError(0, 'network', cause instanceof Error ? cause.message : String(cause), [], url, {});
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: Record<string, unknown> }).error : null;
    if (response.status === 401 && method !== 'GET' && current.authenticated) setSession(signedOut, true);
    if (error && typeof error.message === 'string') {
      const { code, message, issues, ...details } = error;
      throw new RequestError(
        response.status,
        typeof code === 'string' ? code : `http_${response.status}`,
        message,
        Array.isArray(issues) ? (issues as { path: string; message: string }[]) : [],
        url,
        details,
      );
    }
    throw new RequestError(response.status, `http_${response.status}`, response.statusText || text.slice(0, 200), [], url, {});
  }
  return body as T;
}

/** Asks the server who is signed in (and for the CSRF token); signed out when the cookie is gone. */
export async function loadSession(signal?: AbortSignal): Promise<SessionState> {
  const session = await requestJson<SessionState>('GET', '/session', signal ? { signal } : {});
  setSession(session);
  return session;
}

/** Signs in: the server sets the session cookie and answers with the user and the CSRF token. */
export async function signIn(name: string, password: string): Promise<SessionState> {
  const session = await requestJson<SessionState>('POST', '/session', { body: { name, password } });
  setSession(session);
  return session;
}

/** Why {@link signIn} failed, in the reader's language: wrong name or password, too many attempts, or the error itself. */
export function signInFailure(error: unknown): string {
  if (error instanceof RequestError && error.status === 401) return t('authInvalidCredentials');
  if (error instanceof RequestError && error.status === 429) return t('authTooManyAttempts');
  return t('authSignInFailed', { message: error instanceof Error ? error.message : String(error) });
}

/** Signs out: ends the session on the server and forgets the CSRF token. */
export async function signOut(): Promise<void> {
  try {
    await requestJson<SessionState>('DELETE', '/session');
  } finally {
    setSession(signedOut);
  }
}
