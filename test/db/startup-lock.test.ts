/**
 * Two replicas started together on one empty database: the startup lock (server/db/startup-lock.repository.ts)
 * lets one import the demo while the other waits, and the other then finds the database filled.
 */
import { describe, expect, it } from 'vitest';
import { getDataVersion, isDatabaseEmpty } from '../../server/db/jurisdictions.repository.js';
import { withStartupLock } from '../../server/db/startup-lock.repository.js';
import { importPackageFromFolder } from '../../server/import/index.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { databaseKinds, useTestDatabase } from '../helpers/databases.js';

describe.each(databaseKinds)('startup lock on %s', (kind) => {
  const database = useTestDatabase(kind);

  it('runs the work of two starts one after the other, and the import inside it commits', async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const start = async (name: string) =>
      withStartupLock(database.db, async (db) => {
        events.push(`${name} starts`);
        if (name === 'first') await gate;
        if (!(await isDatabaseEmpty(db))) {
          events.push(`${name} finds the data`);
          return;
        }
        await importPackageFromFolder(db, TINY_TOWN_DIR, { importedBy: 'test', packageName: 'tiny-town' });
        events.push(`${name} imports`);
      });
    const first = start('first');
    while (!events.includes('first starts')) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = start('second');
    // Had the lock not held, the second start would be inside by now.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events).toEqual(['first starts']);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(['first starts', 'first imports', 'second starts', 'second finds the data']);
    expect(await getDataVersion(database.db, 'tiny-town')).toBe(1);
  });
});
