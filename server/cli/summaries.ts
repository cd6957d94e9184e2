/**
 * `npm run summaries -- [--year 2025] [root-id]`: computes and stores the summary of every county below
 * `root-id` (a province or city; default every county), so their roll-ups are complete. On the database
 * the server uses (DATABASE_URL and TUOWEI_DB_SCHEMA, else PGlite in TUOWEI_DB_DIR).
 */
import './language.js';
import { parseArgs } from 'node:util';
import { AnalysisService } from '../analysis/analysis-service.js';
import { fillCountySummaries } from '../jobs/county-summaries.js';
import { say, bilingual } from '../model/index.js';
import { openCliDatabase } from './database.js';

const { values, positionals } = parseArgs({ options: { year: { type: 'string' } }, allowPositionals: true });
const year = values.year === undefined ? undefined : Number(values.year);
if (year !== undefined && !Number.isInteger(year)) {
  console.error(say(bilingual(`--year 应为整数年份，而不是“${values.year}”`, `--year must be a whole year, not "${values.year}"`)));
  process.exit(2);
}
const handle = await openCliDatabase('summaries');
let exitCode = 0;
try {
  const started = performance.now();
  const result = await fillCountySummaries(new AnalysisService(handle.db), {
    ...(positionals[0] ? { root: positionals[0] } : {}),
    ...(year !== undefined ? { year } : {}),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    say(
      bilingual(
        `已保存 ${result.stored.length} 个区县的汇总（${seconds} 秒）；${result.skipped.length} 个区县无该年份数据`,
        `stored the summaries of ${result.stored.length} counties (${seconds} s); ${result.skipped.length} counties have no data of that year`,
      ),
    ),
  );
} catch (error) {
  console.error((error as Error).message);
  exitCode = 1;
} finally {
  await handle.close();
}
process.exit(exitCode);
