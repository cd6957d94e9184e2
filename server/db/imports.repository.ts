/**
 * Import previews (migrations/0010_imports.ts, 0030): the only SQL of the import wizard's storage. A
 * preview's row (owner, manifest, expiry, the list of its files) lives in the database; its files live
 * on the disk of the server that received the upload (server/import/upload-store.ts), never in the
 * database. It expires after `ttlMs` and is then deleted, its files with it.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { toIsoString } from './row-mapping.js';

/** How long a preview may be continued: one hour. */
export const IMPORT_PREVIEW_TTL_MS = 60 * 60 * 1000;

/** An uploaded file (zips unpacked) as listed: its name inside the package, its path inside the preview's folder, its size. */
export interface StoredImportFile {
  name: string;
  path: string;
  size: number;
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

/** A new preview's id, chosen before its files are written (they go to a folder named by it). */
export const newImportId = (): string => randomUUID();

/**
 * Stores a new preview with the list of its files (already on disk); returns it. `now` is injectable so
 * expiry can be tested without waiting.
 */
export async function createImport(
  db: Kysely<Database>,
  input: { id?: string; owner: ImportOwner; manifest: unknown; files: readonly StoredImportFile[]; ttlMs?: number; now?: Date },
): Promise<StoredImport> {
  const id = input.id ?? newImportId();
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (input.ttlMs ?? IMPORT_PREVIEW_TTL_MS));
  await db
    .insertInto('imports')
    .values({
      id,
      owner_token_id: input.owner.tokenId,
      owner_user_id: input.owner.userId,
      owner_name: input.owner.name,
      manifest: input.manifest === undefined || input.manifest === null ? null : JSON.stringify(input.manifest),
      created_at: now,
      expires_at: expiresAt,
      files: JSON.stringify(input.files.map(({ name, path, size }) => ({ name, path, size }))),
    })
    .execute();
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

/** The files of a preview (zips unpacked), in upload order; none once it was committed. */
export async function listImportFiles(db: Kysely<Database>, id: string): Promise<StoredImportFile[]> {
  const row = await db.selectFrom('imports').select('files').where('id', '=', id).executeTakeFirst();
  return row?.files ?? [];
}

/** Replaces a preview's manifest. */
export async function updateImportManifest(db: Kysely<Database>, id: string, manifest: unknown): Promise<void> {
  await db
    .updateTable('imports')
    .set({ manifest: manifest === undefined || manifest === null ? null : JSON.stringify(manifest) })
    .where('id', '=', id)
    .execute();
}

/**
 * Records that a commit wrote jurisdiction `jurisdictionId` from this preview, keeping the effective
 * manifest it was written with (what the manifest download gives from now on) and no files: they are
 * removed from the disk after the commit.
 */
export async function markImportCommitted(
  db: Kysely<Database>,
  id: string,
  jurisdictionId: string,
  manifest: unknown,
  now: Date = new Date(),
): Promise<void> {
  await db
    .updateTable('imports')
    .set({ committed_jurisdiction_id: jurisdictionId, committed_at: now, manifest: JSON.stringify(manifest), files: '[]' })
    .where('id', '=', id)
    .execute();
}

/** Deletes one preview and its files. */
export async function deleteImport(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('imports').where('id', '=', id).execute();
}

/** Deletes every preview expired at `now`; returns their ids (whose folders the caller removes). */
export async function deleteExpiredImports(db: Kysely<Database>, now: Date = new Date()): Promise<string[]> {
  const rows = await db.deleteFrom('imports').where('expires_at', '<=', now).returning('id').execute();
  return rows.map((r) => r.id);
}
