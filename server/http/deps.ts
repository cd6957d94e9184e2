import type { Kysely } from 'kysely';
import type { AnalysisService } from '../analysis/analysis-service.js';
import type { Database } from '../db/database.js';
import type { Config } from '../config.js';
import type { JobService } from '../jobs/job-service.js';

/** What the HTTP shell needs from the outside world; tests build it with their own database. */
export interface AppDeps {
  db: Kysely<Database>;
  analysis: AnalysisService;
  config: Config;
  /** Long work as jobs: submit, and read a job's state (server/jobs/). */
  jobs: JobService;
}
