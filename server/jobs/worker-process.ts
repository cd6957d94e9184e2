/**
 * A worker process (server mode): takes jobs from the PostgreSQL queue and runs them, their CPU-heavy
 * parts in its compute pool's threads, until SIGTERM/SIGINT, when it finishes the running jobs and
 * exits. Any number of them may run beside any number of API replicas on one database.
 */
import { loadConfig } from '../config.js';
import { openConfiguredDatabase } from '../db/database.js';
import { migrationStatus } from '../db/migrate.js';
import { createLogger } from '../http/logging.js';
import { bilingual, type Bilingual, type Language } from '../model/index.js';
import { createJobServices } from './index.js';
import type { AnyJobKind } from './job-kind.js';

/** Exit status when the worker refuses to start (embedded mode, or migrations pending). */
export const EXIT_REFUSED = 2;

export interface WorkerProcessOptions {
  language: Language;
  /** Kinds besides the registered ones (tests). */
  extraKinds?: readonly AnyJobKind[];
  /** How often this instance looks for jobs of dead workers, in seconds (default 5). */
  superviseSeconds?: number;
}

export async function runWorkerProcess(options: WorkerProcessOptions): Promise<void> {
  const say = (message: Bilingual) => message[options.language];
  const config = loadConfig();
  if (!config.databaseUrl) {
    console.error(
      say(
        bilingual(
          'worker：未设置 DATABASE_URL，即嵌入式数据库（PGlite）模式。此模式下由服务器进程（npm start）自己在工作线程中执行任务，且数据库只属于该进程，命令行工具不得绕过它写入；无需也不能单独启动 worker。如需多个 worker，请设置 DATABASE_URL 使用 PostgreSQL。',
          'worker: DATABASE_URL is not set, so this is the embedded (PGlite) mode. There the server process (npm start) runs every job itself, in worker threads, and the database belongs to it alone: no command may write behind its back, so a separate worker neither can nor needs to run. For separate workers, set DATABASE_URL to a PostgreSQL database.',
        ),
      ),
    );
    process.exit(EXIT_REFUSED);
  }
  const logger = createLogger(config);
  const database = await openConfiguredDatabase(config, 'worker');
  const status = await migrationStatus(database.db);
  if (status.pending.length > 0) {
    console.error(
      say(
        bilingual(
          `worker：数据库有待执行的迁移（${status.pending.join('、')}）；请先启动服务器或运行 npm run migrate`,
          `worker: the database has pending migrations (${status.pending.join(', ')}); start the server or run npm run migrate first`,
        ),
      ),
    );
    await database.close();
    process.exit(EXIT_REFUSED);
  }
  const { jobs, compute } = createJobServices(database.db, config, {
    work: true,
    logger,
    ...(options.extraKinds ? { extraKinds: options.extraKinds } : {}),
    ...(options.superviseSeconds !== undefined ? { superviseSeconds: options.superviseSeconds } : {}),
  });
  await jobs.start();
  // Written at any LOG_LEVEL: scripts and tests wait for this line.
  console.log(say(bilingual(`Tuowei worker 已就绪，进程号 ${process.pid}`, `Tuowei worker ready, pid ${process.pid}`)));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'finishing running jobs, then exiting');
    jobs
      .stop()
      .then(() => database.close())
      .then(() => compute.close())
      .catch((error: unknown) => logger.error({ err: error }, 'stopping the worker failed'))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
