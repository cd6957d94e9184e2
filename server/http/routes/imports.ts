/**
 * The import wizard's routes (issue #13): upload files for a preview that writes nothing, change its
 * manifest, commit it in one transaction, download the confirmed manifest. The upload streams to a
 * folder on this server's disk (server/import/upload-store.ts; zips unpacked there entry by entry), the
 * preview's row (owner, manifest, list of files) is stored in the database
 * (server/db/imports.repository.ts). It belongs to the token or user that made it (and admins) and
 * expires after an hour (410, then deleted with its files); a commit removes its files.
 */
import { rm } from 'node:fs/promises';
import type { Request } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import {
  createImport,
  deleteExpiredImports,
  deleteImport,
  findImport,
  IMPORT_PREVIEW_TTL_MS,
  isExpired,
  listImportFiles,
  newImportId,
  updateImportManifest,
  type StoredImport,
} from '../../db/imports.repository.js';
import { commitImport, ImportGoneError, ImportProblemsError } from '../../import/commit-import.js';
import { commitAnalysis, IMPORT_COMMITTED, IMPORT_FILES_ELSEWHERE, importJob } from '../../jobs/kinds/import.js';
import { summarizeAfterImport } from '../../jobs/kinds/county-summaries.js';
import { ownerOf } from '../../jobs/job-service.js';
import { acceptJob } from './jobs.js';
import { expandUploads, isZip, numberedPaths, UploadedFileError } from '../../import/expand-uploads.js';
import { importProblemPath } from '../../import/problem-path.js';
import {
  ImportFilesMissingError,
  importSourceFiles,
  makeImportFolder,
  removeImportFolder,
  storedFiles,
  sweepImportFolders,
} from '../../import/upload-store.js';
import { allProblems, previewUpload, type ImportPreview, type ImportProblem } from '../../import/upload-preview.js';
import type { Language } from '../../model/index.js';
import {
  importCommitResultSchema,
  importParams,
  importPreviewSchema,
  importUpdateBodySchema,
  importUploadForm,
  manifestSchema,
} from '../../schemas/imports.js';
import { mayAccessJurisdiction, requireJurisdictionScope, type Caller } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { badRequest, bilingual, HttpError, notFound, unprocessable } from '../errors.js';
import { requestLanguage } from '../language.js';
import { readMultipart } from '../multipart.js';
import { defineRoute } from '../route.js';

/** A problem as answered: its message was written in the request's language (server/http/language.ts). */
function problemOut(problem: ImportProblem) {
  return {
    file: problem.file,
    ...(problem.row !== undefined ? { row: problem.row } : {}),
    ...(problem.column !== undefined ? { column: problem.column } : {}),
    code: problem.code,
    message: problem.message,
  };
}

