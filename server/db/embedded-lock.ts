/**
 * One process at a time on an embedded (PGlite) database folder. PGlite keeps its data in the folder but
 * does not lock it: a second process opening it works on a copy the first never sees, so a user created
 * by `npm run user` while `npm start` runs could never sign in. Whoever opens the folder (the server or
 * a CLI) writes `tuowei.lock` with its pid; another process finding a live holder refuses to open it.
 * A lock left by a process that has died (a crash, SIGKILL) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'tuowei.lock';

interface LockContent {
  pid: number;
  /** What holds it: "server" or the CLI's name. */
  holder: string;
  since: string;
}

/** The folder is held by another live process. The message tells the user what to do. */
export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockContent,
  ) {
    super(
      `the embedded database in ${dir} is in use by a running Tuowei ${holder.holder} (pid ${holder.pid}, since ${holder.since}). ` +
        'Stop it first, or, while the server runs, use its admin API instead (POST /api/admin/users, POST /api/admin/tokens, ' +
        'POST /api/jurisdictions/import). With DATABASE_URL (PostgreSQL) the CLIs and any number of servers may run together.',
    );
    this.name = 'EmbeddedDatabaseBusyError';
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockContent | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number'
      ? { pid: parsed.pid, holder: String(parsed.holder ?? 'process'), since: String(parsed.since ?? '?') }
      : null;
  } catch {
    return null;
  }
}

/**
 * Takes the folder's lock for this process, or throws EmbeddedDatabaseBusyError when another live
 * process holds it. Returns the release function (idempotent; also run when the process exits).
 */
export function lockEmbeddedDatabase(dir: string, holder: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const content: LockContent = { pid: process.pid, holder, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(content));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readLock(file);
      if (current && current.pid !== process.pid && isAlive(current.pid)) throw new EmbeddedDatabaseBusyError(dir, current);
      rmSync(file, { force: true }); // stale: its process is gone (or the file is unreadable)
    }
  }
  throw new Error(`cannot take the lock ${file}`);
}
