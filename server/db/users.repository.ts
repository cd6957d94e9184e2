/**
 * People who sign in to the web client: a name, a role and a bcrypt hash of their password
 * (bcryptjs: a slow, salted hash, because passwords — unlike API tokens — can be guessed).
 *
 * Table `users` (migrations/0004_access.ts), declared with the others in ./database.ts.
 */
import bcrypt from 'bcryptjs';
import type { Kysely } from 'kysely';
import { bilingual, type Bilingual } from '../model/index.js';
import type { Database } from './database.js';
import { toIsoString } from './row-mapping.js';
import { ROLES, type Role } from './tokens.repository.js';
import { scopeOf, scopeToStore } from './scopes.js';

/** bcrypt cost factor: 2^12 rounds ≈ 0.2 s per hash in pure JS, slow enough to make guessing expensive. */
export const BCRYPT_COST = 12;
/** Shortest password accepted (characters). */
export const MIN_PASSWORD_LENGTH = 10;
/** bcrypt reads at most 72 bytes; a longer password would be silently truncated, so it is refused. */
export const MAX_PASSWORD_BYTES = 72;

/**
 * Compared against when the name is unknown, so an unknown name takes as long as a wrong password
 * and response times do not reveal which names exist.
 */
let dummyHash: Promise<string> | undefined;

export interface UserInfo {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** The jurisdictions the user may work on; null: every one (an admin). */
  jurisdictions: string[] | null;
}

/** Why a password is unacceptable, or null when it is fine. */
export function passwordProblem(password: string): Bilingual | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return bilingual(`密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`, `a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    return bilingual(`密码最多 ${MAX_PASSWORD_BYTES} 字节（UTF-8）`, `a password may have at most ${MAX_PASSWORD_BYTES} bytes (UTF-8)`);
  }
  return null;
}

function toUserInfo(row: {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
  jurisdictions: unknown;
}): UserInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    disabled: row.disabled,
    createdAt: toIsoString(row.created_at),
    updatedAt: toIsoString(row.updated_at),
    jurisdictions: scopeOf(row.jurisdictions),
  };
}

const USER_COLUMNS = ['id', 'name', 'role', 'disabled', 'created_at', 'updated_at', 'jurisdictions'] as const;

/**
 * Creates a user; null when the name is taken. `cost` is the bcrypt cost factor (tests use the
 * minimum, 4, to stay fast). Throws for a bad role or password (routes check both first).
 */
export async function createUser(
  db: Kysely<Database>,
  input: { name: string; role: Role; password: string; jurisdictions?: readonly string[] | null },
  cost: number = BCRYPT_COST,
): Promise<UserInfo | null> {
  if (!ROLES.includes(input.role)) throw new Error(`unknown role "${input.role}" (one of ${ROLES.join(', ')})`);
  const problem = passwordProblem(input.password);
  if (problem) throw new Error(problem.en);
  const taken = await db.selectFrom('users').select('id').where('name', '=', input.name).executeTakeFirst();
  if (taken) return null;
  const row = await db
    .insertInto('users')
    .values({
      name: input.name,
      role: input.role,
      password_hash: await bcrypt.hash(input.password, cost),
      jurisdictions: scopeToStore(input.role, input.jurisdictions),
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning(USER_COLUMNS)
    .executeTakeFirst();
  // Without a row, a concurrent creation of the same name won the race.
  return row ? toUserInfo(row) : null;
}

/** The enabled user with this name and password, or null (unknown name, wrong password or disabled). */
export async function verifyPassword(db: Kysely<Database>, name: string, password: string): Promise<UserInfo | null> {
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('name', '=', name)
    .executeTakeFirst();
  // bcrypt would compare only the first 72 bytes; such a password can never have been set.
  const tooLong = Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES;
  dummyHash ??= bcrypt.hash('tuowei-no-such-user', BCRYPT_COST);
  const matches = await bcrypt.compare(tooLong ? '' : password, row?.password_hash ?? (await dummyHash));
  if (!row || !matches || tooLong || row.disabled) return null;
  return toUserInfo(row);
}

export async function listUsers(db: Kysely<Database>): Promise<UserInfo[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).orderBy('id').execute();
  return rows.map(toUserInfo);
}

export async function getUser(db: Kysely<Database>, id: number): Promise<UserInfo | null> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toUserInfo(row) : null;
}

/**
 * Changes a user's role, password or disabled flag; null when the user does not exist. Disabling a
 * user or changing their password or role also ends every session of theirs (in the same transaction).
 */
export async function updateUser(
  db: Kysely<Database>,
  id: number,
  change: { role?: Role; password?: string; disabled?: boolean; jurisdictions?: readonly string[] | null },
  cost: number = BCRYPT_COST,
): Promise<UserInfo | null> {
  if (change.role !== undefined && !ROLES.includes(change.role)) throw new Error(`unknown role "${change.role}"`);
  const problem = change.password === undefined ? null : passwordProblem(change.password);
  if (problem) throw new Error(problem.en);
  const passwordHash = change.password === undefined ? undefined : await bcrypt.hash(change.password, cost);
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('users').select(['role', 'jurisdictions']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) return null;
    // The scope must fit the role the user ends up with: a planner or bureau user needs one.
    const role = change.role ?? current.role;
    const scope = scopeToStore(role, change.jurisdictions !== undefined ? change.jurisdictions : scopeOf(current.jurisdictions));
    const row = await trx
      .updateTable('users')
      .set({
        jurisdictions: scope,
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returning(USER_COLUMNS)
      .executeTakeFirst();
    if (!row) return null;
    if (change.disabled === true || change.password !== undefined || change.role !== undefined) {
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    }
    return toUserInfo(row);
  });
}
