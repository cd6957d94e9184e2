/**
 * Who is calling, and may they? Two ways to prove it:
 * - tools send `Authorization: Bearer <token>` (tokens from `npm run token` or the admin routes,
 *   stored hashed: server/db/tokens.repository.ts);
 * - the web client signs in (`POST /api/session`) and then sends the session cookie, which the browser
 *   adds by itself — so every cookie-authenticated write must also carry the session's CSRF token in
 *   `X-CSRF-Token`, which a page of another site cannot read (server/db/sessions.repository.ts).
 * Reads are public; every other route declares the role it needs in its route spec (route.ts), and
 * `authenticate` is the one place that enforces it.
 */
import type { CookieOptions, Request } from 'express';
import { csrfTokenMatches, verifySession } from '../db/sessions.repository.js';
import { verifyToken, type Role } from '../db/tokens.repository.js';
import type { AppDeps } from './deps.js';
import { bilingual, HttpError } from './errors.js';

export type { Role };

export interface Caller {
  /** How the caller proved who they are. */
  via: 'token' | 'session';
  /** The API token's id (via token), else null. */
  tokenId: number | null;
  /** The signed-in user's id (via session), else null. */
  userId: number | null;
  /** Token name or user name (recorded as "imported by" and the like). */
  name: string;
  role: Role;
  /** Jurisdiction ids the caller may work on; null: every one (an unscoped admin). */
  jurisdictions: string[] | null;
}

/**
 * Whether `caller` may work on jurisdiction `jurisdictionId`: it has no scope, or its scope lists the
 * jurisdiction or one above it (`ancestors`, nearest first: a caller scoped to a province may work on
 * its cities and counties, issue #15).
 */
export function mayAccessJurisdiction(
  caller: Pick<Caller, 'jurisdictions'>,
  jurisdictionId: string,
  ancestors: readonly string[] = [],
): boolean {
  const scope = caller.jurisdictions;
  return scope === null || scope.includes(jurisdictionId) || ancestors.some((a) => scope.includes(a));
}

/** 403 naming the jurisdiction when `caller` may not work on it (nor on any of its `ancestors`). */
export function requireJurisdictionScope(caller: Caller, jurisdictionId: string, ancestors: readonly string[] = []): void {
  if (mayAccessJurisdiction(caller, jurisdictionId, ancestors)) return;
  throw new HttpError(
    403,
    'out_of_scope',
    bilingual(
      `此${caller.via === 'token' ? '令牌' : '账号'}无权操作辖区“${jurisdictionId}”（可操作：${caller.jurisdictions!.join('、') || '无'}及其下级辖区）`,
      `this ${caller.via === 'token' ? 'token' : 'user'} may not work on jurisdiction "${jurisdictionId}" (it may: ${caller.jurisdictions!.join(', ') || 'none'}, and the jurisdictions below them)`,
    ),
  );
}

/** Name of the session cookie. */
export const SESSION_COOKIE = 'tuowei_session';
/** Header carrying the CSRF token on cookie-authenticated writes. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** Roles that satisfy a route's requirement: admin may do everything a bureau or planner may. */
const satisfies: Record<Role, Role[]> = {
  planner: ['planner', 'admin'],
  bureau: ['bureau', 'admin'],
  admin: ['admin'],
};

/** Methods that change nothing, and so need no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session cookie's value, if the request has one. */
export function sessionCookie(req: Request): string | null {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Attributes of the session cookie: HttpOnly, SameSite=Strict, Secure per configuration. */
export function sessionCookieOptions(req: Request, deps: AppDeps, maxAgeMs?: number): CookieOptions {
  const secure = deps.config.cookieSecure === 'auto' ? req.secure : deps.config.cookieSecure;
  return { httpOnly: true, sameSite: 'strict', secure, path: '/', ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}) };
}

/**
 * The caller of a request without checking a role: the bearer token's holder, else the signed-in
 * user of the session cookie, else null. An invalid bearer token or session → 401. A cookie-
 * authenticated request with an unsafe method must carry the session's CSRF token → else 403.
 */
export async function identify(req: Request, deps: AppDeps): Promise<Caller | null> {
  const header = req.get('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match)
      throw new HttpError(
        401,
        'unauthorized',
        bilingual('Authorization 请求头的格式应为“Bearer <令牌>”', 'the Authorization header must be "Bearer <token>"'),
      );
    const found = await verifyToken(deps.db, match[1] ?? '');
    if (!found)
      throw new HttpError(
        401,
        'unauthorized',
        bilingual('访问令牌无效、已吊销或已过期', 'the bearer token is unknown, revoked or expired'),
      );
    return { via: 'token', tokenId: found.id, userId: null, name: found.name, role: found.role, jurisdictions: found.jurisdictions };
  }
  const cookie = sessionCookie(req);
  if (cookie === null) return null;
  const session = await verifySession(deps.db, cookie);
  if (!session)
    throw new HttpError(
      401,
      'unauthorized',
      bilingual('登录已结束或已过期，请重新登录', 'the session has ended or expired; sign in again'),
    );
  if (!SAFE_METHODS.has(req.method)) {
    const given = req.get(CSRF_HEADER) ?? '';
    if (!csrfTokenMatches(cookie, given)) {
      throw new HttpError(
        403,
        'csrf',
        bilingual(
          `登录状态下的写操作须在 ${CSRF_HEADER} 请求头中携带本次会话的 CSRF 令牌（由 GET /api/session 获取）`,
          `a signed-in write must carry the session's CSRF token in ${CSRF_HEADER} (from GET /api/session)`,
        ),
      );
    }
  }
  return {
    via: 'session',
    tokenId: null,
    userId: session.userId,
    name: session.name,
    role: session.role,
    jurisdictions: session.jurisdictions,
  };
}

/**
 * Resolve the caller of a request and check it may use a route with `access`.
 * Public routes need no credentials (and do not look at them). Others: no or invalid credentials
 * → 401, a cookie write without the CSRF token → 403, the wrong role → 403.
 */
export async function authenticate(req: Request, deps: AppDeps, access: 'public' | Role): Promise<Caller | null> {
  if (access === 'public') return null;
  const caller = await identify(req, deps);
  if (!caller) {
    throw new HttpError(
      401,
      'unauthorized',
      bilingual(
        `此接口需要 ${access} 角色：请登录，或发送 Authorization: Bearer <令牌>`,
        `this endpoint needs the ${access} role: sign in, or send Authorization: Bearer <token>`,
      ),
    );
  }
  if (!satisfies[access].includes(caller.role)) {
    throw new HttpError(
      403,
      'forbidden',
      bilingual(
        `此接口需要 ${access} 角色；当前${caller.via === 'token' ? '令牌' : '登录用户'}的角色为 ${caller.role}`,
        `this endpoint needs the ${access} role; ${caller.via === 'token' ? 'the token' : 'the signed-in user'} has the ${caller.role} role`,
      ),
    );
  }
  return caller;
}
