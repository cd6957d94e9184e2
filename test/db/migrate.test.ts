import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { MIGRATIONS_DIR, migrateToLatest, migrationStatus } from '../../server/db/migrate.js';
import { getProfile, listProfiles } from '../../server/db/profiles.repository.js';
import { createToken, verifyToken } from '../../server/db/tokens.repository.js';
import { importPackageFromFolder } from '../../server/import/index.js';
import { databaseKinds, useTestDatabase } from '../helpers/databases.js';

const INDICATOR_TOWN_DIR = fileURLToPath(new URL('../fixtures/indicator-town', import.meta.url));

/** Every migration file, in order (0001_initial first); other issues add theirs. */
const migrationNames = readdirSync(MIGRATIONS_DIR)
  .filter((f) => /^\d{4}_[a-z0-9_]+\.ts$/.test(f))
  .sort()
  .map((f) => f.replace(/\.ts$/, ''));

describe.each(databaseKinds)('migrations on %s', (kind) => {
  const database = useTestDatabase(kind);

  it('applies every migration and reports none pending', async () => {
    expect(migrationNames.slice(0, 1)).toEqual(['0001_initial']);
    expect(await migrationStatus(database.db)).toEqual({ applied: migrationNames, pending: [] });
  });

  it('seeds the built-in profiles from data/profiles', async () => {
    expect((await listProfiles(database.db)).map((p) => p.id)).toEqual(['ouhai', 'shengzhou']);
    const ouhai = (await getProfile(database.db, 'ouhai'))!;
    expect(ouhai.targets.slots_per_1000).toEqual({ '2022': 4.3, '2023': 4.8, '2024': 5.2, '2025': 5.5, '2026': 5.55, '2027': 5.55 });
    expect(ouhai.comparisons?.slots_per_1000).toEqual({ '2027': '>' });
    expect(ouhai.parameters.walkSpeedKmh).toBe(4);
    expect((await getProfile(database.db, 'shengzhou'))!.targets.slots_per_1000?.['2024']).toBe(4.3);
    expect(await getProfile(database.db, 'nowhere')).toBeNull();
  });

  it('is idempotent and restores an edited built-in profile', async () => {
    await database.db.updateTable('policy_profiles').set({ name: 'edited' }).where('id', '=', 'ouhai').execute();
    await migrateToLatest(database.db);
    expect(await migrationStatus(database.db)).toEqual({ applied: migrationNames, pending: [] });
    const row = await database.db
      .selectFrom('policy_profiles')
      .select(['name', 'built_in'])
      .where('id', '=', 'ouhai')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '温州市瓯海区 “瓯有善育” 2023–2027', built_in: true });
  });

  it('keeps hospital levels within 1–3 and staff children under 3 at ≥ 0 (0005_health_employer_figures)', async () => {
    await importPackageFromFolder(database.db, INDICATOR_TOWN_DIR, { importedBy: 'test', packageName: 'indicator-town' });
    const health = () =>
      database.db.updateTable('health_institutions').where('jurisdiction_id', '=', 'indicator-town').where('id', '=', 'H1');
    await expect(health().set({ hospital_level: 4 }).execute()).rejects.toThrow(/check constraint/);
    await expect(health().set({ hospital_level: 0 }).execute()).rejects.toThrow(/check constraint/);
    await expect(health().set({ staff_children_under3: -1 }).execute()).rejects.toThrow(/check constraint/);
    await health().set({ hospital_level: 3, public_ownership: true, staff_children_under3: 0 }).execute();
    await database.db.deleteFrom('jurisdictions').where('id', '=', 'indicator-town').execute();
  });
});

describe('embedded PGlite in a folder', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tuowei-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its data across a restart, and reopens quickly', async () => {
    const first = await openDatabase({ dbDir: dir, databaseUrl: '' });
    expect(first.kind).toBe('pglite');
    await migrateToLatest(first.db);
    const { token } = await createToken(first.db, { name: 'survivor', role: 'admin' });
    await first.close();

    const started = Date.now();
    const second = await openDatabase({ dbDir: dir, databaseUrl: '' });
    await migrateToLatest(second.db);
    const reopenMs = Date.now() - started;
    try {
      expect(await verifyToken(second.db, token)).toMatchObject({ name: 'survivor', role: 'admin' });
      expect(await migrationStatus(second.db)).toEqual({ applied: migrationNames, pending: [] });
      // Opening an existing folder and checking migrations: well under the 2 s budget (≈ 0.3 s measured).
      expect(reopenMs).toBeLessThan(2000);
    } finally {
      await second.close();
    }
  });
});