/** The jurisdiction id a manifest names, when it names one. */
function manifestJurisdiction(manifest: unknown): string | null {
  const id = (manifest as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}

/** The preview as answered: problems in the reader's language, each layer with its first features for the map. */
function previewAnswer(stored: StoredImport, preview: ImportPreview, caller: Caller, language: Language) {
  const problems = allProblems(preview);
  // A scoped caller learns before committing that the package names a jurisdiction it may not write.
  const jurisdictionId = manifestJurisdiction(preview.manifest);
  if (jurisdictionId !== null && !mayAccessJurisdiction(caller, jurisdictionId)) {
    problems.push({
      file: 'manifest.json',
      column: 'id',
      code: 'out_of_scope',
      message: bilingual(
        `无权导入辖区“${jurisdictionId}”（可操作：${caller.jurisdictions!.join('、') || '无'}）`,
        `you may not import jurisdiction "${jurisdictionId}" (you may: ${caller.jurisdictions!.join(', ') || 'none'})`,
      )[language],
    });
  }
  return {
    id: stored.id,
    manifest: preview.manifest,
    layers: preview.layers.map((layer) => {
      // Drawn whether or not the preview has problems: what could be read, problem rows marked.
      const geometry = layer.drawn;
      return {
        layer: layer.layer,
        file: layer.file,
        format: layer.format,
        crs: layer.crs,
        encoding: layer.encoding,
        features: layer.features,
        fields: layer.fields,
        mapping: layer.mapping,
        values: layer.values,
        sample: layer.sample,
        notes: layer.notes,
        ...(geometry ? { geometry } : {}),
        problems: layer.problems.map((p) => problemOut(p)),
      };
    }),
    problems: problems.map((p) => problemOut(p)),
    expiresAt: stored.expiresAt,
    committedJurisdictionId: stored.committedJurisdictionId,
  };
}

/** An unusable uploaded file as an answer: 413 for a zip that unpacks to too much, 422 for a broken one or a repeated name. */
function uploadProblem(error: UploadedFileError): HttpError {
  if (error.tooLarge)
    return new HttpError(413, 'payload_too_large', bilingual(`“${error.file}”：${error.text.zh}`, `"${error.file}": ${error.text.en}`));
  return unprocessable(bilingual(`无法使用上传的文件“${error.file}”`, `the uploaded file "${error.file}" cannot be used`), [
    { path: error.file, message: error.text },
  ]);
}

const importCommitted = () => new HttpError(410, 'gone', IMPORT_COMMITTED);
const filesElsewhere = () => new HttpError(409, 'conflict', IMPORT_FILES_ELSEWHERE);

/** Whether `caller` made the preview. */
function owns(caller: Caller, stored: StoredImport): boolean {
  return caller.via === 'token' ? caller.tokenId === stored.owner.tokenId : caller.userId !== null && caller.userId === stored.owner.userId;
}

const importNotFound = (id: string) => notFound(bilingual(`导入预览“${id}”`, `import preview "${id}"`));
const importExpired = (id: string) =>
  new HttpError(
    410,
    'gone',
    bilingual(
      `导入预览“${id}”已过期（预览保留一小时）并已删除，请重新上传文件`,
      `import preview "${id}" has expired (previews last an hour) and was deleted; upload the files again`,
    ),
  );

/** The preview `id` when the caller may continue it: 404 unknown, 410 expired (then deleted), 403 another's. */
async function ownedImport(db: Kysely<Database>, importDir: string, caller: Caller, id: string): Promise<StoredImport> {
  const stored = await findImport(db, id);
  if (!stored) throw importNotFound(id);
  if (isExpired(stored)) {
    await deleteImport(db, id);
    await removeImportFolder(importDir, id);
    throw importExpired(id);
  }
  if (caller.role !== 'admin' && !owns(caller, stored)) {
    throw new HttpError(403, 'forbidden', bilingual('此导入预览属于其他用户', 'this import preview belongs to someone else'));
  }
  return stored;
}

/** The manifest part of the form: JSON text of an object, or absent. */
function parseManifestField(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest(bilingual('manifest 字段不是有效的 JSON', 'the manifest field is not valid JSON'), [
      { path: 'body.manifest', message: bilingual((error as Error).message, (error as Error).message) },
    ]);
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    throw badRequest(bilingual('manifest 字段应为 JSON 对象', 'the manifest field must be a JSON object'), [
      { path: 'body.manifest', message: bilingual('应为 JSON 对象', 'must be a JSON object') },
    ]);
  }
  return result.data;
}

function callerOf(caller: Caller | null): Caller {
  // Every route here requires the bureau role, so authentication has found a caller.
  if (!caller) throw new HttpError(401, 'unauthorized', bilingual('需要登录', 'sign in first'));
  return caller;
}

/** The preview read again from its files on this server's disk: 410 once committed (its files are gone), 409 when they are on another server. */
async function previewStored(deps: AppDeps, stored: StoredImport): Promise<ImportPreview> {
  if (stored.committedJurisdictionId !== null) throw importCommitted();
  let files;
  try {
    files = await importSourceFiles(deps.config.importDir, stored.id, await listImportFiles(deps.db, stored.id));
  } catch (error) {
    if (error instanceof ImportFilesMissingError) throw filesElsewhere();
    throw error;
  }
  return previewUpload(deps.db, files, stored.manifest, deps.analysis.compute);
}

