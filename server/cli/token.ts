/**
 * `npm run token -- --role bureau --name NAME --jurisdiction ID [--expires-days N]`: creates an API token
 * scoped to the jurisdictions named (repeatable; an admin token may be unscoped) and prints it once
 * (only its hash is stored). `npm run token -- --revoke ID` revokes one; `--list` lists them.
 */
// The CLI's language (TUOWEI_LANG, else LANG) for every message, validation problems included.
import './language.js';
import { parseArgs } from 'node:util';
import { openCliDatabase } from './database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createToken, listTokens, revokeToken, ROLES, type Role } from '../db/tokens.repository.js';

const USAGE = `usage: npm run token -- --role ${ROLES.join('|')} --name NAME [--jurisdiction ID]... [--expires-days N]
       (a planner or bureau token needs at least one --jurisdiction; only an admin token may have none)
       npm run token -- --revoke ID
       npm run token -- --list`;

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    jurisdiction: { type: 'string', multiple: true },
    'expires-days': { type: 'string' },
    revoke: { type: 'string' },
    list: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const creating = values.role !== undefined || values.name !== undefined;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if ([creating, values.revoke !== undefined, values.list === true].filter(Boolean).length !== 1)
  fail('choose one of: create (--role, --name), --revoke, --list');
if (creating && (!values.role || !ROLES.includes(values.role as Role))) fail(`--role must be one of ${ROLES.join(', ')}`);
if (creating && !values.name?.trim()) fail('--name is required');
if (creating && values.role !== 'admin' && !values.jurisdiction?.length)
  fail('a planner or bureau token needs at least one --jurisdiction ID; only an admin token may have none');
const expiresInDays = values['expires-days'] === undefined ? undefined : Number(values['expires-days']);
if (expiresInDays !== undefined && !(expiresInDays > 0)) fail('--expires-days must be a positive number');
const revokeId = values.revoke === undefined ? undefined : Number(values.revoke);
if (revokeId !== undefined && !Number.isInteger(revokeId)) fail('--revoke takes a token id');

const handle = await openCliDatabase('token');
let exitCode = 0;
try {
  await migrateToLatest(handle.db);
  if (revokeId !== undefined) {
    const revoked = await revokeToken(handle.db, revokeId);
    console.log(revoked ? `token ${revokeId} revoked` : `no active token with id ${revokeId}`);
    if (!revoked) exitCode = 1;
  } else if (values.list) {
    for (const t of await listTokens(handle.db)) {
      const state = t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry';
      console.log(
        `${t.id}\t${t.role}\t${t.name}\t${t.jurisdictions?.join(',') ?? 'all jurisdictions'}\t${state}\tlast used ${t.lastUsedAt ?? 'never'}`,
      );
    }
  } else {
    const created = await createToken(handle.db, {
      name: values.name!.trim(),
      role: values.role as Role,
      jurisdictions: values.jurisdiction ?? null,
      ...(expiresInDays !== undefined ? { expiresInDays } : {}),
    });
    console.log(created.token);
    console.error(
      `token ${created.id} (${values.role}, ${values.name!.trim()})${created.expiresAt ? `, expires ${created.expiresAt}` : ', no expiry'}. It is shown only this once; store it now.`,
    );
  }
} finally {
  await handle.close();
}
// Exit explicitly: PGlite's runtime resets process.exitCode when it closes.
process.exit(exitCode);
