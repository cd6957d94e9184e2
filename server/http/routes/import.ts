/**
 * Data package import over HTTP: a zip (the package folder zipped) or JSON `{ "files": { name: content } }`.
 * The whole package is validated first; any problem → 422 listing every problem, nothing written.
 * Bureau or admin role.
 */
import { z } from 'zod';
import { listProfiles } from '../../db/profiles.repository.js';
import {
  importPackage,
  PackageValidationError,
  readPackageZip,
  validatePackage,
  zipProblem,
  type PackageError,
  type PackageFiles,
} from '../../import/index.js';
import { bilingual, unprocessable } from '../errors.js';
import { enforceGeoJsonLimits } from '../security.js';
import { defineRoute } from '../route.js';
import { requireJurisdictionScope } from '../auth.js';
import { ownerOf } from '../../jobs/job-service.js';
import { summarizeAfterImport } from '../../jobs/kinds/county-summaries.js';

const importBodySchema = z.object({
  files: z
    .record(z.string().max(100), z.unknown())
    .describe('File name → parsed content, e.g. {"manifest.json": {...}, "townships.geojson": {...}}'),
});

const importResultSchema = z.object({
  jurisdictionId: z.string(),
  dataVersion: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  warnings: z.array(z.string()),
});

/** `facilities.geojson#3.slots` — file, feature index and property of a package problem. */
export function packageErrorPath(error: PackageError): string {
  return `${error.file}${error.feature !== undefined ? `#${error.feature}` : ''}${error.property ? `.${error.property}` : ''}`;
}

export const importRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/jurisdictions/import',
    summary: 'Import a data package (replaces the jurisdiction’s data when its id exists)',
    description:
      'Send the package as a zip (`Content-Type: application/zip`) or as JSON `{"files": {...}}`. The package is validated as a whole; a bad package is rejected with 422 listing every problem (file, feature index, property) and nothing is written. The import runs in one transaction.',
    tags: ['import'],
    access: 'bureau',
    body: importBodySchema,
    bodyMediaTypes: ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'],
    response: importResultSchema,
    successStatus: 201,
    errors: [413, 422],
    handler: async ({ deps, body, rawBody, caller, req }) => {
      let files: PackageFiles;
      if (rawBody) {
        try {
          files = readPackageZip(new Uint8Array(rawBody), deps.config.maxUnzippedBytes);
        } catch (error) {
          throw unprocessable(bilingual('上传的文件不是可读取的 zip 压缩包', 'the upload is not a readable zip archive'), [
            { path: 'body', message: zipProblem(error) },
          ]);
        }
      } else {
        files = body.files;
      }
      // A JSON body was measured by mountRoutes; a zip only now that it is unpacked.
      if (rawBody) enforceGeoJsonLimits(files, deps.config.uploadLimits, 'package');
      const validation = validatePackage(files, await listProfiles(deps.db));
      if (!validation.ok) {
        throw unprocessable(
          bilingual(
            `数据包有 ${validation.errors.length} 处问题，未导入任何数据`,
            `the data package has ${validation.errors.length} problem(s); nothing was imported`,
          ),
          // Each problem was written in the reader's language when the package was validated.
          validation.errors.map((e) => ({ path: packageErrorPath(e), message: bilingual(e.problem, e.problem) })),
          { errors: validation.errors },
        );
      }
      // A scoped credential imports only jurisdictions its scope names (a new one too: an admin adds it).
      // A caller scoped to a province or city may import the jurisdictions below it.
      const { parentId } = validation.pkg;
      if (caller)
        requireJurisdictionScope(
          caller,
          validation.pkg.id,
          parentId ? [parentId, ...(await deps.analysis.tree()).ancestorsOf(parentId)] : [],
        );
      let result;
      try {
        result = await importPackage(deps.db, validation.pkg, {
          importedBy: caller?.name ?? 'api',
          packageName: rawBody ? 'upload.zip' : 'upload.json',
        });
      } catch (error) {
        // Checked against the stored tree in the import's transaction: the parent and the tree's shape.
        if (!(error instanceof PackageValidationError)) throw error;
        throw unprocessable(
          bilingual(
            `数据包有 ${error.errors.length} 处问题，未导入任何数据`,
            `the data package has ${error.errors.length} problem(s); nothing was imported`,
          ),
          error.errors.map((e) => ({ path: packageErrorPath(e), message: bilingual(e.problem, e.problem) })),
          { errors: error.errors },
        );
      }
      deps.analysis.invalidate(result.jurisdictionId);
      // A county below a city or province: its roll-ups get its new figures from the queue.
      await summarizeAfterImport(deps, result.jurisdictionId, { owner: ownerOf(caller), ownerName: caller?.name ?? null }, (error) =>
        req.log?.warn({ err: error, jurisdiction: result.jurisdictionId }, 'submitting the county summary job failed'),
      );
      return { ...result, warnings: validation.warnings };
    },
  }),
];
