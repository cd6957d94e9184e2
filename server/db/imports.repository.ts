/**
 * Import previews (migrations/0010_imports.ts): the only SQL of the import wizard's storage. A preview
 * lives in the database, not in one server's memory, so whichever replica answers the next request
 * finds it; it expires after `ttlMs` and is then deleted.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { toIsoString } from './row-mapping.js';

/** How long a preview may be continued: one hour. */
export const IMPORT_PREVIEW_TTL_MS = 60 * 60 * 1000;

/** An uploaded file as stored. */
export interface StoredImportFile {
  name: string;
  bytes: Uint8Array;
}

/** Who made a preview (and so may continue it, besides an admin). */
export interface ImportOwner {
  tokenId: number | null;
  userId: number | null;
  name: string;
}

export interface StoredImport {
  id: string;
  owner: ImportOwner;
  /** The manifest as uploaded or last changed; null when none was given (the one among the files counts). */
  manifest: unknown;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601; after it the preview is gone. */
  expiresAt: string;
  /** The jurisdiction a commit wrote, else null. */
  committedJurisdictionId: string | null;
}

/** Stores a new preview with its files; returns it. `now` is injectable so expiry can be tested without waiting. */
export async function createImport(
  db: Kysely<Database>,
  input: { owner: ImportOwner; manifest: unknown; files: readonly StoredImportFile[]; ttlMs?: number; now?: Date },
): Promise<StoredImport> {
  const id = randomUUID();
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (input.ttlMs ?? IMPORT_PREVIEW_TTL_MS));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('imports')
      .values({
        id,
        owner_token_id: input.owner.tokenId,
        owner_user_id: input.owner.userId,
        owner_name: input.owner.name,
        manifest: input.manifest === undefined || input.manifest === null ? null : JSON.stringify(input.manifest),
        created_at: now,
        expires_at: expiresAt,
      })
      .execute();
    // One row per file: a statement carrying one file's bytes at a time, never all of them at once.
    for (const [seq, file] of input.files.entries()) {
      await trx.insertInto('import_files').values({ import_id: id, seq, name: file.name, bytes: file.bytes }).execute();
    }
  });
  return {
    id,
    owner: input.owner,
    manifest: input.manifest ?? null,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    committedJurisdictionId: null,
  };
}

/** A preview without its files, or null when there is none with this id (expired ones included: see isExpired). */
export async function findImport(db: Kysely<Database>, id: string): Promise<StoredImport | null> {
  const row = await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    owner: { tokenId: row.owner_token_id, userId: row.owner_user_id, name: row.owner_name },
    manifest: row.manifest ?? null,
    createdAt: toIsoString(row.created_at),
    expiresAt: toIsoString(row.expires_at),
    committedJurisdictionId: row.committed_jurisdiction_id,
  };
}

/** Whether a preview has expired at `now`. */
export function isExpired(stored: Pick<StoredImport, 'expiresAt'>, now: Date = new Date()): boolean {
  return Date.parse(stored.expiresAt) <= now.getTime();
}

/** The uploaded files of a preview, in upload order. */
export async function listImportFiles(db: Kysely<Database>, id: string): Promise<StoredImportFile[]> {
  const rows = await db.selectFrom('import_files').select(['name', 'bytes']).where('import_id', '=', id).orderBy('seq').execute();
  return rows.map((r) => ({ name: r.name, bytes: new Uint8Array(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength) }));
}

/** Replaces a preview's manifest. */
export async function updateImportManifest(db: Kysely<Database>, id: string, manifest: unknown): Promise<void> {
  await db
    .updateTable('imports')
    .set({ manifest: manifest === undefined || manifest === null ? null : JSON.stringify(manifest) })
    .where('id', '=', id)
    .execute();
}

/** Records that a commit wrote jurisdiction `jurisdictionId` from this preview. */
export async function markImportCommitted(db: Kysely<Database>, id: string, jurisdictionId: string, now: Date = new Date()): Promise<void> {
  await db.updateTable('imports').set({ committed_jurisdiction_id: jurisdictionId, committed_at: now }).where('id', '=', id).execute();
}

/** Deletes one preview and its files. */
export async function deleteImport(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('imports').where('id', '=', id).execute();
}

/** Deletes every preview expired at `now` (their files go with them); returns how many. */
export async function deleteExpiredImports(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const result = await db.deleteFrom('imports').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