/**
 * Streams the upload into a new preview's folder, unpacks its zips there (each checked before it is
 * inflated), previews it and stores the preview's row. On any failure the folder is removed: nothing
 * of a refused upload stays on the disk.
 */
async function storeUpload(deps: AppDeps, req: Request, who: Caller) {
  const { importDir, maxBodyBytes, maxUnzippedBytes } = deps.config;
  const id = newImportId();
  const folder = await makeImportFolder(importDir, id);
  try {
    const form = await readMultipart(req, { maxBytes: maxBodyBytes, saveTo: numberedPaths(folder, 'upload-') });
    if (form.files.length === 0) {
      throw badRequest(bilingual('请至少上传一个文件（字段 files）', 'upload at least one file (field files)'), [
        { path: 'body.files', message: bilingual('缺少文件', 'no file') },
      ]);
    }
    const manifest = parseManifestField(form.fields.manifest);
    let files;
    try {
      files = await expandUploads(form.files, maxUnzippedBytes, numberedPaths(folder));
    } catch (error) {
      if (error instanceof UploadedFileError) throw uploadProblem(error);
      throw error;
    }
    // Only what the zips held is read again: the zips themselves go.
    for (const file of form.files) if (isZip(file.name)) await rm(file.path, { force: true });
    const preview = await previewUpload(deps.db, files, manifest, deps.analysis.compute);
    const stored = await createImport(deps.db, {
      id,
      owner: { tokenId: who.tokenId, userId: who.userId, name: who.name },
      manifest: manifest ?? null,
      files: storedFiles(importDir, id, files),
    });
    return { stored, preview };
  } catch (error) {
    await removeImportFolder(importDir, id);
    throw error;
  }
}

const language = (req: Request) => requestLanguage(req);

