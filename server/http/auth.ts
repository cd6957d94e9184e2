/**
 * Bearer-token authentication. Tokens are created with `npm run token -- --role bureau --name …`
 * and stored hashed (server/db/tokens.repository.ts). Reads are public; every write route declares
 * the role it needs in its route spec (route.ts), and this is the one place that enforces it.
 */
import type { Request } from 'express';
import { verifyToken, type Role } from '../db/tokens.repository.js';
import type { AppDeps } from './deps.js';
import { HttpError } from './errors.js';

export type { Role };

export interface Caller {
  tokenId: number;
  name: string;
  role: Role;
}

/** Roles that satisfy a route's requirement: admin may do everything a bureau or planner may. */
const satisfies: Record<Role, Role[]> = {
  planner: ['planner', 'admin'],
  bureau: ['bureau', 'admin'],
  admin: ['admin'],
};

/**
 * Resolve the caller of a request and check it may use a route with `access`.
 * Public routes need no token. Others: no/invalid token → 401, wrong role → 403.
 */
export async function authenticate(req: Request, deps: AppDeps, access: 'public' | Role): Promise<Caller | null> {
  if (access === 'public') return null;
  const header = req.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new HttpError(401, 'unauthorized', `this endpoint needs a bearer token with the ${access} role (Authorization: Bearer <token>)`);
  }
  const found = await verifyToken(deps.db, match[1] ?? '');
  if (!found) throw new HttpError(401, 'unauthorized', 'the bearer token is unknown, revoked or expired');
  if (!satisfies[access].includes(found.role)) {
    throw new HttpError(403, 'forbidden', `this endpoint needs the ${access} role; the token has the ${found.role} role`);
  }
  return { tokenId: found.id, name: found.name, role: found.role };
}
