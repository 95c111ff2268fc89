/**
 * An embedded PGlite data folder may be opened by one process only (PGlite has no inter-process
 * locking; two writers corrupt it). Every command that opens it takes this lock: a file holding
 * the owner's pid. A lock whose process is gone is stale and is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE_NAME = 'bazaar.lock';

export interface LockOwner {
  pid: number;
  /** What the owner is doing: "server", "worker", "migrate". */
  purpose: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The data folder ${dataDir} is in use by a running Bazaar ${owner.purpose} (pid ${owner.pid}). ` +
        `Stop it first, or use the Admin API (bazaar marketplace/app … commands) while it runs. ` +
        `If no such process exists, delete ${join(dataDir, LOCK_FILE_NAME)}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if this process still owns it. Idempotent. */
  release(): void;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
};

const readOwner = (path: string): LockOwner | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('pid' in parsed) || typeof parsed.pid !== 'number') return undefined;
  const purpose = 'purpose' in parsed && typeof parsed.purpose === 'string' ? parsed.purpose : 'process';
  const startedAt = 'startedAt' in parsed && typeof parsed.startedAt === 'string' ? parsed.startedAt : '';
  return { pid: parsed.pid, purpose, startedAt };
};

const isExists = (err: unknown): boolean => err instanceof Error && 'code' in err && err.code === 'EEXIST';

/**
 * Takes the lock on dataDir for this process, creating the folder if needed. Throws
 * DataDirLockedError while another live process holds it.
 */
export function acquireDataDirLock(dataDir: string, purpose: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE_NAME);
  const owner: LockOwner = { pid: process.pid, purpose, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      // 'wx' creates exclusively: of two processes racing, exactly one succeeds.
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify(owner));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (err) {
      if (!isExists(err) || attempt >= 2) throw err;
      const current = readOwner(path);
      if (current && isAlive(current.pid)) throw new DataDirLockedError(dataDir, current);
      if (!current && attempt === 0) {
        // An unreadable file may be one another process is writing right now: look again shortly.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        continue;
      }
      try {
        unlinkSync(path);
      } catch {
        // another process took it over first; the next attempt decides
      }
    }
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readOwner(path)?.pid !== process.pid) return;
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  };
  // A crash still leaves a stale lock (detected by pid), but a normal exit cleans up.
  process.on('exit', release);
  return { path, release };
}
