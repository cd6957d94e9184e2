/**
 * `npm run worker`: a worker process of the server mode (DATABASE_URL set) — it takes jobs from the
 * queue in PostgreSQL and runs them (server/jobs/README.md). Run as many as the machine has cores to
 * spare, beside any number of `npm start` replicas. In the embedded mode it refuses (exit 2): the
 * server runs jobs itself there, and no command may write into its database behind its back.
 */
import { language } from './language.js';
import { runWorkerProcess } from '../jobs/worker-process.js';

await runWorkerProcess({ language });
