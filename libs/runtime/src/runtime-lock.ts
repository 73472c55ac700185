import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { isAlive } from './embedded-postgres.js';

export type LockResult = { acquired: true; release(): void } | { acquired: false; heldBy: number };

/**
 * One runtime per data directory: the lock file holds the launcher's pid and is created
 * with O_EXCL. A lock whose pid is dead (or now belongs to some other program) is stale and
 * taken over.
 */
export function acquireRuntimeLock(path: string): LockResult {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return { acquired: true, release: () => releaseIfOurs(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = lockHolder(path);
    if (holder !== undefined && holder !== process.pid && isLauncher(holder))
      return { acquired: false, heldBy: holder };
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`could not take the runtime lock ${path}: another launcher keeps racing for it`);
}

function lockHolder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Alive, and (where /proc tells) still a Node process rather than an unrelated one that reused the pid. */
function isLauncher(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true;
  }
}

function releaseIfOurs(path: string): void {
  if (lockHolder(path) !== process.pid) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
