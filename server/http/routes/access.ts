/**
 * Access: browser sign-in (a session cookie plus a CSRF token for writes) and the administration of
 * users and API tokens. Users are created by an admin here or with `npm run user`; tokens with
 * `npm run token` or here. Secrets are shown once and stored only hashed.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { jurisdictionIdSchema } from '../../schemas/common.js';
import { localized, say } from '../../model/messages.js';
import { MAX_DATABASE_INTEGER } from '../../model/index.js';
import { createSession, csrfTokenFor, deleteExpiredSessions, deleteSession, verifySession } from '../../db/sessions.repository.js';
import { createToken, listTokens, revokeToken, ROLES } from '../../db/tokens.repository.js';
import { createUser, listUsers, passwordProblem, updateUser, verifyPassword } from '../../db/users.repository.js';
import { CSRF_HEADER, identify, SESSION_COOKIE, sessionCookie, sessionCookieOptions } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { bilingual, HttpError, notFound } from '../errors.js';
import { defineRoute } from '../route.js';

/** Sign-in attempts per minute per client before 429: slows down password guessing. */
const SIGN_INS_PER_MINUTE = 10;
/** Longest token lifetime an admin may give (days); tokens made here expire after a year by default. */
const MAX_TOKEN_DAYS = 3650;
const DEFAULT_TOKEN_DAYS = 365;
const MS_PER_HOUR = 3_600_000;

const roleSchema = z.enum(ROLES as [string, ...string[]] as ['planner', 'bureau', 'admin']).describe('planner, bureau or admin');
const nameSchema = z
  .string()
  .trim()
  .min(1, localized('用户名不得为空', 'name must not be empty'))
  .max(100, localized('用户名不得超过 100 个字符', 'name may have at most 100 characters'));
const newPasswordSchema = z.string().superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: 'custom', message: say(problem) });
});
/** A database id: a positive 32-bit integer. */
const idSchema = z.coerce
  .number(localized('应为数字', 'must be a number'))
  .int(localized('应为整数', 'must be a whole number'))
  .min(1, localized('不得小于 1', 'must be ≥ 1'))
  .max(MAX_DATABASE_INTEGER, localized('数值过大', 'is too large'));

const scopeSchema = z
  .array(jurisdictionIdSchema)
  .min(1, localized('请至少列出一个辖区', 'list at least one jurisdiction'))
  .max(1000)
  .nullable()
  .describe('Jurisdiction ids the credential may work on; null: every one (admins only)');

/** A planner or bureau credential must name its jurisdictions; only an admin may be unscoped. */
function scopeRequired(body: { role?: string; jurisdictions?: string[] | null }, ctx: z.RefinementCtx): void {
  if (body.role !== undefined && body.role !== 'admin' && (body.jurisdictions === null || body.jurisdictions === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['jurisdictions'],
      message: say(
        bilingual(
          '规划人员和卫健部门的账号须指定辖区；只有管理员可不限辖区',
          'a planner or bureau credential must list its jurisdictions; only an admin may be unscoped',
        ),
      ),
    });
  }
}

const sessionSchema = z.object({
  authenticated: z.boolean(),
  via: z.enum(['session', 'token']).nullable().describe('How the caller is authenticated'),
  user: z
    .object({
      name: z.string(),
      role: roleSchema,
      jurisdictions: z.array(z.string()).nullable().describe('What the caller may work on; null: every jurisdiction'),
    })
    .nullable(),
  csrfToken: z.string().nullable().describe(`Send in ${CSRF_HEADER} with every write made with the session cookie`),
  expiresAt: z.string().nullable(),
});
type SessionAnswer = z.infer<typeof sessionSchema>;

const userSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  jurisdictions: z.array(z.string()).nullable(),
});

const tokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  jurisdictions: z.array(z.string()).nullable(),
});

const signedOut: SessionAnswer = { authenticated: false, via: null, user: null, csrfToken: null, expiresAt: null };

function clearSessionCookie(req: Request, res: Response, deps: AppDeps): void {
  res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req, deps));
}

