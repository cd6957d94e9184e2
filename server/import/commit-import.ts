/**
 * Committing an import preview: the one function behind `POST /api/imports/{id}/commit`, written so it
 * can run as a background job too (it reports its stages through `onProgress` and needs nothing of the
 * request). It reads the preview's files again from this server's disk (upload-store.ts) with the
 * stored manifest, refuses with every problem when
 * there is any (ImportProblemsError, nothing written), writes the package in ONE transaction through
 * importPackage, then prepares the new data for its first reader: the walking network and the
 * indicators of the analysis year. A committed preview keeps its effective manifest (for the download)
 * and no files: its folder is removed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { findImport, isExpired, listImportFiles, markImportCommitted } from '../db/imports.repository.js';
import { listProfiles } from '../db/profiles.repository.js';
import { importPackage, type ImportResult } from './import-package.js';
import { allProblems, previewUpload, type ImportPreview, type ImportProblem, type PreviewWorkers } from './upload-preview.js';
import { importSourceFiles, removeImportFolder } from './upload-store.js';
import { validatePackage } from './validate-package.js';

/** The stages of a commit, in order. */
export const COMMIT_STAGES = ['reading', 'converting', 'writing', 'network', 'indicators'] as const;
export type CommitStage = (typeof COMMIT_STAGES)[number];

export interface CommitProgress {
  stage: CommitStage;
  /** Share of the whole commit done when this stage starts, 0…1. */
  progress: number;
}

/**
 * What the commit needs of the analysis layer, declared here so import does not depend on it: forget a
 * jurisdiction's old results, and load it and compute its walking network and indicators.
 */
export interface CommitAnalysis {
  invalidate(jurisdictionId: string): void;
  prepareNetwork(jurisdictionId: string): Promise<void>;
  prepareIndicators(jurisdictionId: string): Promise<void>;
}

export interface CommitDeps {
  db: Kysely<Database>;
  analysis: CommitAnalysis;
  /** Folder of the previews' files on this server (Config.importDir). */
  importDir: string;
  /** Where the files are read and checked (the compute pool); here when null or absent. */
  workers?: PreviewWorkers | null;
}

export interface CommitOptions {
  /** Recorded in the import log as who imported. */
  importedBy: string;
  /**
   * Called with the package's jurisdiction id before anything is written; throws to refuse (a caller
   * whose scope does not name that jurisdiction).
   */
  authorize?: (jurisdictionId: string) => void;
  /** Recorded in the import log as what was imported; default the layers' file names. */
  packageName?: string;
}

export interface CommitResult extends ImportResult {
  /** Things the user should know that did not stop the import (package validation's notes). */
  warnings: string[];
}

/** The preview does not exist, has expired, or was committed already (its files are gone). */
export class ImportGoneError extends Error {
  constructor(
    readonly id: string,
    readonly reason: 'missing' | 'expired' | 'committed',
  ) {
    super(`import ${id} is ${reason === 'missing' ? 'not found' : reason}`);
    this.name = 'ImportGoneError';
  }
}

/** The import has problems; nothing was written. */
export class ImportProblemsError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(`the import has ${problems.length} problem(s); nothing was imported`);
    this.name = 'ImportProblemsError';
  }
}

/** Reads, checks and writes preview `id`; throws ImportGoneError or ImportProblemsError (nothing written). */
export async function commitImport(
  deps: CommitDeps,
  id: string,
  onProgress: (progress: CommitProgress) => void = () => {},
  options: CommitOptions = { importedBy: 'import' },
): Promise<CommitResult> {
  const report = (stage: CommitStage) => onProgress({ stage, progress: COMMIT_STAGES.indexOf(stage) / COMMIT_STAGES.length });
  report('reading');
  const stored = await findImport(deps.db, id);
  if (!stored) throw new ImportGoneError(id, 'missing');
  if (isExpired(stored)) throw new ImportGoneError(id, 'expired');
  if (stored.committedJurisdictionId !== null) throw new ImportGoneError(id, 'committed');
  const files = await importSourceFiles(deps.importDir, id, await listImportFiles(deps.db, id));
  const preview = await previewUpload(deps.db, files, stored.manifest, deps.workers ?? null);

  report('converting');
  const result = await writePreview(deps.db, preview, options, () => report('writing'));
  await markImportCommitted(deps.db, id, result.jurisdictionId, preview.manifest);
  await removeImportFolder(deps.importDir, id);
  deps.analysis.invalidate(result.jurisdictionId);

  report('network');
  await deps.analysis.prepareNetwork(result.jurisdictionId);
  report('indicators');
  await deps.analysis.prepareIndicators(result.jurisdictionId);
  return result;
}

/**
 * Converts and writes a preview without problems (the CLI's path too): validates the package it made
 * against the stored profiles, asks `options.authorize`, then writes it in ONE transaction. Throws
 * ImportProblemsError (nothing written) when the preview or the package has any problem.
 */
export async function writePreview(
  db: Kysely<Database>,
  preview: ImportPreview,
  options: CommitOptions,
  onWriting: () => void = () => {},
): Promise<CommitResult> {
  const problems = allProblems(preview);
  if (problems.length > 0 || !preview.package) throw new ImportProblemsError(problems);
  const validation = validatePackage(preview.package, await listProfiles(db));
  if (!validation.ok) {
    // validatePackage writes each problem in the current reader's language, as previewImport does.
    throw new ImportProblemsError(
      validation.errors.map((e) => ({
        file: e.file,
        ...(e.feature !== undefined ? { row: e.feature } : {}),
        ...(e.property ? { column: e.property } : {}),
        code: 'invalid',
        message: e.problem,
      })),
    );
  }
  options.authorize?.(validation.pkg.id);
  onWriting();
  const fileNames = [...new Set(preview.layers.map((layer) => layer.file))].join(', ');
  const result = await importPackage(db, validation.pkg, {
    importedBy: options.importedBy,
    packageName: options.packageName ?? (fileNames || 'upload'),
  });
  return { ...result, warnings: validation.warnings };
}