export const importsRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/imports',
    summary: 'Upload files for an import preview (writes nothing)',
    description:
      'Send `multipart/form-data` with one or more `files` parts (a zip, or loose files such as a Shapefile’s .shp/.dbf/.shx/.prj) and an optional `manifest` part (JSON, DATA_FORMAT.md version 1 or 2). The answer previews every layer (format, CRS, encoding, feature count, columns, proposed mapping, first rows) and lists every problem; nothing is imported. The preview is kept for an hour: change it with PUT /api/imports/{id}, import it with POST /api/imports/{id}/commit.',
    tags: ['import'],
    access: 'bureau',
    multipartForm: importUploadForm,
    response: importPreviewSchema,
    successStatus: 201,
    errors: [413, 415, 422],
    handler: async ({ deps, caller, req }) => {
      const who = callerOf(caller);
      // Expired previews go first, their rows and their folders (and folders a stopped server left).
      await sweepImportFolders(deps.config.importDir, await deleteExpiredImports(deps.db), IMPORT_PREVIEW_TTL_MS);
      const { stored, preview } = await storeUpload(deps, req, who);
      return previewAnswer(stored, preview, who, language(req));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/imports/{id}',
    summary: 'The preview of an import again (e.g. after reloading the wizard)',
    tags: ['import'],
    access: 'bureau',
    params: importParams,
    response: importPreviewSchema,
    errors: [404, 409, 410],
    handler: async ({ deps, caller, params, req }) => {
      const who = callerOf(caller);
      const stored = await ownedImport(deps.db, deps.config.importDir, who, params.id);
      return previewAnswer(stored, await previewStored(deps, stored), who, language(req));
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/imports/{id}',
    summary: 'Change the manifest of an import preview (mapping, CRS, encoding, values) and preview again',
    description:
      'The body’s `manifest` replaces the preview’s (send the whole manifest, e.g. the one a preview answered, changed). Nothing is imported.',
    tags: ['import'],
    access: 'bureau',
    params: importParams,
    body: importUpdateBodySchema,
    response: importPreviewSchema,
    errors: [404, 409, 410, 422],
    handler: async ({ deps, caller, params, body, req }) => {
      const who = callerOf(caller);
      const stored = await ownedImport(deps.db, deps.config.importDir, who, params.id);
      await updateImportManifest(deps.db, stored.id, body.manifest);
      const changed = { ...stored, manifest: body.manifest };
      return previewAnswer(changed, await previewStored(deps, changed), who, language(req));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/imports/{id}/commit',
    summary: 'Import a preview: writes the jurisdiction in one transaction',
    description:
      'Reads the uploaded files again with the preview’s manifest. Any problem → 422 listing every one (file, row, column), nothing written. Otherwise the package replaces (or creates) the jurisdiction in one transaction; the walking network and indicators are prepared before the answer, so the map opens at once. With the request header `Prefer: respond-async` (what the import wizard sends) it runs as a job instead: `202 Accepted`, `{"job": {"id", "status", "progress"}}` and `Location: /api/jobs/{id}`, whose `stage` names the step (reading, converting, writing, building the walking network, computing indicators) and whose `result` is this same body, or whose `error` lists the problems.',
    tags: ['import'],
    access: 'bureau',
    params: importParams,
    response: importCommitResultSchema,
    successStatus: 201,
    errors: [404, 409, 410, 422],
    mayAnswerWithJob: true,
    handler: async ({ deps, caller, params, req, res }) => {
      const who = callerOf(caller);
      const stored = await ownedImport(deps.db, deps.config.importDir, who, params.id);
      if (stored.committedJurisdictionId !== null) throw importCommitted();
      if (/\brespond-async\b/i.test(req.get('prefer') ?? '')) {
        // The preview's files are on this server's disk: the job runs here, not on whichever worker is free.
        const job = await deps.jobs.submitHere({
          kind: importJob.kind,
          jurisdictionId: null,
          owner: ownerOf(who),
          ownerName: who.name,
          payload: { importId: stored.id, importedBy: who.name, scope: who.jurisdictions },
        });
        acceptJob(res, job);
        return;
      }
      try {
        const result = await commitImport(
          { db: deps.db, analysis: commitAnalysis(deps.analysis), importDir: deps.config.importDir, workers: deps.analysis.compute },
          stored.id,
          () => {},
          { importedBy: who.name, authorize: (jurisdictionId) => requireJurisdictionScope(who, jurisdictionId) },
        );
        await summarizeAfterImport(deps, result.jurisdictionId, { owner: ownerOf(who), ownerName: who.name }, (error) =>
          req.log?.warn({ err: error, jurisdiction: result.jurisdictionId }, 'submitting the county summary job failed'),
        );
        return result;
      } catch (error) {
        if (error instanceof ImportGoneError)
          throw error.reason === 'expired'
            ? importExpired(stored.id)
            : error.reason === 'committed'
              ? importCommitted()
              : importNotFound(stored.id);
        if (error instanceof ImportFilesMissingError) throw filesElsewhere();
        if (!(error instanceof ImportProblemsError)) throw error;
        throw unprocessable(
          bilingual(
            `导入有 ${error.problems.length} 处问题，未导入任何数据`,
            `the import has ${error.problems.length} problem(s); nothing was imported`,
          ),
          error.problems.map((p) => ({ path: importProblemPath(p), message: bilingual(p.message, p.message) })),
          { problems: error.problems.map((p) => problemOut(p)) },
        );
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/imports/{id}/manifest',
    summary: 'Download the manifest.json of an import preview',
    description:
      'The effective manifest (files, CRS, encodings, mappings, value mappings) as `manifest.json`: put it beside the files to run the same import again with `npm run import -- <folder>`.',
    tags: ['import'],
    access: 'bureau',
    params: importParams,
    response: manifestSchema,
    errors: [404, 409, 410],
    handler: async ({ deps, caller, params, res }) => {
      const who = callerOf(caller);
      const stored = await ownedImport(deps.db, deps.config.importDir, who, params.id);
      // A committed preview kept the manifest it was written with; its files are gone.
      const manifest = stored.committedJurisdictionId !== null ? stored.manifest : (await previewStored(deps, stored)).manifest;
      res.attachment('manifest.json');
      res.type('application/json').send(`${JSON.stringify(manifest, null, 2)}\n`);
    },
  }),
];
