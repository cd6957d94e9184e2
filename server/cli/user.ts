/**
 * `npm run user -- --role admin --name NAME`: creates a user who signs in to the web client. The
 * password is read from TUOWEI_PASSWORD, else asked for on the terminal (not echoed); only its bcrypt
 * hash is stored. `--list` lists users; `--disable NAME` disables one and ends their sessions.
 * Works on the server's database (DATABASE_URL [+ TUOWEI_DB_SCHEMA], else PGlite in TUOWEI_DB_DIR).
 */
// The CLI's language (TUOWEI_LANG, else LANG) for every message, validation problems included.
import './language.js';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { openCliDatabase } from './database.js';
import { migrateToLatest } from '../db/migrate.js';
import { ROLES, type Role } from '../db/tokens.repository.js';
import { createUser, listUsers, passwordProblem, updateUser } from '../db/users.repository.js';

const USAGE = `usage: npm run user -- --role ${ROLES.join('|')} --name NAME [--jurisdiction ID]...   (password from TUOWEI_PASSWORD or the prompt)
       (a planner or bureau user needs at least one --jurisdiction; only an admin may have none)
       npm run user -- --list
       npm run user -- --disable NAME`;

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    jurisdiction: { type: 'string', multiple: true },
    list: { type: 'boolean' },
    disable: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

/** Asks for a password on the terminal without echoing it. */
async function promptPassword(question: string): Promise<string> {
  if (!process.stdin.isTTY) fail('no terminal to ask for the password: set TUOWEI_PASSWORD');
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  process.stderr.write(question);
  muted = true;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const creating = values.role !== undefined || values.name !== undefined;
if ([creating, values.list === true, values.disable !== undefined].filter(Boolean).length !== 1)
  fail('choose one of: create (--role, --name), --list, --disable NAME');
if (creating && (!values.role || !ROLES.includes(values.role as Role))) fail(`--role must be one of ${ROLES.join(', ')}`);
const name = values.name?.trim() ?? '';
if (creating && (name.length === 0 || name.length > 100)) fail('--name is required (at most 100 characters)');
if (creating && values.role !== 'admin' && !values.jurisdiction?.length)
  fail('a planner or bureau user needs at least one --jurisdiction ID; only an admin may have none');

let password = '';
if (creating) {
  password = process.env.TUOWEI_PASSWORD ?? (await promptPassword(`password for ${name}: `));
  if (process.env.TUOWEI_PASSWORD === undefined && (await promptPassword('again: ')) !== password) fail('the passwords differ');
  const problem = passwordProblem(password);
  if (problem) fail(problem.en);
}

const handle = await openCliDatabase('user');
let exitCode = 0;
try {
  await migrateToLatest(handle.db);
  if (values.list) {
    for (const u of await listUsers(handle.db))
      console.log(`${u.id}\t${u.role}\t${u.name}\t${u.jurisdictions?.join(',') ?? 'all jurisdictions'}${u.disabled ? '\tdisabled' : ''}`);
  } else if (values.disable !== undefined) {
    const user = (await listUsers(handle.db)).find((u) => u.name === values.disable);
    if (!user) {
      console.error(`no user named "${values.disable}"`);
      exitCode = 1;
    } else {
      await updateUser(handle.db, user.id, { disabled: true });
      console.log(`user ${user.id} (${user.name}) disabled; their sessions ended`);
    }
  } else {
    const user = await createUser(handle.db, { name, role: values.role as Role, password, jurisdictions: values.jurisdiction ?? null });
    if (!user) {
      console.error(`a user named "${name}" exists already`);
      exitCode = 1;
    } else {
      console.log(`user ${user.id} (${user.role}, ${user.name}) created; sign in at the web client`);
    }
  }
} finally {
  await handle.close();
}
// Exit explicitly: PGlite's runtime resets process.exitCode when it closes.
process.exit(exitCode);