export const accessRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/session',
    summary: 'Sign in with name and password: sets the session cookie and returns the CSRF token',
    description: `The cookie is HttpOnly and SameSite=Strict (Secure over https). Every write made with it must send the returned csrfToken in ${CSRF_HEADER}. Tools use bearer tokens instead.`,
    tags: ['access'],
    access: 'public',
    body: z.object({ name: z.string().max(100), password: z.string().max(1000) }).strict(),
    maxBodyBytes: 4 * 1024,
    rateLimitPerMinute: SIGN_INS_PER_MINUTE,
    response: sessionSchema,
    errors: [401, 429],
    handler: async ({ deps, body, req, res }) => {
      const user = await verifyPassword(deps.db, body.name, body.password);
      if (!user)
        throw new HttpError(
          401,
          'invalid_credentials',
          bilingual('用户名或密码错误，或该用户已停用', 'unknown name or wrong password, or the user is disabled'),
        );
      const previous = sessionCookie(req);
      if (previous) await deleteSession(deps.db, previous);
      await deleteExpiredSessions(deps.db);
      const session = await createSession(deps.db, user.id, deps.config.sessionHours);
      res.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(req, deps, deps.config.sessionHours * MS_PER_HOUR));
      req.log?.info({ user: user.name, role: user.role }, 'signed in');
      return {
        authenticated: true,
        via: 'session' as const,
        user: { name: user.name, role: user.role, jurisdictions: user.jurisdictions },
        csrfToken: csrfTokenFor(session.token),
        expiresAt: session.expiresAt.toISOString(),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/session',
    summary: 'Who am I: the signed-in user (with the CSRF token) or the bearer token’s holder',
    tags: ['access'],
    access: 'public',
    response: sessionSchema,
    errors: [401],
    handler: async ({ deps, req, res }): Promise<SessionAnswer> => {
      if (req.get('authorization') !== undefined) {
        const caller = (await identify(req, deps))!;
        return {
          authenticated: true,
          via: 'token',
          user: { name: caller.name, role: caller.role, jurisdictions: caller.jurisdictions },
          csrfToken: null,
          expiresAt: null,
        };
      }
      const cookie = sessionCookie(req);
      const session = cookie ? await verifySession(deps.db, cookie) : null;
      if (!cookie || !session) {
        if (cookie) clearSessionCookie(req, res, deps);
        return signedOut;
      }
      return {
        authenticated: true,
        via: 'session',
        user: { name: session.name, role: session.role, jurisdictions: session.jurisdictions },
        csrfToken: csrfTokenFor(cookie),
        expiresAt: session.expiresAt.toISOString(),
      };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/session',
    summary: 'Sign out: ends the session and clears the cookie',
    description: `Needs the session's CSRF token in ${CSRF_HEADER} while the session is valid.`,
    tags: ['access'],
    access: 'public',
    response: sessionSchema,
    errors: [403],
    handler: async ({ deps, req, res }) => {
      const cookie = sessionCookie(req);
      // identify checks the CSRF token of a valid session; an ended one just has its cookie cleared.
      if (cookie && (await verifySession(deps.db, cookie))) {
        await identify(req, deps);
        await deleteSession(deps.db, cookie);
      }
      clearSessionCookie(req, res, deps);
      return signedOut;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/users',
    summary: 'List users (without password hashes)',
    tags: ['access'],
    access: 'admin',
    response: z.array(userSchema),
    handler: ({ deps }) => listUsers(deps.db),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/users',
    summary: 'Create a user who signs in with name and password',
    tags: ['access'],
    access: 'admin',
    body: z
      .object({ name: nameSchema, role: roleSchema, password: newPasswordSchema, jurisdictions: scopeSchema.optional() })
      .strict()
      .superRefine(scopeRequired),
    maxBodyBytes: 4 * 1024,
    response: userSchema,
    successStatus: 201,
    errors: [409],
    handler: async ({ deps, body, caller, req }) => {
      const user = await createUser(deps.db, body);
      if (!user)
        throw new HttpError(409, 'conflict', bilingual(`用户名“${body.name}”已存在`, `a user named "${body.name}" exists already`), [
          { path: 'body.name', message: bilingual('已被占用', 'is taken') },
        ]);
      req.log?.info({ actor: caller!.name, user: user.name, role: user.role }, 'user created');
      return user;
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/admin/users/{userId}',
    summary: 'Change a user’s role or password, or disable them (ends their sessions)',
    tags: ['access'],
    access: 'admin',
    params: z.object({ userId: idSchema }),
    body: z
      .object({
        role: roleSchema.optional(),
        password: newPasswordSchema.optional(),
        disabled: z.boolean().optional(),
        jurisdictions: scopeSchema.optional(),
      })
      .strict()
      .refine(
        (b) => b.role !== undefined || b.password !== undefined || b.disabled !== undefined || b.jurisdictions !== undefined,
        localized(
          '请至少给出 role（角色）、password（密码）、disabled（停用）、jurisdictions（辖区）中的一项',
          'give at least one of role, password, disabled, jurisdictions',
        ),
      ),
    maxBodyBytes: 4 * 1024,
    response: userSchema,
    errors: [404, 422],
    handler: async ({ deps, params, body, caller, req }) => {
      const change = body;
      if (caller!.userId === params.userId && (change.disabled === true || (change.role !== undefined && change.role !== 'admin'))) {
        throw new HttpError(
          422,
          'unprocessable',
          bilingual(
            '管理员不能停用自己的账号，也不能取消自己的管理员角色（请由其他管理员操作）',
            'an admin cannot disable themselves or give up their own admin role (ask another admin)',
          ),
        );
      }
      const user = await updateUser(deps.db, params.userId, change);
      if (!user) throw notFound(bilingual(`用户 ${params.userId}`, `user ${params.userId}`));
      req.log?.info(
        { actor: caller!.name, user: user.name, change: { ...change, password: change.password ? '[set]' : undefined } },
        'user changed',
      );
      return user;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/admin/tokens',
    summary: 'List API tokens (without secrets, which are not stored)',
    tags: ['access'],
    access: 'admin',
    response: z.array(tokenSchema),
    handler: ({ deps }) => listTokens(deps.db),
  }),
  defineRoute({
    method: 'post',
    path: '/api/admin/tokens',
    summary: 'Create an API token; the token is in this answer only',
    tags: ['access'],
    access: 'admin',
    body: z
      .object({
        name: nameSchema,
        role: roleSchema,
        expiresInDays: z
          .number()
          .int()
          .min(1)
          .max(MAX_TOKEN_DAYS)
          .default(DEFAULT_TOKEN_DAYS)
          .describe(`Days until it expires (default ${DEFAULT_TOKEN_DAYS})`),
        jurisdictions: scopeSchema.optional(),
      })
      .strict()
      .superRefine(scopeRequired),
    maxBodyBytes: 4 * 1024,
    response: z.object({
      id: z.number().int(),
      name: z.string(),
      role: roleSchema,
      token: z.string(),
      expiresAt: z.string().nullable(),
      jurisdictions: z.array(z.string()).nullable(),
    }),
    successStatus: 201,
    handler: async ({ deps, body, caller, req }) => {
      const created = await createToken(deps.db, body);
      req.log?.info({ actor: caller!.name, tokenId: created.id, name: body.name, role: body.role }, 'token created');
      return {
        id: created.id,
        name: body.name,
        role: body.role,
        token: created.token,
        expiresAt: created.expiresAt,
        jurisdictions: body.jurisdictions ?? null,
      };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/admin/tokens/{tokenId}',
    summary: 'Revoke an API token',
    tags: ['access'],
    access: 'admin',
    params: z.object({ tokenId: idSchema }),
    response: z.object({ id: z.number().int(), revoked: z.literal(true) }),
    errors: [404],
    handler: async ({ deps, params, caller, req }) => {
      if (!(await revokeToken(deps.db, params.tokenId)))
        throw notFound(bilingual(`有效令牌 ${params.tokenId}`, `active token ${params.tokenId}`));
      req.log?.info({ actor: caller!.name, tokenId: params.tokenId }, 'token revoked');
      return { id: params.tokenId, revoked: true as const };
    },
  }),
];
