// Entry of a compute-pool worker thread (./pool.ts). The server's sources are TypeScript run through
// tsx; a worker thread starts with a fresh module loader, so it registers tsx before loading the tasks.
import { move } from 'piscina';
import { register } from 'tsx/esm/api';

register();
const { runTask } = await import('./tasks.ts');

/** @param {import('./tasks.ts').ComputeTask} task */
export default async function (task) {
  const answer = await runTask(task);
  // The packed network is handed over, not copied.
  return answer instanceof ArrayBuffer ? move(answer) : answer;
}
