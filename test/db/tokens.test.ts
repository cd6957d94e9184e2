import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createToken, listTokens, revokeToken, verifyToken } from '../../server/db/tokens.repository.js';
import { databaseKinds, useTestDatabase } from '../helpers/databases.js';

const DAY_MS = 86_400_000;

describe.each(databaseKinds)('API tokens on %s', (kind) => {
  const database = useTestDatabase(kind);

  it('creates a token that verifies to its name and role', async () => {
    const created = await createToken(database.db, { name: 'bureau desk', role: 'bureau', jurisdictions: ['tiny-town'] });
    expect(created.token).toMatch(/^tw_[A-Za-z0-9_-]{43}$/); // 32 bytes in base64url
    expect(created.expiresAt).toBeNull();
    expect(await verifyToken(database.db, created.token)).toEqual({
      id: created.id,
      name: 'bureau desk',
      role: 'bureau',
      jurisdictions: ['tiny-town'],
    });
    const other = await createToken(database.db, { name: 'planner', role: 'planner', jurisdictions: ['tiny-town'] });
    expect(other.token).not.toBe(created.token);
    expect(await verifyToken(database.db, other.token)).toEqual({
      id: other.id,
      name: 'planner',
      role: 'planner',
      jurisdictions: ['tiny-town'],
    });
  });

  it('stores only the SHA-256 of the token', async () => {
    const { id, token } = await createToken(database.db, { name: 'hash check', role: 'admin' });
    const row = await database.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from api_tokens t where position(${token} in t::text) > 0`.execute(
      database.db,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('rejects unknown and malformed tokens', async () => {
    const { token } = await createToken(database.db, { name: 'x', role: 'planner', jurisdictions: ['tiny-town'] });
    expect(await verifyToken(database.db, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull();
    expect(await verifyToken(database.db, '')).toBeNull();
    expect(await verifyToken(database.db, 'Bearer ' + token)).toBeNull();
  });

  it('rejects a revoked token; revoking twice or an unknown id returns false', async () => {
    const { id, token } = await createToken(database.db, { name: 'to revoke', role: 'bureau', jurisdictions: ['tiny-town'] });
    expect(await revokeToken(database.db, id)).toBe(true);
    expect(await verifyToken(database.db, token)).toBeNull();
    expect(await revokeToken(database.db, id)).toBe(false);
    expect(await revokeToken(database.db, 999_999)).toBe(false);
  });

  it('expires after expiresInDays', async () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const { id, token, expiresAt } = await createToken(
      database.db,
      { name: 'short', role: 'planner', jurisdictions: ['tiny-town'], expiresInDays: 2 },
      now,
    );
    expect(expiresAt).toBe('2026-03-03T00:00:00.000Z');
    expect(await verifyToken(database.db, token, new Date(now.getTime() + 2 * DAY_MS - 1000))).toEqual({
      id,
      name: 'short',
      role: 'planner',
      jurisdictions: ['tiny-town'],
    });
    expect(await verifyToken(database.db, token, new Date(now.getTime() + 2 * DAY_MS))).toBeNull();
  });

  it('records the last use and lists tokens without secrets', async () => {
    const usedAt = new Date('2026-05-05T05:05:05Z');
    const { id, token } = await createToken(database.db, { name: 'listed', role: 'admin' });
    await verifyToken(database.db, token, usedAt);
    const info = (await listTokens(database.db)).find((t) => t.id === id)!;
    expect(info).toMatchObject({ name: 'listed', role: 'admin', lastUsedAt: '2026-05-05T05:05:05.000Z', revokedAt: null, expiresAt: null });
    expect(JSON.stringify(info)).not.toContain(token);
  });

  it('refuses an unknown role and a non-positive lifetime', async () => {
    await expect(createToken(database.db, { name: 'x', role: 'public' as never })).rejects.toThrow(/unknown role/);
    await expect(createToken(database.db, { name: 'x', role: 'admin', expiresInDays: 0 })).rejects.toThrow(/positive/);
  });

  it('scopes planner and bureau tokens to their jurisdictions; only an admin token may be unscoped', async () => {
    await expect(createToken(database.db, { name: 'x', role: 'bureau' })).rejects.toThrow(/needs at least one jurisdiction/);
    await expect(createToken(database.db, { name: 'x', role: 'planner', jurisdictions: [] })).rejects.toThrow(
      /needs at least one jurisdiction/,
    );
    const admin = await createToken(database.db, { name: 'root', role: 'admin' });
    expect((await verifyToken(database.db, admin.token))?.jurisdictions).toBeNull();
    const two = await createToken(database.db, { name: 'two', role: 'bureau', jurisdictions: ['b-county', 'a-county', 'b-county'] });
    expect((await verifyToken(database.db, two.token))?.jurisdictions).toEqual(['a-county', 'b-county']);
  });
});
