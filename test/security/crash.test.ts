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
 * Each import case is one interrupted write (`crashCases`: send it, say how to see its transaction,
 * and give the old and new fingerprints). Scenario saves are short single-row transactions, so their
 * case is a burst instead: planners keep saving scenarios of 500 changes until the kill, and afterwards
 * every row must be one save, whole, at a version that agrees with what the clients were told.
 */
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.js';
import { createScenario } from '../../server/db/scenarios.repository.js';
import { createToken, type Role } from '../../server/db/tokens.repository.js';
import { MAX_SCENARIO_CHANGES, type ScenarioChange, scenarioSchema } from '../../server/schemas/whatif.js';
import { importPackageFromFolder } from '../../server/import/index.js';
import { tinyTownFiles } from '../import/tiny-town-files.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { tableChecksums } from '../helpers/checksums.js';
import { databaseKinds, TEST_JURISDICTIONS, testPostgresUrl } from '../helpers/databases.js';
import { EXCEPT_SIGN_IN_STATE } from './helpers.js';
import {
  largePackage,
  type ServerDatabase,
  serverDatabase,
  startServer,
  stopServer,
  tokenFor,
  transactionRunning,
  walBytes,
} from './server-process.js';

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
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('jurisdiction_id', '=', 'tiny-town')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const version = await db.selectFrom('jurisdictions').select('data_version').where('id', '=', 'tiny-town').executeTakeFirst();
  const log = await db
    .selectFrom('import_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
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
      return fetch(`${url}/api/jurisdictions/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
    },
    insertsInto: 'population_units',
    oldState: tinyTownState,
    newState: { ...tinyTownState, dataVersion: 2, populationUnits: LARGE_POINTS, importLog: 2 },
  },
];

// ---- scenario saves ------------------------------------------------------------------------------

/** Planners who keep replacing their own scenario (PUT), and who keep saving new ones (POST). */
const SCENARIO_UPDATERS = 6;
const SCENARIO_CREATORS = 4;
/** Saves acknowledged before the kill, so that it falls into a steady burst. */
const ACKS_BEFORE_KILL = 30;
const BURST_DEADLINE_MS = 20_000;
const SCENARIOS = '/api/jurisdictions/tiny-town/scenarios';

/**
 * Save number `round` of the planner `author` ("u3", "c1"): its name says whose and which, and each
 * of its 500 changes is derived from both, so a row holding one save's name with another's changes,
 * or a cut list, cannot pass for a whole save. Points lie inside tiny-town's 4 × 4-block grid
 * (lon = 120.6460 + 0.00203·u, lat = 27.9964 + 0.0018·v).
 */
function scenarioSave(author: string, round: number): { name: string; description: string; changes: ScenarioChange[] } {
  const salt = [...author].reduce((sum, c) => sum * 31 + c.charCodeAt(0), 7) % 1000;
  const changes = Array.from({ length: MAX_SCENARIO_CHANGES }, (_, k): ScenarioChange => {
    const u = 0.1 + ((k * 7 + round * 13 + salt) % 38) / 10;
    const v = 0.1 + ((k * 11 + round * 5 + salt) % 38) / 10;
    const at = { lon: 120.646 + 0.00203 * u, lat: 27.9964 + 0.0018 * v };
    return k % 5 < 3
      ? { kind: 'addFacility', ...at, slots: 1 + ((k + round) % 97), name: `${author} r${round} site ${k}` }
      : { kind: 'addProject', ...at, population: 100 + round * 10 + k, name: `${author} r${round} project ${k}` };
  });
  return { name: `${author} round ${round}`, description: `save ${round} of ${author}`, changes };
}

/** "u3 round 7" → author and round. */
function saveOf(name: string): { author: string; round: number } | null {
  const match = /^([uc]\d+) round (\d+)$/.exec(name);
  return match ? { author: match[1]!, round: Number(match[2]) } : null;
}

/** A planner's saves as the client saw them. */
interface SaverLog {
  author: string;
  /** The scenario an updater replaces; null for a creator. */
  scenarioId: number | null;
  /** Acknowledged saves: round → the scenario id and version the server answered. */
  acked: Map<number, { id: number; version: number }>;
  /** The round whose request got no answer (sent or refused when the server was gone), if any. */
  unanswered: number | null;
  /** Answers other than success, which the test reports. */
  unexpected: string[];
}

/**
 * Resolves, with the evidence, once a backend of the server (PGAPPNAME) is inside a transaction that
 * inserts or updates a scenario and has not committed yet.
 */
async function scenarioWriteRunning(database: ServerDatabase, deadlineMs: number): Promise<string> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    const deadline = Date.now() + deadlineMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query(
        `select state, left(query, 40) as query from pg_stat_activity
         where application_name = $1 and xact_start is not null and (query ilike 'insert into "scenarios"%' or query ilike 'update "scenarios"%')`,
        [database.env.PGAPPNAME],
      );
      if (rows.length > 0) return `backend ${rows[0].state}: ${rows[0].query}`;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await client.end();
  }
  throw new Error('no scenario write was seen running');
}

async function until(condition: () => boolean, deadlineMs: number, what: string): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(databaseKinds)('SIGKILL during a write on %s', (kind) => {
  const databases: ServerDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  for (const crash of crashCases) {
    it(`keeps the old state or the new, never a mix: ${crash.name}`, async () => {
      const database = serverDatabase(kind);
      databases.push(database);
      await database.use((db) => importPackageFromFolder(db, TINY_TOWN_DIR, { importedBy: 'test', packageName: 'tiny-town' }));
      const token = await tokenFor(database, crash.role);
      const before = await database.use(async (db) => ({
        checksums: await tableChecksums(db, EXCEPT_SIGN_IN_STATE),
        state: await fingerprint(db),
      }));
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
      const after = await database.use(async (db) => ({
        checksums: await tableChecksums(db, EXCEPT_SIGN_IN_STATE),
        state: await fingerprint(db),
      }));
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
      expect(final).toEqual({
        ...after.state,
        dataVersion: after.state.dataVersion + 1,
        populationUnits: 32,
        importLog: after.state.importLog + 1,
      });
    }, 240_000);
  }
  it('keeps every scenario whole and as acknowledged: SIGKILL during a burst of scenario saves', async () => {
    const database = serverDatabase(kind);
    databases.push(database);
    const setup = await database.use(async (db) => {
      await importPackageFromFolder(db, TINY_TOWN_DIR, { importedBy: 'test', packageName: 'tiny-town' });
      const { year } = await db.selectFrom('jurisdictions').select('year').where('id', '=', 'tiny-town').executeTakeFirstOrThrow();
      const ids: number[] = [];
      for (let i = 0; i < SCENARIO_UPDATERS; i++) {
        const save = scenarioSave(`u${i}`, 0);
        // Shared, so the planners below may save over them (others' scenarios are read-only otherwise).
        ids.push((await createScenario(db, 'tiny-town', { ...save, year, shared: true }, 'test')).id);
      }
      const token = (await createToken(db, { name: 'planner (test)', role: 'planner', jurisdictions: TEST_JURISDICTIONS })).token;
      return { ids, token, checksums: await tableChecksums(db, EXCEPT_SIGN_IN_STATE) };
    });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${setup.token}` };

    const server = await startServer(database);
    const logs: SaverLog[] = [
      ...setup.ids.map((id, i) => ({ author: `u${i}`, scenarioId: id, acked: new Map(), unanswered: null, unexpected: [] })),
      ...Array.from({ length: SCENARIO_CREATORS }, (_, j) => ({
        author: `c${j}`,
        scenarioId: null,
        acked: new Map(),
        unanswered: null,
        unexpected: [],
      })),
    ];
    let acks = 0;
    let inFlight = 0;
    // Each planner saves, waits for the answer, and saves again, until the server is gone.
    const save = async (log: SaverLog): Promise<void> => {
      for (let round = 1; ; round++) {
        const body = { ...scenarioSave(log.author, round), ...(log.scenarioId === null ? {} : { version: round }) };
        inFlight++;
        let answer: { status: number; scenario: { id: number; version: number } };
        try {
          const res = await fetch(log.scenarioId === null ? `${server.url}${SCENARIOS}` : `${server.url}${SCENARIOS}/${log.scenarioId}`, {
            method: log.scenarioId === null ? 'POST' : 'PUT',
            headers,
            body: JSON.stringify(body),
          });
          answer = { status: res.status, scenario: await res.json() };
        } catch {
          log.unanswered = round; // the connection died with the server (or was refused after it)
          return;
        } finally {
          inFlight--;
        }
        if (answer.status !== (log.scenarioId === null ? 201 : 200)) {
          log.unexpected.push(`round ${round}: ${answer.status} ${JSON.stringify(answer.scenario).slice(0, 200)}`);
          return;
        }
        log.acked.set(round, { id: answer.scenario.id, version: answer.scenario.version });
        acks++;
      }
    };
    const burst = Promise.all(logs.map(save));
    await until(
      () => acks >= ACKS_BEFORE_KILL || logs.some((l) => l.unexpected.length > 0),
      BURST_DEADLINE_MS,
      `${ACKS_BEFORE_KILL} acknowledged saves`,
    );
    // On PostgreSQL the kill waits for a scenario transaction seen uncommitted; PGlite shows no such
    // thing from outside, so there the evidence is only the saves the clients have in flight.
    const evidence = kind === 'postgres' ? await scenarioWriteRunning(database, BURST_DEADLINE_MS) : 'PGlite: requests only';
    const inFlightAtKill = inFlight;
    server.child.kill('SIGKILL');
    expect((await server.exited).signal).toBe('SIGKILL');
    await burst;
    expect(logs.flatMap((l) => l.unexpected)).toEqual([]);
    expect(inFlightAtKill, `saves in flight at the kill (${evidence})`).toBeGreaterThan(0);
    expect(acks).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

    // Restart, and read every scenario back through the API.
    const restarted = await startServer(database);
    const stored: ReturnType<typeof scenarioSchema.parse>[] = [];
    let extra: { updated: number; updatedFrom: number; created: number };
    try {
      expect((await fetch(`${restarted.url}/api/ready`)).status).toBe(200);
      const list = await fetch(`${restarted.url}${SCENARIOS}`, { headers });
      expect(list.status).toBe(200);
      for (const { id } of (await list.json()) as { id: number }[]) {
        const res = await fetch(`${restarted.url}${SCENARIOS}/${id}`, { headers });
        expect(res.status).toBe(200);
        // Its stored changes parse and validate.
        stored.push(scenarioSchema.parse(await res.json()));
      }

      // Every row is one save, whole: name and changes of the same save.
      for (const scenario of stored) {
        const which = saveOf(scenario.name);
        expect(which, `scenario ${scenario.id} is named "${scenario.name}"`).not.toBeNull();
        const expected = scenarioSave(which!.author, which!.round);
        expect({ description: scenario.description, changes: scenario.changes }, `scenario ${scenario.id}`).toEqual({
          description: expected.description,
          changes: expected.changes,
        });
      }

      const byId = new Map(stored.map((s) => [s.id, s]));
      const claimed = new Set<number>();
      for (const log of logs) {
        const rounds = [...log.acked.keys()];
        const lastAcked = rounds.length > 0 ? Math.max(...rounds) : null;
        if (log.scenarioId !== null) {
          // An updater's scenario is its last acknowledged save (version = round + 1), or the unanswered one after it.
          const scenario = byId.get(log.scenarioId);
          expect(scenario, `${log.author}'s scenario`).toBeDefined();
          claimed.add(log.scenarioId);
          const round = saveOf(scenario!.name)!.round;
          expect(saveOf(scenario!.name)!.author).toBe(log.author);
          expect(
            [lastAcked ?? 0, log.unanswered],
            `${log.author}: acknowledged up to round ${lastAcked}, unanswered ${log.unanswered}`,
          ).toContain(round);
          expect(scenario!.version).toBe(round + 1);
          if (lastAcked !== null) expect(log.acked.get(lastAcked)!.version).toBe(lastAcked + 1);
        } else {
          // A creator's acknowledged saves are all there, at version 1.
          for (const [round, { id, version }] of log.acked) {
            expect(version).toBe(1);
            expect(byId.get(id), `${log.author} round ${round} (scenario ${id})`).toMatchObject({
              name: `${log.author} round ${round}`,
              version: 1,
            });
            claimed.add(id);
          }
        }
      }
      // Any other row is the one unanswered save of a creator, at most once each.
      const others = stored.filter((s) => !claimed.has(s.id));
      const unansweredCreates = logs
        .filter((l) => l.scenarioId === null && l.unanswered !== null)
        .map((l) => `${l.author} round ${l.unanswered}`);
      for (const other of others) expect(unansweredCreates).toContain(other.name);
      expect(new Set(others.map((o) => o.name)).size).toBe(others.length);
      expect(others.every((o) => o.version === 1)).toBe(true);

      // And the database takes writes again.
      const first = byId.get(setup.ids[0]!)!;
      const put = await fetch(`${restarted.url}${SCENARIOS}/${first.id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ ...scenarioSave('u0', 1000), version: first.version }),
      });
      expect(put.status).toBe(200);
      const post = await fetch(`${restarted.url}${SCENARIOS}`, { method: 'POST', headers, body: JSON.stringify(scenarioSave('c0', 1000)) });
      expect(post.status).toBe(201);
      extra = { updated: first.id, updatedFrom: first.version, created: ((await post.json()) as { id: number }).id };
    } finally {
      expect((await stopServer(restarted)).code).toBe(0);
    }

    // Nothing but scenarios changed, and both writes after the restart are stored.
    await database.use(async (db) => {
      const { scenarios: _before, ...otherTablesBefore } = setup.checksums;
      const { scenarios: _after, ...otherTablesAfter } = await tableChecksums(db, EXCEPT_SIGN_IN_STATE);
      expect(otherTablesAfter).toEqual(otherTablesBefore);
      const rows = await db.selectFrom('scenarios').select(['id', 'name', 'version']).orderBy('id').execute();
      expect(rows).toHaveLength(stored.length + 1);
      expect(rows.find((r) => r.id === extra.updated)).toMatchObject({ name: 'u0 round 1000', version: extra.updatedFrom + 1 });
      expect(rows.find((r) => r.id === extra.created)).toMatchObject({ name: 'c0 round 1000', version: 1 });
    });
  }, 60_000);
});
