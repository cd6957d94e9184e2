/**
 * Crashes: the server process is killed (SIGKILL) while a write's transaction is running, then
 * restarted; the database must hold the old state exactly or the new state entirely, never a mix —
 * on PGlite (a folder, recovered from its write-ahead log on restart) and on PostgreSQL (a schema of
 * the test database, TUOWEI_DB_SCHEMA; the server's dropped connection aborts the transaction).
 *
 * "While the transaction runs" is observed, not guessed: on PostgreSQL, a backend of the server's
 * schema is inside a transaction inserting rows (pg_stat_activity); on PGlite, the write-ahead log
 * has grown by a segment since the request was sent (the inserts are being written).
 *
 * Each case is one interrupted write; a scenario save (planner) can be added to `crashCases` the same
 * way: send it, say how to see its transaction, and give the old and new fingerprints.
 */
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.js';
import type { Role } from '../../server/db/tokens.repository.js';
import { importPackageFromFolder } from '../../server/import/index.js';
import { tinyTownFiles } from '../import/tiny-town-files.js';
import { databaseKinds } from '../helpers/databases.js';
import { tableChecksums, tinyTownDir } from './helpers.js';
import { largePackage, type ServerDatabase, serverDatabase, startServer, stopServer, tokenFor, transactionRunning, walBytes } from './server-process.js';

/** Population points in the large package: ~16 MB of JSON, a few seconds of inserts. */
const LARGE_POINTS = 120_000;

/** What identifies the state of the data: the jurisdiction's version, its rows per layer and the import log. */
interface DataState {
  dataVersion: number;
  townships: number;
  facilities: number;
  populationUnits: number;
  roads: number;
  projects: number;
  importLog: number;
}

async function fingerprint(db: Kysely<Database>): Promise<DataState> {
  const count = async (table: 'townships' | 'facilities' | 'population_units' | 'roads' | 'residential_projects') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('jurisdiction_id', '=', 'tiny-town').executeTakeFirstOrThrow()).n);
  const version = await db.selectFrom('jurisdictions').select('data_version').where('id', '=', 'tiny-town').executeTakeFirst();
  const log = await db.selectFrom('import_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return {
    dataVersion: version?.data_version ?? 0,
    townships: await count('townships'),
    facilities: await count('facilities'),
    populationUnits: await count('population_units'),
    roads: await count('roads'),
    projects: await count('residential_projects'),
    importLog: Number(log.n),
  };
}

interface CrashCase {
  name: string;
  role: Role;
  /** Sends the write to be interrupted. */
  send(url: string, token: string): Promise<Response>;
  /** A table the write inserts into while its transaction runs. */
  insertsInto: string;
  /** Fingerprints before and after a complete write. */
  oldState: DataState;
  newState: DataState;
}

const tinyTownState: DataState = { dataVersion: 1, townships: 3, facilities: 5, populationUnits: 32, roads: 16, projects: 4, importLog: 1 };
const crashCases: CrashCase[] = [
  {
    name: `an import replacing tiny-town with ${LARGE_POINTS.toLocaleString('en')} population points`,
    role: 'bureau',
    send: (url, token) => {
      const body = largePackage(LARGE_POINTS);
      return fetch(`${url}/api/jurisdictions/import`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    },
    insertsInto: 'population_units',
    oldState: tinyTownState,
    newState: { ...tinyTownState, dataVersion: 2, populationUnits: LARGE_POINTS, importLog: 2 },
  },
];

describe.each(databaseKinds)('SIGKILL during a write on %s', (kind) => {
  const databases: ServerDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  for (const crash of crashCases) {
    it(`keeps the old state or the new, never a mix: ${crash.name}`, async () => {
      const database = serverDatabase(kind);
      databases.push(database);
      await database.use((db) => importPackageFromFolder(db, tinyTownDir, { importedBy: 'test', packageName: 'tiny-town' }));
      const token = await tokenFor(database, crash.role);
      const before = await database.use(async (db) => ({ checksums: await tableChecksums(db), state: await fingerprint(db) }));
      expect(before.state).toEqual(crash.oldState);

      const server = await startServer(database);
      const walBefore = walBytes(database);
      let answered: number | null = null;
      const write = crash.send(server.url, token).then(
        (res) => (answered = res.status),
        () => null, // the connection dies with the server
      );
      const evidence = await transactionRunning(database, crash.insertsInto, walBefore);
      server.child.kill('SIGKILL');
      expect((await server.exited).signal).toBe('SIGKILL');
      await write;
      expect(answered, `the write finished before the kill (${evidence})`).toBeNull();

      // Restart: the server recovers and answers; the data are the old state exactly, or the new.
      const restarted = await startServer(database);
      try {
        expect((await fetch(`${restarted.url}/api/ready`)).status).toBe(200);
        const summary = await fetch(`${restarted.url}/api/jurisdictions/tiny-town/summary`);
        expect(summary.status).toBe(200);
      } finally {
        expect((await stopServer(restarted)).code).toBe(0);
      }
      const after = await database.use(async (db) => ({ checksums: await tableChecksums(db), state: await fingerprint(db) }));
      expect([crash.oldState, crash.newState], `state after the kill (${evidence})`).toContainEqual(after.state);
      if (after.state.dataVersion === crash.oldState.dataVersion) {
        // Killed before the commit: nothing of the write may remain, byte for byte.
        expect(after.checksums).toEqual(before.checksums);
      }

      // And the database takes writes again (no lock or half-written row left behind).
      const again = await startServer(database);
      try {
        const res = await fetch(`${again.url}/api/jurisdictions/import`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ files: tinyTownFiles() }),
        });
        expect(res.status).toBe(201);
      } finally {
        await stopServer(again);
      }
      const final = await database.use(fingerprint);
      expect(final).toEqual({ ...after.state, dataVersion: after.state.dataVersion + 1, populationUnits: 32, importLog: after.state.importLog + 1 });
    }, 240_000);
  }
});
