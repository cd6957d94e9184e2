// Entry of a compute-pool worker thread (./pool.ts). The server's sources are TypeScript run through
// tsx; a worker thread starts with a fresh module loader, so it registers tsx before loading the tasks.
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { register } from 'tsx/esm/api';

register();
const { runTask, Handover } = await import('./tasks.ts');

/** @param {import('./tasks.ts').ComputeTask} task */
export default async function (task) {
  const answer = await runTask(task);
  // The packed network, and the typed arrays of a handover, are handed over, not copied.
  if (answer instanceof ArrayBuffer) return move(answer);
  if (answer instanceof Handover) return move({ [transferableSymbol]: answer.buffers, [valueSymbol]: answer.answer });
  return answer;
}
