/**
 * Job kind `import`: an import preview committed off the request path (POST /api/imports/{id}/commit
 * with `Prefer: respond-async`, what the import wizard sends), so the wizard shows the real stages —
 * reading, converting, writing, building the walking network, computing indicators — while it runs.
 * The write is one transaction (commitImport); a retried attempt after a dead worker starts over and
 * finds either nothing written or the preview already committed. The preview's files are on the disk
 * of the server that received the upload, so the route runs this job there (JobService.submitHere).
 * A county committed below a city or province gets its `county summary` job (./county-summaries.ts).
 */
import { z } from 'zod';
import type { AnalysisService } from '../../analysis/analysis-service.js';
import {
  commitImport,
  COMMIT_STAGES,
  ImportGoneError,
  ImportProblemsError,
  type CommitAnalysis,
  type CommitStage,
} from '../../import/commit-import.js';
import { importProblemPath } from '../../import/problem-path.js';
import { ImportFilesMissingError } from '../../import/upload-store.js';
import { bilingual, type Bilingual } from '../../model/index.js';
import { defineJobKind, JobFailure } from '../job-kind.js';
import { summarizeAfterImport } from './county-summaries.js';

/** What a person reads while each stage runs. */
const STAGE_TEXT: Record<CommitStage, Bilingual> = {
  reading: bilingual('读取上传的文件', 'reading the uploaded files'),
  converting: bilingual('转换坐标与字段并校验', 'converting coordinates and columns, and checking'),
  writing: bilingual('写入数据库（一个事务）', 'writing to the database (one transaction)'),
  network: bilingual('构建步行路网', 'building the walking network'),
  indicators: bilingual('计算指标', 'computing the indicators'),
};

/** A preview committed already: its files were removed. */
export const IMPORT_COMMITTED = bilingual(
  '此导入预览已经导入，其文件已删除；如需再次导入，请重新上传文件',
  'this import preview was imported already and its files were removed; upload the files again to import again',
);

/** A preview whose files are on the disk of another server of the service. */
export const IMPORT_FILES_ELSEWHERE = bilingual(
  '此导入预览的文件保存在接收上传的那台服务器上，当前服务器没有；请重试（负载均衡应将同一预览的请求发往同一服务器）或重新上传文件',
  'this import preview’s files are kept on the server that received the upload, not on this one; retry (the load balancer should send one preview’s requests to one server) or upload the files again',
);

/** The analysis cache as the commit uses it: forget the old data, then load the new and prepare what the map asks first. */
export function commitAnalysis(analysis: AnalysisService): CommitAnalysis {
  return {
    invalidate: (id) => analysis.invalidate(id),
    prepareNetwork: async (id) => {
      await (await analysis.get(id))?.prepareNetwork();
    },
    prepareIndicators: async (id) => {
      const loaded = await analysis.get(id);
      loaded?.indicators(loaded.data.year);
    },
  };
}

export const importJobPayload = z.object({
  importId: z.string(),
  /** Who committed it, for the import log. */
  importedBy: z.string(),
  /** The committer's jurisdictions (null: every jurisdiction), checked against the package's id. */
  scope: z.array(z.string()).nullable(),
});

export const importJob = defineJobKind({
  kind: 'import',
  payload: importJobPayload,
  async run({ job, payload, deps, progress }) {
    try {
      const result = await commitImport(
        { db: deps.db, analysis: commitAnalysis(deps.analysis), importDir: deps.config.importDir, workers: deps.compute },
        payload.importId,
        ({ stage }) => void progress((COMMIT_STAGES.indexOf(stage) + 0.5) / COMMIT_STAGES.length, STAGE_TEXT[stage]).catch(() => undefined),
        {
          importedBy: payload.importedBy,
          authorize: (jurisdictionId) => {
            if (payload.scope === null || payload.scope.includes(jurisdictionId)) return;
            throw new JobFailure(
              403,
              'out_of_scope',
              bilingual(`无权导入辖区“${jurisdictionId}”`, `may not import jurisdiction "${jurisdictionId}"`),
            );
          },
        },
      );
      // A county below a city or province: its roll-ups get its new figures from the queue.
      await summarizeAfterImport(deps, result.jurisdictionId, { owner: job.owner, ownerName: job.ownerName });
      return result;
    } catch (error) {
      if (error instanceof ImportGoneError) {
        if (error.reason === 'expired')
          throw new JobFailure(
            410,
            'gone',
            bilingual('导入预览已过期（保留一小时），请重新上传', 'the import preview has expired (kept for an hour); upload again'),
          );
        if (error.reason === 'committed') throw new JobFailure(410, 'gone', IMPORT_COMMITTED);
        throw new JobFailure(404, 'not_found', bilingual('没有这个导入预览', 'no such import preview'));
      }
      if (error instanceof ImportFilesMissingError) throw new JobFailure(409, 'conflict', IMPORT_FILES_ELSEWHERE);
      if (error instanceof ImportProblemsError)
        throw new JobFailure(
          422,
          'unprocessable',
          bilingual(
            `导入有 ${error.problems.length} 处问题，未导入任何数据`,
            `the import has ${error.problems.length} problem(s); nothing was imported`,
          ),
          error.problems.map((p) => ({ path: importProblemPath(p), message: bilingual(p.message, p.message) })),
        );
      throw error;
    }
  },
});
